"""A person's schedule settings: time, days, time zone and quiet hours, asked for and confirmed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.views.common import HELP, LESSONS_ON, SETTINGS, shorten
from bot.domain.records import PersonRecord
from bot.domain.schedule import Schedule, describe_days
from bot.domain.types import Button, Reply

BACK_TO_SETTINGS = Button("Cancel", Plain.SETTINGS.value)


def settings(person: PersonRecord, schedule: Schedule) -> Reply:
    status = "on" if person.subscribed else "off"
    lines = [
        f"Daily lessons: {status}",
        f"Time: {schedule.at.strftime('%H:%M')}",
        f"Days: {describe_days(schedule.days)}",
        f"Time zone: {schedule.timezone}",
        "Quiet hours: "
        + (f"{schedule.quiet_start:%H:%M} to {schedule.quiet_end:%H:%M}" if schedule.quiet_start else "none"),
    ]
    if person.paused_until:
        lines.append(f"Paused until: {person.paused_until.strftime('%-d %b %Y')} (inclusive)")
    if person.subscribed and person.next_due_at:
        local = person.next_due_at.astimezone(ZoneInfo(schedule.timezone))
        lines.append(f"Next lesson: {local.strftime('%a %-d %b, %H:%M')}")
    changes = act.buttons(
        ("Change time", act.SetTime()),
        ("Change days", act.SetDays()),
        ("Change time zone", Plain.SET_TIMEZONE),
        ("Quiet hours", act.SetQuiet()),
    )
    if not person.subscribed:
        return Reply(title="Your settings", text="\n".join(lines), buttons=(*changes, LESSONS_ON, HELP))
    pause = ("Resume", Plain.RESUME) if person.paused_until else ("Pause", act.Pause())
    daily = act.buttons(pause, ("Snooze a day", Plain.SNOOZE), ("Stop daily lessons", Plain.STOP))
    return Reply(title="Your settings", text="\n".join(lines), buttons=(*changes, *daily, HELP))


def left_as_it_was() -> Reply:
    return Reply(text="OK, left as it was.", buttons=(SETTINGS, HELP))


def ask_time() -> Reply:
    times = ("07:00", "10:00", "13:00", "19:30", "22:00")
    return Reply(
        text="What time suits you? Choose one, or type any time, like 06:45 or 7pm. Night shifts are fine.",
        buttons=(*act.buttons(*((t, act.SetTime(t)) for t in times)), BACK_TO_SETTINGS),
    )


def bad_time(text: str) -> Reply:
    return Reply(
        text=f"Sorry, “{shorten(text, 40)}” isn't a time I can use. Try something like 07:30, 13:00 or 7pm.",
        buttons=(BACK_TO_SETTINGS,),
    )


def ask_quiet() -> Reply:
    return Reply(
        text=(
            "When should I never message you? Type a range, like 22:00-07:00 or 8pm to 8am, or off. "
            "Lessons due in that time come when it ends."
        ),
        buttons=(
            *act.buttons(("22:00 to 07:00", act.SetQuiet("22:00-07:00")), ("No quiet hours", act.SetQuiet("off"))),
            BACK_TO_SETTINGS,
        ),
    )


def bad_quiet(text: str) -> Reply:
    return Reply(
        text=f"Sorry, I couldn't read “{shorten(text, 40)}” as quiet hours. Try 22:00-07:00, or off.",
        buttons=(BACK_TO_SETTINGS,),
    )


def ask_days() -> Reply:
    return Reply(
        text="Which days? Choose one, or type days like: mon wed fri.",
        buttons=(
            *act.buttons(
                ("Monday to Friday", act.SetDays("weekdays")),
                ("Every day", act.SetDays("every-day")),
                ("Weekends", act.SetDays("weekends")),
            ),
            BACK_TO_SETTINGS,
        ),
    )


def bad_days(text: str) -> Reply:
    return Reply(
        text=f"Sorry, I couldn't read “{shorten(text, 40)}” as days. Try weekdays, every day, or mon wed fri.",
        buttons=(BACK_TO_SETTINGS,),
    )


def ask_timezone(current: str) -> Reply:
    return Reply(
        text=f"Your time zone is {current}. Type a new one, like Europe/London, Europe/Dublin or Asia/Kolkata.",
        buttons=(Button("Keep " + current, Plain.SETTINGS.value),),
    )


def bad_timezone(text: str) -> Reply:
    return Reply(
        text=(
            f"Sorry, “{shorten(text, 40)}” isn't a time zone I know. Use a name like Europe/London or America/New_York."
        ),
        buttons=(BACK_TO_SETTINGS,),
    )


def schedule_changed(summary: str, person_subscribed: bool) -> Reply:
    tail = "" if person_subscribed else " Daily lessons are off at the moment: press Daily lessons on to start them."
    buttons = (SETTINGS, HELP) if person_subscribed else (LESSONS_ON, SETTINGS, HELP)
    return Reply(text=f"Done: {summary}.{tail}", buttons=buttons)
