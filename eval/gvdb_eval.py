"""Evaluate who shot whom, and how many, on gvdb-dev (../shared/data/gvdb-dev; evaluation only).

Each of the 400 articles (its title put back on a line of its own) was annotated by one crowdworker with its incident's
victims (name, killed / injured / hospitalized) and shooters (name). Per article,
against our extraction of the article's text (no publication date, as GVDB gives none):

- killed: the main report's (first non-aggregate report's) best fatality figure equals
  the number of victims marked killed; injured: equals the victims marked injured or
  hospitalized but not killed. An article with no report scores 0 killed / 0 injured,
  which is right only where the gold has none.
- victim names and shooter names, micro P/R/F1 over articles: gold names are the
  annotated name spans (most victims and shooters have none); predicted names are the
  person names among every report's victims (victims) and perpetrators (shooters) of the
  article. A name written like a person's (two capitalised words at least, no
  group noun) counts as a prediction; "police" or "a gunman" does not, because GVDB
  annotates names only. Two names match when equal after normalisation, or (lenient
  figure, printed beside) when they share their last word ("Lupoe" / "Jassely Lupoe").

Usage:
    python eval/gvdb_eval.py [--data DIR] [--limit N] [--errors FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from extract_eval import _main_report  # the same "main report" as the GVA scoring

from warmonitor.extract import extract_reports
from warmonitor.lang.en.lexicon import ACTOR_NOUNS, VICTIM_NOUNS
from warmonitor.records import Document, Report

# Titles and honorifics dropped before names are compared.
_TITLES = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|officer|deputy|sgt|sergeant|cpl|corporal|lt|detective|trooper)\.?\s+"
)
_SUFFIX = re.compile(r",?\s+(?:jr|sr|ii|iii|iv)\.?$")


def _name_key(name: str) -> str:
    s = re.sub(r"[^\w\s'-]", " ", name.lower())
    s = re.sub(r"\s+", " ", s).strip()
    s = _SUFFIX.sub("", _TITLES.sub("", s))
    return s.strip()


def _last(name: str) -> str:
    words = name.split()
    return words[-1] if words else ""


def _person_name(text: str) -> bool:
    """Written like a person's name: capitalised words (two at least), none a group noun."""
    words = re.findall(r"[\w'.-]+", text)
    if len(words) < 2 or len(words) > 5:
        return False
    lower = {w.lower().strip(".") for w in words}
    if lower & (ACTOR_NOUNS.keys() | VICTIM_NOUNS.keys()):
        return False
    return all(w[0].isupper() for w in words if w.lower() not in {"de", "la", "van", "von"})


def _with_title_break(text: str, title: str) -> str:
    """The crawl glued each title to its body ("...west sideDETROIT (WXYZ) - ..."); put the break back.

    A fetched page gives the two apart; glued, the title's last word and the dateline run
    into one token and the headline into the first sentence.
    """
    if title and text.startswith(title):
        return f"{title}\n\n{text[len(title) :]}"
    return text


def _gold(annotation: dict[str, Any]) -> dict[str, Any]:
    victims = annotation.get("victim-section") or []
    shooters = annotation.get("shooter-section") or []
    killed = sum("killed" in (v.get("victim-was") or []) for v in victims)
    injured = sum(
        bool({"injured", "hospitalized"} & set(v.get("victim-was") or []))
        and "killed" not in (v.get("victim-was") or [])
        for v in victims
    )
    return {
        "killed": killed,
        "injured": injured,
        "victims": sorted({_name_key(v["name"]["value"]) for v in victims if v["name"]["value"]}),
        "shooters": sorted({_name_key(s["name"]["value"]) for s in shooters if s["name"]["value"]}),
    }


def _predicted_names(reports: list[Report]) -> dict[str, list[str]]:
    victims: set[str] = set()
    shooters: set[str] = set()
    for r in reports:
        for v in r.victims:
            if _person_name(v.name):
                victims.add(_name_key(v.name))
        for a in r.perpetrators:
            if a.kind in ("individual", "unknown") and _person_name(a.name):
                shooters.add(_name_key(a.name))
    return {"victims": sorted(victims - {""}), "shooters": sorted(shooters - {""})}


def _match(pred: list[str], gold: list[str], lenient: bool) -> int:
    """Gold names found, each predicted name used once."""
    used: set[int] = set()
    found = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            if p == g or (lenient and _last(p) == _last(g)):
                used.add(i)
                found += 1
                break
    return found


def _prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def eval_gvdb(data: Path, limit: int | None, errors: bool) -> dict[str, Any]:
    hits: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    error_rows: list[dict[str, Any]] = []
    articles = 0
    with_report = 0
    started = time.perf_counter()
    for n, line in enumerate((data / "gvdb-dev" / "dev.jsonl").open(encoding="utf-8")):
        if limit is not None and n >= limit:
            break
        art = json.loads(line)
        text = _with_title_break(art.get("text") or "", art.get("title") or "")
        gold = _gold(art.get("annotation") or {})
        doc = Document(
            id=f"gvdb-{art['id']}",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            title=art.get("title"),
        )
        reports = extract_reports(doc)
        main = _main_report(reports)
        articles += 1
        with_report += main is not None
        killed = (main.fatalities.best or 0) if main else 0
        injured = (main.injured.best or 0) if main else 0
        got = {"killed": killed == gold["killed"], "injured": injured == gold["injured"]}
        for k, v in got.items():
            hits[k] += v
        names = _predicted_names(reports)
        for role in ("victims", "shooters"):
            counts[f"{role}.pred"] += len(names[role])
            counts[f"{role}.gold"] += len(gold[role])
            counts[f"{role}.tp"] += _match(names[role], gold[role], lenient=False)
            counts[f"{role}.tp_lenient"] += _match(names[role], gold[role], lenient=True)
        if errors and (not all(got.values()) or names["victims"] != gold["victims"]):
            error_rows.append(
                {
                    "id": art["id"],
                    "gold": gold,
                    "predicted": {"killed": killed, "injured": injured, **names},
                    "wrong": [k for k, v in got.items() if not v],
                }
            )
    out: dict[str, Any] = {
        "articles": articles,
        "with_report": with_report,
        "accuracy": {k: round(hits[k] / articles, 4) if articles else 0.0 for k in got},
        "names": {
            role: {
                "gold": counts[f"{role}.gold"],
                "predicted": counts[f"{role}.pred"],
                "exact": _prf(counts[f"{role}.tp"], counts[f"{role}.pred"], counts[f"{role}.gold"]),
                "lenient": _prf(
                    counts[f"{role}.tp_lenient"], counts[f"{role}.pred"], counts[f"{role}.gold"]
                ),
            }
            for role in ("victims", "shooters")
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    if errors:
        out["errors"] = error_rows
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=Path, default=None, help="write per-article errors here")
    args = parser.parse_args(argv)
    if not (args.data / "gvdb-dev" / "dev.jsonl").is_file():
        print(f"no gvdb-dev data under {args.data}", file=sys.stderr)
        return 2
    result = {"gvdb": eval_gvdb(args.data, args.limit, args.errors is not None)}
    if args.errors is not None:
        args.errors.write_text(json.dumps(result["gvdb"].pop("errors"), indent=1, default=str))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
