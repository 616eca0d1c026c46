"""A fake Slack Web API on 127.0.0.1, and a harness that drives the real Slack channel against it.

:class:`FakeSlack` answers the Web API methods Kinship uses (``auth.test``, ``chat.postMessage``,
``chat.postEphemeral``, ``conversations.open``, ``users.info``, ``views.open``, ``views.publish``,
``oauth.v2.access``, ``apps.connections.open``) as Slack documents them, records every call, and can be told
to refuse (``account_inactive``, ``not_in_channel``, …), to rate-limit (429 with ``Retry-After``) or to hang.
Each post answers with a fresh ``ts`` (kept in ``Call.answer``). It also serves a Socket Mode WebSocket.

:class:`SlackHarness` is the whole server as ``python -m bot serve`` builds it (the shared aiohttp app from
``bot.app.web.make_web_app`` with the channel mounted), behind aiohttp's test client, with the real ``Bot``,
the real Bolt ``AsyncApp`` and the real ``AsyncWebClient`` pointed at the fake. Payloads are the real ones
in ``tests/data/slack/`` (see its README), signed like Slack signs them (built in ``tests/slack_payloads.py``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer

from bot.app.compose import Runtime
from bot.app.web import make_web_app
from bot.dialogue import World
from bot.domain.config import Config
from bot.domain.logs import REQUEST_ID
from bot.domain.types import Incoming, Reply
from bot.store import Store
from bot.turns.handler import Bot
from tests.fakes import FixedClock
from tests.servers import serve_app
from tests.slack_payloads import (  # noqa: F401 - re-exported: tests import everything Slack-shaped from here
    DATA,
    SIGNING_SECRET,
    button_press,
    channel_button_press,
    channel_event,
    command_form,
    dm_event,
    fixture,
    fresh_id,
    interaction_body,
    membership_event,
    sign,
    view_submission,
)

BOT_TOKEN = "xoxb-test-token"
WAIT = 5.0  # seconds a test waits for the app to call the fake before failing


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    ok: bool | None = None  # answered ``ok`` to a caller still listening (a post Slack really made); None: pending
    answer: dict[str, Any] = field(default_factory=dict)  # what the fake answered (a post's ``ts``, …)

    def json(self, name: str) -> Any:
        """A parameter the SDK may have sent as a JSON string (``blocks``, ``view``) or as JSON."""
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class Rule:
    error: str = ""
    status: int = 200
    retry_after: float | None = None
    delay: float = 0.0
    times: int = 1  # how many calls this rule answers; 0 for all of them


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    rules: dict[str, list[Rule]] = field(default_factory=dict)
    zones: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # user -> display name (users.info's profile)
    auth: dict[str, Any] = field(
        default_factory=lambda: {"team_id": "T111", "user_id": "UBOT", "bot_id": "BBOT", "enterprise_id": None}
    )
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition | None = None
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/socket", self._socket)
        self._changed = asyncio.Condition()
        self._runner, self.port = await serve_app(app, shutdown_timeout=0.2)
        return self

    async def close(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- telling the fake how to answer ---------------------------------------------------------------

    def answer(
        self,
        method: str,
        error: str = "",
        *,
        status: int = 200,
        retry_after: float | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        self.rules.setdefault(method, []).append(Rule(error, status, retry_after, delay, times))

    def ratelimit(self, method: str, retry_after: float, times: int = 1) -> None:
        self.answer(method, "ratelimited", status=429, retry_after=retry_after, times=times)

    def hang(self, method: str, seconds: float, times: int = 1) -> None:
        self.answer(method, delay=seconds, times=times)

    # --- reading what was called ----------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None) -> list[Call]:
        """Messages posted in the open (``chat.postMessage``): kept in the conversation's history."""
        return [c for c in self.calls_to("chat.postMessage") if channel is None or c.params.get("channel") == channel]

    def ephemerals(self, channel: str | None = None) -> list[Call]:
        """Messages posted ephemerally (``chat.postEphemeral``): shown to one person, kept in no history."""
        return [c for c in self.calls_to("chat.postEphemeral") if channel is None or c.params.get("channel") == channel]

    def shown(self, channel: str | None = None) -> list[Call]:
        """Everything posted for people to read, open or ephemeral, in the order it was posted."""
        kinds = {"chat.postMessage", "chat.postEphemeral"}
        return [c for c in self.calls if c.method in kinds and (channel is None or c.params.get("channel") == channel)]

    def delivered(self, channel: str | None = None) -> list[Call]:
        """The messages Slack really posted (answered ``ok`` to a caller still waiting for the answer)."""
        return [c for c in self.posts(channel) if c.ok]

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """The calls to ``method`` once there are ``count`` of them (at most WAIT seconds)."""
        await self._until(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    async def _until(self, condition: Callable[[], bool]) -> None:
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), WAIT)

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    # --- the Web API ----------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        call = Call(method, params, token)
        self.calls.append(call)
        await self._notify()
        rule = self._rule(method)
        if rule is not None:
            if rule.delay:
                await asyncio.sleep(rule.delay)
            if rule.error:
                call.ok = False
                await self._notify()
                headers = {"Retry-After": f"{rule.retry_after:g}"} if rule.retry_after is not None else {}
                return web.json_response({"ok": False, "error": rule.error}, status=rule.status, headers=headers)
        # a caller that gave up waiting (a timeout, or a process killed mid-call) never sees this answer: Slack
        # is taken to have dropped the message, which is what makes a second copy a real double
        answer = self._ok(method, params)
        call.answer = answer
        call.ok = request.transport is not None and not request.transport.is_closing() and answer["ok"]
        await self._notify()
        return web.json_response(answer, headers={"X-OAuth-Scopes": "chat:write,commands"})

    def _rule(self, method: str) -> Rule | None:
        rules = self.rules.get(method) or []
        if not rules:
            return None
        rule = rules[0]
        if rule.times:
            rule.times -= 1
            if rule.times == 0:
                rules.pop(0)
        return rule

    def _ok(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "kinship", **self.auth}
        if method == "chat.postMessage":  # in a thread with thread_ts; the new message's ts starts one of its own
            ts = f"{1700000000 + next(self._ts)}.000100"
            message = {"text": params.get("text"), "ts": ts, "thread_ts": params.get("thread_ts")}
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.postEphemeral":  # to one person in a channel: Slack needs to know whom
            if not params.get("user") or not params.get("channel"):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0]}}
        if method == "users.info":
            user = str(params.get("user", ""))
            name, zone = self.names.get(user, ""), self.zones.get(user, "Europe/London")
            found = {"id": user, "tz": zone, "real_name": name, "profile": {"display_name": name, "real_name": name}}
            return {"ok": True, "user": found}
        if method in {"views.open", "views.publish", "views.update"}:
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {"id": f"V{next(self._ts)}", **(view or {})}}
        if method == "oauth.v2.access":
            return {
                "ok": True,
                "app_id": "A111",
                "authed_user": {"id": "W111"},
                "scope": "chat:write,commands,im:history,im:read,im:write,users:read",
                "token_type": "bot",
                "access_token": "xoxb-installed-token",
                "bot_user_id": "UBOT2",
                "team": {"id": "T999", "name": "Installed"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return {"ok": False, "error": "unknown_method"}

    # --- Socket Mode ----------------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await self._notify()
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                await self._notify()
        return ws

    async def push(self, envelope: dict[str, Any]) -> None:
        """Send a Socket Mode envelope to the connected app."""
        await self._until(lambda: bool(self._sockets))
        await self._sockets[-1].send_json(envelope)

    async def wait_for_ack(self, envelope_id: str) -> dict[str, Any]:
        await self._until(lambda: any(a.get("envelope_id") == envelope_id for a in self.socket_acks))
        return next(a for a in self.socket_acks if a.get("envelope_id") == envelope_id)


# --- reading what was posted, and the server under test ---------------------------------------------


def texts(call: Call) -> str:
    """Every word a posted message shows (its blocks), for assertions."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in {"plain_text", "mrkdwn"} and isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(call.json("blocks") or call.json("view"))
    return "\n".join(out)


def buttons(call: Call) -> dict[str, str]:
    """label -> value for every button and drop-down option in a posted message."""
    found: dict[str, str] = {}
    for block in call.json("blocks") or []:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                found[element["text"]["text"]] = element["value"]
            for option in element.get("options", []):
                found[option["text"]["text"]] = option["value"]
    return found


class SlackHarness:
    """The server under test, the fake Slack it talks to, and a record of what reached the core."""

    def __init__(
        self, store: Store, world: World, clock: FixedClock, tmp_path: Path, home: Any = None, **settings: Any
    ) -> None:
        self.store = store
        self.home = home
        self.bot = Bot(store, world, clock)
        self.fake = FakeSlack()
        self.settings = settings
        self.tmp_path = tmp_path
        self.incoming: list[Incoming] = []
        self.request_ids: list[str] = []  # the log request id each turn ran under
        self.slow_core = 0.0  # seconds each turn takes before the core answers
        self.client: TestClient | None = None
        self.channel: Any = None

    async def handle(self, incoming: Incoming) -> Sequence[Reply]:
        self.incoming.append(incoming)
        self.request_ids.append(REQUEST_ID.get())
        if self.slow_core:
            await asyncio.sleep(self.slow_core)
        return await self.bot.handle(incoming)

    async def __aenter__(self) -> SlackHarness:
        from bot.app.compose import slack_channel as create_channel  # as `serve` builds it

        await self.fake.start()
        settings = {
            "database_url": f"sqlite:///{self.tmp_path / 'kinship.db'}",
            "slack_bot_token": BOT_TOKEN,
            "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": self.fake.url,
            **self.settings,
        }
        self.config = Config(**settings)
        self.channel = create_channel(self.config, self.handle, home=self.home, delivered=self.bot.delivered)
        self.channel.directory.lookup_timeout = 0.5
        app = make_web_app(Runtime(self.config, self.store, self.bot))
        self.channel.mount(app)
        await self.channel.start()
        self.client = TestClient(TestServer(app))
        await self.client.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.client is not None
        await self.client.close()
        await self.channel.stop()
        await self.fake.close()

    # --- sending what Slack sends ---------------------------------------------------------------------

    async def post(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        assert self.client is not None
        sent = {"Content-Type": content_type, **sign(body), **(headers or {})}
        response = await self.client.post("/slack/events", data=body.encode(), headers=sent)
        return response.status, await response.text()

    async def event(self, payload: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, str]:
        result = await self.post(json.dumps(payload), "application/json", headers)
        await self.channel.drain()
        return result

    async def interact(self, payload: dict[str, Any]) -> tuple[int, str]:
        result = await self.post(interaction_body(payload), "application/x-www-form-urlencoded")
        await self.channel.drain()
        return result

    async def command(self, text: str, **kwargs: str) -> tuple[int, str]:
        result = await self.post(command_form(text, **kwargs), "application/x-www-form-urlencoded")
        await self.channel.drain()
        return result

    async def dm(self, text: str, user: str = "W222", channel: str = "D222") -> list[Call]:
        """A DM; returns the messages posted in reply (open or ephemeral, in order)."""
        before = len(self.fake.shown())
        status, _ = await self.event(dm_event(text, user, channel))
        assert status == 200
        return self.fake.shown()[before:]

    async def press(
        self, value: str, user: str = "W222", channel: str = "D222", select: bool = False, ephemeral: bool = False
    ) -> list[Call]:
        """A button pressed (on an ephemeral message with ``ephemeral``); returns the messages posted in reply."""
        before = len(self.fake.shown())
        status, _ = await self.interact(button_press(value, user, channel, select, ephemeral))
        assert status == 200
        return self.fake.shown()[before:]
