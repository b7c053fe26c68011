"""The event-type table: complete, consistent with the triggers, and open to plugins."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import catalogue
import pytest

from warmonitor import registry, taxonomy
from warmonitor.extract import extract_reports
from warmonitor.lang.en import lexicon
from warmonitor.records import Document
from warmonitor.taxonomy import EventType

OUT_OF_SCOPE = {
    "natural_disaster",
    "man_made_disaster",
    "organized_crime",
    "diplomatic_event",
    "attribution",
}


def event_type_problems(
    types: dict[str, EventType], triggers: Iterable[lexicon.Trigger]
) -> list[str]:
    """Everything wrong with a type table against the triggers that emit types."""
    triggered = {t.event_type for t in triggers}
    problems = [f"trigger for unregistered type {name!r}" for name in triggered - set(types)]
    acled_pairs = {t.acled for t in types.values() if t.conflict and not t.finer}
    for name, t in sorted(types.items()):
        if t.name != name:
            problems.append(f"{name!r} is registered under another name ({t.name!r})")
        if t.conflict and t.acled is None:
            problems.append(f"conflict type {name!r} has no ACLED pair")
        if t.conflict and t.finer and t.acled not in acled_pairs:
            problems.append(f"finer type {name!r} maps to no ACLED sub-event type")
        if not t.conflict and t.acled is not None:
            problems.append(f"out-of-scope type {name!r} claims an ACLED pair")
        if name not in triggered and not t.derived:
            problems.append(f"{name!r} has no trigger and is not marked derived")
    return problems


def test_every_registered_type_has_an_acled_pair_and_a_way_to_be_emitted() -> None:
    assert event_type_problems(taxonomy.event_types(), lexicon.TRIGGERS) == []


def test_the_check_catches_a_broken_table() -> None:
    types = dict(taxonomy.event_types())
    types["ghost"] = EventType("ghost", "Battles", "Armed clash")  # no trigger, not derived
    types["bare"] = EventType("bare", None, None)  # conflict type without a pair
    del types["grenade"]  # a trigger's type missing
    problems = event_type_problems(types, lexicon.TRIGGERS)
    assert "'ghost' has no trigger and is not marked derived" in problems
    assert "conflict type 'bare' has no ACLED pair" in problems
    assert "trigger for unregistered type 'grenade'" in problems


def test_all_25_acled_sub_event_types_are_registered() -> None:
    subs = {t.acled for t in taxonomy.event_types().values() if t.conflict and not t.finer}
    assert len(subs) == 25


def test_out_of_scope_labels_are_registered_as_not_conflict() -> None:
    types = taxonomy.event_types()
    assert set(types) >= OUT_OF_SCOPE
    assert all(not types[name].conflict for name in OUT_OF_SCOPE)
    assert not OUT_OF_SCOPE & set(taxonomy.ACLED_PAIRS)


def test_flags_replace_the_old_sets() -> None:
    assert taxonomy.generic_types() == {"attack", "armed_clash"}
    assert "drone_downed" in taxonomy.violent_types()
    assert "peaceful_protest" not in taxonomy.violent_types()
    assert taxonomy.act_family("arson") == "property"
    assert taxonomy.link_family("drone_downed") == "strategic"
    assert taxonomy.link_family("aircraft_downed") == "violence"
    assert taxonomy.link_family("no_such_type") == "unknown"


def test_a_plugin_type_is_known_to_every_reader() -> None:
    name = "test_ceasefire_violation"
    try:
        taxonomy.register_event_type(
            EventType(name, "Battles", "Armed clash", act_family="violence", violent=True)
        )
        assert name in registry.names("event_types")
        assert taxonomy.event_type(name).violent
        assert name in taxonomy.violent_types()
        assert taxonomy.acled_pair(name) == {
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
        }
    finally:  # catalogue has no public unregister; leave the registry as other tests expect it
        catalogue._remove((*registry.event_types.namespace, name))
    assert name not in taxonomy.event_types()


def _doc(text: str) -> Document:
    return Document(
        id="t",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=dt.date(2024, 5, 1),
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ukrainian air defences shot down a Shahed drone over Kyiv on Monday.", "drone_downed"),
        ("A Russian drone was shot down over Kharkiv on Tuesday, officials said.", "drone_downed"),
        ("Rebels shot down a Mi-8 helicopter near Saraqeb on Monday.", "aircraft_downed"),
        ("Air defences downed a jet and a drone near Kursk on Monday.", "aircraft_downed"),
        (
            "A drone struck a vegetable market in Ariha on Sunday, killing nine civilians.",
            "air_drone_strike",
        ),
    ],
)
def test_a_drone_shot_down_is_drone_downed(sentence: str, expected: str) -> None:
    [report] = extract_reports(_doc(sentence))
    assert report.event_type == expected
    assert report.acled == taxonomy.acled_pair(expected)


def test_out_of_scope_types_are_left_out_of_a_default_selection_unless_asked() -> None:
    from warmonitor.records import Incident

    assert taxonomy.out_of_scope_types() == OUT_OF_SCOPE
    assert not taxonomy.in_conflict_scope("natural_disaster")
    assert taxonomy.in_conflict_scope("arrests") and taxonomy.in_conflict_scope("attack")
    assert taxonomy.in_conflict_scope("a_type_no_one_registered")  # never hidden for being new
    incidents = [
        Incident(id="a", event_type="attack"),
        Incident(id="q", event_type="natural_disaster"),
    ]
    assert [i.id for i in taxonomy.select_in_scope(incidents)] == ["a"]
    assert [i.id for i in taxonomy.select_in_scope(incidents, include_out_of_scope=True)] == [
        "a",
        "q",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Police arrested 12 protesters outside parliament in Nairobi on 3 May.",
            "protest_with_intervention",
        ),
        ("Security forces detained 40 opposition supporters in Harare on Friday.", "arrests"),
        (
            "Rebels seized the town of Walikale on Sunday after a brief battle.",
            "non_state_actor_overtakes_territory",
        ),
        (
            "Malian soldiers withdrew from their camp at Ber on Monday.",
            "non_violent_transfer_of_territory",
        ),
        (
            "The militia set up a new base outside Kalehe last week.",
            "headquarters_or_base_established",
        ),
        ("An angry mob attacked a police post in Sokoto on Saturday.", "mob_violence"),
        ("A ceasefire was agreed in Tripoli on Thursday after talks.", "agreement"),
        ("Russian forces struck a warehouse in Sumy with a drone on Tuesday.", "air_drone_strike"),
        (
            "The nine students arrested in Harare on Monday were charged with public violence.",
            "arrests",
        ),
    ],
)
def test_strategic_development_and_riot_words_open_reports(sentence: str, expected: str) -> None:
    doc = Document(
        id="s",
        text=sentence,
        sha256=hashlib.sha256(sentence.encode()).hexdigest(),
        published=dt.date(2025, 5, 20),
    )
    reports = extract_reports(doc, learned_candidates=False)
    assert [r.event_type for r in reports] == [expected]
    evidence = next(e for e in reports[0].evidence if e.field == "event_type")
    assert sentence[evidence.start : evidence.end] == evidence.text


def test_a_crime_suspect_arrested_is_no_arrests_event() -> None:
    text = "Police arrested two suspects in connection with the robbery in Lagos on Monday."
    doc = Document(id="c", text=text, sha256="c", published=dt.date(2025, 5, 20))
    assert [r.event_type for r in extract_reports(doc, learned_candidates=False)] == []
