"""The one FastAPI app behind ``warmonitor serve``: the JSON API, the dashboard and /docs."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from warmonitor import __version__
from warmonitor.api import routes, writes
from warmonitor.api.cache import ResponseCache
from warmonitor.api.formats import FastJSONResponse
from warmonitor.api.params import ParamError
from warmonitor.api.security import SecurityMiddleware
from warmonitor.settings import Settings, active_settings
from warmonitor.store import Store


def _param_error(_: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, ParamError)
    detail = [{"loc": ["query", err.name], "msg": err.message, "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)


def _validation_error(_: Request, err: Exception) -> JSONResponse:
    """FastAPI's own 422s, without echoing the (untrusted) input back."""
    assert isinstance(err, RequestValidationError)
    detail = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in err.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def create_app(db: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The app over the database at ``db`` (default: $WARMONITOR_DB, else the user's file)."""
    settings = settings or active_settings()
    store = Store(db, create=False)  # serving never makes a database
    app = FastAPI(
        title="warmonitor",
        version=__version__,
        description="Incidents from news reports, every fact traced to its sentence and outlet.",
        docs_url=None,  # FastAPI's page pulls Swagger UI from a CDN; ours is packaged (web/)
        redoc_url=None,
        openapi_url="/api/openapi.json",
        default_response_class=FastJSONResponse,
    )
    app.state.store = store
    app.state.settings = settings
    app.add_exception_handler(ParamError, _param_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(
        routes.make_router(store, ResponseCache(store, settings.serve.response_cache))
    )
    app.include_router(writes.make_router(store, settings))
    from warmonitor import web

    web.install(app, store)
    app.add_middleware(SecurityMiddleware, allowed_hosts=settings.serve.allowed_hosts)
    return app
