"""The nudge worker: finds who is due, queues one delivery per person per local day, and sends them.

Exactly once, as far as a network allows: the queue's unique key (person, local date) makes a second
delivery on the same day impossible; each delivery is claimed with a lease and marked sent in its own
transaction straight after the platform accepts it, so a worker killed at any moment loses nothing (its
leases run out and any worker picks them up) and can repeat at most the one message it was sending.
Workers coordinate only through the database: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite,
transactions are serialised (one worker, or the one inside ``serve``, is the intended set-up).

Each pass then sends the replies a turn still owes because its adapter crashed or could not post them
(:mod:`bot.outbound.redelivery`), and a pass that fails because the database is away is logged and tried again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from bot.dialogue import World
from bot.domain.channel import Channel
from bot.domain.records import DeliveryRecord, PersonRecord
from bot.domain.schedule import LATE_GRACE, due_within_grace, is_quiet_now, next_due
from bot.domain.types import Address, Clock, Reply, system_clock
from bot.outbound import nudges, retention
from bot.outbound.lead_digest import MonthlyDigest
from bot.outbound.pacing import Pacer
from bot.outbound.redelivery import Redelivery
from bot.outbound.relay import Relayer
from bot.outbound.retention import RetentionPolicy
from bot.outbound.sender import Failed, Gone, Outcome, RetryAfter, Sent, send_paced
from bot.outbound.team_posts import TeamPosts
from bot.outbound.thanks_delivery import ThanksCourier
from bot.store import DATABASE_ERRORS, Store, Tx

log = logging.getLogger(__name__)

ENQUEUE_BATCH = 1000
CLAIM_BATCH = 50
MAX_ATTEMPTS = 5
MAX_SLEEP = timedelta(seconds=60)
PURGE_EVERY = timedelta(days=1)
OUTAGE_FIRST_WAIT = 0.5  # seconds; doubled after each failed pass while the database is down
OUTAGE_MAX_WAIT = 15.0


@dataclass
class PassResult:
    enqueued: int = 0
    skipped_late: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    unreachable: int = 0
    rate_limited: int = 0  # of those retried, how many because the platform asked us to slow down
    relayed: int = 0  # replies passed between a lead and a reporter
    thanks: int = 0  # thanks between colleagues, their copies and thanks back (thanks_delivery.py)
    summaries: int = 0  # monthly summaries sent to leads
    redelivered: int = 0  # turns whose replies an adapter could not post, sent here instead (redelivery.py)
    team_posts: int = 0  # team reflection questions and summaries posted in channels (team_posts.py)

    def add(self, other: PassResult) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _Outgoing:
    delivery: DeliveryRecord
    address: Address | None = None
    replies: list[Reply] = field(default_factory=list)
    skip_reason: str = ""


NudgeObserver = Callable[[str, str, float | None], None]  # (platform, result, seconds late if sent)


class Worker:
    # called once per delivery attempt (the server's metrics set it); None costs nothing
    observe: NudgeObserver | None = None

    def __init__(
        self,
        store: Store,
        world: World,
        channels: Mapping[str, Channel],
        *,
        clock: Clock = system_clock,
        pacer: Pacer | None = None,
        lease: timedelta = timedelta(seconds=60),
        checkin_after: int = nudges.CHECKIN_AFTER_UNANSWERED,
        retention: RetentionPolicy | None = None,
    ) -> None:
        self.store = store
        self.world = world
        self.channels = dict(channels)
        self.clock = clock
        self.pacer = pacer or Pacer()
        self.lease = lease
        self.checkin_after = checkin_after
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.redelivery = Redelivery(store, self.channels, self.pacer, lease)
        self._wake = asyncio.Event()
        self._stopping = False
        self.relayer = Relayer(store, world, self.channels, self.pacer, lease)
        self.thanks = ThanksCourier(store, world, self.channels, self.pacer, lease)
        self.digest = MonthlyDigest(store, world, self.channels)
        self.retention = retention or RetentionPolicy(timezone=world.org.timezone)
        self._purged_at: datetime | None = None
        self.team_posts = TeamPosts(store, world, self.channels, self.pacer, owner=self.owner, lease=lease)

    # --- one pass ----------------------------------------------------------------------------------------
    async def run_once(self, now: datetime | None = None) -> PassResult:
        """Queue everything due at ``now`` and send all that is ready; returns what happened."""
        result = PassResult()
        if not self.channels:
            return result
        fixed = now
        while not self._stopping:
            added, late = await self.store.run(lambda tx: self._enqueue(tx, fixed or self.clock()))
            result.enqueued += added
            result.skipped_late += late
            if added + late == 0:
                break
        while not self._stopping:
            moment = fixed or self.clock()
            outgoing = await self.store.run(partial(self._claim, now=moment))
            if not outgoing:
                break
            for item in outgoing:
                done = await self._deliver(item, fixed)
                result.add(done)
                if self.observe is not None:
                    self._report(item, done, fixed or self.clock())
        if not self._stopping:
            owed = await self.redelivery.run_once(lambda: fixed or self.clock())
            result.redelivered += owed.sent
            result.retried += owed.retried
            result.failed += owed.dropped
            result.relayed += await self.relayer.run_once(fixed or self.clock())
            result.thanks += await self.thanks.run_once(fixed or self.clock())
            result.summaries += await self.digest.run_once(fixed or self.clock())
            team = await self.team_posts.run_once(lambda: fixed or self.clock())
            result.team_posts += team.questions + team.summaries
            await self._purge_daily(fixed or self.clock())
        return result

    def _report(self, item: _Outgoing, done: PassResult, now: datetime) -> None:
        """One delivery's outcome to the metrics hook: its result, and for a sent one how late it went."""
        assert self.observe is not None
        platform = item.address.platform if item.address is not None else ""
        lag = (now - item.delivery.due_at).total_seconds() if done.sent else None
        for name in ("sent", "skipped", "failed", "unreachable", "rate_limited"):
            if getattr(done, name):
                self.observe(platform, name, lag)
        if done.retried and not done.rate_limited:
            self.observe(platform, "retried", None)

    async def _purge_daily(self, now: datetime) -> None:
        """Retention runs on the first pass and then once a day (several workers doing it is harmless)."""
        if self._purged_at is not None and now - self._purged_at < PURGE_EVERY:
            return
        counts = await self.store.run(lambda tx: retention.purge(tx, now, self.retention))
        self._purged_at = now
        log.info("retention: %s", retention.describe(counts))

    def _enqueue(self, tx: Tx, now: datetime) -> tuple[int, int]:
        """Queue each due person's nudge and move their next due instant on. A stored instant found more than
        LATE_GRACE late (a slow pass, or a worker down for days) is skipped, rather than messaging someone in
        their evening or sending the missed days; but today's, if it is itself within the grace, still goes."""
        rows, moves, late = [], [], 0
        for person_id, schedule, due_at in tx.due_schedules(now, self.channels, ENQUEUE_BATCH):
            send_at: datetime | None = due_at
            if now - due_at > LATE_GRACE:
                late += 1
                send_at = due_within_grace(schedule, now)
            if send_at is not None:
                local_date = send_at.astimezone(ZoneInfo(schedule.timezone)).date()
                rows.append({"person_id": person_id, "local_date": local_date, "due_at": send_at})
            moves.append({"pid": person_id, "due": next_due(schedule, max(now, due_at))})
        return tx.enqueue(rows, moves), late

    def _claim(self, tx: Tx, now: datetime) -> list[_Outgoing]:
        """Claim a batch, decide what each says (first claim only), and check it should still go."""
        claimed = tx.claim(now, self.owner, now + self.lease, CLAIM_BATCH)
        if not claimed:
            return []
        found = tx.people_by_id({d.person_id for d in claimed})
        plans = self._plans(
            tx, [(found[d.person_id][0], d) for d in claimed if d.kind is None and d.person_id in found]
        )
        outgoing = []
        for delivery in claimed:
            item = _Outgoing(plans.get(delivery.id, delivery))
            outgoing.append(item)
            if delivery.person_id not in found:
                item.skip_reason = "person deleted"
                continue
            person, item.address = found[delivery.person_id]
            item.skip_reason = self._reason_to_skip(person, item.delivery, now)
            if not item.skip_reason:
                item.replies = nudges.replies(
                    item.delivery.kind or "lesson",
                    item.delivery.lesson_id,
                    item.delivery.recap_ids,
                    self.world.content,
                    person.unanswered,
                )
        return outgoing

    def _plans(self, tx: Tx, unplanned: list[tuple[PersonRecord, DeliveryRecord]]) -> dict[int, DeliveryRecord]:
        """Decide, once, what each delivery says: the lesson (or a check-in) and the look-backs due that day
        (looked up for the whole batch at once), which count as had only once it is sent."""
        plans = {d.id: nudges.plan(p, self.world.content, d.local_date, self.checkin_after) for p, d in unplanned}
        wanted = {
            p.id: (d.local_date, plans[d.id].lesson_id)
            for p, d in unplanned
            if plans[d.id].kind == "lesson" and p.last_recap_on != d.local_date
        }
        due = tx.due_recaps_for(wanted)
        planned = {}
        for person, delivery in unplanned:
            plan = plans[delivery.id]
            recap_id = ",".join(due.get(person.id, [])) if person.id in wanted else ""
            tx.set_plan(delivery.id, plan.kind, plan.lesson_id, recap_id or None)
            tx.update_person(person.id, plan.person_changes)
            planned[delivery.id] = replace(
                delivery, kind=plan.kind, lesson_id=plan.lesson_id, recap_id=recap_id or None
            )
        return planned

    @staticmethod
    def _reason_to_skip(person: PersonRecord, delivery: DeliveryRecord, now: datetime) -> str:
        schedule = person.schedule
        if not person.subscribed:
            return "stopped"
        if not person.reachable:
            return "unreachable"
        if person.paused_until and delivery.local_date <= person.paused_until:
            return "paused"
        if now - delivery.due_at > LATE_GRACE:
            return "too late"
        if is_quiet_now(schedule, now):
            return "quiet hours"
        return ""

    async def _deliver(self, item: _Outgoing, fixed_now: datetime | None) -> PassResult:
        delivery = item.delivery
        now = lambda: fixed_now or self.clock()  # noqa: E731 - time moves during a send unless pinned
        if item.skip_reason or item.address is None:
            await self.store.run(
                lambda tx: tx.finish_delivery(delivery.id, self.owner, "skipped", now(), item.skip_reason), quick=True
            )
            return PassResult(skipped=1)
        address = item.address
        channel = self.channels.get(address.platform)
        assert channel is not None  # only people on platforms we can send to are queued
        outcome = await send_paced(channel, address, item.replies, pacer=self.pacer)
        return await self._record(outcome, delivery, now)

    async def _record(self, outcome: Outcome, delivery: DeliveryRecord, now: Callable[[], datetime]) -> PassResult:
        """What one send's outcome means for its delivery row, and for the pass's counts."""
        match outcome:
            case Sent():
                await self.store.run(lambda tx: self._sent(tx, delivery, now()), quick=True)
                return PassResult(sent=1)
            case Gone(reason=reason):
                await self.store.run(lambda tx: self._unreachable(tx, delivery, now(), reason), quick=True)
                return PassResult(unreachable=1)
            case RetryAfter(seconds=seconds):  # the pacer's bucket is already blocked that long
                retry_at = now() + timedelta(seconds=seconds)
                await self.store.run(
                    lambda tx: tx.retry_delivery(delivery.id, self.owner, retry_at, "rate limited"), quick=True
                )
                return PassResult(retried=1, rate_limited=1)
            case Failed(kind=kind):
                return await self._failed(delivery, kind, now)

    async def _failed(self, delivery: DeliveryRecord, kind: str, now: Callable[[], datetime]) -> PassResult:
        """A passing failure: retry with backoff, then give up after MAX_ATTEMPTS."""
        log.warning("nudge send failed (%s), attempt %d", kind, delivery.attempts)
        if delivery.attempts >= MAX_ATTEMPTS:
            await self.store.run(
                lambda tx: tx.finish_delivery(delivery.id, self.owner, "failed", now(), kind), quick=True
            )
            return PassResult(failed=1)
        retry_at = now() + timedelta(seconds=30 * 2 ** (delivery.attempts - 1))
        await self.store.run(lambda tx: tx.retry_delivery(delivery.id, self.owner, retry_at, kind), quick=True)
        return PassResult(retried=1)

    def _sent(self, tx: Tx, delivery: DeliveryRecord, now: datetime) -> None:
        if not tx.finish_delivery(delivery.id, self.owner, "sent", now):
            return
        tx.count_answerless(delivery.person_id)
        if delivery.kind == "lesson" and delivery.lesson_id:
            tx.lesson_given(delivery.person_id, delivery.lesson_id, delivery.local_date)
        if delivery.recap_ids:
            tx.recalled(delivery.person_id, delivery.recap_ids, delivery.local_date)
            tx.update_person(delivery.person_id, {"last_recap_on": delivery.local_date})

    def _unreachable(self, tx: Tx, delivery: DeliveryRecord, now: datetime, error: str) -> None:
        tx.finish_delivery(delivery.id, self.owner, "failed", now, error or "unreachable")
        tx.update_person(delivery.person_id, {"reachable": False, "next_due_at": None})

    # --- the loop ------------------------------------------------------------------------------------------
    async def run_forever(self) -> None:
        """Pass after pass, sleeping until the next due time (at most a minute) or a wake-up. A pass that fails
        (the database is down or restarting) is logged in one line and tried again later: never an exit."""
        log.info("nudge worker started (%s), sending to: %s", self.owner, ", ".join(sorted(self.channels)))
        failures = 0
        try:
            while not self._stopping:
                self._wake.clear()  # a wake-up during the pass (a reply to relay) then cuts the sleep after it
                try:
                    result = await self.run_once()
                    wake_at = await self.store.run(_next_wake)
                except Exception as exc:  # the loop must outlive any one pass (in `serve` it is a task)
                    # the database is down or restarting: say so once per try, wait longer each time, go on
                    failures += 1
                    delay = min(OUTAGE_MAX_WAIT, OUTAGE_FIRST_WAIT * 2 ** (failures - 1))
                    if isinstance(exc, DATABASE_ERRORS):
                        log.error("nudge pass failed: database unavailable (%s); retrying in %gs", _kind(exc), delay)
                    else:
                        log.exception("nudge pass failed; retrying in %gs", delay)
                    await self._sleep(delay)
                    continue
                if failures:
                    log.info("nudge worker: database reachable again")
                    failures = 0
                if result.sent or result.skipped or result.failed or result.redelivered or result.relayed:
                    log.info("nudge pass: %s", _summary(result))
                now = self.clock()
                # at most a lease: replies an adapter failed to post become owed without waking us
                longest = min(MAX_SLEEP, self.lease)
                delay = longest if wake_at is None else min(longest, max(wake_at - now, timedelta(0)))
                await self._sleep(delay.total_seconds())
        finally:
            try:
                await self.store.run(lambda tx: (tx.release_leases(self.owner), tx.release_team_leases(self.owner)))
            except DATABASE_ERRORS as exc:  # they run out on their own: nothing is lost, only delayed
                log.warning("could not hand back leases at stop (%s)", _kind(exc))

    async def _sleep(self, seconds: float) -> None:
        """Until ``seconds`` pass or someone calls :meth:`wake` or :meth:`stop` (even during the pass before)."""
        if self._stopping:
            return
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=max(seconds, 0.05))
        except TimeoutError:
            pass

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()


def _next_wake(tx: Tx) -> datetime | None:
    found = [moment for moment in (tx.next_wake(), tx.next_owed_retry()) if moment is not None]
    return min(found) if found else None


def _kind(exc: BaseException) -> str:
    """The driver's exception name (never its message, which can hold SQL parameters)."""
    return type(getattr(exc, "orig", None) or exc).__name__


def _summary(result: PassResult) -> str:
    return ", ".join(f"{name} {value}" for name, value in vars(result).items() if value)


def describe(result: PassResult) -> dict[str, Any]:
    return vars(result).copy()
