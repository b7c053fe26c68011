"""The JSON API and dashboard behind ``warmonitor serve`` (DESIGN.md, "Serving").

``app`` builds the one FastAPI app; ``routes`` holds the reads, ``writes`` the token-guarded
``POST /api/documents``, ``params`` the query checks, ``queries`` the paged SQL reads,
``formats`` the JSON/CSV/GeoJSON shapes and ``security`` the headers, Host allow-list and
token compare. The dashboard's pages live in ``warmonitor.web``.
"""

from __future__ import annotations

from warmonitor.api.app import create_app
from warmonitor.api.formats import incidents_json

__all__ = ["create_app", "incidents_json"]
