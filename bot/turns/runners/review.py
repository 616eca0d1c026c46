"""Runners for a lead's side of flags: one flag, marking it, a note, a reply, the monthly summary (the list
is in :mod:`bot.turns.runners.review_list`).

Every look and every action is written to the lead audit log, refused ones as ``<action>-denied``; a lead
sees only released flags of the units they lead, and unit totals only where at least k flags stand behind them.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.dialogue import effects as fx
from bot.domain import batches, lead_access
from bot.domain.records import Cell, FlagMessage, FlagRecord
from bot.domain.summary import previous_month
from bot.turns.flag_rules import CLOSING_RELAY_WINDOW, audit_flag, audit_units, may_hear_back
from bot.turns.runners.context import EffectContext, LeadScope


def open_flag(ctx: LeadScope, effect: fx.OpenFlag) -> tuple[FlagRecord | None, list[FlagMessage], bool]:
    """One flag, its messages, and whether the reporter can still be answered."""
    tx, now = ctx.tx, ctx.now
    flag = tx.released_flag(effect.flag_id, effect.units, now)
    audit_flag(tx, ctx.world.org, ctx.address, now, "view-flag", effect.flag_id, flag)
    if flag is None:
        return None, [], False
    return flag, tx.flag_messages(flag.id), may_hear_back(tx, flag.id, now)


def mark_flag(ctx: LeadScope, effect: fx.MarkFlag) -> bool:
    """Seen or action taken; the reply handle stays a day longer to pass on the reporter's last word."""
    tx, now = ctx.tx, ctx.now
    flag = tx.released_flag(effect.flag_id, effect.units, now)
    if flag is not None:
        # the handle outlives the batch that carries the lead's last words, then a day for the reporter's
        tx.set_flag_status(effect.flag_id, effect.status, closes_at=_released(ctx) + CLOSING_RELAY_WINDOW)
    audit_flag(tx, ctx.world.org, ctx.address, now, f"mark-{effect.status}", effect.flag_id, flag)
    return flag is not None


def flag_note(ctx: LeadScope, effect: fx.FlagNote) -> bool:
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


def lead_reply(ctx: LeadScope, effect: fx.LeadReply) -> bool:
    """Leave the lead's words for the reporter, if the flag is theirs to see and the reporter can hear back."""
    tx, now = ctx.tx, ctx.now
    flag = tx.released_flag(effect.flag_id, effect.units, now)
    can_reply = flag is not None and may_hear_back(tx, effect.flag_id, now)
    if can_reply:
        tx.add_flag_message(effect.flag_id, "lead", effect.text, _released(ctx))
        ctx.wake_relay()
    audit_flag(tx, ctx.world.org, ctx.address, now, "reply", effect.flag_id, flag if can_reply else None)
    return can_reply


def flag_summary(ctx: LeadScope, effect: fx.FlagSummary) -> dict[tuple[str, date, str], Cell]:
    """The month's and the month before's cells, for the summary to hide the small ones."""
    tx, now = ctx.tx, ctx.now
    cells = tx.monthly_cells(effect.units, (effect.month, previous_month(effect.month)), now)
    audit_units(tx, ctx.world.org, ctx.address, now, "view-summary", effect.units, detail=str(effect.month))
    return cells


def dashboard_link(ctx: EffectContext, effect: fx.DashboardLink) -> str:
    """A single-use sign-in link to the lead dashboard, for this lead only; empty when the web address of
    Kinship is not known (``KINSHIP_PUBLIC_URL``)."""
    tx, now = ctx.tx, ctx.now
    if not ctx.dashboard_url:
        return ""
    token = lead_access.new_secret()
    tx.add_lead_link(lead_access.secret_hash(token), ctx.address, now + lead_access.LINK_LIFETIME)
    audit_units(tx, ctx.world.org, ctx.address, now, "dashboard-link", effect.units)
    return f"{ctx.dashboard_url}/lead?t={token}"


def _released(ctx: LeadScope) -> datetime:
    """When a lead's words written now reach the reporter: with the next batch, like flags."""
    return batches.release_at(ctx.now, ctx.world.org)
