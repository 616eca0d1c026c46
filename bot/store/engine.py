"""Connecting to ``DATABASE_URL``, running one transaction at a time, and migrating.

Every transaction body is written once, against SQLAlchemy's synchronous ``Connection`` API, and run by
one of two runners:

- **PostgreSQL** (asyncpg): an ``AsyncEngine``; the body runs through ``AsyncConnection.run_sync``, so it
  is cooperative asyncio code underneath, with no thread.
- **SQLite** (the standard library driver): a synchronous engine whose transactions all run on one
  dedicated thread per process. This is the model aiosqlite uses (a thread per connection), but with one
  hand-off per turn instead of four per statement, which is what lets a turn finish in well under a
  millisecond. SQLite allows one writer at a time anyway; WAL mode lets other processes read meanwhile.

SQLite transactions start with ``BEGIN IMMEDIATE``, so a turn that reads and then writes never meets a lock
it cannot wait for; ``busy_timeout`` makes a second process wait its turn instead of failing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import OperationalError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0005"  # kept equal to Alembic's head by tests/test_store.py; lets start-up skip Alembic
SQLITE_BUSY_TIMEOUT_MS = 30_000

T = TypeVar("T")


class DatabaseUnavailable(Exception):
    """The database cannot be reached or used; the message is one line a person can act on."""


def normalise_url(database_url: str) -> URL:
    """The URL with the driver Kinship uses for its backend."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+pysqlite")
    if backend in {"postgresql", "postgres"}:
        return url.set(drivername="postgresql+asyncpg")
    raise DatabaseUnavailable(f"DATABASE_URL must be sqlite:///… or postgresql://…, not {backend}://…")


def safe_url(database_url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is still worth naming, minus anything before '@'
        return database_url.split("@")[-1]


class Runner(Protocol):
    dialect: str

    async def run(self, body: Callable[[Connection], T]) -> T:
        """Run ``body`` in one transaction: committed if it returns, rolled back if it raises."""
        ...

    async def close(self) -> None: ...


class PostgresRunner:
    """asyncpg through SQLAlchemy's async engine.

    After a PostgreSQL restart every pooled connection is dead: ``pool_pre_ping`` tests each one as it is
    checked out and quietly replaces a dead one, so the first transaction afterwards works. While the server
    is down or starting, connecting fails; asyncpg raises some of those failures itself, unwrapped (for
    example ``CannotConnectNowError``, "the database system is starting up"), so :meth:`run` turns them into
    SQLAlchemy's ``OperationalError`` like every other lost-database error: callers need to know one family.
    """

    dialect = "postgresql"

    def __init__(self, url: URL) -> None:
        from asyncpg import InterfaceError, PostgresError
        from sqlalchemy.ext.asyncio import create_async_engine

        self.engine = create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
        self._driver_errors: tuple[type[Exception], ...] = (PostgresError, InterfaceError)

    async def run(self, body: Callable[[Connection], T]) -> T:
        try:
            async with self.engine.begin() as conn:
                return await conn.run_sync(body)
        except self._driver_errors as exc:  # raised by asyncpg while connecting, before SQLAlchemy wraps anything
            raise OperationalError("connect", None, exc) from exc

    async def close(self) -> None:
        await self.engine.dispose()


class SQLiteRunner:
    dialect = "sqlite"

    def __init__(self, url: URL) -> None:
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # One thread means one connection at a time; every use ends in COMMIT or ROLLBACK, so the pool's
        # extra ROLLBACK on check-in would only cost time.
        self.engine = create_engine(url, pool_reset_on_return=None, connect_args={"check_same_thread": False})
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kinship-sqlite")
        _configure_sqlite(self.engine)

    async def run(self, body: Callable[[Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._transaction, body)

    def _transaction(self, body: Callable[[Connection], T]) -> T:
        with self.engine.begin() as conn:
            return body(conn)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._thread, self.engine.dispose)
        self._thread.shutdown(wait=True)


def _configure_sqlite(engine: Any) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_runner(database_url: str) -> Runner:
    url = normalise_url(database_url)
    return SQLiteRunner(url) if url.get_backend_name() == "sqlite" else PostgresRunner(url)


def current_revision(conn: Connection) -> str | None:
    """The applied migration, or None on an empty database."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config(connection: Connection | None) -> Any:
    from alembic.config import Config as AlembicConfig  # Alembic loads only when a migration must run

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(conn: Connection) -> str | None:
    """Bring the schema to the newest revision; returns the revision it started from."""
    before = current_revision(conn)
    if before != HEAD_REVISION:
        from alembic import command

        command.upgrade(_alembic_config(conn), "head")
    return before


def alembic_head() -> str | None:
    """Alembic's own idea of the head revision (for the test that keeps HEAD_REVISION honest)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
