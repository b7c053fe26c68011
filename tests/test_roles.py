"""The learned role layer (warmonitor.roles): candidates, scoring, decoding and its place in assembly."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from warmonitor.extract import extract_reports
from warmonitor.extract.assemble.reports import draft_role_sentences, role_contexts
from warmonitor.extract.findings import Mention
from warmonitor.extract.rules.extractor import document_drafts
from warmonitor.extract.sentences import split_sentences
from warmonitor.records import Document
from warmonitor.roles import (
    MODEL_DIR,
    ROLE_LABELS,
    RoleModelError,
    gather_candidates,
    load_role_model,
    read_role_model,
    save_role_model,
)
from warmonitor.roles.candidates import chunk_variants, noun_phrases, role_sentences
from warmonitor.roles.decide import MAX_PER_ROLE, choose_fillers
from warmonitor.roles.features import candidate_features
from warmonitor.roles.markup import parse_marked
from warmonitor.settings import Settings, SettingsError, default_settings, use_settings


def _doc(text: str) -> Document:
    return Document(id="t", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture()
def roles_mode():
    def set_mode(mode: str) -> None:
        use_settings(default_settings().with_values(extract={"roles": mode}))

    yield set_mode
    use_settings(None)


def test_markup_offsets_point_at_the_marked_words():
    text, marks = parse_marked(
        "[PO/rebel RSF fighters] shelled [T a market], killing [V 14 civilians]."
    )
    assert text == "RSF fighters shelled a market, killing 14 civilians."
    assert [(m.role, text[m.start : m.end], m.kind) for m in marks] == [
        ("PerpOrg", "RSF fighters", "rebel"),
        ("Target", "a market", None),
        ("Victim", "14 civilians", None),
    ]
    with pytest.raises(ValueError, match="unbalanced"):
        parse_marked("[PO RSF shelled a market")


def test_candidates_are_exact_document_stretches_with_variants():
    text = (
        "Lead line.\nThe gunmen killed four farmers in a village near Jos on Monday, police said."
    )
    found = document_drafts(_doc(text))
    assert found is not None and found.drafts
    own = [(m, 0) for m in found.drafts[0].mentions]
    cands = gather_candidates(own, text)
    assert cands
    for c in cands:
        assert text[c.start : c.end] == c.text
    by_chunk: dict[int, set[str]] = {}
    for c in cands:
        by_chunk.setdefault(c.chunk, set()).add(c.text)
    assert any({"The gunmen", "gunmen"} <= texts for texts in by_chunk.values())
    gunmen = next(c for c in cands if c.text == "The gunmen")
    features = candidate_features(gunmen)
    assert "dep=nsubj" in features and "lex_actor=individual" in features
    assert any(f.startswith("path=nsubj") for f in features)  # the subject of "killed"


def test_role_sentences_add_free_neighbours_and_the_lead():
    text = (
        "Rebels stormed the town of Kafr on Monday.\n"
        "Residents said the attackers came from the hills.\n"
        "The assault killed five farmers, officials said.\n"
        "In a separate incident, a bomb killed two soldiers in Homs on Friday."
    )
    found = document_drafts(_doc(text))
    assert found is not None
    drafts = [d for d in found.drafts if not d.aggregate]
    contexts = role_contexts(found.drafts, found.mentions)
    by_draft = [
        {m.sentence.index: place for m, place in draft_role_sentences(d, found.lead, c)}
        for d, c in zip(found.drafts, contexts, strict=True)
    ]
    own = [{m.sentence.index for m in d.mentions} for d in found.drafts]
    for i, places in enumerate(by_draft):
        assert {j for j, p in places.items() if p == 0} == own[i]
        for j in places:
            # Never a sentence another (non-aggregate) report holds.
            assert not any(
                j in own[k] and k != i and not found.drafts[k].aggregate for k in range(len(own))
            )
    assert drafts


def test_variants_include_every_tail_and_the_modifier_of_the_head():
    text = "Journalist Enrique Lopez Albujar was shot by FMLN guerrillas in a bomb attack."
    found = document_drafts(_doc(text))
    assert found is not None
    span = found.mentions[0].sentence.span
    texts = {v[3] for nc in noun_phrases(span) for v in chunk_variants(nc, text)}
    # A title the parse reads as part of the name, and the group or weapon naming the head.
    assert {"Enrique Lopez Albujar", "Lopez Albujar", "Albujar"} <= texts
    assert {"FMLN", "bomb"} <= texts
    for nc in noun_phrases(span):
        for _, start, end, variant_text, _ in chunk_variants(nc, text):
            assert text[start:end] == variant_text


def test_the_main_report_reads_every_free_parsed_sentence():
    text = "\n".join(f"Sentence {i} about the attack." for i in range(8))
    mentions = [Mention(sentence=s) for s in split_sentences(text)]
    own, rest = [mentions[0]], mentions[1:]
    taken = {5}  # held by another report
    main = dict((m.sentence.index, place) for m, place in role_sentences(own, rest, taken, True))
    assert main == {0: 0, 1: 1, 2: 1, 3: 3, 4: 3, 6: 3, 7: 3}
    other = dict((m.sentence.index, p) for m, p in role_sentences(own, rest, taken, False))
    assert other == {0: 0, 1: 1, 2: 1}  # other reports: their sentences and neighbours only
    lead_only = [mentions[4]]
    placed = dict(
        (m.sentence.index, p) for m, p in role_sentences(lead_only, mentions, set(), True)
    )
    assert placed[0] == 2 and placed[1] == 2 and placed[4] == 0 and placed[7] == 3


def _toy_model(tmp_path, thresholds):
    features = ["a", "b"]
    weights = np.zeros((2, len(ROLE_LABELS)), dtype=np.float32)
    weights[0, ROLE_LABELS.index("victim")] = 4.0
    weights[1, ROLE_LABELS.index("weapon")] = 4.0
    bias = np.zeros(len(ROLE_LABELS), dtype=np.float32)
    save_role_model(tmp_path, features, list(ROLE_LABELS), weights, bias, thresholds, {"x": 1})
    return read_role_model(tmp_path)


def test_model_round_trip_scores_with_numpy(tmp_path):
    model = _toy_model(tmp_path, {"victim": 0.3})
    probs = model.probabilities([{"a"}, {"b", "unknown"}, set()])
    assert probs.shape == (3, len(ROLE_LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert probs[0].argmax() == ROLE_LABELS.index("victim")
    assert probs[1].argmax() == ROLE_LABELS.index("weapon")
    assert np.allclose(probs[2], 1 / len(ROLE_LABELS))
    assert model.thresholds == {"victim": 0.3} and model.meta == {"x": 1}


def test_a_broken_model_file_is_named(tmp_path):
    _toy_model(tmp_path, {})
    header = tmp_path / "role-ranker.json"
    data = json.loads(header.read_text())
    data["features"] = ["a"]
    header.write_text(json.dumps(data))
    with pytest.raises(RoleModelError, match="role-ranker.npz"):
        read_role_model(tmp_path)
    with pytest.raises(RoleModelError, match="cannot read"):
        read_role_model(tmp_path / "missing")


def test_choose_fillers_one_variant_per_phrase_thresholds_and_caps():
    labels = ROLE_LABELS
    v, w = labels.index("victim"), labels.index("weapon")

    def row(**p: float) -> list[float]:
        out = [0.0] * len(labels)
        for k, x in p.items():
            out[labels.index(k)] = x
        out[0] = 1 - sum(out)
        return out

    probs = np.array(
        [
            row(victim=0.6),  # chunk 0, "the mayor"
            row(victim=0.7),  # chunk 0, "mayor": the better variant of the same phrase
            row(weapon=0.35),  # chunk 1: below the weapon threshold
            row(victim=0.9),  # chunk 2: "mayor" again, a second phrase with the same text
        ]
    )
    kept = choose_fillers(
        [0, 0, 1, 2],
        ["the mayor", "mayor", "a bomb", "Mayor"],
        probs,
        labels,
        {"victim": 0.5, "weapon": 0.4},
    )
    assert kept == [(3, v, 0.9)]  # "mayor" once (case-insensitive); the bomb below threshold
    many = np.array([row(weapon=0.9 - i / 100) for i in range(MAX_PER_ROLE + 2)])
    kept = choose_fillers(
        list(range(len(many))), [f"w{i}" for i in range(len(many))], many, labels, {}
    )
    assert [j for _, j, _ in kept] == [w] * MAX_PER_ROLE
    kept = choose_fillers(
        list(range(len(many))), [f"w{i}" for i in range(len(many))], many, labels, {}, {"weapon": 1}
    )
    assert [i for i, _, _ in kept] == [0]  # a role's own limit, the best filler first


def test_shipped_model_is_small_and_says_how_it_was_made():
    sizes = sum(p.stat().st_size for p in MODEL_DIR.glob("role-ranker.*"))
    assert 0 < sizes < 5_000_000
    model = load_role_model()
    assert model.meta["trained_by"] == "training/roles/train_roles.py"
    assert set(model.thresholds) == set(ROLE_LABELS) - {"none"}
    assert set(model.limits) == set(ROLE_LABELS) - {"none"}
    assert all(1 <= n <= 4 for n in model.limits.values())
    assert model.meta["heldout"]["documents"] > 100


SENTENCE = (
    "Suspected militants attacked a police checkpoint in Bannu on Monday with grenades, "
    "killing three policemen, officials said."
)


def test_learned_roles_fill_the_report_with_exact_evidence(roles_mode):
    roles_mode("learned")
    [report] = [r for r in extract_reports(_doc(SENTENCE)) if not r.aggregate]
    for e in report.evidence:
        assert SENTENCE[e.start : e.end] == e.text
    fields = {(e.field, e.text) for e in report.evidence}
    assert ("perpetrators", "Suspected militants") in fields or (
        "perpetrators",
        "militants",
    ) in fields
    assert not any(f == "perpetrators" and "officials" in t for f, t in fields)  # the source
    assert not any(f == "perpetrators" and "policemen" in t for f, t in fields)  # the victims


def test_rules_setting_gives_the_rule_finders_values(roles_mode):
    roles_mode("rules")
    rules = extract_reports(_doc(SENTENCE))
    roles_mode("learned")
    learned = extract_reports(_doc(SENTENCE))
    # Same reports (types, dates, counts); only role evidence may differ.
    assert [(r.event_type, r.fatalities) for r in rules] == [
        (r.event_type, r.fatalities) for r in learned
    ]


def test_the_roles_setting_is_checked():
    assert default_settings().extract.roles in ("learned", "rules")
    assert Settings.load(overrides=["extract.roles=learned"]).extract.roles == "learned"
    with pytest.raises(SettingsError, match="extract.roles"):
        Settings.load(overrides=["extract.roles=neural"])
