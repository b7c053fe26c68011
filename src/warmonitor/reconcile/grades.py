"""Grades after Airwars: independent sources, acknowledgement, contest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from warmonitor.reconcile.sources import is_party, source_key
from warmonitor.records import (
    Grade,
    Report,
)

# --------------------------------------------------------------------------- grade


def independent_sources(reports: Sequence[Report], outlets: Mapping[str, str | None]) -> set[str]:
    """Distinct independent sources behind the reports.

    A report that attributes what it says counts as the sources it quotes; one
    that does not counts as its outlet. So two outlets relaying the same agency
    count once, and one article quoting two monitors counts twice.
    """
    found: set[str] = set()
    for r in reports:
        quoted = {source_key(e.attributed_to) for e in r.evidence if e.attributed_to}
        quoted.discard(None)
        if quoted:
            found |= quoted  # type: ignore[arg-type]
        else:
            found.add(source_key(outlets.get(r.document_id)) or f"document:{r.document_id}")
    return found


def grade_of(
    reports: Sequence[Report], outlets: Mapping[str, str | None], contested_who_or_what: bool
) -> Grade:
    if contested_who_or_what:
        return "contested"
    for r in reports:
        for e in r.evidence:
            if not e.hedged and is_party(e.attributed_to):
                return "confirmed"
    return "fair" if len(independent_sources(reports, outlets)) >= 2 else "weak"
