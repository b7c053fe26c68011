"""Train the pairwise link scorer: python training/link/train_link.py

Writes src/warmonitor/link/models/link_scorer.json (logistic weights over
link.model.FEATURE_NAMES, bias, IDF table) and prints held-out figures.

Data (read at build time; nothing from ../shared is copied into the repository):

- training/link/data/reports.jsonl: short news reports we wrote, each tagged with
  the real-world event it tells. The same event is told by wire services, state
  media, monitors and liveblogs with differing tolls, spellings and dates; near
  misses (same town another day, a neighbouring town the same day, the same actor's
  other attack) are separate events. Each document goes through the real
  extractor; its main report (most evidence) is compared with every other
  document's main report that blocking and the vetoes let through, labelled by
  whether the two tell the same event.
- ECB+ (../shared/data/ecbplus/ecb.zip, CC BY 3.0, Cybulska & Vossen 2014), train
  split only: document frequencies for the IDF of the text features, and, from
  document pairs of one topic (same sub-topic = same real event; the other
  sub-topic = a same-kind near miss), the weight that TF-IDF cosine deserves. That
  weight is the prior mean of the text features in the fit below (an L2 penalty
  pulls them towards it rather than towards 0), so ECB+'s thousands of pairs speak
  for lexical similarity and our reports for the structured features.

Our pairs are also put in a simulated news stream (each report beside a few other
events of its country on nearby days) and repeated with the extractor's usual
errors drawn on both sides (misread dates and places, missing tolls).

The fit is a Newton-method logistic regression with a Gaussian prior: centred on
the ECB+ weight for the text features and on the former hand-set log-likelihood
ratios (PRIOR) for the others, each weight held to the sign its feature can mean
(link.model.SUPPORTS / OPPOSES). Randomness: one generator with a fixed seed. The
held-out split is by event: a quarter of the events, chosen by a hash of their
names, and every pair touching them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import math
import re
import sys
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data" / "reports.jsonl"
ECB_ZIP = ROOT.parent / "shared" / "data" / "ecbplus" / "ecb.zip"
OUT = ROOT / "src" / "warmonitor" / "link" / "models" / "link_scorer.json"
SEED = 12
L2 = 1.0  # prior precision of every weight
MIN_DF = 2  # words seen in fewer training documents take the default (rare-word) IDF
TEXT_FEATURES = ("text_cosine", "text_all_cosine")
# The prior mean of the weights: the log-likelihood ratios the linker used before it
# was learned (a table set by hand, over the same evidence), as a starting point
# that the data then moves; the bias is its old threshold (2.2 points) as log-odds.
# The text features' prior comes from ECB+ instead (see main()).
PRIOR_BIAS = -2.2
PRIOR: dict[str, float] = {
    "type_same": 1.0,
    "type_same_sub": 0.7,
    "type_same_acled": 0.4,
    "date_unknown": -0.6,
    "date_weekday_match": 0.6,
    "date_undated_recent": 0.5,
    "date_before_context": -2.0,
    "date_gap0": 1.2,
    "date_coarse_overlap": 0.4,
    "date_beyond": -2.0,
    "date_gap_units": -0.8,
    "place_unknown": -0.4,
    "place_same": 1.6,
    "place_within_3km": 1.4,
    "place_towns_near": -0.3,
    "place_near": 0.9,
    "place_far": -1.0,
    "place_beyond": -2.5,
    "province_agree": 0.6,
    "province_disagree": -1.0,
    "place_name_same": 1.0,
    "place_name_other_admin1": -0.8,
    "killed_equal": 1.0,
    "killed_equal_zero": 0.4,
    "killed_differ": -0.3,
    "killed_clash": -0.6,
    "injured_equal": 0.7,
    "injured_equal_zero": 0.28,
    "injured_differ": -0.21,
    "injured_clash": -0.42,
    "names_shared": 1.2,
    "names_disjoint": -1.0,
    "perpetrators_shared": 0.4,
    "weapons_shared": 0.5,
    "aircraft_family_same": 1.0,
    "aircraft_model_same": 0.3,
    "aircraft_family_other": -1.2,
}
# Extraction errors added to copies of every training pair (see noisy()).
NOISE = {"date": 0.33, "place_wrong": 0.15, "place_missing": 0.1, "count_missing": 0.2}
NOISY_COPIES = 4
# The simulated stream: each report meets this many other events of its country,
# within this many days (see main()).
STREAM_DAYS = 14
STREAM_NEIGHBOURS = 4


# --------------------------------------------------------------------------- data


def words(text: str) -> frozenset[str]:
    from warmonitor.link.features import _STOP, _TOKEN_RE

    return frozenset(t for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP)


def ecb_documents(path: Path, split: str) -> dict[str, tuple[str, str]]:
    """doc id -> (sub-topic, text rebuilt from its mentions' context windows)."""
    with zipfile.ZipFile(path) as zf:
        mentions = json.load(io.TextIOWrapper(zf.open(f"ecb/{split}/Event_gold_mentions.json")))
    contexts: dict[str, dict[int, str]] = {}
    topic: dict[str, str] = {}
    for m in mentions:
        topic[m["doc_id"]] = m["topic_id"]
        # one window per sentence is enough to rebuild the words of the document
        contexts.setdefault(m["doc_id"], {}).setdefault(
            m["sent_id"], " ".join(m["mention_context"])
        )
    return {d: (topic[d], " ".join(c.values())) for d, c in contexts.items()}


def idf_table(texts: list[frozenset[str]]) -> tuple[dict[str, float], float]:
    df: Counter[str] = Counter()
    for t in texts:
        df.update(t)
    n = len(texts)
    idf = {w: round(math.log((n + 1) / (c + 1)) + 1.0, 3) for w, c in df.items() if c >= MIN_DF}
    return dict(sorted(idf.items())), round(math.log((n + 1) / 2) + 1.0, 3)


def written_reports(cache: Path | None) -> list[tuple[dict[str, Any], Any]]:
    """(record, main report features) per written document that yields a report.

    With ``cache``, extracted reports are kept there keyed by the data and the
    extraction code, so refitting does not re-run extraction.
    """
    from warmonitor.extract import extract_reports
    from warmonitor.link.features import features
    from warmonitor.records import Document, report_from_dict, to_jsonable

    h = hashlib.sha1()
    for path in sorted((ROOT / "src" / "warmonitor").rglob("*.py")):
        if path.relative_to(ROOT / "src" / "warmonitor").parts[0] not in ("link", "store", "api"):
            h.update(path.read_bytes())
    cache_file = cache / f"written-{h.hexdigest()[:12]}.json" if cache else None
    stored = json.loads(cache_file.read_text()) if cache_file and cache_file.exists() else {}
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        published = dt.date.fromisoformat(rec["published"])
        doc = Document(
            id=rec["id"],
            text=rec["text"],
            sha256=hashlib.sha256(rec["text"].encode()).hexdigest(),
            title=rec["title"],
            outlet=rec["outlet"],
            published=published,
        )
        key = f"{doc.id}:{doc.sha256[:16]}"
        if key not in stored:
            stored[key] = [to_jsonable(r) for r in extract_reports(doc)]
        reports = [report_from_dict(r) for r in stored[key]]
        reports = [r for r in reports if not r.aggregate]
        if not reports:
            print(f"  no report from {rec['id']}", file=sys.stderr)
            continue
        for i, r in enumerate(reports):
            r.index, r.document_id = i, doc.id
        main = min(reports, key=lambda r: (-len(r.evidence), r.index))
        out.append((rec, features(main, published)))
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(stored))
    return out


