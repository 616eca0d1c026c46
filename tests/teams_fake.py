"""A fake Bot Connector on 127.0.0.1: what Teams' ``serviceUrl`` points at, for tests.

It records every ``POST …/v3/conversations/{id}/activities[/{replyToId}]`` (the Agents SDK's connector
client sends replies and proactive messages there) and answers 201 with an activity id, unless a test
scripted something else: :meth:`FakeConnector.fail_next` queues answers such as 429 with ``Retry-After``,
403 or 503, for one conversation or for whoever posts next; :meth:`FakeConnector.fail_every` fails every
n-th post, for load tests.

It also accepts ``PUT …/v3/conversations/{id}/activities/{activityId}`` (the connector's update, as the SDK's
``update_activity`` sends it), records it in :attr:`FakeConnector.updates` and answers 200 with
``{"id": activityId}`` as Teams does (or a status scripted with :meth:`FakeConnector.fail_next_update`);
:meth:`FakeConnector.history` is what the chat then holds: the accepted posts, each as last updated.

Team channels and chats Kinship starts itself: ``POST …/v3/conversations`` (the SDK's ``create_conversation``,
a one-to-one chat: ``isGroup`` false, one member, the tenant) is recorded in :attr:`FakeConnector.created`
and answered 201 with a conversation id that is the same for the same member each time, as Teams finds the
existing chat (or a status scripted with :meth:`FakeConnector.fail_next_create`, such as 403 for someone who
does not have the app). Posts into a channel (``19:…``) and into one of its threads (``19:…;messageid=…``)
are ordinary posts; ``GET …/v3/conversations/{id}/members/{memberId}`` answers from
:attr:`FakeConnector.members` (404 for anyone not in it).

Also: :meth:`FakeConnector.activities` (accepted posts, optionally for one conversation),
:meth:`FakeConnector.cards` (their Adaptive Cards) and :func:`activity_from` (a fixture from
``tests/data/teams`` with its ``serviceUrl`` pointed here and fields overridden).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.servers import serve_app

DATA = Path(__file__).resolve().parent / "data" / "teams"
PREFIX = "/amer/"  # like Teams' regional serviceUrl, https://smba.trafficmanager.net/amer/


@dataclass
class Post:
    conversation: str
    reply_to: str | None
    activity: dict[str, Any]
    status: int
    authorization: str | None
    id: str = ""  # the id this fake answered with, when it accepted the post

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Update:
    conversation: str
    activity_id: str
    activity: dict[str, Any]
    status: int

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Created:
    body: dict[str, Any]
    status: int
    id: str = ""  # the conversation id answered, when accepted


@dataclass
class FakeConnector:
    posts: list[Post] = field(default_factory=list)
    created: list[Created] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # Teams id -> the member, for look-ups
    _create_script: deque[int] = field(default_factory=deque)
    updates: list[Update] = field(default_factory=list)
    _update_script: deque[int] = field(default_factory=deque)
    _script: dict[str | None, deque[tuple[int, dict[str, str]]]] = field(default_factory=lambda: defaultdict(deque))
    _every: list[tuple[int, int, dict[str, str]]] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    port: int = 0
    rate_limit: float = 0.0  # when set, accept at most this many posts a second; beyond it, 429 + Retry-After
    _hangs: deque[float] = field(default_factory=deque)
    hanging: int = 0  # posts received and being held by hang_next (so a test knows a post is under way)
    _tokens: float = 0.0
    _updated: float = 0.0

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post(PREFIX + "v3/conversations/{conversation}/activities", self._post)
        app.router.add_post(PREFIX + "v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put(PREFIX + "v3/conversations/{conversation}/activities/{activity_id}", self._put)
        app.router.add_post(PREFIX + "v3/conversations", self._create)
        app.router.add_get(PREFIX + "v3/conversations/{conversation}/members/{member}", self._member)
        self._runner, self.port = await serve_app(app, access_log=None, shutdown_timeout=0.2)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(
        self, status: int, *, times: int = 1, retry_after: str | None = None, conversation: str | None = None
    ) -> None:
        """Answer the next ``times`` posts (to ``conversation``, or to anyone) with ``status``."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        for _ in range(times):
            self._script[conversation].append((status, headers))

    def hang_next(self, seconds: float, *, times: int = 1) -> None:
        """Hold the next ``times`` posts for ``seconds``, then drop them, as a gateway that times out does: each
        is recorded with status 0 (never accepted) and answered 504, if its caller is still waiting."""
        self._hangs.extend([seconds] * times)

    def fail_every(self, n: int, status: int, *, retry_after: str | None = None) -> None:
        """Answer every ``n``-th post (counting all posts) with ``status``: steady background trouble."""
        self._every.append((n, status, {"Retry-After": retry_after} if retry_after is not None else {}))

    async def _post(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        body = await request.json()
        if self._hangs:
            self.hanging += 1
            self.posts.append(Post(conversation, request.match_info.get("reply_to"), body, 0, None))
            await asyncio.sleep(self._hangs.popleft())
            return web.json_response({"error": {"code": "GatewayTimeout", "message": "timed out"}}, status=504)
        number = len(self.posts) + 1
        scripted = self._script[conversation] or self._script[None]
        every = [(status, headers) for n, status, headers in self._every if number % n == 0]
        if scripted:
            status, headers = scripted.popleft()
        elif self.rate_limit and not self._take_token():
            status, headers = 429, {"Retry-After": "1"}
        else:
            status, headers = every[0] if every else (201, {})
        reply_to, authorization = request.match_info.get("reply_to"), request.headers.get("Authorization")
        if status >= 300:
            self.posts.append(Post(conversation, reply_to, body, status, authorization))
            return web.json_response(
                {"error": {"code": "Scripted", "message": "scripted failure"}}, status=status, headers=headers
            )
        activity_id = f"reply-{next(self._ids)}"
        self.posts.append(Post(conversation, reply_to, body, status, authorization, activity_id))
        return web.json_response({"id": activity_id}, status=status)

    def fail_next_update(self, status: int, *, times: int = 1) -> None:
        """Answer the next ``times`` updates (PUTs) with ``status``."""
        self._update_script.extend([status] * times)

    async def _put(self, request: web.Request) -> web.Response:
        conversation, activity_id = request.match_info["conversation"], request.match_info["activity_id"]
        body = await request.json()
        known = any(p.id == activity_id and p.conversation == conversation for p in self.posts)
        status = self._update_script.popleft() if self._update_script else (200 if known else 404)
        self.updates.append(Update(conversation, activity_id, body, status))
        if status >= 300:
            return web.json_response({"error": {"code": "Scripted", "message": "update refused"}}, status=status)
        return web.json_response({"id": activity_id}, status=status)

    def fail_next_create(self, status: int, *, times: int = 1) -> None:
        """Answer the next ``times`` conversation creations with ``status`` (403: the app is not installed)."""
        self._create_script.extend([status] * times)

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        status = self._create_script.popleft() if self._create_script else 201
        if status >= 300:
            self.created.append(Created(body, status))
            return web.json_response({"error": {"code": "Forbidden", "message": "scripted"}}, status=status)
        members = body.get("members") or [{}]
        conversation = f"a:personal-{members[0].get('id', '')}"  # the same chat for the same person, as Teams
        self.created.append(Created(body, status, conversation))
        return web.json_response({"id": conversation}, status=status)

    async def _member(self, request: web.Request) -> web.Response:
        member = self.members.get(request.match_info["member"])
        if member is None:
            return web.json_response({"error": {"code": "NotFound", "message": "no such member"}}, status=404)
        return web.json_response(member)

    def history(self, conversation: str) -> list[dict[str, Any]]:
        """What the chat holds now: each accepted post as it was last (successfully) updated, in order."""
        latest = {u.activity_id: u.activity for u in self.updates if u.accepted and u.conversation == conversation}
        return [latest.get(p.id, p.activity) for p in self.posts if p.accepted and p.conversation == conversation]

    def _take_token(self) -> bool:
        now = time.monotonic()
        if not self._updated:
            self._tokens, self._updated = self.rate_limit, now
        self._tokens = min(self.rate_limit, self._tokens + (now - self._updated) * self.rate_limit)
        self._updated = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def activities(self, conversation: str | None = None) -> list[dict[str, Any]]:
        return [p.activity for p in self.posts if p.accepted and conversation in (None, p.conversation)]

    def cards(self, conversation: str | None = None) -> list[dict[str, Any]]:
        return [
            a["content"]
            for activity in self.activities(conversation)
            for a in activity.get("attachments", [])
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    def clear(self) -> None:
        self.posts.clear()


def fixture(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def activity_from(name: str, service_url: str, **changes: Any) -> dict[str, Any]:
    """A fixture activity aimed at ``service_url``; ``changes`` replace top-level fields (None removes one)."""
    activity = copy.deepcopy(fixture(name))
    activity["serviceUrl"] = service_url
    for key, value in changes.items():
        if value is None:
            activity.pop(key, None)
        else:
            activity[key] = value
    return activity


def card_texts(card: dict[str, Any]) -> list[str]:
    """Every TextBlock's text in a card, in order."""
    return [element["text"] for element in _walk(card.get("body", [])) if element.get("type") == "TextBlock"]


def card_actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    found = [
        a for element in _walk(card.get("body", [])) if element.get("type") == "ActionSet" for a in element["actions"]
    ]
    return found + list(card.get("actions", []))


def card_inputs(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in _walk(card.get("body", [])) if str(e.get("type", "")).startswith("Input.")]


def _walk(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for element in elements:
        out.append(element)
        for key in ("items", "columns"):
            if isinstance(element.get(key), list):
                out += _walk(element[key])
    return out
