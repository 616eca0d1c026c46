"""Runners for the reporter's side of a flag: send one, check it, withdraw it, answer a lead.

A flag row holds no one's identity. The account behind it is seen only as one keyed hash for the daily limit
(under the day's key, which moves forward and forgets: :mod:`bot.domain.reporters`) and, if they asked to hear
back, as the reply handle.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.dialogue import effects as fx
from bot.domain import batches
from bot.domain.records import FlagMessage, FlagRecord
from bot.turns.flag_rules import is_reporter, reply_flag
from bot.turns.lookups import REFUSED_LOOKUP, Refused
from bot.turns.runners.context import EffectContext


def submit_flag(ctx: EffectContext, effect: fx.SubmitFlag) -> FlagRecord | int:
    """Send a flag: the flag row, and the reply handle only if they asked to hear back. Over the daily limit
    nothing is kept and the result is the limit."""
    day = ctx.now.astimezone(ZoneInfo(ctx.world.org.timezone)).date()
    if not ctx.tx.take_flag_quota(quota_token(ctx, day), day, ctx.flags_per_day):
        return ctx.flags_per_day
    month = day.replace(day=1)
    flag = ctx.tx.insert_flag(
        unit=effect.unit,
        category=effect.category,
        occurred=effect.occurred,
        submitted_week=effect.submitted_week,
        submitted_month=month,
        danger=effect.danger,
        description=effect.description,
        release_at=effect.release_at,
    )
    if effect.wants_reply:
        ctx.tx.add_handle(flag.id, ctx.address, effect.handle_expires_at)
    return flag


def flag_allowance(ctx: EffectContext, effect: fx.FlagAllowance) -> int | None:
    """How many flags this account has sent today if that uses up the daily allowance, else None. Read only:
    the allowance is taken only when a flag is sent (:func:`submit_flag`)."""
    day = ctx.now.astimezone(ZoneInfo(ctx.world.org.timezone)).date()
    sent = ctx.tx.flags_sent_on(quota_token(ctx, day), day)
    return sent if sent >= ctx.flags_per_day else None


def quota_token(ctx: EffectContext, day: date) -> str:
    """This account's keyed hash for ``day``'s flag limit, under that day's key."""
    return ctx.reporters.quota_token(ctx.tx.reporter_key(ctx.reporters, day), ctx.address)


def find_flag(ctx: EffectContext, code: str) -> FlagRecord | Refused | None:
    """The flag behind a case code someone gave, within the limit on codes that match nothing
    (:mod:`bot.turns.lookups`): refused without touching the database once they (or this process) are over."""
    key = ctx.address.person_key
    if not ctx.lookups.allows(key, ctx.now):
        return REFUSED_LOOKUP
    flag = ctx.tx.flag_by_code(code)
    if flag is None:
        ctx.lookups.failed(key, ctx.now)
    return flag


def flag_status(
    ctx: EffectContext, effect: fx.FlagStatus
) -> tuple[FlagRecord | None, list[FlagMessage], bool] | Refused:
    """The flag behind a case code, its messages, and whether this account sent it (so may answer)."""
    flag = find_flag(ctx, effect.case_code)
    if isinstance(flag, Refused):
        return flag
    if flag is None:
        return None, [], False
    return flag, ctx.tx.flag_messages(flag.id), is_reporter(ctx.tx, flag.id, ctx.address, ctx.now)


def withdraw_flag(ctx: EffectContext, effect: fx.WithdrawFlag) -> bool | Refused:
    flag = find_flag(ctx, effect.case_code)
    if not isinstance(flag, FlagRecord):  # refused by the limit, or no such flag
        return flag if isinstance(flag, Refused) else False
    return ctx.tx.withdraw_flag(effect.case_code)


def may_reply(ctx: EffectContext, effect: fx.MayReply) -> bool | Refused:
    flag = find_flag(ctx, effect.case_code)
    if not isinstance(flag, FlagRecord):  # refused by the limit, or no such flag
        return flag if isinstance(flag, Refused) else False
    return reply_flag(ctx.tx, effect.case_code, ctx.address, ctx.now) is not None


def reporter_reply(ctx: EffectContext, effect: fx.ReporterReply) -> bool:
    """Leave the reporter's words for the lead, if this account may answer on the flag."""
    flag = reply_flag(ctx.tx, effect.case_code, ctx.address, ctx.now)
    if flag is None:
        return False
    released = batches.release_at(ctx.now, ctx.world.org)  # passed on with the next batch, like flags
    ctx.tx.add_flag_message(flag.id, "reporter", effect.text, released)
    ctx.wake_relay()
    return True
