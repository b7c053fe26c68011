"""Exports: incidents as a table, JSON (DESIGN.md's incident record), JSONL, ACLED-style CSV
and GeoJSON; and the incident filters, as a pure function so every backend filters alike.

CSV columns are ACLED's (``event_id_cnty``, ``event_date``, ... ``timestamp``), filled
from our record, followed by our own (``warmonitor_id``, ``warmonitor_event_type``,
``contested``, ``grade``, ``fatalities_low``, ``fatalities_high``, ``injured``, ...).
ACLED's ``fatalities`` is the conservative best figure, 0 when no source gives one
(as ACLED codes it); ``fatalities_low``/``fatalities_high`` keep what we know.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from warmonitor.link import acled_pair
from warmonitor.records import Incident, IncidentFilter, Report, report_key, to_jsonable

FORMATS = ("table", "json", "jsonl", "csv", "geojson")

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
    "contested",
    "grade",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "injured_low",
    "injured_high",
    "aircraft",
    "weapons",
    "reports",
]
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_DISORDER = {
    "Battles": "Political violence",
    "Violence against civilians": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED spells these countries by their short names.
_ACLED_COUNTRY = {
    "SY": "Syria",
    "RU": "Russia",
    "IR": "Iran",
    "KR": "South Korea",
    "KP": "North Korea",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "PS": "Palestine",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "LA": "Laos",
    "MD": "Moldova",
    "VN": "Vietnam",
}

DocumentMeta = Mapping[str, Any]


# --------------------------------------------------------------------------- filters


def matches(incident: Incident, q: Any) -> bool:
    """Whether an incident passes a filter (an IncidentFilter or any object with its attributes).

    Undated incidents fail a ``since``/``until`` bound, as in SQL.
    """
    start, end = incident.date.start, incident.date.end or incident.date.start
    since, until = getattr(q, "since", None), getattr(q, "until", None)
    if since and (start is None or (end or start) < since):
        return False
    if until and (start is None or start > until):
        return False
    place = incident.location
    country = getattr(q, "country", None)
    if country and (place is None or (place.country or "").upper() != country.upper()):
        return False
    admin1 = getattr(q, "admin1", None)
    if admin1 and (place is None or (place.admin1 or "").lower() != admin1.lower()):
        return False
    event_type = getattr(q, "event_type", None)
    if event_type and incident.event_type != event_type:
        return False
    contested = getattr(q, "contested", None)
    if contested is not None and bool(incident.contested) != contested:
        return False
    grade = getattr(q, "grade", None)
    return not (grade and incident.grade != grade)


def filter_incidents(
    incidents: Iterable[Incident], query: Any = None, **criteria: Any
) -> list[Incident]:
    """Incidents passing ``query`` (an IncidentFilter) or keyword criteria."""
    q = query if query is not None else IncidentFilter(**criteria)
    return [i for i in incidents if matches(i, q)]


# --------------------------------------------------------------------------- JSON


def _location_json(incident: Incident) -> dict[str, Any] | None:
    p = incident.location
    if p is None:
        if not incident.location_name:
            return None
        return dict.fromkeys(
            ("admin2", "admin1", "country", "lat", "lon", "precision", "geonames_id")
        ) | {"name": incident.location_name}
    return {
        "name": incident.location_name or p.name,
        "admin2": p.admin2,
        "admin1": p.admin1,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "precision": p.precision,
        "geonames_id": p.geonames_id,
    }


def _count_json(c: Any) -> dict[str, Any]:
    return {"low": c.low, "best": c.best, "high": c.high}


def _reports_json(
    incident: Incident, reports: Sequence[Report] | None, documents: Mapping[str, DocumentMeta]
) -> list[dict[str, Any]]:
    out = []
    if reports is None:  # only the ledger to go by: one entry per document, spans from claims
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for k in incident.report_keys:
            by_doc.setdefault(k.rsplit("#", 1)[0], [])
        for c in incident.claims:
            if c.start >= 0:
                by_doc.setdefault(c.document, []).append(
                    {"field": c.field, "start": c.start, "end": c.end, "text": None}
                )
        items = [(d, None, spans) for d, spans in by_doc.items()]
    else:
        items = [
            (
                r.document_id,
                report_key(r),
                [
                    {"field": e.field, "start": e.start, "end": e.end, "text": e.text}
                    for e in r.evidence
                ],
            )
            for r in sorted(reports, key=report_key)
        ]
    for doc, key, evidence in items:
        meta = documents.get(doc, {})
        published = meta.get("published")
        out.append(
            {
                "document": doc,
                "report": key,
                "outlet": meta.get("outlet"),
                "title": meta.get("title"),
                "published": published.isoformat() if isinstance(published, dt.date) else published,
                "url": meta.get("url"),
                "evidence": evidence,
            }
        )
    return out


def incident_to_json(
    incident: Incident,
    documents: Mapping[str, DocumentMeta] | None = None,
    reports: Sequence[Report] | None = None,
) -> dict[str, Any]:
    """The incident record of DESIGN.md. ``documents``: id -> {outlet, title, published, url};
    ``reports``: the incident's reports, for their evidence spans."""
    documents = documents or {}
    acled = incident.acled or {}
    if not acled:
        et, sub = acled_pair(incident.event_type)
        acled = {"event_type": et, "sub_event_type": sub} if et else {}
    alternatives: dict[str, list[Any]] = {}
    for c in incident.claims:
        vals = alternatives.setdefault(c.field, [])
        v = to_jsonable(c.value)
        if v not in vals:
            vals.append(v)
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "acled": dict(acled),
        "date": {
            "start": incident.date.start.isoformat() if incident.date.start else None,
            "end": incident.date.end.isoformat() if incident.date.end else None,
            "precision": incident.date.precision,
        },
        "location": _location_json(incident),
        "fatalities": _count_json(incident.fatalities),
        "injured": _count_json(incident.injured),
        "perpetrators": [
            {"name": a.normalized or a.name, "kind": a.kind} for a in incident.perpetrators
        ],
        "victims": [
            {
                "name": v.name,
                "count": v.count.best if v.count.best is not None else v.count.low,
                "kind": v.kind,
                "status": v.status,
            }
            for v in incident.victims
        ],
        "targets": list(incident.targets),
        "weapons": list(incident.weapons),
        "aircraft": list(incident.aircraft),
        "contested": list(incident.contested),
        "grade": incident.grade,
        "alternatives": {k: v for k, v in alternatives.items() if len(v) > 1},
        "claims": [to_jsonable(c) for c in incident.claims],
        "reports": _reports_json(incident, reports, documents),
    }


