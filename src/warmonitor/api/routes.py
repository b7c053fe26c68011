"""The read endpoints: incidents (paged, filtered, in three formats, or as a change feed),
one incident, one document, stats."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from warmonitor import registry
from warmonitor.api import formats, params, queries
from warmonitor.api.cache import ResponseCache
from warmonitor.api.formats import FastJSONResponse, public_document
from warmonitor.store import Store

PARAM_HELP = {
    "since": "incidents on or after this date (YYYY-MM-DD)",
    "until": "incidents on or before this date (YYYY-MM-DD)",
    "country": "ISO 3166-1 alpha-2 code, e.g. SY",
    "admin1": "first-level region, e.g. Idlib",
    "type": "event type, e.g. aircraft_downed (see warmonitor info)",
    "contested": "true or false",
    "grade": "confirmed | fair | weak | contested",
    "include_out_of_scope": "true: also disasters, ordinary crime and diplomatic events",
    "actor": "a perpetrator, victim or attributed source, by part of its name",
    "weapon": "a weapon or aircraft model, by part of its name (e.g. Mi-8)",
    "q": "text found in the place, type, actors, targets, weapons or aircraft",
    "bbox": "west,south,east,north in degrees",
    "limit": f"page size, 1 to {params.MAX_LIMIT} (default {params.DEFAULT_LIMIT})",
    "offset": "how many matching incidents to skip",
    "after": "a cursor from a previous page's `after`: the page after it (keyset paging)",
    "fields": "comma-separated record fields (json) or CSV columns (csv, geojson)",
    "format": "json | csv | geojson",
    "updated_since": "ISO timestamp: the incidents created, changed or retired since then",
}


def _openapi_params(names: tuple[str, ...]) -> dict[str, Any]:
    return {
        "parameters": [
            {
                "name": n,
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": PARAM_HELP[n],
            }
            for n in names
        ]
    }


def event_type_names() -> list[str]:
    """Our taxonomy's types plus any a plugin registered."""
    from warmonitor.taxonomy import ACLED_PAIRS

    return sorted(set(ACLED_PAIRS) | set(registry.names("event_types")))


def _next_link(request: Request, page: params.Page, found: queries.IncidentPage) -> str | None:
    """The next page: by cursor (keyset: as cheap deep as near) unless the client paged by offset."""
    if page.offset:
        if page.offset + page.limit >= found.total:
            return None
        return str(request.url.include_query_params(offset=page.offset + page.limit))
    if found.after is None:
        return None
    return str(request.url.include_query_params(after=found.after.encode()))


