"""Who a claim comes from: source keys and parties."""

from __future__ import annotations

import re

from warmonitor.reconcile.vocab import (
    _CONNECTORS,
    _PARTY_RE,
    _SOURCE_NOISE,
)

# --------------------------------------------------------------------------- sources


def source_key(name: str | None) -> str | None:
    """A canonical key for a source name: "SANA" == "Syrian Arab News Agency" == "state agency SANA"."""
    if not name:
        return None
    caps = re.findall(r"\b[A-Z]{2,6}\b", name)
    if caps:
        return caps[-1].lower()
    # A possessive alone ("’s" after a split) leaves an empty word: drop it, never index it.
    words = [re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w'’-]+", name)]
    words = [w for w in words if w.strip("'’-")]
    capitalised = [w for w in words if w[0].isupper() and w.lower() not in _CONNECTORS]
    if len(capitalised) >= 3:  # "Syrian Arab News Agency" -> "sana"
        return "".join(w[0] for w in capitalised).lower()
    words = [w for w in words if w.lower() not in _SOURCE_NOISE]
    if not words:
        return name.strip().lower()
    return " ".join(w.lower() for w in words)


def is_party(name: str | None) -> bool:
    """Whether a quoted source is a party to the event or an authority (ministry, army, police)."""
    return bool(name and _PARTY_RE.search(name))
