"""Batched ingest (``[ingest] commit_every``) stores exactly what one transaction per document stores.

Documents of a batch share one transaction, each in its own savepoint: the same
outcomes, incidents, ids, claims and report assignments as per-document commits, on
both backends; a document failing mid-batch is rejected alone; a batch whose
transaction fails is stored again document by document; and a run killed with SIGKILL
mid-batch leaves whole batches only, and resumes to the uninterrupted result.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from conftest import SEEDS, SHARED
from warmonitor import pipeline, reconcile
from warmonitor.records import to_jsonable
from warmonitor.settings import Settings
from warmonitor.sources import IngestOptions, InputError, RawItem, make_document, read_documents
from warmonitor.store import Store, Unit
from warmonitor.store.schema import ClaimRow, ReportRow

VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"
N_VOA = 10
# No batch is cut short by the clock here: the batch sizes under test are the ones used.
UNTIMED = Settings.load().with_values(ingest={"commit_after_s": 3600.0})


def _snapshot(db_url: str) -> dict[str, Any]:
    """What ingest leaves: incidents whole, claims, and which incident holds each report."""
    store = Store(db_url, create=False)
    try:
        with store._sessions() as session:
            reports = sorted(session.execute(select(ReportRow.key, ReportRow.incident_id)).all())
            claims = sorted(
                session.execute(
                    select(ClaimRow.incident_id, ClaimRow.field, ClaimRow.document_id)
                ).all()
            )
        return {
            "incidents": [to_jsonable(i) for i in store.iter_incidents()],
            "reports": [tuple(r) for r in reports],
            "claims": [tuple(c) for c in claims],
            "counts": store.counts(),
        }
    finally:
        store.close()


def _outcomes(summary: pipeline.IngestSummary) -> list[tuple[Any, ...]]:
    return [(o.source, o.status, o.document_id, o.reason, o.reports) for o in summary.outcomes]


@pytest.fixture(scope="module")
def inputs() -> list[Any]:
    """Seeds and VOA stories, one story told again and one bad line: every outcome kind."""
    if not VOA.exists() or not SEEDS.is_dir():
        pytest.skip("../shared seeds or VOA corpus not present")
    items: list[Any] = list(
        read_documents(sorted(str(p) for p in SEEDS.glob("*.txt")), IngestOptions())
    )
    stories = list(read_documents([str(VOA)], IngestOptions()))[:N_VOA]
    items.extend(stories)
    items.insert(5, stories[1])  # a duplicate inside a batch, before its first copy is committed
    items.append(InputError("broken.jsonl:1", "not JSON"))
    return items


def _ingest(db_url: str, items: list[Any], commit_every: int) -> pipeline.IngestSummary:
    store = Store(db_url)
    try:
        return pipeline.ingest_all(store, items, settings=UNTIMED, commit_every=commit_every)
    finally:
        store.close()


@pytest.mark.slow
def test_batched_equals_per_document(db_url: str, inputs: list[Any], tmp_path: Path) -> None:
    per_doc_url = f"sqlite:///{tmp_path / 'per-document.sqlite'}"
    per_doc = _ingest(per_doc_url, inputs, commit_every=1)
    assert per_doc.duplicate == 1 and per_doc.rejected == 1
    batched = _ingest(db_url, inputs, commit_every=4)  # several batches and a short last one
    assert _outcomes(batched) == _outcomes(per_doc)
    assert batched.as_dict() == per_doc.as_dict()
    reference = _snapshot(per_doc_url)
    assert reference["incidents"], "the inputs should give incidents"
    assert _snapshot(db_url) == reference


def _docs(*texts: str) -> list[tuple[str, Any]]:
    options = IngestOptions(published=dt.date(2016, 3, 5))
    docs = []
    for n, text in enumerate(texts):
        name = f"doc{n}.txt"
        doc = make_document(RawItem(name, "text", text), options)
        doc.id = name  # so a fragile reconcile can tell them apart
        docs.append((name, doc))
    return docs


TEXTS = (
    "Gunmen killed two guards at a checkpoint near Gao on Friday, police said.",
    "A gunman shot and wounded a man in Poway on Wednesday, police said.",
    "Two guards were killed by gunmen near Gao on Friday, officials said.",
)


def test_a_failing_document_mid_batch_is_rejected_alone(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = reconcile.reconcile

    def fragile(incident_id, reports, **kwargs):  # type: ignore[no-untyped-def]
        if any(r.document_id == "doc1.txt" for r in reports):
            raise IndexError("string index out of range")
        return real(incident_id, reports, **kwargs)

    monkeypatch.setattr(reconcile, "reconcile", fragile)
    summary = _ingest(db_url, _docs(*TEXTS), commit_every=32)
    assert [o.status for o in summary.outcomes] == ["new", "rejected", "new"]
    assert summary.outcomes[1].reason.startswith("linking failed (IndexError")
    store = Store(db_url, create=False)
    try:
        assert store.document_ids() == ["doc0.txt", "doc2.txt"]  # nothing half-stored
        with store._sessions() as session:
            keys = set(session.scalars(select(ReportRow.key)))
        assert keys and all(not k.startswith("doc1.txt") for k in keys)
    finally:
        store.close()
    # The two kept are linked as if the failed one had never been given.
    monkeypatch.setattr(reconcile, "reconcile", real)
    alone_url = f"sqlite:///{tmp_path / 'alone.sqlite'}"
    alone = _ingest(alone_url, _docs(*TEXTS)[::2], commit_every=1)
    assert [o.status for o in alone.outcomes] == ["new", "new"]
    assert _snapshot(db_url)["incidents"] == _snapshot(alone_url)["incidents"]


def test_a_failed_batch_is_stored_document_by_document(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Store.batch
    calls: list[int] = []

    @contextmanager
    def failing_commit(self: Store) -> Iterator[Unit]:
        calls.append(1)
        with real(self) as unit:
            yield unit
            raise RuntimeError("commit failed")  # leaves the block: rolled back whole

    monkeypatch.setattr(Store, "batch", failing_commit)
    summary = _ingest(sqlite_url, _docs(*TEXTS), commit_every=32)
    assert calls == [1]
    assert [o.status for o in summary.outcomes] == ["new", "new", "new"]
    store = Store(sqlite_url, create=False)
    try:
        assert store.counts()["documents"] == 3
    finally:
        store.close()


# ---------------------------------------------------------------- kill -9 mid-batch

BATCH = 4


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "warmonitor.cli", *args]


def _batched(*args: str) -> list[str]:
    return _cli(
        "--set", f"ingest.commit_every={BATCH}", "--set", "ingest.commit_after_s=3600", *args
    )


def _export(db: str) -> list[dict]:
    done = subprocess.run(
        _cli("incidents", "--db", db, "--format", "json"), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _stored(db_url: str) -> int:
    try:
        store = Store(db_url, create=False)
    except Exception:  # not created yet, or mid-migration
        return 0
    try:
        return store.counts()["documents"]
    finally:
        store.close()


@pytest.mark.slow
def test_killed_mid_batch_resumes_to_the_uninterrupted_result(db_url: str, tmp_path: Path) -> None:
    if not VOA.exists():
        pytest.skip("VOA corpus not present")
    n_docs = 3 * BATCH
    corpus = tmp_path / "corpus.jsonl"
    lines = VOA.read_text(encoding="utf-8").splitlines(keepends=True)[:n_docs]
    corpus.write_text("".join(lines), encoding="utf-8")
    reference_db = str(tmp_path / "reference.sqlite")
    done = subprocess.run(
        _cli("--set", "ingest.commit_every=1", "ingest", str(corpus), "--db", reference_db),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    reference = _export(reference_db)

    proc = subprocess.Popen(
        _batched("ingest", str(corpus), "--db", db_url, "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and _stored(db_url) < BATCH:
        time.sleep(0.05)
    time.sleep(0.3)  # into the second batch: some of it linked, none of it committed
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _stored(db_url)
    assert before in (BATCH, 2 * BATCH)  # whole batches only

    resumed = subprocess.run(
        _batched("ingest", str(corpus), "--db", db_url, "--json"), capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert (summary["duplicate"], summary["new"], summary["rejected"]) == (
        before,
        n_docs - before,
        0,
    )
    assert _export(db_url) == reference
