"""The offline gazetteer: place names to coordinates, in one indexed SQLite file.

Read access lives here (``Gazetteer``, ``open_gazetteer``); building is in
``geo.build``, GeoNames dump import in ``geo.geonames_import``, names in
``geo.names`` and the records in ``geo.places``. Every public name of the former
single module stays importable from here.

Attribution: the place data is derived from GeoNames (https://www.geonames.org/),
licensed under Creative Commons Attribution 4.0; anyone redistributing the built
file or output derived from it must credit GeoNames.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from warmonitor.geo.build import build
from warmonitor.geo.distance import distance_km
from warmonitor.geo.geonames_import import import_geonames
from warmonitor.geo.names import ascii_fold, close_enough, is_latin, normalize, skeleton
from warmonitor.geo.places import (
    ADM1,
    ADM2,
    ADMIN_FEATURES,
    AIR_BASE,
    AIRPORT,
    CITY,
    CONTINENT,
    COUNTRY,
    REGION_FEATURES,
    BuildStats,
    Candidate,
    GazPlace,
)
from warmonitor.geo.storage import (
    _CACHE,
    _CACHE_LOCK,
    ENV_VAR,
    SCHEMA_VERSION,
    data_lines,
    default_path,
    forget,
)

# The old name of the one distance function.
haversine_km = distance_km


class Gazetteer:
    """Read access to a built gazetteer file; safe to share across threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._place_cache: dict[int, GazPlace] = {}
        self._lookup_cache: dict[tuple, list[Candidate]] = {}
        self._area_index: dict[tuple[str, str], GazPlace] | None = None

    def close(self) -> None:
        self._con.close()

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def meta(self) -> dict[str, str]:
        return dict(self._query("SELECT key, value FROM meta", ()))

    def get(self, pid: int) -> GazPlace | None:
        """A place by row id (its GeoNames id when positive)."""
        hit = self._place_cache.get(pid)
        if hit is None:
            rows = self._query(_PLACE_SQL + " WHERE p.id = ?", (pid,))
            if not rows:
                return None
            hit = self._place_cache[pid] = _place(rows[0])
        return hit

    def lookup(self, name: str, *, fuzzy: bool = True, limit: int = 200) -> list[Candidate]:
        """Places whose normalised name equals ``name``'s; skeleton matches when none do."""
        key = normalize(name)
        if not key:
            return []
        ck = (key, fuzzy, limit)
        hit = self._lookup_cache.get(ck)
        if hit is not None:
            return hit
        rows = self._query(
            "SELECT n.place, n.alt, n.key FROM name n WHERE n.key = ? LIMIT ?", (key, limit)
        )
        how = None
        if not rows and fuzzy and len(key) >= 4:
            skel = skeleton(key)
            if len(skel.replace(" ", "")) >= 3:
                rows = self._query(
                    "SELECT n.place, n.alt, n.key FROM name n WHERE n.skel = ? LIMIT ?",
                    (skel, limit),
                )
                rows = [r for r in rows if close_enough(key, r[2])]
                how = "skeleton"
        seen: set[int] = set()
        out: list[Candidate] = []
        for pid, alt, matched in rows:
            if pid in seen:
                continue
            seen.add(pid)
            place = self.get(pid)
            if place is not None:
                out.append(Candidate(place, matched, how or ("alt" if alt else "name")))
        if len(self._lookup_cache) > 50_000:
            self._lookup_cache.clear()
        self._lookup_cache[ck] = out
        return out

    def country(self, iso2: str) -> GazPlace | None:
        """The country row for an ISO 3166-1 alpha-2 code."""
        return self._areas().get((COUNTRY, iso2))

    def continent(self, code: str) -> GazPlace | None:
        """The continent row for a two-letter continent code ("EU", "AF")."""
        return self._areas().get((CONTINENT, code))

    def _areas(self) -> dict[tuple[str, str], GazPlace]:
        # A few hundred rows, read once: countries by ISO code, continents by code.
        if self._area_index is None:
            rows = self._query(
                "SELECT id, feature, country, code FROM place WHERE feature IN (?, ?)",
                (COUNTRY, CONTINENT),
            )
            index: dict[tuple[str, str], GazPlace] = {}
            for pid, feature, country, code in rows:
                key = country if feature == COUNTRY else code
                place = self.get(pid)
                if key and place is not None:
                    index.setdefault((feature, key), place)
            self._area_index = index
        return self._area_index


_PLACE_SQL = (
    "SELECT p.id, p.name, p.feature, p.country, a1.name, a2.name, p.admin1_id, p.admin2_id,"
    " p.lat, p.lon, p.population, p.code FROM place p"
    " LEFT JOIN place a1 ON a1.id = p.admin1_id LEFT JOIN place a2 ON a2.id = p.admin2_id"
)


def _place(row: tuple) -> GazPlace:
    return GazPlace(*row[:10], int(row[10] or 0), row[11])


def _is_current(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == SCHEMA_VERSION


def open_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default: ``default_path()``), built on first use; cached."""
    path = Path(path) if path is not None else default_path()
    key = str(path.resolve())
    with _CACHE_LOCK:
        gaz = _CACHE.get(key)
        if gaz is not None:
            return gaz
        if not path.exists() or not _is_current(path):
            build(path)
        gaz = _CACHE[key] = Gazetteer(path)
        return gaz


# Source files whose content decides what ``build`` writes (tests key a cached file by them).
BUILD_SOURCES = tuple(
    Path(__file__).with_name(name)
    for name in ("names.py", "places.py", "storage.py", "build.py", "gazetteer.py")
)

__all__ = [
    "ADM1",
    "ADM2",
    "ADMIN_FEATURES",
    "AIRPORT",
    "AIR_BASE",
    "BUILD_SOURCES",
    "CITY",
    "CONTINENT",
    "COUNTRY",
    "ENV_VAR",
    "REGION_FEATURES",
    "SCHEMA_VERSION",
    "BuildStats",
    "Candidate",
    "GazPlace",
    "Gazetteer",
    "ascii_fold",
    "build",
    "data_lines",
    "default_path",
    "distance_km",
    "forget",
    "haversine_km",
    "import_geonames",
    "is_latin",
    "normalize",
    "open_gazetteer",
    "skeleton",
]
