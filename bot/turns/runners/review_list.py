"""Runners for a lead's list of flags in chat: a page of it, the ways to narrow it, a flag by its number.

A lead only ever sees released flags of the units they lead (the store is handed only those units), and every
look is written to the lead audit log: which page and which narrowing, never anything about a reporter.
"""

from __future__ import annotations

from bot.dialogue import effects as fx
from bot.domain.records import EVERY_FLAG, FlagFilter, FlagMessage, FlagRecord
from bot.turns.flag_rules import audit_units, unit_totals
from bot.turns.runners.context import LeadScope
from bot.turns.runners.review import open_flag

MAX_NUMBER = 1_000_000  # far past any lead's list, and well inside what a database offset takes


def review_flags(ctx: LeadScope, effect: fx.ReviewFlags) -> fx.FlagPage:
    """A page of the flags (a page past the end is the last), each with its number on the whole list; on the
    first page of them all, this month's unit totals (small ones hidden)."""
    tx, now, org, where = ctx.tx, ctx.now, ctx.world.org, effect.where
    per_page = max(1, effect.limit)
    total = tx.count_released(effect.units, now, where)
    pages = max(1, -(-total // per_page))
    page = min(max(1, effect.page), pages)
    offset = (page - 1) * per_page
    items = tx.released_flags(effect.units, now, per_page, offset=offset, where=where)
    if where == EVERY_FLAG:
        numbered = [(offset + i, flag) for i, flag in enumerate(items, start=1)]
    else:  # its number on the whole list: one more than the flags above it there
        numbered = [(tx.count_released(effect.units, now, above=flag) + 1, flag) for flag in items]
    totals = unit_totals(tx, org, effect.units, now) if page == 1 and where == EVERY_FLAG else {}
    last = tx.last_senders(f.id for f in items)
    looked_at = [u for u in effect.units if not where.unit or u == where.unit]
    detail = f"{len(items)} shown of {total}, page {page} of {pages}{_narrowing(where)}"
    audit_units(tx, org, ctx.address, now, "view-list", looked_at, detail=detail)
    replied = frozenset(flag_id for flag_id, sender in last.items() if sender == "reporter")
    return fx.FlagPage(numbered, total, page, pages, totals, replied)


def review_filters(ctx: LeadScope, effect: fx.ReviewFilters) -> list[str]:
    """The kinds of flag on the list as narrowed by unit and status (so each choice finds something)."""
    tx, now, where = ctx.tx, ctx.now, effect.where
    kinds = tx.released_categories(effect.units, now, FlagFilter(where.unit, "", where.status))
    looked_at = [u for u in effect.units if not where.unit or u == where.unit]
    audit_units(tx, ctx.world.org, ctx.address, now, "view-filters", looked_at, detail=_narrowing(where).lstrip(", "))
    return kinds


def open_numbered(ctx: LeadScope, effect: fx.OpenNumbered) -> tuple[FlagRecord | None, list[FlagMessage], bool]:
    """The flag at ``number`` on the lead's whole list, newest first, opened (and audited) like a pressed
    "Open"; nothing when there is no such number."""
    number = effect.number
    found = ctx.tx.released_flags(effect.units, ctx.now, 1, offset=number - 1) if 1 <= number <= MAX_NUMBER else []
    if not found:
        return None, [], False
    return open_flag(ctx, fx.OpenFlag(found[0].id, effect.units))


def _narrowing(where: FlagFilter) -> str:
    """The narrowing for the audit log: ids of a unit, a kind and a status, never anything a reporter wrote."""
    named = (("unit", where.unit), ("kind", where.category), ("status", where.status))
    return "".join(f", {name} {value}" for name, value in named if value)