def moved_next_to(f: Any, anchor: Any, days: int) -> Any:
    """``f`` with every date shifted so that it falls ``days`` after ``anchor``."""
    ref_f = f.start or f.published
    ref_a = anchor.start or anchor.published
    if ref_f is None or ref_a is None:
        return f
    delta = dt.timedelta(days=(ref_a - ref_f).days + days)
    return replace(
        f,
        **{
            name: getattr(f, name) + delta
            for name in ("start", "end", "published", "lower_bound")
            if getattr(f, name) is not None
        },
    )


def noisy(f: Any, rng: np.random.Generator) -> Any:
    """``f`` with the extractor's usual errors drawn at the rates of NOISE.

    Our written reports are short and clean; real articles are long, and their
    dates and places are misread at rates of the order the extraction gate
    measures (date exact for about two reports in three, city for three in five).
    """
    changes: dict[str, Any] = {}
    if f.start is not None and rng.random() < NOISE["date"]:
        delta = dt.timedelta(days=int(rng.choice([-2, -1, 1, 2])))
        changes.update({"start": f.start + delta, "end": (f.end or f.start) + delta})
    r = rng.random()
    if f.lat is not None and r < NOISE["place_wrong"]:
        changes.update({"lat": f.lat + 3.0, "geonames_id": None, "place_name": "elsewhere"})
    elif f.lat is not None and r < NOISE["place_wrong"] + NOISE["place_missing"]:
        changes.update(
            {"lat": None, "lon": None, "geonames_id": None, "place_name": None, "admin1": None}
        )
    if f.fatalities is not None and rng.random() < NOISE["count_missing"]:
        changes["fatalities"] = None
    return replace(f, **changes) if changes else f


