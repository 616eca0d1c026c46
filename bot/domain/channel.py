"""The protocol every adapter (Slack, Teams, console) implements.

An adapter converts platform payloads to :class:`~bot.domain.types.Incoming` and replies back; it is given a
``handle`` callable, never the bot itself, so it cannot reach into the core.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, runtime_checkable

from bot.domain.types import Address, Incoming, Place, Reply

Handler = Callable[[Incoming], Awaitable[Sequence[Reply]]]
# ``delivered(incoming, count)``: the platform accepted the first ``count`` replies the handler gave for
# ``incoming`` (all of them when None). Until an adapter says so, the core keeps them as owed and sends them
# again later (``bot.outbound.redelivery``), so a crash or an outage between the turn and the post loses nothing.
Delivered = Callable[[Incoming, int | None], Awaitable[None]]
# ``home(address)``: the person-specific part of an app home page (Slack's App Home), read-only
HomeSource = Callable[[Address], Awaitable[Sequence[Reply]]]
# An adapter stops posting one turn's replies after this many seconds; what it has not posted by then stays
# owed. The core holds owed replies for their adapter for KINSHIP_LEASE_SECONDS (60 by default), which must be
# longer, or the redelivery pass could send a reply the adapter is still posting.
REPLY_POST_BUDGET = 30.0

# An adapter hands the core ``Incoming(action=PLATFORM_REMOVED)`` when the platform says the person removed
# the app (uninstalled it in Teams, for example): Kinship stops nudging them and forgets how to reach them,
# until they write again. It is never a button a person can press. With ``place`` set, it is Kinship that was
# removed from a team's channel (or the team was deleted): the channel is forgotten, and the person in
# ``address`` (whoever removed it) is not; in Teams ``place.channel`` is then the team's id, which is also the
# id of its General channel, so the team's other channels learn it at their next post (Undeliverable).
PLATFORM_REMOVED = "platform:removed"
# ``Incoming(action=PLATFORM_ADDED_TO_CHANNEL, place=...)``: Kinship was added to a team's channel (Teams: to a
# team, ``place`` being the channel chosen when it was added), by the person in ``address``. The core may
# answer with an introduction for the channel (``Reply.audience="channel"``); never a button a person can press.
PLATFORM_ADDED_TO_CHANNEL = "platform:added-to-channel"
# ``Incoming(action=PLATFORM_OPENED)``: the person opened the app (Slack's App Home). Someone new is welcomed
# in their direct messages; anyone else gets nothing, so opening the app often never becomes noise.
PLATFORM_OPENED = "platform:opened"


class Undeliverable(Exception):
    """The platform says this person can no longer be messaged (blocked, uninstalled, deactivated)."""


class RateLimited(Exception):
    """The platform asked us to slow down; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(message)
        self.retry_after = max(0.0, retry_after)


@runtime_checkable
class Channel(Protocol):
    name: str

    def mount(self, web_app: Any) -> None:
        """Add this adapter's HTTP routes to the shared aiohttp application (no-op for the console)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """Send replies proactively.

        Raises :class:`Undeliverable` when the person cannot be reached any more, :class:`RateLimited` when
        the platform says to wait; anything else is treated as a passing failure and retried later.
        """


@runtime_checkable
class ChannelPoster(Protocol):
    """What an adapter that can post in a team's channel offers besides :class:`Channel` (Slack, Teams)."""

    async def post_in_channel(self, tenant: str, place: Place, reply: Reply) -> str:
        """Post ``reply`` in the channel (in ``place.thread`` when set); returns the posted message's id, which
        starts a thread of its own (Slack ``ts``; Teams the activity id).

        Raises :class:`Undeliverable` when Kinship is no longer in the channel, :class:`RateLimited` when the
        platform says to wait; anything else is a passing failure.
        """
        ...
