"""The incident filters as a pure function, so every backend filters alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from warmonitor import taxonomy
from warmonitor.records import Incident, IncidentFilter


def matches(incident: Incident, q: Any) -> bool:
    """Whether an incident passes a filter (an IncidentFilter or any object with its attributes).

    Undated incidents fail a ``since``/``until`` bound, as in SQL. An incident passes
    ``since`` when it ends on or after it, and ``until`` when it starts on or before it.
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
    if (
        not event_type
        and not getattr(q, "include_out_of_scope", False)
        and not taxonomy.in_conflict_scope(incident.event_type)
    ):
        return False
    contested = getattr(q, "contested", None)
    if contested is not None and bool(incident.contested) != contested:
        return False
    grade = getattr(q, "grade", None)
    return not (grade and incident.grade != grade)


def filter_incidents(
    incidents: Iterable[Incident], query: Any = None, **criteria: Any
) -> list[Incident]:
    """Incidents passing ``query`` (an IncidentFilter) or keyword criteria; neither: all of
    them (as ``store.filtered`` with no filter)."""
    if query is None and not criteria:
        return list(incidents)
    q = query if query is not None else IncidentFilter(**criteria)
    return [i for i in incidents if matches(i, q)]
