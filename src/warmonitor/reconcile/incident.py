"""One incident record from its reports, and what readers ask of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from warmonitor.link import (
    acled_pair,
    aircraft_family,
    shift_date,
)
from warmonitor.reconcile.claims import (
    _hedged,
    claims_of,
)
from warmonitor.reconcile.fields import (
    _best_date,
    _best_event_type,
    _best_location,
    _evidence_values,
    _merge_actors,
    _merge_victims,
    _perpetrator_denied,
    _perpetrators_differ,
    _ranked,
    reconcile_counts,
)
from warmonitor.reconcile.grades import grade_of
from warmonitor.reconcile.vocab import (
    _GENERIC_WEAPONS,
    _singular,
)
from warmonitor.records import (
    DateRange,
    Incident,
    Report,
    report_key,
)

# --------------------------------------------------------------------------- incident


def reconcile(
    incident_id: str,
    reports: Sequence[Report],
    *,
    outlets: Mapping[str, str | None],
    published: Mapping[str, dt.date | None] | None = None,
) -> Incident:
    """The incident record of linked reports: claims, best values, contested fields, grade.

    ``published`` (document id -> publication date), when given, dates an incident
    that no report dates: the week before its earliest report was published, with
    precision "week" (news tells recent events; ACLED codes such events the same way).
    """
    reports = sorted(reports, key=report_key)
    live = [r for r in reports if not r.aggregate] or list(reports)
    claims = [c for r in reports for c in claims_of(r, outlets.get(r.document_id))]
    contested: list[str] = []

    event_type, type_contested = _best_event_type(live)
    if type_contested:
        contested.append("event_type")
    et, sub = acled_pair(event_type)
    acled = {"event_type": et, "sub_event_type": sub} if et and sub else {}
    if not acled:
        for r in live:
            if r.event_type == event_type and r.acled:
                acled = dict(r.acled)
                break

    date, date_contested = _best_date(live)
    if date_contested:
        contested.append("date")
    if date.start is None and published:
        days = [published.get(r.document_id) for r in live]
        known = [d for d in days if d is not None]
        if known:
            date = DateRange(shift_date(min(known), -6), min(known), "week")
    place, name, loc_contested = _best_location(live)
    if loc_contested:
        contested.append("location")

    fatalities, fat_contested = reconcile_counts(
        (r.fatalities, _hedged(r, "fatalities")) for r in live
    )
    if fat_contested:
        contested.append("fatalities")
    injured, inj_contested = reconcile_counts((r.injured, _hedged(r, "injured")) for r in live)
    if inj_contested:
        contested.append("injured")

    perpetrators, perp_firm_contested = _merge_actors(live)
    # A named perpetrator's firm denial is a disagreement on who did it, as much as two
    # sources naming different groups.
    perp_firm_contested = perp_firm_contested or _perpetrator_denied(live)
    if perp_firm_contested or _perpetrators_differ(live):
        contested.append("perpetrators")

    aircraft = _ranked(_evidence_values(live, "aircraft"))
    if len({a.lower() for a in aircraft}) > 1:
        contested.append("aircraft")
    # Specific weapons first ("MANPADS" before "missile"), each by support.
    weapons = sorted(
        _ranked(_evidence_values(live, "weapons")),
        key=lambda w: _singular(w.lower()) in _GENERIC_WEAPONS,
    )
    specific = {_singular(w.lower()) for w in weapons} - _GENERIC_WEAPONS
    if _unrelated(specific):
        contested.append("weapons")
    targets = _ranked(t for r in live for t in r.targets)

    grade = grade_of(live, outlets, type_contested or perp_firm_contested)
    return Incident(
        id=incident_id,
        event_type=event_type,
        acled=acled,
        date=date,
        location=place,
        location_name=name,
        fatalities=fatalities,
        injured=injured,
        perpetrators=perpetrators,
        victims=_merge_victims(live),
        targets=targets,
        weapons=weapons,
        aircraft=aircraft,
        contested=contested,
        grade=grade,
        claims=claims,
        report_keys=[report_key(r) for r in reports],
    )


def _unrelated(values: set[str]) -> bool:
    """Whether specific values name different things (none contains another)."""
    vals = sorted(values)
    for i, a in enumerate(vals):
        for b in vals[i + 1 :]:
            if a not in b and b not in a:
                return True
    return False


def aircraft_families(incident: Incident) -> list[str]:
    """The airframe families of an incident's aircraft ("Mi-8" for Mi-8 and Mi-17)."""
    return sorted({aircraft_family(a) for a in incident.aircraft})


def alternatives(incident: Incident) -> dict[str, list[Any]]:
    """Per field, the distinct values claimed, best first: the ledger summarised."""
    out: dict[str, list[Any]] = {}
    for c in incident.claims:
        vals = out.setdefault(c.field, [])
        if c.value not in vals:
            vals.append(c.value)
    return out


def effective_date(report: Report, incident: Incident) -> DateRange:
    """The date a report stands for: its own, or its incident's when it has none."""
    return report.date if report.date.start is not None else incident.date
