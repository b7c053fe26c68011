"""The learned layer's cost against a bare en_core_web_sm NER pass, in one process.

    python bench/bench_classify.py [CORPUS.jsonl] [--limit N]

On the same documents: (1) a bare spaCy pass (en_core_web_sm, every component it ships, over each
whole text: the baseline), (2) the rule extractor without and with the learned candidates finder
(classify.candidates), (3) the learned layer alone over the extractor's reports, (4)
pipeline.extract_document (extractor + layer). Prints seconds and each
stage's time as a ratio to the NER pass; the layer must cost less than the NER pass (ratio < 1).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from warmonitor.classify import classify_reports, load_model
from warmonitor.extract import extract_reports
from warmonitor.nlp import load_nlp
from warmonitor.pipeline import extract_document
from warmonitor.sources import IngestOptions, InputError, read_documents

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    documents = [
        item[1]
        for item in read_documents([args.corpus], IngestOptions())
        if not isinstance(item, InputError)
    ][: args.limit]

    nlp = load_nlp()
    load_model()
    extract_reports(documents[0])  # models and gazetteer load outside the timings
    nlp(documents[0].text)

    started = time.perf_counter()
    for doc in documents:
        nlp(doc.text)
    ner = time.perf_counter() - started

    started = time.perf_counter()
    for doc in documents:
        extract_reports(doc, learned_candidates=False)
    rules_only = time.perf_counter() - started

    started = time.perf_counter()
    extracted = [(doc, extract_reports(doc, learned_candidates=None)) for doc in documents]
    rules = time.perf_counter() - started

    reports = sum(len(r) for _, r in extracted)
    started = time.perf_counter()
    kept = sum(len(classify_reports(doc, r)) for doc, r in extracted)
    layer = time.perf_counter() - started

    started = time.perf_counter()
    for doc in documents:
        extract_document(doc)
    both = time.perf_counter() - started

    words = sum(len(doc.text.split()) for doc in documents)
    print(f"corpus: {args.corpus}  documents: {len(documents)}  words: {words}")
    print(f"reports from the rules: {reports}; kept by the layer: {kept}")
    print(f"{'stage':<40}{'seconds':>10}{'x NER pass':>12}")
    for name, seconds in (
        ("bare en_core_web_sm pass (baseline)", ner),
        ("rule extractor, no learned candidates", rules_only),
        ("rule extractor + learned candidates", rules),
        ("learned candidates alone (difference)", max(rules - rules_only, 0.0)),
        ("learned layer alone", layer),
        ("learned candidates + layer", max(rules - rules_only, 0.0) + layer),
        ("extract_document (rules + layer)", both),
    ):
        print(f"{name:<40}{seconds:>10.3f}{seconds / ner:>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
