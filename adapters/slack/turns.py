"""Running Slack turns: each one a task this object tracks, so ``stop`` (and tests) can let it finish.

A listener starts the turn and waits until it is committed (at most ``reply_budget`` seconds), then acks;
the replies are posted after the ack. Acking only once the turn is saved means a process killed before that
never acks: Slack retries a message event, and shows the person an error for a command or a button, so
nothing they sent is silently dropped. Replies not posted (a crash, a 500, a timeout) stay owed in the
database and are sent by the nudge worker later, exactly once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.convert import Workspace
from adapters.slack.delivery import CHANNEL_EVENTS, Delivery, address_in
from adapters.slack.people import UNKNOWN, Directory, Profile
from adapters.slack.send import OffRecordRefused, error_code
from bot.domain.channel import Handler
from bot.domain.types import Address, Incoming, Place, Reply

log = logging.getLogger(__name__)

Answered = tuple[Incoming, list[Reply]]


class Turns:
    """Hands Slack input to the core as tracked tasks, and has the replies delivered."""

    def __init__(self, handle: Handler, directory: Directory, delivery: Delivery, reply_budget: float) -> None:
        self.handle = handle
        self.directory = directory
        self.delivery = delivery
        self.reply_budget = reply_budget
        self.tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(_guarded(work))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait for every turn already acknowledged to finish."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def start(self, client: AsyncWebClient, workspace: Workspace, user: str, **turn: Any) -> bool:
        """Start a turn as a tracked task and wait until it is saved (at most ``reply_budget`` seconds), so the
        caller acks only then. False if it failed before it was saved (the person's words were not taken in)."""
        saved: asyncio.Future[bool] = asyncio.get_running_loop().create_future()  # True once saved
        task = self.spawn(self.run(client, workspace, user, saved=saved, **turn))
        task.add_done_callback(lambda _: _settle(saved, False))  # it ended without saving the turn
        try:
            async with asyncio.timeout(self.reply_budget):
                return await saved
        except TimeoutError:  # still running: it will be saved (or fail) after the ack
            return not task.done()

    async def answer(
        self,
        client: AsyncWebClient,
        workspace: Workspace,
        user: str,
        *,
        text: str | None = None,
        action: str | None = None,
        values: Mapping[str, str] | None = None,
        event_id: str = "",
        place: Place | None = None,
        mentions: tuple[str, ...] = (),
    ) -> Answered:
        """The core's answer to one piece of input (the turn is saved when this returns).

        Said in a channel (or Kinship added to or removed from one), the core needs no time zone or name and
        nothing is asked of Slack: their DM channel if we know it, else none. Otherwise (a DM, a button, a
        form) their DM channel, time zone and name, asked of Slack only the first time."""
        if place is not None and (text is not None or action in CHANNEL_EVENTS):
            address = address_in(workspace, user, self.directory.channels.get((workspace.tenant, user)) or "")
            profile = UNKNOWN
        else:
            address, profile = await self._person(client, workspace, user)
        incoming = Incoming(
            address,
            text=text,
            action=action,
            values=dict(values or {}),
            event_id=event_id,
            timezone=profile.zone,
            place=place,
            mentions=mentions,
            display_name=profile.name,
        )
        return incoming, list(await self.handle(incoming))

    async def _person(self, client: AsyncWebClient, workspace: Workspace, user: str) -> tuple[Address, Profile]:
        known = self.directory.known(workspace.tenant, user)
        if known is not None:  # the usual case: no need to ask Slack, so no tasks to run the two questions in
            channel, profile = known
            return address_in(workspace, user, channel), profile
        address, profile = await asyncio.gather(
            self.delivery.address(client, workspace, user), self.directory.profile(client, workspace.tenant, user)
        )
        return address, profile

    async def run(
        self,
        client: AsyncWebClient,
        workspace: Workspace,
        user: str,
        *,
        thread: str | None = None,
        trigger: str | None = None,
        saved: asyncio.Future[bool] | None = None,
        **said: Any,
    ) -> None:
        """One whole turn: the core's answer to what was ``said`` (see :meth:`answer`), then its replies delivered."""
        incoming, replies = await self.answer(client, workspace, user, **said)
        if saved is not None:
            _settle(saved, True)
        await self.delivery.deliver(client, incoming, replies, thread=thread, trigger=trigger)

    def deliver_later(self, client: AsyncWebClient, task: asyncio.Task[Any]) -> None:
        """When a turn that outlived its ack ends, deliver its replies (a done-callback for that task)."""
        answered = None if task.cancelled() else task.result()
        if answered is not None:
            incoming, replies = answered
            self.spawn(self.delivery.deliver(client, incoming, replies))


def _settle(saved: asyncio.Future[bool], value: bool) -> None:
    """Tell a listener still waiting whether the turn was saved (it may have stopped waiting: then no one is)."""
    if not saved.done():
        saved.set_result(value)


async def _guarded(work: Coroutine[Any, Any, Any]) -> Any:
    try:
        return await work
    except SlackApiError as exc:  # owed replies are sent later by the worker (off the record again, if so)
        what = "an off-the-record reply" if isinstance(exc, OffRecordRefused) else "a reply"
        log.warning("slack: %s could not be delivered (%s)", what, error_code(exc))
    except (ClientError, TimeoutError) as exc:  # Slack unreachable or slow: an outage, not a bug
        log.warning("slack: a reply could not be delivered (%s)", type(exc).__name__)
    except Exception:
        log.exception("slack: a turn failed")
    return None
