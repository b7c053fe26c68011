"""What every exporter is handed besides the incidents: their reports, documents and times.

An exporter is a function ``write(incidents, out, *, reports=None, documents=None,
updated=None, **extra)`` registered in ``warmonitor.registry.exporters``; this module turns
its keyword arguments into one ``ExportContext`` and answers the questions several formats
ask of it (which outlets, URLs and titles an incident rests on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from warmonitor.records import Incident, Report

DocumentMeta = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One document an incident rests on, as the exports name it."""

    id: str
    outlet: str | None
    title: str | None
    published: str | None  # ISO date
    url: str | None


@dataclass(frozen=True, slots=True)
class ExportContext:
    """``reports``: incident id -> its reports (for evidence spans); ``documents``: document
    id -> metadata (outlet, title, published, url); ``updated``: incident id -> when the store
    last changed it (ACLED's ``timestamp``)."""

    reports: Mapping[str, Sequence[Report]] | None = None
    documents: Mapping[str, DocumentMeta] = field(default_factory=dict)
    updated: Mapping[str, dt.datetime] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        reports: Mapping[str, Sequence[Report]] | None = None,
        documents: Mapping[str, DocumentMeta] | None = None,
        updated: Mapping[str, dt.datetime] | None = None,
        **_other: Any,  # what a plugin's caller passes for other exporters
    ) -> ExportContext:
        # `is None`, not `or`: a paged export's mappings are empty until its first page
        return cls(
            reports, {} if documents is None else documents, {} if updated is None else updated
        )

    def reports_of(self, incident: Incident) -> Sequence[Report] | None:
        """The incident's reports, or None when only its claim ledger is known."""
        return self.reports.get(incident.id) if self.reports is not None else None

    def document_ids(self, incident: Incident) -> list[str]:
        """The incident's documents, each once, in report order."""
        reports = self.reports_of(incident)
        ids = (
            [r.document_id for r in reports]
            if reports is not None
            else [k.rsplit("#", 1)[0] for k in incident.report_keys]
        )
        return list(dict.fromkeys(ids))

    def sources(self, incident: Incident) -> list[SourceDocument]:
        """The incident's documents with their metadata; the outlet falls back to the claims'."""
        found = []
        for doc in self.document_ids(incident):
            meta = self.documents.get(doc, {})
            outlet = meta.get("outlet") or next(
                (c.source for c in incident.claims if c.document == doc and c.source), None
            )
            published = meta.get("published")
            if isinstance(published, dt.date):
                published = published.isoformat()
            found.append(SourceDocument(doc, outlet, meta.get("title"), published, meta.get("url")))
        return found

    def outlets(self, incident: Incident) -> list[str]:
        """Distinct outlet names, in report order."""
        return list(dict.fromkeys(s.outlet for s in self.sources(incident) if s.outlet))

    def urls(self, incident: Incident) -> list[str]:
        return list(dict.fromkeys(s.url for s in self.sources(incident) if s.url))

    def timestamp(self, incident: Incident) -> int | None:
        """Unix time of the incident's last change, when the store told us."""
        at = self.updated.get(incident.id)
        if at is None:
            return None
        if at.tzinfo is None:  # the store keeps naive UTC
            at = at.replace(tzinfo=dt.UTC)
        return int(at.timestamp())
