"""The store on a real SQLite file and a real PostgreSQL schema."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import inspect

from warmonitor.link import Block, blocking_key, features
from warmonitor.records import (
    Actor,
    Claim,
    Count,
    DateRange,
    Document,
    Evidence,
    Incident,
    Place,
    PlaceMention,
    Report,
    report_key,
)
from warmonitor.store import (
    ConflictingDocument,
    DuplicateDocument,
    IncidentFilter,
    Store,
    StoreError,
    normalize_db_url,
)


def make_doc(text: str, doc_id: str | None = None, outlet: str = "Wire") -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        id=doc_id or sha[:16], text=text, sha256=sha, outlet=outlet, published=dt.date(2024, 3, 5)
    )


def make_report(doc: Document, index: int = 0) -> Report:
    place = Place(
        name="Saraqib",
        lat=35.86,
        lon=36.80,
        geonames_id=163345,
        feature="populated_place",
        country="SY",
        admin1="Idlib",
        precision=2,
        score=0.9,
    )
    return Report(
        document_id=doc.id,
        index=index,
        event_type="aircraft_downed",
        acled={"event_type": "Battles", "sub_event_type": "Armed clash"},
        date=DateRange(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "day"),
        location=PlaceMention("Saraqeb", 10, 17, "event", place, "near"),
        fatalities=Count(2, 2, None),
        perpetrators=[Actor("rebels", "rebels", "organization")],
        aircraft=["Mi-8"],
        evidence=[Evidence("aircraft", "Mi-8", 0, 9, "The Mi-8 ", "SANA", False)],
    )


def make_incident(
    incident_id: str,
    report: Report,
    country: str = "SY",
    grade: str = "weak",
    contested: list[str] | None = None,
) -> Incident:
    return Incident(
        id=incident_id,
        event_type=report.event_type,
        acled=report.acled,
        date=report.date,
        location=Place(
            name="Saraqib", lat=35.86, lon=36.8, country=country, admin1="Idlib", precision=2
        ),
        fatalities=report.fatalities,
        aircraft=report.aircraft,
        contested=contested or [],
        grade=grade,  # type: ignore[arg-type]
        claims=[Claim("aircraft", "Mi-8", "Wire", "SANA", False, report.document_id, 0, 9)],
        report_keys=[report_key(report)],
    )


def test_schema_is_migrated_and_migrating_again_is_a_no_op(db_url: str) -> None:
    store = Store(db_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "documents",
        "reports",
        "places",
        "incidents",
        "claims",
        "incident_events",
        "alembic_version",
    } <= tables
    store.close()
    again = Store(db_url)  # a second open must not fail or duplicate anything
    assert again.counts()["documents"] == 0
    again.close()


def test_document_reports_places_incident_and_claims_round_trip(db_url: str) -> None:
    store = Store(db_url)
    doc = make_doc("The Mi-8 helicopter was shot down near Saraqeb.")
    report = make_report(doc)
    with store.unit() as unit:
        unit.add_document(doc, [report])
        unit.assign_reports({report_key(report): "inc-1"})
        unit.save_incident(make_incident("inc-1", report))
    assert store.counts() == {
        "documents": 1,
        "reports": 1,
        "incidents": 1,
        "claims": 1,
        "places": 1,
    }
    (incident,) = store.incidents()
    assert (
        incident.id == "inc-1"
        and incident.aircraft == ["Mi-8"]
        and incident.location.admin1 == "Idlib"
    )
    assert incident.claims[0].attributed_to == "SANA"
    (stored,) = store.reports_of(["inc-1"])["inc-1"]
    assert stored == report  # every field, nested records included, survives the database
    assert store.documents([doc.id])[doc.id]["outlet"] == "Wire"
    assert store.document_text(doc.id) == doc.text
    store.close()


def test_duplicate_content_and_conflicting_ids(db_url: str) -> None:
    store = Store(db_url)
    doc = make_doc("Shelling killed two farmers.")
    with store.unit() as unit:
        unit.add_document(doc, [])
    with pytest.raises(DuplicateDocument) as dup, store.unit() as unit:
        unit.add_document(make_doc(doc.text, doc_id="other-id"), [])
    assert dup.value.existing_id == doc.id
    with pytest.raises(ConflictingDocument), store.unit() as unit:
        unit.add_document(make_doc("Different text entirely.", doc_id=doc.id), [])
    assert store.counts()["documents"] == 1
    store.close()


def test_failed_unit_rolls_back_everything(db_url: str) -> None:
    store = Store(db_url)
    doc = make_doc("A convoy was ambushed.")
    with pytest.raises(RuntimeError), store.unit() as unit:
        unit.add_document(doc, [make_report(doc)])
        raise RuntimeError("killed mid-transaction")
    assert store.counts() == {
        "documents": 0,
        "reports": 0,
        "incidents": 0,
        "claims": 0,
        "places": 0,
    }
    store.close()


def test_filters_candidates_and_merges(db_url: str) -> None:
    store = Store(db_url)
    docs = [make_doc(f"Report number {i} about an incident.") for i in range(3)]
    reports = [make_report(d) for d in docs]
    with store.unit() as unit:
        for d, r in zip(docs, reports, strict=True):
            unit.add_document(d, [r])
        unit.assign_reports(
            {report_key(reports[0]): "a", report_key(reports[1]): "b", report_key(reports[2]): "c"}
        )
        unit.save_incident(make_incident("a", reports[0], grade="fair", contested=["aircraft"]))
        unit.save_incident(make_incident("b", reports[1], country="IQ"))
        unit.save_incident(make_incident("c", reports[2]))
        blocks = [blocking_key(r) for r in reports]
        blocks[1] = dataclasses.replace(blocks[1], country="IQ")
        unit.index_reports([(r, b, features(r)) for r, b in zip(reports, blocks, strict=True)])
    assert [i.id for i in store.incidents(IncidentFilter(country="sy"))] == ["a", "c"]
    assert [i.id for i in store.incidents(IncidentFilter(contested=True))] == ["a"]
    assert [i.id for i in store.incidents(IncidentFilter(grade="fair"))] == ["a"]
    assert [i.id for i in store.incidents(IncidentFilter(admin1="IDLIB"))] == ["a", "b", "c"]
    assert store.incidents(IncidentFilter(since=dt.date(2024, 3, 5))) == []
    assert (
        len(store.incidents(IncidentFilter(since=dt.date(2024, 3, 4), until=dt.date(2024, 3, 4))))
        == 3
    )

    def block(lo: dt.date | None, hi: dt.date | None, country: str | None) -> Block:
        return Block(lo, hi, None, None, None, country, "violence")

    with store.unit() as unit:
        # b overlaps in time but lies in another country
        assert unit.candidate_ids(block(dt.date(2024, 3, 1), dt.date(2024, 3, 10), "SY")) == {
            "a",
            "c",
        }
        assert unit.candidate_ids(block(dt.date(2024, 4, 1), dt.date(2024, 4, 2), None)) == set()
        assert unit.candidate_ids(block(None, None, "IQ")) == {"b"}  # undated: the country's
        feats = unit.features_of(["a", "b"])
        assert [f.key for f in feats["a"]] == [report_key(reports[0])]
        assert feats["a"][0] == features(reports[0])  # stored once, read back whole
    with store.unit() as unit:
        unit.assign_reports({report_key(reports[2]): "a"})
        unit.drop_incidents(["c"])
        unit.record_event("merge", "a", ["c"], "same aircraft, same day", 0.93, docs[2].id)
        unit.save_incident(make_incident("a", reports[0]))
        assert unit.drop_empty_incidents(["a", "b", "c"]) == []
    assert sorted(i.id for i in store.incidents()) == ["a", "b"]
    assert len(store.reports_of(["a"])["a"]) == 2
    (event,) = store.incident_events()
    assert (
        event["kind"] == "merge"
        and event["others"] == ["c"]
        and event["score"] == pytest.approx(0.93)
    )
    store.close()


def test_database_urls() -> None:
    assert normalize_db_url("postgresql://127.0.0.1/test").startswith("postgresql+psycopg://")
    assert normalize_db_url("/tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"
    assert normalize_db_url("sqlite:///rel.db") == "sqlite:///rel.db"


def test_sql_filters_and_in_memory_filters_agree(db_url: str) -> None:
    from warmonitor.export import filter_incidents

    store = Store(db_url)
    docs = [make_doc(f"Another report, number {i}.") for i in range(4)]
    reports = [make_report(d) for d in docs]
    with store.unit() as unit:
        for i, (d, r) in enumerate(zip(docs, reports, strict=True)):
            unit.add_document(d, [r])
            unit.assign_reports({report_key(r): f"i{i}"})
            unit.save_incident(
                make_incident(
                    f"i{i}",
                    r,
                    country=("SY", "IQ")[i % 2],
                    grade=("fair", "weak")[i // 2],
                    contested=["aircraft"] if i == 3 else [],
                )
            )
    everything = store.incidents()
    for f in (
        IncidentFilter(country="IQ"),
        IncidentFilter(grade="weak", country="SY"),
        IncidentFilter(contested=False),
        IncidentFilter(since=dt.date(2024, 3, 4)),
        IncidentFilter(until=dt.date(2024, 3, 3)),
        IncidentFilter(event_type="aircraft_downed", admin1="idlib"),
    ):
        assert [i.id for i in store.incidents(f)] == [
            i.id for i in filter_incidents(everything, f)
        ], f
    store.close()


def test_only_touched_empty_incidents_are_dropped_and_long_id_lists_work(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    docs = [make_doc(f"Report {i} of two.") for i in range(2)]
    reports = [make_report(d) for d in docs]
    with store.unit() as unit:
        for d, r in zip(docs, reports, strict=True):
            unit.add_document(d, [r])
        unit.assign_reports({report_key(reports[0]): "x", report_key(reports[1]): "y"})
        unit.assign_reports({report_key(reports[1]): "x"})  # y is left empty
        assert unit.drop_empty_incidents(["x"]) == []  # y untouched by this document: kept
        assert unit.drop_empty_incidents(["x", "y"]) == ["y"]
    # More ids than SQLite binds in one statement (32766): read in chunks.
    many = [f"inc-{i}" for i in range(40_000)] + ["x"]
    found = store.reports_of(many)
    assert len(found) == len(many) and len(found["x"]) == 2
    assert store.documents([f"doc-{i}" for i in range(40_000)]) == {}
    store.close()


def test_paged_and_streamed_reads(db_url: str) -> None:
    store = Store(db_url)
    docs = [make_doc(f"Paged report {i}.") for i in range(5)]
    reports = [make_report(d) for d in docs]
    with store.unit() as unit:
        for i, (d, r) in enumerate(zip(docs, reports, strict=True)):
            unit.add_document(d, [r])
            unit.assign_reports({report_key(r): f"p{i}"})
            unit.save_incident(make_incident(f"p{i}", r, country=("SY", "IQ")[i % 2]))
    every = [i.id for i in store.incidents()]
    assert every == [f"p{i}" for i in range(5)]
    assert [i.id for i in store.incidents(limit=2, offset=2)] == every[2:4]
    assert [i.id for i in store.iter_incidents(batch_size=2)] == every
    assert store.count_incidents() == 5
    assert store.count_incidents(IncidentFilter(country="IQ")) == 2
    assert [i.id for i in store.iter_incidents(IncidentFilter(country="IQ"))] == ["p1", "p3"]
    store.close()


def test_exports_stream_the_store_in_pages(db_url: str) -> None:
    """Every format reads a page at a time and writes what the whole list in memory gives."""
    import io
    import json

    from warmonitor import export

    store = Store(db_url)
    docs = [make_doc(f"Streamed report {i}.", outlet=f"Outlet {i}") for i in range(5)]
    reports = [make_report(d) for d in docs]
    with store.unit() as unit:
        for i, (d, r) in enumerate(zip(docs, reports, strict=True)):
            unit.add_document(d, [r])
            unit.assign_reports({report_key(r): f"s{i}"})
            unit.save_incident(make_incident(f"s{i}", r, country=("SY", "IQ")[i % 2]))

    paged = export.StoredIncidents(store, IncidentFilter(), page_size=2)
    assert len(paged) == 5
    seen = []
    for incident in paged:  # the context holds the current page's incidents only
        assert incident.id in paged.reports and len(paged.reports) <= 2
        assert paged.documents and incident.id in paged.updated
        seen.append(incident.id)
    assert seen == [f"s{i}" for i in range(5)]

    whole = store.incidents()
    ids = [i.id for i in whole]
    by_incident = store.reports_of(ids)
    context = {
        "reports": by_incident,
        "documents": store.documents(sorted({r.document_id for r in reports})),
        "updated": store.updated_at(ids),
    }
    for fmt in export.FORMATS:
        expected, streamed = io.StringIO(), io.StringIO()
        export.write_incidents(whole, fmt, expected, **context)
        export.write_stored_incidents(store, IncidentFilter(), fmt, streamed, page_size=2)
        assert streamed.getvalue() == expected.getvalue(), fmt
        assert "Outlet 4" in streamed.getvalue() or fmt == "table"
        if fmt in ("json", "geojson"):  # written an item at a time, the text json.dump writes
            text = streamed.getvalue()
            assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    empty = io.StringIO()
    export.write_stored_incidents(store, IncidentFilter(country="FR"), "json", empty)
    assert empty.getvalue() == '{\n  "incidents": []\n}\n'
    store.close()


def test_long_ids_and_outlets_are_stored_alike_on_both_backends(db_url: str) -> None:
    # PostgreSQL once refused ids over 200 characters and outlets over 300 that SQLite kept.
    store = Store(db_url)
    doc = make_doc(
        "A report from an outlet with a very long name.", doc_id="d" * 500, outlet="o" * 1000
    )
    report = make_report(doc)
    with store.unit() as unit:
        unit.add_document(doc, [report])
    assert store.documents([doc.id])[doc.id]["outlet"] == "o" * 1000
    store.close()


def test_dates_at_the_calendars_ends_are_linked_not_rejected(sqlite_url: str) -> None:
    from warmonitor.pipeline import ingest_document

    store = Store(sqlite_url)
    for n, (published, day) in enumerate(
        [
            (dt.date(9999, 12, 31), None),
            (dt.date(1, 1, 2), None),
            (dt.date(9999, 12, 31), dt.date(9999, 12, 30)),
            (dt.date(1, 1, 1), dt.date(1, 1, 1)),
        ]
    ):
        doc = dataclasses.replace(make_doc(f"Edge of the calendar {n}."), published=published)
        report = make_report(doc)
        report.date = DateRange(day, day, "day" if day else None)
        outcome = ingest_document(store, doc, f"edge{n}", extract=lambda _d, r=report: [r])
        assert outcome.status == "new", outcome.reason
    assert store.counts()["incidents"] >= 1
    store.close()


def test_read_only_opening_makes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "x.sqlite"
    with pytest.raises(StoreError, match="no database at"):
        Store(str(missing), create=False)
    assert not (tmp_path / "no").exists()
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        Store("mysql://user@host/db")


def test_sql_candidates_are_the_blocks_compatible_ones(db_url: str) -> None:
    """The store's index ranges find exactly what link.blocks_compatible accepts."""
    import random

    from warmonitor.link import BlockIndex, blocks_compatible

    rng = random.Random(3)
    store = Store(db_url)
    countries, families = ["SY", "IQ", None], ["violence", "demonstration", "unknown"]

    def random_block() -> Block:
        if rng.random() < 0.2:
            lo = hi = None
        else:
            lo = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
            hi = lo + dt.timedelta(days=rng.choice([0, 4, 13, 40, 365, 800]))
        return Block(lo, hi, None, None, None, rng.choice(countries), rng.choice(families))

    docs = [make_doc(f"Block test document {i}.") for i in range(150)]
    reports = [make_report(d) for d in docs]
    blocks = [random_block() for _ in reports]
    index = BlockIndex()
    with store.unit() as unit:
        for d, r in zip(docs, reports, strict=True):
            unit.add_document(d, [r])
        unit.assign_reports({report_key(r): f"i{n}" for n, r in enumerate(reports)})
        unit.index_reports([(r, b, features(r)) for r, b in zip(reports, blocks, strict=True)])
    for n, block in enumerate(blocks):
        index.add(f"i{n}", block)
    with store.unit() as unit:
        for _ in range(60):
            probe = random_block()
            expected = {f"i{n}" for n, b in enumerate(blocks) if blocks_compatible(probe, b)}
            assert unit.candidate_ids(probe) == expected, probe
            assert set(index.compatible(probe)) == expected
    store.close()


def test_upgrading_a_0001_database_backfills_report_blocks(db_url: str) -> None:
    from alembic import command

    from warmonitor.pipeline import ingest_document
    from warmonitor.store.engine import _alembic_config

    store = Store(db_url)
    doc = make_doc("A report stored before revision 0002.")
    report = make_report(doc)
    assert ingest_document(store, doc, "old", extract=lambda _d: [report]).status == "new"
    with store.engine.begin() as connection:  # back to the first schema, blocks and all gone
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    store.close()

    store = Store(db_url)  # upgrades, and backfills the linked reports' blocks
    block = blocking_key(report, published=doc.published)
    with store.unit() as unit:
        (incident_id,) = unit.candidate_ids(block)
        (stored,) = unit.features_of([incident_id])[incident_id]  # recomputed: none were kept
        assert stored == features(report, doc.published)
    retold = make_doc("The same event, told again after the upgrade.")
    again = make_report(retold)
    outcome = ingest_document(store, retold, "new", extract=lambda _d: [again])
    assert outcome.incidents == [incident_id]  # linked to the incident stored before
    store.close()
