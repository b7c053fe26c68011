"""Benchmark: linking cost per report as the store grows (it should not grow), on a real store.

    python bench/bench_link.py --sizes 10000 100000 [--db postgresql://127.0.0.1/test] [--probes 300]
    python bench/bench_link.py --mode memory --sizes 10000 100000 1000000 [--profile /tmp/link]

For each size N, a fresh database is filled with N generated incidents (bulk
inserts: documents, reports with their stored blocks and features, incidents),
spread over 40 countries, several event types and years of dates (at a constant
density of 0.5 events per country-day, so 100k incidents span 14 years;
``--density fixed`` keeps 15 years for every N instead); 30% of the events
are told twice (two documents), 10% of reports are undated (their document's
date bounds them) and 5% have no place. Then ``--probes`` new documents (half
retellings of stored events, half new events) go through the pipeline's
``add_document`` + ``link_and_reconcile``, each in a transaction rolled back
afterwards so every probe meets the same N.

Prints per size: ms per probe document, the ratio to the smallest size (the
baseline, same process), the fitted growth exponent (log time ratio / log size
ratio: 0 is constant work per document, 1 is linear), and blocking's recall:
for a sample of probes, every stored report that could link (linkable and
scoring at least MIN_PAIR_SCORE, found by brute force over all stored reports)
must belong to a candidate incident; the count of those lost must be 0.
Then peak RSS.

``--mode memory`` measures a batch link of a whole archive instead: N generated
one-report documents (the same generator, at the same constant density, in
publication order) are streamed through one :class:`MemoryLinker`, the same
``link_document`` loop as the store, each size in a fresh process. Prints per
size: CPU and wall seconds of linking in all and per report, the growth
exponent of the total time (1 is constant work per report; the goal is at most
1.2), incidents made against the generated events with pairwise precision and
recall, blocking's recall (brute force, as above, for ``--recall-probes``
reports of the stream's second half), peak RSS, and a digest of the clusters
(ids and report keys), so a speed change can show it links exactly as before.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import heapq
import math
import multiprocessing
import pstats
import random
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import insert, text

from warmonitor.link import (
    MIN_PAIR_SCORE,
    MemoryLinker,
    annotate_context,
    blocking_key,
    features,
    features_to_json,
    score_features,
    span_class,
)
from warmonitor.pipeline import link_and_reconcile
from warmonitor.records import (
    Count,
    DateRange,
    Document,
    Evidence,
    Place,
    PlaceMention,
    Report,
    Victim,
    report_key,
    to_jsonable,
)
from warmonitor.store import Store, Unit
from warmonitor.store.schema import DocumentRow, IncidentRow, ReportRow

TYPES = ["attack", "armed_clash", "air_drone_strike", "shelling_artillery_missile_attack"]
TYPES += ["peaceful_protest", "arrests"]
WORDS = [
    "market",
    "convoy",
    "checkpoint",
    "village",
    "school",
    "hospital",
    "bridge",
    "mosque",
    "base",
    "road",
    "farm",
    "camp",
]
COUNTRIES = [f"C{i:02d}" for i in range(40)]
START = dt.date(2000, 1, 1)
# Events per country per day: an archive grows by time at about this density
# (ACLED runs at about 0.6 over its countries); --density fixed keeps 15 years instead.
DENSITY = 0.5


@dataclass(slots=True)
class Event:
    number: int
    event_type: str
    day: dt.date
    country: str
    lat: float
    lon: float
    killed: int
    words: str


def make_event(rng: random.Random, number: int, days: int, day: int | None = None) -> Event:
    """A random event; ``day`` (days after START) fixes its date instead of drawing it."""
    country = rng.choice(COUNTRIES)
    base = COUNTRIES.index(country)  # each country its own 4x4 degree box
    return Event(
        number,
        rng.choice(TYPES),
        START + dt.timedelta(days=rng.randrange(days) if day is None else day),
        country,
        -60 + 3 * base + rng.random() * 2,
        -170 + 8 * base + rng.random() * 2,
        rng.randrange(0, 12),
        " ".join(rng.sample(WORDS, 3)),
    )


def make_report(rng: random.Random, event: Event, doc_id: str) -> tuple[Report, dt.date]:
    """One outlet's report of the event, and its document's publication date."""
    published = event.day + dt.timedelta(days=rng.choice([0, 1, 1, 2]))
    undated = rng.random() < 0.10
    day = None if undated else event.day + dt.timedelta(days=rng.choice([0, 0, 0, 1]))
    location = None
    if rng.random() >= 0.05:
        place = Place(
            f"town{event.number}",
            event.lat,
            event.lon,
            10_000 + event.number,
            "populated_place",
            event.country,
            f"{event.country}-prov{event.number % 14}",
            None,
            1,
        )
        location = PlaceMention(place.name, 0, 5, "event", place)
    report = Report(
        document_id=doc_id,
        event_type=event.event_type,
        date=DateRange(day, day, "day" if day else None),
        location=location,
        fatalities=Count(best=event.killed),
        victims=[Victim("civilians", Count(best=event.killed), "civilians", "killed")],
        evidence=[Evidence("targets", event.words, 0, len(event.words), event.words)],
        index=0,
    )
    annotate_context([report])
    return report, published


def fill(store: Store, n_incidents: int, seed: int, days: int) -> tuple[list[Event], list]:
    """N stored incidents (30% told twice), in bulk; returns the events and every stored feature."""
    rng = random.Random(seed)
    events = [make_event(rng, e, days) for e in range(n_incidents)]
    all_features = []
    docs, reports, incidents = [], [], []
    for event in events:
        incident_id = f"inc-{event.number:08d}"
        incidents.append(
            {
                "id": incident_id,
                "event_type": event.event_type,
                "grade": "weak",
                "data": {},
                "date_start": event.day,
                "date_end": event.day,
                "country": event.country,
                "contested": False,
            }
        )
        for telling in range(2 if rng.random() < 0.3 else 1):
            doc_id = f"doc-{event.number:08d}-{telling}"
            report, published = make_report(rng, event, doc_id)
            docs.append({"id": doc_id, "sha256": doc_id, "text": "", "published": published})
            block = blocking_key(report, published=published)
            feats = features(report, published)
            all_features.append((incident_id, feats))
            reports.append(
                {
                    "key": report_key(report),
                    "document_id": doc_id,
                    "idx": 0,
                    "incident_id": incident_id,
                    "event_type": report.event_type,
                    "date_start": report.date.start,
                    "date_end": report.date.end,
                    "aggregate": False,
                    "data": to_jsonable(report),
                    "block_lo": block.date_lo,
                    "block_hi": block.date_hi,
                    "block_country": block.country,
                    "block_family": block.family,
                    "block_span": span_class(block),
                    "features": features_to_json(feats),
                }
            )
    with store.engine.begin() as connection:
        for table, rows in ((DocumentRow, docs), (IncidentRow, incidents), (ReportRow, reports)):
            for start in range(0, len(rows), 5000):
                connection.execute(insert(table), rows[start : start + 5000])
        if store.engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
    return events, all_features


@contextmanager
def rolled_back(store: Store) -> Iterator[Unit]:
    """A unit whose work is undone afterwards, so every probe meets the same store."""
    with store._sessions() as session:
        session.begin()
        try:
            yield Unit(session)
        finally:
            session.rollback()


def probes(
    events: list[Event], n: int, seed: int, days: int
) -> list[tuple[Document, list[Report]]]:
    rng = random.Random(seed + 1)
    # Probes away from the archive's first and last two months, whose neighbourhoods
    # are half empty: the smallest size would otherwise look cheaper than it is.
    lo, hi = START + dt.timedelta(days=60), START + dt.timedelta(days=days - 60)
    inside = [e for e in events if lo <= e.day <= hi]
    out = []
    for p in range(n):
        if p % 2 == 0:
            event = rng.choice(inside)
        else:
            event = make_event(rng, 10**8 + p, days)
            while not lo <= event.day <= hi:
                event = make_event(rng, 10**8 + p, days)
        doc_id = f"probe-{p:05d}"
        report, published = make_report(rng, event, doc_id)
        doc = Document(id=doc_id, text="", sha256=doc_id, published=published)
        out.append((doc, [report]))
    return out


def lost_by_blocking(unit: Unit, sample, all_features) -> tuple[int, int, int]:
    """(true candidates, of them not fetched by blocking, incidents fetched) over the sample."""
    true, lost, fetched_total = 0, 0, 0
    for doc, reports in sample:
        for report in reports:
            block = blocking_key(report, published=doc.published)
            feats = features(report, doc.published)
            fetched = unit.candidate_ids(block)
            fetched_total += len(fetched)
            for incident_id, stored in all_features:
                ps = score_features(feats, stored)
                if ps.linkable and ps.score >= MIN_PAIR_SCORE:
                    true += 1
                    lost += incident_id not in fetched
    return true, lost, fetched_total


def run_size(
    url: str, n: int, n_probes: int, n_recall: int, seed: int, days: int
) -> dict[str, float]:
    store = Store(url)
    started = time.perf_counter()
    events, all_features = fill(store, n, seed, days)
    fill_s = time.perf_counter() - started
    tests = probes(events, n_probes, seed, days)
    started, cpu_started = time.perf_counter(), time.process_time()
    for doc, reports in tests:
        with rolled_back(store) as unit:
            unit.add_document(doc, reports)
            link_and_reconcile(unit, doc, reports)
    per_doc_ms = 1000 * (time.perf_counter() - started) / n_probes
    # CPU time of this process: steadier than wall time on a shared machine (for
    # SQLite it is all the work; PostgreSQL's server time is outside it).
    per_doc_cpu_ms = 1000 * (time.process_time() - cpu_started) / n_probes
    with rolled_back(store) as unit:
        sample = tests[:n_recall]
        true, lost, fetched = lost_by_blocking(unit, sample, all_features)
    store.close()
    return {
        "fill_s": fill_s,
        "ms": per_doc_ms,
        "cpu_ms": per_doc_cpu_ms,
        "true": true,
        "lost": lost,
        "candidates": fetched / max(1, len(sample)),
    }


# --------------------------------------------------------------------------- memory mode
#
# The whole archive linked in one process, through MemoryLinker and the same
# link_document loop as the store: what a batch (re-)link of N reports costs.


def stream_reports(n: int, seed: int) -> Iterator[tuple[Report, dt.date, int]]:
    """About N generated one-report documents in publication order, with their event numbers.

    N / 1.3 events come at DENSITY per country-day (so the span grows with N, as
    an archive's does), 30% told twice (so the count is N within a fraction of a
    percent, and never more), reports as make_report makes them. Events
    are drawn day by day and their tellings wait in a heap until published, so
    only a few days of reports are pending whatever N.
    """
    rng = random.Random(seed)
    n_events = max(1, round(n / 1.3))  # 1.3 reports per event on average
    days = max(1, int(n_events / len(COUNTRIES) / DENSITY))
    event_days = sorted(rng.randrange(days) for _ in range(n_events))
    pending: list[tuple[dt.date, str, int, Report]] = []  # (published, doc id, event, report)
    emitted = 0
    for number, day in enumerate(event_days):
        today = START + dt.timedelta(days=day)
        # Every telling published before today is due: today's events publish today or later.
        while pending and pending[0][0] < today:
            published, _doc, event_number, report = heapq.heappop(pending)
            yield report, published, event_number
            emitted += 1
            if emitted == n:
                return
        event = make_event(rng, number, days, day)
        for telling in range(2 if rng.random() < 0.3 else 1):
            doc_id = f"doc-{number:08d}-{telling}"
            report, published = make_report(rng, event, doc_id)
            heapq.heappush(pending, (published, doc_id, number, report))
    while pending and emitted < n:
        published, _doc, event_number, report = heapq.heappop(pending)
        yield report, published, event_number
        emitted += 1


def lost_in_memory(
    linker: MemoryLinker, report: Report, published: dt.date
) -> tuple[int, int, int]:
    """(true candidates, of them not fetched by blocking, incidents fetched) for one report,
    by brute force over every report the linker holds (scored as linking scores them)."""
    block = blocking_key(report, published=published)
    feats = features(report, published)
    fetched = linker.candidate_ids(block)
    true = lost = 0
    for incident_id, stored in linker.features_of(list(linker.incidents)).items():
        for g in stored:
            ps = score_features(feats, g)
            if ps.linkable and ps.score >= MIN_PAIR_SCORE:
                true += 1
                lost += incident_id not in fetched
    return true, lost, len(fetched)


def pairwise(clusters: dict[str, list[str]], event_of: dict[str, int]) -> tuple[int, int, int]:
    """(pairs linked, of them one event, pairs of one event): pairwise precision and recall."""
    linked = sum(len(keys) * (len(keys) - 1) // 2 for keys in clusters.values())
    correct = sum(
        c * (c - 1) // 2
        for keys in clusters.values()
        for c in Counter(event_of[k] for k in keys).values()
    )
    actual = sum(c * (c - 1) // 2 for c in Counter(event_of.values()).values())
    return linked, correct, actual


def run_memory(n: int, seed: int, n_recall: int, profile: str | None) -> dict[str, float | str]:
    """Stream N generated reports through one MemoryLinker; linking's time, memory and quality."""
    linker = MemoryLinker()
    event_of: dict[str, int] = {}
    # Blocking's recall is checked on reports spread over the second half of the
    # stream, where the linker already holds most of the archive.
    step = max(1, (n // 2) // max(1, n_recall))
    sample = set(range(n // 2, n, step)[:n_recall]) if n_recall else set()
    profiler = cProfile.Profile() if profile else None
    wall = cpu = 0.0
    true = lost = fetched = 0
    started = time.perf_counter()
    for i, (report, published, number) in enumerate(stream_reports(n, seed)):
        if i in sample:
            t, m, f = lost_in_memory(linker, report, published)
            true, lost, fetched = true + t, lost + m, fetched + f
        event_of[report_key(report)] = number
        w, c = time.perf_counter(), time.process_time()
        if profiler is not None:
            profiler.enable()
        linker.add([report], published=published)
        if profiler is not None:
            profiler.disable()
        wall += time.perf_counter() - w
        cpu += time.process_time() - c
    total_s = time.perf_counter() - started
    clusters = linker.clusters()
    linked, correct, actual = pairwise(clusters, event_of)
    digest = hashlib.sha1(repr(sorted(clusters.items())).encode()).hexdigest()[:12]
    if profiler is not None:
        path = f"{profile}.{n}"
        profiler.dump_stats(path)
        print(f"profile of linking {n:,d} reports -> {path}; top by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return {
        "reports": len(event_of),
        "wall_s": wall,
        "cpu_s": cpu,
        "total_s": total_s,
        "incidents": len(clusters),
        "events": len(set(event_of.values())),
        "precision": correct / linked if linked else 1.0,
        "recall": correct / actual if actual else 1.0,
        "true": true,
        "lost": lost,
        "candidates": fetched / max(1, len(sample)),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "digest": digest,
    }


def main_memory(args: argparse.Namespace) -> None:
    """Each size in a fresh process, one at a time: its peak RSS and timing are its own."""
    results: list[tuple[int, dict]] = []
    spawn = multiprocessing.get_context("spawn")
    for n in args.sizes:
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            r = pool.submit(run_memory, n, args.seed, args.recall_probes, args.profile).result()
        results.append((n, r))
        line = (
            f"memory {r['reports']:>9,d} reports: {r['cpu_s']:8.1f} s CPU "
            f"({1e6 * r['cpu_s'] / r['reports']:6.0f} us/report), {r['wall_s']:8.1f} s wall "
            f"({1e6 * r['wall_s'] / r['reports']:6.0f} us/report)"
        )
        if len(results) > 1:
            (n0, r0), (n1, r1) = results[0], results[-2]
            line += (
                f"  growth exponent (CPU) {_exponent(n0, r0['cpu_s'], n, r['cpu_s']):4.2f} "
                f"vs {n0:,d}, {_exponent(n1, r1['cpu_s'], n, r['cpu_s']):4.2f} vs {n1:,d}"
            )
        print(line, flush=True)
        print(
            f"  {r['incidents']:,d} incidents for {r['events']:,d} events  "
            f"pairwise precision {r['precision']:.4f} recall {r['recall']:.4f}  "
            f"true candidates {r['true']}, lost by blocking {r['lost']}  "
            f"candidates/report {r['candidates']:.1f}  peak RSS {r['rss_mb']:.0f} MB  "
            f"(run {r['total_s']:.0f} s with generation and checks; clusters {r['digest']})",
            flush=True,
        )


def _exponent(n0: int, t0: float, n1: int, t1: float) -> float:
    """log time ratio / log size ratio: 1 is linear total time (constant per report)."""
    return math.log(t1 / t0) / math.log(n1 / n0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument(
        "--db", default=None, help="PostgreSQL URL (a fresh schema is made); default SQLite"
    )
    ap.add_argument("--probes", type=int, default=300)
    ap.add_argument("--recall-probes", type=int, default=30, help="probes checked by brute force")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--density",
        choices=["constant", "fixed"],
        default="constant",
        help="constant: the time span grows with N (an archive); fixed: 15 years whatever N",
    )
    ap.add_argument(
        "--mode",
        choices=["store", "memory"],
        default="store",
        help="store: probes against a database of N incidents; "
        "memory: N generated reports streamed through MemoryLinker",
    )
    ap.add_argument(
        "--profile", default=None, help="memory mode: cProfile linking, stats to PROFILE.<N>"
    )
    args = ap.parse_args()
    if args.mode == "memory":
        main_memory(args)
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            url, cleanup = _fresh_database(args.db, tmp, n)
            try:
                days = int(n / len(COUNTRIES) / DENSITY) if args.density == "constant" else 15 * 365
                result = run_size(url, n, args.probes, args.recall_probes, args.seed, days)
            finally:
                cleanup()
            results.append((n, result))
            base_n, base = results[0]
            ratio = result["ms"] / base["ms"]
            cpu_ratio = result["cpu_ms"] / base["cpu_ms"]
            span = math.log(n / base_n) if n != base_n else float("nan")
            exponent, cpu_exponent = math.log(ratio) / span, math.log(cpu_ratio) / span
            print(
                f"{'postgresql' if args.db else 'sqlite':<10} {n:>9,d} incidents: "
                f"{result['ms']:7.2f} ms/document  x{ratio:5.2f} vs {base_n:,d}  "
                f"growth exponent {exponent:5.2f}  "
                f"(CPU {result['cpu_ms']:6.2f} ms, exponent {cpu_exponent:5.2f})  "
                f"candidates/report {result['candidates']:.1f}  "
                f"true candidates {result['true']}, lost by blocking {result['lost']}  "
                f"(fill {result['fill_s']:.0f} s)",
                flush=True,
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")


def _fresh_database(pg_url: str | None, tmp: str, n: int):  # type: ignore[no-untyped-def]
    """A fresh SQLite file, or a fresh schema of the PostgreSQL database (dropped after)."""
    if pg_url is None:
        return f"sqlite:///{tmp}/bench-{n}.sqlite", lambda: None
    import psycopg

    schema = f"wm_bench_link_{n}_{random.randrange(10**6)}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')

    def drop() -> None:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    sep = "&" if "?" in pg_url else "?"
    return f"{pg_url}{sep}options=-csearch_path%3D{schema}", drop


if __name__ == "__main__":
    main()
