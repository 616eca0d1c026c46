"""Runners for the person's account as a whole."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.dialogue import effects as fx
from bot.domain.records import HeldData
from bot.turns.runners.context import EffectContext
from bot.turns.runners.flags import quota_token


def delete_my_data(ctx: EffectContext, effect: fx.DeleteMyData) -> None:
    """Everything kept about the person, and their address, goes; the shell then saves nothing for them. That
    includes today's keyed hash for their flag limit, the only one that could still be matched to them."""
    ctx.tx.delete_person(ctx.person.id, ctx.address)
    ctx.tx.end_lead_access_of(ctx.address)  # a lead's dashboard links and sessions (the audit log stays)
    day = ctx.now.astimezone(ZoneInfo(ctx.world.org.timezone)).date()
    ctx.tx.forget_quota(quota_token(ctx, day))
    ctx.tx.delete_team_answers_of(ctx.address.platform, ctx.address.tenant, ctx.address.user)  # channel threads
    ctx.tx.delete_thanks_of(ctx.address)  # thanks they sent or were sent


def my_data(ctx: EffectContext, effect: fx.MyData) -> HeldData:
    """Everything held about the person, read in the turn's transaction (so as it was before this turn)."""
    address = ctx.address
    answers = ctx.tx.team_answers_of(address.platform, address.tenant, address.user)  # in channel threads
    sent, received = ctx.tx.thanks_held(address)
    return replace(ctx.tx.held_about(address), team_answers=answers, thanks_sent=sent, thanks_received=received)
