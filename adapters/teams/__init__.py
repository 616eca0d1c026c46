"""Kinship in Microsoft Teams, on the Microsoft 365 Agents SDK.

``create_channel(settings, handle)`` is all the composition root needs. The SDK is imported only when it is
called, so ``python -m bot teams-package`` (which imports :mod:`adapters.teams.package`) stays quick.

Modules: :mod:`.channel` (HTTP endpoint, SDK adapter, replies, proactive sends and channel posts), :mod:`.agent`
(what each activity means), :mod:`.http` (the token check, the SDK's view of a request), :mod:`.convert`
(activities to ``Incoming`` and the stored conversation reference), :mod:`.places` (personal chat, team channel
or group chat; threads and @-mentions), :mod:`.people` (one-to-one chats found, remembered or created, and
mentioned people's Entra ids), :mod:`.cards` (replies as Adaptive Cards),
:mod:`.send` (pacing, retries, error mapping), :mod:`.clients` (connector sessions), :mod:`.package` and :mod:`.icons`
(the app package). May import ``bot.domain`` and ``bot.outbound`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.channel import Delivered, Handler
from bot.domain.config import TeamsSettings

if TYPE_CHECKING:
    from adapters.teams.channel import TeamsChannel

__all__ = ["create_channel"]


def create_channel(settings: TeamsSettings, handle: Handler, *, delivered: Delivered | None = None) -> TeamsChannel:
    """The Teams channel (name ``"teams"``) for these settings; ``delivered`` is told which replies
    reached Teams (see ``bot.domain.channel.Delivered``)."""
    from adapters.teams.channel import TeamsChannel

    return TeamsChannel(settings, handle, delivered=delivered)
