"""What each dashboard page shows, read in one transaction and audited exactly as the review in chat is.

Every number here is of flags the lead can see (released, not withdrawn, their own units), and every count
that is not a plain length of the lead's own list goes through the same suppression as the chat summary
(:mod:`bot.domain.summary`): under k it is shown as hidden, never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain import batches
from bot.domain.records import ALL_CATEGORIES, Cell, FlagFilter
from bot.domain.summary import UnitSummary, month_start, previous_month, summarise
from bot.turns.flag_rules import audit_units
from bot.turns.runners.context import LeadScope

TREND_MONTHS = 12
PAGE_SIZE = 20  # flags a page of the list (the chat shows 5)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: date
    flags: int | None  # None: fewer than k, hidden


@dataclass(frozen=True)
class Figures:
    """What the charts draw (and the overview's tables show)."""

    month: date
    summaries: list[UnitSummary]  # this month beside last, by unit and kind, suppressed
    trend: dict[str, list[TrendPoint]]  # unit -> the last 12 months' totals, oldest first, suppressed


@dataclass(frozen=True)
class Overview(Figures):
    next_release: datetime
    replies_owed: int  # flags whose thread ends with the reporter's words
    new_flags: int  # flags no lead has marked yet


def local_month(now: datetime, timezone: str) -> date:
    return month_start(now.astimezone(ZoneInfo(timezone)).date())


def months_back(month: date, count: int) -> list[date]:
    """``count`` months ending with ``month``, oldest first."""
    months = [month]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return months[::-1]


def overview(ctx: LeadScope, units: tuple[str, ...]) -> Overview:
    tx, now, org = ctx.tx, ctx.now, ctx.world.org
    k = org.min_group_size
    month = local_month(now, org.timezone)
    months = months_back(month, TREND_MONTHS)
    cells = tx.monthly_cells(units, months, now)
    summaries = summarise(cells, units, month, k)
    audit_units(tx, org, ctx.address, now, "view-overview", units, detail=month.isoformat())
    return Overview(
        month=month,
        summaries=summaries,
        trend={unit: _trend(cells, unit, months, k) for unit in units},
        next_release=batches.release_at(now, org),
        replies_owed=tx.awaiting_lead(units, now),
        new_flags=tx.count_released(units, now, FlagFilter(status="new")),
    )


def chart_figures(ctx: LeadScope, units: tuple[str, ...], which: str) -> Figures:
    """Only the counts a chart draws (the overview's other figures are not read), audited as its own view."""
    tx, now, org = ctx.tx, ctx.now, ctx.world.org
    k = org.min_group_size
    month = local_month(now, org.timezone)
    months = months_back(month, TREND_MONTHS) if which == "trend" else [previous_month(month), month]
    cells = tx.monthly_cells(units, months, now)
    audit_units(tx, org, ctx.address, now, f"view-chart-{which}", units, detail=month.isoformat())
    return Figures(
        month=month,
        summaries=summarise(cells, units, month, k) if which != "trend" else [],
        trend={unit: _trend(cells, unit, months, k) for unit in units} if which == "trend" else {},
    )


def _trend(cells: dict[tuple[str, date, str], Cell], unit: str, months: list[date], k: int) -> list[TrendPoint]:
    points = []
    for m in months:
        total = cells.get((unit, m, ALL_CATEGORIES), Cell(0)).flags
        points.append(TrendPoint(m, total if total == 0 or total >= k else None))
    return points


def month_cells(ctx: LeadScope, units: tuple[str, ...], month: date) -> list[UnitSummary]:
    """The month's suppressed summary, for the CSV download (audited as an export, like the command line's)."""
    tx, now, org = ctx.tx, ctx.now, ctx.world.org
    cells = tx.monthly_cells(units, (month, previous_month(month)), now)
    audit_units(tx, org, ctx.address, now, "export", units, detail=month.isoformat())
    return summarise(cells, units, month, org.min_group_size)


__all__ = ["Figures", "Overview", "TrendPoint", "chart_figures", "month_cells", "overview"]
