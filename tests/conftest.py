"""Shared fixtures: paths to ../shared, a SQLite file and a PostgreSQL schema per session."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WARMONITOR_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "src" / "warmonitor" / "samples"
PG_BASE = os.environ.get("WARMONITOR_TEST_PG", "postgresql://127.0.0.1:5432/test")


def shared_gazetteer_path() -> Path:
    """One gazetteer per source version, shared by every test and test run.

    Building takes tens of seconds; keying the file by the hash of the code and
    lexicons that make it keeps a stale file from ever being reused.
    """
    from warmonitor.geo import gazetteer

    src = Path(gazetteer.__file__)
    digest = hashlib.sha256()
    for module in getattr(gazetteer, "BUILD_SOURCES", (src,)):
        digest.update(Path(module).read_bytes())
    for data in sorted((src.parent / "places_data").glob("*.tsv")):
        digest.update(data.read_bytes())
    folder = Path(tempfile.gettempdir())
    target = folder / f"warmonitor-test-gazetteer-{digest.hexdigest()[:12]}.sqlite"
    # Older versions pile up at 60+ MB each; drop those unused for a day.
    for old in folder.glob("warmonitor-test-gazetteer-*.sqlite"):
        with contextlib.suppress(OSError):
            if old != target and time.time() - old.stat().st_mtime > 86_400:
                old.unlink()
    return target


# Every test, and every CLI subprocess a test starts, shares that one gazetteer.
os.environ.setdefault("WARMONITOR_GAZETTEER", str(shared_gazetteer_path()))


def seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is not present")
    return matches[0]


def postgres_available() -> bool:
    """Whether the test server answers; CI sets WARMONITOR_REQUIRE_PG so a missing one fails."""
    try:
        import psycopg

        with psycopg.connect(PG_BASE, connect_timeout=2):
            return True
    except Exception as err:
        if os.environ.get("WARMONITOR_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL is required here but {PG_BASE} does not answer: {err}")
        return False


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'warmonitor.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on a fresh SQLite file and on a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'warmonitor.sqlite'}"
        return
    yield from fresh_pg_schema()


def fresh_pg_schema() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new schema, dropped afterwards."""
    if not postgres_available():
        pytest.skip(f"no PostgreSQL server answers at {PG_BASE}")
    import psycopg

    schema = f"wm_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_BASE, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
