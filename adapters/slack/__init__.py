"""Kinship in Slack: DMs, ``/kinship``, App Home, two shortcuts and modals, through slack-bolt's AsyncApp.

``create_channel(config, handle)`` is the one entry point the composition root uses (``bot/app.py``). The
pieces: ``app`` (the channel, Bolt listeners, HTTP), ``convert`` (payloads to neutral values), ``blocks``
(replies and forms to Block Kit, escaping), ``send`` (posting, Slack errors to the core's), ``people`` (DM
channels and time zones), ``oauth`` (multi-workspace installs). Install steps: ``README.md`` here.
"""

from __future__ import annotations

from adapters.slack.app import HomeSource, SlackChannel
from bot.domain.channel import Delivered, Handler
from bot.domain.config import Config

__all__ = ["SlackChannel", "create_channel"]


def create_channel(
    config: Config, handle: Handler, *, home: HomeSource | None = None, delivered: Delivered | None = None
) -> SlackChannel:
    """The Slack channel for this configuration (token mode, or OAuth when a client id and secret are set;
    Socket Mode as well when an app-level token is set). ``home`` optionally supplies the App Home's
    person-specific part (settings, a lead's summary); without it the Home tab shows the menu. ``delivered``
    is told which replies reached Slack (see ``bot.domain.channel.Delivered``)."""
    return SlackChannel(config, handle, home=home, delivered=delivered)
