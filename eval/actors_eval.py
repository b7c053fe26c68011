"""Score the actor normaliser on the labelled phrases we wrote (eval/actors/phrases.tsv).

Per category (state, rebel, jihadist, militia, generic, broken, lowercased, person) and overall:
normalised-name accuracy (case- and space-insensitive), ACLED inter code accuracy (an empty
label means "no code"), actor-kind accuracy, and the share of answers marked guessed. The
phrases were written for this evaluation and are not read when the dictionary is built.

Usage:
    python eval/actors_eval.py [--data FILE ...] [--json] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warmonitor.actors import build_dictionary, normalize

HERE = Path(__file__).resolve().parent / "actors"
# phrases.tsv: the first set (its errors led to general fixes); heldout.tsv: written after
# those fixes and scored untuned.
DATA = (HERE / "phrases.tsv", HERE / "heldout.tsv")


@dataclass(frozen=True)
class Case:
    category: str
    surface: str
    country: str | None
    role: str | None
    name: str
    inter: int | None
    kind: str


def read_cases(path: Path) -> list[Case]:
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    cases = []
    for number, row in enumerate(rows, 2):
        try:
            cases.append(
                Case(
                    row["category"],
                    row["surface"],
                    row["country"] or None,
                    row["role"] or None,
                    row["name"],
                    int(row["inter"]) if row["inter"] else None,
                    row["kind"],
                )
            )
        except (KeyError, ValueError, TypeError) as err:
            raise SystemExit(f"{path}: row {number} is malformed: {err}") from err
    return cases


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def score(cases: list[Case]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    book = build_dictionary()  # the shipped dictionary only: no user files in the figures
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors = []
    for case in cases:
        got = normalize(case.surface, case.country, case.role, dictionary=book)
        checks = {
            "name": _same_name(got.name, case.name),
            "inter": got.inter == case.inter,
            "kind": got.kind == case.kind,
        }
        for bucket in (case.category, "all"):
            tally = tallies[bucket]
            tally["n"] += 1
            tally["guessed"] += got.guessed
            for field, ok in checks.items():
                tally[field] += ok
        if not all(checks.values()):
            errors.append(
                {
                    "category": case.category,
                    "surface": case.surface,
                    "country": case.country,
                    "want": [case.name, case.inter, case.kind],
                    "got": [got.name, got.inter, got.kind],
                }
            )
    figures = {
        bucket: {
            "n": t["n"],
            **{
                f"{field}_accuracy": round(t[field] / t["n"], 3)
                for field in ("name", "inter", "kind")
            },
            "guessed_share": round(t["guessed"] / t["n"], 3),
        }
        for bucket, t in sorted(tallies.items(), key=lambda kv: (kv[0] == "all", kv[0]))
    }
    return figures, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="+", default=list(DATA))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--errors", action="store_true", help="list every phrase with a wrong field"
    )
    args = parser.parse_args(argv)
    results = {path.stem: score(read_cases(path)) for path in args.data}
    if args.json:
        print(
            json.dumps(
                {"actors": {stem: figures for stem, (figures, _) in results.items()}}, indent=2
            )
        )
    for stem, (figures, errors) in results.items():
        if not args.json:
            print(f"\n{stem}")
            print(f"{'category':<12}{'n':>5}{'name':>8}{'inter':>8}{'kind':>8}{'guessed':>9}")
            for bucket, f in figures.items():
                print(
                    f"{bucket:<12}{f['n']:>5}{f['name_accuracy']:>8.3f}{f['inter_accuracy']:>8.3f}"
                    f"{f['kind_accuracy']:>8.3f}{f['guessed_share']:>9.3f}"
                )
        if args.errors:
            for e in errors:
                print(json.dumps({"set": stem, **e}, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
