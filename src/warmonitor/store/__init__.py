"""Storage: SQLite by default, PostgreSQL for teams, one schema (Alembic) for both.

The store sits at the edge of the pipeline: it saves what the pure stages
computed and hands stored records back to them. Every document is saved in one
transaction together with its reports, places, the incidents they touch and
those incidents' claims, so a run killed at any moment leaves a consistent
database.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from warmonitor.records import (
    Document,
    Incident,
    IncidentFilter,
    Report,
    incident_from_dict,
    report_from_dict,
    report_key,
    to_jsonable,
)
from warmonitor.store.schema import (
    ClaimRow,
    DocumentRow,
    IncidentEventRow,
    IncidentRow,
    PlaceRow,
    ReportRow,
)

MIGRATIONS = Path(__file__).parent / "migrations"


def default_db_url() -> str:
    """``$WARMONITOR_DB``, else a SQLite file in the user's data directory."""
    if env := os.environ.get("WARMONITOR_DB"):
        return env
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('warmonitor', appauthor=False) / 'warmonitor.sqlite'}"


def normalize_db_url(url: str | None) -> str:
    """A SQLAlchemy URL from what a user types: a path, sqlite:///..., postgresql://..."""
    url = url or default_db_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def create_db_engine(url: str | None) -> Engine:
    sa_url = make_url(normalize_db_url(url))
    if sa_url.get_backend_name() == "sqlite":
        if sa_url.database and sa_url.database != ":memory:":
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(sa_url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each commit in WAL mode
            cursor.close()

        return engine
    return create_engine(sa_url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is there)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    def __init__(self, url: str | None = None) -> None:
        self.url = normalize_db_url(url)
        self.engine = create_db_engine(self.url)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def unit(self) -> Iterator[Unit]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield Unit(session)

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

    def incidents(self, filters: IncidentFilter | None = None) -> list[Incident]:
        filters = filters or IncidentFilter()
        query = select(IncidentRow.data)
        if filters.since:
            query = query.where(
                or_(IncidentRow.date_end >= filters.since, IncidentRow.date_start >= filters.since)
            )
        if filters.until:
            query = query.where(IncidentRow.date_start <= filters.until)
        if filters.country:
            query = query.where(IncidentRow.country == filters.country.upper())
        if filters.admin1:
            query = query.where(func.lower(IncidentRow.admin1) == filters.admin1.lower())
        if filters.event_type:
            query = query.where(IncidentRow.event_type == filters.event_type)
        if filters.contested is not None:
            query = query.where(IncidentRow.contested.is_(filters.contested))
        if filters.grade:
            query = query.where(IncidentRow.grade == filters.grade)
        query = query.order_by(
            IncidentRow.date_start.is_(None), IncidentRow.date_start, IncidentRow.id
        )
        with self._sessions() as session:
            return [incident_from_dict(data) for data in session.scalars(query)]

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
            rows = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(list(ids))))
            return {row.id: _document_meta(row) for row in rows}

    def document_text(self, document_id: str) -> str | None:
        with self._sessions() as session:
            return session.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))

    def incident_events(self) -> list[dict[str, Any]]:
        with self._sessions() as session:
            rows = session.scalars(select(IncidentEventRow).order_by(IncidentEventRow.id))
            return [
                {
                    "kind": r.kind,
                    "incident": r.incident_id,
                    "others": r.other_ids,
                    "reason": r.reason,
                    "score": r.score,
                    "document": r.document_id,
                    "at": r.at.isoformat(),
                }
                for r in rows
            ]


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


class DuplicateDocument(Exception):
    """The same content is stored already (under ``existing_id``)."""

    def __init__(self, existing_id: str) -> None:
        super().__init__(existing_id)
        self.existing_id = existing_id


class ConflictingDocument(Exception):
    """The document's own id is taken by different content."""


