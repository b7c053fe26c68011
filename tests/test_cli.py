"""The command line as a user runs it: real subprocesses, real databases."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, SHARED
from warmonitor.store import Store

VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"


def run(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", *args],
        capture_output=True,
        text=stdin is None,
        input=stdin,
        env=full_env,
        timeout=timeout,
    )


def test_help_and_usage_errors() -> None:
    assert run("--help").returncode == 0
    assert run("ingest").returncode == 2  # no inputs
    assert run("incidents", "--format", "xml").returncode == 2
    assert run("ingest", "--published", "not-a-date", str(SAMPLES)).returncode == 2


def test_ingest_is_idempotent_and_summarises(db_url: str) -> None:
    first = run("ingest", str(SAMPLES), "--db", db_url, "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["read"] == summary["new"] >= 4 and summary["rejected"] == 0
    assert summary["reports"] >= 3 and summary["totals"]["incidents"] >= 3
    again = json.loads(run("ingest", str(SAMPLES), "--db", db_url, "--json").stdout)
    assert again["new"] == 0 and again["duplicate"] == summary["read"]
    assert again["totals"] == summary["totals"]  # nothing stored twice


def test_rejected_inputs_are_named_and_the_rest_is_stored(tmp_path: Path, sqlite_url: str) -> None:
    tmp_path = tmp_path / "inputs"
    tmp_path.mkdir()
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "bad.jsonl").write_text(
        '{"text": "Gunmen killed two guards at a checkpoint on Friday, police said."}\n{oops\n'
    )
    result = run(
        "ingest", str(tmp_path), str(tmp_path / "missing.txt"), "--db", sqlite_url, "--quiet"
    )
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("rejected:")]
    assert len(lines) == 4, result.stderr
    assert any("empty.txt" in ln and "empty" in ln for ln in lines)
    assert any("blob.txt" in ln and "binary" in ln for ln in lines)
    assert any("bad.jsonl:2" in ln and "malformed JSON" in ln for ln in lines)
    assert any("missing.txt" in ln and "no such file" in ln for ln in lines)
    assert Store(sqlite_url).counts()["documents"] == 1


def test_stdin_and_options(sqlite_url: str) -> None:
    text = b"Shelling killed two farmers near the village of Kafr Nabl on Saturday, residents said."
    result = run(
        "ingest",
        "-",
        "--db",
        sqlite_url,
        "--published",
        "2024-03-03",
        "--outlet",
        "Test Wire",
        "--json",
        stdin=text,
    )
    assert result.returncode == 0, result.stderr
    store = Store(sqlite_url)
    (doc_id,) = store.document_ids()
    meta = store.documents([doc_id])[doc_id]
    assert meta["outlet"] == "Test Wire" and meta["published"] == "2024-03-03"


def test_demo_runs_and_prints_incidents(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    result = run("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "fictional" in result.stderr.lower() and "warmonitor serve" in result.stderr
    assert "Saraq" in result.stdout  # the helicopter incident is listed
    assert Store(f"sqlite:///{db}").counts()["incidents"] >= 3


def _consistent(db: Path) -> dict[str, int]:
    """Integrity and referential checks a killed run must never break."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # Every stored document carries all its reports; every incident has reports.
        orphan_incidents = con.execute(
            "SELECT count(*) FROM incidents WHERE id NOT IN (SELECT incident_id FROM reports WHERE incident_id IS NOT NULL)"
        ).fetchone()[0]
        assert orphan_incidents == 0
        unlinked = con.execute(
            "SELECT count(*) FROM reports WHERE incident_id IS NULL AND aggregate = 0"
        ).fetchone()[0]
        assert unlinked == 0
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "reports", "incidents", "claims")
        }
    finally:
        con.close()


