"""A whole programme of lessons, simulated day by day, and how well its look-backs kept their promise.

One person on the default schedule (weekdays at 10:00, London) gets every lesson from the real nudge worker
on SQLite; on Saturdays they ask for a lesson themselves (on demand); whenever a lesson comes with a
look-back they press its answer button, as an engaged reader would. The run goes on until every lesson has
been given and 21 days more have passed. From the messages the person actually received, it works out for
each lesson the day it was first given and the days it was looked back at.

``python -m bench.recaps`` prints the figures; ``tests/test_recaps.py`` asserts the promise on the same run.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bot.app.compose import load_world
from bot.dialogue import World
from bot.domain.config import load_config
from bot.domain.recaps import GAPS
from bot.domain.types import Reply
from bot.outbound.pacing import Pacer
from bot.outbound.worker import Worker
from bot.store import Store
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, RecordingChannel

START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)  # a Monday; London is on GMT through the run's first months
ON_DEMAND_WEEKDAY = 5  # Saturday: they ask for a lesson themselves


@dataclass
class Programme:
    """What the person received: per lesson, the day first given and the days it was looked back at."""

    first_given: dict[str, date] = field(default_factory=dict)
    looked_back: dict[str, list[date]] = field(default_factory=lambda: defaultdict(list))
    lookbacks_per_day: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    questions_per_lookback: list[int] = field(default_factory=list)
    on_demand_days: int = 0
    days: int = 0

    def lateness(self) -> list[int]:
        """Days each look-back came after it was due (0: on its day)."""
        late = []
        for lesson_id, days in self.looked_back.items():
            first = self.first_given[lesson_id]
            for gap, day in zip(GAPS, days, strict=False):
                late.append((day - first).days - gap)
        return late


def _read(programme: Programme, world: World, replies: Sequence[Reply], day: date) -> list[str]:
    """Note the lesson and look-back in ``replies`` (if any); returns the look-back button value, if any."""
    by_title = {lesson.title: lesson.id for lesson in world.content.lessons}
    presses = []
    for reply in replies:
        lesson_id = by_title.get(reply.title or "")
        if lesson_id is None:
            continue
        programme.first_given.setdefault(lesson_id, day)
        for button in reply.buttons:
            if button.value.startswith("recap:"):
                ids = button.value.removeprefix("recap:").split(",")
                for looked in ids:
                    programme.looked_back[looked].append(day)
                programme.lookbacks_per_day[day] += 1
                programme.questions_per_lookback.append(len(ids))
                presses.append(button.value)
    return presses


async def simulate(world: World | None = None) -> Programme:
    world = world or load_world(load_config())
    lessons = len(world.content.lessons)
    programme = Programme()
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite:///{tmp}/programme.db")
        try:
            clock = FixedClock(START)
            chat = Chat(Bot(store, world, clock).handle, clock, user="amy")
            await chat.send("start")
            channel = RecordingChannel()
            worker = Worker(store, world, {"console": channel}, pacer=Pacer({"console": 10_000}))
            day = START.date()
            finish: date | None = None
            while finish is None or day <= finish:
                await _one_day(programme, world, chat, clock, worker, channel, day)
                if finish is None and len(programme.first_given) == lessons:
                    finish = day + timedelta(days=max(GAPS) + 7)
                day += timedelta(days=1)
                programme.days += 1
        finally:
            await store.close()
    return programme


async def _one_day(
    programme: Programme,
    world: World,
    chat: Chat,
    clock: FixedClock,
    worker: Worker,
    channel: RecordingChannel,
    day: date,
) -> None:
    before = len(channel.sent)
    await worker.run_once(datetime.combine(day, time(10, 5), UTC))  # the day's nudge, if it is a lesson day
    presses = [p for _, replies in channel.sent[before:] for p in _read(programme, world, replies, day)]
    if day.weekday() == ON_DEMAND_WEEKDAY:
        clock.set(datetime.combine(day, time(14, 0), UTC))
        turn = await chat.send("lesson")
        programme.on_demand_days += 1
        presses += _read(programme, world, turn.replies, day)
    clock.set(datetime.combine(day, time(18, 0), UTC))
    for value in presses:
        await chat.act(value)  # they look at the answers (and so have written: nudges are answered)


def figures(programme: Programme, lessons: int) -> list[str]:
    late = programme.lateness()
    recalled = {lesson_id: len(days) for lesson_id, days in programme.looked_back.items()}
    complete = sum(1 for lesson_id in programme.first_given if recalled.get(lesson_id, 0) == len(GAPS))
    on_time = sum(1 for days in late if days == 0)
    return [
        f"lessons given {len(programme.first_given)}/{lessons} over {programme.days} days "
        f"({programme.on_demand_days} asked for on Saturdays)",
        f"lessons looked back at on all of +1, +7 and +21 days: {complete}/{len(programme.first_given)}",
        f"look-backs {len(late)}: on their day {on_time} ({on_time / max(1, len(late)):.0%}), "
        f"late by median {statistics.median(late) if late else 0} and at most {max(late, default=0)} days",
        f"look-back messages a day: at most {max(programme.lookbacks_per_day.values(), default=0)}; "
        f"questions in one: at most {max(programme.questions_per_lookback, default=0)}, "
        f"median {statistics.median(programme.questions_per_lookback) if programme.questions_per_lookback else 0}",
    ]


def rows() -> list[tuple[str, str, str]]:
    """The figures as `make bench` rows (name, value, goal)."""
    world = load_world(load_config())
    return [
        (f"look-backs: {line}", "", "") for line in figures(asyncio.run(simulate(world)), len(world.content.lessons))
    ]


def main() -> None:
    world = load_world(load_config())
    programme = asyncio.run(simulate(world))
    for line in figures(programme, len(world.content.lessons)):
        print(line)


if __name__ == "__main__":
    main()
