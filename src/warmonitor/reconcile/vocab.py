"""Words and patterns reconciliation reads sources and actors by."""

from __future__ import annotations

import re

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

# Who counts as a party or an authority acknowledging an event ("confirmed").
_PARTY_RE = re.compile(
    r"\b(ministry|ministries|minister|army|armed forces|military|government|defen[cs]e|"
    r"state media|state[- ]run|state news|state television|state tv|official news agency|"
    r"spokes(?:man|woman|person)|commander|general staff|police|sheriff|"
    r"pentagon|kremlin|idf|sana|centcom|coalition|prosecutor)\b",
    re.IGNORECASE,
)

# Words that do not tell one source from another.
_SOURCE_NOISE = frozenset(
    [
        "the",
        "a",
        "an",
        "news",
        "agency",
        "agencies",
        "said",
        "says",
        "reported",
        "state-run",
        "state",
        "official",
        "officials",
        "according",
        "to",
        "report",
        "reports",
        "media",
        "outlet",
        "newspaper",
        "daily",
        "wire",
        "service",
    ]
)
_CONNECTORS = frozenset({"for", "of", "the", "and", "in", "on", "de", "al"})

# Perpetrator words too generic to tell two groups apart.
_GENERIC_ACTOR_WORDS = frozenset(
    [
        "forces",
        "force",
        "group",
        "groups",
        "fighters",
        "militants",
        "men",
        "gunmen",
        "gunman",
        "unknown",
        "unidentified",
        "the",
        "of",
        "armed",
        "army",
        "military",
        "troops",
    ]
)
# Weapon words that agree with anything more specific ("missile" and "MANPADS").
_GENERIC_WEAPONS = frozenset(
    {
        "gun",
        "firearm",
        "weapon",
        "missile",
        "rocket",
        "bomb",
        "explosive",
        "ammunition",
        "surface-to-air missile",
        "anti-aircraft missile",
        "projectile",
        "shell",
    }
)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


LIST_FIELDS = ("perpetrators", "targets", "weapons", "aircraft")
