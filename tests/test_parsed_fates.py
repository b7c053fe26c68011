"""Deaths the dependency parse states where no casualty pattern reads them
(``extract.rules.casualties.parsed_fates``): the subject of "died", of a passive "was killed",
the object of an active "killed"; and the guards that keep them from counting anyone twice."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from warmonitor.extract import extract_reports
from warmonitor.records import Document


def _toll(text: str) -> tuple[int | None, int | None]:
    doc = Document(
        id="t",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=dt.datetime(2016, 5, 2),
    )
    reports = [r for r in extract_reports(doc) if not r.aggregate]
    assert reports, text
    return reports[0].fatalities.best, reports[0].injured.best


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # a surname the small model's NER calls an organisation or a place
        ("Ferguson died on Saturday after being shot in the head following an argument.", 1),
        (
            "In the apartment next door, 17-year-old Medina Knowles died from a gunshot on Sunday.",
            1,
        ),
        # a name with a place in apposition
        ("Aaron Markarian, of Warrensburg, MO, died at the scene after a shooting on Thursday.", 1),
        # the subject of a conjoined verb, and one across a relative clause
        ("The man was hospitalized with multiple gunshot wounds and died on July 7.", 1),
        (
            "The teen, who was found with a gunshot wound to the body, later died at Ellis Hospital.",
            1,
        ),
        ("A man was shot on Main Street on Friday. That man later died.", 1),
        ("Another four-year-old boy died in a shooting incident in the city on Sunday.", 1),
        # numbers the parse ties to people
        ("The three students who died from gunshot wounds were identified on Monday.", 3),
        ("Three of the shooting victims died on Sunday.", 3),
        # each conjunct once
        ("Police said a 51-year-old woman and her granddaughter both died from gunshot wounds.", 2),
        # the object of an active kill verb: a name, a pronoun
        ("Police said Kyle Carney shot and killed Regula inside a home on Sunday.", 1),
        ("Bennett fired the shotgun on Sunday, striking Ulery in the face and killing him.", 1),
    ],
)
def test_the_parse_reads_who_died(text, killed):
    assert _toll(text)[0] == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # a dateline in capitals is no victim
        ("INDIANAPOLIS — Two men died in a shooting on the east side on Sunday.", 2),
        # a name followed by its own verb is that verb's subject, whatever the parse says (the
        # parse makes the coroner the one who died; the boy's reduced clause no rule reads)
        (
            "York County Coroner Pam Gay confirmed a 12-year-old boy accidentally shot Sunday "
            "died hours later.",
            None,
        ),
        # "her" is the one the sentence already counted
        ("He shot his girlfriend on Sunday and killed her before she died in the car.", 1),
        # a fate a pattern read already is not read again from the parse
        ("Zachary Edwards, 16, died on Sunday after he was shot, police said.", 1),
    ],
)
def test_the_parse_never_counts_twice_or_counts_a_dateline(text, killed):
    assert _toll(text)[0] == killed


@pytest.mark.parametrize(
    "text",
    [
        "Police said the gunman did not kill him during the robbery on Sunday.",
        "The man threatened to kill her during an argument on Sunday, police said.",
        "Doctors said the wounded man could die after the shooting on Sunday.",
    ],
)
def test_no_death_where_the_sentence_states_none(text):
    doc = Document(id="t", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    for report in extract_reports(doc):
        assert not report.fatalities.best, text


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a named person shot, then a pronoun's death: one person, killed
        ("Megan Sloss was shot in the car on Sunday. She later died at the hospital.", 1, None),
        # the shot one named by age, the dead one by age and noun
        (
            "A 4-year-old accidentally shot himself on Sunday. Police said a 4-year-old boy died "
            "at the hospital.",
            1,
            None,
        ),
        # a pronoun shot, then a name the parse reads as dead
        (
            "He was accidentally shot while hunting on Sunday. Cayle Mitchell Taylor died at "
            "the scene.",
            1,
            None,
        ),
        # a man killed and a woman wounded: "he" died is the man, the woman stays wounded
        (
            "A man was killed and a woman was wounded in a shooting on Sunday. He died at the "
            "scene.",
            1,
            1,
        ),
    ],
)
def test_one_person_shot_who_then_died_counts_once(text, killed, injured):
    assert _toll(text) == (killed, injured)
