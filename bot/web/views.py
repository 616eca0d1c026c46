"""Words and shapes for the dashboard's templates: names of units and kinds, counts as shown (a hidden count
is "fewer than k", never a number), the filters a lead may choose, and each chart's series and table.

The wording is the chat's own (:mod:`bot.dialogue.views`), so a flag reads the same in both places.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.dialogue import World
from bot.dialogue.views.flag import STATUS_WORDS, category_title, occurred_words, week_label
from bot.domain.content import Content
from bot.domain.records import FLAG_STATUSES, FlagFilter, FlagRecord
from bot.domain.summary import previous_month
from bot.web.charts import Series
from bot.web.pages import Figures

STATUS_NAMES = {"new": "New", "seen": "Seen", "action-taken": "Action taken"}


class PageWords:
    """What the templates call to put things into words for one organisation."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.org = world.org
        self.k = world.org.min_group_size

    def unit(self, unit_id: str) -> str:
        unit = self.org.unit(unit_id)
        return unit.name if unit else unit_id

    def kind(self, category: str) -> str:
        return category_title(self.world.content, category)

    def kinds(self) -> list[tuple[str, str]]:
        """(id, title) of every kind of situation a flag can be about, by title."""
        return sorted(((sid, s.title) for sid, s in self.world.content.scripts.items()), key=lambda pair: pair[1])

    def status(self, status: str) -> str:
        return STATUS_NAMES.get(status, status)

    def status_sentence(self, status: str) -> str:
        return STATUS_WORDS.get(status, status).capitalize()

    def statuses(self) -> list[tuple[str, str]]:
        return [(s, STATUS_NAMES[s]) for s in FLAG_STATUSES]

    def count(self, value: int | None) -> str:
        return f"fewer than {self.k}" if value is None else str(value)

    def cell(self, value: int | None) -> str:
        """A summary count: hidden when under k, or hidden beside one that is (so it can't be worked out)."""
        return "hidden" if value is None else str(value)

    def month(self, month: date) -> str:
        return month.strftime("%B %Y")

    def short_month(self, month: date) -> str:
        return month.strftime("%b %Y")

    def axis_month(self, month: date) -> str:
        return month.strftime("%b %y")

    def week(self, monday: date) -> str:
        return week_label(monday)

    def occurred(self, flag: FlagRecord) -> str:
        return occurred_words(flag.occurred)

    def release_wait(self) -> str:
        """How long a flag waits for release, at most."""
        return "Straight away" if self.org.flag_release == "immediate" else "Up to a day"

    def release_words(self, next_release: datetime) -> str:
        if self.org.flag_release == "immediate":
            return "Flags reach you as they are sent here (a demo setting), each dated to its hour."
        return f"Flags reach you in a daily batch at 08:00: the next is due {self.local_time(next_release)}."

    def local_time(self, moment: datetime) -> str:
        local = moment.astimezone(ZoneInfo(self.org.timezone))
        return local.strftime("%-d %B at %H:%M")

    def trend(self, trend: str) -> str:
        return {"up": "up", "down": "down", "same": "no change"}.get(trend, "")

    def chart_title(self, which: str, seen: Figures) -> str:
        if which == "trend":
            return "Flags each month, last 12 months"
        return f"Flags in {self.month(seen.month)} and the month before"


def flag_filter(query: Mapping[str, str], units: tuple[str, ...], content: Content) -> FlagFilter:
    """The filters asked for, keeping only values that mean something: a unit the lead leads, a known kind, a
    known status. Anything else is ignored, so a made-up value can never widen what a lead sees."""
    unit = query.get("unit", "")
    kind = query.get("kind", "")
    status = query.get("status", "")
    return FlagFilter(
        unit=unit if unit in units else "",
        category=kind if kind in content.scripts else "",
        status=status if status in FLAG_STATUSES else "",
    )


def chart_series(seen: Figures, words: PageWords, which: str) -> tuple[tuple[str, ...], Series]:
    """The labels and series of a chart, from the same (suppressed) numbers as its table."""
    if which == "trend":
        first = next(iter(seen.trend.values()), [])
        labels = tuple(words.axis_month(point.month) for point in first)
        return labels, tuple((words.unit(u), tuple(p.flags for p in points)) for u, points in seen.trend.items())
    labels = tuple(words.unit(s.unit) for s in seen.summaries)
    before = tuple(s.total_last for s in seen.summaries)
    now = tuple(s.total_this for s in seen.summaries)
    last_month = seen.summaries[0].month if seen.summaries else seen.month
    return labels, (
        (words.short_month(previous_month(last_month)), before),
        (words.short_month(last_month), now),
    )
