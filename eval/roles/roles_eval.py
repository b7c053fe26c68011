"""Score role filling on the held-out sentences we wrote (eval/roles/sentences.txt).

Each line is one document run through the extractor as ingest runs it. Marked stretches
(``warmonitor.roles.markup``) are the gold; a system value matches a mark when their character
spans overlap. Figures, for the settings' role filling and for the rules alone:

- ``swap_rate``: of the marked perpetrators and victims the system fills at all, the share it
  puts in the other role (a victim as perpetrator or a perpetrator as victim);
- ``perpetrators`` / ``victims`` / ``targets`` / ``weapons``: precision and recall by overlap;
- ``actor_kind_accuracy``: of the marked perpetrators with a kind that the system finds, the
  share whose perpetrator phrase the actor dictionary types as that kind (``actors.normalize``);
  ``inter_accuracy`` the same for the ACLED inter code the kind implies.

Usage: python eval/roles/roles_eval.py [--file FILE] [--roles learned|rules|both]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from warmonitor.actors import normalize
from warmonitor.actors.model import KIND_INTER
from warmonitor.extract import extract_reports
from warmonitor.records import Document
from warmonitor.roles.markup import Marked, parse_marked
from warmonitor.settings import default_settings, use_settings

HERE = Path(__file__).resolve().parent
FIELDS = {"perpetrators": ("PerpInd", "PerpOrg"), "victims": ("Victim",), "targets": ("Target",), "weapons": ("Weapon",)}  # fmt: skip


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _overlaps(a: tuple[int, int], b: Marked) -> bool:
    return a[0] < b.end and b.start < a[1]


def score(lines: list[str]) -> dict[str, Any]:
    tally: Counter = Counter()
    for n, line in enumerate(lines):
        text, marks = parse_marked(line)
        doc = Document(id=f"roles-{n}", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
        found: dict[str, list[tuple[int, int, str]]] = {f: [] for f in FIELDS}
        for report in extract_reports(doc):
            for e in report.evidence:
                if e.field in found:
                    found[e.field].append((e.start, e.end, e.text))
        for field_name, roles in FIELDS.items():
            gold = [m for m in marks if m.role in roles]
            got = found[field_name]
            tally[f"{field_name}.gold"] += len(gold)
            tally[f"{field_name}.found"] += sum(any(_overlaps(g[:2], m) for g in got) for m in gold)
            tally[f"{field_name}.predicted"] += len(got)
            tally[f"{field_name}.correct"] += sum(
                any(_overlaps(g[:2], m) for m in gold) for g in got
            )
        for m in marks:
            if m.role not in ("PerpInd", "PerpOrg", "Victim"):
                continue
            mine, other = (
                ("perpetrators", "victims") if m.role != "Victim" else ("victims", "perpetrators")
            )
            as_mine = any(_overlaps(g[:2], m) for g in found[mine])
            as_other = any(_overlaps(g[:2], m) for g in found[other])
            if as_mine or as_other:
                tally["swap.filled"] += 1
                tally["swap.swapped"] += as_other and not as_mine
            if m.role != "Victim" and m.kind and as_mine:
                phrase = next(g[2] for g in found[mine] if _overlaps(g[:2], m))
                match = normalize(phrase, None, "perpetrator")
                tally["kind.n"] += 1
                tally["kind.correct"] += match.kind == m.kind
                tally["inter.correct"] += match.inter == KIND_INTER.get(m.kind)

    def ratio(a: str, b: str) -> float:
        return round(tally[a] / tally[b], 4) if tally[b] else 0.0

    out: dict[str, Any] = {"sentences": len(lines)}
    for field_name in FIELDS:
        p = ratio(f"{field_name}.correct", f"{field_name}.predicted")
        r = ratio(f"{field_name}.found", f"{field_name}.gold")
        out[field_name] = {
            "precision": p,
            "recall": r,
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "gold": tally[f"{field_name}.gold"],
        }
    out["swap_rate"] = ratio("swap.swapped", "swap.filled")
    out["swap_filled"] = tally["swap.filled"]
    out["actor_kind_accuracy"] = ratio("kind.correct", "kind.n")
    out["inter_accuracy"] = ratio("inter.correct", "kind.n")
    out["kind_scored"] = tally["kind.n"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=HERE / "sentences.txt")
    parser.add_argument("--roles", choices=("learned", "rules", "both"), default="both")
    args = parser.parse_args(argv)
    lines = read_lines(args.file)
    result: dict[str, Any] = {}
    for mode in ("learned", "rules") if args.roles == "both" else (args.roles,):
        use_settings(default_settings().with_values(extract={"roles": mode}))
        result[mode] = score(lines)
    use_settings(None)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
