"""The one linking loop, over any store of incidents that implements :class:`IncidentRepository`.

The SQL store's unit of work (``warmonitor.store.Unit``) and :class:`MemoryLinker`
both implement the repository, so the pipeline, the tests, the evaluation and the
benchmarks all link through :func:`link_document`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from warmonitor.link.assign import LinkResult, assign_features
from warmonitor.link.blocking import Block, blocking_key
from warmonitor.link.features import _Features, features
from warmonitor.records import Report, report_key


class IncidentRepository(Protocol):
    """What linking needs from wherever incidents are kept."""

    def candidate_ids(self, block: Block) -> set[str]:
        """Ids of incidents with a report whose stored block is compatible with ``block``."""
        ...

    def features_of(self, incident_ids: Sequence[str]) -> dict[str, list[_Features]]:
        """The stored features of every report of these incidents, by incident id."""
        ...

    def publication_dates(self, document_ids: Sequence[str]) -> Mapping[str, dt.date | None]:
        """Publication date by document id (anchoring incident ids needs them)."""
        ...

    def index_reports(self, entries: Sequence[tuple[Report, Block, _Features]]) -> None:
        """Keep the new reports' blocks and features for later documents' linking."""
        ...

    def apply_links(self, result: LinkResult, document_id: str) -> None:
        """Point reports at their incidents, record changes, remove retired incidents."""
        ...


def link_document(
    repo: IncidentRepository,
    reports: Sequence[Report],
    *,
    document_id: str,
    published: dt.date | None,
) -> LinkResult:
    """Block, fetch candidates, assign, apply: one document's reports into incidents.

    Call :func:`annotate_context` on the document's reports first (the pipeline
    does it before storing them), so an undated report carries its document's bound.
    """
    eligible = [r for r in reports if not r.aggregate]
    if not eligible:
        return LinkResult()
    entries = [(r, blocking_key(r, published=published), features(r, published)) for r in eligible]
    candidate_ids: set[str] = set()
    for _report, block, _feats in entries:
        candidate_ids |= repo.candidate_ids(block)
    fresh = {report_key(r) for r in eligible}
    candidates = [
        (inc_id, [f for f in feats if f.key not in fresh])
        for inc_id, feats in sorted(repo.features_of(sorted(candidate_ids)).items())
    ]
    documents = {f.document for _, feats in candidates for f in feats}
    dates = dict(repo.publication_dates(sorted(documents)))
    dates[document_id] = published
    result = assign_features([f for _, _, f in entries], candidates, published=dates)
    repo.index_reports(entries)
    repo.apply_links(result, document_id)
    return result
