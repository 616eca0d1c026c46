"""The Teams channel: ``POST /api/messages`` on the shared aiohttp app, and proactive sends for the worker.

Built on the Microsoft 365 Agents SDK (the successor of the archived botbuilder SDK):

- Inbound, the SDK's :class:`CloudAdapter` parses the activity, runs our agent and answers the HTTP request
  (202 for messages, the invoke response for ``invoke``, the buffered replies for ``expectReplies``).
  Before that, the bearer token is checked with the SDK's :class:`JwtTokenValidator` against our app id;
  with no app id and ``TEAMS_ALLOW_ANONYMOUS=true`` (local testing only) a request without a token is
  accepted, exactly as the SDK's own middleware does. We do the header check ourselves, rather than with
  the SDK's aiohttp middleware, only because that middleware reads its settings from a string key on the
  *shared* aiohttp app.
- Replies go back through the SDK's connector client to the activity's ``serviceUrl``; proactive sends
  continue the person's stored conversation reference (``Address.ref``) with
  ``CloudAdapter.continue_conversation`` (anonymous claims in anonymous mode, so no token is fetched).
- Pacing, retries and what each connector status means live in :mod:`adapters.teams.send`; what each kind of
  activity means, in :mod:`adapters.teams.agent`; the token check, in :mod:`adapters.teams.http`.
- Replies marked off the record (a flag's words or case code) are remembered by id and replaced once read:
  see :mod:`adapters.teams.off_record`.
- Team channels: :meth:`TeamsChannel.post_in_channel` posts for the worker into a channel (a new thread) or a
  thread (``19:…;messageid=<root>``), continuing the channel reference in ``Place.ref``; a reply to something
  said in a channel goes into its thread when it is for the channel, else to the person's one-to-one chat,
  created when needed (:mod:`adapters.teams.people`), as for a ``send`` to someone with no conversation yet.

Uninstalling: Teams tells us with ``installationUpdate``/``conversationUpdate``; later sends to that
conversation raise :class:`~bot.domain.channel.Undeliverable` straight away in this process, and the connector
answers 403 in any other process (also Undeliverable), so the worker stops scheduling the person.

Logging: nothing at INFO names a person, a conversation or what they wrote. The SDK logs conversation ids
at INFO and ERROR, so its loggers are raised to WARNING (its connector client to CRITICAL: every connector
failure is logged here, by status) unless Kinship runs at DEBUG.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity, ActivityTypes, Attachment, ChannelAccount, ConversationReference
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import OutboundHostValidator, TurnContext
from microsoft_agents.hosting.core.authorization import (
    AuthenticationConstants,
    ClaimsIdentity,
)

from adapters.teams import cards, convert, people, places
from adapters.teams.agent import Agent
from adapters.teams.clients import ReusingClientFactory
from adapters.teams.http import BadActivity, SdkRequest, activity_body, auth_configuration, authenticate, to_response
from adapters.teams.off_record import PrivateCards, clear
from adapters.teams.send import ConversationPacer, RetryPolicy, TeamsSendError, post_with_retry
from bot.domain.channel import Delivered, Handler, RateLimited, Undeliverable
from bot.domain.config import TeamsSettings
from bot.domain.logs import where
from bot.domain.types import Address, Incoming, Place, Reply
from bot.outbound.turn_replies import PostOne, post_turn_replies

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
PROACTIVE = RetryPolicy(attempts=3, wait_on_429=0.0)  # the worker reschedules and slows the tenant down
# Teams' global service URL for a chat created before anyone in the tenant wrote to this process (the Agents
# SDK's microsoft_agents.hosting.msteams.proactive_service_endpoints.PUBLIC_GLOBAL; not imported: it loads the
# whole Teams extension, most of a second)
PUBLIC_GLOBAL = "https://smba.trafficmanager.net/teams/"
# someone is waiting, and Teams gives up on (and re-sends) a request after about 15 s: short and quick
REACTIVE = RetryPolicy(attempts=3, max_delay=2.0, timeout=5.0, wait_on_429=3.0)


class TeamsChannel:
    """The Channel for Microsoft Teams (see the module docstring)."""

    name = "teams"

    def __init__(
        self,
        settings: TeamsSettings,
        handle: Handler,
        *,
        proactive: RetryPolicy = PROACTIVE,
        reactive: RetryPolicy = REACTIVE,
        delivered: Delivered | None = None,
    ) -> None:
        if settings.app_id and settings.allow_anonymous:
            raise ValueError("TEAMS_ALLOW_ANONYMOUS is refused when a Teams app id is set")
        if not settings.app_id and not settings.allow_anonymous:
            raise ValueError("Teams needs an app id (and password), or TEAMS_ALLOW_ANONYMOUS=true for local tests")
        self.anonymous = not settings.app_id
        _quiet_sdk_logs(self.anonymous)
        self.handle = handle
        self.delivered = delivered
        self.app_id = settings.app_id
        self.service_url_override = settings.service_url_override
        self.proactive = proactive
        self.reactive = reactive
        self.pacer = ConversationPacer(settings.conversation_rate)
        self.uninstalled: set[str] = set()  # conversations whose app was removed since this process started
        self.private_cards = PrivateCards()  # off-record cards sent by this process, to clear once read
        self.chats = people.PersonalChats()  # people's one-to-one chats and tenants' routes seen by this process
        self.auth = auth_configuration(settings)
        connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": self.auth})
        self.clients = ReusingClientFactory(connections)
        self.adapter = CloudAdapter(
            connection_manager=connections,
            channel_service_client_factory=self.clients,
            # with credentials, only Microsoft's own connector hosts may be named as serviceUrl
            host_validator=OutboundHostValidator(enabled=not self.anonymous),
        )
        self.adapter.on_turn_error = self._on_turn_error
        self._agent = Agent(self)

    # --- Channel protocol ---------------------------------------------------------------------------------
    def mount(self, web_app: Any) -> None:
        web_app.router.add_post(ROUTE, self.on_request)

    async def start(self) -> None:
        log.info("teams adapter ready on %s (%s)", ROUTE, "anonymous, local testing only" if self.anonymous else "JWT")

    async def stop(self) -> None:
        """Close the connector sessions kept open between turns (see :mod:`adapters.teams.clients`)."""
        await self.clients.close()

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """Continue the stored conversation and post each reply (see :mod:`adapters.teams.send`). With no
        conversation (someone who never wrote to Kinship, such as a thank-you's recipient), their one-to-one
        chat is created first; Teams refusing that (the app is not installed for them) is Undeliverable."""
        if not replies:
            return
        reference = await self._reference(address)
        activities = [(activity, reply.off_record) for reply in replies for activity in to_activities(reply)]
        await self._deliver(reference, activities, self.proactive)

    async def post_in_channel(self, tenant: str, place: Place, reply: Reply) -> str:
        """Post ``reply`` in a team's channel: a new thread when ``place.thread`` is empty (the returned id is
        its root), else in that thread. Undeliverable when Kinship is no longer in the team (403, 404)."""
        try:
            reference = convert.reference_from(place.ref)
        except ValueError:
            raise Undeliverable("no usable Teams channel reference stored") from None
        if self.service_url_override:
            reference.service_url = self.service_url_override
        thread, first = place.thread, ""
        for activity in to_activities(reply):
            where = places.in_thread(place.channel or reference.conversation.id, thread)
            conversation = reference.conversation.model_copy(update={"id": where, "tenant_id": tenant or None})
            [posted] = await self._deliver(
                reference.model_copy(update={"conversation": conversation}), [(activity, False)], self.proactive
            )
            first = first or posted or ""
            thread = thread or first
        return first

    async def to_person(self, activity: Activity, reply: Reply) -> None:
        """Post ``reply`` to the sender of ``activity`` (said in a channel) in their one-to-one chat, which is
        created when this process does not know it. Never into the channel."""
        sender = activity.from_property
        if sender is None or not sender.id or activity.recipient is None or not activity.service_url:
            raise Undeliverable("the activity names no sender to answer privately")
        tenant = convert.tenant_of(activity)
        route = people.Route(
            activity.service_url, ChannelAccount(id=activity.recipient.id, name=activity.recipient.name)
        )
        reference = await self._personal(tenant, convert.user_of(activity), sender.id, route, self.reactive)
        await self._deliver(reference, [(a, reply.off_record) for a in to_activities(reply)], self.reactive)

    async def _deliver(
        self, reference: ConversationReference, activities: list[tuple[Activity, bool]], policy: RetryPolicy
    ) -> list[str | None]:
        """Continue ``reference`` and post each activity in turn; the ids Teams gave them."""
        conversation = reference.conversation.id
        posted: list[str | None] = []
        failures: list[Exception] = []

        async def post_all(context: TurnContext) -> None:
            try:
                for activity, off_record in activities:
                    outgoing = activity.apply_conversation_reference(reference)  # a new activity: no copy needed
                    await self.pacer.acquire(conversation)
                    post = partial(context.adapter.send_activities, context, [outgoing])
                    sent = _id_of(await post_with_retry(post, policy))
                    posted.append(sent)
                    if off_record:
                        self.private_cards.remember(conversation, sent)
            except Exception as exc:  # handed back below: the SDK would otherwise pass it to on_turn_error
                failures.append(exc)

        continuation = reference.get_continuation_activity()
        if self.anonymous:
            await self.adapter.continue_conversation_with_claims(ClaimsIdentity(), continuation, post_all)
        else:
            await self.adapter.continue_conversation(self.app_id, continuation, post_all)
        if failures:
            failure = failures[0]
            if isinstance(failure, RateLimited):
                self.pacer.block(conversation, failure.retry_after)
            raise failure
        return posted

    async def _reference(self, address: Address) -> ConversationReference:
        """The stored conversation to continue (or the person's one-to-one chat, created, when there is none
        stored); Undeliverable when there is none we may use."""
        if not address.conversation:
            return await self._personal(
                address.tenant, address.user, address.user, self._route(address), self.proactive
            )
        if address.conversation in self.uninstalled:
            raise Undeliverable("Kinship was uninstalled from this chat")
        try:
            reference = convert.reference_from(address.ref)
        except ValueError:
            raise Undeliverable("no usable Teams conversation reference stored for this person") from None
        if self.service_url_override:
            reference.service_url = self.service_url_override
        return reference

    def _route(self, address: Address) -> people.Route:
        """Where to create someone's chat: their stored reference's service URL and bot, else this tenant's as
        last seen, else Teams' global service URL and our app's bot id."""
        try:
            known = convert.reference_from(address.ref)
            if known.service_url and known.agent is not None and known.agent.id:
                return people.Route(known.service_url, known.agent)
        except ValueError:
            pass
        route = self.chats.route(address.tenant)
        if route is not None:
            return route
        if self.app_id:
            return people.Route(PUBLIC_GLOBAL, ChannelAccount(id=f"28:{self.app_id}"))
        raise TeamsSendError(None, "no Teams service URL known for this tenant yet")

    async def _personal(
        self, tenant: str, user: str, member: str, route: people.Route, policy: RetryPolicy
    ) -> ConversationReference:
        """The person's one-to-one chat: remembered in this process, else created (Teams finds an existing one)."""
        conversation, ref = self.chats.chat(tenant, user)
        if conversation in self.uninstalled:
            raise Undeliverable("Kinship was uninstalled from this chat")
        if ref:
            reference = convert.reference_from(ref)
        else:
            if self.service_url_override:
                route = people.Route(self.service_url_override, route.bot)
            client = await self.clients.create_connector_client(
                None,
                self._claims(),
                route.service_url,
                AuthenticationConstants.AGENTS_SDK_SCOPE,
                use_anonymous=self.anonymous,
            )
            reference = await people.create_personal(client, tenant, member, route, policy)
            if reference.conversation.id in self.uninstalled:
                raise Undeliverable("Kinship was uninstalled from this chat")
            self.chats.remember(
                Address(convert.PLATFORM, tenant, user, reference.conversation.id, people.json_of(reference))
            )
        if self.service_url_override:
            reference.service_url = self.service_url_override
        return reference

    def _claims(self) -> ClaimsIdentity:
        return ClaimsIdentity() if self.anonymous else self.adapter.create_claims_identity(self.app_id)

    # --- inbound ------------------------------------------------------------------------------------------
    async def on_request(self, request: web.Request) -> web.StreamResponse:
        identity = await authenticate(self.auth, request)
        if identity is None:
            return web.json_response({"error": "Unauthorized"}, status=401)
        await request.read()  # here, so an oversize body is a 413 (the SDK would call any read failure a 400)
        try:
            body = await activity_body(request)
            result = await self.adapter.process_request(SdkRequest(request, identity, body), self._agent)
        except BadActivity as exc:
            return _refused(str(exc))
        except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as exc:  # not usable
            return _refused(type(exc).__name__)
        if result.status_code == 501:  # an invoke none of our handlers answered: not an error on our side
            return web.json_response({"error": "Not supported"}, status=400)
        if result.status_code == 400:  # the SDK's own refusal (no type or conversation id)
            return _refused("no type or conversation")
        return to_response(result)

    async def reply(self, context: TurnContext, replies: Sequence[Reply], incoming: Incoming | None = None) -> None:
        """Post replies into the conversation of the activity being answered, then tell the core how many
        arrived (for ``incoming``): any it still owes are sent again later by the nudge worker."""
        await self._answer(context, replies, incoming, partial(self._post_reply, context))

    async def answer_in_channel(self, context: TurnContext, replies: Sequence[Reply], incoming: Incoming) -> None:
        """Answer something said in a team's channel: replies for the channel go into its thread, and every
        other reply to the person alone, in their one-to-one chat (never the channel)."""

        async def post_one(reply: Reply) -> None:
            if reply.audience == "channel" and not reply.off_record:
                await self._post_reply(context, reply)
            else:
                await self.to_person(context.activity, reply)

        await self._answer(context, replies, incoming, post_one)

    async def _answer(
        self, context: TurnContext, replies: Sequence[Reply], incoming: Incoming | None, post_one: PostOne
    ) -> None:
        try:
            await post_turn_replies(incoming, replies, post_one, self.delivered)
        except (RateLimited, Undeliverable, TeamsSendError, TimeoutError) as exc:
            log.warning("teams reply not delivered (%s: %s)", type(exc).__name__, exc)

    async def _post_reply(self, context: TurnContext, reply: Reply) -> None:
        """One reply into the turn's own conversation, in answer to its activity.

        Through the adapter's ``send_activities`` (the SDK's connector client and auth, and its buffering for
        ``expectReplies``), not ``TurnContext.send_activity``: that one deep-copies every activity first,
        which for a card costs more than the rest of the turn, and these activities are new and ours."""
        conversation = context.activity.conversation.id
        reference = context.activity.get_conversation_reference()
        for activity in to_activities(reply):
            TurnContext.apply_conversation_reference(activity, reference)
            activity.input_hint = activity.input_hint or "acceptingInput"
            await self.pacer.acquire(conversation)
            post = partial(context.adapter.send_activities, context, [activity])
            sent = await post_with_retry(post, self.reactive)
            context.responded = True
            if reply.off_record:
                self.private_cards.remember(conversation, _id_of(sent))

    async def clear(self, context: TurnContext, ids: list[str]) -> int:
        """Replace these off-record cards in the turn's conversation (see :mod:`adapters.teams.off_record`)."""
        return await clear(context, ids, self.pacer, self.reactive)

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        """Replaces the SDK's default, which prints the traceback and sends the exception text to the user.

        An activity the SDK accepted can still lack what a reply needs (no ``recipient``, say): that is the
        sender's mistake, a WARNING naming where it broke. Anything else is ours, an ERROR."""
        debug = log.isEnabledFor(logging.DEBUG)
        if isinstance(error, ValueError | KeyError | TypeError | AttributeError):  # pydantic's errors are ValueErrors
            name = type(error).__name__
            log.warning("teams: could not handle an activity (%s%s)", name, where(error), exc_info=debug)
            return
        log.error("teams turn failed (%s)", type(error).__name__, exc_info=debug)


