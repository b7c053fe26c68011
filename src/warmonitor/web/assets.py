"""Static files: ours, Leaflet's and Swagger UI's, all from installed packages."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from warmonitor.web import outlines

STATIC = Path(__file__).with_name("static")


def leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def swagger_dir() -> Path | None:
    """Swagger UI 5 (it reads FastAPI's OpenAPI 3.1), as the fastapi-offline package ships it;
    only its static files are used."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).with_name("static")
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def mount(app: FastAPI) -> None:
    app.mount("/static/web", StaticFiles(directory=STATIC), name="web-static")
    app.mount("/static/leaflet", StaticFiles(directory=leaflet_dir()), name="leaflet")
    swagger = swagger_dir()
    if swagger is not None:
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    cache = Path(platformdirs.user_cache_dir("warmonitor"))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for one; "nothing" beats a 404 in every log
        return Response(status_code=204)

    @app.get("/static/countries.geojson", include_in_schema=False)
    def countries() -> Response:
        data = outlines.countries_geojson(cache)
        if data is None:  # the map still works, without outlines
            return Response(
                b'{"type":"FeatureCollection","features":[]}', media_type="application/geo+json"
            )
        return Response(
            data,
            media_type="application/geo+json",
            headers={"cache-control": "public, max-age=86400"},
        )
