"""Exports: every format is an exporter registered in ``warmonitor.registry.exporters``,
exactly as a plugin registers one, and ``write_incidents`` dispatches through the registry.

Built-in formats, one module each: ``table`` (table.py), ``json`` and ``jsonl``
(json_record.py, the incident record), ``csv`` (acled.py, ACLED's columns then ours),
``geojson`` (geojson.py), ``ucdp`` (ucdp.py, UCDP GED's columns). docs/exports.md documents
every column. The incident filters live in filters.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from warmonitor import registry
from warmonitor.export import acled, geojson, json_record, table, ucdp  # noqa: F401  (register)
from warmonitor.export.acled import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    CSV_DTYPES,
    EXTRA_COLUMNS,
    incident_record,
    incident_to_row,
)
from warmonitor.export.context import DocumentMeta, ExportContext
from warmonitor.export.filters import filter_incidents, matches
from warmonitor.export.geojson import incident_to_feature
from warmonitor.export.json_record import incident_to_json
from warmonitor.export.paged import StoredIncidents, write_stored_incidents
from warmonitor.export.ucdp import UCDP_COLUMNS, UCDP_CSV_COLUMNS, UCDP_DTYPES, incident_to_ucdp
from warmonitor.records import Incident, Report

# The built-in formats (each module above registered its own); plugins add more.
FORMATS = ("table", "json", "jsonl", "csv", "geojson", "ucdp")


def formats() -> list[str]:
    """Every format ``write_incidents`` accepts: the built-ins and any plugin's."""
    return registry.names("exporters")


def write_incidents(
    incidents: Sequence[Incident],
    fmt: str,
    out: TextIO,
    *,
    reports: Mapping[str, Sequence[Report]] | None = None,
    documents: Mapping[str, DocumentMeta] | None = None,
    **context: Any,
) -> None:
    """Write incidents with the exporter registered as ``fmt``. ``reports``: incident id ->
    its reports; ``documents``: document id -> metadata (outlet, title, published, url);
    other keywords (``updated``: incident id -> last change) go to the exporter as they are.
    """
    try:
        exporter = registry.get("exporters", fmt)
    except registry.UnknownComponent as err:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(formats())}") from err
    documents = {} if documents is None else documents  # a paged export's fills as it goes
    exporter(incidents, out, reports=reports, documents=documents, **context)


__all__ = [
    "ACLED_COLUMNS",
    "CSV_COLUMNS",
    "CSV_DTYPES",
    "EXTRA_COLUMNS",
    "FORMATS",
    "UCDP_COLUMNS",
    "UCDP_CSV_COLUMNS",
    "UCDP_DTYPES",
    "DocumentMeta",
    "ExportContext",
    "filter_incidents",
    "formats",
    "incident_record",
    "incident_to_feature",
    "incident_to_json",
    "incident_to_row",
    "incident_to_ucdp",
    "matches",
    "write_incidents",
    "write_stored_incidents",
    "StoredIncidents",
]
