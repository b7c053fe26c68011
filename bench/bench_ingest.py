"""Ingest throughput against a bare en_core_web_sm pass over the same texts, 1 vs 2 workers, peak RSS.

    python bench/bench_ingest.py [--docs 445 2000] [--workers 0 1 2] [--rss 1000 5000]
    python bench/bench_ingest.py --docs 300 --workers 0 --commit-every 1 32 [--writer]

The corpus is the VOA stories and the gva-dev articles (../shared, read at run time,
never copied), interleaved in a fixed order; past their 2,033 documents, copies follow,
each copy's publication date moved 400 days per round and its text marked with the
round, so copies are new content telling other days' events. For each size in
``--docs``, in separate fresh processes over the same JSONL file:

- the bare pass: en_core_web_sm with every component it ships, ``nlp.pipe`` over the
  cleaned texts (the baseline);
- the end-to-end ingest (read, clean, extract, geoparse, link, reconcile, store into a
  fresh SQLite file, or ``--db``) in one process (workers 0) and with ``--workers N``
  (a local Dask cluster; this process is the writer).

Prints documents/s by wall clock (workers are other processes), the ratio to the bare
pass (goal: >= 2.0, and not falling with size), scale-out (workers N / one process;
goal at 2: >= 1.6; the cluster is started and its models loaded before the clock starts,
and that time is printed apart) and the peak RSS of the ingesting process. ``--rss`` sizes run the
single-process ingest only and compare peak RSS (goal: within 10% from 1k to 20k).
On a shared machine wall clocks carry its load: read the ratios, measured in one run.

``--commit-every 1 32`` runs each single-process ingest once per transaction size (1: one
transaction per document; N: ``[ingest] commit_every = N``, with no time bound). ``--writer``
adds the writer alone, in one process: every document extracted once, outside the clock,
then stored, linked and reconciled into a fresh SQLite file (with a PostgreSQL ``--db``, a
fresh schema of it) at each ``--commit-every``, in turns (``--rounds``), so the
per-document and batched figures share the machine's load. ``--workers`` with no value
leaves out the end-to-end runs (needed with a PostgreSQL ``--db``: they share it).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SOURCES = (
    SHARED / "corpora" / "voa" / "voa_stories.jsonl",
    SHARED / "data" / "gva-dev" / "articles.jsonl",
)
COPY_SHIFT_DAYS = 400


def write_corpus(n: int, path: Path) -> int:
    """``n`` documents as JSONL at ``path`` (copies past the originals); how many were written."""
    originals: list[list[dict[str, Any]]] = []
    for source in SOURCES:
        with source.open(encoding="utf-8") as lines:
            originals.append([json.loads(line) for line in lines if line.strip()])
    # Interleaved (one VOA story, then gva articles in proportion): every prefix is a mix.
    mixed: list[dict[str, Any]] = []
    voa, gva = originals
    step = max(1, len(gva) // max(1, len(voa)))
    for i, story in enumerate(voa):
        mixed.append(story)
        mixed.extend(gva[i * step : (i + 1) * step])
    mixed.extend(gva[len(voa) * step :])
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < n:
            round_, item = divmod(written, len(mixed))
            record = dict(mixed[item])
            if round_:
                record["id"] = f"{record.get('id')}-copy{round_}"
                record["text"] = f"(Round {round_}.) {record['text']}"
                published = str(record.get("published") or "")[:10]
                if published:
                    day = dt.date.fromisoformat(published)
                    record["published"] = (
                        day + dt.timedelta(days=COPY_SHIFT_DAYS * round_)
                    ).isoformat()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _resident_mb() -> float:
    """Resident memory now (Linux), unlike the peak: a growth shows here, a spike does not."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child_bare(corpus: str) -> dict[str, Any]:
    from warmonitor.nlp import load_nlp
    from warmonitor.sources import IngestOptions, InputError, read_documents

    texts = [
        item[1].text
        for item in read_documents([corpus], IngestOptions())
        if not isinstance(item, InputError)
    ]
    nlp = load_nlp()
    nlp(texts[0])  # the model loads outside the timing
    started = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32))
    seconds = time.perf_counter() - started
    return {"docs": len(texts), "seconds": seconds, "entities": entities, "peak_mb": _peak_mb()}


