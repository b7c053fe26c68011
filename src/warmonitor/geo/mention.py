"""A place mention while it is being geoparsed: span, cue, candidates and scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from warmonitor.geo.places import Candidate

# Qualifiers and features that geoparse output carries.
FALLBACK = "fallback"
MIDPOINT = "midpoint"
IN_NAME = "in_name"
DEMONYM = "demonym"
STREET = "street"  # kind of a street or road name, placed at its town
DATELINE = "dateline"  # cue of a story's dateline ("ROSWELL -")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    label: str
    cue: str | None = None  # "countryside" | "near" | "of" | "over" | "in" | "dateline"
    qualifier: str | None = None
    kind_hint: str | None = None  # "admin" | "air" | "street" | "demonym"
    service_after: bool = False  # "Roswell police", "Litchfield Fire Chief"
    cands: list[Candidate] = field(default_factory=list)
    priors: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    choice: int | None = None
    sentence: int = 0
    # The explanation kept for ``geoparse --explain``: why the span is a place (or not),
    # its classifier probability, and the reasons behind each candidate's score.
    p_toponym: float | None = None
    notes: list[str] = field(default_factory=list)
    reasons: list[list[str]] = field(default_factory=list)
    support: list[frozenset[str]] = field(default_factory=list)  # per candidate
