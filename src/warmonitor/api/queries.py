"""The API's reads beyond the store's own: paging, the change feed, stats, a document's spans.

All of them are read-only SQL over the store's tables. ``page_incidents`` is the one place
the list endpoint asks for a page; when the store grows its own paged query
(``Store.incidents(filters, limit, offset)`` / ``count_incidents``), point it there.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import String, Text, cast, func, or_, select, tuple_
from sqlalchemy.sql import Select

from warmonitor.api.params import Cursor, IncidentQuery, Page
from warmonitor.records import Incident, incident_from_dict
from warmonitor.store import Store, filtered
from warmonitor.store.schema import (
    DocumentRow,
    IncidentEventRow,
    IncidentRow,
    ReportRow,
)


def _where(query: Select[Any], q: IncidentQuery) -> Select[Any]:
    """The indexed filters in SQL: the store's own (``store.filtered``), then the API's extras."""
    query = filtered(query, q.filters)
    if q.bbox:
        west, south, east, north = q.bbox
        query = query.where(IncidentRow.lat.between(south, north))
        if west <= east:
            query = query.where(IncidentRow.lon.between(west, east))
        else:  # a box across the antimeridian
            query = query.where(or_(IncidentRow.lon >= west, IncidentRow.lon <= east))
    # A cheap superset for the record criteria: the words must appear in the stored JSON.
    # Only for words JSON writes as they are (the stored text escapes non-ASCII and quotes).
    record_text = func.lower(cast(IncidentRow.data, String))
    for word in (q.actor, q.weapon, q.text):
        if word and word.isascii() and not {'"', "\\"} & set(word):
            query = query.where(record_text.contains(word.lower(), autoescape=True))
    return query


def _contains(values: Sequence[str | None], needle: str) -> bool:
    needle = needle.lower()
    return any(needle in (v or "").lower() for v in values)


def record_matches(incident: Incident, q: IncidentQuery) -> bool:
    """The exact test for the criteria that no column holds."""
    actors = [a.name for a in incident.perpetrators] + [a.normalized for a in incident.perpetrators]
    actors += [v.name for v in incident.victims] + [c.attributed_to for c in incident.claims]
    if q.actor and not _contains(actors, q.actor):
        return False
    if q.weapon and not _contains(incident.weapons + incident.aircraft, q.weapon):
        return False
    if q.text:
        place = incident.location
        described = [
            incident.location_name,
            incident.event_type.replace("_", " "),
            place.admin1 if place else None,
            place.admin2 if place else None,
            *actors,
            *incident.targets,
            *incident.weapons,
            *incident.aircraft,
        ]
        if not _contains(described, q.text):
            return False
    return True


def _record(raw: str | dict[str, Any], ledger: bool) -> Incident:
    """An incident from its stored JSON; without the claim ledger when the answer omits it."""
    data = raw if isinstance(raw, dict) else _loads(raw)
    if not ledger:
        data = {**data, "claims": []}
    return incident_from_dict(data)


def _loads(raw: str) -> dict[str, Any]:
    try:
        return orjson.loads(raw)  # type: ignore[no-any-return]
    except orjson.JSONDecodeError:  # what orjson refuses (e.g. a lone surrogate), json reads
        return json.loads(raw)  # type: ignore[no-any-return]


# The stored record as text: decoded by orjson here rather than by the driver's json module.
_RAW_DATA = cast(IncidentRow.data, Text).label("raw")
_LIST_COLUMNS = (IncidentRow.id, IncidentRow.date_start, _RAW_DATA)


def _ordered_parts(q: IncidentQuery, after: Cursor | None) -> list[Select[Any]]:
    """The listing order (dated incidents by date_start, id; then undated ones by id) as two
    queries, each read straight off an index in its order. One query ordered by
    ``date_start IS NULL, ...`` matches no index, so it sorted every match for each page."""
    dated = _where(select(*_LIST_COLUMNS), q).where(IncidentRow.date_start.is_not(None))
    undated = _where(select(*_LIST_COLUMNS), q).where(IncidentRow.date_start.is_(None))
    parts = []
    if after is None or after.date is not None:
        if after is not None:
            dated = dated.where(
                tuple_(IncidentRow.date_start, IncidentRow.id) > tuple_(after.date, after.id)
            )
        parts.append(dated.order_by(IncidentRow.date_start, IncidentRow.id))
    if after is not None and after.date is None:
        undated = undated.where(IncidentRow.id > after.id)
    parts.append(undated.order_by(IncidentRow.id))
    return parts


@dataclass(slots=True)
class IncidentPage:
    incidents: list[Incident]
    total: int
    after: Cursor | None  # where the next page starts; None on the last page


def page_incidents(
    store: Store, q: IncidentQuery, page: Page, *, ledger: bool = True
) -> IncidentPage:
    """One page of incidents in the CLI's order, how many match in all, and the next cursor.

    ``ledger=False`` skips decoding the claims (most of a record) for answers without them.
    """
    with store.engine.connect() as conn:
        if q.needs_record_scan:
            found = [
                (row.date_start, incident)
                for part in _ordered_parts(q, page.after)
                for row in conn.execute(part)
                if record_matches(incident := _record(row.raw, ledger), q)
            ]
            total = len(found) if page.after is None else _scan_total(store, q, ledger)
            chunk = found[page.offset : page.offset + page.limit + 1]
        else:
            total = conn.scalar(_where(select(func.count()).select_from(IncidentRow), q)) or 0
            rows: list[Any] = []
            offset, wanted = page.offset, page.limit + 1  # one more: is there a next page?
            for part in _ordered_parts(q, page.after):
                got = conn.execute(part.limit(wanted - len(rows)).offset(offset)).all()
                if not got and offset:  # the offset skipped past this part: by how many?
                    skipped = conn.scalar(select(func.count()).select_from(part.subquery()))
                    offset = max(0, offset - (skipped or 0))
                else:
                    offset = 0
                rows += got
                if len(rows) >= wanted:
                    break
            chunk = [(row.date_start, _record(row.raw, ledger)) for row in rows]
    more = len(chunk) > page.limit
    chunk = chunk[: page.limit]
    cursor = Cursor(chunk[-1][0], chunk[-1][1].id) if more and chunk else None
    return IncidentPage([incident for _, incident in chunk], total, cursor)


def _scan_total(store: Store, q: IncidentQuery, ledger: bool) -> int:
    return page_incidents(store, q, Page(limit=1), ledger=ledger).total


@dataclass(slots=True)
class Change:
    """One entry of the change feed."""

    id: str
    change: str  # created | changed | merged | split | renamed | deleted
    at: str
    into: list[str]  # where a retired incident's reports went
    incident: Incident | None = None


def changes_since(store: Store, since: dt.datetime, q: IncidentQuery) -> list[Change]:
    """Incidents created, changed or retired after ``since``, oldest first.

    An incident is "created" when every document behind it arrived after ``since``;
    an id that a merge, split or rename retired is reported with that kind and the ids
    that took its reports over.
    """
    changes: list[Change] = []
    with store.engine.connect() as conn:
        rows = conn.execute(
            _where(select(IncidentRow.id, IncidentRow.data, IncidentRow.updated_at), q)
            .where(IncidentRow.updated_at > since)
            .order_by(IncidentRow.updated_at, IncidentRow.id)
        ).all()
        old_ids = (
            set(
                conn.scalars(
                    select(ReportRow.incident_id)
                    .join(DocumentRow, DocumentRow.id == ReportRow.document_id)
                    .where(
                        ReportRow.incident_id.in_([r.id for r in rows]),
                        DocumentRow.ingested_at <= since,
                    )
                    .distinct()
                )
            )
            if rows
            else set()
        )
        for row in rows:
            incident = incident_from_dict(row.data)
            if q.needs_record_scan and not record_matches(incident, q):
                continue
            kind = "changed" if row.id in old_ids else "created"
            changes.append(Change(row.id, kind, row.updated_at.isoformat(), [], incident))
        live = {r.id for r in rows}
        events = conn.execute(
            select(IncidentEventRow)
            .where(IncidentEventRow.at > since)
            .order_by(IncidentEventRow.id)
        ).all()
        mentioned = {i for e in events for i in [e.incident_id, *(e.other_ids or [])]}
        if mentioned:
            live |= set(conn.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(mentioned))))
        retired: dict[str, Change] = {}
        for event in events:
            survivors = [i for i in [event.incident_id, *(event.other_ids or [])] if i in live]
            for gone in [i for i in [event.incident_id, *(event.other_ids or [])] if i not in live]:
                kind = {"merge": "merged", "split": "split", "rename": "renamed"}.get(
                    event.kind, "deleted"
                )
                retired[gone] = Change(gone, kind, event.at.isoformat(), survivors)
    changes.extend(retired.values())
    return changes


def stats(store: Store, q: IncidentQuery) -> dict[str, Any]:
    """Counts by day, type, country and grade over the incidents a query selects."""
    out: dict[str, Any] = {"totals": store.counts()}
    groups = {
        "by_day": IncidentRow.date_start,
        "by_type": IncidentRow.event_type,
        "by_country": IncidentRow.country,
        "by_grade": IncidentRow.grade,
    }
    with store.engine.connect() as conn:
        out["incidents"] = (
            conn.scalar(_where(select(func.count()).select_from(IncidentRow), q)) or 0
        )
        for name, column in groups.items():
            query = _where(select(column, func.count()).select_from(IncidentRow), q)
            rows = conn.execute(query.group_by(column).order_by(column)).all()
            out[name] = {
                (key.isoformat() if isinstance(key, dt.date) else (key or "unknown")): n
                for key, n in rows
                if not (name == "by_day" and key is None)
            }
    return out


def document_reports(store: Store, document_id: str) -> list[dict[str, Any]]:
    """A document's reports as stored, with the incident each one joined."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(ReportRow.key, ReportRow.incident_id, ReportRow.data)
            .where(ReportRow.document_id == document_id)
            .order_by(ReportRow.idx)
        ).all()
    return [{"key": r.key, "incident": r.incident_id, "data": r.data} for r in rows]


def incident_history(store: Store, incident_id: str) -> list[dict[str, Any]]:
    """Merges, splits and renames that involve one incident, oldest first (the store's record)."""
    return store.incident_events(incident_id)
