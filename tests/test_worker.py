"""The nudge worker against real SQLite and PostgreSQL, with a recording channel standing in for Slack/Teams."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.dialogue import World
from bot.domain.channel import RateLimited, Undeliverable
from bot.domain.schedule import EVERY_DAY, LATE_GRACE, WEEKDAYS, Schedule, next_due
from bot.domain.types import Address, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.worker import MAX_ATTEMPTS, Worker
from bot.store import Store, Tx
from bot.store.tables import deliveries
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, RecordingChannel

LONDON = ZoneInfo("Europe/London")


class FlakyChannel(RecordingChannel):
    """A recording channel that fails in a chosen way for the first ``times`` sends."""

    def __init__(self, error: Exception, times: int = 1) -> None:
        super().__init__()
        self.error, self.times = error, times

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if self.times > 0:
            self.times -= 1
            raise self.error
        await super().send(address, replies)


def subscribe(
    user: str,
    *,
    zone: str = "Europe/London",
    at: time = time(10, 0),
    days: frozenset[int] = WEEKDAYS,
    since: datetime,
    platform: str = "console",
    **extra,
):
    """A transaction body that signs ``user`` up for daily lessons as of ``since``."""

    def body(tx: Tx) -> int:
        person = tx.person(Address(platform, "local", user, user), since, zone)
        schedule = Schedule(zone, at, days, extra.get("paused_until"), extra.get("quiet_start"), extra.get("quiet_end"))
        tx.update_person(
            person.id,
            {
                "timezone": zone,
                "nudge_time": at,
                "nudge_days": days,
                "subscribed": True,
                "next_due_at": next_due(schedule, since),
                **extra,
            },
        )
        return person.id

    return body


async def add_person(store: Store, user: str, **kwargs) -> int:
    return await store.run(subscribe(user, **kwargs))


def worker_for(store: Store, world: World, channel: RecordingChannel, **kwargs) -> Worker:
    return Worker(store, world, {"console": channel}, pacer=Pacer({"console": 10_000}), **kwargs)


async def walk(worker: Worker, start: datetime, hours: int, step_minutes: int = 30) -> None:
    """Run a pass every ``step_minutes`` from ``start`` for ``hours``: a worker that never misses a beat."""
    moment = start
    while moment < start + timedelta(hours=hours):
        await worker.run_once(moment)
        moment += timedelta(minutes=step_minutes)


async def test_one_nudge_per_weekday_at_the_chosen_local_time(any_store: Store, world: World) -> None:
    channel = RecordingChannel()
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # a Monday
    await add_person(any_store, "amy", since=start)
    await walk(worker_for(any_store, world, channel), start, hours=24 * 7)
    assert len(channel.sent) == 5  # Monday to Friday, none at the weekend
    titles = [replies[0].title for _, replies in channel.sent]
    assert titles == [lesson.title for lesson in world.content.lessons[:5]]  # the programme, in order


@pytest.mark.parametrize("start", [datetime(2026, 3, 26, tzinfo=UTC), datetime(2026, 10, 22, tzinfo=UTC)])
async def test_clock_changes_neither_skip_nor_double_a_day(any_store: Store, world: World, start: datetime) -> None:
    channel = RecordingChannel()
    await add_person(any_store, "night", at=time(1, 30), days=EVERY_DAY, since=start)  # 01:30 is the odd hour
    worker = worker_for(any_store, world, channel)
    await walk(worker, start, hours=24 * 6, step_minutes=20)
    counts = await any_store.run(lambda tx: tx.delivery_counts())
    assert counts == {"sent": 6}
    assert len(channel.sent) == 6


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"])
async def test_far_time_zones_get_their_own_mornings(any_store: Store, world: World, zone: str) -> None:
    channel = RecordingChannel()
    start = datetime(2026, 11, 22, 0, 0, tzinfo=UTC)
    await add_person(any_store, "far", zone=zone, at=time(7, 15), days=EVERY_DAY, since=start)
    worker = worker_for(any_store, world, channel)
    moments = []
    moment = start
    while moment < start + timedelta(days=3):
        before = len(channel.sent)
        await worker.run_once(moment)
        if len(channel.sent) > before:
            moments.append(moment.astimezone(ZoneInfo(zone)))
        moment += timedelta(minutes=15)
    assert len(moments) == 3
    assert all(time(7, 15) <= m.time() < time(7, 31) for m in moments)
    assert len({m.date() for m in moments}) == 3


async def test_a_late_worker_skips_the_day_instead_of_messaging_at_night(any_store: Store, world: World) -> None:
    channel = RecordingChannel()
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    await add_person(any_store, "amy", since=start)
    worker = worker_for(any_store, world, channel)
    await worker.run_once(datetime(2026, 11, 23, 11, 55, tzinfo=UTC))  # 1 h 55 late: still sent
    assert len(channel.sent) == 1
    await worker.run_once(datetime(2026, 11, 24, 12, 30, tzinfo=UTC))  # 2 h 30 late: skipped
    assert len(channel.sent) == 1
    await worker.run_once(datetime(2026, 11, 25, 10, 1, tzinfo=UTC))  # the next day is as normal
    assert len(channel.sent) == 2


async def test_quiet_hours_move_the_nudge_to_when_they_end(any_store: Store, world: World) -> None:
    channel = RecordingChannel()
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    await add_person(
        any_store, "amy", at=time(23, 0), days=EVERY_DAY, since=start, quiet_start=time(22, 0), quiet_end=time(7, 0)
    )
    worker = worker_for(any_store, world, channel)
    await walk(worker, start, hours=24)
    assert len(channel.sent) == 1
    counts = await any_store.run(lambda tx: tx.delivery_counts())
    assert counts == {"sent": 1}


async def test_changing_the_time_after_todays_nudge_does_not_send_a_second(
    any_store: Store, world: World, clock: FixedClock
) -> None:
    channel = RecordingChannel()
    bot = Bot(any_store, world, clock)
    chat = Chat(bot.handle, clock)
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    await chat.send("start")
    worker = worker_for(any_store, world, channel)
    await worker.run_once(datetime(2026, 11, 23, 10, 5, tzinfo=UTC))
    clock.set(datetime(2026, 11, 23, 11, 0, tzinfo=UTC))
    (await chat.send("time 19:00")).expect("19:00")
    await walk(worker, datetime(2026, 11, 23, 11, 0, tzinfo=UTC), hours=12)
    assert len(channel.sent) == 1  # not again at 19:00 today
    await worker.run_once(datetime(2026, 11, 24, 19, 5, tzinfo=UTC))
    assert len(channel.sent) == 2  # tomorrow at the new time


async def test_pause_and_stop_are_respected(any_store: Store, world: World) -> None:
    channel = RecordingChannel()
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    await add_person(any_store, "paused", since=start, paused_until=date(2026, 11, 25))
    await walk(worker_for(any_store, world, channel), start, hours=24 * 5)
    assert len(channel.sent) == 2  # Thursday and Friday only


async def test_unanswered_nudges_lead_to_one_check_in_and_a_reply_resets(
    any_store: Store, world: World, clock: FixedClock
) -> None:
    channel = RecordingChannel()
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    await add_person(any_store, "amy", days=EVERY_DAY, since=start)
    worker = worker_for(any_store, world, channel, checkin_after=3)
    await walk(worker, start, hours=24 * 5, step_minutes=60)
    titles = [replies[0].title for _, replies in channel.sent]
    assert titles[3] == "Still useful?" and titles.count("Still useful?") == 1
    assert len(titles) == 5  # after asking once, lessons carry on
    chat = Chat(Bot(any_store, world, clock).handle, clock)
    clock.set(start + timedelta(days=5, hours=1))
    (await chat.act("checkin:slower")).expect("Mon, Wed, Fri")
    person = await any_store.run(lambda tx: tx.person(chat.address, clock(), "UTC"))
    assert person.unanswered == 0 and not person.checkin_sent and person.nudge_days == frozenset({0, 2, 4})


async def test_someone_who_cannot_be_reached_is_not_retried_until_they_write(
    any_store: Store, world: World, clock: FixedClock
) -> None:
    channel = FlakyChannel(Undeliverable("account_inactive"), times=1)
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    await add_person(any_store, "gone", days=EVERY_DAY, since=start)
    worker = worker_for(any_store, world, channel)
    await walk(worker, start, hours=24 * 3)
    assert channel.sent == [] and await any_store.run(lambda tx: tx.delivery_counts()) == {"failed": 1}
    clock.set(start + timedelta(days=3))
    await Chat(Bot(any_store, world, clock).handle, clock, user="gone").send("hello again")
    await walk(worker, start + timedelta(days=3), hours=24)
    assert len(channel.sent) == 1


async def test_rate_limited_sends_are_retried_not_lost_or_doubled(any_store: Store, world: World) -> None:
    channel = FlakyChannel(RateLimited(retry_after=30), times=2)
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    await add_person(any_store, "amy", since=start)
    worker = worker_for(any_store, world, channel)
    worker.pacer = Pacer({"console": 10_000})
    moment = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    results = []
    for _ in range(4):
        results.append(await worker.run_once(moment))
        moment += timedelta(seconds=31)
        worker.pacer = Pacer({"console": 10_000})  # the test moves time on; the bucket's own clock does not
    assert [r.retried for r in results] == [1, 1, 0, 0]
    assert len(channel.sent) == 1
    assert await any_store.run(lambda tx: tx.delivery_counts()) == {"sent": 1}


async def test_a_failing_platform_is_retried_with_backoff_then_given_up(any_store: Store, world: World) -> None:
    channel = FlakyChannel(ConnectionError("boom"), times=99)
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    await add_person(any_store, "amy", since=start)
    worker = worker_for(any_store, world, channel)
    await walk(worker, datetime(2026, 11, 23, 10, 0, tzinfo=UTC), hours=2, step_minutes=5)
    assert await any_store.run(lambda tx: tx.delivery_counts()) == {"failed": 1}
    assert channel.times == 99 - MAX_ATTEMPTS


async def test_a_dead_workers_lease_runs_out_and_another_sends_the_same_lesson(any_store: Store, world: World) -> None:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    await add_person(any_store, "amy", since=start)
    dead = worker_for(any_store, world, RecordingChannel(), lease=timedelta(minutes=5))
    at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    await any_store.run(lambda tx: dead._enqueue(tx, at))
    claimed = await any_store.run(lambda tx: dead._claim(tx, at))  # claimed and planned, then the worker dies
    assert len(claimed) == 1
    channel = RecordingChannel()
    alive = worker_for(any_store, world, channel)
    assert (await alive.run_once(at + timedelta(minutes=1))).sent == 0  # the lease still holds
    assert (await alive.run_once(at + timedelta(minutes=6))).sent == 1
    assert channel.sent[0][1][0].title == world.content.lessons[0].title
    person, _address = (await any_store.run(lambda tx: tx.people_by_id([1])))[1]
    assert person.lesson_position == 1  # the programme moved on once, not twice


async def test_a_recap_of_an_earlier_lesson_rides_along_with_the_days_lesson(any_store: Store, world: World) -> None:
    channel = RecordingChannel()
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    await add_person(any_store, "amy", days=EVERY_DAY, since=start)
    await walk(worker_for(any_store, world, channel), start, hours=24 * 8, step_minutes=60)
    texts = [replies[0].text for _, replies in channel.sent]
    assert len(texts) == 8
    assert "A quick look back" not in texts[0]
    with_recaps = [t for t in texts if "A quick look back" in t]
    assert with_recaps, "no spaced recap in eight days"
    assert all(len(replies) == 1 for _, replies in channel.sent)  # one message a day, never more


async def test_people_on_platforms_nobody_can_send_to_are_not_queued(any_store: Store, world: World) -> None:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    await add_person(any_store, "teams-user", since=start, platform="teams")
    channel = RecordingChannel()
    result = await worker_for(any_store, world, channel).run_once(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert result.enqueued == 0 and channel.sent == []


# --- a worker that was down: today's lesson still goes if within the grace, the missed days never do -------


def delivered_dates(tx: Tx) -> list[date]:
    rows = tx.conn.execute(select(deliveries.c.local_date).where(deliveries.c.status == "sent"))
    return sorted(row.local_date for row in rows)


async def test_a_worker_back_on_tuesday_sends_tuesdays_lesson_not_mondays(any_store: Store, world: World) -> None:
    channel = RecordingChannel()
    person_id = await add_person(any_store, "amy", since=datetime(2026, 11, 20, 8, 0, tzinfo=UTC))  # a Friday
    worker = worker_for(any_store, world, channel)
    await worker.run_once(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))  # Friday's lesson
    await worker.run_once(datetime(2026, 11, 21, 10, 0, tzinfo=UTC))  # Saturday: the last pass before the outage
    result = await worker.run_once(datetime(2026, 11, 24, 10, 5, tzinfo=UTC))  # Tuesday 10:05 London
    assert (result.enqueued, result.sent, result.skipped_late) == (1, 1, 1)
    assert await any_store.run(delivered_dates) == [date(2026, 11, 20), date(2026, 11, 24)]
    assert [replies[0].title for _, replies in channel.sent] == [lesson.title for lesson in world.content.lessons[:2]]
    person, _address = (await any_store.run(lambda tx: tx.people_by_id([person_id])))[person_id]
    assert person.next_due_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday
    await walk(worker, datetime(2026, 11, 24, 10, 30, tzinfo=UTC), hours=12, step_minutes=20)
    assert len(channel.sent) == 2  # not again on Tuesday


@pytest.mark.parametrize("zone", ["Europe/London", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"])
@pytest.mark.parametrize("days_down", [1, 3, 10])
@pytest.mark.parametrize(
    ("late", "at_once", "that_day"),
    [
        (timedelta(minutes=-1), 0, 1),  # back just before today's time: sent when it comes
        (timedelta(0), 1, 1),
        (timedelta(minutes=5), 1, 1),
        (LATE_GRACE, 1, 1),  # just inside the grace
        (LATE_GRACE + timedelta(minutes=1), 0, 0),  # just outside: today is skipped too
    ],
)
async def test_after_an_outage_only_todays_lesson_within_the_grace_is_sent_once(
    store: Store, world: World, zone: str, days_down: int, late: timedelta, at_once: int, that_day: int
) -> None:
    local = ZoneInfo(zone)
    first = datetime(2026, 11, 2, 7, 15, tzinfo=local)  # no clock change in any of these zones until after
    person_id = await add_person(
        store, "amy", zone=zone, at=time(7, 15), days=EVERY_DAY, since=(first - timedelta(hours=1)).astimezone(UTC)
    )
    channel = RecordingChannel()
    worker = worker_for(store, world, channel)
    await worker.run_once(first.astimezone(UTC))  # the last pass before the worker went down
    back_on = first.date() + timedelta(days=days_down + 1)
    back = (datetime.combine(back_on, time(7, 15), tzinfo=local) + late).astimezone(UTC)
    await worker.run_once(back)
    assert len(channel.sent) == 1 + at_once
    await walk(worker, back + timedelta(minutes=1), hours=12, step_minutes=20)
    assert len(channel.sent) == 1 + that_day  # never two on one local date, never a missed day's
    assert await store.run(delivered_dates) == [first.date()] + [back_on] * that_day
    person, _address = (await store.run(lambda tx: tx.people_by_id([person_id])))[person_id]
    tomorrow = datetime.combine(back_on + timedelta(days=1), time(7, 15), tzinfo=local)
    assert person.next_due_at == tomorrow.astimezone(UTC)
    await worker.run_once(tomorrow.astimezone(UTC))
    assert len(channel.sent) == 2 + that_day  # and the day after is as normal
