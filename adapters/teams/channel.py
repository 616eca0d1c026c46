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
- Pacing, retries and what each connector status means live in :mod:`adapters.teams.send`.

Uninstalling: Teams tells us with ``installationUpdate``/``conversationUpdate``; later sends to that
conversation raise :class:`~bot.domain.channel.Undeliverable` straight away in this process, and the connector
answers 403 in any other process (also Undeliverable), so the worker stops scheduling the person.

Logging: nothing at INFO names a person, a conversation or what they wrote. The SDK logs conversation ids
at INFO and ERROR, so its loggers are raised to WARNING (its connector client to CRITICAL: every connector
failure is logged here, by status) unless Kinship runs at DEBUG.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import jwt
from aiohttp import web
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    InvokeResponse,
)
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import OutboundHostValidator, TurnContext
from microsoft_agents.hosting.core.authorization import (
    AgentAuthConfiguration,
    AuthTypes,
    ClaimsIdentity,
    JwtTokenValidator,
)
from microsoft_agents.hosting.core.http import HttpResponse

from adapters.teams import cards, convert
from adapters.teams.clients import ReusingClientFactory
from adapters.teams.send import ConversationPacer, RetryPolicy, TeamsSendError, post_with_retry
from bot.domain.channel import PLATFORM_REMOVED, REPLY_POST_BUDGET, Delivered, Handler, RateLimited, Undeliverable
from bot.domain.config import Config
from bot.domain.logs import where
from bot.domain.types import Address, Incoming, Reply

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
WELCOME_ACTION = "help"  # for someone new the core answers with its welcome; for someone back, the menu
LEGACY_MULTI_TENANT = "botframework.com"  # the token authority for bots registered before single-tenant
PROACTIVE = RetryPolicy(attempts=3, wait_on_429=0.0)  # the worker reschedules and slows the tenant down
# someone is waiting, and Teams gives up on (and re-sends) a request after about 15 s: short and quick
REACTIVE = RetryPolicy(attempts=3, max_delay=2.0, timeout=5.0, wait_on_429=3.0)
PERSONAL_ONLY = Reply(
    text="I only work in a one-to-one chat, so what you tell me stays private. Open Kinship from the apps "
    "in Teams to chat with me there."
)
CARD_ACTION_DONE = "Thanks. My answer is below."


