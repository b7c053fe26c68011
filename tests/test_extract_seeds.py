"""The seed expectations of DESIGN.md, on the raw seed pages (noise included)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from warmonitor.extract import extract_reports, report_to_json
from warmonitor.records import Document, Report

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")


def _seed(prefix: str, published: dt.date | None) -> list[Report]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    document = Document(
        id=prefix,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
        outlet="seed",
    )
    reports = extract_reports(document)
    for r in reports:
        for e in r.evidence:
            assert text[e.start : e.end] == e.text
    return reports


def _incidents(reports: list[Report]) -> list[Report]:
    return [r for r in reports if not r.aggregate]


def _sources(report: Report) -> set[str | None]:
    return {e.attributed_to for e in report.evidence}


@pytest.fixture(scope="module")
def seed000() -> list[Report]:
    return _seed("000", dt.date(2020, 2, 14))


@pytest.fixture(scope="module")
def seed003() -> list[Report]:
    return _seed("003", dt.date(2016, 8, 2))


def test_000_friday_helicopter(seed000: list[Report]) -> None:
    friday = _incidents(seed000)[0]
    assert friday.event_type == "aircraft_downed"
    assert friday.date.start == dt.date(2020, 2, 14) and friday.date.precision == "day"
    assert friday.location is not None and friday.location.text == "Urum al-Kubra"
    assert friday.fatalities.best == 2
    assert friday.fatalities.phrase == "all crew on board"
    assert {"SANA", "Syrian Observatory for Human Rights", "Anadolu Agency"} <= _sources(friday)
    # "all crew" is state media's, "two pilots" the monitor's (and the outlet's own).
    crew = [e for e in friday.evidence if e.field == "fatalities" and e.value["phrase"]]
    assert {e.attributed_to for e in crew} == {"SANA"}


def test_000_tuesday_helicopter_is_its_own_report(seed000: list[Report]) -> None:
    tuesday = _incidents(seed000)[1]
    assert tuesday.event_type == "aircraft_downed"
    assert tuesday.date.start == dt.date(2020, 2, 11) and tuesday.date.precision == "day"
    assert tuesday.location is not None and tuesday.location.text == "Nayrab"
    assert tuesday.fatalities.low == 3
    assert {"Mi-24", "Mi-8"} <= set(tuesday.aircraft)
    assert all(e.hedged for e in tuesday.evidence if e.field == "aircraft")
    # Who shot it down is unclear: the candidates the text names are hedged.
    hedged_perps = {
        e.value["name"] for e in tuesday.evidence if e.field == "perpetrators" and e.hedged
    }
    assert {"Syrian rebels", "Turkish military"} <= hedged_perps


def test_000_background_is_not_an_incident(seed000: list[Report]) -> None:
    assert len(_incidents(seed000)) == 2


def test_003_saraqeb(seed003: list[Report]) -> None:
    heli = _incidents(seed003)[0]
    assert heli.event_type == "aircraft_downed"
    assert heli.date.start == dt.date(2016, 8, 1)
    assert heli.location is not None and heli.location.text == "Saraqeb"
    assert heli.fatalities.best == 5
    assert heli.aircraft == ["Mi-8"]
    assert "MANPADS" in heli.weapons
    assert "Sergey Rudskoi" in _sources(heli)


def test_003_other_incidents(seed003: list[Report]) -> None:
    found = _incidents(seed003)
    types = [r.event_type for r in found]
    shelling = next(r for r in found if r.event_type == "shelling_artillery_missile_attack")
    assert (shelling.fatalities.best, shelling.injured.best) == (42, 98)
    assert "suicide_bomb" in types
    assert "execution" in types
    strikes = next(r for r in found if r.event_type == "air_drone_strike")
    assert "hospitals" in strikes.targets
    assert len(found) >= 5


def test_003_background_totals_are_aggregates(seed003: list[Report]) -> None:
    totals = [r.fatalities.best for r in seed003 if r.aggregate]
    assert 200 in totals
    assert all(r.fatalities.best not in (400_000, 200) for r in _incidents(seed003))


@pytest.mark.parametrize("published", [None, dt.date(2020, 2, 14)])
def test_004_nayrab_helicopter(published: dt.date | None) -> None:
    reports = _seed("004", published)
    heli = _incidents(reports)[0]
    assert heli.event_type == "aircraft_downed"
    assert "Mi-17" in heli.aircraft
    assert "MANPADS" in heli.weapons
    assert all(e.hedged for e in heli.evidence if e.field == "perpetrators")
    if published is None:
        assert heli.date.precision is None
    else:
        assert heli.date.start == dt.date(2020, 2, 11)
    old = [r for r in _incidents(reports) if r.date.precision == "year"]
    assert (
        len(old) == 1 and old[0].aircraft == ["Su-25"] and old[0].date.start == dt.date(2018, 1, 1)
    )
    soldiers = [r for r in reports if r.fatalities.best == 13]
    assert soldiers and all(r.aggregate for r in soldiers)
    assert all(report_to_json(r) for r in reports)