# --------------------------------------------------------------------------- CSV (ACLED)


def _country(code: str | None) -> tuple[str, str, str]:
    """(ISO3, ISO numeric, ACLED-style name) of an ISO alpha-2 code."""
    if not code:
        return "", "", ""
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=code.upper())
    except (ImportError, LookupError, KeyError):
        c = None
    if c is None:
        return code.upper(), "", code.upper()
    name = _ACLED_COUNTRY.get(code.upper()) or getattr(c, "common_name", None) or c.name
    return c.alpha_3, str(int(c.numeric)), name


def _outlets(
    incident: Incident, reports: Sequence[Report] | None, documents: Mapping[str, DocumentMeta]
) -> list[str]:
    docs = (
        [r.document_id for r in reports]
        if reports is not None
        else [k.rsplit("#", 1)[0] for k in incident.report_keys]
    )
    seen: list[str] = []
    for d in docs:
        name = documents.get(d, {}).get("outlet") or next(
            (c.source for c in incident.claims if c.document == d and c.source), None
        )
        if name and name not in seen:
            seen.append(name)
    return seen


def _notes(incident: Incident) -> str:
    """An ACLED-style one-paragraph summary of the reconciled record."""
    when = (
        f"{incident.date.start.day} {incident.date.start:%B %Y}"
        if incident.date.start
        else "an unknown date"
    )
    where = incident.location_name or "an unknown place"
    if incident.location and incident.location.admin1 and incident.location.admin1 != where:
        where += f" ({incident.location.admin1})"
    parts = [f"On {when}, {incident.event_type.replace('_', ' ')} near {where}."]
    if incident.perpetrators:
        parts.append("Perpetrators: " + ", ".join(a.name for a in incident.perpetrators) + ".")
    if incident.aircraft:
        parts.append("Aircraft: " + " / ".join(incident.aircraft) + ".")
    if incident.weapons:
        parts.append("Weapons: " + ", ".join(incident.weapons) + ".")
    f = incident.fatalities
    if f.best is not None:
        parts.append(f"{f.best} killed" + (f" (up to {f.high})" if f.high else "") + ".")
    elif f.phrase:
        parts.append(f"Fatalities: {f.phrase}.")
    if incident.contested:
        parts.append("Contested: " + ", ".join(incident.contested) + ".")
    return " ".join(parts)


