"""Kinship in a team's channel: what people say there, and Kinship being added to or removed from one.

- A person's message in a public or private channel Kinship is in (``message.channels``,
  ``message.groups``) is a turn with ``Incoming.place``: the core triages every one, takes commands from
  messages that mention Kinship, and keeps answers in the weekly question's thread. Kinship's own mention is
  taken out of the text (``Place.mentioned`` says it was there); other people's stay as ``<@U…>`` and are
  listed in ``Incoming.mentions``. Replies go where the message was said (:mod:`adapters.slack.delivery`).
- ``app_mention`` is not in the manifest: a message that mentions Kinship in a channel it is in already
  arrives as ``message.channels``. An app configured with both gets each such message twice, under two event
  ids, so the core's retry check (by event id) cannot tell; :class:`Claims` makes it one turn here, by
  channel and ``ts`` (in this process: keep ``app_mention`` unsubscribed when running several).
- ``member_joined_channel`` for Kinship's own bot user is ``PLATFORM_ADDED_TO_CHANNEL``, from the person who
  added it; ``channel_left`` and ``group_left`` (or ``member_left_channel`` for the bot, if subscribed) are
  ``PLATFORM_REMOVED``, from the person who removed it when Slack says. Other people joining or leaving are
  nothing to us.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.response import BoltResponse

from adapters.slack import convert
from adapters.slack.convert import CHANNEL_TYPES, Said, Workspace
from adapters.slack.people import Recent
from adapters.slack.turns import Turns
from bot.domain.channel import PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED
from bot.domain.types import Place

CLAIM_TTL = 3600.0  # seconds a message is remembered as taken (Slack's retries of an event end well before)


class Claims:
    """Which event took each channel message, so the same message as a second event type is dropped while
    a retry of the first event (same id: it may not have been saved) goes on to the core."""

    def __init__(self, ttl: float = CLAIM_TTL) -> None:
        self._taken: Recent[tuple[str, str, str], str] = Recent(ttl=ttl)

    def claim(self, key: tuple[str, str, str], event_id: str) -> bool:
        taken = self._taken.get(key)
        if taken is None:
            self._taken.put(key, event_id)
            return True
        return taken == event_id

    def release(self, key: tuple[str, str, str], event_id: str) -> None:
        """The turn was not saved: let whichever event comes next (a retry, or the other type) take it."""
        if self._taken.get(key) == event_id:
            self._taken.forget(key)


class InChannel:
    """Bolt's listeners for team channels (registered by :class:`adapters.slack.listeners.Listeners`)."""

    def __init__(self, turns: Turns) -> None:
        self.turns = turns
        self.claims = Claims()

    async def on_message(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> BoltResponse | None:
        """A ``message`` event from a channel (the DM listener hands these on)."""
        said = convert.message_said(event, CHANNEL_TYPES, bot_user(context))
        return None if said is None else await self._said(body, event, context, said)

    async def on_mention(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> BoltResponse | None:
        said = convert.mention_said(event, bot_user(context))
        return None if said is None else await self._said(body, event, context, said)

    async def _said(self, body: dict[str, Any], event: dict[str, Any], context: Any, said: Said) -> BoltResponse | None:
        workspace = Workspace.from_context(context)
        channel, ts = str(event.get("channel") or ""), str(event.get("ts") or "")
        if not channel:
            return None
        event_id = str(body.get("event_id") or "")
        key = (workspace.tenant, channel, ts)
        claimed = bool(ts) and said.mentioned  # only a message that mentions Kinship can come as both events
        if claimed and not self.claims.claim(key, event_id):
            return None  # the same message, delivered again as the other event type: one turn is enough
        place = Place(channel, thread=str(event.get("thread_ts") or ""), mentioned=said.mentioned, ref=workspace.ref())
        saved = await self.turns.start(
            context.client,
            workspace,
            event["user"],
            text=said.text,
            mentions=said.mentions,
            place=place,
            event_id=event_id,
            thread=place.thread or ts or None,  # a reply for the channel goes in the message's thread
        )
        if not saved:
            if claimed:
                self.claims.release(key, event_id)
            return BoltResponse(status=500, body="")  # not saved (Slack API trouble): Slack will send it again
        return None

    async def on_member_joined(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> BoltResponse | None:
        convert.text_fields(event, "user", "channel", "inviter")
        bot = bot_user(context)
        if not bot or event.get("user") != bot or not event.get("channel"):
            return None  # someone else joined a channel Kinship is in: nothing to us
        return await self._changed(body, context, PLATFORM_ADDED_TO_CHANNEL, event["channel"], event.get("inviter"))

    async def on_member_left(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> BoltResponse | None:
        convert.text_fields(event, "user", "channel")
        bot = bot_user(context)
        if not bot or event.get("user") != bot or not event.get("channel"):
            return None
        return await self._changed(body, context, PLATFORM_REMOVED, event["channel"], None)

    async def on_left(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> BoltResponse | None:
        """``channel_left`` / ``group_left``: sent to Kinship itself, so always about Kinship."""
        convert.text_fields(event, "channel", "actor_id")
        if not event.get("channel"):
            return None
        return await self._changed(body, context, PLATFORM_REMOVED, event["channel"], event.get("actor_id"))

    async def _changed(
        self, body: dict[str, Any], context: Any, action: str, channel: str, by: str | None
    ) -> BoltResponse | None:
        """Kinship added to or removed from ``channel``, by the person ``by`` (Kinship's own bot user when Slack
        does not say who). Acknowledged once the core has taken it in, like a message."""
        workspace = Workspace.from_context(context)
        who = by or bot_user(context)
        if not who:
            return None
        saved = await self.turns.start(
            context.client,
            workspace,
            who,
            action=action,
            place=Place(channel, ref=workspace.ref()),
            event_id=str(body.get("event_id") or ""),
        )
        return None if saved else BoltResponse(status=500, body="")


def bot_user(context: Any) -> str:
    """Kinship's own bot user id in this workspace (Bolt's ``auth.test`` or installation), else ``""``."""
    bot = context.get("bot_user_id") if hasattr(context, "get") else None
    return bot if isinstance(bot, str) else ""
