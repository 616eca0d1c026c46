"""Kinship in Microsoft Teams, on the Microsoft 365 Agents SDK.

``create_channel(config, handle)`` is all the composition root needs. The SDK is imported only when it is
called, so ``python -m bot teams-package`` (which imports :mod:`adapters.teams.package`) stays quick.

Modules: :mod:`.channel` (HTTP endpoint, SDK adapter, proactive sends), :mod:`.convert` (activities to
``Incoming`` and the stored conversation reference), :mod:`.cards` (replies as Adaptive Cards),
:mod:`.send` (pacing, retries, error mapping), :mod:`.package` and :mod:`.icons` (the app package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.channel import Delivered, Handler
from bot.domain.config import Config

if TYPE_CHECKING:
    from adapters.teams.channel import TeamsChannel

__all__ = ["create_channel"]


def create_channel(config: Config, handle: Handler, *, delivered: Delivered | None = None) -> TeamsChannel:
    """The Teams channel (name ``"teams"``) for this configuration; ``delivered`` is told which replies
    reached Teams (see ``bot.domain.channel.Delivered``)."""
    from adapters.teams.channel import TeamsChannel

    return TeamsChannel(config, handle, delivered=delivered)
