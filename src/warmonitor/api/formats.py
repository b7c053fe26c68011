"""Incidents as the API answers them: the record of DESIGN.md, ACLED-style CSV or GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import orjson
from fastapi.responses import JSONResponse

from warmonitor import export
from warmonitor.records import Incident
from warmonitor.store import Store

# The incident record's fields (DESIGN.md), for ``fields=`` on JSON answers.
RECORD_FIELDS = (
    "id",
    "event_type",
    "acled",
    "date",
    "location",
    "fatalities",
    "injured",
    "perpetrators",
    "victims",
    "targets",
    "weapons",
    "aircraft",
    "contested",
    "grade",
    "alternatives",
    "claims",
    "reports",
)
CSV_FIELDS = tuple(export.CSV_COLUMNS)


# Fields built from the claim ledger: an answer without them never decodes the claims.
LEDGER_FIELDS = frozenset({"claims", "alternatives", "reports"})


class FastJSONResponse(JSONResponse):
    """JSON encoded by orjson (several times faster than the json module on records)."""

    def render(self, content: Any) -> bytes:
        try:
            return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
        except (orjson.JSONEncodeError, TypeError):  # e.g. a lone surrogate: json escapes it
            return json.dumps(content, separators=(",", ":")).encode()


def needs_ledger(fmt: str, fields: Sequence[str] | None) -> bool:
    """Whether an answer in ``fmt`` with ``fields`` reads the claims."""
    return fmt != "json" or fields is None or bool(LEDGER_FIELDS & set(fields))


def fields_for(fmt: str) -> tuple[str, ...]:
    return RECORD_FIELDS if fmt == "json" else CSV_FIELDS


def public_document(meta: dict[str, Any]) -> dict[str, Any]:
    """Document metadata fit to serve: never the server's filesystem path."""
    return {k: v for k, v in meta.items() if k != "path"}


def _context(store: Store, found: Sequence[Incident]) -> tuple[dict[str, Any], dict[str, Any]]:
    reports = store.reports_of([i.id for i in found])
    ids = sorted({r.document_id for rs in reports.values() for r in rs})
    return reports, store.documents(ids)


def incidents_json(
    store: Store, found: Sequence[Incident], fields: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Incident records with their reports' outlets and evidence, optionally cut to ``fields``."""
    if not needs_ledger("json", fields):
        # Neither the ledger nor the reports are wanted: skip their reads and their encoding.
        records = [export.incident_to_json(replace(i, claims=[]) if i.claims else i) for i in found]
    else:
        reports, documents = _context(store, found)
        records = [export.incident_to_json(i, documents, reports.get(i.id, [])) for i in found]
    if fields is None:
        return records
    return [{name: record[name] for name in fields} for record in records]


def incidents_csv(store: Store, found: Sequence[Incident], fields: Sequence[str] | None) -> str:
    reports, documents = _context(store, found)
    columns = list(fields or CSV_FIELDS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for incident in found:
        writer.writerow(export.incident_to_row(incident, documents, reports.get(incident.id, [])))
    return out.getvalue()


def incidents_features(
    store: Store, found: Sequence[Incident], fields: Sequence[str] | None
) -> list[dict[str, Any]]:
    """GeoJSON features; their properties also carry what the map draws honestly."""
    reports, documents = _context(store, found)
    features = []
    for incident in found:
        feature = export.incident_to_feature(incident, documents, reports.get(incident.id, []))
        if fields is not None:
            feature["properties"] = {k: feature["properties"][k] for k in fields}
        place = incident.location
        feature["properties"]["map"] = {
            "precision": place.precision if place else None,
            "feature": place.feature if place else None,
            "country": place.country if place else None,
            "fatalities": incident.fatalities.best,
            "event_type": incident.event_type,
            "date": incident.date.start.isoformat() if incident.date.start else None,
            "location": incident.location_name,
        }
        features.append(feature)
    return features
