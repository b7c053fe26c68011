"""The learned relevance and event-type layer (warmonitor.classify) on real sentences.

Every sentence here is new (in no training file): each test first checks what the rule extractor
alone does with it, so a test of the layer fails when the layer does nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from warmonitor.classify import (
    EVENT_LABELS,
    ModelError,
    classify_reports,
    decide_all,
    explain,
    load_model,
)
from warmonitor.classify.features import mention_features, report_mentions, sentence_around
from warmonitor.classify.model import MODEL_DIR, read_model
from warmonitor.extract import extract_reports
from warmonitor.pipeline import extract_document
from warmonitor.records import Document
from warmonitor.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _doc(text: str, published: dt.date = dt.date(2025, 5, 20)) -> Document:
    return Document(
        id=hashlib.sha1(text.encode()).hexdigest()[:10],
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
    )


def _config(**values):
    return Settings.load().with_values(classify=values).classify if values else None


# Non-events the rules turn into reports; the layer must drop (or mark) every one.
NON_EVENTS = [
    "The army said the reports that soldiers had shelled Kadugli on Monday were false.",
    "Firefighters battled a huge blaze in the hills near Athens for a second day.",
    "Senators clashed with the defence minister during a stormy hearing on Tuesday.",
    "The striker shot his side into the final in Lagos on Sunday.",
]

EVENTS = [
    (
        "An airstrike killed six people at a market in Idlib on Tuesday, rescuers said.",
        "air_drone_strike",
    ),
    ("Gunmen shot dead four farmers in a village near Gao on Sunday.", "attack"),
    (
        "A roadside bomb killed three soldiers near Mogadishu on Friday.",
        "remote_explosive_landmine_ied",
    ),
]


def test_shipped_model_is_small_safe_and_covers_every_label() -> None:
    model = load_model()
    assert set(model.event_type.labels) == set(EVENT_LABELS) and len(EVENT_LABELS) == 25
    assert {"event", "negated", "planned", "statistic", "figurative", "natural_disaster"} <= set(
        model.relevance.labels
    )
    size = sum(p.stat().st_size for p in MODEL_DIR.glob("event-classifier.*"))
    assert size < 25_000_000
    with np.load(MODEL_DIR / "event-classifier.npz", allow_pickle=False) as arrays:
        assert all(arrays[k].dtype != object for k in arrays.files)


@pytest.mark.parametrize("text", NON_EVENTS)
def test_non_events_the_rules_report_are_dropped(text: str) -> None:
    doc = _doc(text)
    rules = extract_reports(doc)
    assert rules, "the rule extractor alone makes a report of this sentence"
    kept = [r for r in classify_reports(doc, rules) if not r.aggregate]
    assert kept == [], [(r.event_type, explain(r)) for r in kept]


@pytest.mark.parametrize(("text", "event_type"), EVENTS)
def test_events_are_kept_with_their_type(text: str, event_type: str) -> None:
    doc = _doc(text)
    kept = classify_reports(doc, extract_reports(doc))
    assert [r.event_type for r in kept] == [event_type]
    why = explain(kept[0])
    assert why["action"] in ("keep", "retype") and why["event_probability"] >= 0.5
    sentence = why["sentences"][0]
    assert doc.text[sentence["start"] : sentence["end"]].strip() == sentence["text"]


def test_a_statistic_becomes_an_aggregate_not_an_incident() -> None:
    doc = _doc("Deaths from militant attacks surged from 88 in 2023 to 240 in 2024.")
    rules = extract_reports(doc)
    assert rules and not any(r.aggregate for r in rules)
    kept = classify_reports(doc, rules)
    assert kept and all(r.aggregate for r in kept)
    assert explain(kept[0])["label"] == "statistic"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("An earthquake killed 12 people in villages near Herat on Saturday.", "natural_disaster"),
        (
            "A fire at a textile factory in Karachi killed 14 workers on Monday.",
            "man_made_disaster",
        ),
    ],
)
def test_out_of_scope_is_labelled_and_kept_by_default(text: str, label: str) -> None:
    doc = _doc(text)
    rules = extract_reports(doc)
    assert rules
    decisions = decide_all(doc, rules)
    assert decisions[0].kind == "out_of_scope" and decisions[0].label == label
    assert classify_reports(doc, extract_reports(doc), _config(keep_out_of_scope=False)) == []
    kept = classify_reports(doc, extract_reports(doc))  # kept by default, labelled
    assert [(r.event_type, r.acled) for r in kept] == [(label, {})]


def test_the_layer_can_be_switched_off() -> None:
    doc = _doc(NON_EVENTS[0])
    rules = extract_reports(doc)
    assert classify_reports(doc, rules, _config(enabled=False)) == rules


def test_pipeline_runs_the_layer_by_default() -> None:
    doc = _doc(NON_EVENTS[1] + " " + EVENTS[0][0])
    reports = extract_document(doc)
    assert [r.event_type for r in reports] == ["air_drone_strike"]
    assert explain(reports[0])["rule_type"]
    assert [r.index for r in reports] == list(range(len(reports)))


def test_a_finer_rule_type_survives_when_the_model_agrees_on_its_acled_type() -> None:
    doc = _doc(
        "Rebels shot down a Syrian Mi-8 helicopter near Nayrab on Friday, killing its two pilots."
    )
    rules = extract_reports(doc)
    assert rules[0].event_type == "aircraft_downed"
    kept = classify_reports(doc, rules)
    assert kept and kept[0].event_type == "aircraft_downed"


def test_a_missing_or_broken_model_is_an_error_naming_the_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=str(tmp_path)):
        read_model(tmp_path)
    header = json.loads((MODEL_DIR / "event-classifier.json").read_text())
    header["features"] = header["features"][:-1]
    (tmp_path / "event-classifier.json").write_text(json.dumps(header))
    (tmp_path / "event-classifier.npz").write_bytes(
        (MODEL_DIR / "event-classifier.npz").read_bytes()
    )
    with pytest.raises(ModelError, match="does not fit"):
        read_model(tmp_path)


def test_mentions_are_the_sentences_of_the_event_evidence() -> None:
    text = "Talks resumed in Doha. Gunmen killed five villagers near Kidal on Monday. Aid was sent."
    doc = _doc(text)
    report = extract_reports(doc)[0]
    mentions = report_mentions(text, report)
    assert [m.text for m in mentions] == ["Gunmen killed five villagers near Kidal on Monday."]
    assert sentence_around("Mr. Smith said. He left.", 3) == (0, 15)  # not cut at "Mr."
    feats = mention_features(mentions[0].text, report, dt.date(2025, 5, 20))
    assert "rule:type=attack" in feats and "w:gunmen" in feats and "b:killed_five" in feats


def test_training_corpus_is_large_enough_and_splits_by_template() -> None:
    sys.path.insert(0, str(ROOT / "training"))
    import corpus

    templates = corpus.read_templates()
    examples = corpus.generate(templates)
    by_label: dict[str, int] = {}
    for example in examples:
        by_label[example.label] = by_label.get(example.label, 0) + 1
    assert all(by_label.get(label, 0) >= 100 for label in EVENT_LABELS)
    assert sum(n for label, n in by_label.items() if label not in EVENT_LABELS) >= 1500
    train = {e.template_id for e in examples if e.split == "train"}
    held = {e.template_id for e in examples if e.split == "heldout"}
    assert held and not train & held
    assert corpus.generate(templates)[:50] == examples[:50]  # fixed seed


def test_a_past_event_with_its_place_and_year_stays_a_year_precision_record() -> None:
    text = "In 2017, a Syrian MiG-23 was shot down with the same kind of missile over Hama."
    doc = _doc(text, dt.date(2020, 2, 14))
    rules = extract_reports(doc)
    assert rules and rules[0].date.precision == "year"
    assert (
        decide_all(doc, rules)[0].label == "historical"
    )  # background, yet told with place and year
    kept = classify_reports(doc, rules)
    assert [(r.event_type, r.date.start) for r in kept] == [
        ("aircraft_downed", dt.date(2017, 1, 1))
    ]


def test_retellings_of_one_event_in_a_document_become_one_report() -> None:
    text = (
        "A suicide bomber blew himself up in a market in Bannu on Tuesday, killing 12 people. "
        "The bomber detonated his explosive vest near a police checkpoint. "
        "Hospital officials said the toll from the bombing rose to 16."
    )
    doc = _doc(text)
    rules = extract_reports(doc)
    assert len([r for r in rules if not r.aggregate]) >= 2
    kept = [r for r in classify_reports(doc, extract_reports(doc)) if not r.aggregate]
    assert len(kept) == 1 and kept[0].event_type == "suicide_bomb"
    unmerged = classify_reports(doc, extract_reports(doc), _config(merge_within_document=False))
    assert len([r for r in unmerged if not r.aggregate]) >= 2


def test_another_event_in_the_same_document_stays_apart() -> None:
    text = (
        "A roadside bomb killed three soldiers near Afgoye on Tuesday. "
        "In a separate attack, a bomb exploded in a market in Baidoa on Wednesday, killing five."
    )
    doc = _doc(text)
    kept = [r for r in classify_reports(doc, extract_reports(doc)) if not r.aggregate]
    assert len(kept) == 2


def test_the_explanation_survives_the_store_round_trip() -> None:
    from warmonitor.records import report_from_dict, to_jsonable

    doc = _doc(EVENTS[1][0])
    report = classify_reports(doc, extract_reports(doc))[0]
    assert report_from_dict(to_jsonable(report)).explanation == to_jsonable(report.explanation)


def test_a_sentence_no_rule_opens_becomes_a_report_when_the_model_calls_it_an_event() -> None:
    doc = _doc("The junta imposed a curfew on Mopti on Friday after the unrest.")
    assert extract_reports(doc, learned_candidates=False) == []
    reports = extract_document(doc)
    assert [(r.event_type, r.date.start) for r in reports] == [("other", dt.date(2025, 5, 16))]
    assert reports[0].location is not None and reports[0].location.text == "Mopti"
    evidence = next(e for e in reports[0].evidence if e.field == "event_type")
    assert doc.text[evidence.start : evidence.end] == evidence.text and evidence.text
    from warmonitor.settings import use_settings

    use_settings(Settings.load().with_values(classify={"enabled": False}))
    try:
        assert extract_document(doc) == []  # the finder follows classify.enabled
    finally:
        use_settings(None)


def test_a_sentence_with_no_event_gives_no_learned_candidate() -> None:
    doc = _doc("The finance minister said talks on the budget would resume in Nairobi next week.")
    assert extract_reports(doc, learned_candidates=None) == []


def test_the_acled_arrest_snippet_becomes_one_report_with_its_date_and_place() -> None:
    doc = _doc("Police arrested 12 protesters outside parliament in Nairobi on 3 May.")
    reports = extract_document(doc)
    assert [(r.event_type, r.date.start) for r in reports] == [
        ("protest_with_intervention", dt.date(2025, 5, 3))
    ]
    assert reports[0].location is not None and reports[0].location.text == "Nairobi"


def test_an_ordinary_shooting_with_a_death_stays_an_attack() -> None:
    doc = _doc("A man was shot and killed outside a store in Chicago on Sunday, police said.")
    reports = extract_document(doc)
    assert [(r.event_type, r.fatalities.best) for r in reports] == [("attack", 1)]


def test_an_undated_mention_after_long_past_years_is_background() -> None:
    text = (
        "A museum in Hue opened an exhibition on Saturday about the siege of the city, which "
        "lasted from 1966 to 1968. Artillery fire during the siege killed 4,000 residents."
    )
    doc = _doc(text)
    rules = [r for r in extract_reports(doc) if not r.aggregate]
    assert rules and rules[0].date.start == dt.date(2025, 5, 17), "dated by the lead: wrong"
    assert [r for r in classify_reports(doc, extract_reports(doc)) if not r.aggregate] == []
    assert decide_all(doc, rules)[0].label == "historical"


def test_a_denial_then_the_day_of_the_act_is_one_report_dated_by_the_act() -> None:
    text = (
        "The militia denied on Monday that it had shelled the displacement camp near Kadugli. "
        "Aid workers said 14 people were killed in Sunday's shelling."
    )
    doc = _doc(text, dt.date(2025, 5, 20))  # a Tuesday
    rules = [r for r in extract_reports(doc) if not r.aggregate]
    assert len(rules) == 2
    kept = [r for r in classify_reports(doc, extract_reports(doc)) if not r.aggregate]
    assert [(r.date.start, r.fatalities.best) for r in kept] == [(dt.date(2025, 5, 18), 14)]


def test_a_sentence_that_only_adds_casualties_joins_the_report_before_it() -> None:
    text = (
        "Rioters set fire to the district office in Bouake on Saturday after a disputed vote. "
        "Seven policemen were injured by stones."
    )
    doc = _doc(text)
    assert len([r for r in extract_reports(doc) if not r.aggregate]) == 2
    kept = [r for r in classify_reports(doc, extract_reports(doc)) if not r.aggregate]
    assert [(r.event_type, r.injured.best) for r in kept] == [("violent_demonstration", 7)]


def test_shipped_thresholds_are_the_ones_training_chose() -> None:
    """The settings' thresholds follow the model: training picks them out of fold, and a model
    retrained without updating settings.toml would run with another model's cut-offs."""
    meta = json.loads((MODEL_DIR / "event-classifier.json").read_text())["meta"]
    config = Settings.load().classify
    assert config.min_event_probability == meta["min_event_probability"]
    assert config.retype_min_probability == meta["retype_min_probability"]
    assert config.min_candidate_probability == meta["min_candidate_probability"]


def test_a_life_story_year_is_not_kept_as_a_past_incident() -> None:
    text = (
        "When his father died in 1927, his mother decided to take her children back to their "
        "home in China, hoping that her three sons would return to the U.S."
    )
    doc = _doc(text, dt.date(2025, 3, 13))
    assert classify_reports(doc, extract_reports(doc)) == []


def test_a_trial_over_a_years_old_bombing_is_background() -> None:
    text = (
        "A trial opened in Paris on Monday over the 2004 bombing of a French military base in "
        "Ivory Coast that killed nine soldiers. Nearly two decades later, the attack still "
        "raises many questions."
    )
    doc = _doc(text, dt.date(2021, 3, 29))
    kept = [r for r in classify_reports(doc, extract_reports(doc)) if not r.aggregate]
    assert all(r.date.start is not None and r.date.start.year == 2004 for r in kept), [
        (r.event_type, r.date.start) for r in kept
    ]