def _refused(reason: str) -> web.Response:
    log.warning("teams: refused a request that is not a usable activity (%s)", reason)
    return web.json_response({"error": "Bad Request"}, status=400)


def _id_of(sent: Sequence[Any]) -> str | None:
    """The id the connector gave the message just posted (none when replies are buffered: expectReplies)."""
    return getattr(sent[0], "id", None) if sent else None


def to_activities(reply: Reply) -> list[Activity]:
    """One message activity per card, each with the reply's plain text as its summary."""
    text = cards.summary(reply)
    return [
        Activity(
            type=ActivityTypes.message,
            summary=text,
            attachments=[Attachment(content_type=cards.CONTENT_TYPE, content=card)],
        )
        for card in cards.render(reply)
    ]


def _quiet_sdk_logs(anonymous: bool) -> None:
    if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
        return
    sdk = logging.getLogger("microsoft_agents")
    if sdk.level == logging.NOTSET:
        sdk.setLevel(logging.WARNING)
    # it logs a refused activity at ERROR with a traceback quoting the payload; on_request logs the refusal
    activity = logging.getLogger("microsoft_agents.activity.activity")
    if activity.level == logging.NOTSET:
        activity.setLevel(logging.CRITICAL)
    connector = logging.getLogger("microsoft_agents.hosting.core.connector.client.connector_client")
    if connector.level == logging.NOTSET:
        connector.setLevel(logging.CRITICAL)
    if anonymous:  # without an app id the SDK warns on every turn that its user-token client has none
        tokens = logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client")
        if tokens.level == logging.NOTSET:
            tokens.setLevel(logging.ERROR)
