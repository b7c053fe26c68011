"""Exports: DESIGN.md JSON record, JSONL, ACLED CSV, GeoJSON, table; pure filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from warmonitor.export import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    filter_incidents,
    incident_to_json,
    write_incidents,
)
from warmonitor.reconcile import reconcile
from warmonitor.records import (
    Actor,
    Count,
    DateRange,
    Evidence,
    IncidentFilter,
    Place,
    PlaceMention,
    Report,
    Victim,
)

D = dt.date(2020, 2, 11)
NAYRAB = Place("Nayrab", 35.86, 36.75, 123, "populated_place", "SY", "Idlib", None, 2, 0.9)
CHICAGO = Place("Chicago", 41.88, -87.63, 456, "populated_place", "US", "Illinois", "Cook", 1, 0.9)

DOCS = {
    "a": {
        "id": "a",
        "outlet": "The New Arab",
        "title": "Helicopter shot down",
        "published": "2020-02-14",
        "url": "http://a",
    },
    "b": {
        "id": "b",
        "outlet": "The Independent",
        "title": "Rebels used MANPADS",
        "published": None,
        "url": None,
    },
}
OUTLETS = {k: v["outlet"] for k, v in DOCS.items()}


def nayrab_reports() -> list[Report]:
    a = Report(
        "a",
        "aircraft_downed",
        date=DateRange(D, D, "day"),
        location=PlaceMention("Nayrab", 500, 506, "event", NAYRAB, "close to"),
        fatalities=Count(low=3, best=3),
        perpetrators=[Actor("anti-regime forces", kind="organization")],
        victims=[Victim("crew members", Count(low=3, best=3), "crew", "killed")],
        aircraft=["Mi-24", "Mi-8"],
        evidence=[
            Evidence(
                "event_type",
                "aircraft_downed",
                400,
                450,
                "a Syrian regime helicopter was shot down",
            ),
            Evidence(
                "aircraft",
                "Mi-24",
                600,
                640,
                "appears to be a Russian-made Mi-24",
                "Kyle Glen",
                True,
            ),
        ],
        index=1,
    )
    b = Report(
        "b",
        "aircraft_downed",
        location=PlaceMention(
            "Idlib",
            100,
            105,
            "event",
            Place("Idlib", 35.9, 36.6, None, "ADM1", "SY", "Idlib", None, 3),
        ),
        aircraft=["Mi-17"],
        weapons=["MANPADS"],
        evidence=[
            Evidence("aircraft", "Mi-17", 80, 120, "to shoot a Mi-17 military helicopter in Idlib")
        ],
    )
    return [a, b]


@pytest.fixture()
def nayrab():
    reports = nayrab_reports()
    return reconcile("inc-nayrab", reports, outlets=OUTLETS), reports


def other_incidents():
    chicago = reconcile(
        "inc-chicago",
        [
            Report(
                "c",
                "attack",
                date=DateRange(dt.date(2016, 5, 1), dt.date(2016, 5, 1), "day"),
                location=PlaceMention("Chicago", 0, 7, "event", CHICAGO),
                fatalities=Count(best=1),
                injured=Count(best=2),
                victims=[Victim("civilians", Count(best=3), "civilians")],
            )
        ],
        outlets={"c": "Tribune"},
    )
    undated = reconcile("inc-undated", [Report("d", "armed_clash")], outlets={"d": "X"})
    return [chicago, undated]


def test_json_record_follows_design(nayrab) -> None:
    inc, reports = nayrab
    rec = incident_to_json(inc, DOCS, reports)
    for key in (
        "id",
        "event_type",
        "acled",
        "date",
        "location",
        "fatalities",
        "injured",
        "perpetrators",
        "victims",
        "targets",
        "weapons",
        "aircraft",
        "contested",
        "grade",
        "claims",
        "reports",
    ):
        assert key in rec
    assert rec["acled"] == {"event_type": "Battles", "sub_event_type": "Armed clash"}
    assert rec["date"] == {"start": "2020-02-11", "end": "2020-02-11", "precision": "day"}
    assert rec["location"]["name"] == "Nayrab" and rec["location"]["admin1"] == "Idlib"
    assert rec["location"]["precision"] == 2 and rec["location"]["country"] == "SY"
    assert rec["fatalities"] == {"low": 3, "best": 3, "high": None}
    assert rec["aircraft"][:1] and set(rec["aircraft"]) == {"Mi-24", "Mi-8", "Mi-17"}
    assert "aircraft" in rec["contested"]
    assert rec["victims"][0]["count"] == 3
    claim = next(c for c in rec["claims"] if c["value"] == "Mi-24")
    assert claim == {
        "field": "aircraft",
        "value": "Mi-24",
        "source": "The New Arab",
        "attributed_to": "Kyle Glen",
        "hedged": True,
        "document": "a",
        "start": 600,
        "end": 640,
    }
    assert [r["document"] for r in rec["reports"]] == ["a", "b"]
    first = rec["reports"][0]
    assert first["outlet"] == "The New Arab" and first["title"] == "Helicopter shot down"
    assert first["published"] == "2020-02-14"
    assert {"start": 400, "end": 450}.items() <= first["evidence"][0].items()
    json.dumps(rec)  # JSON-able


def test_json_record_without_reports_uses_ledger(nayrab) -> None:
    inc, _ = nayrab
    rec = incident_to_json(inc, DOCS)
    assert {r["document"] for r in rec["reports"]} == {"a", "b"}


def test_write_json_and_jsonl(nayrab) -> None:
    inc, reports = nayrab
    out = io.StringIO()
    write_incidents(
        [inc, *other_incidents()], "json", out, reports={inc.id: reports}, documents=DOCS
    )
    data = json.loads(out.getvalue())
    assert [i["id"] for i in data["incidents"]] == ["inc-nayrab", "inc-chicago", "inc-undated"]
    out = io.StringIO()
    write_incidents([inc, *other_incidents()], "jsonl", out, documents=DOCS)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["id"] == "inc-nayrab"


def test_csv_has_acled_columns_then_ours(nayrab) -> None:
    inc, reports = nayrab
    out = io.StringIO()
    write_incidents(
        [inc, *other_incidents()], "csv", out, reports={inc.id: reports}, documents=DOCS
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    header = out.getvalue().splitlines()[0].split(",")
    assert header == CSV_COLUMNS and header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    for col in (
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "actor2",
        "civilian_targeting",
        "country",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ):
        assert col in header
    r = rows[0]
    assert r["event_date"] == "2020-02-11" and r["year"] == "2020" and r["time_precision"] == "1"
    assert r["event_type"] == "Battles" and r["sub_event_type"] == "Armed clash"
    assert r["disorder_type"] == "Political violence"
    assert r["country"] == "Syria" and r["iso"] == "760" and r["event_id_cnty"].startswith("SYR")
    assert r["admin1"] == "Idlib" and r["location"] == "Nayrab" and r["geo_precision"] == "2"
    assert float(r["latitude"]) == pytest.approx(35.86)
    assert r["source"] == "The New Arab; The Independent"
    assert r["fatalities"] == "3" and r["fatalities_low"] == "3" and r["fatalities_high"] == ""
    assert "aircraft" in r["contested"].split(";") and r["grade"] in (
        "fair",
        "weak",
        "confirmed",
        "contested",
    )
    assert "Nayrab" in r["notes"] and "Mi-17" in r["notes"]
    chicago = rows[1]
    assert (
        chicago["civilian_targeting"] == "Civilian targeting"
        and chicago["country"] == "United States"
    )
    assert chicago["injured"] == "2" and chicago["disorder_type"] == "Political violence"
    undated = rows[2]
    assert undated["event_date"] == "" and undated["fatalities"] == "0"


def test_geojson_feature_collection(nayrab) -> None:
    inc, reports = nayrab
    out = io.StringIO()
    write_incidents(
        [inc, *other_incidents()], "geojson", out, reports={inc.id: reports}, documents=DOCS
    )
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    f = data["features"][0]
    assert f["type"] == "Feature" and f["geometry"] == {
        "type": "Point",
        "coordinates": [36.75, 35.86],
    }
    assert (
        f["properties"]["warmonitor_id"] == "inc-nayrab"
        and "aircraft" in f["properties"]["contested"]
    )
    assert data["features"][2]["geometry"] is None


def test_table_lists_incidents(nayrab) -> None:
    inc, _ = nayrab
    out = io.StringIO()
    write_incidents([inc, *other_incidents()], "table", out)
    text = out.getvalue()
    assert "inc-nayrab" in text and "Nayrab" in text and "inc-chicago" in text
    assert "\x1b[" not in text  # no colour codes when not a terminal


def test_unknown_format_rejected() -> None:
    with pytest.raises(ValueError):
        write_incidents([], "xml", io.StringIO())


# --------------------------------------------------------------------------- filters


@pytest.fixture()
def all_incidents(nayrab):
    return [nayrab[0], *other_incidents()]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, {"inc-nayrab", "inc-chicago", "inc-undated"}),
        ({"since": dt.date(2020, 1, 1)}, {"inc-nayrab"}),
        ({"until": dt.date(2019, 1, 1)}, {"inc-chicago"}),
        ({"since": dt.date(2016, 5, 1), "until": dt.date(2016, 5, 1)}, {"inc-chicago"}),
        ({"country": "sy"}, {"inc-nayrab"}),
        ({"admin1": "illinois"}, {"inc-chicago"}),
        ({"event_type": "attack"}, {"inc-chicago"}),
        ({"contested": True}, {"inc-nayrab"}),
        ({"contested": False}, {"inc-chicago", "inc-undated"}),
        ({"grade": "weak"}, {"inc-chicago", "inc-undated"}),
    ],
)
def test_filters(all_incidents, criteria, expected) -> None:
    assert {i.id for i in filter_incidents(all_incidents, **criteria)} == expected
    assert {i.id for i in filter_incidents(all_incidents, IncidentFilter(**criteria))} == expected
