"""Connecting to ``DATABASE_URL``, running one transaction at a time, and migrating.

Every transaction body is written once, against SQLAlchemy's synchronous ``Connection`` API, and run by
one of two runners:

- **PostgreSQL** (asyncpg): an ``AsyncEngine``; the body runs through ``AsyncConnection.run_sync``, so it
  is cooperative asyncio code underneath, with no thread.
- **SQLite** (the standard library driver): a synchronous engine whose transactions run on one dedicated
  thread per process. This is the model aiosqlite uses (a thread per connection), but with one hand-off per
  transaction instead of four per statement. SQLite allows one writer at a time anyway; WAL mode lets other
  processes read meanwhile.

  A *quick* transaction (``run(body, quick=True)``: a turn, a note that replies were posted) runs on the
  event loop itself when the database is free. It takes a few hundred microseconds, less than handing it
  to the thread costs: under load the thread and the loop also take turns at the GIL, which made a turn
  wait far longer than it worked. If another connection holds the write lock, the quick transaction does
  not wait on the loop (its connection has no busy timeout): it goes to the thread and waits there, so the
  loop never blocks on a lock. Long work (the worker's batches, purges, exports) always uses the thread.

SQLite transactions start with ``BEGIN IMMEDIATE``, so a turn that reads and then writes never meets a lock
it cannot wait for; ``busy_timeout`` makes a second process wait its turn instead of failing.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0010"  # kept equal to Alembic's head by tests/test_store.py; lets start-up skip Alembic
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK = 0x4B696E73  # PostgreSQL advisory lock key held while migrating ("Kins")

T = TypeVar("T")


# What a lost or unreachable database raises mid-work (a dropped connection, a server restart, a locked file):
# a turn or pass that meets one says so and leaves its work for later rather than failing with a traceback.
DATABASE_ERRORS = (OperationalError, DBAPIError, OSError, ConnectionError)


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

    async def run(self, body: Callable[[Connection], T], *, quick: bool = False) -> T:
        """Run ``body`` in one transaction: committed if it returns, rolled back if it raises. ``quick``: the
        body is a short transaction (one turn's worth), which a runner may run without a hand-off."""
        ...

    async def close(self) -> None: ...


async def run_migrations(runner: Runner) -> str | None:
    """Bring the schema up to date (see :func:`migrate`); on SQLite without its foreign-key actions, which a
    migration that rebuilds a table would otherwise fire, deleting every row that points to it."""
    if isinstance(runner, SQLiteRunner):
        return await runner.run_migration(migrate)
    return await runner.run(migrate)


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

    async def run(self, body: Callable[[Connection], T], *, quick: bool = False) -> T:
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
        in_memory = database in ("", ":memory:") or url.query.get("mode") == "memory" or "mode=memory" in database
        if not in_memory and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # One thread means one connection at a time; every use ends in COMMIT or ROLLBACK, so the pool's
        # extra ROLLBACK on check-in would only cost time.
        self.engine = create_engine(url, pool_reset_on_return=None, connect_args={"check_same_thread": False})
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kinship-sqlite")
        _configure_sqlite(self.engine, SQLITE_BUSY_TIMEOUT_MS)
        # Quick transactions on the event loop: one connection that never waits for a lock. An in-memory
        # database is private to its connection, so there everything stays on the thread.
        self._loop_engine = None
        self._loop_connection: Connection | None = None
        if not in_memory:
            self._loop_engine = create_engine(
                url, pool_reset_on_return=None, pool_size=1, max_overflow=0, connect_args={"check_same_thread": False}
            )
            _configure_sqlite(self._loop_engine, 0)

    async def run(self, body: Callable[[Connection], T], *, quick: bool = False) -> T:
        if quick and self._loop_engine is not None:
            try:
                return self._on_loop(body)
            except _Locked:
                pass  # another connection is writing: wait for it on the thread, not here
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._transaction, body)

    def _transaction(self, body: Callable[[Connection], T]) -> T:
        with self.engine.connect() as conn, conn.begin():
            _begin_immediate(conn)
            return body(conn)

    async def run_migration(self, body: Callable[[Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._migration, body)

    def _migration(self, body: Callable[[Connection], T]) -> T:
        """A schema change with foreign keys off (SQLite ignores the pragma inside a transaction): Alembic
        changes a column by copying the table and dropping the old one, and with foreign keys on that drop
        deletes every row that points to it (reflections, deliveries, reply handles). The keys are checked
        before the change commits, and switched on again after."""
        with self.engine.connect() as conn:
            driver = conn.connection.driver_connection
            driver.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    _begin_immediate(conn)
                    result = body(conn)
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise IntegrityError("PRAGMA foreign_key_check", None, Exception(f"{len(broken)} rows"))
                return result
            finally:
                driver.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]

    def _on_loop(self, body: Callable[[Connection], T]) -> T:
        """Run ``body`` here; raises :class:`_Locked`, before ``body`` has run at all, when another
        connection holds the write lock. The connection stays checked out between transactions (checking
        it in and out again cost more than a turn's statements); after any failure it is given back."""
        assert self._loop_engine is not None
        conn = self._loop_connection or self._loop_engine.connect()
        self._loop_connection = None
        try:
            with conn.begin():
                try:
                    _begin_immediate(conn)  # fails at once if another connection holds the lock
                except OperationalError as exc:
                    if _is_busy(exc):
                        raise _Locked from None
                    raise
                result = body(conn)
        except BaseException:
            conn.close()
            raise
        self._loop_connection = conn
        return result

    async def close(self) -> None:
        if self._loop_connection is not None:
            self._loop_connection.close()
            self._loop_connection = None
        if self._loop_engine is not None:
            self._loop_engine.dispose()
        await asyncio.get_running_loop().run_in_executor(self._thread, self.engine.dispose)
        self._thread.shutdown(wait=True)


class _Locked(Exception):
    """Another connection holds SQLite's write lock."""


def _is_busy(exc: OperationalError) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY, or one of its extended codes)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_BUSY


def _configure_sqlite(engine: Any, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # _begin_immediate issues BEGIN itself
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            f"busy_timeout={busy_timeout_ms}",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()


def _begin_immediate(conn: Connection) -> None:
    """Start the transaction with the write lock (the driver is left in autocommit mode, so SQLAlchemy's own
    begin sends nothing). Straight to the driver, with its errors wrapped as SQLAlchemy would wrap them, so
    callers see one family of database errors. Not a "begin" event: any connection event makes SQLAlchemy
    look for listeners around every statement, which cost more than the statements' own work."""
    try:
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
    except sqlite3.Error as exc:
        raise DBAPIError.instance("BEGIN IMMEDIATE", None, exc, sqlite3.Error) from exc


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
    """Bring the schema to the newest revision; returns the revision it started from.

    Several processes may start at once after a deploy. On SQLite the transaction's ``BEGIN IMMEDIATE``
    already lets one migrate while the others wait, then find nothing to do. On PostgreSQL nothing locks
    until the first DDL, so whoever finds work to do first takes a transaction-level advisory lock and looks
    again: the others wait for it, then see the new revision."""
    before = current_revision(conn)
    if before != HEAD_REVISION and conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        before = current_revision(conn)
    if before != HEAD_REVISION:
        from alembic import command

        command.upgrade(_alembic_config(conn), "head")
    return before


def alembic_head() -> str | None:
    """Alembic's own idea of the head revision (for the test that keeps HEAD_REVISION honest)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
