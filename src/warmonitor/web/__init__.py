"""The dashboard: server-rendered pages (Jinja2, autoescaped) and our own static JS/CSS.

Everything is served from installed packages: Leaflet from ``xstatic-leaflet``, Swagger UI
from ``fastapi-offline``, country outlines from Natural Earth data (``outlines``). No page
loads anything from another origin, and no page holds an inline script or style.
"""

from __future__ import annotations

from fastapi import FastAPI

from warmonitor.store import Store


def install(app: FastAPI, store: Store) -> None:
    """Mount the static assets and the page routes on ``app``."""
    from warmonitor.web import assets, pages

    assets.mount(app)
    app.include_router(pages.make_router(store))


__all__ = ["install"]
