"""Benchmark incident extraction on the VOA corpus (../shared/corpora/voa).

Prints articles/s, words/s, reports found, the share of sentences the triage
sent to the model, and peak RSS. The model load and a warm-up document are
timed separately so the rate is the steady state a long ingest sees.

Usage:
    python bench/bench_extract.py [--corpus FILE] [--repeat N] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import sys
import time
from pathlib import Path

from warmonitor.extract import extract_reports, split_sentences
from warmonitor.lang.en import lexicon
from warmonitor.nlp import load_nlp
from warmonitor.records import Document


def _documents(path: Path, limit: int | None) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            item = json.loads(line)
            text = item["text"]
            published = (
                dt.date.fromisoformat(item["published"][:10]) if item.get("published") else None
            )
            docs.append(
                Document(
                    id=str(item["id"]),
                    text=text,
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    title=item.get("title"),
                    outlet="VOA",
                    published=published,
                )
            )
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = (
        Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
    )
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the corpus")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also time the full spaCy pipeline over the whole texts, for comparison on this machine",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    docs = _documents(args.corpus, args.limit)
    words = sum(len(d.text.split()) for d in docs)
    sentences = [s for d in docs for s in split_sentences(d.text)]
    triaged = sum(1 for s in sentences if lexicon.TRIAGE_RE.search(s.text))

    t0 = time.perf_counter()
    load_nlp()
    extract_reports(docs[0])  # warm-up: model, gazetteer, lazy tables
    warm = time.perf_counter() - t0

    reports = 0
    aggregates = 0
    t1 = time.perf_counter()
    for _ in range(args.repeat):
        for d in docs:
            found = extract_reports(d)
            reports += sum(1 for r in found if not r.aggregate)
            aggregates += sum(1 for r in found if r.aggregate)
    elapsed = time.perf_counter() - t1
    n = len(docs) * args.repeat
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    extra = {}
    if args.baseline:
        t2 = time.perf_counter()
        for _ in load_nlp().pipe([d.text for d in docs], batch_size=16):
            pass
        base = time.perf_counter() - t2
        extra = {
            "baseline_full_model_words_per_s": round(words / base),
            "speedup_vs_full_model": round(base * args.repeat / elapsed, 2),
        }
    print(
        json.dumps(
            {
                **extra,
                "articles": n,
                "words": words * args.repeat,
                "seconds": round(elapsed, 2),
                "articles_per_s": round(n / elapsed, 2),
                "words_per_s": round(words * args.repeat / elapsed),
                "warmup_seconds": round(warm, 2),
                "sentences_triaged": f"{triaged}/{len(sentences)} ({triaged / max(1, len(sentences)):.0%})",
                "reports": reports // args.repeat,
                "aggregate_reports": aggregates // args.repeat,
                "peak_rss_mb": round(peak_kb / 1024, 1),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
