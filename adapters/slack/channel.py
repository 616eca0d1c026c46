"""The Slack channel: a Bolt ``AsyncApp`` on the shared aiohttp app, converting both ways.

This object wires the parts together and implements the Channel protocol (mount, start, stop, send) and the
ChannelPoster protocol (``post_in_channel``: team reflection's weekly question and summary):
:mod:`.app` builds Bolt's app and client, :mod:`.http` serves Slack's routes, :mod:`.listeners` turns what
Slack sends into turns, :mod:`.turns` runs them as tracked tasks (acking once each is saved), and
:mod:`.delivery` posts the replies and confirms them to the core. Over HTTP or Socket Mode alike.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import ClientSession, web
from slack_sdk.signature import SignatureVerifier

from adapters.slack.app import bolt_app, bolt_logger, web_client
from adapters.slack.convert import Workspace
from adapters.slack.delivery import Delivery, post_in_channel, send_proactive, workspace_client
from adapters.slack.http import Routes
from adapters.slack.listeners import Listeners
from adapters.slack.people import Directory
from adapters.slack.turns import Turns
from bot.domain.channel import Delivered, Handler, HomeSource
from bot.domain.config import SlackSettings
from bot.domain.types import Address, Place, Reply

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger(__name__)


class SlackChannel:
    """The Channel protocol for Slack (see the module docstring for its parts)."""

    name = "slack"

    def __init__(
        self,
        settings: SlackSettings,
        handle: Handler,
        *,
        home: HomeSource | None = None,
        lookup_timeout: float = 2.0,
        reply_budget: float = 2.0,
        delivered: Delivered | None = None,
        installations_url: URL | None = None,
    ) -> None:
        self.settings = settings
        self.directory = Directory(lookup_timeout)
        self.client = web_client(settings)
        self.installations: Any = None
        if settings.oauth:
            from adapters.slack.oauth import installation_store

            self.installations = installation_store(settings, installations_url)
        self.app = bolt_app(settings, self.client, self.installations)
        self.routes = Routes(self.app, SignatureVerifier(settings.signing_secret))
        self.delivery = Delivery(self.directory, delivered, home)
        self.turns = Turns(handle, self.directory, self.delivery, reply_budget)
        Listeners(self.turns, self.delivery, self.directory).register(
            self.app, revocation=self.installations is not None
        )
        self._session: ClientSession | None = None
        self._socket: Any = None
        self._serving = False

    @property
    def reply_budget(self) -> float:
        """Seconds a listener waits for its turn to be saved before acking (a modal: to be answered)."""
        return self.turns.reply_budget

    @reply_budget.setter
    def reply_budget(self, seconds: float) -> None:
        self.turns.reply_budget = seconds

    def mount(self, web_app: web.Application) -> None:
        self._serving = True
        self.routes.mount(web_app)

    async def start(self) -> None:
        if self._session is None:
            self._session = ClientSession()
            self.client.session = self._session  # shared by the per-request clients Bolt makes
        if self.installations is not None:
            await self.installations.create_tables()
        # Socket Mode only in the process that serves (``serve`` mounts us; a ``worker`` only sends nudges and
        # must not take a share of the events Slack spreads across open connections)
        if self.settings.app_token and self._serving and self._socket is None:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.app, self.settings.app_token, logger=bolt_logger())
            await self._socket.connect_async()
            log.info("slack: Socket Mode connected")

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        try:
            await asyncio.wait_for(self.drain(), timeout=5)
        except TimeoutError:
            log.warning("slack: %d replies still running at shutdown were abandoned", len(self.turns.tasks))
        if self._session is not None:
            await self._session.close()
            self._session = None
            self.client.session = None
        if self.installations is not None:
            await self.installations.close()

    async def drain(self) -> None:
        """Wait for every turn already acknowledged to finish (used by ``stop`` and by tests)."""
        await self.turns.drain()

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """A proactive message (a nudge, a relayed reply; off-record replies ephemerally). Raises Undeliverable
        or RateLimited as the protocol says."""
        workspace = Workspace.from_ref(address.ref, address.tenant)
        client = await workspace_client(self.client, self.installations, workspace)
        await send_proactive(client, self.directory, address, replies)

    async def post_in_channel(self, tenant: str, place: Place, reply: Reply) -> str:
        """Post in a team's channel (in ``place.thread`` when set); the new message's ``ts``. Raises Undeliverable
        when Kinship is not in the channel (or it is gone or archived, or the app was removed), RateLimited when
        Slack says to wait, as the protocol says. ``place.ref`` is the workspace it was set up in."""
        workspace = Workspace.from_ref(place.ref, tenant)
        client = await workspace_client(self.client, self.installations, workspace)
        return await post_in_channel(client, place, reply)
