"""The read-only JSON API behind ``warmonitor serve``.

It serves what the store holds, in the same shapes as ``warmonitor incidents
--format json``. Nothing here writes, so no endpoint needs a token; write
endpoints, when they come, must.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, HTTPException, Query

from warmonitor import __version__
from warmonitor.records import Incident, IncidentFilter
from warmonitor.store import Store


def incidents_json(store: Store, found: list[Incident]) -> list[dict[str, Any]]:
    from warmonitor import export

    reports = store.reports_of([i.id for i in found])
    documents = store.documents(sorted({r.document_id for rs in reports.values() for r in rs}))
    return [export.incident_to_json(i, documents, reports.get(i.id, [])) for i in found]


def create_app(db: str | None = None) -> FastAPI:
    store = Store(db, create=False)  # serving never makes a database
    app = FastAPI(
        title="warmonitor",
        version=__version__,
        docs_url=None,  # Swagger UI loads its scripts from a CDN; we stay offline
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )

    @app.get("/api/incidents")
    def list_incidents(
        since: dt.date | None = None,
        until: dt.date | None = None,
        country: str | None = Query(None, max_length=8),
        admin1: str | None = Query(None, max_length=200),
        event_type: str | None = Query(None, alias="type", max_length=64),
        contested: bool | None = None,
        grade: str | None = Query(None, pattern="^(confirmed|fair|weak|contested)$"),
    ) -> dict[str, Any]:
        filters = IncidentFilter(since, until, country, admin1, event_type, contested, grade)
        return {"incidents": incidents_json(store, store.incidents(filters))}

    @app.get("/api/incidents/{incident_id}")
    def get_incident(incident_id: str) -> dict[str, Any]:
        incident = store.incident(incident_id)
        if incident is None:
            raise HTTPException(status_code=404, detail="no such incident")
        return incidents_json(store, [incident])[0]

    @app.get("/api/documents/{document_id}")
    def get_document(document_id: str) -> dict[str, Any]:
        meta = store.documents([document_id]).get(document_id)
        if meta is None:
            raise HTTPException(status_code=404, detail="no such document")
        return {**meta, "text": store.document_text(document_id)}

    @app.get("/api/stats")
    def stats() -> dict[str, int]:
        return store.counts()

    return app