def make_router(store: Store, cache: ResponseCache) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/incidents", openapi_extra=_openapi_params(params.LIST_PARAMS))
    def list_incidents(request: Request) -> Response:
        """Incidents in date order, a page at a time, with the total and a `next` link."""
        return cache.answer(request, lambda: _list_incidents(request))

    def _list_incidents(request: Request) -> Response:
        given = request.query_params
        params.reject_unknown(given.keys(), params.LIST_PARAMS)
        query = params.parse_query(given, event_type_names())
        page = params.parse_page(given)
        fmt = params.parse_format(given)
        fields = params.parse_fields(given, formats.fields_for(fmt))
        since = params.parse_timestamp(given, "updated_since")
        if since is not None:
            return _change_feed(request, store, query, page, since, fields, fmt)
        found = queries.page_incidents(store, query, page, ledger=formats.needs_ledger(fmt, fields))
        link = _next_link(request, page, found)
        paging = {
            "total": found.total,
            "limit": page.limit,
            "offset": page.offset,
            "next": link,
            "after": found.after.encode() if found.after else None,
        }
        if fmt == "csv":
            headers = {"x-total-count": str(found.total)}
            if link:
                headers["link"] = f'<{link}>; rel="next"'
            return Response(
                formats.incidents_csv(store, found.incidents, fields),
                media_type="text/csv; charset=utf-8",
                headers=headers,
            )
        if fmt == "geojson":
            body = {
                "type": "FeatureCollection",
                **paging,
                "features": formats.incidents_features(store, found.incidents, fields),
            }
            return FastJSONResponse(body, media_type="application/geo+json")
        return FastJSONResponse(
            {**paging, "incidents": formats.incidents_json(store, found.incidents, fields)}
        )

    @router.get("/incidents/{incident_id}", response_model=None)
    def get_incident(incident_id: str, request: Request) -> Response:
        """One incident: the full record with its claims, reports and history.

        An id that a later merge, split or rename took over redirects (308) to the incident
        it became: ids never vanish.
        """
        return cache.answer(request, lambda: _incident(incident_id))

    def _incident(incident_id: str) -> Response:
        incident = store.incident(incident_id)
        if incident is None:
            current = store.current_id(incident_id)
            if current is None:
                raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
            return RedirectResponse(f"/api/incidents/{quote(current, safe='')}", status_code=308)
        record = formats.incidents_json(store, [incident])[0]
        record["history"] = queries.incident_history(store, incident_id)
        return FastJSONResponse(record)

    @router.get("/incidents/{incident_id}/history")
    def get_incident_history(incident_id: str) -> dict[str, Any]:
        """Merges, splits and renames involving an id, and the incident it names now."""
        current = store.current_id(incident_id)
        history = queries.incident_history(store, incident_id)
        if current is None and not history:
            raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
        return {"incident": incident_id, "current": current, "history": history}

    @router.get("/incidents/{incident_id}/explain")
    def get_incident_explanation(incident_id: str) -> dict[str, Any]:
        """Why the incident's reports were linked: per pair of reports, the score and the
        features that decided it (``warmonitor.link.explain_incident``)."""
        from warmonitor.link import explain_stored_incident

        found = explain_stored_incident(store, incident_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
        return found

    @router.get("/documents/{document_id:path}")
    def get_document(document_id: str) -> dict[str, Any]:
        """One document: cleaned text, metadata (no server paths) and the spans extracted."""
        meta = store.documents([document_id]).get(document_id)
        if meta is None:
            raise HTTPException(status_code=404, detail=f"no document {document_id!r}")
        reports = [
            {
                "report": r["key"],
                "incident": r["incident"],
                "event_type": r["data"].get("event_type"),
                "evidence": r["data"].get("evidence") or [],
            }
            for r in queries.document_reports(store, document_id)
        ]
        return {
            **public_document(meta),
            "text": store.document_text(document_id),
            "reports": reports,
        }

    @router.get(
        "/stats",
        openapi_extra=_openapi_params(params.FILTER_PARAMS),
    )
    def get_stats(request: Request) -> Response:
        """Counts by day, event type, country and grade (the list's filters apply)."""
        params.reject_unknown(request.query_params.keys(), params.FILTER_PARAMS)
        query = params.parse_query(request.query_params, event_type_names())
        return cache.answer(request, lambda: FastJSONResponse(queries.stats(store, query)))

    return router


def _change_feed_next(request: Request, page: params.Page, total: int) -> str | None:
    if page.offset + page.limit >= total:
        return None
    return str(request.url.include_query_params(offset=page.offset + page.limit))


def _change_feed(
    request: Request,
    store: Store,
    query: params.IncidentQuery,
    page: params.Page,
    since: dt.datetime,
    fields: tuple[str, ...] | None,
    fmt: str,
) -> Response:
    """The incremental feed: each change with its kind; live incidents carry their record."""
    if fmt != "json":
        raise params.ParamError("format", "updated_since answers JSON only; allowed: json")
    changes = queries.changes_since(store, since, query)
    if page.after is not None:
        raise params.ParamError("after", "updated_since pages by offset; allowed: offset")
    chunk = changes[page.offset : page.offset + page.limit]
    records = iter(formats.incidents_json(store, [c.incident for c in chunk if c.incident], fields))
    items = []
    for change in chunk:
        entry: dict[str, Any] = {"id": change.id, "change": change.change, "at": change.at}
        if change.into:
            entry["into"] = change.into
        if change.incident is not None:
            entry["incident"] = next(records)
        items.append(entry)
    return FastJSONResponse(
        {
            "total": len(changes),
            "limit": page.limit,
            "offset": page.offset,
            "next": _change_feed_next(request, page, len(changes)),
            # Ask again with updated_since=as_of for what changed after this answer.
            "as_of": max((c.at for c in changes), default=since.isoformat()),
            "changes": items,
        }
    )