@pytest.mark.slow
def test_kill_minus_nine_mid_run_then_resume(tmp_path: Path) -> None:
    if not VOA.exists():
        pytest.skip("VOA corpus not present")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(VOA.read_text(encoding="utf-8").splitlines(keepends=True)[:40]))
    db = tmp_path / "killed.sqlite"
    cmd = [
        sys.executable,
        "-m",
        "warmonitor.cli",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:  # kill once a few documents are in
        time.sleep(0.2)
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                con.close()
            except sqlite3.Error:
                continue
            if stored >= 5:
                break
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _consistent(db)
    assert 5 <= before["documents"] < 40

    resumed = run("ingest", str(corpus), "--db", str(db), "--json")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["duplicate"] == before["documents"]
    assert summary["new"] == 40 - before["documents"]
    after = _consistent(db)
    assert after["documents"] == 40

    # The same corpus in one clean run gives the same database.
    clean_db = tmp_path / "clean.sqlite"
    assert run("ingest", str(corpus), "--db", str(clean_db), "--quiet").returncode == 0
    assert _consistent(clean_db) == after


def test_text_too_long_to_analyse_is_rejected_and_the_run_goes_on(
    tmp_path: Path, sqlite_url: str
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    sentence = "Rebels shelled the town on Monday, killing three civilians, a monitor said. "
    (inputs / "a_huge.txt").write_text(sentence * 14000)  # ~1.06 M characters, under the byte cap
    (inputs / "b_small.txt").write_text(sentence)
    result = run("ingest", str(inputs), "--db", sqlite_url, "--json")
    assert result.returncode == 1
    assert "a_huge.txt: too long to analyse" in result.stderr
    assert json.loads(result.stdout)["new"] == 1


def test_seeds_through_the_store_in_both_orders(tmp_path: Path) -> None:
    """DESIGN.md's seed expectations, through the real CLI and database, in either order."""
    from conftest import seed_path

    seeds = [str(seed_path(p)) for p in ("000", "003", "004")]
    results = []
    for name, order in (("forward", seeds), ("backward", seeds[::-1])):
        db = tmp_path / f"{name}.sqlite"
        assert run("ingest", *order, "--db", str(db), "--quiet").returncode == 0
        listed = run("incidents", "--db", str(db), "--format", "json")
        results.append(json.loads(listed.stdout)["incidents"])
    forward, backward = results
    assert sorted(i["id"] for i in forward) == sorted(i["id"] for i in backward)

    def downed_on(day: str) -> dict:
        (found,) = [
            i for i in forward if i["event_type"] == "aircraft_downed" and i["date"]["start"] == day
        ]
        return found

    nayrab = downed_on("2020-02-11")
    assert len({r["document"] for r in nayrab["reports"]}) == 2
    assert "aircraft" in nayrab["contested"] and {"Mi-24", "Mi-17"} <= set(nayrab["aircraft"])
    assert "MANPADS" in nayrab["weapons"]
    urum = downed_on("2020-02-14")
    assert urum["fatalities"]["best"] == 2 and urum["location"]["admin1"] == "Aleppo"
    sources = {c["attributed_to"] for c in urum["claims"]}
    assert {"SANA", "Syrian Observatory for Human Rights", "Anadolu Agency"} <= sources
    saraqeb = downed_on("2016-08-01")
    assert saraqeb["fatalities"]["best"] == 5 and "Mi-8" in saraqeb["aircraft"]
    # Background totals are not incidents.
    assert not any(i["fatalities"]["best"] in (400000, 700000) for i in forward)


def test_possessive_source_is_stored_and_the_run_goes_on(tmp_path: Path, sqlite_url: str) -> None:
    """Ordinary news once crashed reconcile ("sheriff’s Sgt. Dan Miller") and ended the run."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a_poway.txt").write_text(
        "A man was wounded at a gun range in Poway on Wednesday when a rifle went off, "
        "said sheriff’s Sgt. Dan Miller.\n",
        encoding="utf-8",
    )
    (inputs / "b_gao.txt").write_text(
        "Gunmen killed two guards at a checkpoint near Gao on Friday, police said.\n",
        encoding="utf-8",
    )
    result = run("ingest", str(inputs), "--db", sqlite_url, "--published", "2016-03-05", "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert summary["new"] == 2 and summary["rejected"] == 0