def held_out(event: str) -> bool:
    return int(hashlib.sha1(event.encode()).hexdigest(), 16) % 4 == 0


# --------------------------------------------------------------------------- fitting


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    prior: np.ndarray,
    l2: float,
    prior_bias: float = 0.0,
    iters: int = 50,
) -> tuple[float, np.ndarray]:
    """Logistic regression by Newton's method; L2 towards ``prior`` (bias unpenalised)."""
    n, k = x.shape
    xb = np.hstack([np.ones((n, 1)), x])
    mu = np.concatenate([[prior_bias], prior])
    penalty = np.full(k + 1, l2)
    penalty[0] = 1e-2  # nearly free, but finite when the classes separate

    def loss(w: np.ndarray) -> float:
        z = xb @ w
        return float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * penalty @ (w - mu) ** 2)

    w = mu.copy()
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + penalty * (w - mu)
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        t, before = 1.0, loss(w)
        while loss(w - t * step) > before and t > 1e-4:
            t /= 2  # backtracking keeps Newton from overshooting
        w = w - t * step
        if np.max(np.abs(t * step)) < 1e-8:
            break
    return float(w[0]), w[1:]


def fit_signed(
    x: np.ndarray, y: np.ndarray, prior: np.ndarray, l2: float, prior_bias: float
) -> tuple[float, np.ndarray]:
    """:func:`fit_logistic` with each weight held to its feature's sign (link.model.SUPPORTS).

    A weight fitted with the wrong sign is fixed at 0 and the rest refitted, until
    every weight agrees with what its feature can mean.
    """
    from warmonitor.link.model import FEATURE_NAMES, OPPOSES, SUPPORTS

    sign = np.array(
        [1.0 if n in SUPPORTS else -1.0 if n in OPPOSES else 0.0 for n in FEATURE_NAMES]
    )
    free = np.ones(len(FEATURE_NAMES), dtype=bool)
    while True:
        bias, w_free = fit_logistic(x[:, free], y, prior[free], l2, prior_bias)
        w = np.zeros(len(FEATURE_NAMES))
        w[free] = w_free
        wrong = free & (sign * w < 0)
        if not wrong.any():
            return bias, w
        free &= ~wrong


def average_precision(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(-p, kind="stable")
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(y) + 1)
    return float(np.sum(precision * y[order]) / max(1, y.sum()))


