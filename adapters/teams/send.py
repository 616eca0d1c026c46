"""Posting to the Bot Connector: per-conversation pacing, retries, and what each failure means to the worker.

Neither the Agents SDK nor botbuilder retries anything, so this module decides:

- 429 (too many requests): proactive sends raise :class:`~bot.domain.channel.RateLimited` at once with the
  connector's ``Retry-After``, so the worker slows the whole tenant down; replies to someone who is waiting
  wait here instead, if the connector asks for only a short pause.
- 412, 502, 503, 504, a dropped connection or a timeout: a passing problem. Retried a couple of times with
  jittered exponential backoff (honouring ``Retry-After`` when given), then ``RateLimited`` if the connector
  said when to come back, else :class:`TeamsSendError`, which the worker treats as a passing failure.
- 403 (the person blocked or uninstalled the app) and 404 (the conversation is gone):
  :class:`~bot.domain.channel.Undeliverable`, so the worker stops scheduling that person until they write again.
- Anything else (400, 401, 413, ...): :class:`TeamsSendError`, never retried here.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from aiohttp import ClientConnectionError, ClientResponseError

from bot.domain.channel import RateLimited, Undeliverable
from bot.outbound.pacing import TokenBucket

log = logging.getLogger(__name__)
T = TypeVar("T")

TRANSIENT = frozenset({412, 502, 503, 504})
GONE = frozenset({403, 404})
DEFAULT_RETRY_AFTER = 1.0  # a 429 without Retry-After: wait a second
MAX_RETRY_AFTER = 3600.0  # never believe a header asking for more than an hour


class TeamsSendError(Exception):
    """The connector refused a message for a reason that is neither rate limiting nor an uninstall.

    The message names the HTTP status only: never the conversation or what was being sent.
    """

    def __init__(self, status: int | None, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one post. ``wait_on_429`` is the longest ``Retry-After`` worth waiting for in-line
    (0 for proactive sends: the worker reschedules instead, and paces the whole tenant down)."""

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    timeout: float = 20.0
    wait_on_429: float = 0.0


_JITTER = random.Random()  # one generator for the process: seeding one per call costs an os.urandom each time


def retry_after_seconds(headers: Any) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date), or None when absent or unreadable."""
    if not headers:
        return None
    raw = headers.get("Retry-After")
    if raw is None:
        return None
    text = str(raw).strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return min(max(0.0, seconds), MAX_RETRY_AFTER)


def _status_of(exc: BaseException) -> int | None:
    return exc.status if isinstance(exc, ClientResponseError) else None


async def post_with_retry(
    post: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> T:
    """Run ``post`` (one HTTP call to the connector) under ``policy``; map failures as the module says."""
    rng = rng or _JITTER
    waited_for_429 = 0.0
    attempt = 0
    while True:
        attempt += 1
        try:
            async with asyncio.timeout(policy.timeout):
                return await post()
        except ClientResponseError as exc:
            status = exc.status
            hinted = retry_after_seconds(exc.headers)
            if status in GONE:
                raise Undeliverable(f"Teams answered {status}: blocked, uninstalled or conversation gone") from None
            if status == 429:
                wait = DEFAULT_RETRY_AFTER if hinted is None else hinted
                if attempt < policy.attempts and waited_for_429 + wait <= policy.wait_on_429:
                    waited_for_429 += wait
                    await sleep(wait)
                    continue
                raise RateLimited(wait, "Teams answered 429") from None
            if status not in TRANSIENT:
                raise TeamsSendError(status, f"Teams answered {status}") from None
            failure: BaseException = exc
        except (ClientConnectionError, TimeoutError) as exc:
            hinted = None
            failure = exc
        if attempt >= policy.attempts:
            last_status = _status_of(failure)
            if hinted is not None:
                raise RateLimited(hinted, f"Teams answered {last_status} after {attempt} attempts") from None
            raise TeamsSendError(last_status, f"Teams unavailable ({last_status or type(failure).__name__})") from None
        delay = _backoff(policy, attempt, rng) if hinted is None else min(hinted, policy.max_delay)
        log.info("teams send: %s, retrying in %.2fs", _status_of(failure) or type(failure).__name__, delay)
        await sleep(delay)


def _backoff(policy: RetryPolicy, attempt: int, rng: random.Random) -> float:
    """Full jitter: anywhere between half and all of the exponential step, so retries do not line up."""
    step = min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1))
    return step / 2 + rng.random() * step / 2


@dataclass
class ConversationPacer:
    """At most ``rate`` messages a second into any one conversation (Teams allows 7; the worker already
    paces each tenant). Buckets idle for a minute are full again, so they are dropped to bound memory."""

    rate: float
    clock: Callable[[], float] = time.monotonic
    idle_after: float = 60.0
    _buckets: dict[str, tuple[TokenBucket, float]] = field(default_factory=dict)
    _last_prune: float = 0.0

    def _bucket(self, conversation: str) -> TokenBucket:
        now = self.clock()
        if now - self._last_prune > self.idle_after:
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] <= self.idle_after}
            self._last_prune = now
        entry = self._buckets.get(conversation)
        bucket = entry[0] if entry else TokenBucket(rate=self.rate, burst=max(1.0, self.rate), clock=self.clock)
        self._buckets[conversation] = (bucket, now)
        return bucket

    async def acquire(self, conversation: str) -> None:
        bucket = self._bucket(conversation)
        while (delay := bucket.wait_time()) > 0:  # noqa: ASYNC110 - waiting for time to pass, not an event
            await asyncio.sleep(delay)

    def block(self, conversation: str, seconds: float) -> None:
        self._bucket(conversation).block_for(seconds)

    def __len__(self) -> int:
        return len(self._buckets)
