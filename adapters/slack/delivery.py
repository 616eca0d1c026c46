"""Getting Kinship's words to a person in Slack: a turn's replies, a proactive message, the App Home.

Every reply goes to the person's direct-message channel with the app (opened and cached as needed), which is
where the conversation lives whichever surface started it; slash commands are answered there too, never
through ``response_url``. So do the replies to a button pressed on a message in a team's channel (the weekly
question's "Answer privately"): the core goes on in the DM, where the person types their answer, and a short
note visible only to them says so in the channel. A message said in a channel (:mod:`adapters.slack.in_channel`)
is answered where it was said: a reply for the channel (``Reply.audience == "channel"``) in the message's
thread, never at the top of the channel; a reply for the person alone (support, "only a lead can…") as an
ephemeral message to them there, never in the open.

A turn's replies are posted one at a time and confirmed to the core by
:func:`bot.outbound.turn_replies.post_turn_replies`; the first form among them opens as a modal while the
trigger is fresh (about 3 s), or, if it cannot, is posted as its message, whose buttons walk through it.

A reply marked ``off_record`` (it shows a flag's words or case code) is posted ephemerally to that person in
their DM (``chat.postEphemeral``): Slack keeps it in no conversation history and no export, where a workspace
admin could read it beside their name. If Slack refuses it, it is not posted in the open instead.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Collection, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks
from adapters.slack.blocks import Message
from adapters.slack.convert import Workspace
from adapters.slack.people import Directory
from adapters.slack.send import as_channel_error, error_code, post, retry_handlers
from bot.domain.channel import PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED, Delivered, HomeSource, Undeliverable
from bot.domain.types import Address, Form, Incoming, Place, Reply
from bot.outbound.turn_replies import post_turn_replies

log = logging.getLogger(__name__)

FORM_NOTE = "I'll reply in your direct messages with Kinship."
ELSEWHERE_NOTE = "I've answered in your direct messages with Kinship."
CHANNEL_EVENTS = frozenset({PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED})  # Kinship added to, removed from one
# refusals meaning the stored DM channel is not (or no longer) the person's DM with us
STALE_CHANNEL = frozenset({"channel_not_found", "user_not_in_channel"})


class Delivery:
    """Posts replies into people's DMs and publishes their App Home."""

    def __init__(self, directory: Directory, delivered: Delivered | None, home: HomeSource | None) -> None:
        self.directory = directory
        self.delivered = delivered
        self.home_source = home

    async def address(self, client: AsyncWebClient, workspace: Workspace, user: str) -> Address:
        return address_in(workspace, user, await self.directory.dm_channel(client, workspace.tenant, user))

    async def deliver(
        self,
        client: AsyncWebClient,
        incoming: Incoming,
        replies: Sequence[Reply],
        *,
        thread: str | None = None,
        trigger: str | None = None,
        shown: Collection[int] = frozenset(),
    ) -> None:
        """Open the first form as a modal while the trigger is fresh; post the rest to the DM, one reply at a
        time; then tell the core which replies arrived (``shown`` ones already have, in a modal's ack). Said in
        a channel: each reply where it was said (see the module docstring); ``thread`` is where the channel's
        replies go (the message's own thread)."""
        place = incoming.place
        if place is not None and (incoming.text is not None or incoming.action in CHANNEL_EVENTS):
            await self._in_channel(client, incoming, place, replies, thread)
            return

        address = incoming.address
        posted: list[Reply] = []

        async def post_one(reply: Reply) -> None:
            only_for = address.user if reply.off_record else ""
            await post(client, address.conversation, blocks.render([reply]), thread_ts=thread, only_for=only_for)
            posted.append(reply)

        async def open_form() -> Collection[int]:
            return await self._open_form(client, replies, shown, trigger)

        await post_turn_replies(incoming, replies, post_one, self.delivered, shown=shown, first=open_form)
        if place is not None and posted:  # a button pressed in a channel: say there, to them, where we went on
            await _note(client, place, address.user)

    async def _in_channel(
        self, client: AsyncWebClient, incoming: Incoming, place: Place, replies: Sequence[Reply], thread: str | None
    ) -> None:
        """A channel's replies in ``thread`` (top level for Kinship's hello when added); a person's as an
        ephemeral message to them (in the thread they wrote in, if any). Kinship added to a channel: only the
        channel's replies (an introduction); removed from one: nothing, it can no longer post there."""
        if incoming.action == PLATFORM_REMOVED:
            return
        user = incoming.address.user

        async def post_one(reply: Reply) -> None:
            messages = blocks.render([reply])
            if reply.audience == "channel" and not reply.off_record:
                await post(client, place.channel, messages, thread_ts=thread)
            elif incoming.action is not None:
                return  # a person's reply to Kinship being added: nobody asked, so it is not shown
            else:
                await post(client, place.channel, messages, thread_ts=place.thread or None, only_for=user)

        await post_turn_replies(incoming, replies, post_one, self.delivered)

    async def _open_form(
        self,
        client: AsyncWebClient,
        replies: Sequence[Reply],
        shown: Collection[int],
        trigger: str | None,
    ) -> Collection[int]:
        """The position of the first form not yet shown, once it is open as a modal; none if it could not be."""
        first = _first_form(replies, shown)
        if first is None or not trigger:
            return ()
        position, form = first
        view = blocks.modal(form, {"submit": form.submit}, FORM_NOTE)
        try:
            await client.views_open(trigger_id=trigger, view=view)
        except SlackApiError as exc:
            log.warning("slack: views.open failed (%s); posting the form's steps instead", error_code(exc))
            return ()
        return (position,)

    async def publish_home(self, client: AsyncWebClient, workspace: Workspace, user: str) -> None:
        extra: Sequence[Reply] = ()
        if self.home_source is not None:
            extra = await self.home_source(await self.address(client, workspace, user))
        await client.views_publish(user_id=user, view=blocks.home(extra))


