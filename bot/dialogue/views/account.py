"""Daily lessons on and off, pausing and snoozing them, and deleting everything Kinship holds."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain, encode
from bot.dialogue.views.common import HELP, LESSON, LESSONS_ON, SETTINGS, shorten
from bot.dialogue.views.settings import BACK_TO_SETTINGS
from bot.domain.schedule import Schedule, describe_days
from bot.domain.types import Button, Reply


def started(schedule: Schedule, next_due: datetime | None) -> Reply:
    when = ""
    if next_due:
        when = f" The next one comes {next_due.astimezone(ZoneInfo(schedule.timezone)).strftime('%a %-d %b at %H:%M')}."
    return Reply(
        text=(
            f"Daily lessons are on: {schedule.at.strftime('%H:%M')}, {describe_days(schedule.days)} "
            f"({schedule.timezone}).{when} You can change the time or pause whenever you like."
        ),
        buttons=(Button("Change time", encode(act.SetTime())), SETTINGS, LESSON),
    )


def stopped() -> Reply:
    return Reply(
        text=(
            "Daily lessons are off. Nothing else changes: you can still ask for a lesson or words to use at any "
            "time. Type start to turn them back on."
        ),
        buttons=(LESSONS_ON, HELP),
    )


def ask_pause() -> Reply:
    return Reply(
        text="Pause daily lessons for how long? You can also type a date, like pause until 2026-12-24.",
        buttons=(
            *act.buttons(("One week", act.Pause(7)), ("Two weeks", act.Pause(14)), ("Four weeks", act.Pause(28))),
            BACK_TO_SETTINGS,
        ),
    )


def paused(until: date) -> Reply:
    return Reply(
        text=f"Paused. No lessons until after {until.strftime('%A %-d %B')}. Type resume to start again sooner.",
        buttons=(Button("Resume", Plain.RESUME.value), HELP),
    )


def bad_pause(text: str) -> Reply:
    return Reply(
        text=f"Sorry, I couldn't read “{shorten(text, 40)}”. Try pause for 7 days, or pause until 2026-12-24.",
        buttons=(Button("Pause", encode(act.Pause())), HELP),
    )


def resumed(subscribed: bool) -> Reply:
    if not subscribed:
        return Reply(
            text="Nothing was paused. Daily lessons are off: would you like them on?",
            buttons=(LESSONS_ON, HELP),
        )
    return Reply(text="Welcome back. Daily lessons are on again.", buttons=(LESSON, SETTINGS, HELP))


def snoozed(until: date, subscribed: bool) -> Reply:
    if not subscribed:
        return Reply(
            text="Daily lessons are off, so there's nothing to snooze.",
            buttons=(LESSONS_ON, HELP),
        )
    return Reply(text=f"Snoozed: no lesson on {until.strftime('%A %-d %B')}.", buttons=(SETTINGS, HELP))


def confirm_delete_data() -> Reply:
    return Reply(
        text=(
            "This deletes your settings, progress and private reflections from Kinship, and any way a lead could "
            "reply to a flag of yours. The flags themselves stay, because they were never linked to you (you can "
            "withdraw one with its case code). Delete everything?"
        ),
        buttons=(
            Button("Yes, delete my data", encode(act.DeleteData(confirmed=True)), "danger"),
            Button("No, keep it", Plain.HELP.value),
        ),
        private=True,
    )


def data_deleted() -> Reply:
    return Reply(
        text="Done. Everything Kinship held about you is deleted. If you message me again, we'll start fresh.",
        private=True,
    )
