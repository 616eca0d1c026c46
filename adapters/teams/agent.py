"""What the SDK calls for each inbound activity: convert it, hand it to the core, have the replies posted.

Messages and card actions become turns; Teams' install and uninstall notices become a welcome, or the core's
``PLATFORM_REMOVED`` (so no process keeps nudging someone who removed the app). Only one-to-one chats are
served: anywhere else the person is told so and nothing reaches the core.

After each message turn, the off-record cards of that chat are replaced (see :mod:`adapters.teams.off_record`):
the one pressed, if it was one, and any this process remembers. "Done, hide this" runs no turn at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext

from adapters.teams import cards, convert
from adapters.teams.off_record import to_clear
from bot.domain.channel import PLATFORM_REMOVED
from bot.domain.types import Incoming, Reply

if TYPE_CHECKING:
    from adapters.teams.channel import TeamsChannel

WELCOME_ACTION = "help"  # for someone new the core answers with its welcome; for someone back, the menu
PERSONAL_ONLY = Reply(
    text="I only work in a one-to-one chat, so what you tell me stays private. Open Kinship from the apps "
    "in Teams to chat with me there."
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
        if not convert.is_personal(activity):
            await self.channel.reply(context, [PERSONAL_ONLY])
            return
        conversation = activity.conversation.id if activity.conversation else ""
        pressed = activity.reply_to_id if convert.off_record_submit(activity) else None
        stale = to_clear(self.channel.private_cards.take(conversation), pressed)
        incoming = convert.incoming_of(activity)
        try:
            if incoming is not None and incoming.action != cards.HIDE:
                self.channel.uninstalled.discard(incoming.address.conversation)
                await self.channel.reply(context, await self.channel.handle(incoming), incoming)
        finally:  # cleared even when the turn failed: the ids were taken from memory
            await self.channel.clear(context, stale)

    async def _card_action(self, context: TurnContext) -> None:
        """``Action.Execute`` (Universal Actions). Our cards use ``Action.Submit``, so this only comes from a
        card made elsewhere, or a future one: a press is handled like a submit and answered in the chat."""
        activity = context.activity
        value = activity.value if isinstance(activity.value, Mapping) else {}
        pressed = value.get("action")
        action: Mapping[str, Any] = pressed if isinstance(pressed, Mapping) else {}
        hide = isinstance(action.get("data"), Mapping) and action["data"].get("action") == cards.HIDE
        if value.get("trigger") == "automatic" or hide or not convert.is_personal(activity):
            await _invoke_response(context, {"statusCode": 200, "type": _MESSAGE, "value": "Nothing to update."})
            return
        chosen, values = convert.submission(action.get("data"))
        verb = action.get("verb") if isinstance(action.get("verb"), str) else ""
        incoming = Incoming(action=chosen or verb, values=values, **convert.envelope(activity))
        await self.channel.reply(context, await self.channel.handle(incoming), incoming)
        await _invoke_response(context, {"statusCode": 200, "type": _MESSAGE, "value": CARD_ACTION_DONE})

    async def _conversation_update(self, context: TurnContext) -> None:
        activity = context.activity
        conversation = activity.conversation.id if activity.conversation else ""
        if convert.removed_the_bot(activity):
            self.channel.uninstalled.add(conversation)
            await self._forget(activity)
            return
        if not convert.added_the_bot(activity) or not convert.is_personal(activity):
            return
        self.channel.uninstalled.discard(conversation)
        welcome = Incoming(action=WELCOME_ACTION, **convert.envelope(activity))
        await self.channel.reply(context, await self.channel.handle(welcome), welcome)

    async def _forget(self, activity: Activity) -> None:
        """Tell the core the app was removed, so no process keeps nudging this person (until they write)."""
        if convert.is_personal(activity):
            await self.channel.handle(Incoming(action=PLATFORM_REMOVED, **convert.envelope(activity)))

    async def _installation_update(self, activity: Activity) -> None:
        """Install is welcomed on the ``conversationUpdate`` Teams sends with it; here only uninstall matters."""
        conversation = activity.conversation.id if activity.conversation else ""
        if (activity.action or "").startswith("remove"):
            self.channel.uninstalled.add(conversation)
            await self._forget(activity)
        elif (activity.action or "").startswith("add"):
            self.channel.uninstalled.discard(conversation)


async def _invoke_response(context: TurnContext, body: dict[str, Any], status: int = 200) -> None:
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )
