"""Score the actor normaliser on the labelled phrases we wrote (eval/actors/phrases.tsv).

Per category (state, rebel, jihadist, militia, generic, broken, lowercased, person) and overall:
normalised-name accuracy (case- and space-insensitive), ACLED inter code accuracy (an empty
label means "no code"), actor-kind accuracy, and the share of answers marked guessed. The
phrases were written for this evaluation and are not read when the dictionary is built.

With ``--muc``, also the dictionary's coverage of MUC-4 dev gold role fillers (evaluation only;
no labels for codes there, so only: the share named by the dictionary, and the share given any
inter code). MUC-4 text is lower-cased and names 1980s Latin American actors.

With ``--voa``, the same coverage for the actor phrases the current extractor finds in the VOA
stories (../shared/corpora/voa; unlabelled, so coverage only, by role).

Usage:
    python eval/actors_eval.py [--data FILE ...] [--json] [--errors] [--muc [FILE]] [--voa [FILE]]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warmonitor.actors import build_dictionary, normalize

HERE = Path(__file__).resolve().parent / "actors"
# phrases.tsv: the first set (its errors led to general fixes); heldout.tsv and heldout2.tsv:
# each written after the fixes before it and scored once untuned (later fixes may lift them).
DATA = (HERE / "phrases.tsv", HERE / "heldout.tsv", HERE / "heldout2.tsv")


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


MUC_DEV = (
    Path(os.environ.get("WARMONITOR_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    / "data"
    / "muc4-dev"
    / "dev.jsonl"
)
MUC_ROLES = ("PerpOrg", "PerpInd", "Victim")


def muc_coverage(path: Path) -> dict[str, dict[str, float]]:
    """Per MUC-4 role: how many gold fillers (first mention) the dictionary names, or types at all."""
    book = build_dictionary()
    counts: dict[str, list[int]] = {role: [0, 0, 0] for role in MUC_ROLES}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            for template in json.loads(line)["templates"]:
                for role in MUC_ROLES:
                    for entity in template.get(role, []):
                        side = "victim" if role == "Victim" else "perpetrator"
                        got = normalize(entity[0][0], None, side, dictionary=book)
                        tally = counts[role]
                        tally[0] += 1
                        tally[1] += not got.guessed
                        tally[2] += got.inter is not None
    return {
        role: {"n": n, "named": round(named / n, 3), "typed": round(typed / n, 3)}
        for role, (n, named, typed) in counts.items()
        if n
    }


VOA = MUC_DEV.parents[2] / "corpora" / "voa" / "voa_stories.jsonl"


def voa_coverage(path: Path) -> dict[str, dict[str, float]]:
    """Per side (perpetrator/victim): extracted phrases named by the dictionary, or typed at all."""
    import hashlib

    from warmonitor.extract import extract_reports
    from warmonitor.records import Document

    book = build_dictionary()
    counts: dict[str, list[int]] = {"perpetrator": [0, 0, 0], "victim": [0, 0, 0]}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            text = story.get("text") or ""
            doc = Document(
                story["id"], text, hashlib.sha256(text.encode()).hexdigest(), story.get("title")
            )
            for report in extract_reports(doc):
                where = report.location.place if report.location else None
                country = where.country if where else None
                sides = (("perpetrator", report.perpetrators), ("victim", report.victims))
                for side, actors in sides:
                    for actor in actors:
                        got = normalize(actor.name, country, side, dictionary=book)
                        tally = counts[side]
                        tally[0] += 1
                        tally[1] += not got.guessed
                        tally[2] += got.inter is not None
    return {
        side: {"n": n, "named": round(named / n, 3), "typed": round(typed / n, 3)}
        for side, (n, named, typed) in counts.items()
        if n
    }


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
    parser.add_argument("--muc", type=Path, nargs="?", const=MUC_DEV, help="MUC-4 dev coverage too")
    parser.add_argument(
        "--voa", type=Path, nargs="?", const=VOA, help="VOA extraction coverage too"
    )
    args = parser.parse_args(argv)
    results = {path.stem: score(read_cases(path)) for path in args.data}
    coverage = None
    if args.muc is not None:
        if not args.muc.is_file():
            raise SystemExit(f"no MUC-4 dev file at {args.muc}")
        coverage = muc_coverage(args.muc)
    voa = None
    if args.voa is not None:
        if not args.voa.is_file():
            raise SystemExit(f"no VOA stories at {args.voa}")
        voa = voa_coverage(args.voa)
    if args.json:
        out: dict[str, Any] = {"actors": {stem: figures for stem, (figures, _) in results.items()}}
        if coverage is not None:
            out["actors"]["muc4_dev_coverage"] = coverage
        if voa is not None:
            out["actors"]["voa_coverage"] = voa
        print(json.dumps(out, indent=2))
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
    if coverage is not None and not args.json:
        print("\nmuc4-dev coverage (gold fillers): role, n, named by the dictionary, given a code")
        for role, c in coverage.items():
            print(f"{role:<12}{c['n']:>5}{c['named']:>8.3f}{c['typed']:>8.3f}")
    if voa is not None and not args.json:
        print("\nvoa coverage (extracted phrases): side, n, named by the dictionary, given a code")
        for side, c in voa.items():
            print(f"{side:<12}{c['n']:>5}{c['named']:>8.3f}{c['typed']:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
