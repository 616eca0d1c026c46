"""Monthly flag summaries with small-number suppression, for leads' screens and CSV exports.

Counts are of the flags a lead can see (released, not withdrawn), and a count is only shown when it is at
least k (the organisation's ``min_group_size``, never below 3). They are never counts of people: any rule a
lead could watch that depends on who sent which flag (say, hiding a cell when its flags come from fewer than
k people) tells the lead, beside the list of flags they can read, that some of those flags share a sender.
So nothing a lead sees depends on senders at all, and one person's flags are bounded by the daily limit
instead.

Hiding one cell is not enough when a total is shown: the total minus the visible cells gives it away. So
when exactly one cell of a unit's month is hidden, the next smallest is hidden too (complementary
suppression), or, when there is none, the total is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.records import ALL_CATEGORIES, Cell


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return (month_start(month) - timedelta(days=1)).replace(day=1)


def parse_month(text: str) -> date:
    """``2026-11`` -> 1 November 2026; ValueError with a plain message otherwise."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a month such as 2026-11") from None


@dataclass(frozen=True, slots=True)
class Line:
    category: str
    this_month: int | None  # None: hidden, fewer than k flags
    last_month: int | None

    @property
    def trend(self) -> str:
        if self.this_month is None or self.last_month is None:
            return ""
        if self.this_month > self.last_month:
            return "up"
        if self.this_month < self.last_month:
            return "down"
        return "same"


@dataclass(frozen=True, slots=True)
class UnitSummary:
    unit: str
    month: date
    lines: tuple[Line, ...]
    total_this: int | None
    total_last: int | None


def suppress(cells: Mapping[str, Cell], total: Cell, k: int) -> tuple[dict[str, int | None], int | None]:
    """One unit's month: each category's count, or None where it must be hidden, and the total likewise."""
    shown: dict[str, int | None] = {}
    for category, cell in cells.items():
        shown[category] = cell.flags if cell.flags >= k else None
    hidden = [c for c, value in shown.items() if value is None and cells[c].flags > 0]
    enough = total.flags == 0 or total.flags >= k  # nothing sent hides no one
    total_value: int | None = total.flags if enough else None
    if len(hidden) == 1 and total_value is not None:
        visible = sorted((value, c) for c, value in shown.items() if value is not None)
        if visible:
            shown[visible[0][1]] = None
        else:
            total_value = None
    return shown, total_value


def summarise(
    cells: Mapping[tuple[str, date, str], Cell], units: Iterable[str], month: date, k: int
) -> list[UnitSummary]:
    """Summaries for ``month`` beside the month before, one per unit, categories in name order."""
    before = previous_month(month)
    summaries = []
    for unit in units:
        per_month: dict[date, tuple[dict[str, int | None], int | None]] = {}
        categories: set[str] = set()
        for m in (month, before):
            month_cells = {
                c: cell for (u, mm, c), cell in cells.items() if u == unit and mm == m and c != ALL_CATEGORIES
            }
            categories |= set(month_cells)
            total = cells.get((unit, m, ALL_CATEGORIES), Cell(sum(c.flags for c in month_cells.values())))
            per_month[m] = suppress(month_cells, total, k)
        lines = tuple(
            Line(category, per_month[month][0].get(category, 0), per_month[before][0].get(category, 0))
            for category in sorted(categories)
        )
        summaries.append(UnitSummary(unit, month, lines, per_month[month][1], per_month[before][1]))
    return summaries


CSV_COLUMNS = ("unit", "unit_name", "month", "category", "category_name", "flags", "previous_month_flags", "trend")
HIDDEN = "hidden"


def _cell(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


def summary_rows(
    summaries: Sequence[UnitSummary], unit_names: dict[str, str], titles: dict[str, str]
) -> list[dict[str, str]]:
    rows = []
    for s in summaries:
        base = {"unit": s.unit, "unit_name": unit_names.get(s.unit, s.unit), "month": s.month.strftime("%Y-%m")}
        for line in s.lines:
            rows.append(
                base
                | {
                    "category": line.category,
                    "category_name": titles.get(line.category, line.category),
                    "flags": _cell(line.this_month),
                    "previous_month_flags": _cell(line.last_month),
                    "trend": line.trend,
                }
            )
        rows.append(
            base
            | {
                "category": "all",
                "category_name": "All flags",
                "flags": _cell(s.total_this),
                "previous_month_flags": _cell(s.total_last),
                "trend": "",
            }
        )
    return rows
