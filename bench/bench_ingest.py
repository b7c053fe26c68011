"""Ingest throughput: documents/s on one core, per stage, and peak RSS.

    python bench/bench_ingest.py [CORPUS.jsonl] [--limit N] [--db URL]

Runs, in one process and on the same documents: (1) read + clean only (the
baseline), (2) extraction, (3) the full ingest into a fresh SQLite file
(extract + store + link + reconcile), or into --db. Prints documents/s, words/s and the
ratios against the baseline, then peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from warmonitor.pipeline import extract_document, ingest_all
from warmonitor.sources import IngestOptions, InputError, read_documents
from warmonitor.store import Store

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    items = []
    for item in read_documents([args.corpus], IngestOptions()):
        if not isinstance(item, InputError):
            items.append(item)
        if len(items) >= args.limit:
            break
    read_seconds = time.perf_counter() - started
    words = sum(len(doc.text.split()) for _, doc in items)
    n = len(items)

    extract_document(items[0][1])  # load the model outside the timings
    started = time.perf_counter()
    for _, doc in items:
        extract_document(doc)
    extract_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or f"sqlite:///{tmp}/bench.sqlite")
        backend = store.engine.dialect.name
        started = time.perf_counter()
        summary = ingest_all(store, items)
        ingest_seconds = time.perf_counter() - started
        counts = store.counts()
        store.close()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {args.corpus}  documents: {n}  words: {words}")
    print(f"{'stage':<28}{'docs/s':>10}{'words/s':>12}{'x baseline':>12}")
    for name, seconds in (
        ("read + clean (baseline)", read_seconds),
        ("extract", extract_seconds),
        (f"full ingest ({backend})", ingest_seconds),
    ):
        print(
            f"{name:<28}{n / seconds:>10.1f}{words / seconds:>12.0f}{read_seconds / seconds:>12.3f}"
        )
    print(
        f"stored: {summary.new} new documents, {counts['reports']} reports, {counts['incidents']} incidents"
    )
    print(f"peak RSS: {peak_mb:.0f} MB (one process, one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
