"""What we remember about people between requests, in memory only: their DM channel and time zone.

Both are cheap to ask Slack again (after a restart, or on another process), so nothing here is stored.
Lookups are bounded in time: a slow ``users.info`` must not hold up a reply, it only loses the time zone
(the core then uses the organisation's).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Generic, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A small LRU map whose entries expire after ``ttl`` seconds."""

    def __init__(self, size: int = 10_000, ttl: float = 6 * 3600) -> None:
        self.size = size
        self.ttl = ttl
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        item = self._items.get(key)
        if item is None:
            return None
        at, value = item
        if time.monotonic() - at > self.ttl:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = (time.monotonic(), value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def forget(self, key: K) -> None:
        self._items.pop(key, None)


class Directory:
    """DM channel ids (``conversations.open``) and time zones (``users.info``) by (tenant, user)."""

    def __init__(self, lookup_timeout: float = 2.0) -> None:
        self.lookup_timeout = lookup_timeout
        self.channels: Recent[tuple[str, str], str] = Recent(ttl=24 * 3600)
        self.zones: Recent[tuple[str, str], str] = Recent()

    def remember_channel(self, tenant: str, user: str, channel: str) -> None:
        if channel:
            self.channels.put((tenant, user), channel)

    async def dm_channel(self, client: AsyncWebClient, tenant: str, user: str) -> str:
        """The DM channel with ``user``, opening it if need be. Raises SlackApiError when Slack refuses."""
        key = (tenant, user)
        channel = self.channels.get(key)
        if channel:
            return channel
        response = await client.conversations_open(users=user)
        channel = str((response.get("channel") or {}).get("id") or "")
        self.remember_channel(tenant, user, channel)
        return channel

    async def timezone(self, client: AsyncWebClient, tenant: str, user: str) -> str:
        """The person's IANA time zone from ``users.info``, or ``""`` if Slack is slow, refuses or has none."""
        key = (tenant, user)
        cached = self.zones.get(key)
        if cached is not None:
            return cached
        try:
            response = await asyncio.wait_for(client.users_info(user=user), self.lookup_timeout)
        except Exception as exc:  # best effort: any failure only costs the time zone
            log.warning("users.info failed (%s): using the organisation's time zone", _reason(exc))
            return ""
        zone = str((response.get("user") or {}).get("tz") or "")
        self.zones.put(key, zone)
        return zone


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return type(exc).__name__
