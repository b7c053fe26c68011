"""Evaluate geoparsing end to end on GeoWebNews and LGL (../shared/data/geoparsing-dev).

From raw text: detection precision/recall/F1 of toponyms (overlapping spans), then
resolution: share of gold toponyms placed within 161 km (misses count as wrong,
as in end-to-end evaluations of Mordecai and others), the same share over the
detected ones, mean and median error in km, and exact GeoNames id matches.

Usage:
    python eval/geoparse_eval.py [--data DIR] [--corpus gwn|lgl|both] [--limit N]
                                 [--errors FILE] [--no-associative]
    python eval/geoparse_eval.py --ci      # the CI slice against eval/baselines.json

``--ci`` runs the first ``CI_ARTICLES`` articles of each corpus (under a minute)
and exits 1 when a figure falls below its floor in ``eval/baselines.json``
("geoparse" key); ``check_floors`` is the function a CI gate can call directly.

Both corpora count demonyms ("Syrian") and toponyms inside names as toponyms, so
the default scores ``geoparse(..., associative=True)``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from warmonitor.geo import distance_km
from warmonitor.geo.gazetteer import open_gazetteer
from warmonitor.geo.geoparse import MIDPOINT, geoparse
from warmonitor.nlp import load_nlp

NOT_TOPONYMS = {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}
LITERAL = {"Literal", "Mixed", "Coercion", "Literal_Modifier", "Embedded_Literal"}


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    literal: bool = True


@dataclass
class Article:
    id: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def _f(el: ET.Element | None) -> str | None:
    return el.text.strip() if el is not None and el.text and el.text.strip() else None


def read_gwn(path: Path) -> list[Article]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        a = Article(art.get("file", ""), text)
        for t in art.iter("toponym"):
            kind = _f(t.find("type")) or ""
            if kind in NOT_TOPONYMS:
                continue
            lat, lon, gid = (
                _f(t.find("latitude")),
                _f(t.find("longitude")),
                _f(t.find("geonamesID")),
            )
            a.gold.append(
                Gold(
                    int(_f(t.find("start")) or 0),
                    int(_f(t.find("end")) or 0),
                    _f(t.find("extractedName")) or "",
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    int(gid) if gid and gid.isdigit() else None,
                    kind in LITERAL,
                )
            )
        out.append(a)
    return out


def read_lgl(path: Path) -> list[Article]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        a = Article(art.get("docid", ""), art.findtext("text") or "")
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            lat = lon = gid = None
            if tag is not None:
                lat, lon = _f(tag.find("lat")), _f(tag.find("lon"))
                gid = tag.get("geonameid")
            a.gold.append(
                Gold(
                    int(_f(t.find("start")) or 0),
                    int(_f(t.find("end")) or 0),
                    _f(t.find("phrase")) or "",
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    int(gid) if gid and gid.isdigit() else None,
                )
            )
        out.append(a)
    return out


def evaluate(articles: list[Article], name: str, errors_out=None, associative: bool = True) -> dict:
    nlp = load_nlp()
    gaz = open_gazetteer()
    n_pred = n_pred_ok = n_gold = n_gold_found = 0
    with_coords = within = within_detected = detected_coords = 0
    ids_total = ids_ok = 0
    errs: list[float] = []
    parse_seconds = 0.0
    texts = [a.text for a in articles]
    for a, doc in zip(articles, nlp.pipe(texts, batch_size=16), strict=True):
        t0 = time.perf_counter()
        mentions = [
            m
            for m in geoparse(a.text, doc=doc, gazetteer=gaz, associative=associative)
            if not (m.place and m.place.feature == MIDPOINT)
        ]
        parse_seconds += time.perf_counter() - t0
        spans = [(m.start, m.end) for m in mentions]
        n_pred += len(mentions)
        n_pred_ok += sum(any(g.start < e and s < g.end for g in a.gold) for s, e in spans)
        for g in a.gold:
            n_gold += 1
            hits = [m for m in mentions if m.start < g.end and g.start < m.end]
            if hits:
                n_gold_found += 1
            if g.lat is None:
                continue
            with_coords += 1
            best = next((m for m in hits if m.place and m.place.lat is not None), None)
            if g.geonames_id is not None:
                ids_total += 1
                if best and best.place.geonames_id == g.geonames_id:
                    ids_ok += 1
            if best is None:
                if errors_out is not None and hits:
                    errors_out.write(
                        json.dumps({"corpus": name, "doc": a.id, "gold": g.text, "pred": None})
                        + "\n"
                    )
                continue
            detected_coords += 1
            km = distance_km(g.lat, g.lon, best.place.lat, best.place.lon)
            errs.append(km)
            if km <= 161:
                within += 1
                within_detected += 1
            elif errors_out is not None:
                errors_out.write(
                    json.dumps(
                        {
                            "corpus": name,
                            "doc": a.id,
                            "gold": g.text,
                            "gold_id": g.geonames_id,
                            "pred": best.place.name,
                            "pred_id": best.place.geonames_id,
                            "feature": best.place.feature,
                            "country": best.place.country,
                            "km": round(km),
                        }
                    )
                    + "\n"
                )
    p = n_pred_ok / n_pred if n_pred else 0.0
    r = n_gold_found / n_gold if n_gold else 0.0
    return {
        "corpus": name,
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "predicted": n_pred,
        "detection_precision": round(p, 3),
        "detection_recall": round(r, 3),
        "detection_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "gold_with_coords": with_coords,
        "acc161_end_to_end": round(within / with_coords, 3) if with_coords else None,
        "acc161_detected": round(within_detected / detected_coords, 3) if detected_coords else None,
        "mean_error_km": round(statistics.fmean(errs), 1) if errs else None,
        "median_error_km": round(statistics.median(errs), 1) if errs else None,
        "geonames_id_match": round(ids_ok / ids_total, 3) if ids_total else None,
        "geoparse_ms_per_article": round(1000 * parse_seconds / max(1, len(articles)), 2),
    }


CI_ARTICLES = 25
BASELINES = Path(__file__).resolve().parent / "baselines.json"
# Figures with a floor: higher is better for each.
FLOOR_KEYS = ("acc161_end_to_end", "detection_precision", "detection_recall")


def ci_slice(data: Path, articles: int = CI_ARTICLES) -> dict[str, dict]:
    """The CI slice: the first ``articles`` of GWN and of LGL, end to end."""
    return {
        "GWN": evaluate(read_gwn(data / "GWN.xml")[:articles], "GWN"),
        "LGL": evaluate(read_lgl(data / "lgl.xml")[:articles], "LGL"),
    }


def check_floors(results: dict[str, dict], baselines: Path = BASELINES) -> list[str]:
    """Each figure of ``results`` below its floor in ``baselines`` ("geoparse" key), as text."""
    floors = json.loads(baselines.read_text(encoding="utf-8"))["geoparse"]["floors"]
    failures = []
    for corpus, figures in floors.items():
        for key, floor in figures.items():
            got = results.get(corpus, {}).get(key)
            if got is None or got < floor:
                failures.append(f"geoparse {corpus} {key}: {got} < floor {floor}")
    return failures


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("WARMONITOR_SHARED", repo.parent / "shared"))
    ap.add_argument("--data", type=Path, default=shared / "data" / "geoparsing-dev")
    ap.add_argument("--corpus", choices=["gwn", "lgl", "both"], default="both")
    ap.add_argument("--limit", type=int, default=0, help="first N articles of each corpus")
    ap.add_argument("--errors", type=Path, help="write resolution errors as JSONL here")
    ap.add_argument(
        "--no-associative",
        action="store_true",
        help="leave out demonyms and toponyms inside names (geoparse's default output)",
    )
    ap.add_argument("--ci", action="store_true", help="run the CI slice against the floors")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    if args.ci:
        results = ci_slice(args.data)
        for figures in results.values():
            print(json.dumps(figures), flush=True)
        failures = check_floors(results)
        for failure in failures:
            print(failure, file=sys.stderr)
        return 1 if failures else 0
    corpora = []
    if args.corpus in ("gwn", "both"):
        corpora.append(("GWN", read_gwn(args.data / "GWN.xml")))
    if args.corpus in ("lgl", "both"):
        corpora.append(("LGL", read_lgl(args.data / "lgl.xml")))
    out = open(args.errors, "w", encoding="utf-8") if args.errors else None  # noqa: SIM115
    try:
        for name, arts in corpora:
            if args.limit:
                arts = arts[: args.limit]
            result = evaluate(arts, name, out, associative=not args.no_associative)
            result["associative"] = not args.no_associative
            print(json.dumps(result), flush=True)
    finally:
        if out:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
