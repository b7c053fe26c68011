"""GeoJSON (RFC 7946): one Feature per incident, properties typed as in the CSV.

Numbers are numbers or null, never ""; text is text or null; lists (``contested``,
``source_urls``) are arrays. An incident without coordinates is kept, with
``"geometry": null`` as RFC 7946 section 3.2 allows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from warmonitor import registry
from warmonitor.export.acled import incident_record
from warmonitor.export.context import DocumentMeta, ExportContext
from warmonitor.export.json_record import dump_streamed
from warmonitor.records import Incident, Report


def _feature(incident: Incident, context: ExportContext) -> dict[str, Any]:
    p = incident.location
    geometry = (
        {"type": "Point", "coordinates": [p.lon, p.lat]}
        if p is not None and p.lat is not None and p.lon is not None
        else None
    )
    props = incident_record(incident, context)
    props["contested"] = list(incident.contested)
    props["source_urls"] = context.urls(incident)
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": props}


def incident_to_feature(
    incident: Incident,
    documents: Mapping[str, DocumentMeta] | None = None,
    reports: Sequence[Report] | None = None,
) -> dict[str, Any]:
    """A GeoJSON Feature: Point geometry (null when unresolved), flat ACLED-style properties."""
    context = ExportContext.of({incident.id: reports} if reports is not None else None, documents)
    return _feature(incident, context)


@registry.exporters.register("geojson")
def write_geojson(incidents: Sequence[Incident], out: TextIO, **context: Any) -> None:
    """A FeatureCollection; properties are the CSV's columns, typed."""
    ctx = ExportContext.of(**context)
    features = (_feature(i, ctx) for i in incidents)
    dump_streamed(out, {"type": "FeatureCollection"}, "features", features)
    out.write("\n")
