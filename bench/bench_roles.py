"""The role layer's share of extraction time, in one process.

    python bench/bench_roles.py [CORPUS.jsonl] [--limit N]

On the same documents: (1) the extractor with ``[extract] roles = "rules"``, (2) the extractor
with the learned role layer (the default), and (3) the time spent inside the role layer itself
(candidates, features and scoring: ``roles.learned_roles``). Prints seconds and the ratios
learned/rules and role layer/extraction.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import warmonitor.roles as roles
from warmonitor.extract import extract_reports
from warmonitor.settings import default_settings, use_settings
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
    extract_reports(documents[0])  # models, dictionary and gazetteer load outside the timings

    inside = [0.0]
    original = roles.learned_roles

    def timed(*a: object, **k: object) -> object:
        started = time.perf_counter()
        try:
            return original(*a, **k)  # type: ignore[arg-type]
        finally:
            inside[0] += time.perf_counter() - started

    timings = {}
    for mode in ("rules", "learned"):
        use_settings(default_settings().with_values(extract={"roles": mode}))
        roles.learned_roles = timed  # type: ignore[assignment]
        inside[0] = 0.0
        started = time.perf_counter()
        for doc in documents:
            extract_reports(doc)
        timings[mode] = time.perf_counter() - started
        roles.learned_roles = original  # type: ignore[assignment]
    use_settings(None)
    layer = inside[0]
    words = sum(len(doc.text.split()) for doc in documents)
    print(f"corpus: {args.corpus}  documents: {len(documents)}  words: {words}")
    print(f"extraction, rules roles:   {timings['rules']:.3f} s")
    print(f"extraction, learned roles: {timings['learned']:.3f} s")
    print(f"inside the role layer:     {layer:.3f} s")
    print(f"ratio learned / rules:          {timings['learned'] / timings['rules']:.3f}")
    print(f"role layer share of extraction: {layer / timings['learned']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
