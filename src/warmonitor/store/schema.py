"""Database tables (SQLAlchemy 2). Alembic migrations in ``warmonitor/store/migrations`` create them.

Each table keeps the full record as JSON (``data``) next to the columns that
queries filter and join on, so the record shape can grow without a migration
while lookups stay indexed on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text, index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(16), index=True)
    contested: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class ReportRow(Base):
    __tablename__ = "reports"

    key: Mapped[str] = mapped_column(Text, primary_key=True)  # "<document id>#<index>"
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    idx: Mapped[int] = mapped_column(Integer)
    incident_id: Mapped[str | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    event_type: Mapped[str] = mapped_column(String(64))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    aggregate: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Linking's view of the report, stored once (revision 0002): its block, indexed
    # for candidate lookups (link.candidate_ranges), and its scoring features.
    block_lo: Mapped[dt.date | None] = mapped_column(Date)
    block_hi: Mapped[dt.date | None] = mapped_column(Date)
    block_country: Mapped[str | None] = mapped_column(Text)
    block_family: Mapped[str | None] = mapped_column(String(16))
    block_span: Mapped[int | None] = mapped_column(Integer)  # None: not linked (aggregate)
    features: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    report_key: Mapped[str | None] = mapped_column(
        ForeignKey("reports.key", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    feature: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(Text)
    admin2: Mapped[str | None] = mapped_column(Text)
    precision: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSON)
    source: Mapped[str | None] = mapped_column(Text)
    attributed_to: Mapped[str | None] = mapped_column(Text)
    hedged: Mapped[bool] = mapped_column(Boolean, default=False)
    denied: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class IncidentEventRow(Base):
    """The history of incidents: creations, merges and splits, with the reason."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # merge | split
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    other_ids: Mapped[list[Any]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    document_id: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


Index("ix_incidents_date_range", IncidentRow.date_start, IncidentRow.date_end)
# Revision 0002: candidate lookups by block, the listing order, case-free province filters.
Index("ix_reports_block", ReportRow.block_country, ReportRow.block_span, ReportRow.block_lo)
Index("ix_reports_block_any_country", ReportRow.block_span, ReportRow.block_lo)
Index("ix_incidents_order", IncidentRow.date_start, IncidentRow.id)
Index("ix_incidents_admin1_lower", func.lower(IncidentRow.admin1))
# The list pages: a country with a type or a grade, in listing order (revision 0003).
Index(
    "ix_incidents_country_type_order",
    IncidentRow.country,
    IncidentRow.event_type,
    IncidentRow.date_start,
    IncidentRow.id,
)
Index(
    "ix_incidents_country_grade_order",
    IncidentRow.country,
    IncidentRow.grade,
    IncidentRow.date_start,
    IncidentRow.id,
)
Index("ix_incidents_type_order", IncidentRow.event_type, IncidentRow.date_start, IncidentRow.id)
# What the API reads by: change stamps and the change feed, the bounding box (revision 0004).
Index("ix_incidents_updated_at", IncidentRow.updated_at)
Index("ix_incidents_lat_lon", IncidentRow.lat, IncidentRow.lon)
Index("ix_documents_ingested_at", DocumentRow.ingested_at)
Index("ix_incidents_country_order", IncidentRow.country, IncidentRow.date_start, IncidentRow.id)
Index("ix_incidents_grade_order", IncidentRow.grade, IncidentRow.date_start, IncidentRow.id)
