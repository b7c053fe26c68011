"""Gazetteer records and feature names: what one row of the gazetteer is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Feature names used in Place.feature (and in the "feature" column).
COUNTRY = "country"
ADM1 = "ADM1"
ADM2 = "ADM2"
CITY = "populated_place"
AIRPORT = "airport"
AIR_BASE = "air_base"
CONTINENT = "continent"
REGION_FEATURES = ("region", "sea", "ocean")
ADMIN_FEATURES = (COUNTRY, ADM1, ADM2)


@dataclass(frozen=True, slots=True)
class GazPlace:
    """One row of the gazetteer."""

    id: int  # GeoNames id when positive; synthetic rows (airports) are negative
    name: str
    feature: str
    country: str | None
    admin1: str | None
    admin2: str | None
    admin1_id: int | None
    admin2_id: int | None
    lat: float | None
    lon: float | None
    population: int
    code: str | None  # ICAO code for airports, fcode for imported rows

    @property
    def geonames_id(self) -> int | None:
        return self.id if self.id > 0 else None


@dataclass(frozen=True, slots=True)
class Candidate:
    place: GazPlace
    matched: str  # the indexed name that matched
    how: str  # "name" | "alt" | "skeleton"


@dataclass(frozen=True, slots=True)
class BuildStats:
    path: Path
    seconds: float
    bytes: int
    rows: int
