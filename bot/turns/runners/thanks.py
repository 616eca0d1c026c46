"""Runners for thanks between colleagues: keep one for the worker to deliver, and pass a thank-you back."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.dialogue import effects as fx
from bot.turns.runners.context import EffectContext


def send_thanks(ctx: EffectContext, effect: fx.SendThanks) -> bool:
    """Keep the thank-you and wake the worker, unless the sender has given ``per_day`` today already."""
    sender = ctx.address
    if ctx.tx.thanks_given_since(sender, _start_of_day(ctx)) >= effect.per_day:
        return False
    recipient = ctx.tx.person_for(sender.platform, sender.tenant, effect.to)
    ctx.tx.add_thanks(
        sender,
        recipient,
        unit=effect.unit,
        words=effect.words,
        signed_as=effect.signed_as,
        label=effect.label,
        now=ctx.now,
    )
    ctx.wake_relay()  # the worker delivers it as soon as this turn is saved
    return True


def thank_back(ctx: EffectContext, effect: fx.ThankBack) -> str:
    """``sent``, ``already`` or ``gone`` (not theirs to answer, or the sender is no longer kept)."""
    result = ctx.tx.thank_back(effect.thanks_id, ctx.address)
    if result == "sent":
        ctx.wake_relay()
    return result


def _start_of_day(ctx: EffectContext) -> datetime:
    zone = ZoneInfo(ctx.world.org.timezone)
    return datetime.combine(ctx.now.astimezone(zone).date(), time(), tzinfo=zone)
