"""The Slack channel: a Bolt ``AsyncApp`` on the shared aiohttp app, converting both ways.

Request flow (HTTP mode): ``POST /slack/events`` → size limit (aiohttp, 413) → signature check (401) →
Bolt (which verifies the signature again, authorises the workspace, and routes to a listener) → the
listener starts the turn as a task this channel tracks (so ``stop`` can let it finish), waits until the turn
is committed (at most ``reply_budget`` seconds), acks, and the replies are posted after the ack. Acking only
once the turn is saved means a process killed before that never acks: Slack retries a message event, and
shows the person an error for a command or a button, so nothing they sent is silently dropped. Replies are
posted after the ack and reported to the core as delivered (``delivered``); any not posted (a crash, a 500,
a timeout) stay owed in the database and are sent by the nudge worker later, exactly once. A modal
submission acks last of all: Slack wants validation errors *in* the ack.

Every reply goes to the person's direct-message channel with the app (opened and cached as needed), which
is where the conversation lives whichever surface started it; slash commands are answered there too, never
through ``response_url``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import replace
from typing import Any

from aiohttp import ClientError, ClientSession, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks, convert
from adapters.slack.convert import Workspace
from adapters.slack.people import Directory, Recent
from adapters.slack.send import as_channel_error, error_code, post, retry_handlers
from bot.domain.channel import PLATFORM_OPENED, REPLY_POST_BUDGET, Delivered, Handler, Undeliverable
from bot.domain.config import Config
from bot.domain.logs import REQUEST_ID, request_id, where
from bot.domain.types import Address, Field, Form, Incoming, Reply
from bot.understanding.privacy import redact

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
DEFAULT_API_URL = "https://slack.com/api/"
SCRIPT_SHORTCUT = "kinship_script"
FLAG_SHORTCUT = "kinship_flag_message"
BOT_SCOPES = ("chat:write", "commands", "im:history", "im:read", "im:write", "users:read")
ELSEWHERE_NOTE = "I've answered in your direct messages with Kinship."
FORM_NOTE = "I'll reply in your direct messages with Kinship."
API_TIMEOUT = 10.0  # seconds for one Web API call; a reply not posted by then is sent again later

# the global shortcut's own small form: what happened, in a few words (sent on as "script <words>")
SCRIPT_FORM = Form(
    title="Words to use",
    submit="script",
    submit_label="Get words",
    fields=(
        Field(
            "situation",
            "What happened? A few words are enough. Please leave out names.",
            multiline=True,
            max_length=500,
            placeholder="For example: a patient made a racist comment to my colleague",
        ),
    ),
)

HomeSource = Callable[[Address], Awaitable[Sequence[Reply]]]


class _WithoutPayloads(logging.Filter):
    """Bolt logs request bodies at INFO and WARNING (a bad signature, an unhandled request), and the SDK logs
    API requests and responses at DEBUG; those can hold message text, user ids or (``oauth.v2.access``) a
    token. Below ERROR only the first words of each message are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            message = record.getMessage()
            cuts = [i for i in (message.find("("), message.find("{"), message.find(":")) if i >= 0]
            if cuts:
                record.msg, record.args = message[: min(cuts)].rstrip() + " (details withheld)", ()
        return True


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("adapters.slack.bolt")
    if not any(isinstance(f, _WithoutPayloads) for f in logger.filters):
        logger.addFilter(_WithoutPayloads())
    return logger


def api_url(config: Config) -> str:
    url = config.slack_api_url.strip() or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


