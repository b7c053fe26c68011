"""Event families and ACLED pairs, as linking compares them."""

from __future__ import annotations

from warmonitor import taxonomy
from warmonitor.records import Report

# Families that can describe the same event in different words: a shooting can
# be told as an attack or a clash, an air strike as shelling; a protest and the
# riot it turned into are one event. Strategic developments stand apart.
_FAMILY: dict[str, str] = {
    "Battles": "violence",
    "Violence against civilians": "violence",
    "Explosions/Remote violence": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}

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
    return _FAMILY.get(acled_event_type(report) or "", "unknown")


def aircraft_family(model: str) -> str:
    """The airframe family of a model ("Mi-17" -> "Mi-8/17")."""
    return taxonomy.aircraft_family(model)
