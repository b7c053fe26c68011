"""Evaluate incident extraction on gva-dev and muc4-dev (../shared/data).

gva-dev: each article against its incident's gold, using the article's main
report (the first non-aggregate one): date (exact day, and gold day inside the
report's range), city, state, killed, injured. An article with no report scores
wrong on every field.

muc4-dev: incident type and role fillers (PerpInd, PerpOrg, Target, Victim,
Weapon), scored as GRIT/GTT do: per document, predicted templates are aligned
one-to-one with gold templates to maximise matches; a predicted filler is
correct if it equals any mention of a gold entity (case-insensitive, articles
stripped); each gold entity counts once. Micro-averaged P/R/F1 per role and
overall, plus incident-type P/R/F1 over aligned templates.

Usage:
    python eval/extract_eval.py [--data DIR] [--corpus gva|muc|both] [--limit N] [--errors FILE]
                                [--roles learned|rules]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warmonitor.extract import extract_reports
from warmonitor.lang.en.lexicon import ACTOR_NAMES, ACTOR_NOUNS, VICTIM_NOUNS
from warmonitor.records import Document, Report
from warmonitor.settings import active_settings, default_settings, use_settings

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

# Our types to MUC-4 incident types (non-violent types have no MUC template).
MUC_TYPE = {
    "abduction_forced_disappearance": "kidnapping",
    "remote_explosive_landmine_ied": "bombing",
    "suicide_bomb": "bombing",
    "grenade": "bombing",
    "arson": "arson",
    "looting_property_destruction": "robbery",
    "attack": "attack",
    "armed_clash": "attack",
    "execution": "attack",
    "shelling_artillery_missile_attack": "attack",
    "air_drone_strike": "attack",
    "aircraft_downed": "attack",
    "drone_downed": "attack",
    "chemical_weapon": "attack",
    "mob_violence": "attack",
    "sexual_violence": "attack",
    "excessive_force_against_protesters": "attack",
    "violent_demonstration": "attack",
}


def _document(id_: str, text: str, published: dt.date | None) -> Document:
    return Document(
        id=id_, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), published=published
    )


# ----------------------------------------------------------------- GVA


@dataclass
class GvaTally:
    articles: int = 0
    with_report: int = 0
    hits: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, key: str) -> float:
        return self.hits[key] / self.articles if self.articles else 0.0


def _norm(s: str | None) -> str:
    return re.sub(r"[^a-z0-9 ]", "", (s or "").lower()).strip()


def _main_report(reports: list[Report]) -> Report | None:
    events = [r for r in reports if not r.aggregate]
    return events[0] if events else None


def _city_match(report: Report, city: str) -> bool:
    """The report's place is the gold city, or the part of it GVA names in brackets ("Chicago (Hyde Park)")."""
    inner = re.search(r"\(([^)]*)\)", city)
    golds = {_norm(re.sub(r"\s*\(.*\)$", "", city))} | ({_norm(inner.group(1))} if inner else set())
    golds = {
        re.sub(r"^saint\s+", "st ", re.sub(r"\s+(county|city|township|parish)$", "", g))
        for g in golds
        if g
    }
    if not golds:
        return False
    loc = report.location
    if loc is None:
        return False
    names = {_norm(loc.text)}
    if loc.place is not None:
        names |= {_norm(loc.place.name), _norm(loc.place.admin2)}
    names = {
        re.sub(r"^saint\s+", "st ", re.sub(r"\s+(county|city|township|parish)$", "", n))
        for n in names
        if n
    }
    return bool(golds & names)


def _state_match(report: Report, state: str) -> bool:
    gold = _norm(state)
    loc = report.location
    if loc is not None and loc.place is not None and _norm(loc.place.admin1) == gold:
        return True
    # The report names the state somewhere ("Elgin, Illinois").
    return any(
        _norm(p.text) == gold or (p.place is not None and _norm(p.place.admin1) == gold)
        for p in report.places
        if p.role == "event" or p.place is not None
    )


