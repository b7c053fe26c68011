"""The JSON shape of a report (``warmonitor extract --format json``; see DESIGN.md)."""

from __future__ import annotations

import re
from typing import Any

from warmonitor.records import (
    Place,
    PlaceMention,
    Report,
    to_jsonable,
)


def report_to_json(report: Report) -> dict[str, Any]:
    """The JSON shape of a report for ``warmonitor extract --format json`` (see DESIGN.md)."""
    loc = report.location
    location = None
    if loc is not None:
        place: Place | None = loc.place
        location = {
            "name": loc.text if place is None else (place.name or loc.text),
            "admin2": place.admin2 if place else None,
            "admin1": place.admin1 if place else None,
            "country": place.country if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "precision": place.precision
            if place
            else (
                2
                if loc.qualifier and re.match(r"near|close|outside|over|above", loc.qualifier)
                else 3
            ),
            "geonames_id": place.geonames_id if place else None,
        }
    return {
        "event_type": report.event_type,
        "acled": dict(report.acled),
        "date": {
            "start": report.date.start.isoformat() if report.date.start else None,
            "end": report.date.end.isoformat() if report.date.end else None,
            "precision": report.date.precision,
        },
        "location": location,
        "fatalities": {
            "low": report.fatalities.low,
            "best": report.fatalities.best,
            "high": report.fatalities.high,
            "phrase": report.fatalities.phrase,
        },
        "injured": {
            "low": report.injured.low,
            "best": report.injured.best,
            "high": report.injured.high,
            "phrase": report.injured.phrase,
        },
        "perpetrators": [
            {"name": a.name, "normalized": a.normalized, "kind": a.kind}
            for a in report.perpetrators
        ],
        "victims": [
            {
                "name": v.name,
                "count": {
                    "low": v.count.low,
                    "best": v.count.best,
                    "high": v.count.high,
                    "phrase": v.count.phrase,
                },
                "kind": v.kind,
                "status": v.status,
            }
            for v in report.victims
        ],
        "targets": list(report.targets),
        "weapons": list(report.weapons),
        "aircraft": list(report.aircraft),
        "aggregate": report.aggregate,
        "places": [place_json(pm) for pm in report.places],
        "evidence": [
            {
                "field": e.field,
                "value": to_jsonable(e.value),
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "attributed_to": e.attributed_to,
                "hedged": e.hedged,
                "denied": e.denied,
            }
            for e in report.evidence
        ],
    }


def place_json(pm: PlaceMention) -> dict[str, Any]:
    """The geoparse object of a mention, with its role in this report; runner-ups left out."""
    from warmonitor.geo.geoparse import mention_to_json

    data = mention_to_json(pm)
    data.pop("candidates")
    return {**data, "role": pm.role}
