"""Score ingest on the multi-report development corpus (eval/multireport, our own text).

The corpus is ingested into a fresh SQLite database through the real pipeline, once with the
learned layer (pipeline.extract_document) and once with the rule extractor alone. Scored:

- B³ over documents: each gold document's response cluster is the incident of its main report
  (its first report that is not an aggregate); a document with none is a singleton of its own;
- gold incidents found (some document of theirs has an incident), incidents stored in all;
- distractor incidents: incidents that any report of a distractor document landed in;
- documents giving more than one incident (one report per event per document is the aim).

Usage:
    python eval/multireport_eval.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coref_metrics import b_cubed  # noqa: E402

from warmonitor.extract import extract_reports  # noqa: E402
from warmonitor.pipeline import extract_document, ingest_document  # noqa: E402
from warmonitor.records import Document, IncidentFilter, Report  # noqa: E402
from warmonitor.sources import IngestOptions, InputError, read_documents  # noqa: E402
from warmonitor.store import Store  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "multireport"


def rules_alone(document: Document) -> list[Report]:
    """The rule extractor with neither the learned candidates nor the layer."""
    return extract_reports(document, learned_candidates=False)


def ingest(corpus: Path, extract: Callable[[Document], list[Report]]) -> dict[str, list[str]]:
    """Document id -> incident ids of its reports in report order (main report first)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/multireport.sqlite")
        for item in read_documents([str(corpus / "documents.jsonl")], IngestOptions()):
            if isinstance(item, InputError):
                raise SystemExit(f"{item.source}: {item.reason}")
            ingest_document(store, item[1], item[0], extract=extract)
        by_document: dict[str, list[tuple[int, str]]] = {}
        for incident in store.incidents(IncidentFilter()):  # what a default export shows
            for key in incident.report_keys:
                document, _, index = key.rpartition("#")
                by_document.setdefault(document, []).append((int(index), incident.id))
    return {doc: [i for _, i in sorted(pairs)] for doc, pairs in by_document.items()}


def score(gold: dict, response: dict[str, list[str]]) -> dict:
    key = gold["incidents"]
    main = {doc: response[doc][0] if response.get(doc) else f"none:{doc}" for doc in key}
    b3 = b_cubed(key, main)
    found = {key[doc] for doc in key if response.get(doc)}
    distractor_incidents = {i for doc in gold["distractors"] for i in response.get(doc, [])}
    all_incidents = {i for ids in response.values() for i in ids}
    return {
        "b_cubed": b3.as_dict(),
        "gold_incidents": len(set(key.values())),
        "gold_incidents_found": len(found),
        "incidents_stored": len(all_incidents),
        "documents_without_incident": sorted(doc for doc in key if not response.get(doc)),
        "documents_with_several_incidents": sorted(
            doc for doc, ids in response.items() if len(set(ids)) > 1
        ),
        "distractor_incidents": len(distractor_incidents),
        "distractor_documents_with_incident": sorted(
            doc for doc in gold["distractors"] if response.get(doc)
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    gold = json.loads((args.corpus / "gold.json").read_text(encoding="utf-8"))
    result = {
        "with_layer": score(gold, ingest(args.corpus, extract_document)),
        "rules_alone": score(gold, ingest(args.corpus, rules_alone)),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
