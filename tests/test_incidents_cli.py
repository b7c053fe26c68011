"""`warmonitor incidents` input checks (issue 14), plurals and the gazetteer's first-use message."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from warmonitor.cli import app
from warmonitor.store import Store


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("incidents") / "empty.sqlite"
    Store(str(path)).close()  # read commands never create a database: make an empty one
    return str(path)


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("--type", "nosuchtype", ["armed_clash", "aircraft_downed", "peaceful_protest"]),
        ("--grade", "excellent", ["confirmed", "fair", "weak", "contested"]),
        ("--country", "Syria", ["SY"]),
        ("--country", "Narnia", ["alpha-2"]),
        ("--format", "xml", ["csv", "geojson", "ucdp"]),
        ("--since", "yesterday-ish", ["YYYY-MM-DD"]),
    ],
)
def test_bad_filter_values_say_what_is_allowed(empty_db, option, value, allowed) -> None:
    result = CliRunner().invoke(app, ["incidents", "--db", empty_db, option, value])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.replace("│", " ").split())
    assert option in text and value in text
    for word in allowed:
        assert word in text, (word, text)


@pytest.mark.parametrize(
    ("option", "value"),
    [("--type", "armed_clash"), ("--grade", "fair"), ("--country", "sy"), ("--country", "ML")],
)
def test_good_filter_values_pass(empty_db, option, value) -> None:
    result = CliRunner().invoke(app, ["incidents", "--db", empty_db, option, value])
    assert result.exit_code == 0, result.output
    assert "0 incidents" in result.output


def test_summary_uses_singulars(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Gunmen killed three villagers in the town of Kidal on Monday.\n")
    db = str(tmp_path / "one.sqlite")
    result = CliRunner().invoke(
        app, ["ingest", str(story), "--db", db, "--published", "2024-03-05"]
    )
    assert result.exit_code == 0, result.output
    assert "read 1 document:" in result.stderr and "1 report," in result.stderr
    assert "holds 1 document," in result.stderr and "1 documents" not in result.stderr


def test_first_use_says_the_gazetteer_is_being_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from warmonitor.cli.gazetteer import ensure_gazetteer
    from warmonitor.geo import gazetteer

    target = tmp_path / "gazetteer.sqlite"
    monkeypatch.setenv(gazetteer.ENV_VAR, str(target))
    built: list[Path] = []

    def record_build(path: Path) -> gazetteer.BuildStats:
        # The message must already be out when the (slow) build starts.
        assert "first use, building the offline gazetteer" in capsys.readouterr().err
        built.append(path)
        return gazetteer.BuildStats(path=path, seconds=31.0, bytes=65_000_000, rows=1)

    monkeypatch.setattr(gazetteer, "build", record_build)
    ensure_gazetteer()
    assert built == [target]
    assert f"gazetteer: 1 name in {target} (65.0 MB, 31.0 s)" in capsys.readouterr().err


def test_no_message_when_the_gazetteer_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    from warmonitor.cli.gazetteer import ensure_gazetteer
    from warmonitor.geo.gazetteer import open_gazetteer

    open_gazetteer()  # the shared test gazetteer (conftest), built once
    ensure_gazetteer()
    assert "gazetteer" not in capsys.readouterr().err


def test_exports_from_a_store_carry_timestamps_and_sources(db_url: str) -> None:
    import csv
    import io
    import json
    import time

    import warmonitor

    before = int(time.time()) - 5
    with warmonitor.Pipeline(db_url) as pipeline:
        pipeline.ingest_text(
            "Gunmen killed three villagers in the town of Kidal on Monday, officials said.",
            published="2024-03-05",
            outlet="Reuters",
            url="https://example.org/kidal",
        )
    runner = CliRunner()
    result = runner.invoke(app, ["incidents", "--db", db_url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert before <= int(row["timestamp"]) <= int(time.time()) + 5
    assert row["source"] == "Reuters" and row["source_scale"] == "International"
    assert row["source_urls"] == "https://example.org/kidal" and row["region"] == "Western Africa"
    assert row["event_id_cnty"].startswith("MLI") and row["fatalities"] == "3"
    result = runner.invoke(app, ["incidents", "--db", db_url, "--format", "ucdp"])
    (ged,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert ged["type_of_violence"] == "3" and ged["deaths_civilians"] == "3"
    assert ged["source_office"] == "Reuters" and ged["region"] == "Africa"
    result = runner.invoke(app, ["incidents", "--db", db_url, "--format", "geojson"])
    feature = json.loads(result.stdout)["features"][0]
    assert feature["properties"]["timestamp"] == int(row["timestamp"])
