"""Concurrent and interrupted ingests, as users run them: real CLI processes, both backends.

Two ``warmonitor ingest`` runs of the same input on a fresh database, and a run
killed with SIGKILL then resumed, must both end with exactly the database one
uninterrupted run makes: the same incidents export, no duplicates, no false
rejections.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SHARED
from warmonitor.store import Store

VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"
N_DOCS = 12

pytestmark = pytest.mark.slow


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "warmonitor.cli", *args]


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_cli(*args), capture_output=True, text=True, timeout=timeout)


def _export(db: str) -> list[dict]:
    """The incidents export, as a user gets it."""
    done = _run("incidents", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not VOA.exists():
        pytest.skip("VOA corpus not present")
    path = tmp_path_factory.mktemp("durability") / "corpus.jsonl"
    lines = VOA.read_text(encoding="utf-8").splitlines(keepends=True)[:N_DOCS]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """One uninterrupted run's export."""
    db = str(tmp_path_factory.mktemp("reference") / "reference.sqlite")
    done = _run("ingest", str(corpus), "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == N_DOCS and summary["rejected"] == 0
    export = _export(db)
    assert export, "the corpus should give some incidents"
    return export


def _counts(db: str) -> dict[str, int]:
    store = Store(db, create=False)
    try:
        return store.counts()
    finally:
        store.close()


def test_two_ingests_of_one_input_on_a_fresh_database(
    db_url: str, corpus: Path, reference: list[dict]
) -> None:
    procs = [
        subprocess.Popen(
            _cli("ingest", str(corpus), "--db", db_url, "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=900) for proc in procs]
    summaries = []
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err  # neither loses a race on creating the schema
        summaries.append(json.loads(out))
    for summary in summaries:
        assert summary["rejected"] == 0, summary["rejections"]  # no false "different content"
        assert summary["new"] + summary["duplicate"] == N_DOCS
    assert sum(s["new"] for s in summaries) == N_DOCS  # each document stored once
    assert _counts(db_url)["documents"] == N_DOCS
    assert _export(db_url) == reference


def _stored_documents(db_url: str) -> int:
    try:
        return _counts(db_url)["documents"]
    except Exception:  # not created yet, or mid-migration
        return 0


def test_killed_run_resumes_to_the_uninterrupted_result(
    db_url: str, corpus: Path, reference: list[dict]
) -> None:
    # Small batches, so a kill lands between commits whatever the machine's speed (with the
    # default batch all 12 documents may commit together before the kill); a kill inside a
    # batch is tests/test_batched_ingest.py's.
    proc = subprocess.Popen(
        _cli("ingest", str(corpus), "--db", db_url, "--quiet", "--commit-every", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        if _stored_documents(db_url) >= 2:
            break
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _counts(db_url)["documents"]
    assert 2 <= before < N_DOCS

    resumed = _run("ingest", str(corpus), "--db", db_url, "--json")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert (summary["duplicate"], summary["new"]) == (before, N_DOCS - before)
    assert _export(db_url) == reference