class SlackChannel:
    """The Channel protocol for Slack (see the module docstring for the request flow)."""

    name = "slack"

    def __init__(
        self,
        config: Config,
        handle: Handler,
        *,
        home: HomeSource | None = None,
        lookup_timeout: float = 2.0,
        reply_budget: float = 2.0,
        delivered: Delivered | None = None,
    ) -> None:
        self.config = config
        self.handle = handle
        self.delivered = delivered
        self.home_source = home
        self.reply_budget = reply_budget
        self.directory = Directory(lookup_timeout)
        self.verifier = SignatureVerifier(config.slack_signing_secret)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._home_shown: Recent[tuple[str, str], bool] = Recent(ttl=3600)
        self._session: ClientSession | None = None
        self._socket: Any = None
        self._serving = False
        self.client = AsyncWebClient(
            token=config.slack_bot_token or None,
            base_url=api_url(config),
            timeout=int(API_TIMEOUT),
            retry_handlers=retry_handlers(),
            logger=_bolt_logger(),  # the SDK logs request and response bodies at DEBUG: those are filtered too
        )
        self.installations: Any = None
        oauth_settings = None
        if config.slack_client_id and config.slack_client_secret:
            from adapters.slack.oauth import installation_store, state_store

            self.installations = installation_store(config)
            oauth_settings = AsyncOAuthSettings(
                client_id=config.slack_client_id,
                client_secret=config.slack_client_secret,
                scopes=list(BOT_SCOPES),
                user_scopes=[],
                installation_store=self.installations,
                installation_store_bot_only=True,
                state_store=state_store(config),
                install_path=INSTALL_PATH,
                redirect_uri_path=REDIRECT_PATH,
                logger=_bolt_logger(),
            )
            self.client.token = None  # OAuth: each workspace's token comes from its installation
        self.app = AsyncApp(
            name="kinship",
            logger=_bolt_logger(),
            signing_secret=config.slack_signing_secret,
            client=self.client,
            oauth_settings=oauth_settings,
            installation_store_bot_only=True if oauth_settings else None,
            request_verification_enabled=True,
            # Our listeners ack and return at once (slow work is a task we track), so Bolt may await them
            # inline: without this it runs each listener as a future and polls for the ack every 10 ms,
            # which under load adds tens of milliseconds to every command's response.
            process_before_response=True,
        )
        self._register()

    # --- Channel protocol -----------------------------------------------------------------------------

    def mount(self, web_app: web.Application) -> None:
        self._serving = True
        web_app.router.add_post(EVENTS_PATH, self._http)
        if self.app.oauth_flow is not None:
            web_app.router.add_get(INSTALL_PATH, self._install)
            web_app.router.add_get(REDIRECT_PATH, self._oauth_redirect)

    async def start(self) -> None:
        if self._session is None:
            self._session = ClientSession()
            self.client.session = self._session  # shared by the per-request clients Bolt makes
        if self.installations is not None:
            await self.installations.create_tables()
        # Socket Mode only in the process that serves (``serve`` mounts us; a ``worker`` only sends nudges and
        # must not take a share of the events Slack spreads across open connections)
        if self.config.slack_app_token and self._serving and self._socket is None:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.app, self.config.slack_app_token, logger=_bolt_logger())
            await self._socket.connect_async()
            log.info("slack: Socket Mode connected")

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        try:
            await asyncio.wait_for(self.drain(), timeout=5)
        except TimeoutError:
            log.warning("slack: %d replies still running at shutdown were abandoned", len(self._tasks))
        if self._session is not None:
            await self._session.close()
            self._session = None
            self.client.session = None
        if self.installations is not None:
            await self.installations.close()

    async def drain(self) -> None:
        """Wait for every turn already acknowledged to finish (used by ``stop`` and by tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """A proactive message (a nudge). Raises Undeliverable or RateLimited as the protocol says."""
        workspace = Workspace.from_ref(address.ref, address.tenant)
        client = await self._client_for(workspace)
        messages = blocks.render(replies)
        try:
            channel = address.conversation or await self.directory.dm_channel(client, address.tenant, address.user)
            try:
                await post(client, channel, messages)
            except SlackApiError as exc:
                if error_code(exc) != "channel_not_found" or not address.conversation:
                    raise
                # a stored channel id that Slack no longer knows: ask for the DM afresh, once
                self.directory.channels.forget((address.tenant, address.user))
                fresh = await self.directory.dm_channel(client, address.tenant, address.user)
                if fresh == channel:
                    raise
                await post(client, fresh, messages)
        except SlackApiError as exc:
            mapped = as_channel_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    # --- HTTP -----------------------------------------------------------------------------------------

    async def _http(self, request: web.Request) -> web.StreamResponse:
        """Bolt's aiohttp adapter, behind two cheap checks so unauthenticated input is never parsed."""
        raw = await request.read()  # beyond the route's size limit aiohttp answers 413 here
        try:
            body = raw.decode("utf-8")  # Slack sends UTF-8 whatever the Content-Type says
        except UnicodeDecodeError:
            return web.json_response({"error": "malformed request"}, status=400)
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not (timestamp.isascii() and timestamp.isdigit() and self.verifier.is_valid(body, timestamp, signature)):
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = AsyncBoltRequest(body=body, query=request.query_string, headers=request.headers)  # type: ignore[arg-type]
            if not isinstance(bolt_request.body, dict):
                raise TypeError("not a JSON object")
            response = await self.app.async_dispatch(bolt_request)
        except (ValueError, TypeError, AttributeError, LookupError) as exc:  # signed, but not a payload Bolt can read
            log.warning("slack: refused a malformed request (%s)", type(exc).__name__)
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(response)

    async def _install(self, request: web.Request) -> web.StreamResponse:
        flow = self.app.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

    async def _oauth_redirect(self, request: web.Request) -> web.StreamResponse:
        flow = self.app.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    # --- listeners ------------------------------------------------------------------------------------

    def _register(self) -> None:
        app = self.app
        app.use(self._with_request_id)
        app.event("message")(self._on_message)
        app.event("app_home_opened")(self._on_home_opened)
        app.command(re.compile(r"^/kinship"))(self._on_command)
        app.action(re.compile(r"^kinship\."))(self._on_action)
        app.shortcut(SCRIPT_SHORTCUT)(self._on_script_shortcut)
        app.shortcut(FLAG_SHORTCUT)(self._on_flag_shortcut)
        app.view(blocks.FORM_CALLBACK_ID)(self._on_form)
        if self.installations is not None:
            app.enable_token_revocation_listeners()
        app.error(self._on_bolt_error)
        # last: any other event is acknowledged and dropped (an unhandled one would be a 404, which Slack
        # counts as a failure and retries)
        app.event(re.compile(r".*"))(self._ignore)

    async def _ignore(self) -> None:
        return None

    @staticmethod
    async def _with_request_id(next: Callable[[], Awaitable[Any]]) -> Any:  # Bolt passes `next` by name
        """A Socket Mode envelope arrives without an HTTP request, so nothing gave it a request id: give it one
        here, for every log line it causes (its turn and replies included). Over HTTP it already has one."""
        if not REQUEST_ID.get():
            REQUEST_ID.set(request_id())
        return await next()

    @staticmethod
    async def _on_bolt_error(error: Exception) -> BoltResponse:
        """A signed payload of a shape nobody expects (Bolt's matchers and our listeners index its parts) is the
        sender's mistake: a 400 and one line naming where it broke, not Bolt's 500 and a traceback. Turns run
        after the ack, in tasks that log their own failures (``_guarded``)."""
        log.warning("slack: refused a request of an unexpected shape (%s%s)", type(error).__name__, where(error))
        return BoltResponse(status=400, body="")

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> BoltResponse | None:
        text = convert.dm_text(event)
        if text is None:
            return None  # edits, deletions, bot posts, channel messages: not a turn
        workspace = Workspace.from_context(context)
        user, channel = event["user"], event["channel"]
        self.directory.remember_channel(workspace.tenant, user, channel)
        thread = event.get("thread_ts")
        event_id = str(body.get("event_id") or "")
        if not await self._start_turn(context.client, workspace, user, text=text, event_id=event_id, thread=thread):
            return BoltResponse(status=500, body="")  # not saved (Slack API trouble): Slack will send it again
        return None

    async def _on_command(self, ack: Any, body: dict[str, Any], command: dict[str, Any], context: Any) -> None:
        workspace = Workspace.from_context(context)
        user = command["user_id"]
        known = self.directory.channels.get((workspace.tenant, user))
        in_our_dm = bool(known) and command.get("channel_id") == known
        await self._start_turn(
            context.client,
            workspace,
            user,
            text=convert.command_words(command.get("text", "")),
            event_id=convert.interaction_id(body),
            trigger=body.get("trigger_id"),
        )
        await ack(text="" if in_our_dm else ELSEWHERE_NOTE)  # outside our DM: a note only they see

    async def _on_action(self, ack: Any, body: dict[str, Any], action: dict[str, Any], context: Any) -> None:
        value = convert.action_value(action)
        if not value:
            await ack()
            return
        workspace = Workspace.from_context(context)
        user = body["user"]["id"]
        self.directory.remember_channel(workspace.tenant, user, convert.dm_channel_of(body))
        await self._start_turn(
            context.client,
            workspace,
            user,
            action=value,
            event_id=convert.interaction_id(body),
            trigger=body.get("trigger_id"),
        )
        await ack()

    async def _on_script_shortcut(self, ack: Any, body: dict[str, Any], context: Any) -> None:
        await ack()
        view = blocks.modal(SCRIPT_FORM, {"as_text": SCRIPT_FORM.submit}, FORM_NOTE)
        self._spawn(context.client.views_open(trigger_id=body["trigger_id"], view=view))

    async def _on_flag_shortcut(self, ack: Any, body: dict[str, Any], context: Any) -> None:
        """The message shortcut: the flag form, with that message's words offered as the description,
        redacted. Its author is never read: only the text goes on, and only after ``bot.redact``."""
        words = convert.slack_to_plain(str((body.get("message") or {}).get("text") or ""))
        offered = redact(words) if words else ""
        await self._start_turn(
            context.client,
            Workspace.from_context(context),
            body["user"]["id"],
            action="flag",
            event_id=convert.interaction_id(body),
            trigger=body.get("trigger_id"),
            prefill={"description": offered} if offered else None,
        )
        await ack()

    async def _on_form(self, ack: Any, body: dict[str, Any], view: dict[str, Any], context: Any) -> None:
        values = convert.form_values(view)
        missing = convert.missing_answers(view, values)
        if missing:
            await ack(response_action="errors", errors=missing)
            return
        meta = convert.metadata(view)
        workspace = Workspace.from_context(context)
        user = body["user"]["id"]
        event_id = convert.interaction_id(body)
        if meta.get("as_text"):  # one of our own small forms, sent on as the command words it stands for
            words = " ".join(" ".join(values.values()).split())
            as_text = f"{meta['as_text']} {words}"
            await self._start_turn(context.client, workspace, user, text=as_text, event_id=event_id)
            await ack()
            return
        submit = str(meta.get("submit") or "")
        task = self._spawn(
            self._answer(context.client, workspace, user, action=submit, values=values, event_id=event_id)
        )
        done, _ = await asyncio.wait({task}, timeout=self.reply_budget)
        if not done:  # slow: close the modal now; the replies follow in the DM when the turn ends
            await ack()
            task.add_done_callback(lambda t: self._deliver_later(context.client, t))
            return
        answered = task.result()
        if answered is None:
            await ack()
            return
        incoming, replies = answered
        refused = {i for i, r in enumerate(replies) if r.form is not None and r.form.submit == submit}
        if refused:
            first = convert.first_input(view)
            await ack(response_action="errors", errors={first: blocks.clip(replies[min(refused)].text, 200)})
        else:
            await ack()
        self._spawn(self._deliver(context.client, incoming, replies, shown=refused))  # refused: shown in the ack

    async def _on_home_opened(self, event: dict[str, Any], context: Any) -> None:
        workspace = Workspace.from_context(context)
        user = event["user"]
        self.directory.remember_channel(workspace.tenant, user, event.get("channel", ""))
        key = (workspace.tenant, user)
        if event.get("tab") != "home" and self._home_shown.get(key):
            return  # the Messages tab opens often; the Home view only needs publishing once in a while
        if not self._home_shown.get(key):  # first open seen by this process: welcome them if they are new
            self._spawn(self._turn(context.client, workspace, user, action=PLATFORM_OPENED))
        self._home_shown.put(key, True)
        self._spawn(self._publish_home(context.client, workspace, user))

    # --- turns ----------------------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(self._guarded(work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _guarded(work: Coroutine[Any, Any, Any]) -> Any:
        try:
            return await work
        except SlackApiError as exc:
            log.warning("slack: a reply could not be delivered (%s)", error_code(exc))
        except (ClientError, TimeoutError) as exc:  # Slack unreachable or slow: an outage, not a bug
            log.warning("slack: a reply could not be delivered (%s)", type(exc).__name__)
        except Exception:
            log.exception("slack: a turn failed")
        return None

    async def _start_turn(self, client: AsyncWebClient, workspace: Workspace, user: str, **turn: Any) -> bool:
        """Start a turn as a tracked task and wait until it is saved (at most ``reply_budget`` seconds), so the
        caller acks only then. False if it failed before it was saved (the person's words were not taken in)."""
        saved = asyncio.Event()
        task = self._spawn(self._turn(client, workspace, user, saved=saved, **turn))
        waiter = asyncio.ensure_future(saved.wait())
        try:
            await asyncio.wait({task, waiter}, timeout=self.reply_budget, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
        return saved.is_set() or not task.done()

    async def _address(self, client: AsyncWebClient, workspace: Workspace, user: str) -> Address:
        channel = await self.directory.dm_channel(client, workspace.tenant, user)
        return Address("slack", workspace.tenant, user, channel, workspace.ref())

    async def _answer(
        self,
        client: AsyncWebClient,
        workspace: Workspace,
        user: str,
        *,
        text: str | None = None,
        action: str | None = None,
        values: Mapping[str, str] | None = None,
        event_id: str = "",
    ) -> tuple[Incoming, list[Reply]]:
        address, zone = await asyncio.gather(
            self._address(client, workspace, user), self.directory.timezone(client, workspace.tenant, user)
        )
        incoming = Incoming(
            address,
            text=text,
            action=action,
            values=dict(values or {}),
            event_id=event_id,
            timezone=zone,
        )
        return incoming, list(await self.handle(incoming))

    async def _turn(
        self,
        client: AsyncWebClient,
        workspace: Workspace,
        user: str,
        *,
        text: str | None = None,
        action: str | None = None,
        event_id: str = "",
        thread: str | None = None,
        trigger: str | None = None,
        prefill: Mapping[str, str] | None = None,
        saved: asyncio.Event | None = None,
    ) -> None:
        incoming, replies = await self._answer(client, workspace, user, text=text, action=action, event_id=event_id)
        if saved is not None:
            saved.set()
        await self._deliver(client, incoming, replies, thread=thread, trigger=trigger, prefill=prefill)

    async def _deliver(
        self,
        client: AsyncWebClient,
        incoming: Incoming,
        replies: Sequence[Reply],
        *,
        thread: str | None = None,
        trigger: str | None = None,
        prefill: Mapping[str, str] | None = None,
        shown: set[int] | frozenset[int] = frozenset(),
    ) -> None:
        """Open the first form as a modal while the trigger is fresh (about 3 s); post the rest to the DM,
        one reply at a time; then tell the core which replies arrived (``shown`` ones already have).
        A form that cannot be opened is posted as its message, whose buttons walk through it step by step."""
        done = [i in shown for i in range(len(replies))]
        with_form = next((i for i, r in enumerate(replies) if r.form is not None and not done[i]), None)
        try:
            async with asyncio.timeout(REPLY_POST_BUDGET):
                await self._post_replies(client, incoming, replies, done, with_form, thread, trigger, prefill)
        finally:
            await self._confirm(incoming, done)

    async def _post_replies(
        self,
        client: AsyncWebClient,
        incoming: Incoming,
        replies: Sequence[Reply],
        done: list[bool],
        with_form: int | None,
        thread: str | None,
        trigger: str | None,
        prefill: Mapping[str, str] | None,
    ) -> None:
        """Post each reply not yet ``done`` (the first form as a modal, while the trigger is fresh), marking it."""
        if with_form is not None and trigger:
            form = _prefilled(replies[with_form].form, prefill or {})  # type: ignore[arg-type]
            view = blocks.modal(form, {"submit": form.submit}, FORM_NOTE)
            try:
                await client.views_open(trigger_id=trigger, view=view)
                done[with_form] = True
            except SlackApiError as exc:
                log.warning("slack: views.open failed (%s); posting the form's steps instead", error_code(exc))
        for i, reply in enumerate(replies):
            if not done[i]:
                await post(client, incoming.address.conversation, blocks.render([reply]), thread_ts=thread)
                done[i] = True

    async def _confirm(self, incoming: Incoming, done: list[bool]) -> None:
        """Tell the core how many replies, from the first, reached Slack; it re-sends the rest later."""
        arrived = next((i for i, ok in enumerate(done) if not ok), len(done))
        if self.delivered is not None and arrived:
            await self.delivered(incoming, None if arrived == len(done) else arrived)

    def _deliver_later(self, client: AsyncWebClient, task: asyncio.Task[Any]) -> None:
        answered = None if task.cancelled() else task.result()
        if answered is not None:
            incoming, replies = answered
            self._spawn(self._deliver(client, incoming, replies))

    async def _publish_home(self, client: AsyncWebClient, workspace: Workspace, user: str) -> None:
        extra: Sequence[Reply] = ()
        if self.home_source is not None:
            extra = await self.home_source(await self._address(client, workspace, user))
        await client.views_publish(user_id=user, view=blocks.home(extra))

    async def _client_for(self, workspace: Workspace) -> AsyncWebClient:
        """Token mode: the app's client. OAuth: a client with this workspace's bot token."""
        if self.installations is None:
            return self.client
        bot = await self.installations.async_find_bot(
            enterprise_id=workspace.enterprise_id or None,
            team_id=None if workspace.is_org else workspace.team_id or None,
            is_enterprise_install=workspace.is_org,
        )
        if bot is None or not bot.bot_token:
            raise Undeliverable("app_uninstalled")
        return AsyncWebClient(
            token=bot.bot_token,
            base_url=self.client.base_url,
            session=self.client.session,
            retry_handlers=retry_handlers(),
            logger=self.client.logger,
        )


def _prefilled(form: Form, prefill: Mapping[str, str]) -> Form:
    if not prefill:
        return form
    fields = tuple(replace(f, initial=prefill[f.name]) if f.name in prefill else f for f in form.fields)
    return replace(form, fields=fields)
