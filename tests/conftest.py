from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text

from bot.dialogue import World
from bot.domain.config import DEMO_ORG_PATH, load_config, postgres_test_url, running_in_ci
from bot.domain.content import load_content
from bot.domain.org import load_organisation
from bot.store import Store
from bot.store.tables import metadata
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock

ROOT = Path(__file__).resolve().parent.parent
# Processes the tests start may share a PostgreSQL database, which needs the shared reporter-key secret;
# the tests of running without it drop it from their own environment.
os.environ.setdefault("KINSHIP_FLAG_KEY", "test-secret-for-reporter-keys-0123456789")


@pytest.fixture(scope="session")
def world() -> World:
    return World.build(load_content(load_config().content_dir), load_organisation(DEMO_ORG_PATH))


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Kinship's wheel, built and installed into a fresh virtualenv outside the checkout, once per run (the
    wheel tests on SQLite and on PostgreSQL share it)."""
    import subprocess

    from bench.wheel import build_wheel, install

    root = tmp_path_factory.mktemp("wheel")
    try:
        wheel = build_wheel(root / "dist")
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"the wheel did not build:\n{exc.stdout}\n{exc.stderr}")
    return install(wheel, root / "venv")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kinship.db'}"


_pg_schema_ready = False


async def postgres_store() -> Store:
    """A migrated, emptied PostgreSQL store; skips (or fails in CI) when none is configured."""
    global _pg_schema_ready
    url = postgres_test_url()
    if not url:
        if running_in_ci():
            pytest.fail("TEST_DATABASE_URL is not set in CI: .ci/run should export it")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    if not _pg_schema_ready:
        fresh = await Store.open(url, run_migrations=False)

        def drop_everything(conn: Connection) -> None:
            # every table in the test database, not only today's: one a later migration dropped would
            # otherwise make the first migrations fail when they create it again
            found = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
            for (name,) in list(found):
                conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))

        await fresh.run_on_connection(drop_everything)
        await fresh.close()
        _pg_schema_ready = True
    store = await Store.open(url)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    await store.run_on_connection(lambda conn: conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE")))
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """The same tests on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set)."""
    store = await Store.open(sqlite_url(tmp_path)) if request.param == "sqlite" else await postgres_store()
    yield store
    await store.close()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(sqlite_url(tmp_path))
    yield store
    await store.close()


@pytest.fixture
async def pg() -> AsyncIterator[Store]:
    """PostgreSQL only (see :func:`postgres_store`), for tests of several processes sharing one database."""
    store = await postgres_store()
    yield store
    await store.close()


@pytest.fixture
def bot(store: Store, world: World, clock: FixedClock) -> Bot:
    return Bot(store, world, clock)


@pytest.fixture
def chat(bot: Bot, clock: FixedClock) -> Chat:
    return Chat(bot.handle, clock)


@pytest.fixture
def lead(bot: Bot, clock: FixedClock) -> Chat:
    return Chat(bot.handle, clock, user="lead")


def pytest_report_header() -> str:
    url = postgres_test_url()
    return f"PostgreSQL tests: {'on' if url else 'off (TEST_DATABASE_URL not set)'}"