def eval_gva(data: Path, limit: int | None, errors: bool) -> dict[str, Any]:
    gold_by_doc: dict[str, dict[str, Any]] = {}
    for line in (data / "gva-dev" / "gold.jsonl").open(encoding="utf-8"):
        inc = json.loads(line)
        for d in inc["documents"]:
            gold_by_doc.setdefault(d, inc)
    tally = GvaTally()
    started = time.perf_counter()
    for n, line in enumerate((data / "gva-dev" / "articles.jsonl").open(encoding="utf-8")):
        if limit is not None and n >= limit:
            break
        art = json.loads(line)
        gold = gold_by_doc.get(art["id"])
        if gold is None:
            continue
        published = dt.date.fromisoformat(art["published"]) if art.get("published") else None
        reports = extract_reports(_document(art["id"], art.get("text") or "", published))
        report = _main_report(reports)
        tally.articles += 1
        gdate = dt.date.fromisoformat(gold["date"])
        row: dict[str, Any] = {
            "id": art["id"],
            "gold": {k: gold[k] for k in ("date", "city_or_county", "state", "killed", "injured")},
        }
        if report is None:
            row["predicted"] = None
            if errors:
                tally.errors.append(row)
            continue
        tally.with_report += 1
        got = {
            "date_day": report.date.precision == "day" and report.date.start == gdate,
            "date_range": report.date.start is not None
            and report.date.end is not None
            and report.date.start <= gdate <= report.date.end,
            "city": _city_match(report, gold["city_or_county"] or ""),
            "state": _state_match(report, gold["state"] or ""),
            "killed": (report.fatalities.best or 0) == gold["killed"],
            "injured": (report.injured.best or 0) == gold["injured"],
        }
        got["all_five"] = (
            got["date_day"] and got["city"] and got["state"] and got["killed"] and got["injured"]
        )
        for k, v in got.items():
            tally.hits[k] += bool(v)
        if errors and not all(got.values()):
            row["predicted"] = {
                "event_type": report.event_type,
                "date": [str(report.date.start), str(report.date.end), report.date.precision],
                "location": report.location.text if report.location else None,
                "admin1": report.location.place.admin1
                if report.location and report.location.place
                else None,
                "killed": report.fatalities.best,
                "injured": report.injured.best,
            }
            row["wrong"] = [k for k, v in got.items() if not v]
            tally.errors.append(row)
    elapsed = time.perf_counter() - started
    out = {
        "articles": tally.articles,
        "with_report": tally.with_report,
        "accuracy": {
            k: round(tally.rate(k), 4)
            for k in ("date_day", "date_range", "city", "state", "killed", "injured", "all_five")
        },
        "seconds": round(elapsed, 1),
    }
    if errors:
        out["errors"] = tally.errors
    return out


# ----------------------------------------------------------------- MUC-4

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def _mnorm(s: str) -> str:
    s = re.sub(r"\s+", " ", s.lower().strip(" .,;:'\"“”()"))
    return _ARTICLE.sub("", s)


def _muc_victim(name: str) -> bool:
    """MUC's Victim slot holds names only; descriptions ("peasants") are another slot."""
    words = name.lower().split()
    return bool(words) and words[-1] not in VICTIM_NOUNS


def _fillers(report: Report, by_kind: bool) -> dict[str, list[str]]:
    """Role fillers of one report as surface strings, MUC role by role.

    ``by_kind`` (the learned role layer): a perpetrator that is a group or a state force is
    PerpOrg, individuals are PerpInd, each as written. Otherwise (rules): a named group gives
    the name it is written with, and "fmln guerrillas" also the people PerpInd describes.
    """
    out: dict[str, list[str]] = {role: [] for role in ROLES}
    for e in report.evidence:
        if e.field == "perpetrators":
            value = e.value or {}
            if by_kind:
                kind = value.get("kind")
                out["PerpOrg" if kind in ("organization", "state") else "PerpInd"].append(e.text)
            elif value.get("normalized"):
                # A named group: the filler is the group's name as written ("fmln").
                low = e.text.lower()
                names = [
                    k for k in ACTOR_NAMES if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", low)
                ]
                out["PerpOrg"].extend(names or [e.text])
                # "fmln guerrillas": the group, and the people MUC's PerpInd slot describes.
                name = value.get("name") or e.text
                if name.lower().split()[-1] in ACTOR_NOUNS or name.lower().startswith(
                    ("members of", "member of")
                ):
                    out["PerpInd"].append(name)
            elif value.get("kind") == "state":
                out["PerpOrg"].append(
                    e.text
                )  # armies, governments, police: organisations in MUC terms
            else:
                out["PerpInd"].append(value.get("name") or e.text)
        elif e.field == "targets":
            out["Target"].append(e.text)
        elif e.field == "weapons":
            out["Weapon"].append(e.text)
        elif e.field == "victims":
            name = (e.value or {}).get("name") or e.text
            if _muc_victim(name):
                out["Victim"].append(e.text if by_kind else name)
    return {k: list(dict.fromkeys(_mnorm(x) for x in v if x.strip())) for k, v in out.items()}


def _match_role(pred: list[str], gold_entities: list[list[list[Any]]]) -> tuple[int, int, int]:
    """(correct, predicted, gold) for one role of one aligned template pair."""
    gold_sets = [{_mnorm(m[0]) for m in ent} for ent in gold_entities]
    used: set[int] = set()
    correct = 0
    for p in pred:
        for i, mentions in enumerate(gold_sets):
            if i not in used and p in mentions:
                used.add(i)
                correct += 1
                break
    return correct, len(pred), len(gold_sets)


def _pair_score(pred: dict[str, Any], gold: dict[str, Any]) -> int:
    s = sum(_match_role(pred["roles"][r], gold.get(r, []))[0] for r in ROLES)
    return s + (1 if pred["type"] == gold["incident_type"] else 0)


