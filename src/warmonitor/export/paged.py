"""Exports of a whole store in bounded memory: incidents read a page at a time.

``StoredIncidents`` is what the exporters get in place of a list: iterating it reads
the matching incidents page by page (``Store.incident_pages``) and, before handing out
a page, fills ``reports``, ``documents`` and ``updated`` with that page's context
only. Every exporter reads an incident's context right after receiving it, so one
page is all that is held, whatever the store holds; each read binds at most one
page's ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from warmonitor.records import Incident, IncidentFilter, Report

if TYPE_CHECKING:
    from warmonitor.store import Store

# Incidents per page: one IN (...) list per read (store.CHUNK), a few MB of records.
PAGE_SIZE = 500


@dataclass(slots=True)
class StoredIncidents:
    """The incidents matching ``filters``, sized and iterable, read in pages of ``page_size``."""

    store: Store
    filters: IncidentFilter = field(default_factory=IncidentFilter)
    page_size: int = PAGE_SIZE
    reports: dict[str, list[Report]] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    updated: dict[str, dt.datetime] = field(default_factory=dict)
    _total: int | None = None

    def __len__(self) -> int:
        if self._total is None:
            self._total = self.store.count_incidents(self.filters)
        return self._total

    def __iter__(self) -> Iterator[Incident]:
        for page in self.store.incident_pages(self.filters, self.page_size):
            ids = [i.id for i in page]
            reports = self.store.reports_of(ids)
            document_ids = sorted({r.document_id for rs in reports.values() for r in rs})
            for context, fresh in (
                (self.reports, reports),
                (self.documents, self.store.documents(document_ids)),
                (self.updated, self.store.updated_at(ids)),
            ):
                context.clear()  # the previous page's context goes: memory stays one page
                context.update(fresh)
            yield from page


def write_stored_incidents(
    store: Store, filters: IncidentFilter, fmt: str, out: TextIO, page_size: int = PAGE_SIZE
) -> None:
    """Export the store's incidents matching ``filters`` as ``fmt``, a page at a time."""
    from warmonitor.export import write_incidents

    incidents = StoredIncidents(store, filters, page_size)
    write_incidents(
        incidents,
        fmt,
        out,
        reports=incidents.reports,
        documents=incidents.documents,
        updated=incidents.updated,
    )


__all__ = ["PAGE_SIZE", "StoredIncidents", "write_stored_incidents"]
