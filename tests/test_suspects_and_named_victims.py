"""Who shot whom in local crime news: named victims, one-person victims, suspects named later."""

from __future__ import annotations

import hashlib

import pytest

from warmonitor.extract import extract_reports
from warmonitor.extract.assemble.people import find_named_victims, find_suspects
from warmonitor.records import Document, Report


def _reports(text: str) -> list[Report]:
    doc = Document(id="t", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    return [r for r in extract_reports(doc) if not r.aggregate]


def _main(text: str) -> Report:
    reports = _reports(text)
    assert reports, text
    return reports[0]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a name with an apposition before its fate
        (
            "Amanda Ghossien, a 24-year-old white female, died Sunday after being shot in "
            "Granada Hills.",
            1,
            None,
        ),
        # one person, whatever noun names them; a second group with its own fate
        (
            "A popular nightclub owner was killed and five other people were wounded in a "
            "shooting outside a dance hall.",
            1,
            5,
        ),
        ("One person is dead and four others are injured after a shooting downtown.", 1, 4),
        ("One person was killed and two others badly hurt Wednesday in a shooting.", 1, 2),
        ("Police said a man killed a neighbor in a shooting on Friday morning.", 1, None),
        # the death of a named person
        (
            "The second suspect in the shooting death of 5-year-old Austin Ramos Jr. was "
            "arrested Thursday night.",
            1,
            None,
        ),
        # one person by an age, by "one of the", by a relative murdered; a group by its verb
        ("An Iowa teen is accused of killing 15-year-old Jaylen in a shooting on Monday.", 1, None),
        # not 1: the age is of a group ("twins" are not counted yet, never as one)
        ("Gunmen killed 15-year-old twins in the attack on Monday.", None, None),
        (
            "Two victims were airlifted to hospital. One of the victims who was shot in the head "
            "later died.",
            1,
            None,
        ),
        ("A teenage boy executed his 16-year-old girlfriend inside their home.", 1, None),
        ("A man massacred 49 people at the nightclub on Sunday.", 49, None),
        # the same person once, though two patterns read the phrase
        ("An accidental shooting on Tuesday killed a 17-year-old boy.", 1, None),
        # one person shot who then died is killed, not also injured; "fatally wounded" kills
        (
            "A woman was shot on Main Street on Sunday night. The woman died at the hospital.",
            1,
            None,
        ),
        ("A man was killed and a woman was shot on Main Street on Sunday.", 1, 1),
        ("A toddler was fatally wounded when shots were fired into the garage.", 1, None),
        ("A soldier was mortally wounded in the ambush on Monday.", 1, None),
        # relatives listed, each counted; the attacker's own death one more
        (
            "Investigators say a man shot and killed his wife, son and daughter before killing "
            "himself in a Houston-area home.",
            4,
            None,
        ),
        ("Police say a man is suspected of killing his wife and their four children.", 5, None),
        ("The gunman then killed himself.", 1, None),
        # the wounded one who died later in the clause; a relative's death; "one is dead"
        ("An Opelousas teen hospitalized after a weekend shooting has died.", 1, None),
        ("Charges were filed in the shooting death of his 14-year-old friend on Tuesday.", 1, None),
        ("Police confirmed that one is dead following a shooting on Division Street.", 1, None),
        # "whose" opens another clause: the brother's death is not the man's
        (
            "Gunmen attacked a village in Zamfara on Monday, and a man whose brother died in "
            "the war spoke to reporters.",
            None,
            None,
        ),
        # one person hurt, named by a pronoun or wounds; once, as killed, when they died
        ("A boy was taken to the hospital after he was shot on Thursday night.", None, 1),
        ("A 12-year-old is recovering after suffering from a gunshot wound on Thursday.", None, 1),
        ("Two men suffered gunshot wounds in the shooting on Friday.", None, 2),
        ("A man was found dead after he was shot in the chest on Friday.", 1, None),
        # a second group's own fate after an aside, or "in the hospital"
        (
            "A 22-year-old man died and three others – including two children – were wounded "
            "in a shooting today outside an apartment building.",
            1,
            3,
        ),
        (
            "Two people were killed and four others were in the hospital with gunshot wounds "
            "after a drive-by shooting.",
            2,
            4,
        ),
        # a condition says one is hurt
        (
            "A shooting and robbery left a man in critical condition in Kensington on Monday.",
            None,
            1,
        ),
        ("Two people were killed and a woman is in stable condition after a shooting.", 2, 1),
        # a city's yearly figure is an aggregate, an earlier massacre compared another event
        (
            "Gunmen killed two people at a club on Monday. Crime stats for 2015, in the city of "
            "New Orleans, show 165 people were murdered.",
            2,
            None,
        ),
        (
            "Two people were killed at Club Blu on Monday. The shooting came six weeks after a "
            "massacre at a nightclub in Orlando, where a gunman killed 49 people.",
            2,
            None,
        ),
        # a cause of death far from the killing is no accident
        (
            "Police say officers shot and killed a man who was acting erratically after being "
            "involved in a crash on McCarran Boulevard.",
            1,
            None,
        ),
    ],
)
def test_counts(text: str, killed: int | None, injured: int | None) -> None:
    report = _main(text)
    assert (report.fatalities.best, report.injured.best) == (killed, injured)


