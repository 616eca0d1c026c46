"""Kinship in Slack: DMs, ``/kinship``, App Home, two shortcuts and modals, and team reflection in channels,
through slack-bolt's AsyncApp.

``create_channel(settings, handle)`` is the one entry point the composition root uses (``bot/app/compose.py``).
The pieces: ``channel`` (the Channel object wiring the rest), ``app`` (what the app declares; Bolt's app and
client), ``http`` (the routes), ``listeners`` (Slack input to turns; ``in_channel`` for team channels),
``turns`` (tracked turn tasks), ``delivery`` (replies, nudges, channel posts, App Home), ``convert`` (payloads
to neutral values), ``blocks`` (replies and forms to Block Kit, escaping), ``send`` (posting, Slack errors to
the core's), ``people`` (DM channels, time zones and names), ``oauth`` (multi-workspace installs). Install
steps: ``README.md`` here.

May import ``bot.domain`` and ``bot.outbound`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.slack.channel import SlackChannel
from bot.domain.channel import Delivered, Handler, HomeSource
from bot.domain.config import SlackSettings

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

__all__ = ["SlackChannel", "create_channel"]


def create_channel(
    settings: SlackSettings,
    handle: Handler,
    *,
    home: HomeSource | None = None,
    delivered: Delivered | None = None,
    installations_url: URL | None = None,
) -> SlackChannel:
    """The Slack channel for these settings (token mode, or OAuth when a client id and secret are set;
    Socket Mode as well when an app-level token is set). ``home`` optionally supplies the App Home's
    person-specific part (settings, a lead's summary); without it the Home tab shows the menu. ``delivered``
    is told which replies reached Slack (see ``bot.domain.channel.Delivered``). ``installations_url`` is where
    OAuth installs are kept (the core's database, driver chosen), needed only under OAuth."""
    return SlackChannel(settings, handle, home=home, delivered=delivered, installations_url=installations_url)
