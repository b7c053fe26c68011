"""Scaling of cleaning (and of analysis after it) on hostile inputs, as time ratios at 10x size.

For each hostile unit ("_", " _a", "[a](", ...) the text is the unit repeated to N and to 10N
characters; the script prints the best-of-R time of ``clean_text`` at each size and their ratio
(linear ~10, quadratic ~100), all measured in this one process. With ``--extract`` it also times
``make_document`` + extraction, where long unbroken runs once cost the tokenizer quadratic time.

Usage:
    python bench/bench_clean.py [--size 20000] [--rounds 5] [--extract]
"""

from __future__ import annotations

import argparse
import time

from warmonitor.clean import clean_text

UNITS = ["_", " _a", "_a", "a_", "__a", "**a", "*a", "[a", "[a](", "[a](b", "a](b", '[a](b "x',
         "a.b", "a.bc/", "www.a", "http://a", "a\n", "\n\n", "1/2\n\n", "AFP\n\n", "# a\n", "((", "a."]  # fmt: skip
PROSE = " The council met on Monday, officials said."


def best_of(rounds: int, action, *args) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        action(*args)
        best = min(best, time.perf_counter() - started)
    return best


def analyse(text: str) -> None:
    import hashlib

    from warmonitor.pipeline import extract_document
    from warmonitor.records import Document

    cleaned = clean_text(text).text
    extract_document(
        Document(id="b", text=cleaned, sha256=hashlib.sha256(cleaned.encode()).hexdigest())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--extract", action="store_true", help="also time analysis after cleaning")
    args = parser.parse_args()
    if args.extract:
        analyse(PROSE)  # load the language model outside the timings
    print(
        f"{'unit':12} {'clean N':>9} {'clean 10N':>9} {'ratio':>6}"
        + ("  analyse ratio" if args.extract else "")
    )
    for unit in UNITS:
        small = unit * (args.size // len(unit))
        large = unit * (10 * args.size // len(unit))
        a, b = best_of(args.rounds, clean_text, small), best_of(args.rounds, clean_text, large)
        line = f"{unit!r:12} {a:9.4f} {b:9.4f} {b / max(a, 1e-6):6.1f}"
        if args.extract:
            x = best_of(2, analyse, small + PROSE)
            y = best_of(2, analyse, large + PROSE)
            line += f"  {y / max(x, 1e-6):6.1f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
