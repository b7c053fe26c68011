"""Train the role ranker (src/warmonitor/roles/models/role-ranker.*).

One command, from the repository root, with ../shared beside it:

    pip install -e ".[train]" && python training/roles/train_roles.py

What it does (fixed seeds; the same inputs give the same files):

1. Runs the extractor as ingest does (rule finders, drafts) over MUC-4 *train*
   (../shared/data/muc4-dev/train.jsonl, read at build time, never copied) and over the
   sentences we wrote under training/roles/data/, and gathers every report's candidates
   with ``warmonitor.roles`` (the run-time code). A candidate's label is the MUC role of a gold
   mention with the same text in its document (PerpInd -> perpetrator_individual, PerpOrg ->
   perpetrator_org, Target, Victim, Weapon), or the role marked in our sentences, else none.
   Every candidate is kept, as run time scores it: MUC's Victim slot holds names only, and the
   model's victim role is that slot (descriptions such as "peasants" are counted by the
   casualty finder), so a description labelled none is what the role means. (Leaving them out
   was tried: the held-out split then never scored them and over-stated the model.)
2. Holds out every fifth MUC train document (by position) for model selection: the C of the
   logistic regression and each role's threshold are chosen there by MUC role micro F1 (the
   GTT convention of eval/extract_eval.py, with the rule values kept where the model abstains,
   as the shipped settings do). MUC dev is never read.
3. Refits on every MUC train document and our sentences with the chosen C, and writes the
   model with its held-out figures in the JSON header.

Candidates are cached in training/roles/build/ (keyed by the data's and code's hashes);
``--fresh`` rebuilds them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "eval"))

import extract_eval as ev  # noqa: E402  (the MUC scoring, shared with the evaluation)

from warmonitor.extract.assemble.reports import (  # noqa: E402
    draft_role_sentences,
    draft_to_report,
    role_contexts,
)
from warmonitor.extract.rules.extractor import document_drafts  # noqa: E402
from warmonitor.records import Document  # noqa: E402
from warmonitor.roles import ROLE_LABELS, gather_candidates, save_role_model  # noqa: E402
from warmonitor.roles.decide import MAX_PER_ROLE, choose_fillers  # noqa: E402
from warmonitor.roles.features import candidate_features  # noqa: E402
from warmonitor.roles.markup import parse_marked  # noqa: E402
from warmonitor.settings import default_settings, use_settings  # noqa: E402

SEED = 13
MUC_ROLE = {
    "PerpInd": "perpetrator_individual",
    "PerpOrg": "perpetrator_org",
    "Target": "target",
    "Victim": "victim",
    "Weapon": "weapon",
}
TO_MUC = {v: k for k, v in MUC_ROLE.items()}
OUR_DATA = Path(__file__).with_name("data")
BUILD = Path(__file__).with_name("build")
MIN_FEATURE_COUNT = 2
OURS_WEIGHT = 2.0  # our sentences are few; each counts twice
C_GRID = (2.0, 4.0, 8.0, 16.0)
THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.8, 0.05))
LIMIT_GRID = (1, 2, 3, 4)


def _document(id_: str, text: str) -> Document:
    return Document(id=id_, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def _report_rows(document: Document, label_of: Any) -> list[dict[str, Any]]:
    """Each report of a document: its MUC type, the rule fillers, its labelled candidates."""
    found = document_drafts(document)
    if found is None:
        return []
    rows = []
    first_event = True
    contexts = role_contexts(found.drafts, found.mentions)
    for i, (draft, context) in enumerate(zip(found.drafts, contexts, strict=True)):
        # Exactly what extract_reports gives the role layer (see extract.rules.extractor).
        lead = found.lead if first_event and not draft.aggregate else []
        cands = gather_candidates(draft_role_sentences(draft, lead, context), document.text)
        report = draft_to_report(
            draft, document, i, found.published, lead, context
        )  # rules in force
        first_event = first_event and draft.aggregate
        items = []
        for c in cands:
            items.append([c.chunk, c.text, label_of(c), sorted(candidate_features(c))])
        rows.append(
            {
                "type": ev.MUC_TYPE.get(report.event_type),
                "aggregate": report.aggregate,
                "rule": ev._fillers(report, by_kind=True),
                "cands": items,
            }
        )
    return rows


def _muc_doc(item: dict[str, Any]) -> dict[str, Any]:
    gold: dict[str, str] = {}
    for template in item["templates"]:
        for role, label in MUC_ROLE.items():
            for entity in template.get(role, []):
                for mention, _ in entity:
                    gold.setdefault(ev._mnorm(mention), label)

    def label_of(c: Any) -> str:
        return gold.get(ev._mnorm(c.text), "none")

    document = _document(item["id"], item["text"])
    return {
        "id": item["id"],
        "templates": item["templates"],
        "reports": _report_rows(document, label_of),
    }


def _our_doc(name: str, line: str) -> dict[str, Any]:
    text, marks = parse_marked(line)
    by_text = {(ev._mnorm(m.text), m.start, m.end): MUC_ROLE[m.role] for m in marks}

    def label_of(c: Any) -> str:
        key = ev._mnorm(c.text)
        for (t, s, e), label in by_text.items():
            if t == key and c.start < e and s < c.end:
                return label
        return "none"

    return {"id": name, "reports": _report_rows(_document(name, text), label_of)}


def our_lines(directory: Path) -> list[tuple[str, str]]:
    """(id, marked line) of every sentence we wrote under ``directory`` (``#`` starts a comment)."""
    out = []
    for path in sorted(directory.glob("*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                out.append((f"{path.stem}:{n}", line.strip()))
    return out


# The code a candidate's features depend on: a change here rebuilds the cached candidates.
_FEATURE_CODE = ("roles/candidates.py", "roles/features.py", "extract", "lang", "actors", "nlp")


# The cached rows' layout and selection (every candidate, as run time scores them).
_CANDIDATE_FORMAT = b"3"


def _fingerprint(muc: Path) -> str:
    h = hashlib.sha256(_CANDIDATE_FORMAT)
    h.update((muc / "train.jsonl").read_bytes())
    package = ROOT / "src" / "warmonitor"
    for part in _FEATURE_CODE:
        path = package / part
        files = (
            [path] if path.is_file() else sorted(path.rglob("*.py")) + sorted(path.rglob("*.csv"))
        )
        for f in files:
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _muc_line(line: str) -> dict[str, Any]:
    return {"source": "muc", **_muc_doc(json.loads(line))}


def build_candidates(muc: Path, fresh: bool, workers: int) -> tuple[list[dict], list[dict]]:
    """MUC train (cached) and our documents with their reports' candidates."""
    use_settings(default_settings().with_values(extract={"roles": "rules"}))
    BUILD.mkdir(exist_ok=True)
    cache = BUILD / f"muc-candidates-{_fingerprint(muc)}.jsonl.gz"
    if cache.exists() and not fresh:
        with gzip.open(cache, "rt", encoding="utf-8") as cached:
            rows = [json.loads(line) for line in cached]
    else:
        lines = (muc / "train.jsonl").read_text(encoding="utf-8").splitlines()
        if workers > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(workers) as pool:
                rows = list(pool.imap(_muc_line, lines, chunksize=8))
        else:
            rows = [_muc_line(line) for line in lines]
        with gzip.open(cache, "wt", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, separators=(",", ":")) + "\n")
    ours = [{"source": "ours", **_our_doc(name, line)} for name, line in our_lines(OUR_DATA)]
    use_settings(None)
    return rows, ours


def _vocabulary(docs: list[dict]) -> list[str]:
    counts: Counter = Counter()
    for d in docs:
        for r in d["reports"]:
            for c in r["cands"]:
                counts.update(c[3])
    return sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)


def _matrix(docs: list[dict], vocab: dict[str, int]) -> Any:
    """Rows scaled by 1/sqrt(known features), as RoleModel.probabilities scores them."""
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for d in docs:
        for r in d["reports"]:
            for c in r["cands"]:
                cols = sorted({vocab[f] for f in c[3] if f in vocab})
                indices.extend(cols)
                data.extend([1.0 / np.sqrt(len(cols))] * len(cols) if cols else [])
                indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(vocab)))


