"""What the pipeline may do inside one transaction; also linking's IncidentRepository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from warmonitor.link import (
    Block,
    BlockRange,
    Features,
    LinkResult,
    blocks_compatible,
    candidate_ranges,
    features,
    features_from_json,
    features_to_json,
    span_class,
)
from warmonitor.records import (
    Document,
    Incident,
    Report,
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

# Ids per IN (...) list: far below SQLite's limit on bound parameters (32766).
CHUNK = 500
# PostgreSQL advisory lock held by whoever links: two runs never link at once, so
# neither builds an incident the other cannot see yet.
_LINK_LOCK = 0x6C696E6B  # "link"
# The tables themselves: Core executemany statements, one per call. (An ORM bulk insert
# leaves out the None values of plain columns and so splits its rows into one statement
# per pattern of None; a Core one binds them as NULL, which is what those columns default
# to, so the rows stored are the same.)
_REPORTS = ReportRow.__table__
_PLACES = PlaceRow.__table__
_CLAIMS = ClaimRow.__table__


def chunks(ids: Sequence[str], size: int = CHUNK) -> Iterator[list[str]]:
    items = list(ids)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DuplicateDocument(Exception):
    """The same content is stored already (under ``existing_id``)."""

    def __init__(self, existing_id: str) -> None:
        super().__init__(existing_id)
        self.existing_id = existing_id


class ConflictingDocument(Exception):
    """The document's own id is taken by different content."""


class DocumentRace(Exception):
    """Another run stored this document's id or content while this one worked on it."""


