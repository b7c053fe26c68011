"""Benchmark: actor normalisation cost per phrase, as a ratio of a plain dict lookup.

Runs every labelled phrase of eval/actors/ through ``normalize`` with an explicit dictionary
(no answer cache: the full lookup each time), through the cached default path, and through a
baseline that only folds the phrase and looks it up in the alias dict. Prints microseconds per
call (best pass) and each ratio to the baseline, measured in the same process; also the one-off load time.

    python bench/bench_actors.py --rounds 20
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from warmonitor.actors import build_dictionary, normalize
from warmonitor.actors.text import fold

EVAL = Path(__file__).resolve().parents[1] / "eval" / "actors"


def phrases() -> list[tuple[str, str | None, str | None]]:
    rows = []
    for path in sorted(EVAL.glob("*.tsv")):
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        for line in lines[1:]:
            cells = line.split("\t")
            rows.append((cells[1], cells[2] or None, cells[3] or None))
    return rows


def per_call_us(func, items, rounds: int) -> float:  # type: ignore[no-untyped-def]
    """The best of ``rounds`` passes over the phrases (the machine is shared: the minimum is the cost)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            func(item)
        best = min(best, time.perf_counter() - start)
    return best / len(items) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    start = time.perf_counter()
    book = build_dictionary()
    load_s = time.perf_counter() - start
    items = phrases()
    base = per_call_us(lambda p: book.aliases.get(fold(p[0])), items, args.rounds)
    full = per_call_us(lambda p: normalize(p[0], p[1], p[2], dictionary=book), items, args.rounds)
    cached = per_call_us(lambda p: normalize(p[0], p[1], p[2]), items, args.rounds)
    print(
        f"dictionary: {len(book.entries)} entries, {len(book.aliases)} alias keys, built in {load_s:.2f} s"
    )
    print(f"{len(items)} phrases x {args.rounds} rounds")
    print(f"baseline fold + dict lookup: {base:8.1f} us/call  1.00x")
    print(f"normalize, full lookup:      {full:8.1f} us/call  {full / base:5.2f}x")
    print(f"normalize, cached default:   {cached:8.1f} us/call  {cached / base:5.2f}x")


if __name__ == "__main__":
    main()
