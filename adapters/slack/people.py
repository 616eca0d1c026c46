"""What we remember about people between requests, in memory only: their DM channel, and from ``users.info``
their time zone and the name Slack shows for them.

All are cheap to ask Slack again (after a restart, or on another process), so nothing here is stored, and the
name is never logged: the core uses it only for a thank-you its sender chooses to sign. Lookups are bounded in
time: a slow ``users.info`` must not hold up a reply, it only loses the time zone (the core then uses the
organisation's) and the name (the core then asks for one, if it needs it).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

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


@dataclass(frozen=True, slots=True)
class Profile:
    """What ``users.info`` tells us about a person: their IANA time zone and their name as Slack shows it
    (each ``""`` when unknown)."""

    zone: str = ""
    name: str = field(default="", repr=False)  # never logged

    @classmethod
    def of(cls, user: Mapping[str, Any]) -> Profile:
        profile = user.get("profile") if isinstance(user.get("profile"), Mapping) else {}
        name = (profile or {}).get("display_name") or user.get("real_name") or (profile or {}).get("real_name")
        return cls(str(user.get("tz") or ""), " ".join(str(name or "").split()))


UNKNOWN = Profile()


class Directory:
    """DM channel ids (``conversations.open``) and profiles (``users.info``) by (tenant, user)."""

    def __init__(self, lookup_timeout: float = 2.0) -> None:
        self.lookup_timeout = lookup_timeout
        self.channels: Recent[tuple[str, str], str] = Recent(ttl=24 * 3600)
        self.profiles: Recent[tuple[str, str], Profile] = Recent()

    def remember_channel(self, tenant: str, user: str, channel: str) -> None:
        if channel:
            self.channels.put((tenant, user), channel)

    def known(self, tenant: str, user: str) -> tuple[str, Profile] | None:
        """Their DM channel and profile when both are remembered (nothing to ask Slack), else None."""
        key = (tenant, user)
        channel, profile = self.channels.get(key), self.profiles.get(key)
        return (channel, profile) if channel and profile is not None else None

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

    async def profile(self, client: AsyncWebClient, tenant: str, user: str) -> Profile:
        """The person's time zone and name from ``users.info`` (asked once, then remembered), or
        :data:`UNKNOWN` if Slack is slow or refuses."""
        key = (tenant, user)
        cached = self.profiles.get(key)
        if cached is not None:
            return cached
        try:
            response = await asyncio.wait_for(client.users_info(user=user), self.lookup_timeout)
        except Exception as exc:  # best effort: any failure only costs the time zone and the name
            log.warning("users.info failed (%s): using the organisation's time zone", _reason(exc))
            return UNKNOWN
        found = response.get("user")
        profile = Profile.of(found) if isinstance(found, Mapping) else UNKNOWN
        self.profiles.put(key, profile)
        return profile

    async def timezone(self, client: AsyncWebClient, tenant: str, user: str) -> str:
        """The person's IANA time zone, or ``""`` (see :meth:`profile`)."""
        return (await self.profile(client, tenant, user)).zone


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return type(exc).__name__