def _labels(docs: list[dict]) -> np.ndarray:
    index = {label: i for i, label in enumerate(ROLE_LABELS)}
    return np.array([index[c[2]] for d in docs for r in d["reports"] for c in r["cands"]])


def _fit(x: Any, y: np.ndarray, weights: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=400, random_state=SEED)
    model.fit(x, y, sample_weight=weights)
    return model


def _full_probabilities(model: Any, x: Any) -> np.ndarray:
    """Probabilities over every ROLE_LABELS column (a label unseen in training gets 0)."""
    out = np.zeros((x.shape[0], len(ROLE_LABELS)))
    out[:, model.classes_] = model.predict_proba(x)
    return out


def muc_score(
    docs: list[dict],
    probabilities: np.ndarray,
    thresholds: dict[str, float],
    fallback: bool,
    limits: dict[str, int] | None = None,
) -> dict[str, Any]:
    """MUC role micro F1 (GTT convention) of the kept fillers, as extract_eval scores them."""
    totals = {r: [0, 0, 0] for r in ev.ROLES}
    row = 0
    for d in docs:
        preds = []
        for r in d["reports"]:
            n = len(r["cands"])
            probs = probabilities[row : row + n]
            row += n
            if r["aggregate"] or r["type"] is None:
                continue
            roles: dict[str, list[str]] = {k: [] for k in ev.ROLES}
            if n:
                kept = choose_fillers(
                    [c[0] for c in r["cands"]],
                    [c[1] for c in r["cands"]],
                    probs,
                    ROLE_LABELS,
                    thresholds,
                    limits,
                )
                for i, j, _ in sorted(kept, key=lambda k: k[0]):
                    muc_role = TO_MUC[ROLE_LABELS[j]]
                    text = r["cands"][i][1]
                    if muc_role == "Victim" and not ev._muc_victim(text):
                        continue
                    roles[muc_role].append(text)
            learned_fields = {
                "perpetrators" if k.startswith("Perp") else k for k, v in roles.items() if v
            }
            if fallback:
                for k in ev.ROLES:
                    field = "perpetrators" if k.startswith("Perp") else k
                    if field not in learned_fields and k != "Victim":
                        roles[k] = list(r["rule"][k])
                roles["Victim"] = list(r["rule"]["Victim"]) + roles["Victim"]
            roles = {k: list(dict.fromkeys(ev._mnorm(x) for x in v)) for k, v in roles.items()}
            preds.append({"type": r["type"], "roles": roles})
        golds = d["templates"]
        for i, j in ev._align(preds, golds):
            p = preds[i] if i is not None else None
            g = golds[j] if j is not None else None
            for role in ev.ROLES:
                c, np_, ng = ev._match_role(
                    p["roles"][role] if p else [], g.get(role, []) if g else []
                )
                totals[role][0] += c
                totals[role][1] += np_
                totals[role][2] += ng
    c_all = sum(v[0] for v in totals.values())
    p_all = sum(v[1] for v in totals.values())
    g_all = sum(v[2] for v in totals.values())
    return {
        "micro": ev._prf(c_all, p_all, g_all),
        "roles": {k: ev._prf(*v)["f1"] for k, v in totals.items()},
    }


