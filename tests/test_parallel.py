"""Parallel ingest on Dask makes exactly the incidents a single-process run makes, on both backends.

Real Dask worker processes extract; the test process is the one writer. Inputs include a
repeated document and a bad one, so the in-order writer's duplicate and rejection paths
are exercised as well as linking across batches.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SHARED
from warmonitor import parallel
from warmonitor.pipeline import ingest_all
from warmonitor.records import to_jsonable
from warmonitor.sources import IngestOptions, read_documents
from warmonitor.store import Store

VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"
N_DOCS = 14

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """VOA stories, the third told again at the end (a duplicate after its batch was stored)."""
    if not VOA.exists():
        pytest.skip("VOA corpus not present")
    lines = VOA.read_text(encoding="utf-8").splitlines(keepends=True)[:N_DOCS]
    path = tmp_path_factory.mktemp("parallel") / "corpus.jsonl"
    path.write_text("".join([*lines, lines[2], "{not json\n"]), encoding="utf-8")
    return path


def _items(corpus: Path) -> list[Any]:
    return list(read_documents([str(corpus)], IngestOptions()))


def _incidents(db_url: str) -> list[dict[str, Any]]:
    store = Store(db_url, create=False)
    try:
        return [to_jsonable(incident) for incident in store.iter_incidents()]
    finally:
        store.close()


def _statuses(summary: Any) -> list[tuple[str, str | None, str | None]]:
    return [(o.source, o.status, o.document_id) for o in summary.outcomes]


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list]:
    """A single-process run: its outcomes and its incidents."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'reference.sqlite'}"
    store = Store(db_url)
    summary = ingest_all(store, _items(corpus))
    store.close()
    assert summary.new == N_DOCS and summary.duplicate == 1 and summary.rejected == 1
    incidents = _incidents(db_url)
    assert len(incidents) > 3, "the corpus should give several incidents"
    return _statuses(summary), incidents


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A local Dask cluster of two worker processes; its scheduler's address."""
    pytest.importorskip("distributed")
    import logging

    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.WARNING,
    ) as local:
        yield local.scheduler_address


def test_workers_on_a_cluster_make_the_single_process_incidents(
    db_url: str, corpus: Path, reference: tuple[list, list], cluster: str
) -> None:
    statuses, incidents = reference
    store = Store(db_url)
    try:  # small batches: documents link across batches and the window fills
        summary = parallel.ingest_parallel(store, _items(corpus), scheduler=cluster, batch_size=3)
    finally:
        store.close()
    assert _statuses(summary) == statuses
    assert _incidents(db_url) == incidents

    store = Store(db_url)  # a second run stores nothing new
    try:
        again = parallel.ingest_parallel(store, _items(corpus), scheduler=cluster)
    finally:
        store.close()
    assert (again.new, again.duplicate, again.rejected) == (0, N_DOCS + 1, 1)
    assert _incidents(db_url) == incidents


def test_a_worker_failure_rejects_only_its_documents(
    sqlite_url: str, corpus: Path, cluster: str
) -> None:
    items = _items(corpus)[:4]
    broken = items[1][1]
    broken.text = "x" * 1_000_001  # refused by extract_reports, on the worker
    store = Store(sqlite_url)
    try:
        summary = parallel.ingest_parallel(store, items, scheduler=cluster, batch_size=2)
    finally:
        store.close()
    assert [o.status for o in summary.outcomes] == ["new", "rejected", "new", "new"]
    assert summary.outcomes[1].reason.startswith("too long to analyse")


def test_cli_workers_option_gives_the_single_process_export(
    tmp_path: Path, corpus: Path, reference: tuple[list, list]
) -> None:
    db = str(tmp_path / "workers.sqlite")
    done = subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", "ingest", str(corpus), "--db", db]
        + ["--workers", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 1, done.stderr  # the bad line is a rejection
    summary = json.loads(done.stdout)
    assert (summary["new"], summary["duplicate"], summary["rejected"]) == (N_DOCS, 1, 1)
    assert _incidents(f"sqlite:///{db}") == reference[1]


def test_an_unreachable_scheduler_is_a_one_line_error(
    sqlite_url: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    store = Store(sqlite_url)
    try:
        with pytest.raises(parallel.ParallelError, match="tcp://127.0.0.1:9"):
            parallel.ingest_parallel(store, _items(corpus), scheduler="tcp://127.0.0.1:9")
    finally:
        store.close()
    assert Store(sqlite_url).counts()["documents"] == 0
