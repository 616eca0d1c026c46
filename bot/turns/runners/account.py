"""Runners for the person's account as a whole."""

from __future__ import annotations

from bot.dialogue import effects as fx
from bot.turns.runners.context import EffectContext


def delete_my_data(ctx: EffectContext, effect: fx.DeleteMyData) -> None:
    """Everything kept about the person, and their address, goes; the shell then saves nothing for them."""
    ctx.tx.delete_person(ctx.person.id, ctx.address)
