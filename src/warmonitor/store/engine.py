"""Database URLs, engines and schema migration (serialised across processes)."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

MIGRATIONS = Path(__file__).parent / "migrations"
BACKENDS = ("sqlite", "postgresql")
# Any fixed number: every warmonitor process takes this PostgreSQL advisory lock
# to migrate, so two first runs never race on CREATE TABLE.
_MIGRATE_LOCK = 0x7761726D6F6E  # "warmon"


class StoreError(Exception):
    """A database that cannot be used as asked (unknown backend, missing file...)."""


def default_db_url() -> str:
    """``$WARMONITOR_DB``, else a SQLite file in the user's data directory."""
    if env := os.environ.get("WARMONITOR_DB"):
        return env
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('warmonitor', appauthor=False) / 'warmonitor.sqlite'}"


def normalize_db_url(url: str | None) -> str:
    """A SQLAlchemy URL from what a user types: a path, sqlite:///..., postgresql://..."""
    url = url or default_db_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory or another backend)."""
    sa_url = make_url(normalize_db_url(url))
    if sa_url.get_backend_name() != "sqlite" or sa_url.database in (None, "", ":memory:"):
        return None
    return Path(sa_url.database)


def create_db_engine(url: str | None, *, create: bool = True) -> Engine:
    """An engine for the URL. ``create=False``: a SQLite file must exist already."""
    try:
        sa_url = make_url(normalize_db_url(url))
    except ArgumentError as err:
        raise StoreError(f"not a database URL: {url!r}") from err
    backend = sa_url.get_backend_name()
    if backend not in BACKENDS:
        raise StoreError(
            f"unsupported database {backend!r} in {url!r}: use a SQLite file "
            "(a path or sqlite:///PATH) or PostgreSQL (postgresql://HOST/DB)"
        )
    if backend == "postgresql":
        return create_engine(sa_url, pool_pre_ping=True)
    path = sqlite_path(str(sa_url))
    if path is not None:
        if not create and not path.is_file():
            raise StoreError(f"no database at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sa_url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each commit in WAL mode
        cursor.close()

    return engine


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


@contextlib.contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """An exclusive flock on the database's folder while one process migrates it.

    SQLite runs DDL outside a transaction, so without it a second process can see
    half a schema. The folder, not the database file: closing any other handle
    on the database file would drop SQLite's own POSIX locks in this process.
    """
    path = sqlite_path(str(engine.url))
    try:
        import fcntl
    except ImportError:  # no flock (Windows): migrate() retries instead
        yield
        return
    if path is None:
        yield
        return
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # releases the flock


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is there).

    Serialised across processes: an advisory lock on PostgreSQL, a file lock on
    SQLite, and the revision read again once the lock is held.
    """
    from alembic import command

    head = head_revision()
    if current_revision(engine) == head:
        return
    config = _alembic_config()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # DDL is transactional here: all or nothing
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATE_LOCK})
            from alembic.runtime.migration import MigrationContext

            if MigrationContext.configure(connection).get_current_revision() == head:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return
    for attempt in range(3):
        try:
            with _sqlite_migration_lock(engine):
                if current_revision(engine) == head:
                    return
                with engine.begin() as connection:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                return
        except (OperationalError, ProgrammingError):  # no flock here: another process won
            if attempt == 2:
                raise
            time.sleep(0.5 * (attempt + 1))
