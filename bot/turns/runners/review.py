"""Runners for a lead's side of flags: the list, one flag, marking it, a note, a reply, the monthly summary.

Every look and every action is written to the lead audit log, refused ones as ``<action>-denied``; a lead
sees only released flags of the units they lead, and unit totals only where at least k flags stand behind them.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.dialogue import effects as fx
from bot.domain import batches
from bot.domain.records import Cell, FlagMessage, FlagRecord
from bot.domain.summary import previous_month
from bot.turns.flag_rules import CLOSING_RELAY_WINDOW, audit_flag, audit_units, may_hear_back, unit_totals
from bot.turns.runners.context import EffectContext


def review_flags(
    ctx: EffectContext, effect: fx.ReviewFlags
) -> tuple[list[FlagRecord], dict[str, int | None], set[int]]:
    """The released flags, the unit totals, and which flags wait on the lead (the reporter spoke last)."""
    tx, now = ctx.tx, ctx.now
    items = tx.released_flags(effect.units, now, effect.limit)
    totals = unit_totals(tx, ctx.world.org, effect.units, now)
    last = tx.last_senders(f.id for f in items)
    audit_units(tx, ctx.world.org, ctx.address, now, "view-list", effect.units, detail=f"{len(items)} shown")
    return items, totals, {flag_id for flag_id, sender in last.items() if sender == "reporter"}


def open_flag(ctx: EffectContext, effect: fx.OpenFlag) -> tuple[FlagRecord | None, list[FlagMessage], bool]:
    """One flag, its messages, and whether the reporter can still be answered."""
    tx, now = ctx.tx, ctx.now
    flag = tx.released_flag(effect.flag_id, effect.units, now)
    audit_flag(tx, ctx.world.org, ctx.address, now, "view-flag", effect.flag_id, flag)
    if flag is None:
        return None, [], False
    return flag, tx.flag_messages(flag.id), may_hear_back(tx, flag.id, now)


def mark_flag(ctx: EffectContext, effect: fx.MarkFlag) -> bool:
    """Seen or action taken; the reply handle stays a day longer to pass on the reporter's last word."""
    tx, now = ctx.tx, ctx.now
    flag = tx.released_flag(effect.flag_id, effect.units, now)
    if flag is not None:
        # the handle outlives the batch that carries the lead's last words, then a day for the reporter's
        tx.set_flag_status(effect.flag_id, effect.status, closes_at=_released(ctx) + CLOSING_RELAY_WINDOW)
    audit_flag(tx, ctx.world.org, ctx.address, now, f"mark-{effect.status}", effect.flag_id, flag)
    return flag is not None


def flag_note(ctx: EffectContext, effect: fx.FlagNote) -> bool:
    """Note what was done; a reporter who asked to hear back is told."""
    tx, now = ctx.tx, ctx.now
    flag = tx.released_flag(effect.flag_id, effect.units, now)
    if flag is not None:
        tx.set_flag_note(effect.flag_id, effect.note)
        if effect.note and may_hear_back(tx, effect.flag_id, now):
            tx.add_flag_message(effect.flag_id, "lead", f"Action taken. {effect.note}", _released(ctx))
            ctx.wake_relay()
    audit_flag(tx, ctx.world.org, ctx.address, now, "note", effect.flag_id, flag)
    return flag is not None


def lead_reply(ctx: EffectContext, effect: fx.LeadReply) -> bool:
    """Leave the lead's words for the reporter, if the flag is theirs to see and the reporter can hear back."""
    tx, now = ctx.tx, ctx.now
    flag = tx.released_flag(effect.flag_id, effect.units, now)
    can_reply = flag is not None and may_hear_back(tx, effect.flag_id, now)
    if can_reply:
        tx.add_flag_message(effect.flag_id, "lead", effect.text, _released(ctx))
        ctx.wake_relay()
    audit_flag(tx, ctx.world.org, ctx.address, now, "reply", effect.flag_id, flag if can_reply else None)
    return can_reply


def flag_summary(ctx: EffectContext, effect: fx.FlagSummary) -> dict[tuple[str, date, str], Cell]:
    """The month's and the month before's cells, for the summary to hide the small ones."""
    tx, now = ctx.tx, ctx.now
    cells = tx.monthly_cells(effect.units, (effect.month, previous_month(effect.month)), now)
    audit_units(tx, ctx.world.org, ctx.address, now, "view-summary", effect.units, detail=str(effect.month))
    return cells


def _released(ctx: EffectContext) -> datetime:
    """When a lead's words written now reach the reporter: with the next batch, like flags."""
    return batches.release_at(ctx.now, ctx.world.org)
