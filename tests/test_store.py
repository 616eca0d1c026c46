"""The store on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set): same behaviour on both."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from bot.store import HEAD_REVISION, DatabaseUnavailable, Store
from bot.store.engine import alembic_head, current_revision
from bot.store.tables import flags, metadata
from bot.types import Address

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
AMY = Address("slack", "T1", "U_AMY", "D_AMY")


def test_head_revision_constant_matches_alembic() -> None:
    assert alembic_head() == HEAD_REVISION


async def test_migrated_schema_matches_the_table_definitions(any_store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    async with any_store.engine.connect() as conn:
        assert await current_revision(conn) == HEAD_REVISION
        diff = await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c), metadata))
    assert diff == []


async def test_migrate_is_idempotent(any_store: Store) -> None:
    again = await Store.open(any_store.database_url)
    await again.close()


async def test_person_is_created_once_and_remembers_settings(any_store: Store) -> None:
    async with any_store.transaction() as tx:
        first = await tx.person(AMY, NOW, "Europe/London")
        await tx.update_person(first.id, {"nudge_time": time(7, 15), "nudge_days": frozenset({5, 6}),
                                          "subscribed": True, "paused_until": date(2026, 12, 1),
                                          "next_due_at": NOW + timedelta(days=1), "state": {"mode": "reflect"}})
    async with any_store.transaction() as tx:
        again = await tx.person(AMY, NOW, "Europe/London")
    assert first.is_new and not again.is_new and again.id == first.id
    assert (again.nudge_time, again.nudge_days, again.subscribed) == (time(7, 15), frozenset({5, 6}), True)
    assert again.paused_until == date(2026, 12, 1)
    assert again.next_due_at == NOW + timedelta(days=1) and again.next_due_at.tzinfo is not None
    assert again.state == {"mode": "reflect"}


async def test_unknown_person_setting_is_refused(any_store: Store) -> None:
    async with any_store.transaction() as tx:
        person = await tx.person(AMY, NOW, "Europe/London")
        with pytest.raises(ValueError, match="not a person setting"):
            await tx.update_person(person.id, {"user_id": "someone-else"})


async def test_event_ids_are_claimed_once(any_store: Store) -> None:
    async with any_store.transaction() as tx:
        assert await tx.claim_event("slack:Ev1", NOW)
        assert not await tx.claim_event("slack:Ev1", NOW)
        assert await tx.claim_event("slack:Ev2", NOW)


async def test_reflections_are_private_to_their_author(any_store: Store) -> None:
    ben = Address("slack", "T1", "U_BEN", "D_BEN")
    async with any_store.transaction() as tx:
        amy, other = await tx.person(AMY, NOW, "UTC"), await tx.person(ben, NOW, "UTC")
        mine = await tx.add_reflection(amy.id, "p1", "mine", NOW)
        await tx.add_reflection(other.id, "p1", "theirs", NOW)
        assert [r.text for r in await tx.reflections(amy.id)] == ["mine"]
        assert not await tx.delete_reflection(other.id, mine)  # nobody can delete someone else's
        assert await tx.delete_reflection(amy.id, mine)


async def test_flags_are_visible_only_when_released_for_the_leads_units(any_store: Store) -> None:
    async with any_store.transaction() as tx:
        now_flag = await tx.insert_flag(unit="ward-7", category="exclusion", occurred="today",
                                        submitted_week=date(2026, 11, 23), danger=False, description="d",
                                        release_at=NOW)
        await tx.insert_flag(unit="ward-7", category="exclusion", occurred="today",
                             submitted_week=date(2026, 11, 23), danger=False, description="later",
                             release_at=NOW + timedelta(days=1))
        await tx.insert_flag(unit="theatres", category="exclusion", occurred="today",
                             submitted_week=date(2026, 11, 23), danger=False, description="other unit",
                             release_at=NOW)
        seen = await tx.released_flags(["ward-7"], NOW)
        assert [f.id for f in seen] == [now_flag.id]
        assert await tx.flag_counts(["ward-7"], NOW) == {("ward-7", "exclusion"): 1}
        assert await tx.released_flag(now_flag.id, ["theatres"], NOW) is None
        assert len(now_flag.case_code) == 8


async def test_withdrawn_flag_loses_its_words_and_handle(any_store: Store) -> None:
    async with any_store.transaction() as tx:
        flag = await tx.insert_flag(unit="ward-7", category="exclusion", occurred="today",
                                    submitted_week=date(2026, 11, 23), danger=False, description="words",
                                    release_at=NOW)
        await tx.add_handle(flag.id, AMY, NOW + timedelta(days=90))
        assert await tx.withdraw_flag(flag.case_code.lower())
        assert not await tx.withdraw_flag(flag.case_code)
        row = (await tx.conn.execute(select(flags))).one()
        assert (row.status, row.description) == ("withdrawn", "")
        assert await tx.released_flags(["ward-7"], NOW) == []


async def test_flag_table_has_no_column_that_could_identify_a_reporter(any_store: Store) -> None:
    async with any_store.engine.connect() as conn:
        columns = await conn.run_sync(lambda c: {col["name"] for col in sa_inspect(c).get_columns("flags")})
    assert columns.isdisjoint({"user_id", "user", "platform", "tenant", "conversation", "ref", "person_id",
                               "reporter", "created_at"})


async def test_delete_person_removes_their_reflections_and_handles(any_store: Store) -> None:
    async with any_store.transaction() as tx:
        person = await tx.person(AMY, NOW, "UTC")
        await tx.add_reflection(person.id, "p1", "text", NOW)
        flag = await tx.insert_flag(unit="ward-7", category="exclusion", occurred="today",
                                    submitted_week=date(2026, 11, 23), danger=False, description="",
                                    release_at=NOW)
        await tx.add_handle(flag.id, AMY, NOW + timedelta(days=90))
        await tx.delete_person(person.id, AMY)
    async with any_store.transaction() as tx:
        assert (await tx.person(AMY, NOW, "UTC")).is_new
        assert await tx.count_reflections(person.id) == 0
        assert await tx.flag_by_code(flag.case_code) is not None  # the anonymous flag itself stays


async def test_unreachable_database_is_one_clear_line() -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        await Store.open("postgresql://kinship:secret@127.0.0.1:1/nowhere")
    message = str(caught.value)
    assert "\n" not in message and "secret" not in message
    assert "127.0.0.1:1" in message and "DATABASE_URL" in message
