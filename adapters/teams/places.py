"""Where a Teams activity was said, and who it @-mentions: a personal chat, a team's channel or a group chat.

- Kind: ``conversation.conversationType`` (``personal``, ``channel``, ``groupChat``); without one, a
  ``channelData.team`` or ``channelData.channel`` means a channel and ``conversation.isGroup`` a group chat.
- Place (team channels only): the channel is the conversation id without its ``;messageid=…`` suffix; the
  thread is that suffix (the id of the reply chain's first message), else ``replyToId``; ``mentioned`` is a
  mention entity naming the bot's own id; ``ref`` is the conversation reference of the channel itself (JSON,
  no activity, no sender), which is what a later post into the channel needs.
- Mentions: every ``mention`` entity naming someone other than the bot, and not a channel, team or tag. A
  person's Entra object id is taken from the entity when it carries one (``aadObjectId``, an ``8:orgid:``
  id, or a bare GUID); otherwise the ``29:`` id is returned for :mod:`adapters.teams.people` to look up.
- Text: the bot's own ``<at>Kinship</at>`` is taken out; anyone else's ``<at>Priya</at>`` becomes ``Priya``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Literal

from microsoft_agents.activity import Activity, ChannelAccount

from bot.domain.types import Place

Kind = Literal["personal", "channel", "groupChat"]
THREAD_MARK = ";messageid="
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_AT_TAG = re.compile(r"</?at>", re.IGNORECASE)
_NOT_PEOPLE = ("19:", "28:")  # channels and teams; bots


def _channel_data(activity: Activity) -> Mapping[str, Any]:
    return activity.channel_data if isinstance(activity.channel_data, Mapping) else {}


def kind_of(activity: Activity) -> Kind:
    conversation = activity.conversation
    kind = (conversation.conversation_type or "").lower() if conversation else ""
    if kind == "channel":
        return "channel"
    if kind == "groupchat":
        return "groupChat"
    if kind:
        return "personal"
    data = _channel_data(activity)
    if data.get("team") or data.get("channel"):
        return "channel"
    return "groupChat" if conversation is not None and conversation.is_group else "personal"


def split_thread(conversation_id: str) -> tuple[str, str]:
    """``("19:…@thread.tacv2", "1575667808184")`` from ``"19:…@thread.tacv2;messageid=1575667808184"``."""
    root, _, thread = conversation_id.partition(THREAD_MARK)
    return root, thread


def in_thread(channel: str, thread: str) -> str:
    """The conversation id that posts into ``thread`` of ``channel`` (the channel itself when no thread)."""
    return f"{channel}{THREAD_MARK}{thread}" if thread else channel


def place_of(activity: Activity) -> Place:
    """The channel, thread, @-mention of Kinship and channel reference of a team-channel activity."""
    conversation_id = activity.conversation.id if activity.conversation else ""
    channel, thread = split_thread(conversation_id or "")
    return Place(
        channel=channel,
        thread=thread or (activity.reply_to_id or ""),
        mentioned=mentions_bot(activity),
        ref=channel_reference_json(activity),
    )


def channel_reference_json(activity: Activity) -> str:
    """The channel's conversation reference, as compact JSON: the channel's root conversation (no thread),
    the bot, the service URL and the tenant; no activity id and no person (not needed to post, and personal)."""
    ref = activity.get_conversation_reference().model_dump(mode="json", by_alias=True, exclude_none=True)
    for not_needed in ("activityId", "requestId", "user", "locale"):
        ref.pop(not_needed, None)
    conversation = ref.get("conversation")
    if isinstance(conversation, dict):
        conversation["id"] = split_thread(str(conversation.get("id", "")))[0]
        conversation.pop("name", None)
    return json.dumps(ref, sort_keys=True, separators=(",", ":"))


def _mentioned(activity: Activity) -> list[ChannelAccount]:
    return [m.mentioned for m in activity.get_mentions() if m.mentioned is not None and m.mentioned.id]


def mentions_bot(activity: Activity) -> bool:
    bot = activity.recipient.id if activity.recipient else None
    return bool(bot) and any(account.id == bot for account in _mentioned(activity))


def other_mentions(activity: Activity) -> list[ChannelAccount]:
    """The people the activity @-mentions, in order, each once: never the bot, a channel, a team or a tag."""
    bot = activity.recipient.id if activity.recipient else None
    seen: set[str] = set()
    people = []
    for account in _mentioned(activity):
        extra = account.model_extra or {}
        if account.id == bot or account.id.startswith(_NOT_PEOPLE) or "conversationIdentityType" in extra:
            continue
        if account.id not in seen:
            seen.add(account.id)
            people.append(account)
    return people


def entra_id(account: ChannelAccount) -> str | None:
    """The person's Entra object id when the mention itself says it; None when it needs looking up."""
    if account.aad_object_id:
        return str(account.aad_object_id)
    candidate = account.id.removeprefix("8:orgid:")
    return candidate if _GUID.match(candidate) else None


def plain_text(activity: Activity) -> str:
    """What the person wrote: the bot's mention taken out, anyone else's ``<at>`` tags reduced to the name."""
    text = activity.remove_recipient_mention() if activity.recipient else (activity.text or "")
    return _AT_TAG.sub("", text or "").replace("\u00a0", " ").strip()


def display_name(activity: Activity) -> str:
    sender = activity.from_property
    return str(sender.name or "") if sender is not None else ""
