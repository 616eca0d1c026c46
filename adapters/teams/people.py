"""People Kinship reaches outside the chat they wrote in: their one-to-one chat, found, remembered or created.

- :class:`PersonalChats` remembers, in this process and bounded, each person's personal-chat reference (from
  their last personal message, or the chat created for them) and, per tenant, the service URL and bot account
  Teams last used. A message said in a channel carries the person's personal chat in its ``Address`` when it
  is remembered here, else an empty conversation (never the channel's).
- :func:`create_personal` opens (or finds: Teams answers with the existing one) the one-to-one chat with a
  person, with the Bot Connector's ``POST /v3/conversations`` (``isGroup: false``, one member, the tenant, the
  bot). Teams accepts a ``29:`` id or, for someone who never wrote to Kinship, their Entra object id; it
  answers 403 when the app is not installed for them, which the caller raises as ``Undeliverable``.
- :func:`resolve_mentions` turns the people a message @-mentions into Entra object ids: from the mention when
  it says, else one ``GET /v3/conversations/{team or chat}/members/{29:id}`` (remembered), else the ``29:`` id
  itself (a chat can still be created with it).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from microsoft_agents.activity import Activity, ChannelAccount, ConversationParameters, ConversationReference
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from adapters.teams import places
from adapters.teams.send import RetryPolicy, post_with_retry
from bot.domain.types import Address

log = logging.getLogger(__name__)

CHANNEL_ID = "msteams"
MAX_PEOPLE = 4096
MAX_TENANTS = 256
LOOKUP_TIMEOUT = 2.0  # seconds for one member look-up; someone is waiting for the answer


@dataclass(frozen=True)
class Route:
    """How to reach a tenant's Teams: the regional service URL and the bot's account there."""

    service_url: str
    bot: ChannelAccount


class PersonalChats:
    """Personal-chat references and tenant routes this process has seen (least recently used forgotten)."""

    def __init__(self, max_people: int = MAX_PEOPLE, max_tenants: int = MAX_TENANTS) -> None:
        self.max_people = max_people
        self.max_tenants = max_tenants
        self._chats: OrderedDict[tuple[str, str], tuple[str, str]] = OrderedDict()
        self._routes: OrderedDict[str, Route] = OrderedDict()
        self._entra: OrderedDict[tuple[str, str], str] = OrderedDict()

    def remember(self, address: Address) -> None:
        """``address`` reaches the person in their personal chat (its conversation and reference)."""
        if address.conversation and address.ref:
            _put(self._chats, (address.tenant, address.user), (address.conversation, address.ref), self.max_people)

    def forget(self, tenant: str, user: str) -> None:
        self._chats.pop((tenant, user), None)

    def chat(self, tenant: str, user: str) -> tuple[str, str]:
        """(conversation id, reference JSON) of the person's personal chat, or ("", "") when not known here."""
        found = self._chats.get((tenant, user))
        if found is None:
            return "", ""
        self._chats.move_to_end((tenant, user))
        return found

    def learn(self, activity: Activity, tenant: str) -> None:
        """Remember where this tenant's activities come from, for chats created later."""
        if tenant and activity.service_url and activity.recipient is not None and activity.recipient.id:
            bot = ChannelAccount(id=activity.recipient.id, name=activity.recipient.name)
            _put(self._routes, tenant, Route(activity.service_url, bot), self.max_tenants)

    def route(self, tenant: str) -> Route | None:
        return self._routes.get(tenant)

    def entra(self, tenant: str, teams_id: str) -> str | None:
        return self._entra.get((tenant, teams_id))

    def learn_entra(self, tenant: str, teams_id: str, entra_id: str) -> None:
        _put(self._entra, (tenant, teams_id), entra_id, self.max_people)


def _put(store: OrderedDict[Any, Any], key: Any, value: Any, limit: int) -> None:
    store[key] = value
    store.move_to_end(key)
    while len(store) > limit:
        store.popitem(last=False)


def personal_reference(conversation_id: str, tenant: str, member: str, route: Route) -> ConversationReference:
    return ConversationReference.model_validate(
        {
            "channelId": CHANNEL_ID,
            "serviceUrl": route.service_url,
            "bot": route.bot.model_dump(mode="json", by_alias=True, exclude_none=True),
            "user": {"id": member},
            "conversation": {"id": conversation_id, "conversationType": "personal", "tenantId": tenant},
        }
    )


def json_of(reference: ConversationReference) -> str:
    """A reference as the compact JSON stored in ``Address.ref`` (as :func:`adapters.teams.convert.reference_json`)."""
    return json.dumps(
        reference.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True, separators=(",", ":")
    )


async def create_personal(
    client: Any, tenant: str, member: str, route: Route, policy: RetryPolicy
) -> ConversationReference:
    """The person's one-to-one chat with the bot, created (or found) by the connector; see the module."""
    parameters = ConversationParameters.model_validate(
        {
            "isGroup": False,
            "bot": route.bot.model_dump(mode="json", by_alias=True, exclude_none=True),
            "members": [{"id": member}],
            "tenantId": tenant,
            "channelData": {"tenant": {"id": tenant}},
        }
    )
    result = await post_with_retry(partial(client.conversations.create_conversation, parameters), policy)
    if not result.id:
        raise ValueError("Teams created a conversation without an id")
    return personal_reference(str(result.id), tenant, member, route)


async def resolve_mentions(context: TurnContext, chats: PersonalChats, tenant: str) -> tuple[str, ...]:
    """The Entra object ids (else the ``29:`` ids) of the people the activity @-mentions, in order."""
    activity = context.activity
    found: list[str] = []
    for account in places.other_mentions(activity):
        person = places.entra_id(account) or chats.entra(tenant, account.id)
        if person is None:
            person = await _look_up(context, account.id)
            if person is not None:
                chats.learn_entra(tenant, account.id, person)
        person = person or account.id
        if person not in found:
            found.append(person)
    return tuple(found)


async def _look_up(context: TurnContext, teams_id: str) -> str | None:
    """The member's Entra object id from the team (in a channel) or the chat; None when Teams won't say."""
    client: Any = context.services.get(ConnectorClientBase)
    if client is None:
        return None
    activity = context.activity
    data: Mapping[str, Any] = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
    team = data.get("team")
    team_id = str(team.get("id") or "") if isinstance(team, Mapping) else ""
    conversation = team_id or places.split_thread(activity.conversation.id)[0]
    try:
        async with asyncio.timeout(LOOKUP_TIMEOUT):
            member = await client.conversations.get_conversation_member(conversation, teams_id)
    except Exception as exc:  # a mention we cannot resolve is kept by its Teams id
        log.info("teams: a mentioned member was not looked up (%s)", type(exc).__name__)
        return None
    aad = getattr(member, "aad_object_id", None) or (member.model_extra or {}).get("objectId")
    return str(aad) if aad else None
