"""Teams activities to the core's neutral types, and back to what a proactive send needs.

- Who: ``Address(platform="teams", tenant=channelData.tenant.id, user=from.aadObjectId or from.id,
  conversation=conversation.id, ref=<conversation reference JSON>)``. Leads are configured by Entra
  object id, which is also the one id that is the same for a person in every Teams app.
- What: a typed message (with the bot's @mention taken out), or a card button / form submission
  (``activity.value``: ``{"action": …, <field>: <value>, …}``).
- Retries: ``Incoming.event_id`` is the activity id, qualified by a short hash of the conversation, because
  Teams message ids are millisecond timestamps and two people can write in the same millisecond.

The stored reference is kept small and stable: no activity or request id (they change every turn and would
rewrite the person's row each time) and no display name (not needed to send, and personal data).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference

from adapters.teams import places
from adapters.teams.cards import OFF_RECORD
from bot.domain.types import Address, Incoming, Place

PLATFORM = "teams"


def tenant_of(activity: Activity) -> str:
    data = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
    tenant = data.get("tenant") if isinstance(data.get("tenant"), Mapping) else {}
    tenant_id = tenant.get("id") if tenant else None
    if not tenant_id and activity.conversation is not None:
        tenant_id = activity.conversation.tenant_id
    return str(tenant_id or "")


def reference_json(activity: Activity) -> str:
    """The conversation reference a proactive send needs, as compact, stable JSON. The same person in the
    same chat sends the same reference every time, so the last few hundred are remembered."""
    conversation, sender, bot = activity.conversation, activity.from_property, activity.recipient
    key = (
        activity.service_url,
        activity.channel_id,
        activity.locale,
        conversation.id if conversation else None,
        conversation.conversation_type if conversation else None,
        conversation.tenant_id if conversation else None,
        sender.id if sender else None,
        sender.aad_object_id if sender else None,
        sender.role if sender else None,
        bot.id if bot else None,
        bot.name if bot else None,
    )
    cached = _REFERENCES.get(key)
    if cached is None:
        cached = _REFERENCES[key] = _reference_json(activity)
        if len(_REFERENCES) > _REFERENCE_CACHE_SIZE:
            del _REFERENCES[next(iter(_REFERENCES))]  # the oldest: dicts keep insertion order
    return cached


_REFERENCE_CACHE_SIZE = 512
_REFERENCES: dict[tuple[Any, ...], str] = {}


def _reference_json(activity: Activity) -> str:
    ref = activity.get_conversation_reference().model_dump(mode="json", by_alias=True, exclude_none=True)
    for per_request in ("activityId", "requestId"):  # new on every activity: would rewrite the row each turn
        ref.pop(per_request, None)
    if isinstance(ref.get("user"), dict):
        ref["user"].pop("name", None)
    return json.dumps(ref, sort_keys=True, separators=(",", ":"))


def reference_from(text: str) -> ConversationReference:
    """Parse a stored reference; raises ValueError when it is missing or broken."""
    if not text:
        raise ValueError("no conversation reference stored")
    return ConversationReference.model_validate_json(text)


def user_of(activity: Activity) -> str:
    """The sender's Entra object id, else their Teams id."""
    sender = activity.from_property
    return str(((sender.aad_object_id or sender.id) if sender else "") or "")


def address_of(activity: Activity) -> Address:
    return Address(
        platform=PLATFORM,
        tenant=tenant_of(activity),
        user=user_of(activity),
        conversation=activity.conversation.id if activity.conversation else "",
        ref=reference_json(activity),
    )


def event_id_of(activity: Activity) -> str:
    if not activity.id:
        return ""
    conversation = activity.conversation.id if activity.conversation else ""
    return f"{activity.id}@{hashlib.sha256(conversation.encode()).hexdigest()[:12]}"


def timezone_of(activity: Activity) -> str:
    for entity in activity.entities or ():
        if entity.type == "clientInfo":
            zone = (entity.model_extra or {}).get("timezone")
            if isinstance(zone, str) and zone:
                return zone
    return activity.local_timezone or ""


def message_text(activity: Activity) -> str:
    """What the person typed, without the ``<at>Kinship</at>`` mention Teams puts in front; anyone else they
    @-mention is left as their name (see :mod:`adapters.teams.places`)."""
    return places.plain_text(activity)


def submission(value: Any) -> tuple[str | None, dict[str, str]]:
    """(action, form values) from a card submission's ``activity.value``.

    ``action`` is ``value["action"]`` (what our ``Action.Submit`` data carries); None when there is none,
    e.g. a message-back from some other card. Values are the other plain fields, as strings (not the
    off-the-record marker: that is the adapter's, see :func:`off_record_submit`).
    """
    if not isinstance(value, Mapping):
        return None, {}
    action = value.get("action")
    values = {
        str(key): "" if item is None else str(item)
        for key, item in value.items()
        if key not in _NOT_VALUES and not isinstance(item, Mapping | list)
    }
    return (action if isinstance(action, str) and action else None), values


_NOT_VALUES = frozenset({"action", OFF_RECORD})


def off_record_submit(activity: Activity) -> bool:
    """A press on a card we sent off the record (its data carries the marker): that card is to be cleared."""
    value = activity.value
    return isinstance(value, Mapping) and value.get(OFF_RECORD) is True


def envelope(activity: Activity, address: Address | None = None, place: Place | None = None) -> dict[str, Any]:
    """The ``Incoming`` fields every activity fills in the same way: who (``address`` when the caller knows
    better, as for a channel), which delivery, time zone, the sender's name (for a signed thank-you only),
    and where it was said when that was a team's channel."""
    return {
        "address": address or address_of(activity),
        "event_id": event_id_of(activity),
        "timezone": timezone_of(activity),
        "display_name": places.display_name(activity),
        "place": place,
    }


def incoming_of(
    activity: Activity, *, mentions: tuple[str, ...] = (), address: Address | None = None, place: Place | None = None
) -> Incoming | None:
    """The core's view of a message activity; None when there is nothing to hand it. ``mentions`` are the
    people it @-mentions (see :func:`adapters.teams.people.resolve_mentions`); a card press has none."""
    common = envelope(activity, address, place)
    action, values = submission(activity.value)
    if action is not None:
        return Incoming(action=action, values=values, **common)
    text = message_text(activity)
    if activity.value is not None and not text:
        return Incoming(action="", **common)  # a card we did not make: the core answers "stale button"
    if not text and not activity.attachments:
        return None
    return Incoming(text=text, mentions=mentions, **common)


def added_the_bot(activity: Activity) -> bool:
    bot = activity.recipient.id if activity.recipient else None
    return any(m.id == bot for m in activity.members_added or ())


def removed_the_bot(activity: Activity) -> bool:
    bot = activity.recipient.id if activity.recipient else None
    return any(m.id == bot for m in activity.members_removed or ())
