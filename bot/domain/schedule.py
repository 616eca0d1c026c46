"""When a person's next daily lesson is due, in their own time zone.

All arithmetic is done on local dates and wall-clock times, then converted to UTC, so a change of clocks
(Europe/London in March and October) neither skips nor doubles a day. A wall time that does not exist
(the hour skipped in spring) is delivered at the same instant a clock reading it an hour later would show;
a wall time that happens twice (autumn) is delivered at its first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME = time(10, 0)
WEEKDAYS = frozenset(range(5))  # Monday = 0
EVERY_DAY = frozenset(range(7))
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LATE_GRACE = timedelta(hours=2)  # a nudge found later than this is skipped, never sent into the night
_LOOKAHEAD_DAYS = 8
_TICK = timedelta(microseconds=1)  # so a nudge exactly LATE_GRACE late still counts as within it

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)
_DAY_WORDS = {name.lower(): i for i, name in enumerate(DAY_NAMES)} | {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_TZ_ALIASES = {
    "uk": "Europe/London",
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "london": "Europe/London",
    "utc": "UTC",
}


@dataclass(frozen=True, slots=True)
class Schedule:
    timezone: str = "Europe/London"
    at: time = DEFAULT_TIME
    days: frozenset[int] = WEEKDAYS
    paused_until: date | None = None  # no nudges on or before this local date
    quiet_start: time | None = None  # quiet hours, local; may wrap midnight (22:00 to 07:00)
    quiet_end: time | None = None

    def is_quiet(self, at: time) -> bool:
        """True when the local time of day ``at`` falls in this person's quiet hours."""
        start, end = self.quiet_start, self.quiet_end
        if start is None or end is None or start == end:
            return False
        return start <= at < end if start < end else (at >= start or at < end)

    @property
    def effective_time(self) -> time:
        """The chosen time, moved to the end of quiet hours if it falls inside them."""
        return self.quiet_end if self.is_quiet(self.at) and self.quiet_end is not None else self.at


def parse_time(text: str) -> time | None:
    """'7:30', '07.30', '19:00', '7pm', '7.30am', '0730' -> a time; None when it is not a real time."""
    cleaned = text.strip().lower()
    if re.fullmatch(r"\d{4}", cleaned):
        cleaned = f"{cleaned[:2]}:{cleaned[2:]}"
    m = _TIME.match(cleaned)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    suffix = (m.group(3) or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_days(text: str) -> frozenset[int] | None:
    """'weekdays', 'every day', 'weekends', 'mon wed fri', 'Mon-Thu' -> weekday numbers; None if unclear."""
    cleaned = text.strip().lower().replace(",", " ").replace("&", " ").replace(" and ", " ")
    if cleaned in {"weekdays", "week days", "mon-fri", "monday to friday", "mon to fri"}:
        return WEEKDAYS
    if cleaned in {"every day", "everyday", "daily", "all", "all days", "7 days"}:
        return EVERY_DAY
    if cleaned in {"weekends", "weekend", "sat sun"}:
        return frozenset({5, 6})
    days: set[int] = set()
    for part in cleaned.split():
        if "-" in part or " to " in part:
            start, _, end = part.partition("-")
            if start in _DAY_WORDS and end in _DAY_WORDS:
                a, b = _DAY_WORDS[start], _DAY_WORDS[end]
                days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
                continue
            return None
        if part not in _DAY_WORDS:
            return None
        days.add(_DAY_WORDS[part])
    return frozenset(days) or None


def parse_timezone(text: str) -> str | None:
    """A valid IANA zone name (case-insensitive, a few UK aliases) or None."""
    cleaned = text.strip()
    if cleaned.lower() in _TZ_ALIASES:
        return _TZ_ALIASES[cleaned.lower()]
    candidates = [
        cleaned,
        cleaned.replace(" ", "_"),
        "/".join(p.capitalize() for p in cleaned.replace(" ", "_").split("/")),
    ]
    for candidate in candidates:
        if not re.fullmatch(r"[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+){0,2}", candidate):
            continue
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return candidate
    return None


def describe_days(days: frozenset[int]) -> str:
    if days == WEEKDAYS:
        return "Monday to Friday"
    if days == EVERY_DAY:
        return "every day"
    if days == frozenset({5, 6}):
        return "weekends"
    return ", ".join(DAY_NAMES[d] for d in sorted(days))


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """'22:00-07:00', '10pm to 6am' -> (start, end); None when unclear or empty."""
    parts = re.split(r"\s*(?:-|–|to|until)\s*", text.strip().lower(), maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time ``at`` on ``day`` in ``zone`` (see the module docstring for DST)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def is_quiet_now(schedule: Schedule, instant: datetime) -> bool:
    return schedule.is_quiet(instant.astimezone(ZoneInfo(schedule.timezone)).time())


def next_due(schedule: Schedule, after: datetime) -> datetime | None:
    """The first nudge instant strictly after ``after`` (UTC-aware), or None if no day is chosen."""
    if not schedule.days:
        return None
    zone = ZoneInfo(schedule.timezone)
    today = after.astimezone(zone).date()
    start = today
    if schedule.paused_until is not None and schedule.paused_until >= today:
        start = schedule.paused_until + timedelta(days=1)
    for offset in range(_LOOKAHEAD_DAYS):
        day = start + timedelta(days=offset)
        if day.weekday() not in schedule.days:
            continue
        due = local_instant(day, schedule.effective_time, zone)
        if due > after:
            return due
    return None  # unreachable with at least one chosen day, kept for type-checkers


def due_within_grace(schedule: Schedule, now: datetime) -> datetime | None:
    """The nudge instant at or before ``now`` and no more than LATE_GRACE before it, if there is one.

    After a worker outage a person's stored due instant can be days old; this is the one still worth sending
    (today's, a little late), never one from the missed days."""
    due = next_due(schedule, now - LATE_GRACE - _TICK)
    return due if due is not None and due <= now else None
