"""`python -m bot backup`: an online copy of a SQLite database, taken while turns are being written, restores
with every turn committed before it began; PostgreSQL is refused with the pg_dump command to use instead."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from bot.dialogue import World
from bot.domain.types import Address, Incoming
from bot.store import HEAD_REVISION, Store
from bot.store.tables import people
from bot.turns.handler import Bot
from tests.conftest import sqlite_url
from tests.fakes import FixedClock
from tests.helpers import run_kinship

FILLER_PEOPLE = 50_000  # enough pages that the copy takes a measurable moment


async def _fill(store: Store) -> None:
    created = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [
        {"platform": "filler", "tenant": "t", "user_id": f"f{i}", "conversation": f"c{i}", "created_at": created}
        for i in range(FILLER_PEOPLE)
    ]
    await store.run_on_connection(lambda conn: conn.execute(insert(people), rows))


async def _run_backup(database_url: str, out: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "backup",
        "--out",
        str(out),
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, stdout.decode(), stderr.decode()


class Writer:
    """One new person after another, each through a whole turn; remembers which turns have committed."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.committed: list[str] = []
        self.stop = asyncio.Event()
        self.warmed_up = asyncio.Event()  # set once some turns have committed

    async def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            user = f"u{i}"
            await self.bot.handle(Incoming(Address("console", "local", user, f"console:{user}"), action="lesson"))
            self.committed.append(user)  # handle() returns only after its transaction committed
            i += 1
            if i == 50:
                self.warmed_up.set()
            if i % 20 == 0:
                await asyncio.sleep(0)  # let the backup's process be watched meanwhile


async def _users_in(database_url: str) -> set[str]:
    store = await Store.open(database_url)  # opening migrates and turns WAL on: as Kinship would use it
    try:
        query = select(people.c.user_id).where(people.c.platform == "console")
        return set(await store.run_on_connection(lambda conn: list(conn.execute(query).scalars())))
    finally:
        await store.close()


async def test_a_backup_taken_under_write_load_restores_every_committed_turn(tmp_path: Path, world: World) -> None:
    url = sqlite_url(tmp_path)
    store = await Store.open(url)
    await _fill(store)
    writer = Writer(Bot(store, world, FixedClock()))
    task = asyncio.create_task(writer.run())
    await asyncio.wait_for(writer.warmed_up.wait(), timeout=30)
    before = list(writer.committed)  # every turn committed before the backup started
    copy = tmp_path / "backups" / "kinship-copy.db"
    code, out, err = await _run_backup(url, copy)
    during = len(writer.committed) - len(before)
    writer.stop.set()
    await task
    await store.close()

    assert code == 0, err
    assert "wrote" in out and "integrity ok" in out and f"schema {HEAD_REVISION}" in out
    assert during > 0, "no turn was written while the backup ran"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM people WHERE platform = 'filler'").fetchone() == (FILLER_PEOPLE,)
    restored = await _users_in(f"sqlite:///{copy}")
    assert set(before) <= restored
    assert restored <= set(writer.committed)  # nothing half-written or made up
    assert not copy.with_name(copy.name + ".partial").exists()


async def test_the_restored_copy_is_a_working_database(tmp_path: Path, world: World) -> None:
    url = sqlite_url(tmp_path)
    store = await Store.open(url)
    bot = Bot(store, world, FixedClock())
    amy = Address("console", "local", "amy", "console:amy")
    await bot.handle(Incoming(amy, text="settings"))
    result = run_kinship("backup", "--out", str(tmp_path / "copy.db"), env={"DATABASE_URL": url})
    await store.close()
    assert result.returncode == 0, result.stderr

    restored = await Store.open(f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        replies = await Bot(restored, world, FixedClock()).handle(Incoming(amy, text="lesson"))
        assert replies
        assert await restored.run(lambda tx: tx.find_person(amy)) is not None
    finally:
        await restored.close()


def test_postgresql_is_refused_in_one_line_naming_pg_dump(tmp_path: Path) -> None:
    out = tmp_path / "copy.db"
    result = run_kinship("backup", "--out", str(out), env={"DATABASE_URL": "postgresql://kinship@db.invalid/kinship"})
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "pg_dump --format=custom" in line and "README" in line
    assert not out.exists()


def test_a_missing_database_or_the_database_itself_as_out_is_refused(tmp_path: Path) -> None:
    missing = run_kinship("backup", "--out", str(tmp_path / "c.db"), env={"DATABASE_URL": sqlite_url(tmp_path)})
    assert missing.returncode == 2 and "no such database file" in missing.stderr
    assert len(missing.stderr.splitlines()) == 1
    database = tmp_path / "kinship.db"
    sqlite3.connect(database).close()
    database.write_bytes(b"")  # exists
    itself = run_kinship("backup", "--out", str(database), env={"DATABASE_URL": sqlite_url(tmp_path)})
    assert itself.returncode == 2 and "the database itself" in itself.stderr