@contextlib.contextmanager
def _fresh_db(tmp: str, name: str, db: str | None) -> Any:
    """A fresh SQLite file, or with a PostgreSQL ``db`` a fresh schema of it (dropped after)."""
    if not db or not db.startswith("postgres"):
        yield f"sqlite:///{tmp}/{name}.sqlite"
        return
    import uuid

    import psycopg

    base = db.replace("postgresql+psycopg://", "postgresql://")
    schema = f"wm_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def child_writer(
    corpus: str, commit_everys: list[int], rounds: int, db: str | None = None
) -> dict[str, Any]:
    """Seconds of the store/link/reconcile half alone at each transaction size, in turns."""
    from warmonitor.pipeline import (
        BatchWriter,
        IngestSummary,
        _configured_extract,
        prepare_document,
    )
    from warmonitor.settings import Settings
    from warmonitor.sources import IngestOptions, read_documents
    from warmonitor.store import Store

    untimed = Settings.load().with_values(ingest={"commit_after_s": 1e9})
    extract = _configured_extract(untimed)
    seconds: dict[int, list[float]] = {n: [] for n in commit_everys}
    stored: dict[int, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Store(f"sqlite:///{tmp}/empty.sqlite")  # nothing known: every input is new
        prepared = [
            prepare_document(empty, item, extract)
            for item in read_documents([corpus], IngestOptions())
        ]
        empty.close()
        for round_ in range(rounds):
            for n in commit_everys:
                with _fresh_db(tmp, f"writer-{round_}-{n}", db) as url:
                    store = Store(url)
                    summary = IngestSummary()
                    writer = BatchWriter(store, summary, None, untimed, commit_every=n)
                    started = time.perf_counter()
                    for entry in prepared:
                        writer.add(entry)
                    writer.flush()
                    seconds[n].append(time.perf_counter() - started)
                    stored[n] = {**store.counts(), "new": summary.new}
                    store.close()
    return {"docs": len(prepared), "seconds": seconds, "stored": stored}


def child_ingest(
    corpus: str, workers: int, db: str | None, commit_every: int | None = None
) -> dict[str, Any]:
    from warmonitor.pipeline import extract_document, ingest_all
    from warmonitor.sources import IngestOptions, RawItem, make_document, read_documents
    from warmonitor.store import Store

    # Models and gazetteer load outside the timing, as the bare pass's model does
    # (a cluster's workers load theirs inside it: that is part of scaling out).
    warm_up = RawItem("warm-up", "text", "Gunmen killed two guards near Gao on Friday.")
    extract_document(make_document(warm_up, IngestOptions()))
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        scheduler = None
        started = time.perf_counter()
        if workers:  # a warm cluster: its start and model loads are timed apart
            from warmonitor.parallel import dask_client, extract_batch

            client = stack.enter_context(dask_client(workers))
            client.run(extract_batch, [("warm-up", make_document(warm_up, IngestOptions()))], None)
            scheduler = client.scheduler.address
        cluster_seconds = time.perf_counter() - started
        store = Store(db or f"sqlite:///{tmp}/bench.sqlite")
        started = time.perf_counter()
        resident: dict[int, float] = {}
        done = [0]

        def sample(_outcome: Any) -> None:  # resident memory after every 250 documents
            done[0] += 1
            if done[0] % 250 == 0:
                resident[done[0]] = _resident_mb()

        settings = None
        if commit_every:  # a fixed batch size, not cut short by [ingest] commit_after_s
            from warmonitor.settings import Settings

            settings = Settings.load().with_values(
                ingest={"commit_every": commit_every, "commit_after_s": 1e9}
            )
        summary = ingest_all(
            store,
            read_documents([corpus], IngestOptions()),
            sample,
            settings,
            scheduler=scheduler,
        )
        seconds = time.perf_counter() - started
        counts = store.counts()
        store.close()
    return {
        "docs": summary.read,
        "new": summary.new,
        "rejected": summary.rejected,
        "seconds": seconds,
        "cluster_seconds": cluster_seconds,
        "reports": counts["reports"],
        "incidents": counts["incidents"],
        "peak_mb": _peak_mb(),
        "resident_mb": resident,
    }


def _run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    if done.returncode != 0:
        raise SystemExit(f"bench child {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, nargs="*", default=[445, 2000])
    parser.add_argument("--workers", type=int, nargs="*", default=[0, 1, 2])
    parser.add_argument("--rss", type=int, nargs="*", default=[], help="sizes for peak RSS")
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument(
        "--commit-every",
        type=int,
        nargs="*",
        default=[],
        help="documents per transaction for the one-process ingest (1: one each); "
        "default: the settings' [ingest] commit_every and commit_after_s",
    )
    parser.add_argument(
        "--writer", action="store_true", help="also time the writer alone at each --commit-every"
    )
    parser.add_argument("--rounds", type=int, default=3, help="turns of the --writer timing")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus, *rest = args.child
        if kind == "bare":
            result = child_bare(corpus)
        elif kind == "writer":
            db = rest[1] if rest[1] != "-" else None
            result = child_writer(corpus, [int(n) for n in rest[2:]], int(rest[0]), db)
        else:
            db = rest[1] if len(rest) > 1 and rest[1] != "-" else None
            result = child_ingest(corpus, int(rest[0]), db, int(rest[2]) if len(rest) > 2 else None)
        print(json.dumps(result))
        return 0
    missing = [str(s) for s in SOURCES if not s.exists()]
    if missing:
        print(f"corpus not found: {', '.join(missing)}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        for n in args.docs:
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            write_corpus(n, corpus)
            bare = _run_child("bare", str(corpus))
            bare_rate = bare["docs"] / bare["seconds"]
            print(f"\n{n} documents; bare en_core_web_sm pass: {bare_rate:.1f} docs/s")
            print(f"{'ingest':<22}{'docs/s':>9}{'x bare':>9}{'x 1 proc':>10}{'peak MB':>9}  stored")
            single: float | None = None
            runs = [
                (workers, commit)
                for workers in args.workers
                for commit in ((args.commit_every or [None]) if workers == 0 else [None])
            ]
            for workers, commit in runs:
                extra = [args.db or "-", str(commit)] if commit else ([args.db] if args.db else [])
                run = _run_child("ingest", str(corpus), str(workers), *extra)
                rate = run["docs"] / run["seconds"]
                if workers == 0 and single is None:
                    single = rate
                name = "one process" if workers == 0 else f"--workers {workers}"
                if commit:
                    name += f", commit {commit}"
                scale = f"{rate / single:>10.2f}" if single else f"{'':>10}"
                print(
                    f"{name:<22}{rate:>9.1f}{rate / bare_rate:>9.2f}{scale}{run['peak_mb']:>9.0f}  "
                    f"{run['new']} new, {run['rejected']} rejected, {run['reports']} reports, "
                    f"{run['incidents']} incidents"
                    + (f"; cluster start {run['cluster_seconds']:.0f} s" if workers else "")
                )
            if args.writer and args.commit_every:
                run = _run_child(
                    "writer",
                    str(corpus),
                    str(args.rounds),
                    args.db or "-",
                    *map(str, args.commit_every),
                )
                where = "PostgreSQL" if (args.db or "").startswith("postgres") else "SQLite"
                print(
                    f"writer alone (store, link, reconcile into {where}; "
                    f"{args.rounds} rounds in turns):"
                )
                base = min(run["seconds"][str(args.commit_every[0])])
                for commit in args.commit_every:
                    best = min(run["seconds"][str(commit)])
                    stored = run["stored"][str(commit)]
                    print(
                        f"  commit every {commit:<5}{run['docs'] / best:>9.1f} docs/s "
                        f"(best of {args.rounds}: {best:.2f} s; x{base / best:.2f}); "
                        f"{stored['new']} new, {stored['reports']} reports, "
                        f"{stored['incidents']} incidents, {stored['claims']} claims"
                    )
        if args.rss:
            print("\npeak RSS of a one-process ingest (writer and extractor), by corpus size:")
            first: float | None = None
            for n in args.rss:
                corpus = Path(tmp) / f"rss-{n}.jsonl"
                write_corpus(n, corpus)
                run = _run_child("ingest", str(corpus), "0", *([args.db] if args.db else []))
                first = first or run["peak_mb"]
                along = ", ".join(f"{k}: {v:.0f}" for k, v in run["resident_mb"].items())
                print(
                    f"{n:>8} documents: peak {run['peak_mb']:.0f} MB "
                    f"({run['peak_mb'] / first - 1:+.1%})  {run['docs'] / run['seconds']:.1f} docs/s"
                    f"; resident MB after N documents: {along}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
