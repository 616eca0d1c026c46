"""Look-backs keep their promise over a whole programme: every lesson, whether it came by schedule or on
request, is looked back at about 1, 7 and 21 days after it was first given, with at most one look-back a day.

The simulation (``bench/recaps.py``) runs the real nudge worker and the real bot on SQLite, day by day."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.recaps import Programme, simulate
from bot.app.compose import load_world
from bot.dialogue import World
from bot.domain.config import load_config
from bot.domain.recaps import GAPS, MOST_AT_ONCE, due_after, first_due
from bot.store import Store
from bot.turns.handler import Bot
from tests.conftest import sqlite_url
from tests.fakes import Chat, FixedClock


@pytest.fixture(scope="module")
def world_module() -> World:
    return load_world(load_config())


@pytest.fixture(scope="module")
def programme(world_module: World) -> Programme:
    return asyncio.run(simulate(world_module))  # one run (about 110 simulated days) for every test here


def test_every_lesson_is_given_and_looked_back_at_three_times(programme: Programme, world_module: World) -> None:
    lessons = [lesson.id for lesson in world_module.content.lessons]
    assert sorted(programme.first_given) == sorted(lessons)
    counts = {lesson_id: len(programme.looked_back.get(lesson_id, [])) for lesson_id in lessons}
    missing = {lesson_id: count for lesson_id, count in counts.items() if count != len(GAPS)}
    assert not missing, f"lessons not looked back at exactly three times: {missing}"


def test_each_look_back_comes_on_its_day_or_soon_after_never_before(programme: Programme) -> None:
    for lesson_id, days in programme.looked_back.items():
        first = programme.first_given[lesson_id]
        gaps = [(day - first).days for day in days]
        assert all(gap >= due for gap, due in zip(gaps, GAPS, strict=True)), (lesson_id, gaps)
        assert all(gap - due <= 3 for gap, due in zip(gaps, GAPS, strict=True)), (lesson_id, gaps)  # a weekend
    late = programme.lateness()
    assert sum(1 for days in late if days == 0) / len(late) >= 0.8  # most come on the very day


def test_at_most_one_look_back_a_day_with_a_few_questions(programme: Programme) -> None:
    assert max(programme.lookbacks_per_day.values()) == 1
    assert max(programme.questions_per_lookback) <= MOST_AT_ONCE


def test_lessons_asked_for_on_saturdays_are_looked_back_at_too(programme: Programme) -> None:
    saturdays = [lid for lid, day in programme.first_given.items() if day.weekday() == 5]
    assert len(saturdays) >= 8 and all(len(programme.looked_back[lid]) == 3 for lid in saturdays)


def test_the_next_look_back_is_due_by_the_first_day_never_before_the_day_after_the_last() -> None:
    first = date(2026, 11, 6)  # a Friday
    assert first_due(first) == date(2026, 11, 7)
    assert due_after(first, 1, date(2026, 11, 9)) == first + timedelta(days=7)
    assert due_after(first, 2, first + timedelta(days=7)) == first + timedelta(days=21)
    assert due_after(first, 2, first + timedelta(days=30)) == first + timedelta(days=31)  # very late: the day after
    assert due_after(first, 3, first + timedelta(days=21)) is None


async def test_a_lesson_asked_for_is_looked_back_at_the_next_day_it_is_asked_for_again(
    store: Store, world: World, clock: FixedClock
) -> None:
    chat = Chat(Bot(store, world, clock).handle, clock)
    clock.set(datetime(2026, 11, 28, 14, 0, tzinfo=UTC))  # a Saturday: no nudges, they ask
    first = await chat.send("lesson")
    assert first.button("Sources") and not any(b.value.startswith("recap:") for b in first.buttons)
    clock.advance(days=1)
    second = await chat.send("lesson")
    lesson = world.content.lessons[0]
    second.expect("A quick look back", lesson.recap_question)
    (await chat.press("Show the answer")).expect(lesson.recap_answer)
    again = await chat.send("lesson")  # the same day: no second look-back
    assert not any(b.value.startswith("recap:") for b in again.buttons)


async def test_delete_my_data_leaves_no_lesson_history(store: Store, world: World, clock: FixedClock) -> None:
    chat = Chat(Bot(store, world, clock).handle, clock)
    await chat.send("lesson")
    person = await store.run(lambda tx: tx.person(chat.address, clock(), "UTC"))
    assert await store.run(lambda tx: tx.recap_history(person.id))
    await chat.act("delete-data:confirm")
    assert await store.run(lambda tx: tx.recap_history(person.id)) == {}


def test_migrating_from_0005_keeps_recent_lessons_look_backs_and_retires_old_ones(tmp_path: Path) -> None:
    from alembic import command

    from bot.store.engine import _alembic_config

    engine = create_engine(sqlite_url(tmp_path))
    today = datetime.now(UTC).date()
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0005")
        conn.execute(
            text(
                "INSERT INTO people (id, platform, tenant, user_id, created_at) "
                "VALUES (1, 'console', 'local', 'amy', '2026-01-01 00:00:00')"
            )
        )
        for day, lesson_id in ((today - timedelta(days=40), "old"), (today - timedelta(days=2), "recent")):
            conn.execute(
                text(
                    "INSERT INTO deliveries (person_id, local_date, due_at, status, kind, lesson_id) "
                    "VALUES (1, :day, :due, 'sent', 'lesson', :lesson)"
                ),
                {"day": day, "due": f"{day} 10:00:00", "lesson": lesson_id},
            )
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
        rows = {r.lesson_id: r for r in conn.execute(text("SELECT * FROM lesson_recaps"))}
    engine.dispose()
    assert rows["old"].recalled == 3 and rows["old"].due_on is None
    assert rows["recent"].recalled == 0 and str(rows["recent"].due_on) == str(today - timedelta(days=1))
