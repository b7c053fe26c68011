"""Benchmark: linking cost as the corpus grows (should be near-linear).

Synthetic documents, each with one or two reports of events spread over a
country-sized area and a time span that grows with the corpus (about one event
a day, as a growing archive), most events told by several outlets, go
through link.MemoryLinker (the same loop as the store-backed pipeline: block,
fetch candidates, assign). Prints documents/second and the time per document at
each corpus size, then reconciles every incident once.

    python bench/bench_link.py --sizes 1000 4000 16000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from warmonitor.link import MemoryLinker
from warmonitor.reconcile import reconcile
from warmonitor.records import (
    Count,
    DateRange,
    Evidence,
    Place,
    PlaceMention,
    Report,
    Victim,
)

TYPES = ["attack", "armed_clash", "air_drone_strike", "shelling_artillery_missile_attack"]
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


def synthetic_documents(n_docs: int, seed: int = 7) -> list[tuple[list[Report], dt.date]]:
    rng = random.Random(seed)
    n_events = max(1, int(n_docs / 1.8))
    start = dt.date(2015, 1, 1)
    events = []
    for e in range(n_events):
        # the time span grows with the corpus: constant density, as a growing archive
        day = start + dt.timedelta(days=rng.randrange(max(365, n_docs // 2)))
        lat, lon = 33 + rng.random() * 4, 36 + rng.random() * 5
        events.append(
            (
                e,
                rng.choice(TYPES),
                day,
                lat,
                lon,
                rng.randrange(0, 12),
                " ".join(rng.sample(WORDS, 3)),
            )
        )
    docs = []
    for d in range(n_docs):
        picked = [rng.choice(events)]
        if rng.random() < 0.3:
            picked.append(rng.choice(events))
        reports = []
        for i, (e, etype, day, lat, lon, killed, words) in enumerate(picked):
            jitter = dt.timedelta(days=rng.choice([0, 0, 0, 1]))
            place = Place(
                f"town{e}", lat, lon, 1000 + e, "populated_place", "SY", f"prov{e % 14}", None, 1
            )
            reports.append(
                Report(
                    document_id=f"doc{d:06d}",
                    event_type=etype,
                    date=DateRange(day + jitter, day + jitter, "day"),
                    location=PlaceMention(place.name, 0, 5, "event", place),
                    fatalities=Count(best=killed),
                    victims=[Victim("civilians", Count(best=killed), "civilians", "killed")],
                    evidence=[Evidence("targets", words, 0, len(words), words)],
                    index=i,
                )
            )
        docs.append((reports, max(r.date.start for r in reports)))  # type: ignore[type-var]
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 8000])
    args = ap.parse_args()
    for n in args.sizes:
        docs = synthetic_documents(n)
        linker = MemoryLinker()
        t0 = time.perf_counter()
        for reports, published in docs:
            linker.add(reports, published=published, outlet="bench")
        link_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for inc_id, keys in linker.incidents.items():
            reconcile(inc_id, [linker.reports[k] for k in keys], outlets=linker.outlets)
        rec_s = time.perf_counter() - t0
        print(
            f"{n:6d} documents: link {link_s:7.2f} s ({1000 * link_s / n:6.2f} ms/doc), "
            f"reconcile {rec_s:6.2f} s, {len(linker.incidents)} incidents"
        )


if __name__ == "__main__":
    main()
