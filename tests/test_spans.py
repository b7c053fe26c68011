"""The span contract: rule finders write doc.spans groups; assembly reads only those groups."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from warmonitor import pipeline, registry
from warmonitor.extract import RuleExtractor, extract_reports, report_to_json
from warmonitor.extract import spans as sp
from warmonitor.extract.spans.components import RULE_FINDERS
from warmonitor.nlp import load_nlp
from warmonitor.records import Document, Report
from warmonitor.settings import Settings

FRI = dt.date(2024, 3, 8)
KILLINGS = (
    "Gunmen killed 3 villagers near Gao on Friday in the latest of the killings, police said. "
    "An attack on the market wounded 5 people on Saturday."
)
# A stand-in for a learned events finder: one strong event word per keyword, nothing else.
# "sacked" is not a rule trigger word.
KEYWORDS = {"sacked": "looting_property_destruction", "ambushed": "armed_clash"}
SACKED = "Fighters sacked the market in Tessit near Gao on Friday, residents said."


@Language.component("test_keyword_events", assigns=["doc.spans"])
def keyword_events(doc: Doc) -> Doc:
    found = []
    for token in doc:
        if token.lower_ in KEYWORDS:
            span = Span(doc, token.i, token.i + 1, label=KEYWORDS[token.lower_])
            span._.strong = True  # a word that can open a report on its own
            found.append(span)
    doc.spans[sp.EVENTS] = found
    return doc


def _document(text: str) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(id="t", text=text, sha256=sha, published=FRI)


def _groups(text: str) -> tuple[Doc, list[Report]]:
    """The reports of ``text`` and the parsed Doc the finders wrote their groups to."""
    doc = load_nlp(("attribute_ruler", "lemmatizer"))(text)
    return doc, extract_reports(_document(text), nlp_doc=doc)


def test_every_rule_finder_is_a_component_declaring_what_it_writes() -> None:
    for name in RULE_FINDERS:
        meta = Language.get_factory_meta(name)
        assert "doc.spans" in meta.assigns, name


def test_the_rule_finders_write_the_agreed_groups_with_their_extensions() -> None:
    doc, _ = _groups(KILLINGS)
    assert set(doc.spans) == set(sp.GROUP_KEYS)
    assert not doc.spans[sp.EQUIPMENT]  # every rule group is written, empty or not
    killed = [s for s in doc.spans[sp.CASUALTIES] if s.label_ == "killed"]
    assert [(s.text, s._.count.low, s._.count.best, s._.count.high) for s in killed] == [
        ("killed 3 villagers", 3, 3, 3)
    ]
    [friday, saturday] = doc.spans[sp.DATES]
    assert (friday.text, friday._.date.start, friday._.date.precision) == ("on Friday", FRI, "day")
    assert saturday._.date.start == dt.date(2024, 3, 2)
    assert [s.text for s in doc.spans[sp.ACTORS]] == ["Gunmen"]
    assert {(s.label_, s._.source) for s in doc.spans[sp.SOURCES]} == {
        ("source", "police"),
        ("scope", "police"),
    }


def test_an_event_word_inside_a_token_keeps_its_exact_offsets() -> None:
    doc, reports = _groups(KILLINGS)
    start = KILLINGS.index("killings")
    [inside] = [s for s in doc.spans[sp.EVENTS] if s.start_char == start]
    # The Span is the whole token; the finder matched "killing" of it.
    assert (inside.text, inside._.exact) == ("killings", (start, start + len("killing")))
    assert sp.offsets(inside) == (start, start + 7)
    for report in reports:
        for ev in report.evidence:
            assert KILLINGS[ev.start : ev.end] == ev.text


def test_spans_over_the_same_tokens_keep_their_own_extension_values() -> None:
    # spaCy keys a plain Span._ value by the character range; two findings over one
    # token ("attack" and "attack ") must not share one.
    doc = load_nlp(("attribute_ruler", "lemmatizer")).make_doc("An attack on the market.")
    first = sp.group_span(doc, 3, 9, "attack")
    second = sp.group_span(doc, 3, 10, "attack")
    first._.priority, second._.priority = 1, 2
    assert (first.start_char, first.end_char) == (second.start_char, second.end_char)
    assert (first._.exact, first._.priority) == ((3, 9), 1)
    assert (second._.exact, second._.priority) == ((3, 10), 2)


def test_a_keyword_events_component_replaces_the_rule_one_by_configuration() -> None:
    finders = ["test_keyword_events", *RULE_FINDERS[1:]]
    quoted = ", ".join(f'"{name}"' for name in finders)
    settings = Settings.load(overrides=[f"extract.finders=[{quoted}]"])
    extractor = pipeline.extractor_for(settings)
    assert isinstance(extractor, RuleExtractor) and extractor.finders == tuple(finders)

    [report] = extractor(_document(SACKED))
    assert report.event_type == "looting_property_destruction"
    start = SACKED.index("sacked")
    assert [(e.field, e.start, e.text, e.attributed_to) for e in report.evidence][0] == (
        "event_type",
        start,
        "sacked",
        "residents",
    )
    # The other groups still come from the rule finders: date, place, attribution.
    assert report.date.start == FRI
    assert {e.field for e in report.evidence} >= {"date", "location"}
    # The rule triggers alone: none (the learned candidates of classify do find "sacked").
    from warmonitor.extract import extract_reports

    assert extract_reports(_document(SACKED), learned_candidates=False) == []
    # Assembly reads only the groups: a text with no keyword gives no report at all.
    assert pipeline.extractor_for(Settings.load())(_document(KILLINGS))
    assert extractor(_document(KILLINGS)) == []


def test_an_unknown_finder_is_named() -> None:
    settings = Settings.load(overrides=['extract.finders=["no_such_finder"]'])
    with pytest.raises(registry.UnknownComponent, match="no finder component 'no_such_finder'"):
        pipeline.extractor_for(settings)


def test_a_doc_read_twice_gives_the_same_reports() -> None:
    doc, first = _groups(KILLINGS)
    again = extract_reports(_document(KILLINGS), nlp_doc=doc)
    assert [report_to_json(r) for r in again] == [report_to_json(r) for r in first]
    assert len(doc.spans[sp.CASUALTIES]) == 2
