"""The claim ledger: every value every report gave, with its evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warmonitor.records import (
    Claim,
    Count,
    Evidence,
    Report,
    to_jsonable,
)

# --------------------------------------------------------------------------- claims


def _value_of(report: Report, field: str) -> list[Any]:
    """The values a report holds for a field, as claim values."""
    if field == "event_type":
        return [report.event_type] if report.event_type else []
    if field == "date":
        d = report.date
        if d.start is None:
            return []
        return [
            {
                "start": d.start.isoformat(),
                "end": (d.end or d.start).isoformat(),
                "precision": d.precision,
            }
        ]
    if field == "location":
        if report.location is None:
            return []
        p = report.location.place
        return [p.name if p else report.location.text]
    if field in ("fatalities", "injured"):
        c: Count = getattr(report, field)
        return [] if c.is_empty() else [to_jsonable(c)]
    if field == "perpetrators":
        return [a.normalized or a.name for a in report.perpetrators]
    if field == "victims":
        return [to_jsonable(v) for v in report.victims]
    if field in ("targets", "weapons", "aircraft"):
        return list(getattr(report, field))
    return []


_CLAIM_FIELDS = (
    "event_type",
    "date",
    "location",
    "fatalities",
    "injured",
    "perpetrators",
    "victims",
    "targets",
    "weapons",
    "aircraft",
)


def claims_of(report: Report, outlet: str | None) -> list[Claim]:
    """The ledger entries of one report: its evidence, plus span-less claims for values it
    holds without evidence."""
    out: list[Claim] = []
    seen: set[str] = set()
    for ev in report.evidence:
        seen.add(ev.field)
        out.append(
            Claim(
                field=ev.field,
                value=to_jsonable(ev.value),
                source=outlet,
                attributed_to=ev.attributed_to,
                hedged=ev.hedged,
                denied=ev.denied,
                document=report.document_id,
                start=ev.start,
                end=ev.end,
            )
        )
    for f in _CLAIM_FIELDS:
        if f in seen:
            continue
        for value in _value_of(report, f):
            out.append(Claim(f, value, outlet, None, False, report.document_id, -1, -1))
    return out


def _evidence(report: Report, field: str) -> list[Evidence]:
    """The evidence that asserts the report's values (a denial asserts nothing)."""
    return [e for e in report.evidence if e.field == field and not e.denied]


def _hedged(report: Report, field: str) -> bool:
    """A report's value for a field is hedged when all its evidence for it is hedged."""
    evs = _evidence(report, field)
    return bool(evs) and all(e.hedged for e in evs)


def _value_hedged(report: Report, field: str, name: str) -> bool:
    """Whether every evidence entry for this value of a field is hedged (the report's
    field-level hedging when no entry names the value)."""
    evs = [e for e in _evidence(report, field) if _evidence_name(e.value) == name.lower()]
    if not evs:
        return _hedged(report, field)
    return all(e.hedged for e in evs)


def _evidence_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, Mapping):
        name = value.get("name")
        return name.lower() if isinstance(name, str) else None
    return None
