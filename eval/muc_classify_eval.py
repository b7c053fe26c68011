"""MUC-4 dev incident types and templates per document, with and without the learned layer.

    python eval/muc_classify_eval.py [--data ../shared/data] [--limit N]

Calls eval/extract_eval.py's own MUC scorer (GTT convention: per document, predicted templates
aligned one-to-one with gold) twice in one process: with the rule extractor alone, and with the
extractor followed by warmonitor.classify (what pipeline.extract_document runs). The scorer is
unchanged; only the extraction function it calls is swapped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extract_eval  # noqa: E402

from warmonitor.classify import classify_reports  # noqa: E402
from warmonitor.extract import extract_reports  # noqa: E402
from warmonitor.settings import default_settings  # noqa: E402


def _rules_alone(document, **kwargs):
    return extract_reports(document, learned_candidates=False, **kwargs)


def _with_layer(document, **kwargs):
    return classify_reports(document, extract_reports(document, learned_candidates=None, **kwargs))


def _without_merge(document, **kwargs):
    config = default_settings().with_values(classify={"merge_within_document": False}).classify
    return classify_reports(
        document, extract_reports(document, learned_candidates=None, **kwargs), config
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--runs",
        default="rules_alone,with_layer",
        help="comma-separated: rules_alone, with_layer, layer_without_merge",
    )
    args = parser.parse_args()
    if not (args.data / "muc4-dev" / "dev.jsonl").exists():
        print(f"no muc4-dev at {args.data}", file=sys.stderr)
        return 2
    result = {}
    runs = {
        "rules_alone": _rules_alone,
        "with_layer": _with_layer,
        "layer_without_merge": _without_merge,
    }
    for name in args.runs.split(","):
        extract = runs[name]
        extract_eval.extract_reports = extract
        out = extract_eval.eval_muc(args.data, args.limit, False)
        result[name] = {
            k: out[k]
            for k in ("documents", "templates", "incident_type", "micro", "type_confusion")
        }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
