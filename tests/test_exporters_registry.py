"""Exporters are a registry: a toy one, registered as a plugin would, works from the CLI.

Nothing is installed: the in-process test decorates, the subprocess test puts a plugin's
``.dist-info`` (an entry point in ``warmonitor_exporters``) on PYTHONPATH.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import catalogue
import pytest
from typer.testing import CliRunner

from warmonitor import registry
from warmonitor.cli import app
from warmonitor.export import write_incidents
from warmonitor.records import Count, DateRange, Incident


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding one real incident, ingested through the pipeline."""
    import warmonitor

    path = tmp_path_factory.mktemp("registry") / "toy.sqlite"
    with warmonitor.Pipeline(path) as pipeline:
        summary = pipeline.ingest_text(
            "Gunmen killed three villagers in the town of Kidal on Monday, officials said.",
            published="2024-03-05",
            outlet="Example Wire",
        )
        assert summary.new == 1 and pipeline.incidents()
    return str(path)


@pytest.fixture()
def toy_exporter() -> Iterator[list[dict]]:
    calls: list[dict] = []

    @registry.exporters.register("toy")
    def write_toy(incidents, out, **context):  # type: ignore[no-untyped-def]
        calls.append(context)
        for i in incidents:
            out.write(f"TOY {i.id} {i.event_type} {i.fatalities.best}\n")

    try:
        yield calls
    finally:
        catalogue._remove(("warmonitor", "exporters", "toy"))


def test_write_incidents_dispatches_through_the_registry(toy_exporter) -> None:
    incident = Incident("inc-1", "attack", date=DateRange.unknown(), fatalities=Count(best=2))
    out = io.StringIO()
    write_incidents([incident], "toy", out, documents={"d": {}}, updated={})
    assert out.getvalue() == "TOY inc-1 attack 2\n"
    assert set(toy_exporter[0]) >= {"reports", "documents", "updated"}
    assert "toy" in registry.names("exporters")


def test_toy_exporter_from_the_cli(toy_exporter, store_db: str) -> None:
    result = CliRunner().invoke(app, ["incidents", "--db", store_db, "--format", "toy"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("TOY inc-") and " attack 3" in result.stdout
    assert toy_exporter[0]["documents"]  # the CLI hands the documents over


def test_unregistered_format_is_a_usage_error(store_db: str) -> None:
    result = CliRunner().invoke(app, ["incidents", "--db", store_db, "--format", "toy"])
    assert result.exit_code == 2
    assert "csv" in result.output and "ucdp" in result.output


def test_entry_point_plugin_from_a_subprocess(tmp_path: Path, store_db: str) -> None:
    """A package that declares ``warmonitor_exporters = toy = ...`` is picked up unchanged."""
    (tmp_path / "toy_plugin.py").write_text(
        textwrap.dedent(
            """
            def write_toy(incidents, out, **context):
                out.write(f"plugin saw {len(incidents)} incident(s)\\n")
            """
        )
    )
    info = tmp_path / "toy_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[warmonitor_exporters]\ntoy = toy_plugin:write_toy\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    base = [sys.executable, "-m", "warmonitor.cli"]
    listed = subprocess.run(
        [*base, "incidents", "--db", store_db, "--format", "toy"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == "plugin saw 1 incident(s)\n"
    info_out = subprocess.run(
        [*base, "info"], capture_output=True, text=True, env=env, timeout=120
    ).stdout
    assert "toy" in next(line for line in info_out.splitlines() if "exporters:" in line)
