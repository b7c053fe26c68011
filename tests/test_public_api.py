"""`import warmonitor`: the same records as the command line, from Python."""

from __future__ import annotations

import json
import subprocess
import sys

import warmonitor
from conftest import SAMPLES

SAMPLE = SAMPLES / "northwest_dispatch_2024-03-05.txt"


def test_extract_returns_what_the_cli_prints() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", "extract", str(SAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    cli_reports = json.loads(printed.stdout)[0]["reports"]
    assert cli_reports
    assert warmonitor.extract(SAMPLE.read_text(encoding="utf-8")) == cli_reports
    document = warmonitor.document(SAMPLE.read_text(encoding="utf-8"))
    assert warmonitor.extract(document) == cli_reports


def test_extract_resolves_relative_dates_against_published() -> None:
    text = "Gunmen killed three villagers in the town of Kidal on Monday, officials said."
    undated = warmonitor.extract(text)
    dated = warmonitor.extract(text, published="2024-03-05")
    assert dated[0]["date"] == {"start": "2024-03-04", "end": "2024-03-04", "precision": "day"}
    assert undated[0]["date"]["start"] is None


def test_geoparse_returns_places_with_spans() -> None:
    text = "Fighting was reported near Idlib."
    places = warmonitor.geoparse(text)
    idlib = next(p for p in places if p["text"] == "Idlib")
    assert text[idlib["start"] : idlib["end"]] == "Idlib" and idlib["country"] == "SY"


def test_pipeline_queries_with_keyword_filters(tmp_path) -> None:
    with warmonitor.Pipeline(tmp_path / "p.sqlite") as pipeline:
        pipeline.ingest([SAMPLES])
        everything = pipeline.incidents()
        syria = pipeline.incidents(country="SY", since="2024-01-01")
        assert everything and {i.location.country for i in syria} == {"SY"}
        assert pipeline.incidents(filters=warmonitor.IncidentFilter(country="SY")) == [
            i for i in everything if i.location and i.location.country == "SY"
        ]
        frame = pipeline.to_dataframe(syria)
        assert len(frame) == len(syria) and str(frame["year"].dtype) == "Int64"
        again = pipeline.ingest([SAMPLES])
        assert again.new == 0 and again.duplicate == again.read
