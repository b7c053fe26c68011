"""Evaluate linking and reconciliation on the GVA dev set (../shared/data/gva-dev).

All articles are ingested into a fresh database (or, with ``--mode inprocess``,
through extract_reports -> link.MemoryLinker -> reconcile in memory), then the
incidents are compared with the gold incidents:

- document clustering: each document is placed in the incident of its main
  report (the report with the most evidence, ties to the first), documents with no
  report are singletons; MUC, B³, CEAF-e, their CoNLL average, pairwise P/R;
- blocking (in-process mode): of the gold same-incident document pairs, how many
  blocking keeps among each other's candidates, which vetoes the kept ones then
  meet, and how many it drops that the scorer could have linked (must be 0);
- per gold incident, the predicted incident most of its documents went to:
  accuracy of date (exact, and within one day), city, state, killed, injured
  (an unstated count reads as 0, as ACLED codes it).

Usage (from the repository root):

    python eval/link_eval.py                       # CLI mode when available
    python eval/link_eval.py --mode inprocess --jobs 2
    python eval/link_eval.py --limit 200           # first 200 gold incidents only

``--cache DIR`` (in-process mode) keeps extracted reports between runs keyed by the
extraction code's hash, so tuning the linker does not re-run extraction.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coref_metrics import all_metrics  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "gva-dev"


# --------------------------------------------------------------------------- data


def load_gold(data: Path, limit: int | None) -> list[dict[str, Any]]:
    gold = [json.loads(line) for line in (data / "gold.jsonl").open()]
    return gold[:limit] if limit else gold


def write_subset(data: Path, gold: list[dict[str, Any]], out: Path) -> list[str]:
    """The articles of the selected gold incidents, as a JSONL file; their ids in order."""
    wanted = {d for g in gold for d in g["documents"]}
    ids = []
    with out.open("w") as fh:
        for line in (data / "articles.jsonl").open():
            art = json.loads(line)
            if art["id"] in wanted:
                fh.write(line if line.endswith("\n") else line + "\n")
                ids.append(art["id"])
    return ids


# --------------------------------------------------------------------------- CLI mode


def cli_available() -> bool:
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "warmonitor.cli", "--help"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and "ingest" in proc.stdout and "incidents" in proc.stdout


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", "from warmonitor.cli import app; app()", *args]
    return subprocess.run(cmd, capture_output=True, text=True)


def run_cli(articles: Path, workdir: Path) -> list[dict[str, Any]]:
    db = f"sqlite:///{workdir / 'eval.db'}"
    proc = _cli("ingest", str(articles), "--db", db, "--quiet")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    proc = _cli("incidents", "--db", db, "--format", "json")
    if proc.returncode != 0:
        raise SystemExit(f"incidents failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)["incidents"]


# --------------------------------------------------------------------------- in-process mode


def _extract_one(item: tuple[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    from warmonitor.extract import extract_reports
    from warmonitor.records import to_jsonable

    _, document = item
    try:
        reports = extract_reports(document)
    except Exception as err:  # an extraction crash must not stop the evaluation
        print(f"extract failed on {document.id}: {err!r}", file=sys.stderr)
        reports = []
    for i, r in enumerate(reports):
        r.index, r.document_id = i, document.id
    return document.id, [to_jsonable(r) for r in reports]


# Packages downstream of extraction: changing them does not change extracted reports.
_NOT_EXTRACTION = frozenset({"link", "reconcile", "store", "export", "api", "cli"})


def _code_hash() -> str:
    """Hash of every source file extraction may depend on (packages included)."""
    h = hashlib.sha1()
    src = ROOT / "src" / "warmonitor"
    for path in sorted(src.rglob("*.py")):
        relative = path.relative_to(src)
        if relative.parts[0] not in _NOT_EXTRACTION:
            h.update(str(relative).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def run_inprocess(
    articles: Path, jobs: int, cache: Path | None
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    from warmonitor.link import MemoryLinker
    from warmonitor.reconcile import reconcile
    from warmonitor.records import report_from_dict
    from warmonitor.sources import IngestOptions, read_documents

    timings: dict[str, float] = {}
    docs = [d for d in read_documents([str(articles)], IngestOptions()) if isinstance(d, tuple)]
    meta = {d.id: {"outlet": d.outlet, "title": d.title, "published": d.published} for _, d in docs}
    cache_file = None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha1(articles.read_bytes()).hexdigest()[:12] + "-" + _code_hash()
        cache_file = cache / f"reports-{key}.json"
    t0 = time.perf_counter()
    if cache_file and cache_file.exists():
        extracted = json.loads(cache_file.read_text())
    else:
        if jobs > 1:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(jobs) as pool:
                extracted = dict(pool.imap(_extract_one, docs, chunksize=8))
        else:
            extracted = dict(map(_extract_one, docs))
        if cache_file:
            cache_file.write_text(json.dumps(extracted))
    timings["extract_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    linker = MemoryLinker()
    for _, d in docs:
        reports = [report_from_dict(r) for r in extracted.get(d.id, [])]
        if reports:
            linker.add(reports, published=d.published, outlet=d.outlet)
    timings["link_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    incidents = []
    from warmonitor.export import incident_to_json

    for inc_id, keys in linker.clusters().items():
        reps = [linker.reports[k] for k in keys]
        inc = reconcile(inc_id, reps, outlets=linker.outlets, published=linker.published)
        incidents.append(incident_to_json(inc, meta, reps))
    timings["reconcile_s"] = time.perf_counter() - t0
    timings["documents"] = len(docs)
    timings["reports"] = sum(len(v) for v in extracted.values())
    return incidents, timings, {d.id: (d.published, extracted.get(d.id, [])) for _, d in docs}


def blocking_recall(
    gold: list[dict[str, Any]], extracted: dict[str, tuple[dt.date | None, list[dict[str, Any]]]]
) -> dict[str, Any]:
    """Of the gold same-incident document pairs, how many blocking keeps (main reports).

    Linking can only join what blocking puts among each other's candidates, and
    what the vetoes let through; a pair lost here is lost whatever the scorer says.
    """
    from warmonitor.link import (
        MIN_PAIR_SCORE,
        blocking_key,
        blocks_compatible,
        features,
        score_features,
    )
    from warmonitor.records import report_from_dict

    main: dict[str, Any] = {}
    for doc, (published, reports) in extracted.items():
        rs = [report_from_dict(r) for r in reports if not r.get("aggregate")]
        if rs:
            m = min(rs, key=lambda r: (-len(r.evidence), r.index))
            m.document_id = doc
            main[doc] = (m, blocking_key(m, published=published), features(m, published))
    pairs = kept = lost_linkable = 0
    vetoes: collections.Counter[str] = collections.Counter()
    lost: collections.Counter[str] = collections.Counter()
    for g in gold:
        docs = sorted(d for d in set(g["documents"]) if d in main)
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                pairs += 1
                ps = score_features(main[a][2], main[b][2])
                if blocks_compatible(main[a][1], main[b][1]):
                    kept += 1
                    if ps.veto:
                        vetoes[ps.veto] += 1
                elif ps.linkable and ps.score >= MIN_PAIR_SCORE:
                    lost_linkable += 1  # blocking dropped a pair the scorer could link
                else:
                    lost[ps.veto or "low score"] += 1
    return {
        "gold_pairs": pairs,
        "kept_by_blocking": kept,
        "recall": round(kept / pairs, 4) if pairs else None,
        "vetoed_after_blocking": dict(vetoes),
        "lost_by_blocking_why": dict(lost),  # the veto the scorer would give them anyway
        "lost_by_blocking_yet_linkable": lost_linkable,  # must be 0
    }


# --------------------------------------------------------------------------- scoring


def main_report_incidents(incidents: Iterable[dict[str, Any]]) -> dict[str, str]:
    """document id -> incident id of its main report (most evidence, then first)."""
    best: dict[str, tuple[tuple[int, int], str]] = {}
    for inc in incidents:
        for rep in inc.get("reports", []):
            doc = rep["document"]
            key = rep.get("report") or f"{doc}#0"
            index = int(key.rsplit("#", 1)[1]) if "#" in key else 0
            rank = (-len(rep.get("evidence") or []), index)
            if doc not in best or rank < best[doc][0]:
                best[doc] = (rank, inc["id"])
    return {doc: inc for doc, (_, inc) in best.items()}


_CITY_NOISE = re.compile(r"\b(city of|county|parish|township|borough|village of)\b")


def _norm_city(s: str | None) -> str:
    s = (s or "").lower().replace(".", "")
    s = re.sub(r"\bst\b", "saint", s)
    s = re.sub(r"\bft\b", "fort", s)
    s = _CITY_NOISE.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def city_matches(gold: str, inc: dict[str, Any]) -> bool:
    loc = inc.get("location") or {}
    names = {_norm_city(loc.get("name")), _norm_city(loc.get("admin2"))}
    names.discard("")
    options = {_norm_city(x) for x in re.split(r"[()]", gold) if x.strip()}
    options.discard("")
    return bool(names & options)


def field_accuracy(
    gold: list[dict[str, Any]], incidents: list[dict[str, Any]], doc_inc: dict[str, str]
) -> dict[str, Any]:
    by_id = {i["id"]: i for i in incidents}
    hits: collections.Counter[str] = collections.Counter()
    n = 0
    for g in gold:
        votes = collections.Counter(doc_inc[d] for d in g["documents"] if d in doc_inc)
        n += 1
        if not votes:
            continue
        inc = by_id[votes.most_common(1)[0][0]]
        hits["matched"] += 1
        gdate = dt.date.fromisoformat(g["date"])
        start = (inc.get("date") or {}).get("start")
        if start:
            d = dt.date.fromisoformat(start)
            hits["date"] += d == gdate
            hits["date_pm1"] += abs((d - gdate).days) <= 1
        loc = inc.get("location") or {}
        hits["state"] += (loc.get("admin1") or "").lower() == g["state"].lower()
        hits["city"] += city_matches(g["city_or_county"], inc)
        killed = (inc.get("fatalities") or {}).get("best")
        injured = (inc.get("injured") or {}).get("best")
        hits["killed"] += (killed or 0) == g["killed"]
        hits["injured"] += (injured or 0) == g["injured"]
        hits["killed_stated"] += killed is not None
    return {
        "gold_incidents": n,
        **{
            k: round(hits[k] / n, 4)
            for k in (
                "matched",
                "date",
                "date_pm1",
                "city",
                "state",
                "killed",
                "injured",
                "killed_stated",
            )
        },
    }


def error_kinds(
    gold: list[dict[str, Any]], doc_inc: dict[str, str], incidents: list[dict[str, Any]]
) -> dict[str, int]:
    """Counts of the main error kinds of the clustering."""
    gold_of = {}
    for g in gold:
        for d in g["documents"]:
            gold_of.setdefault(d, g["incident"])
    pred_members: dict[str, set[str]] = collections.defaultdict(set)
    for d, i in doc_inc.items():
        if d in gold_of:
            pred_members[i].add(d)
    kinds: collections.Counter[str] = collections.Counter()
    for g in gold:
        docs = [d for d in g["documents"] if d in gold_of and gold_of[d] == g["incident"]]
        missing = [d for d in docs if d not in doc_inc]
        kinds["documents_without_reports"] += len(missing)
        preds = {doc_inc[d] for d in docs if d in doc_inc}
        if len(preds) > 1:
            kinds["gold_split_over_incidents"] += 1
    for members in pred_members.values():
        golds = {gold_of[d] for d in members}
        if len(golds) > 1:
            kinds["predicted_merges_distinct_gold"] += 1
    by_id = {i["id"]: i for i in incidents}
    undated = sum(1 for i in set(doc_inc.values()) if not (by_id[i].get("date") or {}).get("start"))
    kinds["predicted_incidents_undated"] = undated
    kinds["predicted_incidents_total"] = len(set(doc_inc.values()))
    return dict(kinds)


def evaluate(
    gold: list[dict[str, Any]], incidents: list[dict[str, Any]], article_ids: list[str]
) -> dict[str, Any]:
    key: dict[str, int] = {}
    for g in gold:
        for d in g["documents"]:
            key.setdefault(d, g["incident"])
    doc_inc = main_report_incidents(incidents)
    response = {d: doc_inc[d] for d in key if d in doc_inc}
    return {
        "documents": len(key),
        "documents_with_reports": len(response),
        "clustering": all_metrics(key, response),
        "fields": field_accuracy(gold, incidents, doc_inc),
        "errors": error_kinds(gold, doc_inc, incidents),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--mode", choices=("auto", "cli", "inprocess"), default="auto")
    ap.add_argument("--limit", type=int, default=None, help="first N gold incidents only")
    ap.add_argument("--jobs", type=int, default=1, help="extraction processes (in-process mode)")
    ap.add_argument("--cache", type=Path, default=None, help="extraction cache directory")
    ap.add_argument("--out", type=Path, default=None, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    if not (args.data / "gold.jsonl").exists():
        print(f"no gold data at {args.data}", file=sys.stderr)
        return 2
    gold = load_gold(args.data, args.limit)
    mode = args.mode
    if mode == "auto":
        mode = "cli" if cli_available() else "inprocess"
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles.jsonl"
        ids = write_subset(args.data, gold, articles)
        t0 = time.perf_counter()
        blocking = None
        if mode == "cli":
            incidents, timings = run_cli(articles, Path(tmp)), {}
        else:
            incidents, timings, extracted = run_inprocess(articles, args.jobs, args.cache)
            blocking = blocking_recall(gold, extracted)
        timings["total_s"] = time.perf_counter() - t0
    result = {"mode": mode, "limit": args.limit, **evaluate(gold, incidents, ids)}
    if blocking is not None:
        result["blocking"] = blocking
    result["timings"] = {k: round(v, 2) for k, v in timings.items()}
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
