"""Parallel ingest on Dask: workers extract, one writer stores in input order.

Cleaning happened while reading; what is left of the pure work (extraction with the
learned classify layer and geoparsing: ``pipeline.extract_reports``) runs on Dask
workers, a batch of documents per task. The calling process is the one writer: it
takes the batches back in input order and stores, links and reconciles each document
in order, ``[ingest] commit_every`` documents to a transaction (``pipeline.BatchWriter``),
exactly as a single-process run does, so both make the same incidents. A bounded window of batches is in flight at
once, so memory does not grow with the corpus.

``workers=N`` starts a local cluster of N single-threaded worker processes;
``scheduler="tcp://HOST:PORT"`` uses an existing cluster (docs/scale.md).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from warmonitor.pipeline import (
    BatchWriter,
    DocumentOutcome,
    Extracted,
    IngestSummary,
    _configured_extract,
    _failure,
    check_document,
    extract_reports,
)
from warmonitor.records import Document, Report
from warmonitor.settings import Settings, use_settings
from warmonitor.sources import InputError
from warmonitor.store import Store

if TYPE_CHECKING:
    from distributed import Client, Future

# Documents per Dask task: enough to amortise the task's overhead (a few ms) against
# extraction (~40 ms a document), few enough to keep every worker busy near the end.
BATCH_SIZE = 8
# Batches in flight per worker: the writer never waits on an idle cluster, and only
# this many batches' documents and reports are held in memory at once.
IN_FLIGHT_PER_WORKER = 3
# How long to wait for an existing cluster's scheduler to answer.
CONNECT_TIMEOUT = "30s"


class ParallelError(Exception):
    """The Dask cluster could not be started or reached (the message names it)."""


@dataclass(slots=True)
class _Batch:
    """Inputs in order; ``known`` holds the outcome of those settled before extraction."""

    items: list[tuple[str, Document] | InputError]
    known: list[DocumentOutcome | None]
    future: Future | None


# ---------------------------------------------------------------- on the workers

# The extract callable of this worker process, by the settings it was made for.
_WORKER_EXTRACT: dict[str, Callable[[Document], list[Report]]] = {}


def _worker_extract(settings: Settings | None) -> Callable[[Document], list[Report]]:
    key = settings.model_dump_json() if settings is not None else ""
    if key not in _WORKER_EXTRACT:
        _WORKER_EXTRACT.clear()
        use_settings(settings)  # stages that read settings on import see the run's
        _WORKER_EXTRACT[key] = _configured_extract(settings)
    return _WORKER_EXTRACT[key]


def extract_batch(
    documents: list[tuple[str, Document]], settings: Settings | None
) -> list[tuple[Document, list[Report] | DocumentOutcome]]:
    """Each document (with the warnings extraction put on it) and its reports or rejection.

    Runs on a worker; pure (touches no database).
    """
    extract = _worker_extract(settings)
    return [
        (document, extract_reports(document, source, extract)) for source, document in documents
    ]


# ---------------------------------------------------------------- in the writer


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, else of a local one with ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # a dependency, but a trimmed install may lack it
        raise ParallelError(f"parallel ingest needs dask[distributed] ({err})") from err
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except Exception as err:  # OSError or TimeoutError, by distributed's version
            raise ParallelError(f"no Dask scheduler answers at {scheduler} ({err})") from err
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers or 1,
        threads_per_worker=1,  # spaCy and the classifiers hold the GIL: processes, not threads
        processes=True,
        dashboard_address=None,
        silence_logs=logging.WARNING,
    )
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def ingest_parallel(
    store: Store,
    items: Iterable[tuple[str, Document] | InputError],
    on_outcome: Callable[[DocumentOutcome], None] | None = None,
    settings: Settings | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int = BATCH_SIZE,
    commit_every: int | None = None,
) -> IngestSummary:
    """``pipeline.ingest_all`` with extraction on Dask workers: the same outcomes, in order."""
    summary = IngestSummary()
    # Transactions span Dask tasks: a writer's batch is commit_every inputs, a task's is
    # batch_size (sized for the workers, not for the database).
    writer = BatchWriter(store, summary, on_outcome, settings, commit_every=commit_every)
    with dask_client(workers, scheduler) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        window: deque[_Batch] = deque()
        iterator = iter(items)
        while batch_items := list(islice(iterator, batch_size)):
            window.append(_submit(client, store, batch_items, settings))
            while len(window) > n_workers * IN_FLIGHT_PER_WORKER:
                _write(window.popleft(), writer)
        while window:
            _write(window.popleft(), writer)
        writer.flush()
    return summary


def _submit(
    client: Client,
    store: Store,
    items: list[tuple[str, Document] | InputError],
    settings: Settings | None,
) -> _Batch:
    """Settle what needs no extraction (bad input, stored content) and send the rest off."""
    known: list[DocumentOutcome | None] = []
    pending: list[tuple[str, Document]] = []
    for item in items:
        if isinstance(item, InputError):
            known.append(DocumentOutcome(item.source, None, "rejected", item.reason))
            continue
        try:
            outcome = check_document(store, item[1], item[0])
        except Exception as err:  # as ingest_all: one catch per document
            outcome = DocumentOutcome(
                item[0], item[1].id, "rejected", _failure("storing failed", err)
            )
        known.append(outcome)
        if outcome is None:
            pending.append(item)
    future = (
        client.submit(extract_batch, pending, settings, pure=False, retries=1) if pending else None
    )
    return _Batch(items, known, future)


def _write(batch: _Batch, writer: BatchWriter) -> None:
    """Hand a batch's outcomes and extracted documents to the writer, in input order."""
    extracted: Iterator[tuple[Document, list[Report] | DocumentOutcome]] = iter(())
    failed: Exception | None = None
    if batch.future is not None:
        try:
            extracted = iter(batch.future.result())
        except (
            Exception
        ) as err:  # the task failed whole (a worker died twice): reject its documents
            failed = err
        batch.future.release()
    for item, known in zip(batch.items, batch.known, strict=True):
        writer.add(known or _extracted(item, extracted, failed))


def _extracted(
    item: tuple[str, Document] | InputError,
    extracted: Iterator[tuple[Document, list[Report] | DocumentOutcome]],
    failed: Exception | None,
) -> DocumentOutcome | Extracted:
    assert not isinstance(item, InputError)  # those are settled in _submit
    source = item[0]
    if failed is not None:
        return DocumentOutcome(
            source, item[1].id, "rejected", _failure("extraction failed", failed)
        )
    document, result = next(extracted)
    if isinstance(result, DocumentOutcome):
        return result
    return Extracted(source, document, result)


__all__ = ["BATCH_SIZE", "ParallelError", "dask_client", "extract_batch", "ingest_parallel"]
