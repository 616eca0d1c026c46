"""Sending replies a turn still owes: its adapter crashed or gave up before the platform accepted them.

A turn stores its replies with its remembered event, in the turn's own transaction (see :mod:`bot.turns.handler`);
the adapter posts them after the commit and records them as delivered. When that does not happen within the
adapter's hold (the process was killed, the platform answered 500 or timed out for too long), this pass,
run by the nudge worker after its nudges, claims them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two
workers never take the same ones) and sends them one by one through the platform's proactive channel,
recording each as it is accepted. So a reply is never lost to a crash or an outage, and is sent twice only
if a process dies between the platform accepting it and the database recording that.

Events are kept for a day (long past any platform's retries), then purged with whatever they still owe:
owed replies can quote what the person wrote, so they are never logged and never kept longer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from bot.domain.channel import Channel
from bot.domain.records import OwedReplies
from bot.outbound.pacing import Pacer
from bot.outbound.sender import Failed, Gone, Outcome, RetryAfter, Sent, send_paced
from bot.store import Store, Tx

log = logging.getLogger(__name__)

BATCH = 50
MAX_ATTEMPTS = 8  # with the backoff below (2 s doubling, at most a hold), about 4 minutes; then dropped
KEEP_EVENTS = timedelta(days=1)
PURGE_EVERY = timedelta(minutes=10)


@dataclass
class RedeliveryResult:
    sent: int = 0  # events whose owed replies all reached the platform
    retried: int = 0
    dropped: int = 0  # given up: unreachable, or still failing after MAX_ATTEMPTS
    purged: int = 0


class Redelivery:
    def __init__(self, store: Store, channels: Mapping[str, Channel], pacer: Pacer, hold: timedelta) -> None:
        self.store = store
        self.channels = channels
        self.pacer = pacer
        self.hold = hold
        self._purged_at: datetime | None = None

    async def run_once(self, clock: Callable[[], datetime]) -> RedeliveryResult:
        result = RedeliveryResult()
        now = clock()
        if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
            result.purged = await self.store.run(lambda tx: tx.purge_events(now - KEEP_EVENTS))
            self._purged_at = now
        platforms = sorted(self.channels)
        while platforms:
            moment = clock()
            owed = await self.store.run(partial(self._claim, now=moment, platforms=platforms))
            if not owed:
                break
            for item in owed:
                await self._send(item, clock, result)
        return result

    def _claim(self, tx: Tx, *, now: datetime, platforms: list[str]) -> list[OwedReplies]:
        return tx.claim_owed_replies(now, now + self.hold, BATCH, platforms)

    async def _send(self, item: OwedReplies, clock: Callable[[], datetime], result: RedeliveryResult) -> None:
        outcome, sent = await self._post(item)
        key = item.event_key
        match outcome:
            case Sent():
                await self.store.run(lambda tx: tx.replies_delivered(key))
                result.sent += 1
            case Gone():
                log.warning("owed replies dropped: the person can no longer be reached")
                await self.store.run(lambda tx: tx.replies_delivered(key))
                result.dropped += 1
            case RetryAfter() | Failed() if item.attempts >= MAX_ATTEMPTS:
                log.error("owed replies dropped after %d attempts (%s)", item.attempts, outcome.kind)
                await self.store.run(lambda tx: tx.replies_delivered(key))
                result.dropped += 1
            case RetryAfter() | Failed():
                await self._reschedule(item, outcome, sent, clock)
                result.retried += 1

    async def _post(self, item: OwedReplies) -> tuple[Outcome, int]:
        """Send the owed replies one at a time, each paced, stopping at the first that does not go; returns
        what stopped it (or :class:`Sent`) and how many went."""
        address = item.address
        channel = self.channels[address.platform]
        last_attempt = item.attempts >= MAX_ATTEMPTS  # dropped whatever happens: a rate limit does not block
        outcome: Outcome = Sent()
        sent = 0
        try:
            # within half the hold, so no other worker takes these replies over while one is still being posted
            async with asyncio.timeout(self.hold.total_seconds() / 2):
                for reply in item.replies:
                    outcome = await send_paced(
                        channel, address, [reply], pacer=self.pacer, block_on_rate_limit=not last_attempt
                    )
                    if not isinstance(outcome, Sent):
                        break
                    sent += 1
        except TimeoutError:  # the hold ran short: a passing failure like any other
            outcome = Failed(TimeoutError.__name__)
        return outcome, sent

    async def _reschedule(
        self, item: OwedReplies, outcome: RetryAfter | Failed, sent: int, clock: Callable[[], datetime]
    ) -> None:
        """Record the replies that went and try the rest later: after the platform's wait (its bucket is
        already blocked that long), or with a doubling backoff of at most a hold."""
        key = item.event_key
        if isinstance(outcome, RetryAfter):
            wait = timedelta(seconds=max(1.0, outcome.seconds))
        else:
            wait = min(timedelta(seconds=2**item.attempts), self.hold)
        log.warning("owed replies not sent (%s), attempt %d", outcome.kind, item.attempts)
        retry_at = clock() + wait

        def reschedule(tx: Tx) -> None:
            if sent:
                tx.replies_delivered(key, sent)
            tx.retry_owed_replies(key, retry_at)

        await self.store.run(reschedule)