def test_an_accident_beside_the_death_is_still_no_attack() -> None:
    assert _reports("Five people were killed on Monday in a crash on the highway.") == []


def test_things_are_not_wounded() -> None:
    report = _main("A car was shot at on Main Street and a driver was wounded on Monday.")
    assert [v.name for v in report.victims] == ["driver"]


def test_the_one_who_died_is_a_victim_not_the_perpetrator() -> None:
    report = _main(
        "Amanda Ghossien, a 24-year-old white female, died Sunday after being shot in Granada "
        "Hills, according to the coroner's records."
    )
    assert [v.name for v in report.victims] == ["Amanda Ghossien"]
    assert report.perpetrators == []


def test_a_suspect_named_in_a_later_sentence_is_a_hedged_perpetrator() -> None:
    text = (
        "A man was shot and killed on Main Street on Friday. Police arrested John Smith, 24, in "
        "connection with the shooting, police said."
    )
    report = _main(text)
    assert [(a.name, a.kind) for a in report.perpetrators] == [("John Smith", "individual")]
    (evidence,) = [e for e in report.evidence if e.field == "perpetrators"]
    assert evidence.hedged and evidence.attributed_to == "police"
    assert evidence.text == text[evidence.start : evidence.end] == "John Smith"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Tracie Dierks, a 40-year-old woman who lives at the address, was taken into "
            "custody and charged with manslaughter, Sadler said.",
            ["Tracie Dierks"],
        ),
        (
            "Police identified the suspects Thursday as 20-year-old Oscar Ollervides and "
            "24-year-old Alexis Arturo Cuapio.",
            ["Oscar Ollervides", "Alexis Arturo Cuapio"],
        ),
        ("Police identified the shooter as Robert Lewis Dear, 57.", ["Robert Lewis Dear"]),
        (
            "Tremaine Wilbourn, 29, is accused of killing officer Sean Bolton on Saturday.",
            ["Tremaine Wilbourn"],
        ),
        # arrests for something else, and the found dead, name no suspect
        ("Governor Dauda Lawal was arrested last year on corruption charges.", []),
        ("She ran outside to find Ronnie Chambers shot in the head.", []),
        ("Jefferson Rivers, 45, was shot and killed on Friday in Chicago.", []),
    ],
)
def test_find_suspects(text: str, names: list[str]) -> None:
    assert [s.name for s in find_suspects(text)] == names


def test_a_suspect_needs_a_violent_report_to_attach_to() -> None:
    # a charge alone is a follow-up, not an event: no report, so no perpetrator either
    assert find_suspects("John Smith, 24, was charged with murder in a court hearing.")
    assert _reports("John Smith, 24, was charged with murder in a court hearing.") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Family members identified the girl as Kimi Reylander.", ["Kimi Reylander"]),
        (
            "The medical examiner identified the victim in the crime as 21-year-old Zakareia "
            "Husein.",
            ["Zakareia Husein"],
        ),
        ("The 42-year-old man, identified as Rodney Jones, was arguing.", ["Rodney Jones"]),
        ("The officer shot and killed a neighbor, 55-year-old Bettie Jones.", ["Bettie Jones"]),
        ("Officer Jon Richey suffered three gunshot wounds.", ["Jon Richey"]),
        ("A shooting left 25-year-old Courtney Taylor dead.", ["Courtney Taylor"]),
        # a count is no name, and a title is not part of one
        ("Three Americans were killed in the assault on the base.", []),
        ("Sheriff's Deputy Brad Garafola was fatally shot by a gunman.", ["Brad Garafola"]),
        # a named suspect is not also a victim
        ("Police identified the suspect as Jason Bryant, 34.", []),
    ],
)
def test_find_named_victims(text: str, names: list[str]) -> None:
    assert [p.name for p in find_named_victims(text, find_suspects(text))] == names


def test_an_identified_victim_adds_a_name_and_no_count() -> None:
    text = (
        "A man was shot and killed in Milwaukee on Saturday. Police identified the victim as "
        "Rodney Jones, 42."
    )
    report = _main(text)
    assert report.fatalities.best == 1
    named = [v for v in report.victims if v.name == "Rodney Jones"]
    assert len(named) == 1 and named[0].count.best is None and named[0].status == "killed"
    (evidence,) = [e for e in report.evidence if e.field == "victims" and e.text == "Rodney Jones"]
    assert evidence.attributed_to is None and not evidence.hedged


def test_an_officer_named_as_victim_is_police() -> None:
    report = _main(
        "Gunfire erupted between the suspect and police on Monday. Officer Jon Richey suffered "
        "three gunshot wounds."
    )
    assert [(v.name, v.kind, v.status) for v in report.victims if v.name == "Jon Richey"] == [
        ("Jon Richey", "police", "injured")
    ]
