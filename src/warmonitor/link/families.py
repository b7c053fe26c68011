"""Event families and ACLED pairs, as linking compares them."""

from __future__ import annotations

from warmonitor import taxonomy
from warmonitor.records import Report

# --------------------------------------------------------------------------- taxonomy


def acled_pair(event_type: str) -> tuple[str | None, str | None]:
    """The (ACLED event type, sub-event type) of one of our event types."""
    pair = taxonomy.ACLED_PAIRS.get(event_type)
    return pair if pair else (None, None)


def acled_event_type(report: Report) -> str | None:
    """ACLED event type of a report: its own pair, else the taxonomy's."""
    return report.acled.get("event_type") or acled_pair(report.event_type)[0]


def acled_sub_event_type(report: Report) -> str | None:
    return report.acled.get("sub_event_type") or acled_pair(report.event_type)[1]


def event_family(report: Report) -> str:
    """Coarse family for blocking: violence | demonstration | strategic | unknown."""
    # Families that can describe one event in different words (a shooting told as an attack
    # or a clash; a protest and the riot it became) are the taxonomy's LINK_FAMILIES.
    return taxonomy.LINK_FAMILIES.get(acled_event_type(report) or "", "unknown")


def aircraft_family(model: str) -> str:
    """The airframe family of a model ("Mi-17" -> "Mi-8/17")."""
    return taxonomy.aircraft_family(model)
