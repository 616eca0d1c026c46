"""Slack's routes on the shared aiohttp app: events (behind two cheap checks), and the OAuth install routes.

``POST /slack/events``: size limit (aiohttp, 413) → signature check (401) → Bolt, which verifies the signature
again, authorises the workspace and routes to a listener (:mod:`adapters.slack.listeners`). Request ids come
from the web app's middleware; a Socket Mode envelope, which has no HTTP request, gets one from
:func:`with_request_id`.
"""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.slack.app import EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH
from bot.domain.logs import REQUEST_ID, request_id

log = logging.getLogger(__name__)


class Routes:
    """The request handlers, for one Bolt app and its signing secret."""

    def __init__(self, app: AsyncApp, verifier: SignatureVerifier) -> None:
        self.app = app
        self.verifier = verifier

    def mount(self, web_app: web.Application) -> None:
        web_app.router.add_post(EVENTS_PATH, self.events)
        if self.app.oauth_flow is not None:
            web_app.router.add_get(INSTALL_PATH, self.install)
            web_app.router.add_get(REDIRECT_PATH, self.oauth_redirect)

    async def events(self, request: web.Request) -> web.StreamResponse:
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
        except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as exc:
            # signed, but not a payload Bolt can read (RecursionError: JSON nested deeper than Python can parse)
            log.warning("slack: refused a malformed request (%s)", type(exc).__name__)
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(response)

    async def install(self, request: web.Request) -> web.StreamResponse:
        flow = self.app.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

    async def oauth_redirect(self, request: web.Request) -> web.StreamResponse:
        flow = self.app.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))


def with_request_id() -> None:
    """Called by our Bolt middleware (:class:`adapters.slack.listeners.Mended`). A Socket Mode envelope arrives
    without an HTTP request, so nothing gave it a request id: give it one here, for every log line it causes (its
    turn and replies included). Over HTTP it already has one."""
    if not REQUEST_ID.get():
        REQUEST_ID.set(request_id())
