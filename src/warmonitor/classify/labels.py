"""What the learned layer can say about a candidate event mention.

Every label is one of three kinds: an ACLED sub-event type (a specific conflict event that
happened), a non-event (the words of an event without one), or an out-of-scope happening
(recognised and named, but not a conflict incident).
"""

from __future__ import annotations

from typing import Literal

from warmonitor.taxonomy import ACLED_PAIRS, FINER_TYPES

LabelKind = Literal["event", "non_event", "out_of_scope"]

# The 25 ACLED sub-event types, in the taxonomy's order (finer types map onto these).
EVENT_LABELS: tuple[str, ...] = tuple(t for t in ACLED_PAIRS if t not in FINER_TYPES)

NON_EVENT_LABELS: tuple[str, ...] = (
    "negated",  # negated or denied: "Russia has not agreed to the ceasefire"
    "planned",  # planned, threatened, expected, conditional: "threatened to attack"
    "hypothetical",  # imagined or simulated: "an attack would kill thousands"
    "statistic",  # aggregate or trend: "deaths surged from 88 in 2023"
    "figurative",  # sports, politics, firefighting: "battle against inflation"
    "rhetoric",  # accusation or condemnation with no act told
    "historical",  # a past event named as background
)

OUT_OF_SCOPE_LABELS: tuple[str, ...] = (
    "natural_disaster",
    "man_made_disaster",
    "organized_crime",
    "diplomatic_event",
)

ALL_LABELS: tuple[str, ...] = EVENT_LABELS + NON_EVENT_LABELS + OUT_OF_SCOPE_LABELS


def label_kind(label: str) -> LabelKind:
    """Which of the three kinds a label is; unknown labels are refused."""
    if label in EVENT_LABELS:
        return "event"
    if label in NON_EVENT_LABELS:
        return "non_event"
    if label in OUT_OF_SCOPE_LABELS:
        return "out_of_scope"
    raise ValueError(f"unknown classifier label {label!r}")


def acled_label(event_type: str) -> str:
    """The ACLED sub-event label of one of our event types ("aircraft_downed" -> "armed_clash")."""
    if event_type in EVENT_LABELS:
        return event_type
    pair = ACLED_PAIRS.get(event_type)
    if pair is None:
        return "other"
    for label in EVENT_LABELS:
        if ACLED_PAIRS[label] == pair:
            return label
    return "other"


__all__ = [
    "ALL_LABELS",
    "EVENT_LABELS",
    "NON_EVENT_LABELS",
    "OUT_OF_SCOPE_LABELS",
    "acled_label",
    "label_kind",
]
