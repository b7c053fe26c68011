"""Relevance and event-type figures of the learned layer on the held-out split of our own corpus.

Each held-out snippet (training/data, every fifth template of each label; no template shared with
training) goes through the live path: the rule extractor, then warmonitor.classify. Figures:

- per report: relevance precision/recall (relevant = the snippet tells one of the 25 ACLED
  sub-event types) and weighted F1 of the label over the 25 types plus the non-event and
  out-of-scope labels (a kept report's label is its ACLED sub-event type);
- per snippet: events found with the right type, and non-event snippets that still give a kept
  report, with the layer and with the rules alone.

Usage:
    python eval/relevance_eval.py [--split heldout|train] [--model DIR] [--errors N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import corpus  # noqa: E402

from warmonitor.classify import EVENT_LABELS, NON_EVENT_LABELS, decide_all  # noqa: E402
from warmonitor.classify.labels import acled_label  # noqa: E402
from warmonitor.extract import extract_reports  # noqa: E402
from warmonitor.records import Document  # noqa: E402
from warmonitor.settings import default_settings  # noqa: E402

PUBLISHED = dt.date(2025, 6, 30)  # as in training/train.py


def weighted_f1(gold: list[str], predicted: list[str]) -> float:
    """F1 per gold label, weighted by its support (sklearn's "weighted" average)."""
    support = Counter(gold)
    total = 0.0
    for label, n in support.items():
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = n - tp
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        total += f1 * n
    return total / len(gold) if gold else 0.0


def _coarse(label: str) -> str:
    return "non_event" if label in NON_EVENT_LABELS else label


def precision_recall(gold: list[bool], predicted: list[bool]) -> tuple[float, float]:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def evaluate(split: str, model_dir: str, errors: int) -> dict:
    config = default_settings().classify.model_copy(update={"model": model_dir})
    examples = [e for e in corpus.build_corpus() if e.split == split]
    event_set = set(EVENT_LABELS)
    rep_gold, rep_pred, rep_rel_gold, rep_rel_pred, rule_rel_pred, rule_label = (
        [],
        [],
        [],
        [],
        [],
        [],
    )
    snippets = Counter()
    sweep_pairs: list[tuple[bool, float]] = []
    mistakes = []
    for example in examples:
        doc = Document(
            id=hashlib.sha1(example.text.encode()).hexdigest()[:12],
            text=example.text,
            sha256=hashlib.sha256(example.text.encode()).hexdigest(),
            published=PUBLISHED,
        )
        reports = extract_reports(doc, learned_candidates=None)  # as ingest runs it
        decisions = decide_all(doc, reports, config) if reports else []
        is_event = example.label in event_set
        kept_labels = []
        for report, decision in zip(reports, decisions, strict=True):
            kept = decision.action in ("keep", "retype")
            # Relevant = kept as one of the 25 ACLED types; an out-of-scope report kept under
            # keep_out_of_scope is stored but left out of listings, so it is not a relevant call.
            relevant = kept and decision.kind == "event"
            label = (
                acled_label(decision.event_type)
                if kept and decision.kind == "event"
                else decision.event_type
                if kept and decision.kind == "out_of_scope"
                else decision.label
            )
            sweep_pairs.append((is_event, decision.event_probability))
            rep_gold.append(example.label)
            rep_pred.append(label)
            rep_rel_gold.append(is_event)
            rep_rel_pred.append(relevant)
            rule_rel_pred.append(not report.aggregate)
            rule_label.append(acled_label(report.event_type))
            if relevant:
                kept_labels.append(label)
            if label != example.label and len(mistakes) < errors:
                mistakes.append({"text": example.text, "gold": example.label, **decision.as_dict()})
        rule_labels = [acled_label(r.event_type) for r in reports if not r.aggregate]
        kind = "event" if is_event else "non_event"
        snippets[f"{kind}_snippets"] += 1
        if is_event:
            snippets["event_found"] += bool(kept_labels)
            snippets["event_found_right_type"] += example.label in kept_labels
            snippets["rules_event_found"] += bool(rule_labels)
            snippets["rules_event_found_right_type"] += example.label in rule_labels
            snippets["event_without_rule_report"] += not reports
        else:
            snippets["non_event_kept"] += bool(kept_labels)
            snippets["rules_non_event_kept"] += bool(rule_labels)
    precision, recall = precision_recall(rep_rel_gold, rep_rel_pred)
    rule_precision, rule_recall = precision_recall(rep_rel_gold, rule_rel_pred)
    return {
        "split": split,
        "snippets": len(examples),
        "reports": len(rep_gold),
        "relevance_precision": round(precision, 4),
        "relevance_recall": round(recall, 4),
        "type_weighted_f1": round(weighted_f1(rep_gold, rep_pred), 4),
        # The measure: the 25 types and the out-of-scope labels, every non-event kind as one.
        "type_weighted_f1_non_events_as_one": round(
            weighted_f1([_coarse(g) for g in rep_gold], [_coarse(p) for p in rep_pred]), 4
        ),
        "rules_alone": {
            "relevance_precision": round(rule_precision, 4),
            "relevance_recall": round(rule_recall, 4),
            "type_weighted_f1": round(
                weighted_f1(
                    rep_gold,
                    [
                        lab if keep else "statistic"
                        for lab, keep in zip(rule_label, rule_rel_pred, strict=True)
                    ],
                ),
                4,
            ),
        },
        "per_snippet": dict(snippets),
        "threshold_sweep": {
            f"{t:.2f}": [
                round(v, 4)
                for v in precision_recall(
                    [g for g, _ in sweep_pairs], [p >= t for _, p in sweep_pairs]
                )
            ]
            for t in (0.5, 0.6, 0.7, 0.8, 0.9)
        },
        "errors": mistakes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("heldout", "train"), default="heldout")
    parser.add_argument("--model", default="", help="model directory (default: the shipped one)")
    parser.add_argument("--errors", type=int, default=0, help="list up to N misclassified reports")
    args = parser.parse_args()
    result = evaluate(args.split, args.model, args.errors)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
