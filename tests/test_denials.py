"""A named perpetrator's denial stays a claim of its own, beside the accusation, and contests who."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from warmonitor.extract import extract_reports
from warmonitor.pipeline import ingest_document
from warmonitor.records import Document
from warmonitor.store import Store
from warmonitor.store.schema import ClaimRow

ACCUSED = (
    "Shelling killed 12 civilians in El Fasher, Sudan, on Monday. The army blamed the RSF for "
    "the attack, but the RSF denied responsibility."
)


def _doc(text: str, outlet: str = "Sudan Tribune") -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        id=sha[:16], text=text, sha256=sha, outlet=outlet, published=dt.date(2024, 6, 11)
    )


def _perpetrator_evidence(text: str) -> list:
    (report,) = [r for r in extract_reports(_doc(text)) if not r.aggregate]
    return [e for e in report.evidence if e.field == "perpetrators"]


def test_the_accusation_and_the_denial_are_both_kept_with_their_sources() -> None:
    doc = _doc(ACCUSED)
    evidence = _perpetrator_evidence(ACCUSED)
    accusation = [e for e in evidence if not e.denied]
    denial = [e for e in evidence if e.denied]
    assert [e.attributed_to for e in accusation] == ["army"]
    assert len(denial) == 1
    assert denial[0].value["normalized"] == "Rapid Support Forces"
    assert denial[0].attributed_to == "Rapid Support Forces"
    assert denial[0].text == doc.text[denial[0].start : denial[0].end]
    assert denial[0].text.startswith("RSF denied responsibility")


def test_the_denial_sentence_is_not_read_as_the_group_claiming_the_act() -> None:
    text = (
        "The army said RSF fighters shelled a market in El Fasher on Monday, killing 12 "
        "civilians. The RSF denied it had carried out the attack."
    )
    evidence = _perpetrator_evidence(text)
    assert [(e.attributed_to, e.denied) for e in evidence] == [
        ("army", False),
        ("Rapid Support Forces", True),
    ]


def test_denying_casualties_is_no_denial_of_who_did_it() -> None:
    text = (
        "Gunmen killed 12 villagers in Zamfara on Tuesday, police said. The army denied that "
        "civilians were killed in its operations."
    )
    assert not any(e.denied for e in _perpetrator_evidence(text))


def test_a_stored_denial_contests_the_perpetrator_and_the_grade(db_url: str) -> None:
    store = Store(db_url)
    try:
        assert ingest_document(store, _doc(ACCUSED), "accused.txt").status == "new"
        (incident,) = store.incidents()
        assert "perpetrators" in incident.contested
        assert incident.grade == "contested"
        assert [a.normalized for a in incident.perpetrators] == ["Rapid Support Forces"]
        claims = [c for c in incident.claims if c.field == "perpetrators"]
        assert sorted((c.attributed_to, c.denied) for c in claims) == [
            ("Rapid Support Forces", True),
            ("army", False),
        ]
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(ClaimRow.attributed_to, ClaimRow.denied).where(
                    ClaimRow.field == "perpetrators"
                )
            ).all()
        assert sorted((a, bool(d)) for a, d in rows) == [
            ("Rapid Support Forces", True),
            ("army", False),
        ]
    finally:
        store.close()
