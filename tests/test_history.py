"""Ids that never vanish: a merged-away incident id still answers, and says where it went."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warmonitor.api import create_app
from warmonitor.records import report_key
from warmonitor.store import Store

TEXTS = {
    "gao.txt": "Gunmen killed seven people in an attack on a market in Gao, Mali, on Monday.",
    "kabul.txt": "A car bomb killed twelve people in Kabul, Afghanistan, on Tuesday, police said.",
}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def merged(tmp_path: Path, db_url: str) -> tuple[str, str, str]:
    """Two incidents, then the second merged into the first through the store's own unit API
    (what the linker does when a later report shows they are one event)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, text in TEXTS.items():
        (inputs / name).write_text(text + "\n")
    done = cli("ingest", str(inputs), "--db", db_url, "--published", "2024-03-06")
    assert done.returncode == 0, done.stderr
    store = Store(db_url)
    survivor, absorbed = sorted(i.id for i in store.incidents())
    moved = store.reports_of([absorbed])[absorbed]
    with store.unit() as unit:
        unit.assign_reports({report_key(r): survivor for r in moved})
        unit.record_event("merge", survivor, [absorbed], "one event, told twice", 3.1, "test")
        unit.drop_incidents([absorbed])
    store.close()
    return db_url, survivor, absorbed


def test_the_store_follows_a_merged_id(merged: tuple[str, str, str]) -> None:
    db_url, survivor, absorbed = merged
    store = Store(db_url, create=False)
    assert store.incident(absorbed) is None
    assert store.current_id(absorbed) == survivor and store.current_id(survivor) == survivor
    assert store.current_id("inc-never-was") is None
    [event] = store.incident_events(absorbed)
    assert event["kind"] == "merge" and event["others"] == [absorbed]
    store.close()


def test_the_api_redirects_a_merged_id_and_shows_its_history(merged: tuple[str, str, str]) -> None:
    db_url, survivor, absorbed = merged
    client = TestClient(create_app(db_url))
    answer = client.get(f"/api/incidents/{absorbed}", follow_redirects=False)
    assert answer.status_code == 308
    assert answer.headers["location"] == f"/api/incidents/{survivor}"
    assert client.get(f"/api/incidents/{absorbed}").json()["id"] == survivor
    history = client.get(f"/api/incidents/{absorbed}/history").json()
    assert history["current"] == survivor and history["history"][0]["kind"] == "merge"
    assert client.get("/api/incidents/inc-never-was/history").status_code == 404
    page = client.get(f"/incidents/{absorbed}", follow_redirects=False)
    assert page.status_code == 308 and page.headers["location"] == f"/incidents/{survivor}"


def test_the_cli_says_where_an_id_went(merged: tuple[str, str, str]) -> None:
    db_url, survivor, absorbed = merged
    done = cli("history", absorbed, "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert f"{absorbed} is now {survivor}" in done.stdout and "one event, told twice" in done.stdout
    missing = cli("history", "inc-never-was", "--db", db_url)
    assert missing.returncode == 1 and "no incident 'inc-never-was'" in missing.stderr
