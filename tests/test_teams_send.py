"""What each Bot Connector answer means: retries, Retry-After, pacing (no network: the post is a stub)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from aiohttp import ClientConnectionError, ClientResponseError, RequestInfo
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from adapters.teams.send import (
    ConversationPacer,
    RetryPolicy,
    TeamsSendError,
    post_with_retry,
    retry_after_seconds,
)
from bot.domain.channel import RateLimited, Undeliverable

POLICY = RetryPolicy(attempts=3, base_delay=1.0, max_delay=8.0)


def answer(status: int, retry_after: str | None = None) -> ClientResponseError:
    headers = CIMultiDictProxy(CIMultiDict({"Retry-After": retry_after} if retry_after is not None else {}))
    url = URL("http://127.0.0.1/v3/conversations/a/activities")
    info = RequestInfo(url, "POST", CIMultiDictProxy(CIMultiDict()), url)
    return ClientResponseError(info, (), status=status, message="x", headers=headers)


class Connector:
    """Answers with the given failures in order, then succeeds; records the sleeps it was asked for."""

    def __init__(self, *failures: BaseException) -> None:
        self.failures = list(failures)
        self.calls = 0
        self.slept: list[float] = []

    async def post(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "sent"

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    async def run(self, policy: RetryPolicy = POLICY) -> str:
        return await post_with_retry(self.post, policy, sleep=self.sleep, rng=random.Random(1))


async def test_success_needs_one_call() -> None:
    fake = Connector()
    assert await fake.run() == "sent" and fake.calls == 1 and fake.slept == []


@pytest.mark.parametrize("status", [403, 404])
async def test_blocked_uninstalled_or_gone_is_undeliverable(status: int) -> None:
    fake = Connector(answer(status))
    with pytest.raises(Undeliverable):
        await fake.run()
    assert fake.calls == 1


async def test_429_is_rate_limited_at_once_with_the_connectors_retry_after() -> None:
    fake = Connector(answer(429, "12"))
    with pytest.raises(RateLimited) as caught:
        await fake.run()
    assert caught.value.retry_after == 12 and fake.calls == 1


async def test_429_without_retry_after_still_says_how_long() -> None:
    with pytest.raises(RateLimited) as caught:
        await Connector(answer(429)).run()
    assert caught.value.retry_after == 1.0


async def test_a_reply_someone_is_waiting_for_waits_out_a_short_429() -> None:
    fake = Connector(answer(429, "2"))
    assert await fake.run(RetryPolicy(wait_on_429=3.0)) == "sent"
    assert fake.slept == [2.0]
    with pytest.raises(RateLimited):  # but not a long one
        await Connector(answer(429, "30")).run(RetryPolicy(wait_on_429=3.0))


@pytest.mark.parametrize("status", [412, 502, 503, 504])
async def test_transient_answers_are_retried_with_jittered_backoff(status: int) -> None:
    fake = Connector(answer(status), answer(status))
    assert await fake.run() == "sent"
    assert fake.calls == 3
    first, second = fake.slept
    assert 0.5 <= first <= 1.0 and 1.0 <= second <= 2.0  # between half and all of 1 s, then 2 s


async def test_transient_answers_honour_retry_after_and_end_as_rate_limited() -> None:
    fake = Connector(answer(503, "4"), answer(503, "4"), answer(503, "4"))
    with pytest.raises(RateLimited) as caught:
        await fake.run()
    assert fake.slept == [4.0, 4.0] and caught.value.retry_after == 4.0


async def test_transient_answers_without_a_hint_end_as_a_passing_failure() -> None:
    fake = Connector(answer(502), ClientConnectionError(), TimeoutError())
    with pytest.raises(TeamsSendError):
        await fake.run()
    assert fake.calls == 3


@pytest.mark.parametrize("status", [400, 401, 413, 500])
async def test_other_answers_are_not_retried(status: int) -> None:
    fake = Connector(answer(status))
    with pytest.raises(TeamsSendError) as caught:
        await fake.run()
    assert caught.value.status == status and fake.calls == 1
    assert "conversation" not in str(caught.value)  # the message names the status only


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds({"Retry-After": "5"}) == 5.0
    assert retry_after_seconds({"Retry-After": "0.25"}) == 0.25
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (retry_after_seconds({"Retry-After": soon}) or 0) <= 31
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    assert retry_after_seconds({}) is None and retry_after_seconds(None) is None
    assert retry_after_seconds({"Retry-After": "-3"}) == 0.0
    assert retry_after_seconds({"Retry-After": "999999"}) == 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_conversation_pacer_allows_the_rate_per_conversation() -> None:
    clock = Clock()
    pacer = ConversationPacer(rate=2.0, clock=clock)
    a = pacer._bucket("a")
    assert a.wait_time() == 0 and a.wait_time() == 0  # a burst of two
    assert a.wait_time() == pytest.approx(0.5)
    assert pacer._bucket("b").wait_time() == 0  # another conversation is not slowed
    pacer.block("b", 10)
    assert pacer._bucket("b").wait_time() == pytest.approx(10)
    clock.now += 120
    pacer._bucket("c")
    assert len(pacer) == 1  # idle buckets (full again) are dropped
