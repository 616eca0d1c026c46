"""Creating the async engine for ``DATABASE_URL`` and running migrations.

``sqlite:///path`` and ``postgresql://…`` are accepted as users write them and mapped to the async drivers
(aiosqlite, asyncpg). SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions, so a turn that reads
then writes never meets a lock it cannot wait for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0001"  # kept equal to Alembic's head by tests/test_store.py; lets start-up skip Alembic


class DatabaseUnavailable(Exception):
    """The database cannot be reached or used; the message is one line a person can act on."""


def async_url(database_url: str) -> URL:
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    if backend in {"postgresql", "postgres"}:
        return url.set(drivername="postgresql+asyncpg")
    raise DatabaseUnavailable(f"DATABASE_URL must be sqlite:///… or postgresql://…, not {backend}://…")


def safe_url(database_url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is still worth naming, minus anything after '@'
        return database_url.split("@")[-1]


def create_engine(database_url: str) -> AsyncEngine:
    url = async_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=30000", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


async def current_revision(conn: AsyncConnection) -> str | None:
    """The applied migration, or None on an empty database."""
    has_table = await conn.run_sync(lambda c: c.dialect.has_table(c, "alembic_version"))
    if not has_table:
        return None
    return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config as AlembicConfig  # Alembic loads only when a migration must run

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine) -> str | None:
    """Bring the schema to the newest revision; returns the revision it started from."""
    async with engine.begin() as conn:
        before = await current_revision(conn)
        if before == HEAD_REVISION:
            return before

        def upgrade(sync_connection: Any) -> None:
            from alembic import command

            command.upgrade(_alembic_config(sync_connection), "head")

        await conn.run_sync(upgrade)
        return before


def alembic_head() -> str | None:
    """Alembic's own idea of the head revision (for the test that keeps HEAD_REVISION honest)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
