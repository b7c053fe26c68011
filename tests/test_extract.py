"""Incident extraction on phrasings of our own: types, counts, dates, roles, sources."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warmonitor.extract import extract_reports, report_to_json, split_sentences
from warmonitor.records import Document, Report

FRI = dt.date(2020, 2, 14)


def doc(text: str, published: dt.date | None = FRI, outlet: str = "Test Wire") -> Document:
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest()[:12],
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
        outlet=outlet,
    )


def run(text: str, published: dt.date | None = FRI) -> list[Report]:
    return extract_reports(doc(text, published))


def incidents(text: str, published: dt.date | None = FRI) -> list[Report]:
    return [r for r in run(text, published) if not r.aggregate]


def only(text: str, published: dt.date | None = FRI) -> Report:
    found = incidents(text, published)
    assert len(found) == 1, [report_to_json(r) for r in found]
    return found[0]


# ---------------------------------------------------------------- typing


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Rebels shot down a Syrian army helicopter near Nayrab on Tuesday.", "aircraft_downed"),
        (
            "A Su-24 was downed by a surface-to-air missile over Latakia on Monday.",
            "aircraft_downed",
        ),
        (
            "A suicide bomber blew himself up at a checkpoint in Kabul on Sunday, killing six soldiers.",
            "suicide_bomb",
        ),
        (
            "A roadside bomb struck a police patrol outside Kandahar on Wednesday, wounding four officers.",
            "remote_explosive_landmine_ied",
        ),
        (
            "Government warplanes carried out air strikes on a market in Maarat al-Numan on Monday, killing 12 civilians.",
            "air_drone_strike",
        ),
        (
            "Artillery shelling hit the village of Kafr Nabl on Thursday, killing two children.",
            "shelling_artillery_missile_attack",
        ),
        (
            "Gunmen kidnapped three aid workers in Maiduguri on Saturday.",
            "abduction_forced_disappearance",
        ),
        ("Militants executed five prisoners in the town square on Friday.", "execution"),
        (
            "Clashes between the army and rebels near Saraqeb on Thursday killed 14 fighters.",
            "armed_clash",
        ),
        (
            "Hundreds of people protested in central Beirut on Tuesday against the new tax.",
            "peaceful_protest",
        ),
        (
            "Police fired tear gas to disperse a protest by students in Khartoum on Monday.",
            "protest_with_intervention",
        ),
        ("A grenade thrown into a bar in Bujumbura on Saturday wounded five people.", "grenade"),
        (
            "Government forces recaptured the town of Khan Sheikhoun on Tuesday after days of fighting.",
            "government_regains_territory",
        ),
    ],
)
def test_event_types(text: str, event_type: str) -> None:
    report = only(text)
    assert report.event_type == event_type
    assert report.acled["event_type"] and report.acled["sub_event_type"]


# ---------------------------------------------------------------- casualties


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("A helicopter was shot down near Idlib on Friday, killing two pilots.", 2, 2, 2),
        (
            "Five Russian servicemen were killed on Monday when rebels shot down a helicopter near Saraqeb.",
            5,
            5,
            5,
        ),
        ("An air strike killed at least nine civilians in Ariha on Tuesday.", 9, 9, None),
        (
            "More than 800 militants were killed in the fighting near Aleppo on Sunday, the army said.",
            800,
            800,
            None,
        ),
        (
            "Dozens of people were killed when a car bomb exploded in Mogadishu on Saturday.",
            12,
            12,
            None,
        ),
        ("Between 10 and 15 villagers were killed in the attack on Bama on Monday.", 10, 10, 15),
        ("Gunmen opened fire on a bus in Quetta on Monday, killing all four passengers.", 4, 4, 4),
        ("A car bomb killed three soldiers and two civilians in Afrin on Thursday.", 5, 5, 5),
    ],
)
def test_fatalities(text: str, low: int | None, best: int | None, high: int | None) -> None:
    f = only(text).fatalities
    assert (f.low, f.best, f.high) == (low, best, high)


def test_killed_and_wounded_in_one_breath() -> None:
    r = only(
        "Rebel shelling of western Aleppo on Sunday killed 42 civilians and wounded 98, state media said."
    )
    assert r.fatalities.best == 42
    assert r.injured.best == 98


def test_passive_killed_and_wounded() -> None:
    r = only(
        "Russian sources said 42 civilians had been killed and 98 wounded as militants shelled Aleppo on Monday."
    )
    assert (r.fatalities.best, r.injured.best) == (42, 98)
    assert any(
        v.kind == "civilians" and v.status == "killed" and v.count.best == 42 for v in r.victims
    )


def test_all_crew_keeps_the_phrase() -> None:
    r = only(
        "A military helicopter was hit by a missile near Atarib on Friday, killing all crew on board."
    )
    assert r.fatalities.best is None
    assert r.fatalities.phrase == "all crew on board"


def test_repeated_count_is_not_doubled() -> None:
    text = (
        "A helicopter was shot down near Idlib on Friday, killing two pilots.\n\n"
        "The helicopter was downed over the western countryside, killing two pilots, the monitor said."
    )
    assert only(text).fatalities.best == 2


def test_subset_is_not_added() -> None:
    r = only(
        "Seven people were killed, including two children, when a mortar shell hit a school in Douma on Monday."
    )
    assert r.fatalities.best == 7


# ---------------------------------------------------------------- dates


def test_weekday_resolves_against_publication() -> None:
    r = only("Rebels shot down a helicopter near Nayrab on Tuesday.")
    assert (r.date.start, r.date.precision) == (dt.date(2020, 2, 11), "day")


def test_when_it_was_said_is_not_when_it_happened() -> None:
    r = only("A drone strike killed four fighters near Marib on Tuesday, officials said Friday.")
    assert r.date.start == dt.date(2020, 2, 11)


def test_historical_mention_has_year_precision_and_is_separate() -> None:
    text = (
        "Rebels shot down a government helicopter near Nayrab on Tuesday.\n\n"
        "In 2018, a Russian Sukhoi Su-25 was shot down with a similar missile above Idlib."
    )
    found = incidents(text)
    assert len(found) == 2
    old = next(r for r in found if r.date.precision == "year")
    assert old.date.start == dt.date(2018, 1, 1) and old.aircraft == ["Su-25"]


def test_no_publication_date_leaves_relative_dates_unknown() -> None:
    r = only("Rebels shot down a helicopter near Nayrab on Tuesday.", published=None)
    assert r.date.precision is None


# ---------------------------------------------------------------- merging and aggregates


def test_sentences_about_one_incident_merge() -> None:
    text = (
        "A Syrian military helicopter was shot down over Idlib province on Friday, killing two pilots.\n\n"
        "SANA said the aircraft was downed near the town of Urum al-Kubra.\n\n"
        "The helicopter appears to be a Mi-17, according to a weapons researcher."
    )
    r = only(text)
    assert r.aircraft == ["Mi-17"]
    assert r.location is not None and r.location.text == "Urum al-Kubra"


def test_a_similar_incident_is_another_report() -> None:
    text = (
        "A Syrian military helicopter was shot down near Atarib on Friday, killing two pilots.\n\n"
        "A similar incident occurred earlier this week when a regime helicopter was shot down by rebels "
        "near Nayrab, killing three crew members."
    )
    first, second = incidents(text)
    assert first.fatalities.best == 2 and second.fatalities.best == 3
    assert second.date.precision == "week"


def test_background_totals_are_aggregates() -> None:
    text = (
        "The war has cost an estimated 400,000 lives since 2011.\n\n"
        "Thirteen Turkish soldiers have been killed in the past ten days by Syrian shelling.\n\n"
        "Air strikes have killed more than 200 civilians in the last two weeks."
    )
    assert incidents(text) == []
    assert all(r.aggregate for r in run(text))


def test_since_a_time_opens_a_total_not_a_clause() -> None:
    assert incidents("Hundreds of soldiers have been killed in the region since 2012.") == []
    assert incidents("Dozens of fighters have died on the front line since early March.") == []
    # "since" as a conjunction still leaves the event an event.
    (event,) = incidents(
        "Three soldiers were killed on Monday since the convoy had no escort, officials said."
    )
    assert event.fatalities.best == 3


def test_displacement_is_not_an_incident() -> None:
    assert (
        incidents("Close to 700,000 people have been forced to flee since the start of December.")
        == []
    )


def test_threats_and_conditionals_are_not_incidents() -> None:
    text = (
        "If there is the slightest injury to our soldiers, we will hit regime troops everywhere.\n\n"
        "The escalation could provoke an all-out military collision, he warned."
    )
    assert incidents(text) == []


def test_several_incidents_in_one_document() -> None:
    text = (
        "Five soldiers were killed on Monday when rebels shot down a helicopter near Saraqeb.\n\n"
        "Separately, militants shelled government-held districts of Aleppo, killing 42 civilians.\n\n"
        "UNICEF said four hospitals had been hit by air strikes in the east of the city."
    )
    types = [r.event_type for r in incidents(text, dt.date(2016, 8, 2))]
    assert types == ["aircraft_downed", "shelling_artillery_missile_attack", "air_drone_strike"]


# ---------------------------------------------------------------- roles


def test_perpetrator_target_weapon() -> None:
    r = only(
        "Islamist militants fired a shoulder-launched missile at a Syrian army helicopter near Saraqeb on Monday, shooting it down."
    )
    assert "MANPADS" in r.weapons
    assert any("helicopter" in t for t in r.targets)


def test_passive_agent_is_the_perpetrator() -> None:
    r = only("A regime helicopter was shot down by anti-regime forces near Nayrab on Tuesday.")
    assert [a.name for a in r.perpetrators] == ["anti-regime forces"]
    assert r.perpetrators[0].kind == "organization"


def test_named_group_is_normalised() -> None:
    r = only(
        "Four suicide attacks by al-Nusra Front fighters hit army positions south of Aleppo on Sunday."
    )
    assert any(a.normalized == "Jabhat al-Nusra" for a in r.perpetrators)


@pytest.mark.parametrize(
    ("phrase", "weapon"),
    [
        ("a barrel bomb", "barrel bomb"),
        ("an IED", "IED"),
        ("a car bomb", "car bomb"),
        ("a TOW missile", "TOW"),
        ("MANPADS", "MANPADS"),
        ("artillery shells", "artillery"),
        ("a drone", "drone"),
    ],
)
def test_weapon_normalisation(phrase: str, weapon: str) -> None:
    r = only(
        f"Rebels attacked an army convoy with {phrase} near Daraa on Monday, killing three soldiers."
    )
    assert weapon in r.weapons


@pytest.mark.parametrize(
    ("surface", "model"),
    [("Mi-8", "Mi-8"), ("Mi17", "Mi-17"), ("Sukhoi Su-25", "Su-25"), ("MiG-29", "MiG-29")],
)
def test_aircraft_models(surface: str, model: str) -> None:
    r = only(f"Rebels shot down a {surface} near Hama on Monday.")
    assert r.aircraft == [model]


# ---------------------------------------------------------------- attribution and hedging


def _evidence(report: Report, field: str) -> list:
    return [e for e in report.evidence if e.field == field]


def test_attribution_said_and_according_to() -> None:
    text = (
        "A helicopter was shot down near Atarib on Friday, killing two pilots, according to the Syrian "
        "Observatory for Human Rights.\n\n"
        '"This led the helicopter to crash, killing all crew on board," SANA said.'
    )
    r = only(text)
    sources = {e.attributed_to for e in _evidence(r, "fatalities")}
    assert sources == {"Syrian Observatory for Human Rights", "SANA"}


def test_generic_monitor_links_to_the_named_monitor() -> None:
    text = (
        "An aircraft was downed over western Aleppo on Friday, killing two pilots, a war monitor said.\n\n"
        "The Syrian Observatory for Human Rights said it had no further details."
    )
    r = only(text)
    assert {e.attributed_to for e in _evidence(r, "fatalities")} == {
        "Syrian Observatory for Human Rights"
    }


def test_pronoun_source_carries_over() -> None:
    text = (
        "Russian military sources said the convoy had been ambushed near Palmyra on Sunday.\n\n"
        "They also reported that militants had executed four people near the corridors."
    )
    ex = next(r for r in incidents(text) if r.event_type == "execution")
    assert {e.attributed_to for e in ex.evidence} == {"Russian military sources"}


def test_hedged_values() -> None:
    text = (
        "Rebels shot down a regime helicopter near Nayrab on Tuesday, killing three crew members.\n\n"
        "The helicopter appears to be a Russian-made Mi-24, according to war reporter Kyle Glen."
    )
    r = only(text)
    [aircraft] = _evidence(r, "aircraft")
    assert aircraft.hedged and aircraft.attributed_to == "Kyle Glen"
    assert not any(e.hedged for e in _evidence(r, "fatalities"))


@pytest.mark.parametrize("cue", ["may have", "reportedly", "it is unclear whether"])
def test_hedging_cues(cue: str) -> None:
    text = {
        "may have": "Rebels may have shot down a helicopter near Nayrab on Tuesday.",
        "reportedly": "Rebels reportedly shot down a helicopter near Nayrab on Tuesday.",
        "it is unclear whether": "It is unclear whether rebels shot down the helicopter near Nayrab on Tuesday.",
    }[cue]
    r = only(text)
    assert all(e.hedged for e in _evidence(r, "event_type"))


# ---------------------------------------------------------------- evidence and JSON


def test_every_evidence_span_points_at_its_text() -> None:
    text = (
        "Five Russian servicemen were killed on Monday when militants shot down a Mi-8 helicopter near Saraqeb.\n\n"
        "Russian sources said 42 civilians had been killed and 98 wounded as militants shelled Aleppo."
    )
    d = doc(text, dt.date(2016, 8, 2))
    reports = extract_reports(d)
    assert reports
    for r in reports:
        assert r.document_id == d.id
        for e in r.evidence:
            assert d.text[e.start : e.end] == e.text and e.text
    assert [r.index for r in reports] == list(range(len(reports)))


def test_report_json_shape() -> None:
    r = only("Rebels shot down a Mi-8 helicopter near Saraqeb on Monday, killing five servicemen.")
    data = report_to_json(r)
    json.dumps(data)
    for key in ("event_type", "acled", "date", "location", "fatalities", "injured", "perpetrators", "victims",
                "targets", "weapons", "aircraft", "aggregate", "places", "evidence"):  # fmt: skip
        assert key in data
    assert not {"id", "grade", "claims", "reports"} & set(data)
    assert data["date"] == {"start": "2020-02-10", "end": "2020-02-10", "precision": "day"}
    assert data["acled"] == {"event_type": "Battles", "sub_event_type": "Armed clash"}
    assert set(data["evidence"][0]) == {
        "field",
        "value",
        "start",
        "end",
        "text",
        "attributed_to",
        "hedged",
        "denied",
    }


def test_stable_for_the_same_text() -> None:
    text = "Rebels shot down a helicopter near Nayrab on Tuesday, killing three crew members."
    a = [report_to_json(r) for r in run(text)]
    b = [report_to_json(r) for r in run(text)]
    assert a == b


def test_empty_and_quiet_documents() -> None:
    assert run("") == []
    assert run("The weather in Paris was mild and the markets were calm.") == []


def test_sentence_splitter_keeps_abbreviations_together() -> None:
    sentences = split_sentences(
        "Gen. Smith said the U.S. convoy was hit. Two soldiers died.\nNew paragraph here."
    )
    assert [s.text for s in sentences] == [
        "Gen. Smith said the U.S. convoy was hit.",
        "Two soldiers died.",
        "New paragraph here.",
    ]


# ---------------------------------------------------------------- everyday phrasings (shootings, bombings)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        (
            "A shootout between rival gangs left one man dead and six others injured at a club in Dallas on Sunday.",
            1,
            6,
        ),
        (
            "Four people, including an 11-year-old boy, were shot Friday night in Mount Oliver.",
            None,
            4,
        ),
        (
            "A father accidentally shot and killed his teen son at a gun range in Sarasota on Sunday.",
            1,
            None,
        ),
        (
            "Jefferson Rivers, 45, was shot and killed at a night club in Chesterfield County on Saturday.",
            1,
            None,
        ),
        (
            "A 17-year-old was found with a gunshot wound on Elm Street on Monday. The victim later died at the hospital.",
            1,
            None,
        ),
        (
            "A 22-year-old man was charged in the shooting death of an 18-year-old girl in Norfolk on Friday.",
            1,
            None,
        ),
        ("Two men were shot and killed outside a bar in Memphis on Saturday.", 2, None),
        (
            "Gunmen killed five villagers and wounded 11 others in an attack on Kauru on Sunday.",
            5,
            11,
        ),
    ],
)
def test_everyday_casualty_phrasings(text: str, killed: int | None, injured: int | None) -> None:
    r = only(text)
    assert (r.fatalities.best, r.injured.best) == (killed, injured)


def test_the_shooter_is_not_a_victim() -> None:
    r = only(
        "A father accidentally shot and killed his teen son at a gun range in Sarasota on Sunday."
    )
    assert [v.name for v in r.victims] == ["teen son"]


def test_dateline_gives_the_main_report_its_place() -> None:
    text = (
        "DALLAS, Texas\n\nTwo men were shot and killed outside a bar early Saturday, police said."
    )
    r = only(text)
    assert r.location is not None and r.location.text in ("DALLAS", "Dallas", "Texas")
    assert r.location.role == "event"


def test_named_group_in_the_event_clause_is_a_perpetrator() -> None:
    r = only("Al-Shabaab fighters stormed a hotel in Mogadishu on Friday, killing nine people.")
    assert any(a.normalized == "al-Shabaab" for a in r.perpetrators)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Four people were shot Friday night in Mount Oliver, one fatally.", 1, 3),
        (
            "Her 13-year-old son accidentally shot himself in the arm at home in Dothan on Tuesday.",
            None,
            1,
        ),
        ("A 17-year-old was hit in the leg by a stray bullet in Anchorage on Thursday.", None, 1),
    ],
)
def test_shot_counts_include_the_dead(text: str, killed: int | None, injured: int | None) -> None:
    r = only(text)
    assert (r.fatalities.best, r.injured.best) == (killed, injured)


def test_second_event_in_another_clause() -> None:
    text = (
        "Guerrillas attacked a farm near Flores on Monday, where they burned down the warehouses."
    )
    types = sorted(r.event_type for r in incidents(text))
    assert types == ["arson", "attack"]
    arson = next(r for r in incidents(text) if r.event_type == "arson")
    assert "warehouses" in arson.targets


def test_outcome_participle_is_not_a_second_event() -> None:
    text = (
        "A suicide bomber blew himself up at a checkpoint in Kabul on Sunday, killing six soldiers."
    )
    assert len(incidents(text)) == 1


def test_collective_actor_is_named_by_its_members() -> None:
    r = only("A group of gunmen attacked a bus near Quetta on Monday, killing four passengers.")
    assert [a.name for a in r.perpetrators] == ["gunmen"]


def test_counts_are_not_part_of_actor_names() -> None:
    r = only("About 30 militants stormed a checkpoint near Arish on Friday, killing two policemen.")
    assert [a.name for a in r.perpetrators] == ["militants"]


def test_reuses_a_given_spacy_doc() -> None:
    from warmonitor.nlp import load_nlp

    text = "Rebels shot down a Mi-8 helicopter near Saraqeb on Monday, killing five servicemen."
    d = doc(text)
    given = extract_reports(d, nlp_doc=load_nlp()(text))
    fresh = extract_reports(d)
    assert [report_to_json(r) for r in given] == [report_to_json(r) for r in fresh]


# ---------------------------------------------------------------- robustness

_WORDS = [
    "killed",
    "wounded",
    "two",
    "at",
    "least",
    "dozens",
    "shot",
    "down",
    "helicopter",
    "Mi-8",
    "near",
    "Idlib",
    "on",
    "Tuesday",
    "rebels",
    "army",
    "said",
    "according",
    "to",
    "SANA",
    "the",
    "attack",
    "incident",
    ".",
    ",",
    '"',
    "2018",
    "in",
    "bomb",
    "exploded",
    "market",
    "civilians",
    "protesters",
    "police",
    "arrested",
    "kidnapped",
    "all",
    "crew",
    "on",
    "board",
    "between",
    "10",
    "and",
    "15",
    "air",
    "strike",
    "shelling",
    "hit",
    "hospital",
    "'",
    "(",
    ")",
    ";",
    "-",
    "\n",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=60), st.sampled_from([None, FRI]))
def test_any_word_salad_gives_valid_reports(words: list[str], published: dt.date | None) -> None:
    text = " ".join(words)
    d = doc(text, published)
    reports = extract_reports(d)
    for i, r in enumerate(reports):
        assert r.index == i and r.document_id == d.id
        json.dumps(report_to_json(r))
        for e in r.evidence:
            assert 0 <= e.start <= e.end <= len(text) and text[e.start : e.end] == e.text


def test_date_of_the_event_not_of_the_arrest() -> None:
    r = only(
        "A 15-year-old was arrested Sunday for killing five people in a house near Albuquerque on Saturday evening."
    )
    assert r.date.start == dt.date(2020, 2, 8)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        (
            "A gun fight led to the fatal shooting of a 16-year-old boy in Fort Worth on Thursday night.",
            1,
            None,
        ),
        (
            "Police identified a man who was killed in a Wednesday shooting in Baltimore that injured four other people.",
            1,
            4,
        ),
        (
            "A female shooter shot a student at Alpine High School on Friday and then killed herself.",
            1,
            1,
        ),
        ("The shooting in Elk Grove on Tuesday left De Guzman dead.", 1, None),
        # the man shot is the one who died: killed, and no injured figure (the text states none)
        (
            "A man was shot near Elm Street in Dayton on Saturday night. He died at the hospital.",
            1,
            None,
        ),
    ],
)
def test_more_casualty_phrasings(text: str, killed: int | None, injured: int | None) -> None:
    r = only(text)
    assert (r.fatalities.best, r.injured.best) == (killed, injured)


def test_claim_of_responsibility_is_not_a_hedge() -> None:
    r = only(
        "The Taliban claimed responsibility for a bombing in Kabul on Monday that killed six people."
    )
    assert not any(e.hedged for e in r.evidence)
    r = only("The Taliban claimed to have killed six soldiers in Kabul on Monday.")
    assert all(e.hedged for e in r.evidence if e.field == "fatalities")


def test_each_value_gets_the_source_that_governs_it() -> None:
    text = (
        "A video on social media showed a military helicopter crashing towards the ground, with activists "
        "saying the helicopter was shot down close to Nayrab on Tuesday."
    )
    r = only(text)
    by_field = {e.field: e.attributed_to for e in r.evidence}
    assert by_field["location"] == "activists"
    assert by_field["date"] == "activists"


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        (
            "Four people -- including a child -- were injured in a shooting in Decatur on Monday night.",
            None,
            4,
        ),
        (
            "Long killed the three officers and injured three more during a shooting spree in Baton Rouge on Sunday.",
            3,
            3,
        ),
        (
            "The shooting in Chicago on Tuesday also injured Tillie Turner, 65, a security guard.",
            None,
            1,
        ),
        (
            "Three people were killed and another critically injured in a shooting Monday outside Woodburn.",
            3,
            1,
        ),
        ("Four kids were shot in the legs in Williamsburg on Friday.", None, 4),
    ],
)
def test_yet_more_casualty_phrasings(text: str, killed: int | None, injured: int | None) -> None:
    r = only(text)
    assert (r.fatalities.best, r.injured.best) == (killed, injured)


def test_numbers_do_not_reach_across_clauses() -> None:
    r = only("Dispatchers told NewsChannel 15 that a child was shot in Fort Wayne on Friday.")
    assert r.injured.best == 1


def test_others_overlap_named_groups() -> None:
    text = (
        "He was charged for the shooting in Trumbull that killed Savonie McNeil, 37, and wounded eight others. "
        "No witness could identify the shooter who killed one person and wounded eight others."
    )
    r = only(text)
    assert (r.fatalities.best, r.injured.best) == (1, 8)


def test_running_totals_are_aggregates() -> None:
    text = "So far in 2017, 150 people have been murdered in the city."
    assert incidents(text) == []


def test_accidents_are_not_attacks() -> None:
    assert (
        incidents(
            "Five people were killed in the crash of a surveillance plane in Ghazni on Monday."
        )
        == []
    )
    assert incidents("Two children drowned in a flooded river near Kano on Sunday.") == []


def test_date_of_birth_is_not_the_event_date() -> None:
    r = only(
        "Timothy Caston (DOB 07/19/98) was shot and killed at his residence in Kensworth on Monday."
    )
    assert r.date.start == dt.date(2020, 2, 10)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "MILWAUKEE -- A two-month-old girl was shot while in a vehicle on Sunday evening.",
            "MILWAUKEE",
        ),
        (
            "Richmond Police said there are no suspects yet in a quadruple shooting on Sunday afternoon.",
            "Richmond",
        ),
    ],
)
def test_dateline_or_agency_as_last_resort(text: str, place: str) -> None:
    r = only(text)
    assert r.location is not None and r.location.text == place


def test_state_media_links_to_the_named_agency() -> None:
    text = (
        "A military helicopter was hit by a missile near Atarib on Friday, killing all crew on board, "
        "state media said.\n\nSANA later published photos of the wreck."
    )
    r = only(text)
    assert {e.attributed_to for e in r.evidence if e.field == "fatalities"} == {"SANA"}


def test_named_official_is_the_source() -> None:
    text = (
        'Russian Defense Ministry official Sergey Rudskoi said, "The helicopter was gunned down over Saraqeb '
        'on Monday, killing five servicemen."'
    )
    r = only(text, dt.date(2016, 8, 2))
    assert {e.attributed_to for e in r.evidence} == {"Sergey Rudskoi"}


@pytest.mark.parametrize(
    "text",
    [
        "A Belleair Elementary School student died Thursday after shooting himself in his home, police said.",
        "The victim was taken to Hilo Medical Center in critical condition and pronounced dead on Saturday.",
    ],
)
def test_one_death_without_a_number(text: str) -> None:
    assert only(text).fatalities.best == 1


def test_members_of_a_named_group() -> None:
    text = (
        "Heavy fighting raged last night in San Salvador when members of the Farabundo Marti National "
        "Liberation Front (FMLN) attacked an electric power substation."
    )
    r = only(text)
    assert [a.normalized for a in r.perpetrators] == ["FMLN"]
    assert r.perpetrators[0].name.startswith("members of the Farabundo Marti")
    assert "power substation" in r.targets


def test_aircrew_casualties_told_apart_join_the_aircraft_incident() -> None:
    text = (
        "An army Mi-17 helicopter was downed on Monday near Saraqeb, killing three crew members, "
        "a military source said.\n\nNo group has claimed the attack.\n\n"
        "A monitoring group reported that two pilots were killed."
    )
    (event,) = incidents(text)
    assert event.event_type == "aircraft_downed"
    # Pilots are crew: two statements of one group, not 3 + 2.
    assert (event.fatalities.low, event.fatalities.best) == (2, 3)


def test_aircrew_with_no_aircraft_incident_stay_their_own_event() -> None:
    reports = incidents(
        "Gunmen attacked a checkpoint near Gao on Monday. Two pilots were killed in a separate incident."
    )
    assert any(r.fatalities.best == 2 for r in reports)
    assert not any(r.event_type == "aircraft_downed" for r in reports)


def test_the_missile_refers_back_to_the_report_that_told_of_it() -> None:
    text = (
        "SANA said a Mi-8 helicopter was hit by a missile near Saraqeb on Monday. "
        "It did not say who fired the missile."
    )
    (event,) = incidents(text)
    assert event.event_type == "aircraft_downed" and "missile" in event.weapons
    # A rocket attack the first report never mentioned stays its own event.
    other = incidents(
        "A helicopter was shot down near Saraqeb on Monday. "
        "On Tuesday, the rocket fire on Aleppo killed four civilians."
    )
    assert len(other) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Nine civilians were killed on Sunday when a drone struck a vegetable market in Ariha.",
        "A drone hit a wedding party near Marib on Friday, killing six people.",
        "Warplanes pounded the village of Kafr Nabl on Monday, killing three.",
    ],
)
def test_drones_and_warplanes_striking_are_air_strikes(sentence: str) -> None:
    (event,) = incidents(sentence)
    assert event.event_type == "air_drone_strike"


@pytest.mark.parametrize(
    ("text", "perpetrators"),
    [
        ("Four soldiers killed in roadside bomb attack near Gao on Saturday", []),
        ("Militants killed on Monday in Gao were buried on Tuesday, the army said.", []),
        ("Gunmen killed four villagers near Gao on Friday.", ["Gunmen"]),
    ],
)
def test_a_headline_participle_names_victims_not_killers(
    text: str, perpetrators: list[str]
) -> None:
    reports = incidents(text)
    assert reports and [p.name for r in reports for p in r.perpetrators] == perpetrators


def test_two_groups_joined_before_one_verb_are_both_counted() -> None:
    # VOA: "At least 21 passengers and four paramilitary troops died" was read as 4.
    r = only("At least 21 passengers and four paramilitary troops died in the attack near Sibi.")
    assert (r.fatalities.low, r.fatalities.best) == (25, 25)
    evidence = [e.text for e in r.evidence if e.field == "fatalities"]
    assert "At least 21 passengers" in evidence, evidence


def test_several_killed_is_at_least_three_with_the_coded_ten_as_best() -> None:
    r = only("Several people were killed when gunmen attacked a market in Gao on Monday.")
    assert (r.fatalities.low, r.fatalities.best) == (3, 10)


def test_a_toll_over_many_attacks_is_an_aggregate_not_an_event() -> None:
    # VOA: "killed nearly 400 people in over 500 attacks" became one train attack's toll.
    text = "In 2024, separatist groups killed nearly 400 people in over 500 attacks."
    assert incidents(text) == []
    assert [r.aggregate for r in run(text, FRI)] == [True]
    assert not run("Gunmen killed 12 people in two attacks near Gao on Monday.", FRI)[0].aggregate


def test_every_group_of_a_list_before_one_verb_is_counted() -> None:
    r = only("Two soldiers, three policemen and four civilians were killed in the attack near Gao.")
    assert r.fatalities.best == 9
