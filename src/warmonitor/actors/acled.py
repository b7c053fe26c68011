"""ACLED's actor columns (and UCDP's sides) for one event, from its actor phrases.

A convenience for exporters: normalise the perpetrators and victims of one event and fill
``actor1``/``assoc_actor_1``/``inter1``/``actor2``/``assoc_actor_2``/``inter2``/``interaction``/
``civilian_targeting`` as ACLED lays them out, plus UCDP's ``type_of_violence``/``side_a``/``side_b``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from warmonitor.actors.codes import civilian_targeting, interaction, ucdp_type_of_violence
from warmonitor.actors.model import ActorMatch
from warmonitor.actors.normalize import normalize


@dataclass(frozen=True, slots=True)
class EventActors:
    """The normalised sides of one event (each de-duplicated by canonical name, order kept)."""

    side1: tuple[ActorMatch, ...]  # perpetrators: actor1, then assoc_actor_1
    side2: tuple[ActorMatch, ...]  # victims or targets: actor2, then assoc_actor_2

    @property
    def inter1(self) -> int | None:
        return next((m.inter for m in self.side1 if m.inter is not None), None)

    @property
    def inter2(self) -> int | None:
        return next((m.inter for m in self.side2 if m.inter is not None), None)


def _unique(matches: Sequence[ActorMatch]) -> tuple[ActorMatch, ...]:
    seen: set[str] = set()
    out = []
    for match in matches:
        if match.name.casefold() not in seen:
            seen.add(match.name.casefold())
            out.append(match)
    return tuple(out)


def event_actors(
    perpetrators: Sequence[str], victims: Sequence[str], country: str | None = None
) -> EventActors:
    """Normalise both sides of an event; a person (inter None) is kept but never sets a code."""
    side1 = _unique([normalize(p, country, "perpetrator") for p in perpetrators if p.strip()])
    side2 = _unique([normalize(v, country, "victim") for v in victims if v.strip()])
    return EventActors(side1, side2)


def acled_columns(actors: EventActors, event_type: str | None = None) -> dict[str, str]:
    """ACLED's actor columns as strings (empty where unknown)."""
    inter1, inter2 = actors.inter1, actors.inter2
    # ACLED always has an actor1; without one there is no interaction to state.
    code = str(interaction(inter1, inter2)) if inter1 is not None else ""
    return {
        "actor1": actors.side1[0].name if actors.side1 else "",
        "assoc_actor_1": "; ".join(m.name for m in actors.side1[1:]),
        "inter1": str(inter1) if inter1 is not None else "",
        "actor2": actors.side2[0].name if actors.side2 else "",
        "assoc_actor_2": "; ".join(m.name for m in actors.side2[1:]),
        "inter2": str(inter2) if inter2 is not None else "",
        "interaction": code,
        "civilian_targeting": civilian_targeting(actors.side2, event_type),
    }


def ucdp_columns(actors: EventActors) -> dict[str, str]:
    """UCDP's type_of_violence and sides: in state-based violence side_a is the state."""
    kind = ucdp_type_of_violence(actors.inter1, actors.inter2)
    first = actors.side1[0].name if actors.side1 else ""
    second = actors.side2[0].name if actors.side2 else ""
    if kind == 1 and actors.inter1 not in (1, 8) and actors.inter2 in (1, 8):
        first, second = second, first
    return {
        "type_of_violence": str(kind) if kind else "",
        "side_a": first,
        "side_b": second,
    }