async def _note(client: AsyncWebClient, place: Place, user: str) -> None:
    """:data:`ELSEWHERE_NOTE`, ephemerally, to ``user`` in the channel where they pressed a button. Best effort."""
    try:
        note = blocks.render([Reply(ELSEWHERE_NOTE)])
        await post(client, place.channel, note, thread_ts=place.thread or None, only_for=user)
    except SlackApiError as exc:
        log.warning("slack: the note in the channel could not be posted (%s)", error_code(exc))


async def post_in_channel(client: AsyncWebClient, place: Place, reply: Reply) -> str:
    """Post ``reply`` in ``place.channel`` (in ``place.thread`` when set); the first message's ``ts``, which
    starts a thread of its own. Kinship not in the channel (or it is gone or archived) is Undeliverable; a rate
    limit is RateLimited (a short ``Retry-After`` is waited out by the client's retry handler)."""
    try:
        return await post(client, place.channel, blocks.render([reply]), thread_ts=place.thread or None)
    except SlackApiError as exc:
        mapped = as_channel_error(exc)
        if mapped is exc:
            raise
        raise mapped from exc


def address_in(workspace: Workspace, user: str, channel: str) -> Address:
    """Where a person's replies go: their DM channel with us, in their workspace."""
    return Address("slack", workspace.tenant, user, channel, workspace.ref())


async def send_proactive(
    client: AsyncWebClient, directory: Directory, address: Address, replies: Sequence[Reply]
) -> None:
    """Replies nobody is waiting for (a nudge, a lead's answer relayed), into the person's DM, the off-record
    ones ephemerally. Slack's refusals become the core's Undeliverable or RateLimited where they mean that;
    anything else is raised as it is."""
    runs = rendered_runs(replies)
    try:
        channel = address.conversation or await directory.dm_channel(client, address.tenant, address.user)
        try:
            await _post_runs(client, channel, address.user, runs)
        except SlackApiError as exc:
            if error_code(exc) not in STALE_CHANNEL or not address.conversation:
                raise
            # a stored channel id that Slack no longer knows (or that is not their DM): ask afresh, once
            directory.channels.forget((address.tenant, address.user))
            fresh = await directory.dm_channel(client, address.tenant, address.user)
            if fresh == channel:
                raise
            await _post_runs(client, fresh, address.user, runs)
    except SlackApiError as exc:
        mapped = as_channel_error(exc)
        if mapped is exc:
            raise
        raise mapped from exc


async def workspace_client(client: AsyncWebClient, installations: Any, workspace: Workspace) -> AsyncWebClient:
    """Token mode (no ``installations``): the app's client. OAuth: a client with this workspace's bot token."""
    if installations is None:
        return client
    bot = await installations.async_find_bot(
        enterprise_id=workspace.enterprise_id or None,
        team_id=None if workspace.is_org else workspace.team_id or None,
        is_enterprise_install=workspace.is_org,
    )
    if bot is None or not bot.bot_token:
        raise Undeliverable("app_uninstalled")
    return AsyncWebClient(
        token=bot.bot_token,
        base_url=client.base_url,
        session=client.session,
        timeout=client.timeout,  # the app client's, not the SDK's 30 s: a nudge must not use a whole redelivery window
        retry_handlers=retry_handlers(),
        logger=client.logger,
    )


def rendered_runs(replies: Sequence[Reply]) -> list[tuple[bool, list[Message]]]:
    """The replies rendered in order, in runs posted the same way: (off the record?, messages)."""
    return [(off, blocks.render(list(run))) for off, run in itertools.groupby(replies, key=lambda r: r.off_record)]


async def _post_runs(
    client: AsyncWebClient, channel: str, user: str, runs: Sequence[tuple[bool, list[Message]]]
) -> None:
    for off_record, messages in runs:
        await post(client, channel, messages, only_for=user if off_record else "")


def _first_form(replies: Sequence[Reply], shown: Collection[int]) -> tuple[int, Form] | None:
    for position, reply in enumerate(replies):
        if reply.form is not None and position not in shown:
            return position, reply.form
    return None
