"""Team reflection's weekly pass: post each due channel's question, and at the week's end its summary.

Each pass claims due channels under a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), posts through the
platform's :class:`~bot.domain.channel.ChannelPoster`, and records the post straight after the platform takes
it, as the lease's owner only: two workers never post one week's question twice, and a worker killed between
a post and its record can repeat at most that one post (once its lease runs out). Channels are posted in one
queue per workspace or tenant, side by side, so a slow Slack workspace never holds up a Teams tenant; a queue
longer than a lease renews its leases before it gets to them.

Pacing (:class:`ChannelPacer`): the worker's shared :class:`Pacer` bucket for the workspace or tenant (so
nudges and channel posts share one budget), a second bucket at the same rate with no burst (a pass that
starts on a full bucket would otherwise send up to twice the rate in its first second), and at least a second
between two posts in one channel (Slack's limit; Teams' per-conversation limit is looser).

What a post's outcome means: taken, the thread is recorded, the summary is due six days on and the next
question a week on; ``RateLimited``, the channel is tried again after the platform's wait (its bucket is
blocked that long too); ``Undeliverable``, Kinship was removed from the channel, so its schedule and answers
are deleted; anything else, tried again in a minute.
"""

from __future__ import annotations

import asyncio
import logging
import time as monotonic_time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.dialogue import World
from bot.dialogue.views import team as views
from bot.domain import team_practice as practice
from bot.domain.channel import ChannelPoster, RateLimited, Undeliverable
from bot.domain.schedule import local_instant
from bot.domain.team_practice import TeamSchedule
from bot.domain.types import Place, Reply
from bot.outbound.pacing import FALLBACK_RATE, Pacer, TokenBucket
from bot.store import Store, Tx

log = logging.getLogger(__name__)

CLAIM_BATCH = 500
CHANNEL_GAP = 1.0  # seconds between two posts in one channel (Slack: about one message a second per channel)
FAILED_RETRY = timedelta(minutes=1)
LATE_GRACE = timedelta(hours=2)  # a question posted later than this dates its week from now, not its slot
Now = Callable[[], datetime]


@dataclass
class TeamPassResult:
    questions: int = 0
    summaries: int = 0
    quiet_weeks: int = 0  # weeks closed without a summary: fewer than MIN_PEOPLE took part
    retried: int = 0
    removed: int = 0  # channels Kinship was taken out of: their schedules deleted

    def add(self, other: TeamPassResult) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class ChannelPacer:
    """The shared workspace or tenant bucket, a no-burst bucket at the same rate, and a gap per channel."""

    def __init__(self, pacer: Pacer, clock: Callable[[], float] = monotonic_time.monotonic) -> None:
        self.pacer = pacer
        self.clock = clock
        self._smooth: dict[tuple[str, str], TokenBucket] = {}
        self._last: dict[tuple[str, str], float] = {}

    def _bucket(self, platform: str, tenant: str) -> TokenBucket:
        key = (platform, tenant)
        if key not in self._smooth:
            rate = self.pacer.rates.get(platform, FALLBACK_RATE)
            # a token or two in hand makes up for sleeps that overrun, yet never reaches the limit in any second
            self._smooth[key] = TokenBucket(rate=rate, burst=max(1.0, rate / 25), clock=self.clock)
        return self._smooth[key]

    async def acquire(self, platform: str, tenant: str, channel: str) -> None:
        last = self._last.get((platform, channel))
        if last is not None and (gap := last + CHANNEL_GAP - self.clock()) > 0:
            await asyncio.sleep(gap)
        bucket = self._bucket(platform, tenant)
        while (delay := bucket.wait_time()) > 0:  # noqa: ASYNC110 - waiting for time to pass, not for an event
            await asyncio.sleep(delay)
        await self.pacer.acquire(platform, tenant)
        self._last[(platform, channel)] = self.clock()

    def back_off(self, platform: str, tenant: str, seconds: float) -> None:
        self.pacer.back_off(platform, tenant, seconds)
        self._bucket(platform, tenant).block_for(seconds)


def posters_of(channels: Mapping[str, object]) -> dict[str, ChannelPoster]:
    """The platforms whose adapter can post in a channel."""
    return {name: channel for name, channel in channels.items() if isinstance(channel, ChannelPoster)}