def _align(
    preds: list[dict[str, Any]], golds: list[dict[str, Any]]
) -> list[tuple[int | None, int | None]]:
    """One-to-one alignment maximising matches (exhaustive for small sets, greedy beyond)."""
    n, m = len(preds), len(golds)
    if n == 0 or m == 0:
        return [(i, None) for i in range(n)] + [(None, j) for j in range(m)]
    scores = [[_pair_score(p, g) for g in golds] for p in preds]
    best: list[tuple[int | None, int | None]] = []
    if min(n, m) <= 6 and max(n, m) <= 8:
        best_score = -1
        if n <= m:
            for perm in itertools.permutations(range(m), n):
                sc = sum(scores[i][perm[i]] for i in range(n))
                if sc > best_score:
                    best_score, best = sc, [(i, perm[i]) for i in range(n)]
        else:
            for perm in itertools.permutations(range(n), m):
                sc = sum(scores[perm[j]][j] for j in range(m))
                if sc > best_score:
                    best_score, best = sc, [(perm[j], j) for j in range(m)]
    else:
        pairs = sorted(((scores[i][j], i, j) for i in range(n) for j in range(m)), reverse=True)
        ui: set[int] = set()
        uj: set[int] = set()
        for _, i, j in pairs:
            if i not in ui and j not in uj:
                best.append((i, j))
                ui.add(i)
                uj.add(j)
    matched_p = {i for i, _ in best}
    matched_g = {j for _, j in best}
    best += [(i, None) for i in range(n) if i not in matched_p]
    best += [(None, j) for j in range(m) if j not in matched_g]
    return best


def _prf(c: int, p: int, g: int) -> dict[str, float]:
    prec = c / p if p else 0.0
    rec = c / g if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(f1, 4),
        "correct": c,
        "predicted": p,
        "gold": g,
    }


def eval_muc(data: Path, limit: int | None, errors: bool) -> dict[str, Any]:
    """The MUC-4 dev scores of reports as ingest makes them (``[extract] roles`` in force)."""
    by_kind = active_settings().extract.roles == "learned"
    totals = {r: [0, 0, 0] for r in ROLES}
    type_c = type_p = type_g = 0
    docs = 0
    pred_templates = gold_templates = 0
    error_rows = []
    confusion: Counter = Counter()
    started = time.perf_counter()
    for n, line in enumerate((data / "muc4-dev" / "dev.jsonl").open(encoding="utf-8")):
        if limit is not None and n >= limit:
            break
        item = json.loads(line)
        docs += 1
        reports = [
            r
            for r in extract_reports(_document(item["id"], item["text"], None))
            if not r.aggregate and r.event_type in MUC_TYPE
        ]
        preds = [{"type": MUC_TYPE[r.event_type], "roles": _fillers(r, by_kind)} for r in reports]
        golds = item["templates"]
        pred_templates += len(preds)
        gold_templates += len(golds)
        for i, j in _align(preds, golds):
            p = preds[i] if i is not None else None
            g = golds[j] if j is not None else None
            if p is not None:
                type_p += 1
            if g is not None:
                type_g += 1
            if p is not None and g is not None and p["type"] == g["incident_type"]:
                type_c += 1
            confusion[(p["type"] if p else None, g["incident_type"] if g else None)] += 1
            for role in ROLES:
                c, np_, ng = _match_role(
                    p["roles"][role] if p else [], g.get(role, []) if g else []
                )
                totals[role][0] += c
                totals[role][1] += np_
                totals[role][2] += ng
                if errors and (np_ != c or ng != c):
                    error_rows.append(
                        {
                            "id": item["id"],
                            "role": role,
                            "predicted": p["roles"][role] if p else [],
                            "gold": [[m[0] for m in ent] for ent in (g.get(role, []) if g else [])],
                        }
                    )
    elapsed = time.perf_counter() - started
    all_c = sum(v[0] for v in totals.values())
    all_p = sum(v[1] for v in totals.values())
    all_g = sum(v[2] for v in totals.values())
    out: dict[str, Any] = {
        "documents": docs,
        "templates": {"predicted": pred_templates, "gold": gold_templates},
        "incident_type": _prf(type_c, type_p, type_g),
        "roles": {r: _prf(*totals[r]) for r in ROLES},
        "micro": _prf(all_c, all_p, all_g),
        "type_confusion": {f"{k[0]}->{k[1]}": v for k, v in confusion.most_common(12)},
        "role_filling": active_settings().extract.roles,
        "seconds": round(elapsed, 1),
    }
    if errors:
        out["errors"] = error_rows
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--corpus", choices=("gva", "muc", "both"), default="both")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--errors", type=Path, default=None, help="write per-item errors as JSON here"
    )
    parser.add_argument(
        "--roles",
        choices=("learned", "rules"),
        default=None,
        help="role filling to score (default: the settings' [extract] roles)",
    )
    args = parser.parse_args(argv)
    if args.roles is not None:
        use_settings(default_settings().with_values(extract={"roles": args.roles}))
    if not args.data.is_dir():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    result: dict[str, Any] = {}
    want_errors = args.errors is not None
    if args.corpus in ("gva", "both"):
        result["gva"] = eval_gva(args.data, args.limit, want_errors)
    if args.corpus in ("muc", "both"):
        result["muc"] = eval_muc(args.data, args.limit, want_errors)
    if want_errors:
        args.errors.write_text(
            json.dumps({k: v.pop("errors", []) for k, v in result.items()}, indent=1, default=str)
        )
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