def _as_date(value: Any) -> dt.date | None:
    """A date column read through text(): SQLite hands back ISO text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


# The candidate query's SQL by its shape (country known, family known, which
# bounds each range has): built once, so a lookup costs only its index scans.
_CANDIDATE_SQL: dict[tuple, str] = {}


def _candidate_sql(
    ranges: Sequence[BlockRange], country_known: bool, family_known: bool
) -> tuple[str, dict[str, Any]]:
    shape = (
        country_known,
        family_known,
        tuple((r.span, r.lo_min is not None, r.lo_max is not None) for r in ranges),
    )
    params: dict[str, Any] = {}
    for n, rng in enumerate(ranges):
        params[f"lo_min{n}"], params[f"lo_max{n}"] = rng.lo_min, rng.lo_max
    if shape not in _CANDIDATE_SQL:
        countries = (
            ["block_country = :country", "block_country IS NULL"]
            if country_known
            else ["block_span IS NOT NULL"]  # any country: the (span, date_lo) index
        )
        parts = []
        for n, rng in enumerate(ranges):
            for country in countries:
                where = [country, f"block_span = {int(rng.span)}"]
                if rng.lo_min is not None:
                    where.append(f"block_lo >= :lo_min{n}")
                if rng.lo_max is not None:
                    where.append(f"block_lo <= :lo_max{n}")
                if family_known:
                    where.append("block_family IN (:family, 'unknown')")
                parts.append(
                    "SELECT incident_id, block_lo, block_hi, block_country, block_family "
                    "FROM reports WHERE " + " AND ".join(where)
                )
        _CANDIDATE_SQL[shape] = " UNION ".join(parts)
    return _CANDIDATE_SQL[shape], params


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _place_row(document_id: str, key: str, mention: Any) -> dict[str, Any]:
    place = mention.place
    return {
        "document_id": document_id,
        "report_key": key,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "role": mention.role,
        "name": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonames_id": place.geonames_id if place else None,
        "feature": place.feature if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "precision": place.precision if place else None,
        "score": place.score if place else None,
    }


class Unit:
    """One transaction's work: store a document, link it, save incidents."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction (SAVEPOINT): an error inside undoes only what the block wrote.

        A batch of documents (``Store.batch``) stores each in one, so a document that fails
        is rejected alone while the others of its batch are kept.
        """
        with self.session.begin_nested():
            yield

    # ------------------------------------------------------------ documents

    def check_new(self, document: Document) -> None:
        """Raise if the content or the id is stored already: one read, one snapshot."""
        rows = self.session.execute(
            select(DocumentRow.id, DocumentRow.sha256).where(
                (DocumentRow.sha256 == document.sha256) | (DocumentRow.id == document.id)
            )
        ).all()
        for doc_id, sha in rows:
            if sha == document.sha256:
                raise DuplicateDocument(doc_id)
        if rows:
            raise ConflictingDocument(
                f"document id {document.id!r} is already stored with different content"
            )

    def add_document(self, document: Document, reports: Sequence[Report]) -> None:
        """Insert the document, its reports and their places (Core inserts: no ORM flushes)."""
        self.check_new(document)
        meta = {
            **document.metadata,
            **({"warnings": document.warnings} if document.warnings else {}),
        }
        try:
            self.session.execute(
                insert(DocumentRow).values(
                    id=document.id,
                    sha256=document.sha256,
                    text=document.text,
                    title=document.title,
                    outlet=document.outlet,
                    published=document.published,
                    url=document.url,
                    path=document.path,
                    language=document.language,
                    meta=meta,
                    ingested_at=_now(),
                )
            )
        except IntegrityError as err:  # a concurrent run stored the id or content first
            raise DocumentRace(document.id) from err
        if not reports:
            return
        self.session.execute(
            insert(_REPORTS),
            [
                {
                    "key": report_key(report),
                    "document_id": document.id,
                    "idx": report.index,
                    "event_type": report.event_type,
                    "date_start": report.date.start,
                    "date_end": report.date.end,
                    "aggregate": report.aggregate,
                    "data": to_jsonable(report),
                }
                for report in reports
            ],
        )
        places = [
            _place_row(document.id, report_key(report), mention)
            for report in reports
            for mention in ([report.location] if report.location else []) + list(report.places)
        ]
        if places:
            self.session.execute(insert(_PLACES), places)

    def document_facts(
        self, document_ids: Sequence[str]
    ) -> dict[str, tuple[str | None, dt.date | None]]:
        """Outlet and publication date by document id: what linking and reconciling need."""
        facts: dict[str, tuple[str | None, dt.date | None]] = {}
        for part in chunks(sorted(set(document_ids))):
            rows = self.session.execute(
                select(DocumentRow.id, DocumentRow.outlet, DocumentRow.published).where(
                    DocumentRow.id.in_(part)
                )
            )
            facts.update({doc_id: (outlet, published) for doc_id, outlet, published in rows})
        return facts

    # ------------------------------------------------------------ IncidentRepository

    def lock_linking(self) -> None:
        """Hold the linking lock until this transaction ends (SQLite's write lock does it there)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LINK_LOCK})

    def candidate_ids(self, block: Block) -> set[str]:
        """Incidents with a report whose stored block fits ``block``: bounded index range scans.

        One UNION of range scans, one per span class (link.candidate_ranges) and
        country (the block's own and unknown), then the exact blocks_compatible.
        """
        ranges = candidate_ranges(block)
        sql, params = _candidate_sql(ranges, block.country is not None, block.family != "unknown")
        params.update(country=block.country, family=block.family)
        found: set[str] = set()
        for incident_id, lo, hi, country, family in self.session.execute(text(sql), params):
            stored = Block(_as_date(lo), _as_date(hi), None, None, None, country, family)
            if incident_id is not None and blocks_compatible(block, stored):
                found.add(incident_id)
        return found

    def features_of(self, incident_ids: Sequence[str]) -> dict[str, list[Features]]:
        """Stored features of the incidents' reports; stale or missing ones recomputed."""
        result: dict[str, list[Features]] = {i: [] for i in incident_ids}
        stale: list[str] = []
        for part in chunks(incident_ids):
            rows = self.session.execute(
                select(ReportRow.key, ReportRow.incident_id, ReportRow.features)
                .where(ReportRow.incident_id.in_(part))
                .order_by(ReportRow.key)
            )
            for key, incident_id, data in rows:
                f = features_from_json(data)
                if f is None:
                    stale.append(key)
                else:
                    result[incident_id].append(f)
        for part in chunks(stale):
            rows = self.session.execute(
                select(ReportRow.key, ReportRow.incident_id, ReportRow.data, DocumentRow.published)
                .join(DocumentRow, DocumentRow.id == ReportRow.document_id)
                .where(ReportRow.key.in_(part))
            )
            for key, incident_id, data, published in rows:
                f = features(report_from_dict(data), published)
                result[incident_id].append(f)
                self.session.execute(
                    update(ReportRow)
                    .where(ReportRow.key == key)
                    .values(features=features_to_json(f))
                )
        for feats in result.values():
            feats.sort(key=lambda f: f.key)
        return result

    def publication_dates(self, document_ids: Sequence[str]) -> Mapping[str, dt.date | None]:
        return {doc_id: day for doc_id, (_, day) in self.document_facts(document_ids).items()}

    def index_reports(self, entries: Sequence[tuple[Report, Block, Features]]) -> None:
        if not entries:
            return
        # One executemany for the document's reports, not one UPDATE each (Core table:
        # an ORM bulk update would want primary keys in the rows and no WHERE).
        self.session.execute(
            update(_REPORTS)
            .where(_REPORTS.c.key == bindparam("b_key"))
            .values(
                block_lo=bindparam("b_lo"),
                block_hi=bindparam("b_hi"),
                block_country=bindparam("b_country"),
                block_family=bindparam("b_family"),
                block_span=bindparam("b_span"),
                features=bindparam("b_features"),
            ),
            [
                {
                    "b_key": report_key(report),
                    "b_lo": block.date_lo,
                    "b_hi": block.date_hi,
                    "b_country": block.country,
                    "b_family": block.family,
                    "b_span": span_class(block),
                    "b_features": features_to_json(feats),
                }
                for report, block, feats in entries
            ],
        )

    def apply_links(self, result: LinkResult, document_id: str) -> None:
        self.assign_reports(result.assignments)
        for change in result.changes:
            self.record_event(
                change.kind,
                change.new_id,
                list(change.old_ids) + list(change.new_ids[1:]),
                change.reason,
                change.score,
                document_id,
            )
        self.drop_incidents(result.retired)

    # ------------------------------------------------------------ incidents

    def drop_incidents(self, incident_ids: Sequence[str]) -> None:
        """Remove incidents that linking retired (their reports were moved first)."""
        for ids in chunks(incident_ids):
            self.session.execute(
                update(ReportRow).where(ReportRow.incident_id.in_(ids)).values(incident_id=None)
            )
            self.session.execute(delete(ClaimRow).where(ClaimRow.incident_id.in_(ids)))
            self.session.execute(delete(IncidentRow).where(IncidentRow.id.in_(ids)))

    def reports_of(self, incident_ids: Sequence[str]) -> dict[str, list[Report]]:
        result: dict[str, list[Report]] = {i: [] for i in incident_ids}
        for part in chunks(sorted(set(incident_ids))):
            rows = self.session.execute(
                select(ReportRow.incident_id, ReportRow.key, ReportRow.data).where(
                    ReportRow.incident_id.in_(part)
                )
            )
            for incident_id, _key, data in sorted(rows, key=lambda row: row[1]):
                result[incident_id].append(report_from_dict(data))
        return result

    def assign_reports(self, assignments: dict[str, str]) -> None:
        """Point reports (by key) at incidents (by id), creating placeholder rows as needed."""
        ids = sorted(set(assignments.values()))
        existing: set[str] = set()
        for part in chunks(ids):
            existing.update(
                self.session.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(part)))
            )
        missing = [i for i in ids if i not in existing]
        if missing:
            self.session.execute(
                insert(IncidentRow),
                [
                    {
                        "id": i,
                        "event_type": "other",
                        "grade": "weak",
                        "contested": False,
                        "data": {},
                        "updated_at": _now(),
                    }
                    for i in missing
                ],
            )
        if assignments:  # one executemany, not one UPDATE per report
            self.session.execute(
                update(_REPORTS)
                .where(_REPORTS.c.key == bindparam("b_key"))
                .values(incident_id=bindparam("b_incident")),
                [{"b_key": key, "b_incident": i} for key, i in assignments.items()],
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
        self.session.execute(
            insert(IncidentEventRow).values(
                kind=kind,
                incident_id=incident_id,
                other_ids=others,
                reason=reason,
                score=score,
                document_id=document_id,
                at=_now(),
            )
        )

    def save_incident(self, incident: Incident) -> None:
        """Write the reconciled incident and replace its claims."""
        data = to_jsonable(incident)
        place = incident.location
        values: dict[str, Any] = {
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
        values["updated_at"] = _now()
        updated = self.session.execute(
            update(IncidentRow).where(IncidentRow.id == incident.id).values(**values)
        )
        if not updated.rowcount:
            self.session.execute(insert(IncidentRow).values(id=incident.id, **values))
        self.session.execute(delete(ClaimRow).where(ClaimRow.incident_id == incident.id))
        if incident.claims:
            self.session.execute(
                insert(_CLAIMS),
                [
                    {
                        "incident_id": incident.id,
                        "field": claim.field,
                        "value": to_jsonable(claim.value),
                        "source": claim.source,
                        "attributed_to": claim.attributed_to,
                        # the ORM insert stored its False default for a None; so does this
                        "hedged": bool(claim.hedged),
                        "denied": bool(claim.denied),
                        "document_id": claim.document,
                        "start": claim.start,
                        "end": claim.end,
                    }
                    for claim in incident.claims
                ],
            )

    def drop_empty_incidents(self, incident_ids: Sequence[str]) -> list[str]:
        """Those of ``incident_ids`` left with no report (after a split or merge) are removed.

        Only the incidents a document touched are checked: constant work per document.
        """
        empty: list[str] = []
        for part in chunks(sorted(set(incident_ids))):
            has_reports = set(
                self.session.scalars(
                    select(ReportRow.incident_id).where(ReportRow.incident_id.in_(part)).distinct()
                )
            )
            empty.extend(i for i in part if i not in has_reports)
        existing = [
            i
            for part in chunks(empty)
            for i in self.session.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(part)))
        ]
        for part in chunks(existing):
            self.session.execute(delete(ClaimRow).where(ClaimRow.incident_id.in_(part)))
            self.session.execute(delete(IncidentRow).where(IncidentRow.id.in_(part)))
        return sorted(existing)


__all__ = [
    "CHUNK",
    "ConflictingDocument",
    "DocumentRace",
    "DuplicateDocument",
    "Unit",
    "chunks",
]
