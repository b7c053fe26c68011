"""Storage: SQLite by default, PostgreSQL for teams, one schema (Alembic) for both.

The store sits at the edge of the pipeline: it saves what the pure stages
computed and hands stored records back to them. Every document is saved together
with its reports, places, the incidents they touch and those incidents' claims in
one transaction (``Store.unit``), or with a batch of documents in one
(``Store.batch``, a savepoint each), so a run killed at any moment leaves a
consistent database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import sessionmaker

from warmonitor import taxonomy
from warmonitor.records import Incident, IncidentFilter, Report, incident_from_dict
from warmonitor.store.engine import (
    BACKENDS,
    MIGRATIONS,
    StoreError,
    create_db_engine,
    current_revision,
    default_db_url,
    migrate,
    normalize_db_url,
)
from warmonitor.store.schema import (
    ClaimRow,
    DocumentRow,
    IncidentEventRow,
    IncidentRow,
    PlaceRow,
    ReportRow,
)
from warmonitor.store.unit import (
    ConflictingDocument,
    DocumentRace,
    DuplicateDocument,
    Unit,
    chunks,
)


class Store:
    """A database of documents, reports and incidents.

    ``create=False`` (read-only commands): the database must exist already; no
    folder, file or schema is made for a mistyped path.
    """

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = normalize_db_url(url)
        self.engine = create_db_engine(self.url, create=create)
        try:
            if not create and current_revision(self.engine) is None:
                raise StoreError(f"no warmonitor database at {self.url}")
            migrate(self.engine)
        except Exception:
            self.engine.dispose()
            raise
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def unit(self) -> Iterator[Unit]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield Unit(session)

    @contextmanager
    def batch(self) -> Iterator[Unit]:
        """One write transaction for many documents, each stored in its own ``Unit.savepoint()``.

        It holds the writer's lock from its first statement, not from its first write: on
        SQLite a ``BEGIN IMMEDIATE`` (pysqlite would otherwise open the transaction only at
        the first INSERT, so a SAVEPOINT before it would be the outermost one and its
        RELEASE a commit; and a deferred read transaction in WAL mode cannot become a
        write one once another process has committed), on PostgreSQL the advisory linking
        lock (so this run never waits on another's uncommitted document while holding the
        lock that run waits for). Committed when the block ends, rolled back whole on an
        error that leaves it: a batch is all or nothing.
        """
        with self._sessions() as session, session.begin():
            unit = Unit(session)
            if self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            unit.lock_linking()
            yield unit

    # ----------------------------------------------------------------- reads

    def document_ids(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))

    def counts(self) -> dict[str, int]:
        with self._sessions() as session:
            return {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in (
                    ("documents", DocumentRow),
                    ("reports", ReportRow),
                    ("incidents", IncidentRow),
                    ("claims", ClaimRow),
                    ("places", PlaceRow),
                )
            }

    def incidents(
        self, filters: IncidentFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Incident]:
        """Incidents matching ``filters`` by date then id; a page of them with limit/offset."""
        query = filtered(select(IncidentRow.data), filters)
        query = _in_listing_order(query).offset(offset or None).limit(limit)
        with self._sessions() as session:
            return [incident_from_dict(data) for data in session.scalars(query)]

    def iter_incidents(
        self, filters: IncidentFilter | None = None, batch_size: int = 500
    ) -> Iterator[Incident]:
        """Every matching incident, streamed: memory stays bounded by ``batch_size``."""
        query = _in_listing_order(filtered(select(IncidentRow.data), filters))
        with self._sessions() as session:
            rows = session.execute(query.execution_options(yield_per=batch_size))
            for (data,) in rows:
                yield incident_from_dict(data)

    def incident_pages(
        self, filters: IncidentFilter | None = None, page_size: int = 500
    ) -> Iterator[list[Incident]]:
        """Every matching incident in listing order, a list of at most ``page_size`` at a time."""
        page: list[Incident] = []
        for incident in self.iter_incidents(filters, batch_size=page_size):
            page.append(incident)
            if len(page) >= page_size:
                yield page
                page = []
        if page:
            yield page

    def updated_at(self, incident_ids: Sequence[str]) -> dict[str, dt.datetime]:
        """When the store last changed each incident (ACLED's ``timestamp``)."""
        found: dict[str, dt.datetime] = {}
        with self._sessions() as session:
            for part in chunks(incident_ids):
                rows = session.execute(
                    select(IncidentRow.id, IncidentRow.updated_at).where(IncidentRow.id.in_(part))
                )
                found.update({incident_id: at for incident_id, at in rows})
        return found

    def count_incidents(self, filters: IncidentFilter | None = None) -> int:
        query = filtered(select(func.count()).select_from(IncidentRow), filters)
        with self._sessions() as session:
            return session.scalar(query) or 0

    def incident(self, incident_id: str) -> Incident | None:
        with self._sessions() as session:
            data = session.scalar(select(IncidentRow.data).where(IncidentRow.id == incident_id))
            return incident_from_dict(data) if data else None

    def reports_of(self, incident_ids: Sequence[str]) -> dict[str, list[Report]]:
        with self._sessions() as session:
            return Unit(session).reports_of(incident_ids)

    def documents(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Document metadata (no text) by id."""
        with self._sessions() as session:
            found: dict[str, dict[str, Any]] = {}
            for part in chunks(ids):
                rows = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(part)))
                found.update({row.id: _document_meta(row) for row in rows})
            return found

    def document_text(self, document_id: str) -> str | None:
        with self._sessions() as session:
            return session.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))

    def incident_events(self, incident_id: str | None = None) -> list[dict[str, Any]]:
        """Merges, splits and renames, oldest first; with ``incident_id``, those involving it."""
        query = select(IncidentEventRow).order_by(IncidentEventRow.id)
        if incident_id is not None:  # the id is the survivor, or one of the ids it took over
            like = f'%"{incident_id}"%'
            query = query.where(
                or_(
                    IncidentEventRow.incident_id == incident_id,
                    cast(IncidentEventRow.other_ids, String).like(like),
                )
            )
        with self._sessions() as session:
            rows = session.scalars(query)
            return [
                _event_json(r)
                for r in rows
                if incident_id is None
                or r.incident_id == incident_id
                or incident_id in (r.other_ids or [])
            ]

    def current_id(self, incident_id: str) -> str | None:
        """The incident an id names now: itself, or where merges, splits and renames took it.

        None when the store never knew the id. A split sends an old id to the first of the
        incidents it became (the history lists the others).
        """
        seen: set[str] = set()
        while incident_id not in seen:
            seen.add(incident_id)
            if self.incident(incident_id) is not None:
                return incident_id
            taken = [
                e
                for e in self.incident_events(incident_id)
                if incident_id in e["others"] and e["incident"] != incident_id
            ]
            if not taken:
                return None
            incident_id = taken[-1]["incident"]  # the latest event that took this id over
        return None


def _event_json(row: IncidentEventRow) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "incident": row.incident_id,
        "others": list(row.other_ids or []),
        "reason": row.reason,
        "score": row.score,
        "document": row.document_id,
        "at": row.at.isoformat(),
    }


def filtered(query: Select, filters: IncidentFilter | None) -> Select:
    """The query restricted to incidents matching the filter (the export's in-memory twin).

    The one SQL form of ``IncidentFilter``: the store's reads and the API's pages use it.
    ``None`` is every stored incident; an ``IncidentFilter`` (what the CLI and the API pass)
    also leaves out the out-of-scope types unless it includes them or names one.
    """
    if filters is None:
        return query
    if filters.since:
        query = query.where(
            or_(IncidentRow.date_end >= filters.since, IncidentRow.date_start >= filters.since)
        )
    if filters.until:
        query = query.where(IncidentRow.date_start <= filters.until)
    if filters.country:
        query = query.where(IncidentRow.country == filters.country.upper())
    if filters.admin1:  # through the lower(admin1) index
        query = query.where(func.lower(IncidentRow.admin1) == filters.admin1.lower())
    if filters.event_type:
        query = query.where(IncidentRow.event_type == filters.event_type)
    elif not filters.include_out_of_scope:
        query = query.where(
            or_(
                IncidentRow.event_type.is_(None),
                IncidentRow.event_type.not_in(sorted(taxonomy.out_of_scope_types())),
            )
        )
    if filters.contested is not None:
        query = query.where(IncidentRow.contested.is_(filters.contested))
    if filters.grade:
        query = query.where(IncidentRow.grade == filters.grade)
    return query


def _in_listing_order(query: Select) -> Select:
    """Dated incidents by (date_start, id), undated ones after them by id."""
    return query.order_by(IncidentRow.date_start.is_(None), IncidentRow.date_start, IncidentRow.id)


def _document_meta(row: DocumentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "outlet": row.outlet,
        "published": row.published.isoformat() if row.published else None,
        "url": row.url,
        "path": row.path,
        "language": row.language,
    }


__all__ = [
    "BACKENDS",
    "MIGRATIONS",
    "ConflictingDocument",
    "DocumentRace",
    "DuplicateDocument",
    "IncidentFilter",
    "Store",
    "StoreError",
    "Unit",
    "default_db_url",
    "filtered",
    "migrate",
    "normalize_db_url",
]