class TeamsChannel:
    """The Channel for Microsoft Teams (see the module docstring)."""

    name = "teams"

    def __init__(
        self,
        config: Config,
        handle: Handler,
        *,
        proactive: RetryPolicy = PROACTIVE,
        reactive: RetryPolicy = REACTIVE,
        delivered: Delivered | None = None,
    ) -> None:
        if config.teams_app_id and config.teams_allow_anonymous:
            raise ValueError("TEAMS_ALLOW_ANONYMOUS is refused when a Teams app id is set")
        if not config.teams_app_id and not config.teams_allow_anonymous:
            raise ValueError("Teams needs an app id (and password), or TEAMS_ALLOW_ANONYMOUS=true for local tests")
        self.anonymous = not config.teams_app_id
        _quiet_sdk_logs(self.anonymous)
        self.handle = handle
        self.delivered = delivered
        self.app_id = config.teams_app_id
        self.service_url_override = config.teams_service_url_override
        self.proactive = proactive
        self.reactive = reactive
        self.pacer = ConversationPacer(config.teams_conversation_rate)
        self.uninstalled: set[str] = set()  # conversations whose app was removed since this process started
        if self.anonymous:
            self.auth = AgentAuthConfiguration(anonymous_allowed=True)
        else:
            self.auth = AgentAuthConfiguration(
                auth_type=AuthTypes.client_secret,
                client_id=config.teams_app_id,
                client_secret=config.teams_app_password or None,
                tenant_id=config.teams_tenant_id or LEGACY_MULTI_TENANT,
                connection_name="SERVICE_CONNECTION",
            )
        connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": self.auth})
        self.clients = ReusingClientFactory(connections)
        self.adapter = CloudAdapter(
            connection_manager=connections,
            channel_service_client_factory=self.clients,
            # with credentials, only Microsoft's own connector hosts may be named as serviceUrl
            host_validator=OutboundHostValidator(enabled=not self.anonymous),
        )
        self.adapter.on_turn_error = self._on_turn_error
        self._agent = _Agent(self)

    # --- Channel protocol ---------------------------------------------------------------------------------
    def mount(self, web_app: Any) -> None:
        web_app.router.add_post(ROUTE, self.on_request)

    async def start(self) -> None:
        log.info("teams adapter ready on %s (%s)", ROUTE, "anonymous, local testing only" if self.anonymous else "JWT")

    async def stop(self) -> None:
        """Close the connector sessions kept open between turns (see :mod:`adapters.teams.clients`)."""
        await self.clients.close()

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """Continue the stored conversation and post each reply (see :mod:`adapters.teams.send`)."""
        if not replies:
            return
        if address.conversation in self.uninstalled:
            raise Undeliverable("Kinship was uninstalled from this chat")
        try:
            reference = convert.reference_from(address.ref)
        except ValueError:
            raise Undeliverable("no usable Teams conversation reference stored for this person") from None
        if self.service_url_override:
            reference.service_url = self.service_url_override
        conversation = reference.conversation.id
        activities = [activity for reply in replies for activity in to_activities(reply)]
        failures: list[Exception] = []

        async def post_all(context: TurnContext) -> None:
            try:
                for activity in activities:
                    outgoing = activity.apply_conversation_reference(reference)  # a new activity: no copy needed
                    await self.pacer.acquire(conversation)
                    await post_with_retry(
                        lambda a=outgoing: context.adapter.send_activities(context, [a]), self.proactive
                    )
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

    # --- inbound ------------------------------------------------------------------------------------------
    async def on_request(self, request: web.Request) -> web.StreamResponse:
        identity = await self._authenticate(request)
        if identity is None:
            return web.json_response({"error": "Unauthorized"}, status=401)
        await request.read()  # here, so an oversize body is a 413 (the SDK would call any read failure a 400)
        try:
            result = await self.adapter.process_request(_Request(request, identity), self._agent)
        except (ValueError, TypeError, AttributeError, LookupError) as exc:  # not an activity we can process
            log.warning("teams: refused a request that is not a usable activity (%s)", type(exc).__name__)
            return web.json_response({"error": "Bad Request"}, status=400)
        if result.status_code == 501:  # an invoke none of our handlers answered: not an error on our side
            return web.json_response({"error": "Not supported"}, status=400)
        return _to_response(result)

    async def _authenticate(self, request: web.Request) -> ClaimsIdentity | None:
        """The caller's claims, or None (401). The same rules as the SDK's JWT middleware."""
        header = request.headers.get("Authorization", "").strip()
        if not header:
            return ClaimsIdentity() if self.auth.ANONYMOUS_ALLOWED else None
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or any(c.isspace() for c in token):
            return None
        try:
            return await JwtTokenValidator(self.auth).validate_token(token)
        except (jwt.PyJWTError, ValueError) as exc:
            log.warning("teams: refused a request with an invalid token (%s)", type(exc).__name__)
            return None

    async def reply(self, context: TurnContext, replies: Sequence[Reply], incoming: Incoming | None = None) -> None:
        """Post replies into the conversation of the activity being answered, then tell the core how many
        arrived (for ``incoming``): any it still owes are sent again later by the nudge worker.

        Through the adapter's ``send_activities`` (the SDK's connector client and auth, and its buffering for
        ``expectReplies``), not ``TurnContext.send_activity``: that one deep-copies every activity first,
        which for a card costs more than the rest of the turn, and these activities are new and ours."""
        conversation = context.activity.conversation.id
        reference = context.activity.get_conversation_reference()
        sent = 0
        try:
            async with asyncio.timeout(REPLY_POST_BUDGET):
                for reply in replies:
                    for activity in to_activities(reply):
                        TurnContext.apply_conversation_reference(activity, reference)
                        activity.input_hint = activity.input_hint or "acceptingInput"
                        await self.pacer.acquire(conversation)
                        await post_with_retry(
                            lambda a=activity: context.adapter.send_activities(context, [a]), self.reactive
                        )
                        context.responded = True
                    sent += 1
        except (RateLimited, Undeliverable, TeamsSendError, TimeoutError) as exc:
            log.warning("teams reply not delivered (%s: %s)", type(exc).__name__, exc)
        if incoming is not None and self.delivered is not None and sent:
            await self.delivered(incoming, None if sent == len(replies) else sent)

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


class _Agent:
    """What the SDK calls for each inbound activity: convert, hand to the core, render the replies."""

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
        incoming = convert.incoming_of(activity)
        if incoming is None:
            return
        self.channel.uninstalled.discard(incoming.address.conversation)
        await self.channel.reply(context, await self.channel.handle(incoming), incoming)

    async def _card_action(self, context: TurnContext) -> None:
        """``Action.Execute`` (Universal Actions). Our cards use ``Action.Submit``, so this only comes from a
        card made elsewhere, or a future one: a press is handled like a submit and answered in the chat."""
        activity = context.activity
        value = activity.value if isinstance(activity.value, Mapping) else {}
        action = value.get("action") if isinstance(value.get("action"), Mapping) else {}
        if value.get("trigger") == "automatic" or not convert.is_personal(activity):
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


_MESSAGE = "application/vnd.microsoft.activity.message"


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


async def _invoke_response(context: TurnContext, body: dict[str, Any], status: int = 200) -> None:
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )


class _Request:
    """The SDK's view of an aiohttp request (``HttpRequestProtocol``), carrying claims we checked."""

    def __init__(self, request: web.Request, identity: ClaimsIdentity) -> None:
        self._request = request
        self._identity = identity

    @property
    def method(self) -> str:
        return self._request.method

    @property
    def headers(self) -> Mapping[str, str]:
        return self._request.headers

    async def json(self) -> Any:
        return await self._request.json()

    def get_claims_identity(self) -> ClaimsIdentity:
        return self._identity

    def get_path_param(self, name: str) -> str:
        return self._request.match_info[name]


def _to_response(result: HttpResponse) -> web.StreamResponse:
    if result.body is not None:
        return web.json_response(result.body, status=result.status_code, headers=result.headers)
    return web.Response(status=result.status_code, headers=result.headers)


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
