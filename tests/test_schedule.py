"""Local-time arithmetic for daily lessons."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.schedule import EVERY_DAY, WEEKDAYS, Schedule, next_due, parse_days, parse_time, parse_timezone

LONDON = ZoneInfo("Europe/London")


def test_parse_time_accepts_how_people_write_times_and_refuses_impossible_ones() -> None:
    assert parse_time("7pm") == time(19, 0)
    assert parse_time("07.30") == time(7, 30)
    assert parse_time("0645") == time(6, 45)
    assert parse_time("12am") == time(0, 0)
    for bad in ("25:00", "12:60", "13pm", "soon", ""):
        assert parse_time(bad) is None, bad


def test_parse_days_and_timezone() -> None:
    assert parse_days("weekdays") == WEEKDAYS
    assert parse_days("Fri-Mon") == frozenset({4, 5, 6, 0})
    assert parse_days("someday") is None
    assert parse_timezone("europe/london") == "Europe/London"
    assert parse_timezone("Mars/Olympus") is None
    assert parse_timezone("../../etc/passwd") is None


def test_weekday_schedule_skips_the_weekend() -> None:
    friday_after = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
    assert next_due(Schedule(), friday_after) == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_spring_forward_neither_skips_nor_doubles_a_day() -> None:
    schedule = Schedule(at=time(1, 30), days=EVERY_DAY)  # 01:30 does not exist in London on 29 March 2026
    due, seen = datetime(2026, 3, 27, 12, tzinfo=UTC), []
    for _ in range(4):
        due = next_due(schedule, due)
        seen.append(due.astimezone(LONDON).date())
    assert seen == [date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30), date(2026, 3, 31)]


def test_fall_back_delivers_the_first_of_the_two_01_30s_once() -> None:
    schedule = Schedule(at=time(1, 30), days=EVERY_DAY)
    first = next_due(schedule, datetime(2026, 10, 24, 12, tzinfo=UTC))
    second = next_due(schedule, first)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    assert second.astimezone(LONDON).date() == date(2026, 10, 26)


def test_pause_moves_the_next_lesson_past_the_pause() -> None:
    paused = Schedule(paused_until=date(2026, 12, 4))
    assert next_due(paused, datetime(2026, 11, 25, 9, tzinfo=UTC)) == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_far_time_zone_uses_local_days() -> None:
    schedule = Schedule(timezone="Pacific/Auckland", at=time(7, 0), days=frozenset({0}))  # Mondays 07:00
    due = next_due(schedule, datetime(2026, 11, 25, 0, 0, tzinfo=UTC))
    local = due.astimezone(ZoneInfo("Pacific/Auckland"))
    assert (local.weekday(), local.hour) == (0, 7)
