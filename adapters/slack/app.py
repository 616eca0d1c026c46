"""The Slack app itself: what it declares (routes, scopes, shortcuts: ``manifest.yml`` says the same), and the
Bolt ``AsyncApp`` and Web API client built from :class:`~bot.domain.config.SlackSettings`, with Bolt's and the
SDK's own log lines kept free of payloads.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.send import retry_handlers
from bot.domain.config import SlackSettings

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
DEFAULT_API_URL = "https://slack.com/api/"
SCRIPT_SHORTCUT = "kinship_script"
FLAG_SHORTCUT = "kinship_flag_message"
BOT_SCOPES = (
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "groups:history",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "users:read",
)
API_TIMEOUT = 10.0  # seconds for one Web API call; a reply not posted by then is sent again later


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


def bolt_logger() -> logging.Logger:
    """The logger Bolt, the SDK's clients and Socket Mode write to, with payloads withheld."""
    logger = logging.getLogger("adapters.slack.bolt")
    if not any(isinstance(f, _WithoutPayloads) for f in logger.filters):
        logger.addFilter(_WithoutPayloads())
    return logger


def api_url(settings: SlackSettings) -> str:
    url = settings.api_url.strip() or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def web_client(settings: SlackSettings) -> AsyncWebClient:
    """The app's Web API client. Under OAuth it has no token: each workspace's comes from its installation."""
    return AsyncWebClient(
        token=None if settings.oauth else settings.bot_token or None,
        base_url=api_url(settings),
        timeout=int(API_TIMEOUT),
        retry_handlers=retry_handlers(),
        logger=bolt_logger(),  # the SDK logs request and response bodies at DEBUG: those are filtered too
    )


def bolt_app(settings: SlackSettings, client: AsyncWebClient, installations: Any = None) -> AsyncApp:
    """Bolt's app on ``client``; with ``installations`` (OAuth), the install flow as well."""
    oauth_settings = None
    if installations is not None:
        from adapters.slack.oauth import state_store

        oauth_settings = AsyncOAuthSettings(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scopes=list(BOT_SCOPES),
            user_scopes=[],
            installation_store=installations,
            installation_store_bot_only=True,
            state_store=state_store(settings, installations),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            logger=bolt_logger(),
        )
    with _settings_only():
        return AsyncApp(
            name="kinship",
            logger=bolt_logger(),
            signing_secret=settings.signing_secret,
            client=client,
            oauth_settings=oauth_settings,
            installation_store_bot_only=True if oauth_settings else None,
            request_verification_enabled=True,
            # Our listeners ack and return at once (slow work is a task we track), so Bolt may await them
            # inline: without this it runs each listener as a future and polls for the ack every 10 ms,
            # which under load adds tens of milliseconds to every command's response.
            process_before_response=True,
        )


@contextmanager
def _settings_only() -> Iterator[None]:
    """Bolt's constructor reads ``SLACK_*`` variables from the environment for whatever it is not given: with
    our client, it would find ``SLACK_BOT_TOKEN`` there and warn that the token is unused. Kinship's settings
    are read in one place (``bot.domain.config``) and passed in, so Bolt is built with them hidden; they are
    put back at once (start-up only, and nothing else runs in between: the constructor does not await)."""
    hidden = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("SLACK_")}
    try:
        yield
    finally:
        os.environ.update(hidden)
