"""The incident record (docs/record.md): ``--format json`` and ``--format jsonl``."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from warmonitor import registry
from warmonitor.export.context import DocumentMeta, ExportContext
from warmonitor.link import acled_pair
from warmonitor.records import Claim, Count, Incident, Report, report_key, to_jsonable

_LOCATION_KEYS = ("admin2", "admin1", "country", "lat", "lon", "precision", "geonames_id")


def _location_json(incident: Incident) -> dict[str, Any] | None:
    p = incident.location
    if p is None:
        if not incident.location_name:
            return None
        return dict.fromkeys(_LOCATION_KEYS) | {"name": incident.location_name}
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


def _count_json(c: Count) -> dict[str, Any]:
    return {"low": c.low, "best": c.best, "high": c.high}


def _evidence_items(
    incident: Incident, reports: Sequence[Report] | None
) -> list[tuple[str, str | None, list[dict[str, Any]]]]:
    """(document, report key, evidence) per report; from the ledger when reports are unknown."""
    if reports is not None:
        return [
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
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for k in incident.report_keys:
        by_doc.setdefault(k.rsplit("#", 1)[0], [])
    for c in incident.claims:
        if c.start >= 0:
            by_doc.setdefault(c.document, []).append(
                {"field": c.field, "start": c.start, "end": c.end, "text": None}
            )
    return [(d, None, spans) for d, spans in by_doc.items()]


def _reports_json(
    incident: Incident, reports: Sequence[Report] | None, documents: Mapping[str, DocumentMeta]
) -> list[dict[str, Any]]:
    out = []
    for doc, key, evidence in _evidence_items(incident, reports):
        meta = documents.get(doc, {})
        published = meta.get("published")
        out.append(
            {
                "document": doc,
                "report": key,
                "outlet": meta.get("outlet"),
                "title": meta.get("title"),
                "published": to_jsonable(published),
                "url": meta.get("url"),
                "evidence": evidence,
            }
        )
    return out


def claim_json(claim: Claim) -> dict[str, Any]:
    """One ledger entry. The ledger is most of a record and of the time spent encoding it, so
    this names the fields rather than deep-copying the dataclass (``to_jsonable``)."""
    return {
        "field": claim.field,
        "value": to_jsonable(claim.value),
        "source": claim.source,
        "attributed_to": claim.attributed_to,
        "hedged": claim.hedged,
        "document": claim.document,
        "start": claim.start,
        "end": claim.end,
        "denied": claim.denied,  # after the design's keys: an addition, nothing renamed
    }


def incident_to_json(
    incident: Incident,
    documents: Mapping[str, DocumentMeta] | None = None,
    reports: Sequence[Report] | None = None,
) -> dict[str, Any]:
    """The incident record. ``documents``: id -> {outlet, title, published, url};
    ``reports``: the incident's reports, for their evidence spans."""
    documents = documents or {}
    acled = incident.acled or {}
    if not acled:
        et, sub = acled_pair(incident.event_type)
        acled = {"event_type": et, "sub_event_type": sub} if et else {}
    claims = [claim_json(c) for c in incident.claims]
    alternatives: dict[str, list[Any]] = {}
    for claim in claims:
        vals = alternatives.setdefault(claim["field"], [])
        if claim["value"] not in vals:
            vals.append(claim["value"])
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
        "claims": claims,
        "reports": _reports_json(incident, reports, documents),
    }


@registry.exporters.register("json")
def write_json(incidents: Sequence[Incident], out: TextIO, **context: Any) -> None:
    """``{"incidents": [<incident record>...]}``, indented."""
    ctx = ExportContext.of(**context)
    records = (incident_to_json(i, ctx.documents, ctx.reports_of(i)) for i in incidents)
    dump_streamed(out, {}, "incidents", records)
    out.write("\n")


def dump_streamed(out: TextIO, head: dict[str, Any], key: str, items: Iterable[Any]) -> None:
    """``json.dump({**head, key: list(items)}, out, ensure_ascii=False, indent=2)``, the same
    text, written an item at a time so the list is never held whole."""
    opening, closing = json.dumps({**head, key: []}, ensure_ascii=False, indent=2).rsplit("[]", 1)
    out.write(opening)
    empty = True
    for item in items:
        out.write(",\n" if not empty else "[\n")
        # Nested two levels deep: indent=2 per level. JSON text has no raw newline in a string.
        out.write(textwrap.indent(json.dumps(item, ensure_ascii=False, indent=2), "    "))
        empty = False
    out.write("[]" if empty else "\n  ]")
    out.write(closing)


@registry.exporters.register("jsonl")
def write_jsonl(incidents: Sequence[Incident], out: TextIO, **context: Any) -> None:
    """One incident record per line."""
    ctx = ExportContext.of(**context)
    for i in incidents:
        out.write(
            json.dumps(incident_to_json(i, ctx.documents, ctx.reports_of(i)), ensure_ascii=False)
        )
        out.write("\n")
