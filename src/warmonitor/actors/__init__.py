"""Actors normalised: a dictionary we write, with ACLED inter codes, and a normaliser.

``normalize("belonging to the banned BLA", "PAK")`` -> ``BLA: Baloch Liberation Army``, inter 2.
``interaction(1, 7)`` -> 17; ``civilian_targeting(...)`` per ACLED's rule. See docs/actors.md.
"""

from __future__ import annotations

from warmonitor.actors.acled import EventActors, acled_columns, event_actors, ucdp_columns
from warmonitor.actors.codes import (
    CIVILIAN_TARGETING,
    civilian_targeting,
    interaction,
    ucdp_type_of_violence,
)
from warmonitor.actors.dictionary import (
    ENV_EXTRA,
    ActorDictionary,
    ActorDictionaryError,
    build_dictionary,
    default_dictionary,
    load_dictionary,
)
from warmonitor.actors.model import INTER_CODES, KIND_INTER, KINDS, ActorEntry, ActorMatch
from warmonitor.actors.normalize import normalize

__all__ = [
    "CIVILIAN_TARGETING",
    "ENV_EXTRA",
    "INTER_CODES",
    "KINDS",
    "KIND_INTER",
    "ActorDictionary",
    "ActorDictionaryError",
    "ActorEntry",
    "ActorMatch",
    "EventActors",
    "acled_columns",
    "build_dictionary",
    "civilian_targeting",
    "default_dictionary",
    "event_actors",
    "interaction",
    "load_dictionary",
    "normalize",
    "ucdp_columns",
    "ucdp_type_of_violence",
]
