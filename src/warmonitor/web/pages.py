"""The dashboard's pages: the overview (map, timeline, filters, list), one incident with its
source comparison table and history, one document with its evidence highlighted, and /docs."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from warmonitor import __version__
from warmonitor.api import formats, params, queries
from warmonitor.api.routes import event_type_names
from warmonitor.api.security import safe_url
from warmonitor.store import Store
from warmonitor.web import compare

PAGE_SIZE = 50

templates = Environment(
    loader=PackageLoader("warmonitor.web", "templates"),
    autoescape=select_autoescape(["html"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters["safe_url"] = safe_url
templates.filters["value"] = lambda value, field: compare.format_value(field, value)
templates.globals["anchor_id"] = compare.anchor_id
templates.globals["version"] = __version__


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(template).render(**context), status_code=status)


def _query_string(given: Any, **changes: Any) -> str:
    kept = {k: v for k, v in given.items() if v and k not in changes}
    kept.update({k: v for k, v in changes.items() if v is not None})
    return urlencode(kept)


def make_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def overview(request: Request) -> HTMLResponse:
        given = request.query_params
        form = {name: given.get(name, "") for name in params.FILTER_PARAMS}
        context: dict[str, Any] = {
            "form": form,
            "event_types": event_type_names(),
            "grades": params.GRADES,
            "api_query": _query_string({k: v for k, v in form.items()}),
        }
        try:
            params.reject_unknown(given.keys(), (*params.FILTER_PARAMS, "offset"))
            query = params.parse_query(given, event_type_names())
            page = params.Page(PAGE_SIZE, params.parse_page(given).offset)
        except params.ParamError as err:
            return render("overview.html", 422, error=err, incidents=[], total=0, **context)
        listed = queries.page_incidents(store, query, page, ledger=False)
        found, total = listed.incidents, listed.total
        nxt = page.offset + PAGE_SIZE
        return render(
            "overview.html",
            incidents=formats.incidents_json(
                store,
                found,
                (
                    "id",
                    "event_type",
                    "date",
                    "location",
                    "fatalities",
                    "aircraft",
                    "grade",
                    "contested",
                ),
            ),
            total=total,
            stored=store.counts()["incidents"] if total == 0 else total,
            offset=page.offset,
            next_query=_query_string(form, offset=nxt) if nxt < total else None,
            prev_query=_query_string(form, offset=max(0, page.offset - PAGE_SIZE))
            if page.offset
            else None,
            **context,
        )

    @router.get("/incidents/{incident_id}", response_model=None)
    def incident_page(incident_id: str) -> HTMLResponse | RedirectResponse:
        incident = store.incident(incident_id)
        if incident is None:
            current = store.current_id(incident_id)  # merged or renamed: go where it went
            if current is not None:
                return RedirectResponse(f"/incidents/{quote(current, safe='')}", status_code=308)
            return render("missing.html", 404, what="incident", name=incident_id)
        record = formats.incidents_json(store, [incident])[0]
        documents = store.documents(
            [r["document"] for r in record["reports"]] + [c.document for c in incident.claims]
        )
        return render(
            "incident.html",
            incident=record,
            table=compare.comparison(incident, record, documents),
            history=queries.incident_history(store, incident_id),
        )

    @router.get("/documents/{document_id:path}")
    def document_page(document_id: str, hl: str | None = None) -> HTMLResponse:
        meta = store.documents([document_id]).get(document_id)
        if meta is None:
            return render("missing.html", 404, what="document", name=document_id)
        text = store.document_text(document_id) or ""
        reports = queries.document_reports(store, document_id)
        target = _span(hl, len(text))
        spans = compare.evidence_spans([r["data"] for r in reports])
        return render(
            "document.html",
            document=formats.public_document(meta),
            segments=compare.segments(text, spans, target),
            target=target,
            reports=reports,
        )

    @router.get("/docs")
    def docs() -> HTMLResponse:
        return render("docs.html")

    return router


def _span(value: str | None, size: int) -> tuple[int, int] | None:
    """``hl=START-END`` from a claim link, when it lies inside the text."""
    if not value:
        return None
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    lo, hi = int(start), int(end)
    return (lo, hi) if 0 <= lo < hi <= size else None
