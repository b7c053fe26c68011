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
        "denied": False,
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


# --------------------------------------------------------------------------- ACLED columns


def _csv(incidents, **context) -> str:
    out = io.StringIO()
    write_incidents(incidents, "csv", out, **context)
    return out.getvalue()


def _typed_rows(incidents, **context) -> list[dict]:
    from warmonitor.export import ExportContext, incident_record

    ctx = ExportContext.of(**context)
    return [incident_record(i, ctx) for i in incidents]


def test_csv_reads_back_with_pandas_dtypes(nayrab) -> None:
    import pandas as pd

    from warmonitor.export import CSV_DTYPES

    inc, reports = nayrab
    incidents = [inc, *other_incidents()]
    text = _csv(incidents, reports={inc.id: reports}, documents=DOCS)
    typed = pd.read_csv(io.StringIO(text), dtype=CSV_DTYPES)
    assert list(typed.columns) == CSV_COLUMNS
    for column, dtype in CSV_DTYPES.items():
        assert str(typed[column].dtype) == dtype, column
    assert typed["fatalities_low"].tolist()[0] == 3 and pd.isna(typed["fatalities_high"][0])
    assert typed["iso"].tolist()[:2] == [760, 840] and pd.isna(typed["iso"][2])
    assert typed["year"].tolist()[:2] == [2020, 2016]
    # Integers are written bare ("3", never "3.0"), so even a plain read keeps the full ones.
    plain = pd.read_csv(io.StringIO(text))
    for column in ("fatalities", "reports"):
        assert str(plain[column].dtype) == "int64", column
    rows = list(csv.DictReader(io.StringIO(text)))
    ints = [c for c, t in CSV_DTYPES.items() if t == "Int64"]
    assert all("." not in r[c] for r in rows for c in ints)


def test_acled_columns_are_filled_from_the_record(nayrab) -> None:
    inc, reports = nayrab
    updated = {inc.id: dt.datetime(2024, 3, 5, 12, 0, 0)}
    row = _typed_rows([inc], reports={inc.id: reports}, documents=DOCS, updated=updated)[0]
    assert row["region"] == "Middle East" and row["country"] == "Syria" and row["iso"] == 760
    # The New Arab is a Middle East outlet (regional for Syria), The Independent international.
    assert row["source_scale"] == "Regional-International"
    assert row["source"] == "The New Arab; The Independent"
    assert row["source_urls"] == "http://a"
    assert row["timestamp"] == 1709640000  # 2024-03-05T12:00:00Z
    assert "contested: aircraft" in row["tags"]
    assert row["event_date_end"] == "2020-02-11" and row["date_precision"] == "day"
    assert row["admin3"] is None  # the gazetteer has no third-level areas yet
    assert row["assoc_actor_1"] is None and row["actor1"] == "anti-regime forces"


def test_event_id_is_stable_per_incident_not_a_row_counter(nayrab) -> None:
    from warmonitor.export.ids import event_id_cnty, event_number

    inc, _ = nayrab
    incidents = [inc, *other_incidents()]
    forward = {r["warmonitor_id"]: r["event_id_cnty"] for r in _typed_rows(incidents)}
    backward = {r["warmonitor_id"]: r["event_id_cnty"] for r in _typed_rows(incidents[::-1])}
    assert forward == backward
    assert forward["inc-nayrab"] == f"SYR{event_number('inc-nayrab')}"
    assert forward["inc-chicago"].startswith("USA") and forward["inc-undated"].startswith("XXX")
    assert len(set(forward.values())) == 3
    assert event_id_cnty("inc-nayrab", "SY") == event_id_cnty("inc-nayrab", "sy")
    assert 0 < event_number("inc-nayrab") < 2**53


def _incident(**fields):
    from warmonitor.records import Incident

    return Incident(id="inc-x", event_type=fields.pop("event_type", "attack"), **fields)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (DateRange(dt.date(1927, 1, 1), dt.date(1927, 12, 31), "year"), "In 1927,"),
        (DateRange(dt.date(2020, 2, 1), dt.date(2020, 2, 29), "month"), "In February 2020,"),
        (
            DateRange(dt.date(2020, 2, 5), dt.date(2020, 2, 11), "week"),
            "In the week from 5 February 2020 to 11 February 2020,",
        ),
        (
            DateRange(dt.date(2020, 3, 1), dt.date(2020, 3, 3), "day"),
            "Between 1 March 2020 and 3 March 2020,",
        ),
        (DateRange(dt.date(2020, 2, 11), dt.date(2020, 2, 11), "day"), "On 11 February 2020,"),
        (DateRange.unknown(), "On an unknown date,"),
    ],
)
def test_notes_say_the_date_at_its_precision(date, expected) -> None:
    from warmonitor.export.coding import notes

    assert notes(_incident(date=date)).startswith(expected)


