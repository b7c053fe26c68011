"""Blocking loses no true match on the dev data (GVA dev, evaluation only; issue 12).

The first multi-document gold incidents' articles go through the real extractor; for every two
documents of one gold incident, blocking must put their main reports among each
other's candidates unless the scorer itself would veto the pair (a date misread
beyond the windows, another country): what linking needs from candidates.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, SHARED

GVA = SHARED / "data" / "gva-dev"
INCIDENTS = 10  # multi-document gold incidents: enough pairs to mean something, few to extract


def test_no_true_match_is_lost_by_blocking_on_gva_dev(tmp_path: Path) -> None:
    if not (GVA / "gold.jsonl").exists():
        pytest.skip("../shared/data/gva-dev is not present")
    sys.path.insert(0, str(REPO / "eval"))
    from link_eval import blocking_recall, load_gold

    from warmonitor.extract import extract_reports
    from warmonitor.records import to_jsonable
    from warmonitor.sources import IngestOptions, read_documents

    gold = [g for g in load_gold(GVA, None) if len(set(g["documents"])) >= 2][:INCIDENTS]
    wanted = {d for g in gold for d in g["documents"]}
    subset = tmp_path / "articles.jsonl"
    with subset.open("w") as out:
        for line in (GVA / "articles.jsonl").open():
            if json.loads(line)["id"] in wanted:
                out.write(line if line.endswith("\n") else line + "\n")
    extracted: dict[str, tuple[dt.date | None, list[dict]]] = {}
    for item in read_documents([str(subset)], IngestOptions()):
        if not isinstance(item, tuple):
            continue
        doc = item[1]
        reports = extract_reports(doc)
        for i, r in enumerate(reports):
            r.index, r.document_id = i, doc.id
        extracted[doc.id] = (doc.published, [to_jsonable(r) for r in reports])
    result = blocking_recall(gold, extracted)
    assert result["gold_pairs"] >= 5, result
    assert result["lost_by_blocking_yet_linkable"] == 0, result
