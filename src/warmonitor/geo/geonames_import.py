"""Adding GeoNames dump files (a country file, allCountries, alternate names) to a built gazetteer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from warmonitor.geo.names import is_latin, normalize, skeleton
from warmonitor.geo.places import ADM1, ADM2, AIR_BASE, AIRPORT, CITY, COUNTRY
from warmonitor.geo.storage import default_path, forget

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


# How often (in lines) the progress callback hears from a running import.
PROGRESS_EVERY = 50_000
Progress = Callable[[int, int], None]  # (bytes read so far, file size in bytes)


def _rows(file: Path, progress: Progress | None = None) -> Iterator[list[str]]:
    total = file.stat().st_size
    done = 0
    with file.open(encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            # Characters, not bytes: close enough for a progress bar, and cheap.
            done += len(line)
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(min(done, total), total)
            line = line.rstrip("\n").rstrip("\r")
            if line and not line.startswith("#"):
                yield line.split("\t")
    if progress is not None:
        progress(total, total)


def import_geonames(file: Path, path: Path | None = None, progress: Progress | None = None) -> int:
    """Add a GeoNames dump file to the gazetteer; returns the number of rows added.

    ``allCountries.txt`` or a country file (``SY.txt``: 19 tab-separated columns)
    adds places; ``alternateNamesV2.txt`` (10 columns, or the older 8-column
    ``alternateNames.txt``) adds names to places already present. The kind is
    told by the column count of the first data line. ``progress(done, total)``,
    when given, is called every ``PROGRESS_EVERY`` lines with bytes read and the
    file's size (the CLI draws its progress bar from it), and once at the end.
    """
    file = Path(file)
    path = Path(path) if path is not None else default_path()
    from warmonitor.geo.gazetteer import open_gazetteer

    open_gazetteer(path)  # builds it first when missing
    forget(path)
    rows = _rows(file, progress)
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
            if is_latin(n):
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
        if lang in _SKIP_LANGS or not name or not is_latin(name):
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