def test_inter_codes_from_what_the_record_supports() -> None:
    state_on_civilians = _incident(
        location=NAYRAB,
        perpetrators=[Actor("regime forces", kind="state")],
        victims=[Victim("civilians", Count(best=4), "civilians", "killed")],
    )
    row = _typed_rows([state_on_civilians])[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 7, 17)
    assert row["actor2"] == "Civilians (Syria)" and row["civilian_targeting"]
    protest = _incident(event_type="peaceful_protest", location=NAYRAB)
    row = _typed_rows([protest])[0]
    assert row["actor1"] == "Protesters (Syria)" and row["interaction"] == 60
    assert row["disorder_type"] == "Demonstrations" and row["civilian_targeting"] is None
    # Rebels are ACLED's inter 2 (the actor dictionary's generic head nouns).
    rebels = _incident(
        event_type="armed_clash",
        location=NAYRAB,
        perpetrators=[Actor("rebels", kind="organization")],
        victims=[Victim("women", Count(best=2), "civilians", "killed")],
    )
    row = _typed_rows([rebels])[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == (2, 7, 27)
    assert (
        row["actor1"] == "rebels"
        and row["assoc_actor_2"] == "Women (Syria)"
        and "women targeted: women" in row["tags"]
    )


def test_named_groups_get_their_dictionary_names_and_codes() -> None:
    quetta = Place(
        "Quetta", 30.18, 67.0, 1167528, "populated_place", "PK", "Balochistan", None, 1, 0.9
    )
    attack = _incident(
        event_type="armed_clash",
        location=quetta,
        perpetrators=[Actor("belonging to the banned BLA", kind="organization")],
        victims=[Victim("paramilitary troops", Count(best=3), "soldiers", "killed")],
    )
    row = _typed_rows([attack])[0]
    assert row["actor1"] == "BLA: Baloch Liberation Army" and row["inter1"] == 2
    assert row["inter2"] == 1 and row["interaction"] == 12


def test_vague_casualty_wording_is_tagged() -> None:
    row = _typed_rows([_incident(fatalities=Count(phrase="all crew on board"))])[0]
    assert row["fatalities"] == 0 and "vague fatalities wording: all crew on board" in row["tags"]


def test_countries_regions_and_names() -> None:
    from warmonitor.export.countries import ACLED_REGIONS, country

    codes = [c for v in ACLED_REGIONS.values() for c in v.split()]
    assert len(codes) == len(set(codes))  # each country in one region
    assert country("CD").name == "Democratic Republic of Congo"
    assert (
        country("EG").acled_region == "Northern Africa"
        and country("EG").ucdp_region == "Middle East"
    )
    assert country("UA").acled_region == "Europe" and country("ML").ucdp_region == "Africa"
    assert country("XK").alpha3 == "XKX" and country("ZZ") is None and country(None) is None


# --------------------------------------------------------------------------- UCDP GED


def test_ucdp_export_maps_ged_columns(nayrab) -> None:
    import pandas as pd

    from warmonitor.export import UCDP_CSV_COLUMNS, UCDP_DTYPES
    from warmonitor.export.ids import event_number

    inc, reports = nayrab
    incidents = [inc, *other_incidents()]
    out = io.StringIO()
    write_incidents(incidents, "ucdp", out, reports={inc.id: reports}, documents=DOCS)
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype=UCDP_DTYPES)
    assert list(frame.columns) == UCDP_CSV_COLUMNS
    for column, dtype in UCDP_DTYPES.items():
        assert str(frame[column].dtype) == dtype, column
    nay = frame.iloc[0]
    assert nay["id"] == event_number("inc-nayrab") and nay["year"] == 2020
    assert nay["where_prec"] == 2 and nay["date_prec"] == 1
    assert nay["date_start"] == nay["date_end"] == "2020-02-11"
    assert nay["geom_wkt"] == "POINT (36.75 35.86)" and nay["region"] == "Middle East"
    assert nay["source_office"] == "The New Arab;The Independent"
    assert nay["source_article"].startswith("The New Arab,2020-02-14,Helicopter shot down;")
    assert (nay["best"], nay["low"], nay["high"]) == (3, 3, 3)
    deaths = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]
    for _, row in frame.iterrows():
        assert sum(row[c] for c in deaths) == row["best"]
    # Three crew of a downed aircraft: the victims' side, not placed as civilians.
    assert nay["deaths_civilians"] == 0 and nay["deaths_a"] + nay["deaths_b"] == 3
    chicago = frame.iloc[1]
    assert chicago["region"] == "Americas" and chicago["where_prec"] == 1
    undated = frame.iloc[2]
    assert pd.isna(undated["year"]) and pd.isna(undated["latitude"]) and undated["best"] == 0


