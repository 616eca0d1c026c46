"""Upgrades from every earlier schema: a database made at each revision before head, with data in every table
that revision has, is brought to head by the real `python -m bot migrate` and is still whole and usable:
the person loads with their settings, reflections and nudges are kept, the flag still reaches a lead, a
follow-up handle and owed replies still work, and new writes succeed. On SQLite, and on PostgreSQL when
TEST_DATABASE_URL is set (the test drops every table before and after, as conftest's store expects)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection, inspect, text

from bot.dialogue import World
from bot.domain.config import postgres_test_url, running_in_ci
from bot.domain.records import days_to_mask
from bot.domain.types import Address, Incoming, Reply
from bot.store import Store
from bot.store.codec import encode_address, encode_replies
from bot.store.engine import HEAD_REVISION, _alembic_config, current_revision
from bot.store.tables import metadata
from bot.turns.handler import Bot
from tests.conftest import sqlite_url
from tests.fakes import FixedClock
from tests.helpers import run_kinship

REVISIONS = ["0001", "0002", "0003", "0004", "0005", "0006"]
NOW = datetime.now(UTC).replace(microsecond=0)  # the 0006 migration dates look-backs from the real today
TODAY = NOW.date()
WEEK = TODAY - timedelta(days=TODAY.weekday())
AMY = Address("console", "local", "amy", "console:amy")
LEAD = Address("console", "local", "lead", "console:lead")
CODE = "K7MNPQ23"  # an eight-symbol code, as made before issue 16
LESSON = "kindness-needs-knowledge"
WORDS = "[name] left me out of the handover again"
REFLECTION = "I stayed with the new starter through the handover."
NUDGE_DAYS = frozenset({0, 2, 4})
TYPES: list[tuple[type, Any]] = [(bool, sa.Boolean), (datetime, sa.DateTime), (date, sa.Date), (int, sa.Integer)]


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)  # stored as naive UTC (see tables.UTCDateTime)


def _type(value: Any) -> Any:
    return next((kind for py, kind in TYPES if isinstance(value, py)), sa.Text)


def _insert(conn: Connection, name: str, values: dict[str, Any], key: str | None = "id") -> Any:
    """Insert one row with columns typed from their values (so both drivers bind them alike); its new key."""
    table = sa.table(name, *(sa.column(k, _type(v)) for k, v in values.items()), *([sa.column(key)] if key else []))
    statement = table.insert().values(values)
    if key is None:
        conn.execute(statement)
        return None
    return conn.execute(statement.returning(table.c[key])).scalar_one()


def _since(n: int, revision: int, **columns: Any) -> dict[str, Any]:
    """Columns that exist only from ``revision`` on."""
    return columns if n >= revision else {}


def _seed_people(conn: Connection, n: int) -> int:
    person = {
        "platform": "console",
        "tenant": "local",
        "user_id": "amy",
        "conversation": "console:amy",
        "ref": "",
        "created_at": _naive(NOW - timedelta(days=30)),
        "timezone": "Europe/Paris",
        "nudge_time": "07:15",
        "nudge_days": days_to_mask(NUDGE_DAYS),
        "subscribed": True,
        "next_due_at": _naive(NOW + timedelta(days=1)),
        "lesson_position": 3,
        "last_lesson_id": LESSON,
        "last_lesson_on": TODAY - timedelta(days=2),
        "state": "{}",
        **_since(n, 2, quiet_start="22:00", quiet_end="06:00", unanswered=1, checkin_sent=False),
        **_since(n, 3, timezone_chosen=True),
        **_since(n, 6, last_shown=f"lesson:{LESSON}", last_recap_on=TODAY - timedelta(days=1)),
    }
    amy = _insert(conn, "people", person)
    lead = {"user_id": "lead", "conversation": "console:lead", "created_at": person["created_at"]}
    _insert(conn, "people", {"platform": "console", "tenant": "local", **lead})
    _insert(conn, "reflections", {"person_id": amy, "prompt_id": "p1", "text": REFLECTION, "created_at": _naive(NOW)})
    if n >= 2:
        for day, status in ((TODAY - timedelta(days=2), "sent"), (TODAY + timedelta(days=1), "pending")):
            due = _naive(datetime.combine(day, time(6, 15), UTC))
            sent = {"kind": "lesson", "lesson_id": LESSON, "sent_at": due, "attempts": 1} if status == "sent" else {}
            _insert(conn, "deliveries", {"person_id": amy, "local_date": day, "due_at": due, "status": status, **sent})
    if n >= 6:
        recap = {"first_on": TODAY - timedelta(days=2), "recalled": 1, "due_on": TODAY + timedelta(days=1)}
        _insert(conn, "lesson_recaps", {"person_id": amy, "lesson_id": LESSON, **recap}, key=None)
    return int(amy)


def _seed_flags(conn: Connection, n: int) -> None:
    flag = {
        "case_code": CODE,
        "unit": "ward-7",
        "category": "exclusion",
        "occurred": "this-week",
        "submitted_week": WEEK,
        "danger": False,
        "description": WORDS,
        "status": "new",
        "release_at": _naive(NOW - timedelta(hours=1)),
        **_since(n, 4, submitted_month=WEEK.replace(day=1)),
    }
    flag_id = _insert(conn, "flags", flag)
    handle = {"platform": "console", "tenant": "local", "user_id": "amy", "conversation": "console:amy", "ref": ""}
    _insert(conn, "flag_handles", {"flag_id": flag_id, **handle, "expires_at": _naive(NOW + timedelta(days=30))})
    audit = {"lead_platform": "console", "lead_user": "lead", "action": "open", "unit": "ward-7"}
    _insert(conn, "lead_audit", {"at": _naive(NOW), **audit, "flag_id": flag_id, "detail": "opened 1"})
    if n >= 4:
        message = {"sender": "lead", "text": "Thank you for telling us.", "relay": "sent"}
        _insert(conn, "flag_messages", {"flag_id": flag_id, **message, "created_at": _naive(NOW)})
        cell = {"month": WEEK.replace(day=1), "unit": "ward-7", "category": "exclusion", "token": "a" * 64}
        _insert(conn, "flag_cell_reporters", cell, key=None)
        _insert(conn, "flag_quota", {"token": "b" * 64, "day": TODAY, "count": 2}, key=None)


def _seed_events(conn: Connection, n: int) -> None:
    _insert(conn, "processed_events", {"event_key": "slack:T1:E1", "seen_at": _naive(NOW)}, key=None)
    if n >= 5:
        owed = {"address": encode_address(AMY), "replies": encode_replies([Reply("Still owed to you")])}
        due = _naive(NOW - timedelta(minutes=1))
        event = {"event_key": "slack:T1:E2", "seen_at": _naive(NOW), **owed, "retry_at": due, "attempts": 1}
        _insert(conn, "processed_events", event, key=None)


def _create_at(conn: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(_alembic_config(conn), revision)
    n = int(revision)
    _seed_people(conn, n)
    _seed_flags(conn, n)
    _seed_events(conn, n)


def _drop_everything(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        found = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        for (name,) in list(found):
            conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: a new SQLite file, or the PostgreSQL test database with every table dropped (and
    dropped again afterwards, so conftest's store migrates its own from scratch)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    url = postgres_test_url()
    if not url:
        if running_in_ci():
            pytest.fail("TEST_DATABASE_URL is not set in CI: .ci/run should export it")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    await _on_fresh(url, _drop_everything)
    try:
        yield url
    finally:
        await _on_fresh(url, _drop_everything)


async def _on_fresh(url: str, body: Any) -> Any:
    store = await Store.open(url, run_migrations=False)
    try:
        return await store.run_on_connection(body)
    finally:
        await store.close()


def _check_person(tx: Any, n: int) -> int:
    person = tx.find_person(AMY)
    assert person is not None
    assert (person.timezone, person.nudge_time, person.nudge_days) == ("Europe/Paris", time(7, 15), NUDGE_DAYS)
    assert person.subscribed and person.reachable and person.lesson_position == 3
    assert person.last_lesson_id == LESSON and person.last_lesson_on == TODAY - timedelta(days=2)
    assert person.quiet_start == (time(22, 0) if n >= 2 else None)
    assert person.timezone_chosen is (n >= 3)
    assert person.last_shown == (f"lesson:{LESSON}" if n >= 6 else None)
    held = tx.held_about(AMY)
    assert [r.text for r in held.reflections] == [REFLECTION]
    assert [(x.status, x.lesson_id) for x in held.nudges] == ([("sent", LESSON), ("pending", None)] if n >= 2 else [])
    if n >= 2:  # the look-back: as seeded at 0006, or derived by 0006 from the lesson sent two days ago
        recalled, due_on = (1, TODAY + timedelta(days=1)) if n >= 6 else (0, TODAY - timedelta(days=1))
        assert [(x.lesson_id, x.recalled, x.due_on) for x in held.lessons] == [(LESSON, recalled, due_on)]
    assert held.follow_ups == 1 and held.replies_owed == (1 if n >= 5 else 0)
    return int(person.id)


def _check_flags(tx: Any, n: int) -> None:
    [flag] = tx.released_flags(["ward-7"], NOW)
    assert (flag.case_code, flag.description, flag.status, flag.submitted_week) == (CODE, WORDS, "new", WEEK)
    cells = tx.monthly_cells(["ward-7"], [WEEK.replace(day=1)], NOW)
    assert cells[("ward-7", WEEK.replace(day=1), "exclusion")].flags == 1  # submitted_month filled in by 0004
    assert tx.handle_for(flag.id, NOW) == AMY
    assert tx.audited(lead=LEAD, action="open", detail="opened 1")
    assert [m.text for m in tx.flag_messages(flag.id)] == (["Thank you for telling us."] if n >= 4 else [])
    assert not tx.claim_event("slack:T1:E1", NOW)  # still remembered: a platform's retry is not answered twice
    owed = tx.take_owed_replies("slack:T1:E2", NOW, NOW + timedelta(minutes=1))
    assert [r.text for r in owed] == (["Still owed to you"] if n >= 5 else [])


def _check_schema(conn: Connection) -> None:
    assert current_revision(conn) == HEAD_REVISION
    assert set(inspect(conn).get_table_names()) == {t.name for t in metadata.sorted_tables} | {"alembic_version"}
    assert conn.execute(text("SELECT count(*) FROM flag_quota")).scalar() == 0  # 0007 restarts allowances


@pytest.mark.parametrize("revision", REVISIONS)
async def test_a_database_at_every_earlier_revision_migrates_with_its_data_intact(
    revision: str, database_url: str, world: World
) -> None:
    n = int(revision)
    await _on_fresh(database_url, lambda conn: _create_at(conn, revision))

    result = run_kinship("migrate", env={"DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    assert "database is up to date" in result.stdout

    store = await Store.open(database_url)
    try:
        await store.run_on_connection(_check_schema)
        person_id = await store.run(lambda tx: _check_person(tx, n))
        await store.run(lambda tx: _check_flags(tx, n))
        await store.run(lambda tx: tx.add_reflection(person_id, "p2", "A second one.", NOW))  # ids carry on
        await _check_usable(Bot(store, world, FixedClock(NOW)))
    finally:
        await store.close()


async def _check_usable(bot: Bot) -> None:
    replies = await bot.handle(Incoming(LEAD, action="review"))  # lists the flag kept from the old schema
    review = "\n".join(r.text for r in replies)
    assert "Ward 7" in review and "There are no flags" not in review
    status = "\n".join(r.text for r in await bot.handle(Incoming(AMY, text=f"status {CODE}")))
    assert "sent, not yet seen by a lead" in status
    settings = "\n".join(r.text for r in await bot.handle(Incoming(AMY, text="settings")))
    assert "07:15" in settings
