"""Extraction as a replaceable component: the registry, settings selection, warnings."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import catalogue
import pytest
from typer.testing import CliRunner

from warmonitor import pipeline, registry
from warmonitor.cli import app
from warmonitor.extract import Extractor, RuleExtractor, as_extractor, extract_reports
from warmonitor.records import Count, DateRange, Document, Evidence, Report
from warmonitor.settings import Settings
from warmonitor.sources import IngestOptions, RawItem, make_document
from warmonitor.store import Store

TOY = "test-count-words"
TEXT = "Gunmen killed 3 villagers near Gao on Friday, police said."


class CountWordsExtractor:
    """A toy but real extractor: one armed-clash report per "N ... killed / killed N" phrase."""

    PHRASE = re.compile(r"\bkilled\s+(?P<n>\d+)\b|\b(?P<m>\d+)\s+(?:\w+\s+)?killed\b")

    def __call__(self, document: Document) -> list[Report]:
        reports = []
        for match in self.PHRASE.finditer(document.text):
            n = int(match.group("n") or match.group("m"))
            published = document.published
            reports.append(
                Report(
                    document_id=document.id,
                    event_type="armed_clash",
                    acled={"event_type": "Battles", "sub_event_type": "Armed clash"},
                    date=DateRange(published, published, "day")
                    if published
                    else DateRange.unknown(),
                    fatalities=Count(n, n, n),
                    evidence=[
                        Evidence(
                            "fatalities",
                            {"low": n, "best": n, "high": n, "phrase": None},
                            match.start(),
                            match.end(),
                            match.group(0),
                        )
                    ],
                )
            )
        return reports

    def pipe(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Report]]]:
        for document in documents:
            yield document, self(document)


@pytest.fixture
def toy_extractor() -> Iterator[str]:
    registry.extractors.register(TOY, func=CountWordsExtractor())
    yield TOY
    catalogue._remove((*registry.extractors.namespace, TOY))  # no public unregister


def _document(text: str = TEXT) -> Document:
    return make_document(
        RawItem("gao.txt", "text", text), IngestOptions(published=dt.date(2016, 3, 5))
    )


def test_the_rule_extractor_is_registered_and_the_default() -> None:
    assert "rules" in registry.names("extractors")
    extractor = pipeline.extractor_for(Settings.load())
    assert isinstance(extractor, RuleExtractor)
    assert isinstance(extractor, Extractor)
    [report] = pipeline.extract_document(_document())
    assert report.event_type == "attack"  # the rules' reading; the toy says armed_clash


def test_ingest_runs_through_the_configured_extractor(sqlite_url: str, toy_extractor: str) -> None:
    settings = Settings.load(overrides=[f"extract.extractor={toy_extractor}"])
    store = Store(sqlite_url)
    summary = pipeline.ingest_all(store, [("gao.txt", _document())], settings=settings)
    assert [o.status for o in summary.outcomes] == ["new"]
    [incident] = store.incidents()
    [report] = store.reports_of([incident.id])[incident.id]
    assert report.event_type == "armed_clash"
    assert report.fatalities.best == 3
    assert [(e.field, e.text) for e in report.evidence] == [("fatalities", "killed 3")]


def test_cli_set_selects_the_extractor(tmp_path: Path, toy_extractor: str) -> None:
    path = tmp_path / "gao.txt"
    path.write_text(TEXT)
    runner = CliRunner()
    chosen = ["--set", f"extract.extractor={toy_extractor}"]
    result = runner.invoke(app, [*chosen, "extract", str(path), "--published", "2016-03-05"])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    assert [r["event_type"] for r in doc["reports"]] == ["armed_clash"]
    db = f"sqlite:///{tmp_path / 'wm.sqlite'}"
    result = runner.invoke(app, [*chosen, "ingest", str(path), "--db", db, "--json", "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reports"] == 1
    [incident] = Store(db).incidents()
    assert incident.event_type == "armed_clash"


def test_an_unknown_extractor_rejects_with_the_known_names(sqlite_url: str) -> None:
    settings = Settings.load(overrides=["extract.extractor=no-such-extractor"])
    summary = pipeline.ingest_all(Store(sqlite_url), [("gao.txt", _document())], settings=settings)
    [outcome] = summary.outcomes
    assert outcome.status == "rejected"
    assert "no extractor 'no-such-extractor'; known: " in outcome.reason
    assert "rules" in outcome.reason


def test_a_plain_function_is_an_extractor() -> None:
    extractor = as_extractor(lambda document: [Report(document.id, "other")])
    [(doc, reports)] = list(extractor.pipe([_document()]))
    assert [r.event_type for r in reports] == ["other"]
    with pytest.raises(TypeError, match="must be callable"):
        as_extractor(42)


def _broken_gazetteer(*args: object, **kwargs: object) -> list[object]:
    raise sqlite3.DatabaseError("file is not a database")


def test_a_geoparser_failure_is_a_warning_not_silence(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warmonitor.geo.geoparse as geoparse_module

    monkeypatch.setattr(geoparse_module, "geoparse", _broken_gazetteer)
    document = _document()
    [report] = extract_reports(document)
    assert report.location is not None and report.location.text == "Gao"  # NER fallback
    assert report.location.place is None
    assert document.warnings == [
        "geoparsing failed (DatabaseError: file is not a database); places left unresolved"
    ]
    store = Store(sqlite_url)
    summary = pipeline.ingest_all(store, [("gao.txt", _document())])
    [outcome] = summary.outcomes
    assert outcome.status == "new"
    assert any(w.startswith("geoparsing failed (DatabaseError") for w in outcome.warnings)
    store.close()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:  # stored with the document
        [(meta,)] = db.execute("SELECT meta FROM documents").fetchall()
    assert any(w.startswith("geoparsing failed") for w in json.loads(meta)["warnings"])


def test_geoparse_step_records_its_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import warmonitor.geo.geoparse as geoparse_module

    document = _document()
    assert [m.text for m in pipeline.geoparse_document(document)] == ["Gao"]
    monkeypatch.setattr(geoparse_module, "geoparse", _broken_gazetteer)
    assert pipeline.geoparse_document(document) == []
    assert document.warnings[-1].startswith("geoparsing failed (DatabaseError")


def test_cli_extract_names_an_unknown_extractor(tmp_path: Path) -> None:
    path = tmp_path / "gao.txt"
    path.write_text(TEXT)
    result = CliRunner().invoke(app, ["--set", "extract.extractor=nope", "extract", str(path)])
    assert result.exit_code == 2
    assert "error: setting extract.extractor: no extractor 'nope'; known: " in result.stderr
