"""Stable numbers for incidents, for the datasets whose ids are numbers (ACLED, UCDP GED)."""

from __future__ import annotations

import hashlib

from warmonitor.export.countries import country

# 48 bits: collisions stay unlikely past a million incidents (p < 0.2 %), and every value is
# below 2**53, so JavaScript and float64 readers keep it exact.
_BITS = 48
UNKNOWN_COUNTRY = "XXX"  # ISO 3166 leaves X-codes to users; ACLED always has a country


def event_number(incident_id: str) -> int:
    """A number derived from the incident id alone: it never changes for an incident."""
    digest = hashlib.sha256(incident_id.encode("utf-8")).hexdigest()
    return int(digest[: _BITS // 4], 16)


def event_id_cnty(incident_id: str, alpha2: str | None) -> str:
    """ACLED's ``event_id_cnty``: the ISO3 code of the country, then the event number."""
    found = country(alpha2)
    return f"{found.alpha3 if found else UNKNOWN_COUNTRY}{event_number(incident_id)}"
