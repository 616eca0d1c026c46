"""Cards sent off the record, and clearing them from the chat afterwards.

A reply marked ``off_record`` shows a flag's words or its case code. A tenant admin with export or eDiscovery
rights can read a Teams chat's history beside the person's name, so such a card is not left there:

- when the person presses any button on it (its data carries :data:`adapters.teams.cards.OFF_RECORD`), the
  card they pressed (the submit's ``replyToId``) is replaced, once their turn is answered, by :data:`CLEARED`;
  "Done, hide this" (:data:`adapters.teams.cards.HIDE`) does only that;
- best effort, this process remembers the ids of the off-record cards it sent (:class:`PrivateCards`: in
  memory, per conversation, bounded) and replaces them when that person next writes or presses anything.
  Cards sent by another process, or before a restart, are cleared only by a press on them.

Replacing is the Bot Connector's update (``PUT v3/conversations/{id}/activities/{activityId}``), made through
the SDK's adapter (``update_activity``) with the turn's connector client, paced and retried like every other
post. A failure is one log line naming the kind of failure only: the card's content is never sent again.
What a tenant's retention or eDiscovery settings may keep of a message before it was updated is outside what
a bot can change (not confirmed either way here: see the README).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from microsoft_agents.activity import Activity, ActivityTypes, DeliveryModes
from microsoft_agents.hosting.core import TurnContext

from adapters.teams.send import ConversationPacer, RetryPolicy, post_with_retry

log = logging.getLogger(__name__)

CLEARED = "This was private to you and has been cleared from the chat."
MAX_CONVERSATIONS = 2048  # conversations remembered; the least recently used are forgotten first
MAX_PER_CONVERSATION = 16  # card ids remembered per conversation; the oldest are forgotten first
CLEAR_BUDGET = 6.0  # seconds for all the replacing after one turn (Teams re-sends a request after about 15)


@dataclass
class PrivateCards:
    """The ids of off-record cards this process sent and has not cleared yet, by conversation."""

    max_conversations: int = MAX_CONVERSATIONS
    max_per_conversation: int = MAX_PER_CONVERSATION
    _ids: OrderedDict[str, list[str]] = field(default_factory=OrderedDict)

    def remember(self, conversation: str, activity_id: str | None) -> None:
        if not conversation or not activity_id:
            return
        ids = self._ids.pop(conversation, [])
        ids = [*ids, activity_id][-self.max_per_conversation :]
        self._ids[conversation] = ids
        while len(self._ids) > self.max_conversations:
            self._ids.popitem(last=False)

    def take(self, conversation: str) -> list[str]:
        """The remembered ids for ``conversation``, forgotten here (whoever takes them clears them)."""
        return self._ids.pop(conversation, [])

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._ids.values())


def to_clear(remembered: Iterable[str], pressed: str | None) -> list[str]:
    """The cards to replace after a turn: the ones remembered, and the one pressed, each once."""
    ids = list(dict.fromkeys([*remembered, *([pressed] if pressed else [])]))
    return [i for i in ids if i and i != "-1"]  # Teams gives "-1" when a card has no message of its own


def cleared(context: TurnContext, activity_id: str) -> Activity:
    """The neutral message that takes the place of card ``activity_id`` in this turn's conversation."""
    reference = context.activity.get_conversation_reference()
    reference.activity_id = None  # the message being answered: nothing this update is a reply to
    activity = Activity(type=ActivityTypes.message, text=CLEARED).apply_conversation_reference(reference)
    activity.id = activity_id
    return activity


async def clear(context: TurnContext, ids: list[str], pacer: ConversationPacer, policy: RetryPolicy) -> int:
    """Replace each card in ``ids`` with :data:`CLEARED`; how many were replaced. Never raises."""
    if not ids or context.activity.delivery_mode == DeliveryModes.expect_replies:
        return 0  # buffered replies were never posted, so there is nothing in the chat to replace
    conversation = context.activity.conversation.id if context.activity.conversation else ""
    done = 0
    try:
        async with asyncio.timeout(CLEAR_BUDGET):
            for activity_id in ids:
                await pacer.acquire(conversation)
                update = partial(context.adapter.update_activity, context, cleared(context, activity_id))
                await post_with_retry(update, policy)
                done += 1
    except Exception as exc:  # one line, whatever went wrong: clearing must never break the person's turn
        log.warning("teams: %d private card(s) not cleared (%s)", len(ids) - done, _kind(exc))
    return done


def _kind(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    return f"{type(exc).__name__} {status}" if isinstance(status, int) else type(exc).__name__
