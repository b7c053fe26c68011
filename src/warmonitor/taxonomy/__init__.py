"""Event types and aircraft families.

The event-type table is ``taxonomy.events`` (one ``EventType`` per type, registered in
``registry.event_types``); the names below read it, so a plugin's type is known to
every stage that asks. Aircraft models and families are in ``taxonomy.aircraft``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

import catalogue

from warmonitor import registry
from warmonitor.taxonomy.aircraft import (
    AIRCRAFT_FAMILY,
    DRONE_FAMILIES,
    HELICOPTER_FAMILIES,
    aircraft_family,
    aircraft_kind,
    normalize_aircraft,
)
from warmonitor.taxonomy.events import (
    BUILTIN_EVENT_TYPES,
    DISTINCT_ACT_FAMILIES,
    LINK_FAMILIES,
    EventType,
    register_event_type,
)

ACLED_SUB_EVENT_TYPES = 25
R = TypeVar("R")
FINER_TYPES = tuple(t.name for t in BUILTIN_EVENT_TYPES if t.finer)


# (the registry's keys when last read, a generation number, the types): the generation keys the
# derived caches below, so a type removed and another registered (same registry size) is seen.
_memo: tuple[tuple[Any, ...], int, dict[str, EventType]] = ((), 0, {})


@functools.cache
def _register_entry_points() -> None:
    """Register the types other packages declare as entry points, once per process."""
    for name, value in registry.event_types.get_entry_points().items():
        if not catalogue.check_exists(*registry.event_types.namespace, name):
            registry.event_types.register(name, func=value)


def event_types() -> dict[str, EventType]:
    """Every registered event type by name, built-ins and plugins.

    Read per sentence, so it is memoised until something new is registered
    (catalogue's own ``get_all`` rescans the installed entry points on every call).
    """
    global _memo
    registry.load_builtins("event_types")
    _register_entry_points()
    keys = tuple(catalogue.REGISTRY)
    if _memo[0] != keys:
        namespace = registry.event_types.namespace
        found = {k[-1]: v for k, v in catalogue.REGISTRY.items() if k[:-1] == namespace}
        _memo = (keys, _memo[1] + 1, found)
    return _memo[2]


def event_type(name: str | None) -> EventType | None:
    """The registered type called ``name``; None for an unknown name."""
    return event_types().get(name or "")


def acled_pairs() -> dict[str, tuple[str, str]]:
    """Conflict types -> their ACLED (event_type, sub_event_type) pair (do not mutate)."""
    event_types()  # refreshes the memo; its generation keys the cache below
    return _pairs(_memo[1])


@functools.lru_cache(maxsize=8)
def _pairs(generation: int) -> dict[str, tuple[str, str]]:
    return {name: t.acled for name, t in event_types().items() if t.acled is not None}


class _RegisteredPairs(Mapping[str, tuple[str, str]]):
    """``ACLED_PAIRS`` as link/ and tests read it, answered from the registry on every read."""

    def __getitem__(self, name: str) -> tuple[str, str]:
        return acled_pairs()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(acled_pairs())

    def __len__(self) -> int:
        return len(acled_pairs())

    def __repr__(self) -> str:
        return f"ACLED_PAIRS({acled_pairs()!r})"


ACLED_PAIRS: Mapping[str, tuple[str, str]] = _RegisteredPairs()


def acled_pair(event_type_name: str) -> dict[str, str]:
    """The ACLED pair of one of our types as the record's ``acled`` dict (unknown: "Other")."""
    pairs = acled_pairs()
    event, sub = pairs.get(event_type_name, pairs["other"])
    return {"event_type": event, "sub_event_type": sub}


def _names(flag: str) -> frozenset[str]:
    event_types()  # refreshes the memo; its generation keys the cache below
    return _flagged(flag, _memo[1])


@functools.lru_cache(maxsize=64)
def _flagged(flag: str, generation: int) -> frozenset[str]:
    return frozenset(name for name, t in event_types().items() if getattr(t, flag))


def violent_types() -> frozenset[str]:
    return _names("violent")


def generic_types() -> frozenset[str]:
    return _names("generic")


def splittable_types() -> frozenset[str]:
    return _names("splittable")


def out_of_scope_types() -> frozenset[str]:
    """Types recognised but outside the monitor's scope (``EventType.conflict`` False):
    natural and man-made disasters, ordinary crime, diplomacy."""
    return frozenset(event_types()) - _names("conflict")


def in_conflict_scope(name: str | None) -> bool:
    """Whether a record of type ``name`` is a conflict event (an unknown type counts as one:
    a plugin's type is never hidden for being new)."""
    t = event_type(name)
    return t is None or t.conflict


def select_in_scope(records: Iterable[R], include_out_of_scope: bool = False) -> list[R]:
    """The records (incidents or reports, anything with ``event_type``) a default export
    shows: conflict events only, unless ``include_out_of_scope``."""
    if include_out_of_scope:
        return list(records)
    return [r for r in records if in_conflict_scope(getattr(r, "event_type", None))]


def act_family(name: str | None) -> str | None:
    t = event_type(name)
    return t.act_family if t else None


def link_family(name: str | None) -> str:
    """violence | demonstration | strategic | unknown: the family the linker blocks by."""
    t = event_type(name)
    return t.link_family if t else "unknown"


__all__ = [
    "ACLED_PAIRS",
    "ACLED_SUB_EVENT_TYPES",
    "AIRCRAFT_FAMILY",
    "BUILTIN_EVENT_TYPES",
    "DISTINCT_ACT_FAMILIES",
    "DRONE_FAMILIES",
    "FINER_TYPES",
    "HELICOPTER_FAMILIES",
    "LINK_FAMILIES",
    "EventType",
    "acled_pair",
    "acled_pairs",
    "act_family",
    "aircraft_family",
    "aircraft_kind",
    "event_type",
    "event_types",
    "generic_types",
    "in_conflict_scope",
    "link_family",
    "normalize_aircraft",
    "out_of_scope_types",
    "register_event_type",
    "select_in_scope",
    "splittable_types",
    "violent_types",
]