def incident_to_row(
    incident: Incident,
    documents: Mapping[str, DocumentMeta] | None = None,
    reports: Sequence[Report] | None = None,
) -> dict[str, Any]:
    """One CSV row: ACLED's columns filled from our record, then ours."""
    documents = documents or {}
    et, sub = incident.acled.get("event_type"), incident.acled.get("sub_event_type")
    if not et:
        et, sub = acled_pair(incident.event_type)
    iso3, iso_num, country = _country(incident.location.country if incident.location else None)
    p = incident.location
    perps = [a.normalized or a.name for a in incident.perpetrators]
    inter1 = "1" if incident.perpetrators and incident.perpetrators[0].kind == "state" else ""
    civilians = any((v.kind or "").lower().startswith("civilian") for v in incident.victims)
    actor2 = ""
    if incident.victims:
        actor2 = f"Civilians ({country})" if civilians and country else incident.victims[0].name
    inter2 = "7" if civilians else ""
    fat = incident.fatalities
    inj = incident.injured
    return {
        "event_id_cnty": f"{iso3}-{incident.id}" if iso3 else incident.id,
        "event_date": incident.date.start.isoformat() if incident.date.start else "",
        "year": incident.date.start.year if incident.date.start else "",
        "time_precision": _TIME_PRECISION.get(incident.date.precision or "", ""),
        "disorder_type": _DISORDER.get(et or "", ""),
        "event_type": et or "",
        "sub_event_type": sub or "",
        "actor1": perps[0] if perps else "",
        "assoc_actor_1": "; ".join(perps[1:]),
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": "".join(sorted(inter1 + inter2)) if inter1 and inter2 else "",
        "civilian_targeting": "Civilian targeting"
        if civilians or et == "Violence against civilians"
        else "",
        "iso": iso_num,
        "region": "",
        "country": country,
        "admin1": (p.admin1 if p else "") or "",
        "admin2": (p.admin2 if p else "") or "",
        "admin3": "",
        "location": incident.location_name or (p.name if p else ""),
        "latitude": p.lat if p and p.lat is not None else "",
        "longitude": p.lon if p and p.lon is not None else "",
        "geo_precision": p.precision if p else "",
        "source": "; ".join(_outlets(incident, reports, documents)),
        "source_scale": "",
        "notes": _notes(incident),
        "fatalities": fat.best if fat.best is not None else (fat.low or 0),
        "tags": "",
        "timestamp": "",
        "warmonitor_id": incident.id,
        "warmonitor_event_type": incident.event_type,
        "contested": ";".join(incident.contested),
        "grade": incident.grade,
        "fatalities_low": "" if fat.low is None else fat.low,
        "fatalities_high": "" if fat.high is None else fat.high,
        "injured": "" if inj.best is None else inj.best,
        "injured_low": "" if inj.low is None else inj.low,
        "injured_high": "" if inj.high is None else inj.high,
        "aircraft": "; ".join(incident.aircraft),
        "weapons": "; ".join(incident.weapons),
        "reports": len(incident.report_keys),
    }


# --------------------------------------------------------------------------- GeoJSON


def incident_to_feature(
    incident: Incident,
    documents: Mapping[str, DocumentMeta] | None = None,
    reports: Sequence[Report] | None = None,
) -> dict[str, Any]:
    """A GeoJSON Feature: Point geometry (null when unresolved), flat ACLED-style properties."""
    p = incident.location
    geometry = (
        {"type": "Point", "coordinates": [p.lon, p.lat]}
        if p is not None and p.lat is not None and p.lon is not None
        else None
    )
    props = incident_to_row(incident, documents, reports)
    props["contested"] = list(incident.contested)
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": props}


# --------------------------------------------------------------------------- writer


def write_incidents(
    incidents: Sequence[Incident],
    fmt: str,
    out: TextIO,
    *,
    reports: Mapping[str, Sequence[Report]] | None = None,
    documents: Mapping[str, DocumentMeta] | None = None,
) -> None:
    """Write incidents in one of FORMATS. ``reports``: incident id -> its reports;
    ``documents``: document id -> metadata (outlet, title, published, url)."""
    documents = documents or {}

    def reps(i: Incident) -> Sequence[Report] | None:
        return reports.get(i.id) if reports is not None else None

    if fmt == "json":
        data = {"incidents": [incident_to_json(i, documents, reps(i)) for i in incidents]}
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for i in incidents:
            out.write(json.dumps(incident_to_json(i, documents, reps(i)), ensure_ascii=False))
            out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for i in incidents:
            writer.writerow(incident_to_row(i, documents, reps(i)))
    elif fmt == "geojson":
        data = {
            "type": "FeatureCollection",
            "features": [incident_to_feature(i, documents, reps(i)) for i in incidents],
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "table":
        _write_table(incidents, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _count_text(c: Any) -> str:
    if c.best is None:
        return c.phrase or ""
    text = str(c.best)
    if c.high is not None and c.high != c.best:
        text += f" ({c.low if c.low is not None else c.best}–{c.high})"
    return text


def _write_table(incidents: Sequence[Incident], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(incidents)} incident(s)", show_lines=False)
    for name in (
        "id",
        "date",
        "type",
        "location",
        "killed",
        "injured",
        "aircraft",
        "grade",
        "contested",
        "reports",
    ):
        table.add_column(name, overflow="fold")
    for i in incidents:
        where = i.location_name or ""
        if i.location and i.location.admin1 and i.location.admin1 != where:
            where = f"{where}, {i.location.admin1}" if where else i.location.admin1
        table.add_row(
            i.id,
            i.date.start.isoformat() if i.date.start else "?",
            i.event_type,
            where,
            _count_text(i.fatalities),
            _count_text(i.injured),
            " / ".join(i.aircraft),
            i.grade,
            ", ".join(i.contested),
            str(len(i.report_keys)),
        )
    width = 200 if not out.isatty() else None
    Console(file=out, width=width, color_system=None if not out.isatty() else "auto").print(table)