class Unit:
    """What the pipeline may do inside one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def check_new(self, document: Document) -> None:
        existing = self.session.scalar(
            select(DocumentRow.id).where(DocumentRow.sha256 == document.sha256)
        )
        if existing is not None:
            raise DuplicateDocument(existing)
        if self.session.get(DocumentRow, document.id) is not None:
            raise ConflictingDocument(
                f"document id {document.id!r} is already stored with different content"
            )

    def add_document(self, document: Document, reports: Sequence[Report]) -> None:
        self.check_new(document)
        self.session.add(
            DocumentRow(
                id=document.id,
                sha256=document.sha256,
                text=document.text,
                title=document.title,
                outlet=document.outlet,
                published=document.published,
                url=document.url,
                path=document.path,
                language=document.language,
                meta={
                    **document.metadata,
                    **({"warnings": document.warnings} if document.warnings else {}),
                },
            )
        )
        try:
            self.session.flush()
        except IntegrityError as err:  # a concurrent run stored the same content first
            raise DuplicateDocument(document.id) from err
        for report in reports:
            key = report_key(report)
            self.session.add(
                ReportRow(
                    key=key,
                    document_id=document.id,
                    idx=report.index,
                    event_type=report.event_type,
                    date_start=report.date.start,
                    date_end=report.date.end,
                    aggregate=report.aggregate,
                    data=to_jsonable(report),
                )
            )
            self.session.flush()  # no ORM relationships, so parents go first by hand
            mentions = ([report.location] if report.location else []) + list(report.places)
            for mention in mentions:
                place = mention.place
                self.session.add(
                    PlaceRow(
                        document_id=document.id,
                        report_key=key,
                        text=mention.text,
                        start=mention.start,
                        end=mention.end,
                        role=mention.role,
                        name=place.name if place else None,
                        lat=place.lat if place else None,
                        lon=place.lon if place else None,
                        geonames_id=place.geonames_id if place else None,
                        feature=place.feature if place else None,
                        country=place.country if place else None,
                        admin1=place.admin1 if place else None,
                        admin2=place.admin2 if place else None,
                        precision=place.precision if place else None,
                        score=place.score if place else None,
                    )
                )
        self.session.flush()

    def document_facts(
        self, document_ids: Sequence[str]
    ) -> dict[str, tuple[str | None, dt.date | None]]:
        """Outlet and publication date by document id: what linking and reconciling need."""
        rows = self.session.execute(
            select(DocumentRow.id, DocumentRow.outlet, DocumentRow.published).where(
                DocumentRow.id.in_(sorted(set(document_ids)))
            )
        )
        return {doc_id: (outlet, published) for doc_id, outlet, published in rows}

    def drop_incidents(self, incident_ids: Sequence[str]) -> None:
        """Remove incidents that linking retired (their reports were moved first)."""
        if incident_ids:
            ids = list(incident_ids)
            self.session.execute(
                update(ReportRow).where(ReportRow.incident_id.in_(ids)).values(incident_id=None)
            )
            self.session.execute(delete(ClaimRow).where(ClaimRow.incident_id.in_(ids)))
            self.session.execute(delete(IncidentRow).where(IncidentRow.id.in_(ids)))

    def candidate_incidents(
        self,
        date_lo: dt.date | None,
        date_hi: dt.date | None,
        country: str | None = None,
        limit: int = 500,
    ) -> list[Incident]:
        """Incidents that could be the same event: overlapping or unknown dates, same or unknown country."""
        query = select(IncidentRow.data)
        if date_lo and date_hi:
            overlap = (IncidentRow.date_start <= date_hi) & (IncidentRow.date_end >= date_lo)
            query = query.where(overlap | IncidentRow.date_start.is_(None))
        if country:  # a place in another country rules an incident out; an unknown one does not
            query = query.where((IncidentRow.country == country) | IncidentRow.country.is_(None))
        query = query.order_by(IncidentRow.id).limit(limit)
        return [incident_from_dict(data) for data in self.session.scalars(query)]

    def reports_of(self, incident_ids: Sequence[str]) -> dict[str, list[Report]]:
        result: dict[str, list[Report]] = {i: [] for i in incident_ids}
        if not incident_ids:
            return result
        rows = self.session.execute(
            select(ReportRow.incident_id, ReportRow.data)
            .where(ReportRow.incident_id.in_(list(incident_ids)))
            .order_by(ReportRow.key)
        )
        for incident_id, data in rows:
            result[incident_id].append(report_from_dict(data))
        return result

    def assign_reports(self, assignments: dict[str, str]) -> None:
        """Point reports (by key) at incidents (by id), creating placeholder rows as needed."""
        for incident_id in set(assignments.values()):
            if self.session.get(IncidentRow, incident_id) is None:
                self.session.add(
                    IncidentRow(id=incident_id, event_type="other", grade="weak", data={})
                )
        self.session.flush()
        for key, incident_id in assignments.items():
            self.session.execute(
                update(ReportRow).where(ReportRow.key == key).values(incident_id=incident_id)
            )

    def record_event(
        self,
        kind: str,
        incident_id: str,
        others: list[str],
        reason: str | None,
        score: float | None,
        document_id: str | None,
    ) -> None:
        self.session.add(
            IncidentEventRow(
                kind=kind,
                incident_id=incident_id,
                other_ids=others,
                reason=reason,
                score=score,
                document_id=document_id,
            )
        )

    def save_incident(self, incident: Incident) -> None:
        """Write the reconciled incident and replace its claims."""
        data = to_jsonable(incident)
        place = incident.location
        values = {
            "event_type": incident.event_type,
            "date_start": incident.date.start,
            "date_end": incident.date.end,
            "date_precision": incident.date.precision,
            "country": place.country if place else None,
            "admin1": place.admin1 if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "fatalities_best": incident.fatalities.best,
            "grade": incident.grade,
            "contested": bool(incident.contested),
            "data": data,
        }
        row = self.session.get(IncidentRow, incident.id)
        if row is None:
            self.session.add(IncidentRow(id=incident.id, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
        self.session.execute(delete(ClaimRow).where(ClaimRow.incident_id == incident.id))
        for claim in incident.claims:
            self.session.add(
                ClaimRow(
                    incident_id=incident.id,
                    field=claim.field,
                    value=to_jsonable(claim.value),
                    source=claim.source,
                    attributed_to=claim.attributed_to,
                    hedged=claim.hedged,
                    document_id=claim.document,
                    start=claim.start,
                    end=claim.end,
                )
            )

    def drop_empty_incidents(self) -> list[str]:
        """Incidents left with no report (after a split or merge) are removed."""
        has_reports = (
            select(ReportRow.incident_id).where(ReportRow.incident_id.is_not(None)).distinct()
        )
        empty = list(
            self.session.scalars(select(IncidentRow.id).where(IncidentRow.id.not_in(has_reports)))
        )
        if empty:
            self.session.execute(delete(ClaimRow).where(ClaimRow.incident_id.in_(empty)))
            self.session.execute(delete(IncidentRow).where(IncidentRow.id.in_(empty)))
        return empty
