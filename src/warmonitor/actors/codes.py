"""ACLED's interaction and civilian-targeting columns, and UCDP's type of violence, from inter codes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

CIVILIAN_TARGETING = "Civilian targeting"  # the value ACLED writes; empty otherwise
CIVILIANS = 7
_ORGANISED = frozenset({1, 2, 3, 4, 8})  # armed, organised actors (not mobs or crowds)
_STATE_SIDE = frozenset({1, 8})  # own or foreign state forces (8 also holds UN/private forces)
# Event types whose victims can be "targeted civilians" (ACLED: a battle is between armed,
# organised groups; protests and strategic developments target no one).
_TARGETING_EVENT_TYPES = frozenset(
    {"violence against civilians", "explosions/remote violence", "riots"}
)


class _HasInter(Protocol):
    inter: int | None


def _check(code: int) -> int:
    if not isinstance(code, int) or not 1 <= code <= 8:
        raise ValueError(f"not an ACLED inter code (1..8): {code!r}")
    return code


def interaction(inter1: int, inter2: int | None = None) -> int:
    """ACLED's interaction code: the two inter codes, smaller first (12, 17); one actor: 10 x code.

    >>> interaction(7, 1), interaction(2, 2), interaction(6)
    (17, 22, 60)
    """
    first = _check(inter1)
    if inter2 is None or inter2 == 0:
        return first * 10
    second = _check(inter2)
    low, high = sorted((first, second))
    return low * 10 + high


def _code(victim: int | _HasInter | None) -> int | None:
    if victim is None or isinstance(victim, int):
        return victim
    return victim.inter


def civilian_targeting(
    victims: Iterable[int | _HasInter | None], event_type: str | None = None
) -> str:
    """ACLED's ``civilian_targeting``: "Civilian targeting" when civilians are the primary or only target.

    ``victims`` are the inter codes (or matches) of the event's targets. Every "Violence against
    civilians" event targets civilians; an explosion or riot does when all its typed targets are
    civilians; a battle, protest or strategic development never does. Without an event type the
    victims alone decide.
    """
    kind = (event_type or "").strip().casefold()
    if kind == "violence against civilians":
        return CIVILIAN_TARGETING
    if kind and kind not in _TARGETING_EVENT_TYPES:
        return ""
    codes = [c for c in (_code(v) for v in victims) if c is not None]
    if codes and all(c == CIVILIANS for c in codes):
        return CIVILIAN_TARGETING
    return ""


def ucdp_type_of_violence(inter1: int | None, inter2: int | None) -> int | None:
    """UCDP's type_of_violence: 1 state-based, 2 non-state, 3 one-sided; None when UCDP would not code it.

    A mapping from ACLED codes, so approximate: external forces (8) count as a state side, and
    rioters, protesters and lone actors are outside UCDP's organised-violence scope.
    """
    if inter1 is None or inter2 is None:
        return None
    pair = {_check(inter1), _check(inter2)}
    if CIVILIANS in pair:
        other = pair - {CIVILIANS}
        return 3 if other and other <= _ORGANISED else None
    if not pair <= _ORGANISED:
        return None
    if pair & _STATE_SIDE:
        return 1
    return 2
