"""The linking loop in memory (tests, evaluation, benchmarks): an :class:`IncidentRepository`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from warmonitor.link.assign import LinkChange, LinkResult, annotate_context
from warmonitor.link.blocking import Block, BlockIndex
from warmonitor.link.features import _Features
from warmonitor.link.loop import link_document
from warmonitor.records import Report, report_key


@dataclass(slots=True)
class MemoryLinker:
    """Incidents kept in dicts, linked by the same loop as the store-backed pipeline.

    ``add(reports, published=...)`` plays the pipeline: annotate, then
    :func:`link_document` (block, fetch candidates, assign, apply).
    """

    incidents: dict[str, list[str]] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    published: dict[str, dt.date | None] = field(default_factory=dict)
    outlets: dict[str, str | None] = field(default_factory=dict)
    changes: list[LinkChange] = field(default_factory=list)
    _features: dict[str, _Features] = field(default_factory=dict)
    _incident_of: dict[str, str] = field(default_factory=dict)
    _index: BlockIndex = field(default_factory=BlockIndex)

    # ------------------------------------------------------------ IncidentRepository

    def candidate_ids(self, block: Block) -> set[str]:
        found = (self._incident_of.get(k) for k in self._index.compatible(block))
        return {i for i in found if i is not None}

    def features_of(self, incident_ids: Sequence[str]) -> dict[str, list[_Features]]:
        return {i: [self._features[k] for k in self.incidents.get(i, ())] for i in incident_ids}

    def publication_dates(self, document_ids: Sequence[str]) -> Mapping[str, dt.date | None]:
        return {d: self.published.get(d) for d in document_ids}

    def index_reports(self, entries: Sequence[tuple[Report, Block, _Features]]) -> None:
        for report, block, feats in entries:
            key = report_key(report)
            self.reports[key] = report
            self._features[key] = feats
            self._index.add(key, block)

    def apply_links(self, result: LinkResult, document_id: str) -> None:
        for old in result.retired:
            self.incidents.pop(old, None)
        for cid, keys in result.incidents.items():
            self.incidents[cid] = list(keys)
        for k, cid in result.assignments.items():
            self._incident_of[k] = cid
        self.changes.extend(result.changes)

    # ------------------------------------------------------------ use

    def add(
        self,
        reports: Sequence[Report],
        *,
        published: dt.date | None = None,
        outlet: str | None = None,
    ) -> LinkResult:
        if not reports:
            return LinkResult()
        doc = reports[0].document_id
        annotate_context(reports)  # as the pipeline does before storing reports
        self.published[doc] = published
        self.outlets[doc] = outlet
        for r in reports:
            self.reports[report_key(r)] = r  # aggregates too, as the store keeps them
        return link_document(self, reports, document_id=doc, published=published)

    def clusters(self) -> dict[str, list[str]]:
        return {i: sorted(keys) for i, keys in sorted(self.incidents.items())}
