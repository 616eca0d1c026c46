"""One paced send and what came of it: sent, gone, asked to wait (the bucket then blocked), or a passing failure."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from bot.domain.channel import Channel, RateLimited, Undeliverable
from bot.domain.types import Address, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.sender import Failed, Gone, RetryAfter, Sent, send_paced
from tests.fakes import RecordingChannel

AMY = Address("console", "T1", "amy", "console:amy")
HELLO = [Reply(text="Hello")]


@dataclass
class CuedChannel(RecordingChannel):
    """A platform that fails each send as cued (None: accept it), in order, then accepts everything."""

    cues: list[BaseException | None] = field(default_factory=list)
    hang: bool = False  # never answer, as a platform that has stopped responding

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if self.hang:
            await asyncio.Event().wait()
        cue = self.cues.pop(0) if self.cues else None
        if cue is not None:
            raise cue
        await super().send(address, replies)


def fast_pacer() -> Pacer:
    return Pacer({"console": 1000.0})


def test_the_double_is_a_channel() -> None:
    assert isinstance(CuedChannel(), Channel)


async def test_an_accepted_send_is_sent_and_reaches_the_platform() -> None:
    channel = CuedChannel()
    assert await send_paced(channel, AMY, HELLO, pacer=fast_pacer()) == Sent()
    assert channel.sent == [(AMY, tuple(HELLO))]


async def test_a_send_waits_for_a_token_from_its_platform_and_tenant_bucket() -> None:
    pacer = Pacer({"console": 1.0})  # one message a second, a burst of one
    assert await send_paced(CuedChannel(), AMY, HELLO, pacer=pacer) == Sent()
    assert pacer.bucket("console", "T1").wait_time() > 0  # its token was taken
    assert pacer.bucket("console", "T2").wait_time() == 0  # another tenant's is untouched


async def test_a_person_who_cannot_be_reached_is_gone_with_the_platform_reason() -> None:
    pacer = fast_pacer()
    channel = CuedChannel(cues=[Undeliverable("account_inactive")])
    assert await send_paced(channel, AMY, HELLO, pacer=pacer) == Gone("account_inactive", "Undeliverable")
    assert channel.sent == []
    assert pacer.bucket("console", "T1").blocked_until == 0.0


async def test_a_rate_limit_says_how_long_to_wait_and_blocks_the_bucket_that_long() -> None:
    pacer = fast_pacer()
    channel = CuedChannel(cues=[RateLimited(30.0)])
    assert await send_paced(channel, AMY, HELLO, pacer=pacer) == RetryAfter(30.0, "RateLimited")
    assert pacer.bucket("console", "T1").wait_time() == pytest.approx(30.0, abs=1.0)
    assert pacer.bucket("console", "T2").wait_time() == 0  # one tenant's limit never slows another


async def test_a_rate_limit_can_leave_the_bucket_alone() -> None:
    pacer = fast_pacer()
    channel = CuedChannel(cues=[RateLimited(30.0)])
    outcome = await send_paced(channel, AMY, HELLO, pacer=pacer, block_on_rate_limit=False)
    assert outcome == RetryAfter(30.0, "RateLimited")
    assert pacer.bucket("console", "T1").blocked_until == 0.0


async def test_without_a_pacer_nothing_waits_and_a_rate_limit_is_still_reported() -> None:
    channel = CuedChannel(cues=[RateLimited(5.0), None])
    assert await send_paced(channel, AMY, HELLO, pacer=None) == RetryAfter(5.0, "RateLimited")
    assert await send_paced(channel, AMY, HELLO, pacer=None) == Sent()


async def test_any_other_error_is_a_passing_failure_named_but_never_quoted() -> None:
    channel = CuedChannel(cues=[RuntimeError("Hello, the words we tried to send")])
    outcome = await send_paced(channel, AMY, HELLO, pacer=fast_pacer())
    assert outcome == Failed("RuntimeError")
    assert "Hello" not in repr(outcome)


async def test_each_send_is_classified_on_its_own() -> None:
    pacer = fast_pacer()
    channel = CuedChannel(cues=[ConnectionResetError(), Undeliverable("gone"), RateLimited(1.0), None])
    outcomes = [await send_paced(channel, AMY, HELLO, pacer=pacer) for _ in range(4)]
    assert outcomes == [Failed("ConnectionResetError"), Gone("gone"), RetryAfter(1.0), Sent()]
    assert len(channel.sent) == 1


async def test_a_timeout_around_a_send_is_not_swallowed() -> None:
    channel = CuedChannel(hang=True)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await send_paced(channel, AMY, HELLO, pacer=fast_pacer())


def test_outcomes_are_frozen() -> None:
    with pytest.raises(AttributeError):
        RetryAfter(1.0).seconds = 2.0  # type: ignore[misc]
