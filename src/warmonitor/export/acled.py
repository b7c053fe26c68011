"""ACLED-shaped rows: ACLED's 31 columns first, filled from the reconciled record, then ours.

Each value is typed (int, float, str or None for unknown) so the CSV keeps integers as
integers and the GeoJSON writes numbers or null; ``docs/exports.md`` documents each column.
ACLED's ``fatalities`` is the conservative best figure, 0 when no source gives one (as ACLED
codes it); ``fatalities_low``/``fatalities_high`` keep what we know.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from warmonitor import registry
from warmonitor.export import coding
from warmonitor.export.context import DocumentMeta, ExportContext
from warmonitor.export.countries import country
from warmonitor.export.ids import event_id_cnty
from warmonitor.records import Incident, Report

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
EXTRA_COLUMNS = [
    "warmonitor_id",
    "warmonitor_event_type",
    "event_date_end",
    "date_precision",
    "grade",
    "contested",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "injured_low",
    "injured_high",
    "aircraft",
    "weapons",
    "geonames_id",
    "reports",
    "source_urls",
]
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

_INT = "Int64"  # pandas' nullable integer: the column stays integer with gaps
_FLOAT = "float64"
_STR = "string"
# pandas dtypes of the CSV: ``pd.read_csv(path, dtype=CSV_DTYPES)`` reads it exactly.
CSV_DTYPES: dict[str, str] = dict.fromkeys(CSV_COLUMNS, _STR) | {
    "year": _INT,
    "time_precision": _INT,
    "inter1": _INT,
    "inter2": _INT,
    "interaction": _INT,
    "iso": _INT,
    "latitude": _FLOAT,
    "longitude": _FLOAT,
    "geo_precision": _INT,
    "fatalities": _INT,
    "timestamp": _INT,
    "fatalities_low": _INT,
    "fatalities_high": _INT,
    "injured": _INT,
    "injured_low": _INT,
    "injured_high": _INT,
    "geonames_id": _INT,
    "reports": _INT,
}

LIST_SEPARATOR = "; "  # ACLED separates actors, sources and tags so


def _joined(values: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(values) if values else None


def incident_record(incident: Incident, context: ExportContext | None = None) -> dict[str, Any]:
    """ACLED's columns then ours, typed; None where the record does not know."""
    context = context or ExportContext()
    et, sub = coding.acled_types(incident)
    place = incident.location
    found = country(place.country if place else None)
    actors = coding.actors(incident)
    sources = context.sources(incident)
    fat, inj = incident.fatalities, incident.injured
    start, end = incident.date.start, incident.date.end
    return {
        "event_id_cnty": event_id_cnty(incident.id, place.country if place else None),
        "event_date": start.isoformat() if start else None,
        "year": start.year if start else None,
        "time_precision": coding.TIME_PRECISION.get(incident.date.precision or ""),
        "disorder_type": coding.DISORDER_TYPES.get(et or ""),
        "event_type": et,
        "sub_event_type": sub,
        "actor1": actors.actor1,
        "assoc_actor_1": _joined(actors.assoc_actor_1),
        "inter1": actors.inter1,
        "actor2": actors.actor2,
        "assoc_actor_2": _joined(actors.assoc_actor_2),
        "inter2": actors.inter2 if actors.actor2 is not None or actors.inter1 is None else 0,
        "interaction": actors.interaction,
        "civilian_targeting": "Civilian targeting" if coding.civilian_targeting(incident) else None,
        "iso": found.numeric if found else None,
        "region": found.acled_region if found else None,
        "country": found.name if found else (place.country if place else None),
        "admin1": (place.admin1 if place else None) or None,
        "admin2": (place.admin2 if place else None) or None,
        # The gazetteer has no third-level areas yet; a Place that gains one fills it.
        "admin3": getattr(place, "admin3", None) or None,
        "location": incident.location_name or (place.name if place else None),
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": place.precision if place else None,
        "source": _joined(context.outlets(incident)),
        "source_scale": coding.source_scale(incident, [(s.outlet, s.url) for s in sources]),
        "notes": coding.notes(incident),
        "fatalities": fat.best if fat.best is not None else (fat.low or 0),
        "tags": _joined(coding.tags(incident)),
        "timestamp": context.timestamp(incident),
        "warmonitor_id": incident.id,
        "warmonitor_event_type": incident.event_type,
        "event_date_end": (end or start).isoformat() if start else None,
        "date_precision": incident.date.precision,
        "grade": incident.grade,
        "contested": _joined(incident.contested),
        "fatalities_low": fat.low,
        "fatalities_high": fat.high,
        "injured": inj.best,
        "injured_low": inj.low,
        "injured_high": inj.high,
        "aircraft": _joined(incident.aircraft),
        "weapons": _joined(incident.weapons),
        "geonames_id": place.geonames_id if place else None,
        "reports": len(incident.report_keys),
        "source_urls": _joined(context.urls(incident)),
    }


def incident_to_row(
    incident: Incident,
    documents: Mapping[str, DocumentMeta] | None = None,
    reports: Sequence[Report] | None = None,
) -> dict[str, Any]:
    """One CSV row (strings and numbers; "" for unknown) of one incident."""
    context = ExportContext.of({incident.id: reports} if reports is not None else None, documents)
    return {k: "" if v is None else v for k, v in incident_record(incident, context).items()}


def write_rows(out: TextIO, columns: Sequence[str], rows: Sequence[dict[str, Any]] | Any) -> None:
    """CSV with a header; None becomes an empty field, numbers stay bare."""
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


@registry.exporters.register("csv")
def write_csv(incidents: Sequence[Incident], out: TextIO, **context: Any) -> None:
    """ACLED's 31 columns, then ours (docs/exports.md)."""
    ctx = ExportContext.of(**context)
    write_rows(out, CSV_COLUMNS, (incident_record(i, ctx) for i in incidents))
