"""Draw incidents at random from an ingest of the VOA stories, before and after the learned layer.

    python eval/voa_spotcheck.py [--corpus ../shared/corpora/voa/voa_stories.jsonl] [--n 30] [--seed 9]
        [--judgments FILE]

Ingests the corpus twice into fresh SQLite files in one process: with the rule extractor alone
("before") and with pipeline.extract_document ("after"). For each run it prints the incident
count of the default listing (out-of-scope happenings left out) and N incidents drawn with a
fixed seed, each with its type, date, place, fatalities, and the sentences of its evidence, for
a person to read against the story. With ``--judgments`` (a
JSON file ``{"before": {incident id: "event" | "non_event" | ...}, "after": {...}}`` written by
that person) it prints the tally instead of the listings. The corpus text is never copied.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from warmonitor.classify.features import sentence_around
from warmonitor.extract import extract_reports
from warmonitor.pipeline import extract_document, ingest_document
from warmonitor.records import Document, Incident, IncidentFilter, Report
from warmonitor.sources import IngestOptions, InputError, read_documents
from warmonitor.store import Store

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"


def ingest(
    corpus: Path, extract: Callable[[Document], list[Report]]
) -> tuple[list[Incident], dict[str, Document]]:
    documents: dict[str, Document] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/voa.sqlite")
        for item in read_documents([str(corpus)], IngestOptions()):
            if isinstance(item, InputError):
                continue
            documents[item[1].id] = item[1]
            ingest_document(store, item[1], item[0], extract=extract)
        # What a user lists by default: out-of-scope happenings (disasters, crime, diplomacy) are
        # stored, labelled, and left out of listings unless asked for.
        incidents = store.incidents(IncidentFilter())
        store.close()
    return incidents, documents


def describe(incident: Incident, documents: dict[str, Document]) -> str:
    loc = incident.location_name or (incident.location.name if incident.location else None)
    lines = [
        f"## {incident.id}  {incident.event_type}  date={incident.date.start}..{incident.date.end}"
        f" ({incident.date.precision})  place={loc}  killed={incident.fatalities.best}"
    ]
    seen: set[tuple[str, int]] = set()
    for claim in incident.claims:
        if claim.field != "event_type" or (claim.document, claim.start) in seen:
            continue
        seen.add((claim.document, claim.start))
        doc = documents.get(claim.document)
        if doc is None:
            continue
        start, end = sentence_around(doc.text, claim.start)
        lines.append(f"   [{doc.title}] {doc.text[start:end].strip()[:400]}")
        if len(seen) >= 3:
            break
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--judgments", type=Path, default=None)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    judgments = json.loads(args.judgments.read_text()) if args.judgments else None

    def before(document: Document) -> list[Report]:
        return extract_reports(document, learned_candidates=False)

    for name, extract in (("before", before), ("after", extract_document)):
        incidents, documents = ingest(args.corpus, extract)
        drawn = random.Random(args.seed).sample(incidents, min(args.n, len(incidents)))
        print(f"# {name}: {len(incidents)} incidents; {len(drawn)} drawn (seed {args.seed})")
        if judgments is not None:
            verdicts = judgments.get(name, {})
            print("  ", dict(Counter(verdicts.get(i.id, "unjudged") for i in drawn)))
            continue
        for incident in drawn:
            print(describe(incident, documents))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