def best_f1_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The probability threshold (on a 0.01 grid) with the best pairwise F1, and that F1."""
    best = (0.5, 0.0)
    for t in np.round(np.arange(0.02, 0.99, 0.01), 2):
        pred = p >= t
        tp = float(np.sum(pred & (y == 1)))
        f1 = 2 * tp / max(1.0, float(pred.sum() + y.sum()))
        if f1 > best[1] + 1e-9:
            best = (float(t), round(f1, 4))
    return best


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def figures(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    pred = p >= 0.5
    tp = float(np.sum(pred & (y == 1)))
    return {
        "pairs": int(len(y)),
        "positives": int(y.sum()),
        "average_precision": round(average_precision(y, p), 4),
        "log_loss": round(log_loss(y, p), 4),
        "precision_at_0.5": round(tp / max(1.0, float(pred.sum())), 4),
        "recall_at_0.5": round(tp / max(1.0, float(y.sum())), 4),
    }


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ecb", type=Path, default=ECB_ZIP)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None, help="keep extracted reports here")
    args = ap.parse_args(argv)
    np.random.seed(SEED)
    from warmonitor.link.model import FEATURE_NAMES, PairModel
    from warmonitor.link.scoring import pair_values

    if not args.ecb.exists():
        print(
            f"{args.ecb}: ECB+ not found (needed for the IDF and the text prior)", file=sys.stderr
        )
        return 2
    ecb = ecb_documents(args.ecb, "train")
    ecb_words = {d: words(text) for d, (_, text) in ecb.items()}
    written = written_reports(args.cache)
    texts = list(ecb_words.values()) + [f.text_tokens for _, f in written]
    idf, default_idf = idf_table(texts)
    base = PairModel(0.0, np.zeros(len(FEATURE_NAMES)), idf, default_idf)

    # ECB+: how much the TF-IDF cosine of two documents of one topic says.
    cos, same = [], []
    docs = sorted(ecb)
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            ta, tb = ecb[a][0], ecb[b][0]
            if re.match(r"\d+", ta).group() != re.match(r"\d+", tb).group():  # type: ignore[union-attr]
                continue  # other topic: not a near miss, too easy
            cos.append(base.cosine(ecb_words[a], ecb_words[b]))
            same.append(float(ta == tb))
    ecb_bias, ecb_w = fit_logistic(np.array(cos)[:, None], np.array(same), np.zeros(1), 1e-3)
    ecb_p = 1 / (1 + np.exp(-(ecb_bias + ecb_w[0] * np.array(cos))))
    ecb_figures = figures(np.array(same), ecb_p)
    print(f"ECB+ train, same-topic document pairs: cosine weight {ecb_w[0]:.2f}, {ecb_figures}")

    # Our reports: every pair the vetoes let through, as written; and, as a news
    # stream would bring them, each report beside STREAM_NEIGHBOURS reports of
    # other events of its country (drawn with the fixed seed), moved to 0 to
    # STREAM_DAYS - 1 days from it: the other events a report's candidates hold.
    rng = np.random.default_rng(SEED)
    neighbours: set[tuple[int, int]] = set()
    for i, (ra, fa) in enumerate(written):
        others = [
            j
            for j, (rb, fb) in enumerate(written)
            if rb["event"] != ra["event"] and fa.country and fb.country == fa.country
        ]
        for j in rng.permutation(others)[:STREAM_NEIGHBOURS]:
            neighbours.add((min(i, int(j)), max(i, int(j))))
    rows: list[tuple[np.ndarray, float, bool]] = []
    vetoed: Counter[tuple[str, bool]] = Counter()
    for i, (ra, fa) in enumerate(written):
        for j in range(i + 1, len(written)):
            rb, fb = written[j]
            same_event = ra["event"] == rb["event"]
            test = held_out(ra["event"]) or held_out(rb["event"])
            pairs = [(fa, fb)]
            if (i, j) in neighbours:
                pairs.append((fa, moved_next_to(fb, fa, int(rng.integers(0, STREAM_DAYS)))))
            # the extractor's errors happen to every report: each pair again, noised
            pairs += [(noisy(a, rng), noisy(b, rng)) for a, b in pairs for _ in range(NOISY_COPIES)]
            for a, b in pairs:
                values, veto = pair_values(a, b, base)
                if veto:
                    vetoed[(veto, same_event)] += 1
                    continue
                v = np.zeros(len(FEATURE_NAMES))
                for name, value in values.items():
                    v[FEATURE_NAMES.index(name)] = value
                rows.append((v, float(same_event), test))
    lost = {k[0]: n for k, n in vetoed.items() if k[1]}
    print(f"written: {len(written)} documents, {len(rows)} scored pairs; vetoed {dict(vetoed)}")
    if lost:
        print(f"  same-event pairs lost to vetoes: {lost}")
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    test = np.array([r[2] for r in rows])
    # ECB+'s cosines are of whole documents, ours of short evidence spans: carry
    # the weight over per standard deviation of each cosine, shared by both features.
    prior = np.array([PRIOR.get(name, 0.0) for name in FEATURE_NAMES])
    for name in TEXT_FEATURES:
        col = x[:, FEATURE_NAMES.index(name)]
        scale = float(np.std(cos) / max(np.std(col), 1e-6))
        prior[FEATURE_NAMES.index(name)] = ecb_w[0] * scale / len(TEXT_FEATURES)

    bias, w = fit_signed(x[~test], y[~test], prior, L2, PRIOR_BIAS)
    p = 1 / (1 + np.exp(-(bias + x[test] @ w)))
    held = figures(y[test], p)
    print(f"held-out written pairs (events by hash): {held}")
    best = best_f1_threshold(y[test], p)
    print(f"held-out pairwise F1 is best at probability {best[0]} (F1 {best[1]})")

    bias, w = fit_signed(x, y, prior, L2, PRIOR_BIAS)
    p_all = 1 / (1 + np.exp(-(bias + x @ w)))
    train_figures = figures(y, p_all)
    print(f"all written pairs (training fit): {train_figures}")
    model = {
        "version": "link-scorer-1",
        "trained": "python training/link/train_link.py",
        "seed": SEED,
        "l2": L2,
        "features": list(FEATURE_NAMES),
        "bias": round(bias, 4),
        "weights": [round(float(v), 4) for v in w],
        "default_idf": default_idf,
        "figures": {
            "ecb_train_pairs": ecb_figures,
            "held_out": held,
            "held_out_best_f1_threshold": best[0],
            "training": train_figures,
        },
        "idf": idf,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, value in sorted(zip(FEATURE_NAMES, w, strict=True), key=lambda kv: -abs(kv[1])):
        print(f"  {name:26s} {value:+.2f}")
    print(f"  {'bias':26s} {bias:+.2f}\nwrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
