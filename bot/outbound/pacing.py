"""Token buckets: how fast nudges go out to each workspace or tenant.

Each (platform, tenant) gets its own bucket, so one busy Slack workspace never slows another, and the rates
stay under the platforms' published limits. A platform's ``Retry-After`` blocks that bucket until then.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# Conservative defaults (messages per second per workspace/tenant): Slack allows about one
# chat.postMessage per second per channel and a few hundred a minute per workspace; Teams about 50
# requests per second per app per tenant. Override with KINSHIP_PACE, e.g. "slack=2,teams=20".
DEFAULT_RATES: Mapping[str, float] = {"slack": 4.0, "teams": 40.0}
FALLBACK_RATE = 20.0


@dataclass
class TokenBucket:
    rate: float  # tokens per second
    burst: float
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    updated: float = field(init=False)
    blocked_until: float = 0.0

    def __post_init__(self) -> None:
        self.tokens = self.burst
        self.updated = self.clock()

    def wait_time(self) -> float:
        """Seconds until one token is available (0 when one is available now); takes it when 0."""
        now = self.clock()
        if now < self.blocked_until:
            return self.blocked_until - now
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate

    def block_for(self, seconds: float) -> None:
        self.blocked_until = max(self.blocked_until, self.clock() + seconds)
        self.tokens = 0.0


class Pacer:
    def __init__(self, rates: Mapping[str, float] | None = None) -> None:
        self.rates = dict(DEFAULT_RATES if rates is None else rates)
        self._buckets: dict[tuple[str, str], TokenBucket] = {}

    def bucket(self, platform: str, tenant: str) -> TokenBucket:
        key = (platform, tenant)
        if key not in self._buckets:
            rate = self.rates.get(platform, FALLBACK_RATE)
            self._buckets[key] = TokenBucket(rate=rate, burst=max(1.0, rate))
        return self._buckets[key]

    async def acquire(self, platform: str, tenant: str) -> None:
        bucket = self.bucket(platform, tenant)
        while (delay := bucket.wait_time()) > 0:  # noqa: ASYNC110 - waiting for time to pass, not for an event
            await asyncio.sleep(delay)

    def back_off(self, platform: str, tenant: str, seconds: float) -> None:
        self.bucket(platform, tenant).block_for(seconds)
