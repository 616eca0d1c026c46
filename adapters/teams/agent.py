"""What the SDK calls for each inbound activity: convert it, hand it to the core, have the replies posted.

Messages and card actions become turns; Teams' install and uninstall notices become a welcome, or the core's
``PLATFORM_REMOVED`` (so no process keeps nudging someone who removed the app).

Where: a one-to-one chat is the person's own. A team's channel gives the core ``Incoming.place`` (see
:mod:`adapters.teams.places`): the sender's ``Address`` is still the person (their personal chat when this
process knows it, else an empty conversation, never the channel), replies meant for the channel go into the
thread, and every other reply to the person's one-to-one chat (:meth:`TeamsChannel.answer_in_channel`).
Kinship added to a team is ``Incoming(action=PLATFORM_ADDED_TO_CHANNEL, place=…)`` (the core may post an
introduction); removed from it, or the team deleted, ``Incoming(action=PLATFORM_REMOVED, place=…)``. Group
chats are not served: anyone who mentions Kinship there is told so, and nothing reaches the core.

After each message turn, the off-record cards of that chat are replaced (see :mod:`adapters.teams.off_record`):
the one pressed, if it was one, and any this process remembers. "Done, hide this" runs no turn at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext

from adapters.teams import cards, convert, places
from adapters.teams.off_record import to_clear
from adapters.teams.people import resolve_mentions
from bot.domain.channel import PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED
from bot.domain.types import Address, Incoming, Reply

if TYPE_CHECKING:
    from adapters.teams.channel import TeamsChannel

WELCOME_ACTION = "help"  # for someone new the core answers with its welcome; for someone back, the menu
NO_GROUP_CHATS = Reply(
    text="I don't work in group chats. Chat with me one to one (open Kinship from the apps in Teams), or add me "
    "to a team's channel for team reflection."
)
CARD_ACTION_DONE = "Thanks. My answer is below."
_MESSAGE = "application/vnd.microsoft.activity.message"


class Agent:
    """The SDK's agent for one channel: routes each activity by type."""

    def __init__(self, channel: TeamsChannel) -> None:
        self.channel = channel

    async def on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        if activity.type == ActivityTypes.message:
            await self._message(context)
        elif activity.type == ActivityTypes.invoke and activity.name == "adaptiveCard/action":
            await self._card_action(context)
        elif activity.type == ActivityTypes.conversation_update:
            await self._conversation_update(context)
        elif activity.type == ActivityTypes.installation_update:
            await self._installation_update(activity)
        # typing, reactions, message edits and deletes: nothing to do

    async def _message(self, context: TurnContext) -> None:
        activity = context.activity
        kind = places.kind_of(activity)
        self.channel.chats.learn(activity, convert.tenant_of(activity))
        if kind == "groupChat":
            await self.channel.reply(context, [NO_GROUP_CHATS])
            return
        if kind == "channel":
            await self._in_channel(context)
            return
        conversation = activity.conversation.id if activity.conversation else ""
        pressed = activity.reply_to_id if convert.off_record_submit(activity) else None
        stale = to_clear(self.channel.private_cards.take(conversation), pressed)
        try:
            incoming = convert.incoming_of(activity, mentions=await self._mentions(context))
            if incoming is not None and incoming.action != cards.HIDE:
                self.channel.uninstalled.discard(incoming.address.conversation)
                self.channel.chats.remember(incoming.address)
                await self.channel.reply(context, await self.channel.handle(incoming), incoming)
        finally:  # cleared even when the turn failed: the ids were taken from memory
            await self.channel.clear(context, stale)

    async def _in_channel(self, context: TurnContext) -> None:
        """A message or a card press in a team's channel: the person's words, with where they said them."""
        activity = context.activity
        address = self._sender(activity)
        mentions = await self._mentions(context)
        incoming = convert.incoming_of(activity, mentions=mentions, address=address, place=places.place_of(activity))
        if incoming is not None and incoming.action != cards.HIDE:
            await self.channel.answer_in_channel(context, await self.channel.handle(incoming), incoming)

    async def _mentions(self, context: TurnContext) -> tuple[str, ...]:
        if context.activity.value is not None:  # a card press: any mention is the card's, not the person's
            return ()
        return await resolve_mentions(context, self.channel.chats, convert.tenant_of(context.activity))

    def _sender(self, activity: Activity) -> Address:
        """The person who said something in a channel: their personal chat if known here, never the channel."""
        tenant, user = convert.tenant_of(activity), convert.user_of(activity)
        conversation, ref = self.channel.chats.chat(tenant, user)
        return Address(convert.PLATFORM, tenant, user, conversation, ref)

    async def _card_action(self, context: TurnContext) -> None:
        """``Action.Execute`` (Universal Actions). Our cards use ``Action.Submit``, so this only comes from a
        card made elsewhere, or a future one: a press is handled like a submit and answered in the chat."""
        activity = context.activity
        value = activity.value if isinstance(activity.value, Mapping) else {}
        pressed = value.get("action")
        action: Mapping[str, Any] = pressed if isinstance(pressed, Mapping) else {}
        hide = isinstance(action.get("data"), Mapping) and action["data"].get("action") == cards.HIDE
        kind = places.kind_of(activity)
        if value.get("trigger") == "automatic" or hide or kind == "groupChat":
            await _invoke_response(context, {"statusCode": 200, "type": _MESSAGE, "value": "Nothing to update."})
            return
        chosen, values = convert.submission(action.get("data"))
        verb = action.get("verb") if isinstance(action.get("verb"), str) else ""
        if kind == "channel":  # the person's own turn: answered to them alone
            envelope = convert.envelope(activity, self._sender(activity), places.place_of(activity))
            incoming = Incoming(action=chosen or verb, values=values, **envelope)
            await self.channel.answer_in_channel(context, await self.channel.handle(incoming), incoming)
        else:
            incoming = Incoming(action=chosen or verb, values=values, **convert.envelope(activity))
            await self.channel.reply(context, await self.channel.handle(incoming), incoming)
        await _invoke_response(context, {"statusCode": 200, "type": _MESSAGE, "value": CARD_ACTION_DONE})

    async def _conversation_update(self, context: TurnContext) -> None:
        activity = context.activity
        conversation = activity.conversation.id if activity.conversation else ""
        kind = places.kind_of(activity)
        self.channel.chats.learn(activity, convert.tenant_of(activity))
        if kind == "channel":
            await self._team_update(context)
            return
        if convert.removed_the_bot(activity):
            self.channel.uninstalled.add(conversation)
            await self._forget(activity)
            return
        if not convert.added_the_bot(activity) or kind != "personal":
            return
        self.channel.uninstalled.discard(conversation)
        welcome = Incoming(action=WELCOME_ACTION, **convert.envelope(activity))
        await self.channel.reply(context, await self.channel.handle(welcome), welcome)

    async def _team_update(self, context: TurnContext) -> None:
        """Kinship added to a team (the core may introduce itself in the channel), or removed from it, or the
        team deleted (the core forgets the channel). Members coming and going, renames: nothing."""
        activity = context.activity
        data = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
        if convert.removed_the_bot(activity) or data.get("eventType") == "teamDeleted":
            await self._forget(activity)
        elif convert.added_the_bot(activity):
            envelope = convert.envelope(activity, self._sender(activity), places.place_of(activity))
            added = Incoming(action=PLATFORM_ADDED_TO_CHANNEL, **envelope)
            await self.channel.answer_in_channel(context, await self.channel.handle(added), added)

    async def _forget(self, activity: Activity) -> None:
        """Tell the core the app was removed, so no process keeps nudging this person (until they write), or
        keeps posting in this team's channel."""
        kind = places.kind_of(activity)
        if kind == "personal":
            self.channel.chats.forget(convert.tenant_of(activity), convert.user_of(activity))
            await self.channel.handle(Incoming(action=PLATFORM_REMOVED, **convert.envelope(activity)))
        elif kind == "channel":
            envelope = convert.envelope(activity, self._sender(activity), places.place_of(activity))
            await self.channel.handle(Incoming(action=PLATFORM_REMOVED, **envelope))

    async def _installation_update(self, activity: Activity) -> None:
        """Install is welcomed on the ``conversationUpdate`` Teams sends with it; here only uninstall matters."""
        conversation = activity.conversation.id if activity.conversation else ""
        if (activity.action or "").startswith("remove"):
            if places.kind_of(activity) == "personal":
                self.channel.uninstalled.add(conversation)
            await self._forget(activity)
        elif (activity.action or "").startswith("add"):
            self.channel.uninstalled.discard(conversation)


async def _invoke_response(context: TurnContext, body: dict[str, Any], status: int = 200) -> None:
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )
