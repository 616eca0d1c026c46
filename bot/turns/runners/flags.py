"""Runners for the reporter's side of a flag: send one, check it, withdraw it, answer a lead.

A flag row holds no one's identity. The account behind it is seen only as keyed hashes (one for the daily
limit, one per summary cell for distinct counts) and, if they asked to hear back, as the reply handle.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.dialogue import effects as fx
from bot.domain.records import ALL_CATEGORIES, FlagMessage, FlagRecord
from bot.turns.flag_rules import is_reporter, reply_flag
from bot.turns.runners.context import EffectContext


def submit_flag(ctx: EffectContext, effect: fx.SubmitFlag) -> FlagRecord | int:
    """Send a flag: the flag row, the cell hashes, and the reply handle only if they asked to hear back.
    Over the daily limit nothing is kept and the result is the limit."""
    day = ctx.now.astimezone(ZoneInfo(ctx.world.org.timezone)).date()
    if not ctx.tx.take_flag_quota(ctx.reporters.quota_token(ctx.address, day), day, ctx.flags_per_day):
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
    _count_reporter(ctx, month, effect.unit, effect.category)
    if effect.wants_reply:
        ctx.tx.add_handle(flag.id, ctx.address, effect.handle_expires_at)
    return flag


def _count_reporter(ctx: EffectContext, month: date, unit: str, category: str) -> None:
    """One keyed hash in the category's cell and one in the unit's total, so each counts people, not flags."""
    for each in (category, ALL_CATEGORIES):
        ctx.tx.add_cell_reporter(month, unit, each, ctx.reporters.cell_token(ctx.address, month, unit, each))


def flag_status(ctx: EffectContext, effect: fx.FlagStatus) -> tuple[FlagRecord | None, list[FlagMessage], bool]:
    """The flag behind a case code, its messages, and whether this account sent it (so may answer)."""
    flag = ctx.tx.flag_by_code(effect.case_code)
    if flag is None:
        return None, [], False
    return flag, ctx.tx.flag_messages(flag.id), is_reporter(ctx.tx, flag.id, ctx.address, ctx.now)


def withdraw_flag(ctx: EffectContext, effect: fx.WithdrawFlag) -> bool:
    return ctx.tx.withdraw_flag(effect.case_code)


def may_reply(ctx: EffectContext, effect: fx.MayReply) -> bool:
    return reply_flag(ctx.tx, effect.case_code, ctx.address, ctx.now) is not None


def reporter_reply(ctx: EffectContext, effect: fx.ReporterReply) -> bool:
    """Leave the reporter's words for the lead, if this account may answer on the flag."""
    flag = reply_flag(ctx.tx, effect.case_code, ctx.address, ctx.now)
    if flag is None:
        return False
    ctx.tx.add_flag_message(flag.id, "reporter", effect.text, ctx.now)
    ctx.wake_relay()
    return True
