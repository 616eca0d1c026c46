"""The store on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set): same behaviour on both."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from subprocess import PIPE

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy import inspect as sa_inspect

from bot.domain.records import Cell
from bot.domain.types import Address
from bot.store import HEAD_REVISION, DatabaseUnavailable, Store, Tx
from bot.store.engine import alembic_head, current_revision
from bot.store.tables import flags, metadata
from tests.conftest import sqlite_url
from tests.servers import spawn_kinship

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
AMY = Address("slack", "T1", "U_AMY", "D_AMY")
BEN = Address("slack", "T1", "U_BEN", "D_BEN")


def add_flag(tx: Tx, unit: str = "ward-7", release_at: datetime = NOW, description: str = "d"):
    return tx.insert_flag(
        unit=unit,
        category="exclusion",
        occurred="today",
        submitted_week=date(2026, 11, 23),
        danger=False,
        description=description,
        release_at=release_at,
    )


def test_head_revision_constant_matches_alembic() -> None:
    assert alembic_head() == HEAD_REVISION


async def test_migrated_schema_matches_the_table_definitions(any_store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    ours = set(metadata.tables) | {"alembic_version"}

    def only_ours(name: str | None, kind: str, parent: dict[str, str | None]) -> bool:
        """slack_sdk's installation tables share the database by design; they are not Kinship's schema."""
        if kind == "schema":
            return True
        table = name if kind == "table" else parent.get("table_name")
        return table in ours

    def check(conn: Connection) -> None:
        assert current_revision(conn) == HEAD_REVISION
        context = MigrationContext.configure(conn, opts={"include_name": only_ours})
        assert compare_metadata(context, metadata) == []

    await any_store.run_on_connection(check)


async def test_migrate_is_idempotent(any_store: Store) -> None:
    again = await Store.open(any_store.database_url)
    await again.close()


async def test_person_is_created_once_and_remembers_settings(any_store: Store) -> None:
    def create(tx: Tx):
        first = tx.person(AMY, NOW, "Europe/London")
        tx.update_person(
            first.id,
            {
                "nudge_time": time(7, 15),
                "nudge_days": frozenset({5, 6}),
                "subscribed": True,
                "paused_until": date(2026, 12, 1),
                "next_due_at": NOW + timedelta(days=1),
                "state": {"mode": "reflect"},
            },
        )
        return first

    first = await any_store.run(create)
    again = await any_store.run(lambda tx: tx.person(AMY, NOW, "Europe/London"))
    assert first.is_new and not again.is_new and again.id == first.id
    assert (again.nudge_time, again.nudge_days, again.subscribed) == (time(7, 15), frozenset({5, 6}), True)
    assert again.paused_until == date(2026, 12, 1)
    assert again.next_due_at == NOW + timedelta(days=1) and again.next_due_at.tzinfo is not None
    assert again.state == {"mode": "reflect"}


async def test_a_new_conversation_reference_is_remembered(any_store: Store) -> None:
    await any_store.run(lambda tx: tx.person(AMY, NOW, "UTC"))
    moved = Address("slack", "T1", "U_AMY", "D_NEW", ref='{"channel": "D_NEW"}')
    await any_store.run(lambda tx: tx.person(moved, NOW, "UTC"))
    again = await any_store.run(lambda tx: tx.person(moved, NOW, "UTC"))
    assert (again.conversation, again.ref) == ("D_NEW", '{"channel": "D_NEW"}')


async def test_unknown_person_setting_is_refused_and_the_transaction_rolls_back(any_store: Store) -> None:
    def bad(tx: Tx) -> None:
        person = tx.person(AMY, NOW, "Europe/London")
        tx.update_person(person.id, {"user_id": "someone-else"})

    with pytest.raises(ValueError, match="not a person setting"):
        await any_store.run(bad)
    assert (await any_store.run(lambda tx: tx.person(AMY, NOW, "UTC"))).is_new  # nothing was kept


async def test_event_ids_are_claimed_once(any_store: Store) -> None:
    def claims(tx: Tx) -> list[bool]:
        return [tx.claim_event("slack:Ev1", NOW), tx.claim_event("slack:Ev1", NOW), tx.claim_event("slack:Ev2", NOW)]

    assert await any_store.run(claims) == [True, False, True]
    assert await any_store.run(lambda tx: tx.claim_event("slack:Ev1", NOW)) is False


async def test_reflections_are_private_to_their_author(any_store: Store) -> None:
    def body(tx: Tx) -> None:
        amy, ben = tx.person(AMY, NOW, "UTC"), tx.person(BEN, NOW, "UTC")
        mine = tx.add_reflection(amy.id, "p1", "mine", NOW)
        tx.add_reflection(ben.id, "p1", "theirs", NOW)
        assert [r.text for r in tx.reflections(amy.id)] == ["mine"]
        assert not tx.delete_reflection(ben.id, mine)  # nobody can delete someone else's
        assert tx.delete_reflection(amy.id, mine)

    await any_store.run(body)


async def test_flags_are_visible_only_when_released_for_the_leads_units(any_store: Store) -> None:
    def body(tx: Tx) -> None:
        released = add_flag(tx)
        add_flag(tx, release_at=NOW + timedelta(days=1), description="later")
        add_flag(tx, unit="theatres", description="other unit")
        assert [f.id for f in tx.released_flags(["ward-7"], NOW)] == [released.id]
        month = NOW.date().replace(day=1)
        assert tx.monthly_cells(["ward-7"], [month], NOW) == {
            ("ward-7", month, "exclusion"): Cell(1),  # the later flag and the other unit's are not counted
            ("ward-7", month, "*"): Cell(1),
        }
        assert tx.released_flag(released.id, ["theatres"], NOW) is None
        assert len(released.case_code) == 12 and tx.flag_by_code(released.case_code.lower()) == released

    await any_store.run(body)


async def test_withdrawn_flag_loses_its_words_and_handle(any_store: Store) -> None:
    def body(tx: Tx) -> None:
        flag = add_flag(tx, description="words")
        tx.add_handle(flag.id, AMY, NOW + timedelta(days=90))
        assert tx.withdraw_flag(flag.case_code.lower())
        assert not tx.withdraw_flag(flag.case_code)
        row = tx.conn.execute(select(flags)).one()
        assert (row.status, row.description) == ("withdrawn", "")
        assert tx.released_flags(["ward-7"], NOW) == []

    await any_store.run(body)


async def test_flag_table_has_no_column_that_could_identify_a_reporter(any_store: Store) -> None:
    columns = await any_store.run_on_connection(
        lambda conn: {col["name"] for col in sa_inspect(conn).get_columns("flags")}
    )
    assert columns.isdisjoint(
        {"user_id", "user", "platform", "tenant", "conversation", "ref", "person_id", "reporter", "created_at"}
    )


async def test_delete_person_removes_their_reflections_and_handles(any_store: Store) -> None:
    def body(tx: Tx):
        person = tx.person(AMY, NOW, "UTC")
        tx.add_reflection(person.id, "p1", "text", NOW)
        flag = add_flag(tx)
        tx.add_handle(flag.id, AMY, NOW + timedelta(days=90))
        tx.delete_person(person.id, AMY)
        return person, flag

    person, flag = await any_store.run(body)

    def after(tx: Tx) -> None:
        assert tx.person(AMY, NOW, "UTC").is_new
        assert tx.count_reflections(person.id) == 0
        assert tx.flag_by_code(flag.case_code) is not None  # the anonymous flag itself stays

    await any_store.run(after)


async def test_unreachable_database_is_one_clear_line() -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        await Store.open("postgresql://kinship:secret@127.0.0.1:1/nowhere")
    message = str(caught.value)
    assert "\n" not in message and "secret" not in message
    assert "127.0.0.1:1" in message and "DATABASE_URL" in message


async def test_unusable_sqlite_path_is_one_clear_line(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailable) as caught:
        await Store.open(f"sqlite:///{blocker}/kinship.db")
    assert "cannot use its database" in str(caught.value)


async def test_a_quick_transaction_commits_or_rolls_back_as_a_whole(any_store: Store) -> None:
    def claim_then_fail(tx: Tx) -> None:
        tx.claim_event("slack:Ev-quick", NOW)
        raise ValueError("the turn went wrong")

    with pytest.raises(ValueError):
        await any_store.run(claim_then_fail, quick=True)
    assert await any_store.run(lambda tx: tx.claim_event("slack:Ev-quick", NOW), quick=True) is True  # nothing kept
    assert await any_store.run(lambda tx: tx.claim_event("slack:Ev-quick", NOW)) is False  # ... and this was kept


async def test_a_quick_transaction_waits_for_another_writer_without_stopping_the_server(tmp_path) -> None:
    """Another process (``python -m bot purge``, say) holds SQLite's write lock: a turn waits for it, and the
    event loop goes on serving everyone else meanwhile. Then the turn is saved."""
    store = await Store.open(sqlite_url(tmp_path))
    other = sqlite3.connect(tmp_path / "kinship.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        turn = asyncio.create_task(store.run(lambda tx: tx.claim_event("slack:Ev-locked", NOW), quick=True))
        others_served = 0
        for _ in range(20):  # the loop is free: other requests get their turn while this one waits
            await asyncio.sleep(0.01)
            others_served += 1
        assert others_served == 20 and not turn.done()
        other.execute("COMMIT")
        assert await turn is True
        assert await store.run(lambda tx: tx.claim_event("slack:Ev-locked", NOW), quick=True) is False
    finally:
        other.close()
        await store.close()


async def test_processes_starting_together_migrate_once(any_store: Store) -> None:
    """After a deploy several processes start at once on an empty database: each `python -m bot migrate` (what
    `serve` and `worker` also do first) succeeds, and the schema ends at the newest revision."""

    def drop_everything(conn: Connection) -> None:
        cascade = " CASCADE" if conn.dialect.name == "postgresql" else ""
        for table in reversed(metadata.sorted_tables):
            conn.execute(text(f'DROP TABLE IF EXISTS "{table.name}"{cascade}'))
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))

    await any_store.run_on_connection(drop_everything)
    env = {**os.environ, "DATABASE_URL": any_store.database_url}
    starts = [await spawn_kinship("migrate", env=env, stderr=PIPE) for _ in range(4)]
    outcomes = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in starts)), 60)
    assert [p.returncode for p in starts] == [0] * 4, [err.decode() for _, err in outcomes]
    assert await any_store.run_on_connection(current_revision) == HEAD_REVISION
    assert await any_store.run(lambda tx: tx.claim_event("slack:Ev-after-deploy", NOW)) is True
