"""Statements run straight on SQLite's cursor (bot.store.prepared) read and write exactly what SQLAlchemy would."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from bot.domain.types import Address
from bot.store import Store, Tx
from bot.store.people import _PERSON_BY_IDENTITY, person_from_row
from bot.store.prepared import Prepared
from bot.store.tables import processed_events
from tests.conftest import sqlite_url

ADDRESS = Address("slack", "T1", "W1", "D1", "T1")
NOW = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
WHOLE_SECOND = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # SQLAlchemy still writes ".000000"


async def test_a_person_read_on_the_cursor_is_the_person_sqlalchemy_reads(tmp_path: Path) -> None:
    store = await Store.open(sqlite_url(tmp_path))

    def fill(tx: Tx) -> None:
        person = tx.person(ADDRESS, NOW, "Europe/London")
        tx.update_person(
            person.id,
            {
                "nudge_time": time(7, 45),
                "subscribed": True,
                "paused_until": date(2026, 12, 1),
                "next_due_at": WHOLE_SECOND,
                "last_lesson_id": "l1",
                "last_lesson_on": date(2026, 11, 22),
                "state": {"mode": "reflect", "prompt_id": "p"},
                "quiet_start": time(22, 0),
                "quiet_end": time(6, 0),
                "checkin_sent": True,
                "timezone_chosen": True,
                "last_shown": "lesson:l1",
                "last_recap_on": date(2026, 11, 20),
            },
        )

    await store.run(fill)

    def both(conn: Connection) -> tuple[object, object]:
        identity = {"platform": "slack", "tenant": "T1", "user_id": "W1"}
        return (
            person_from_row(conn.execute(_PERSON_BY_IDENTITY, identity).one()),
            person_from_row(Prepared(_PERSON_BY_IDENTITY).first(conn, identity)),
        )

    through_sqlalchemy, on_the_cursor = await store.run_on_connection(both)
    assert on_the_cursor == through_sqlalchemy
    assert on_the_cursor.next_due_at == WHOLE_SECOND and on_the_cursor.created_at == NOW  # type: ignore[attr-defined]
    await store.close()


async def test_a_row_written_on_the_cursor_reads_back_as_written(tmp_path: Path) -> None:
    store = await Store.open(sqlite_url(tmp_path))

    def record(tx: Tx) -> tuple[bool, bool]:
        owed = (ADDRESS, [], WHOLE_SECOND)
        return tx.record_event("slack:E1", NOW, owed), tx.record_event("slack:E1", NOW, owed)

    assert await store.run(record) == (True, False)  # a retry of the same delivery is not recorded twice
    row = await store.run_on_connection(lambda conn: conn.execute(select(processed_events)).one())
    assert (row.seen_at, row.retry_at, row.attempts) == (NOW, WHOLE_SECOND, 0)
    assert await store.run(lambda tx: tx.due_recaps(1, date(2026, 11, 23))) == []
    await store.close()


async def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(tmp_path: Path) -> None:
    store = await Store.open(sqlite_url(tmp_path))
    broken = Prepared(select(processed_events.c.event_key).where(processed_events.c.event_key == "x"))
    await store.run_on_connection(lambda conn: conn.exec_driver_sql("DROP TABLE processed_events"))
    with pytest.raises(DBAPIError):
        await store.run_on_connection(lambda conn: broken.first(conn, {}))
    await store.close()
