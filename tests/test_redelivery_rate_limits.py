"""Owed replies and a platform that keeps asking us to slow down: the bucket is blocked for each retry, but
not for the last attempt, whose replies are dropped whatever the platform says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.domain.channel import RateLimited
from bot.domain.types import Address, Incoming, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.redelivery import MAX_ATTEMPTS, Redelivery
from bot.store import Store
from bot.turns.handler import Bot
from tests.fakes import FixedClock, RecordingChannel

HOLD = timedelta(seconds=60)
WORKER = Address("slack", "T1", "W900", "D900")


class AlwaysSlowDown(RecordingChannel):
    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        raise RateLimited(30.0)


async def test_each_retry_blocks_the_bucket_and_the_last_attempt_does_not(
    bot: Bot, store: Store, clock: FixedClock
) -> None:
    assert await bot.handle(Incoming(WORKER, "lesson", event_id="Ev1"))  # and the adapter never posted them
    clock.advance(seconds=61)
    channel = AlwaysSlowDown(name="slack")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        pacer = Pacer({"slack": 1000.0})
        result = await Redelivery(store, {"slack": channel}, pacer, HOLD).run_once(clock)
        blocked = pacer.bucket("slack", "T1").blocked_until > 0
        if attempt < MAX_ATTEMPTS:
            assert (result.retried, result.dropped, blocked) == (1, 0, True)
        else:
            assert (result.retried, result.dropped, blocked) == (0, 1, False)
        clock.advance(seconds=31)
    assert (await Redelivery(store, {"slack": channel}, Pacer(), HOLD).run_once(clock)).retried == 0
