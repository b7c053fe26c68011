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


def test_out_of_scope_incidents_are_kept_when_asked_and_listed_only_with_the_flag(
    tmp_path: Path,
) -> None:
    """[classify] keep_out_of_scope stores an earthquake as natural_disaster; a default export
    shows conflict events only, --include-out-of-scope and --type name the rest."""
    import json

    quake = tmp_path / "quake.txt"
    quake.write_text(
        "---\npublished: 2025-05-20\n---\n"
        "An earthquake killed 12 people in villages near Herat on Saturday.\n",
        encoding="utf-8",
    )
    attack = tmp_path / "attack.txt"
    attack.write_text(
        "---\npublished: 2025-05-20\n---\n"
        "Gunmen killed five soldiers at a checkpoint in Gao, Mali, on Sunday.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "scope.sqlite")
    keep = ["--set", "classify.keep_out_of_scope=true"]
    runner = CliRunner()
    stored = runner.invoke(app, [*keep, "ingest", str(quake), str(attack), "--db", db, "--quiet"])
    assert stored.exit_code == 0, stored.output

    def types(*options: str) -> list[str]:
        result = runner.invoke(app, ["incidents", "--db", db, "--format", "json", *options])
        assert result.exit_code == 0, result.output
        return sorted(i["event_type"] for i in json.loads(result.output)["incidents"])

    everything = types("--include-out-of-scope")
    assert "natural_disaster" in everything and len(everything) >= 2
    assert "natural_disaster" not in types()
    assert types() == [t for t in everything if t != "natural_disaster"]
    assert types("--type", "natural_disaster") == ["natural_disaster"]

    # The API selects alike, and says what it accepts.
    from fastapi.testclient import TestClient

    from warmonitor.api import create_app

    client = TestClient(create_app(f"sqlite:///{db}"))

    def api_types(query: str) -> list[str]:
        answer = client.get(f"/api/incidents?{query}")
        assert answer.status_code == 200, answer.text
        return sorted(i["event_type"] for i in answer.json()["incidents"])

    assert api_types("include_out_of_scope=true") == everything
    assert api_types("") == types()
    bad = client.get("/api/incidents?include_out_of_scope=perhaps")
    assert bad.status_code == 422 and "include_out_of_scope" in bad.text
