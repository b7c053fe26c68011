"""Where the gazetteer file lives, its schema, and the data files shipped with the package."""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warmonitor.geo.gazetteer import Gazetteer

SCHEMA_VERSION = "6"
ENV_VAR = "WARMONITOR_GAZETTEER"

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


def data_lines(name: str) -> list[str]:
    path = _data_file(name)
    if not path.exists():
        return []
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


# Open gazetteers by resolved path, shared by every caller in the process.
_CACHE: dict[str, Gazetteer] = {}
_CACHE_LOCK = threading.Lock()


def forget(path: Path) -> None:
    """Close and drop the cached reader of ``path`` (after the file was rebuilt or edited)."""
    gaz = _CACHE.pop(str(path.resolve()), None)
    if gaz is not None:
        gaz.close()
