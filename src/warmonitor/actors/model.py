"""What the actor dictionary holds and what the normaliser returns.

Inter codes are ACLED's actor types (codebook, "Actor Names, Types and 'Inter' Codes"); kinds are
ours and a little finer (a jihadist group is a rebel group to ACLED, inter 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

INTER_CODES: dict[int, str] = {
    1: "State Forces",
    2: "Rebel Groups",
    3: "Political Militias",
    4: "Identity Militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other Forces",
}

# Each kind's usual inter code; a dictionary row may say otherwise (a pro-government militia is 3).
KIND_INTER: dict[str, int | None] = {
    "state": 1,
    "rebel": 2,
    "jihadist": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "unidentified": 3,  # ACLED codes "Unidentified Armed Group (X)" as a political militia
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
    "person": None,  # a person is not an actor type; their group is
    "unknown": None,
}
KINDS = tuple(KIND_INTER)

RecordKind = Literal["organization", "individual", "state", "unknown"]


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the dictionary: a canonical name, its type and the ways texts spell it."""

    name: str  # ACLED-style canonical name: "Military Forces of Syria", "Al Shabaab"
    kind: str  # one of KINDS
    inter: int | None  # ACLED inter code 1..8
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-3 codes where it operates; () = anywhere
    parent: str | None = None  # canonical name of the parent or umbrella actor
    aliases: tuple[str, ...] = ()  # surface forms, as written in the data file
    source: str = ""  # "file:line" it came from, for `warmonitor actors show`

    @property
    def home(self) -> str | None:
        """The country whose state this is (state forces only)."""
        return self.countries[0] if self.kind == "state" and self.countries else None


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """The normaliser's answer for one surface form."""

    surface: str  # as given
    name: str  # canonical name, or the cleaned surface form when nothing matched
    inter: int | None  # ACLED inter code; None for a person or an actor we cannot type
    kind: str  # one of KINDS
    country: str | None = None  # ISO3: the actor's country, else the event's
    parent: str | None = None
    guessed: bool = False  # True when the name or code comes from head nouns, not the dictionary
    alias: str | None = None  # the dictionary alias or head phrase that matched (folded)
    notes: tuple[str, ...] = field(default=())  # why, when a context rule changed the code

    @property
    def record_kind(self) -> RecordKind:
        """The kind in the vocabulary of ``records.Actor.kind``."""
        if self.kind == "state":
            return "state"
        if self.kind == "person":
            return "individual"
        if self.kind == "unknown":
            return "unknown"
        return "organization"