def test_ucdp_type_of_violence_and_clarity() -> None:
    from warmonitor.export.ucdp import event_clarity, type_of_violence

    one_sided = _incident(
        perpetrators=[Actor("militants", kind="organization")],
        victims=[Victim("villagers", Count(best=3), "civilians", "killed")],
    )
    state_based = _incident(
        event_type="armed_clash",
        perpetrators=[Actor("rebels", kind="organization")],
        victims=[Victim("soldiers", Count(best=2), "soldiers", "killed")],
    )
    non_state = _incident(
        event_type="armed_clash",
        perpetrators=[Actor("a clan militia", kind="organization")],
        victims=[Victim("fighters of a rival militia", Count(best=2), "militants", "killed")],
    )
    protest = _incident(event_type="peaceful_protest")
    assert [type_of_violence(i) for i in (one_sided, state_based, non_state, protest)] == [
        3,
        1,
        2,
        None,
    ]
    assert event_clarity(_incident(grade="fair")) == 1
    assert event_clarity(_incident(grade="fair", contested=["date"])) == 2
    assert event_clarity(_incident(grade="weak")) == 2


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (DateRange(dt.date(2020, 2, 11), dt.date(2020, 2, 11), "day"), 1),
        (DateRange(dt.date(2020, 2, 9), dt.date(2020, 2, 11), "day"), 2),
        (DateRange(dt.date(2020, 2, 5), dt.date(2020, 2, 11), "week"), 3),
        (DateRange(dt.date(2020, 2, 1), dt.date(2020, 2, 29), "month"), 4),
        (DateRange(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year"), 5),
    ],
)
def test_ucdp_date_prec(date, expected) -> None:
    from warmonitor.export.ucdp import date_prec

    assert date_prec(_incident(date=date)) == expected


# --------------------------------------------------------------------------- GeoJSON typing


def _walk_values(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk_values(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_values(v)
    else:
        yield value


def test_geojson_is_valid_and_typed(nayrab) -> None:
    from geojson_pydantic import FeatureCollection

    from warmonitor.export import CSV_DTYPES

    inc, reports = nayrab
    out = io.StringIO()
    write_incidents(
        [inc, *other_incidents()], "geojson", out, reports={inc.id: reports}, documents=DOCS
    )
    data = json.loads(out.getvalue())
    FeatureCollection.model_validate(data)  # RFC 7946 as geojson-pydantic checks it
    assert "" not in list(_walk_values(data))
    for feature in data["features"]:
        props = feature["properties"]
        for column, dtype in CSV_DTYPES.items():
            value = props[column]
            if value is None:
                continue
            expected = {"Int64": int, "float64": float}.get(dtype)
            if column in ("contested", "source_urls"):
                assert isinstance(value, list), column
            elif expected is not None:
                assert type(value) is expected, (column, value)
            else:
                assert isinstance(value, str), (column, value)
        assert "geo_precision" in props and "date_precision" in props
        if feature["geometry"] is not None:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    nay, chicago, undated = data["features"]
    assert nay["properties"]["fatalities_low"] == 3 and nay["properties"]["geo_precision"] == 2
    assert nay["properties"]["source_urls"] == ["http://a"]
    assert undated["geometry"] is None and undated["properties"]["latitude"] is None
    assert chicago["properties"]["injured"] == 2


def test_every_builtin_format_is_a_registered_exporter() -> None:
    from warmonitor import registry
    from warmonitor.export import FORMATS

    assert set(FORMATS) <= set(registry.names("exporters"))
    for name in FORMATS:
        assert callable(registry.get("exporters", name))


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ([("voanews.com", "https://www.voanews.com/a/1.html")], "International"),
        ([(None, "https://example.sy/news/1")], "National"),
        ([("Al Jazeera", None), ("SANA", None)], "National-Regional"),
        ([("Kyiv Independent", None)], "International"),  # Ukraine is another region
        ([("Some Blog", "https://someblog.com/x")], None),
    ],
)
def test_source_scale_from_outlets(sources, expected) -> None:
    from warmonitor.export.coding import source_scale

    assert source_scale(_incident(location=NAYRAB), sources) == expected