def choose_thresholds(
    docs: list[dict], probabilities: np.ndarray, fallback: bool
) -> tuple[dict[str, float], dict[str, int], float]:
    """Per-role thresholds and limits by coordinate ascent on held-out micro F1 (two passes)."""
    thresholds = {label: 0.4 for label in ROLE_LABELS if label != "none"}
    limits = {label: MAX_PER_ROLE for label in thresholds}

    def f1(t: dict[str, float], n: dict[str, int]) -> float:
        return float(muc_score(docs, probabilities, t, fallback, n)["micro"]["f1"])

    best = f1(thresholds, limits)
    for _ in range(2):
        for label in thresholds:
            for t in THRESHOLD_GRID:
                trial = {**thresholds, label: float(t)}
                score = f1(trial, limits)
                if score > best + 1e-9:
                    best, thresholds = score, trial
            for n in LIMIT_GRID:
                trial_limits = {**limits, label: n}
                score = f1(thresholds, trial_limits)
                if score > best + 1e-9:
                    best, limits = score, trial_limits
    return thresholds, limits, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--muc", type=Path, default=ROOT.parent / "shared" / "data" / "muc4-dev")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src" / "warmonitor" / "roles" / "models"
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached candidates")
    parser.add_argument("--workers", type=int, default=2, help="processes for the MUC pass")
    parser.add_argument(
        "--build-only", action="store_true", help="build the cached candidates and stop"
    )
    args = parser.parse_args(argv)
    if not (args.muc / "train.jsonl").is_file():
        print(f"train_roles: no MUC-4 train at {args.muc / 'train.jsonl'}", file=sys.stderr)
        return 2
    fallback = bool(default_settings().extract.rules_where_model_abstains)
    muc, ours = build_candidates(args.muc, args.fresh, args.workers)
    if args.build_only:
        return 0
    held = [d for n, d in enumerate(muc) if n % 5 == 0]
    fit = [d for n, d in enumerate(muc) if n % 5 != 0]
    vocab_list = _vocabulary(fit + ours)
    vocab = {f: i for i, f in enumerate(vocab_list)}
    x_fit = _matrix(fit + ours, vocab)
    y_fit = _labels(fit + ours)
    n_fit = sum(len(r["cands"]) for d in fit for r in d["reports"])
    w_fit = np.where(np.arange(len(y_fit)) < n_fit, 1.0, OURS_WEIGHT)
    x_held = _matrix(held, vocab)
    selection = []
    best: tuple[float, float, dict[str, float], dict[str, int]] | None = None
    for c in C_GRID:
        model = _fit(x_fit, y_fit, w_fit, c)
        thresholds, limits, f1 = choose_thresholds(
            held, _full_probabilities(model, x_held), fallback
        )
        selection.append(
            {"C": c, "heldout_micro_f1": round(f1, 4), "thresholds": thresholds, "limits": limits}
        )
        print(f"train_roles: C={c} held-out MUC role micro F1 {f1:.4f}", file=sys.stderr)
        if best is None or f1 > best[0]:
            best = (f1, c, thresholds, limits)
    assert best is not None
    _, c_best, thresholds, limits = best
    model = _fit(x_fit, y_fit, w_fit, c_best)
    probs_held = _full_probabilities(model, x_held)
    held_scores = muc_score(held, probs_held, thresholds, fallback, limits)
    held_no_fallback = muc_score(held, probs_held, thresholds, False, limits)
    # The shipped model: every MUC train document and our sentences, the chosen C and thresholds.
    everything = muc + ours
    vocab_list = _vocabulary(everything)
    vocab = {f: i for i, f in enumerate(vocab_list)}
    y_all = _labels(everything)
    n_muc = sum(len(r["cands"]) for d in muc for r in d["reports"])
    w_all = np.where(np.arange(len(y_all)) < n_muc, 1.0, OURS_WEIGHT)
    final = _fit(_matrix(everything, vocab), y_all, w_all, c_best)
    weights = np.zeros((len(vocab_list), len(ROLE_LABELS)), dtype=np.float32)
    bias = np.zeros(len(ROLE_LABELS), dtype=np.float32)
    if len(final.classes_) == 2:  # pragma: no cover - six labels are always present
        raise SystemExit("train_roles: only two labels in the data")
    weights[:, final.classes_] = final.coef_.T
    bias[final.classes_] = final.intercept_
    label_counts = Counter(ROLE_LABELS[i] for i in y_all)
    meta = {
        "trained_by": "training/roles/train_roles.py",
        "seed": SEED,
        "C": c_best,
        "selection": selection,
        "heldout": {
            "documents": len(held),
            "rules_where_model_abstains": fallback,
            "micro": held_scores["micro"],
            "roles_f1": held_scores["roles"],
            "micro_f1_model_alone": held_no_fallback["micro"]["f1"],
        },
        "training": {
            "muc_train_documents": len(muc),
            "our_sentences": len(ours),
            "candidates": len(y_all),
            "labels": dict(sorted(label_counts.items())),
            "features": len(vocab_list),
        },
    }
    save_role_model(
        args.out, vocab_list, list(ROLE_LABELS), weights, bias, thresholds, meta, limits
    )
    print(json.dumps(meta, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