class TeamPosts:
    def __init__(
        self,
        store: Store,
        world: World,
        channels: Mapping[str, object],
        pacer: Pacer,
        *,
        owner: str,
        lease: timedelta = timedelta(seconds=60),
    ) -> None:
        self.store = store
        self.world = world
        self.posters = posters_of(channels)
        self.pacing = ChannelPacer(pacer)
        self.owner = owner
        self.lease = lease
        self._leased: dict[int, datetime] = {}
        self._progress = asyncio.Event()
        self._pending: list[Callable[[Tx], object]] = []  # what posts just made mean, not yet written
        self._writer: asyncio.Task[None] | None = None

    async def _record(self, change: Callable[[Tx], object]) -> None:
        """Write what a post meant straight away, in one transaction with any others made meanwhile: every
        queue goes on posting while it is written (a crash can repeat only the posts of that moment)."""
        self._pending.append(change)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())

    async def _write(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            await self.store.run(partial(_apply_all, changes=batch))

    async def _written(self) -> None:
        while self._writer is not None and not self._writer.done():
            await self._writer

    async def run_once(self, now: Now) -> TeamPassResult:
        """Claim everything due and post it, one queue per workspace or tenant; then purge old answers."""
        result = TeamPassResult()
        if not self.posters:
            return result
        queues: dict[tuple[str, str], deque[TeamSchedule]] = {}
        tasks: dict[tuple[str, str], asyncio.Task[TeamPassResult]] = {}
        finished: list[asyncio.Task[TeamPassResult]] = []
        while True:
            moment = now()
            self._progress.clear()
            sizes = {key: len(queue) for key, queue in queues.items()}
            claimed, full = await self.store.run(partial(self._claim, moment=moment, queued=sizes))
            for schedule in claimed:
                key = (schedule.platform, schedule.tenant)
                self._leased[schedule.id] = moment + self.lease
                queues.setdefault(key, deque()).append(schedule)
                if key not in tasks or tasks[key].done():
                    if key in tasks:
                        finished.append(tasks[key])
                    tasks[key] = asyncio.create_task(self._drain(queues[key], now))
            if not claimed and not full:
                break  # nothing more is due
            if not claimed:
                await self._progress.wait()  # every due workspace's queue is as long as a lease allows
        for done in await asyncio.gather(*finished, *tasks.values()):
            result.add(done)
        await self._written()
        cutoff = now() - practice.ANSWER_KEEP
        await self.store.run(lambda tx: tx.purge_team_answers(cutoff))
        return result

    def _claim(self, tx: Tx, moment: datetime, queued: dict[tuple[str, str], int]) -> tuple[list[TeamSchedule], bool]:
        """For each workspace or tenant with channels due, as many as it can post within half a lease (less
        what it has queued already); and whether some had no room left."""
        claimed: list[TeamSchedule] = []
        full = False
        for place in tx.due_team_tenants(moment, self.posters):
            rate = self.pacing.pacer.rates.get(place[0], FALLBACK_RATE)
            room = min(CLAIM_BATCH, max(1, int(rate * self.lease.total_seconds() / 2))) - queued.get(place, 0)
            if room <= 0:
                full = True
                continue
            claimed += tx.claim_team_posts(moment, place, self.owner, moment + self.lease, room)
        return claimed, full

    async def _drain(self, queue: deque[TeamSchedule], now: Now) -> TeamPassResult:
        """Post a workspace's or tenant's due channels in turn."""
        result = TeamPassResult()
        while queue:
            schedule = queue.popleft()
            if await self._still_ours(schedule, queue, now):
                result.add(await self._one(schedule, now))
            self._leased.pop(schedule.id, None)
            self._progress.set()
        return result

    async def _still_ours(self, schedule: TeamSchedule, queue: deque[TeamSchedule], now: Now) -> bool:
        """Renew the queue's leases (one transaction) when this one is close to running out."""
        moment = now()
        if self._leased.get(schedule.id, moment) - moment > self.lease / 4:
            return True
        ids = [schedule.id, *(s.id for s in queue)]
        until = moment + self.lease
        held = await self.store.run(lambda tx: tx.renew_team_leases(ids, self.owner, until), quick=True)
        for ident in ids:
            self._leased[ident] = until
        lost = [s for s in queue if s.id not in held]
        for gone in lost:
            queue.remove(gone)
            self._leased.pop(gone.id, None)
        return schedule.id in held

    async def _one(self, schedule: TeamSchedule, now: Now) -> TeamPassResult:
        if schedule.summary_due_at is not None:  # due, or (a question due first) never left behind a new week
            return await self._summary(schedule, now)
        return await self._question(schedule, now)

    async def _post(self, schedule: TeamSchedule, thread: str, reply: Reply, now: Now) -> str | TeamPassResult:
        """The posted message's id, or what the failure meant (already recorded)."""
        poster = self.posters[schedule.platform]
        place = Place(schedule.channel, thread=thread, ref=schedule.ref)
        await self.pacing.acquire(schedule.platform, schedule.tenant, schedule.channel)
        try:
            return await poster.post_in_channel(schedule.tenant, place, reply)
        except Undeliverable:
            await self._record(lambda tx: tx.remove_team_channel(schedule.id))
            log.info(
                "team reflection: Kinship was removed from a %s channel; its schedule is deleted", schedule.platform
            )
            return TeamPassResult(removed=1)
        except RateLimited as exc:
            self.pacing.back_off(schedule.platform, schedule.tenant, exc.retry_after)
            later = now() + timedelta(seconds=exc.retry_after)
            await self._record(lambda tx: tx.team_post_later(schedule.id, self.owner, later))
            return TeamPassResult(retried=1)
        except Exception as exc:  # the name only: the message may quote the post
            log.warning("team reflection post failed (%s); trying again in a minute", type(exc).__name__)
            later = now() + FAILED_RETRY
            await self._record(lambda tx: tx.team_post_later(schedule.id, self.owner, later))
            return TeamPassResult(retried=1)

    async def _question(self, schedule: TeamSchedule, now: Now) -> TeamPassResult:
        prompt = practice.question_for(self.world.content, schedule.questions)
        posted = await self._post(schedule, "", views.question(prompt), now)
        if isinstance(posted, TeamPassResult):
            return posted
        moment = now()
        slot = schedule.next_post_at or moment
        asked = slot if moment - slot <= LATE_GRACE else moment
        week = practice.week_of(asked, schedule.timezone)
        summary_at = practice.summary_due(asked, schedule.timezone)
        following = practice.next_post_at(schedule.weekday, schedule.at, schedule.timezone, max(asked, slot))
        if following <= moment:  # a long outage: the next slot from now, never a burst of missed weeks
            following = practice.next_post_at(schedule.weekday, schedule.at, schedule.timezone, moment)
        record = (posted, prompt.id, week)
        await self._record(lambda tx: tx.team_question_posted(schedule.id, self.owner, record, summary_at, following))
        return TeamPassResult(questions=1)

    def _week_answers(self, tx: Tx, schedule: TeamSchedule) -> tuple[dict[str, list[str]], int | None]:
        """The week's answers by person, and the unit's thanks that week (None: no unit, or too few)."""
        answers = tx.team_week_answers(schedule.id, schedule.week) if schedule.week else {}
        if len(answers) < practice.MIN_PEOPLE or not schedule.unit or schedule.week is None:
            return answers, None
        zone = ZoneInfo(self.world.org.timezone)
        since = local_instant(schedule.week, datetime.min.time(), zone)
        until = local_instant(schedule.week + timedelta(days=7), datetime.min.time(), zone)
        thanks = tx.thanks_count(schedule.unit, since, until)
        return answers, thanks if thanks >= practice.MIN_PEOPLE else None

    async def _summary(self, schedule: TeamSchedule, now: Now) -> TeamPassResult:
        answers, thanks = await self.store.run(lambda tx: self._week_answers(tx, schedule), quick=True)
        result = TeamPassResult(quiet_weeks=1)
        if len(answers) >= practice.MIN_PEOPLE and schedule.thread:
            found = practice.themes(list(answers.values()))
            posted = await self._post(schedule, schedule.thread, views.summary(len(answers), found, thanks), now)
            if isinstance(posted, TeamPassResult):
                return posted
            result = TeamPassResult(summaries=1)
        await self._record(lambda tx: tx.team_week_closed(schedule.id, self.owner, schedule.week))
        return result


def _apply_all(tx: Tx, changes: list[Callable[[Tx], object]]) -> None:
    for change in changes:
        change(tx)
