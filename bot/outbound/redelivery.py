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

from bot.domain.channel import Channel, RateLimited, Undeliverable
from bot.domain.records import OwedReplies
from bot.outbound.pacing import Pacer
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
            owed = await self.store.run(lambda tx, m=moment: tx.claim_owed_replies(m, m + self.hold, BATCH, platforms))
            if not owed:
                break
            for item in owed:
                await self._send(item, clock, result)
        return result

    async def _send(self, item: OwedReplies, clock: Callable[[], datetime], result: RedeliveryResult) -> None:
        address, key = item.address, item.event_key
        channel = self.channels[address.platform]
        sent = 0
        try:
            # within half the hold, so no other worker takes these replies over while one is still being posted
            async with asyncio.timeout(self.hold.total_seconds() / 2):
                for reply in item.replies:
                    await self.pacer.acquire(address.platform, address.tenant)
                    await channel.send(address, [reply])
                    sent += 1
        except Undeliverable:
            log.warning("owed replies dropped: the person can no longer be reached")
            await self.store.run(lambda tx: tx.replies_delivered(key))
            result.dropped += 1
            return
        except Exception as exc:  # the name only: the message may quote what we tried to send
            kind = type(exc).__name__
            if item.attempts >= MAX_ATTEMPTS:
                log.error("owed replies dropped after %d attempts (%s)", item.attempts, kind)
                await self.store.run(lambda tx: tx.replies_delivered(key))
                result.dropped += 1
                return
            if isinstance(exc, RateLimited):
                self.pacer.back_off(address.platform, address.tenant, exc.retry_after)
                wait = timedelta(seconds=max(1.0, exc.retry_after))
            else:
                wait = min(timedelta(seconds=2**item.attempts), self.hold)
            log.warning("owed replies not sent (%s), attempt %d", kind, item.attempts)
            retry_at = clock() + wait

            def reschedule(tx: Tx) -> None:
                if sent:
                    tx.replies_delivered(key, sent)
                tx.retry_owed_replies(key, retry_at)

            await self.store.run(reschedule)
            result.retried += 1
            return
        await self.store.run(lambda tx: tx.replies_delivered(key))
        result.sent += 1
