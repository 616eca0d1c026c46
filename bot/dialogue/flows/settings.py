"""Schedule settings: time, days, time zone and quiet hours, by button or typed; and rescheduling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler, normalise
from bot.dialogue.model import NO_MODE, DialogueState, Mode, TurnInput, TurnOutput
from bot.dialogue.views import settings as views
from bot.domain.records import PersonRecord
from bot.domain.schedule import (
    Schedule,
    describe_days,
    next_due,
    parse_days,
    parse_quiet_hours,
    parse_time,
    parse_timezone,
)
from bot.domain.types import Reply


def reschedule(inp: TurnInput, out: TurnOutput, **changes: Any) -> Schedule:
    """Apply schedule changes and recompute the next due instant (None when lessons are off)."""
    current = inp.schedule
    changes = {**out.person_changes, **changes}  # earlier changes in this same turn count too
    schedule = Schedule(
        timezone=changes.get("timezone", current.timezone),
        at=changes.get("nudge_time", current.at),
        days=changes.get("nudge_days", current.days),
        paused_until=changes.get("paused_until", current.paused_until),
        quiet_start=changes.get("quiet_start", current.quiet_start),
        quiet_end=changes.get("quiet_end", current.quiet_end),
    )
    subscribed = changes.get("subscribed", inp.person.subscribed)
    due = next_due(schedule, inp.now) if subscribed and inp.person.reachable else None
    out.person_changes.update(changes)
    out.person_changes["next_due_at"] = due
    return schedule


@dataclass(frozen=True)
class Setting:
    """One schedule setting a person can type: how to read it, what to say when it can't be read."""

    mode: Mode
    parse: Callable[[str], dict[str, Any] | None]  # the person changes it makes, or None if unreadable
    refuse: Callable[[str], Reply]
    describe: Callable[[dict[str, Any]], str]
    ask: Callable[[PersonRecord], Reply]


def _parse_quiet(text: str) -> dict[str, Any] | None:
    if normalise(text) in {"off", "none", "no", "clear"}:
        return {"quiet_start": None, "quiet_end": None}
    hours = parse_quiet_hours(text)
    return {"quiet_start": hours[0], "quiet_end": hours[1]} if hours else None


def _describe_quiet(changes: dict[str, Any]) -> str:
    start, end = changes["quiet_start"], changes["quiet_end"]
    return "no quiet hours" if start is None else f"quiet hours {start:%H:%M} to {end:%H:%M}"


def _only(column: str, parse: Callable[[str], Any]) -> Callable[[str], dict[str, Any] | None]:
    def parse_one(text: str) -> dict[str, Any] | None:
        value = parse(text)
        return None if value is None else {column: value}

    return parse_one


def _parse_chosen_zone(text: str) -> dict[str, Any] | None:
    zone = parse_timezone(text)
    return {"timezone": zone, "timezone_chosen": True} if zone else None  # from now on, theirs to change


TIME = Setting(
    Mode.SETTINGS_TIME,
    _only("nudge_time", parse_time),
    views.bad_time,
    lambda c: f"lessons at {c['nudge_time']:%H:%M}",
    lambda _: views.ask_time(),
)
DAYS = Setting(
    Mode.SETTINGS_DAYS,
    _only("nudge_days", parse_days),
    views.bad_days,
    lambda c: f"lessons on {describe_days(c['nudge_days'])}",
    lambda _: views.ask_days(),
)
ZONE = Setting(
    Mode.SETTINGS_TZ,
    _parse_chosen_zone,
    views.bad_timezone,
    lambda c: f"your time zone is {c['timezone']}",
    lambda person: views.ask_timezone(person.timezone),
)
QUIET = Setting(Mode.SETTINGS_QUIET, _parse_quiet, views.bad_quiet, _describe_quiet, lambda _: views.ask_quiet())
_BY_MODE = {setting.mode: setting for setting in (TIME, DAYS, ZONE, QUIET)}


def apply_setting(inp: TurnInput, out: TurnOutput, setting: Setting, text: str) -> None:
    changes = setting.parse(text)
    if changes is None:
        out.state = DialogueState(setting.mode)  # ask again; nothing changes until it can be read
        out.replies.append(setting.refuse(text))
        return
    out.state = NO_MODE
    schedule = reschedule(inp, out, **changes)
    summary = setting.describe(changes)
    if schedule.effective_time != schedule.at:
        summary += f" (your {schedule.at:%H:%M} lesson will come at {schedule.effective_time:%H:%M}, after quiet hours)"
    out.replies.append(views.schedule_changed(summary, inp.person.subscribed))


def typed(setting: Setting) -> TextHandler:
    """A handler for the setting's value typed as text (an answer, or a command such as 'time 7pm')."""
    return lambda inp, out, text: apply_setting(inp, out, setting, text)


def _ask(inp: TurnInput, out: TurnOutput, setting: Setting) -> None:
    out.state = DialogueState(setting.mode)
    out.replies.append(setting.ask(inp.person))


def _show(inp: TurnInput, out: TurnOutput, action: object) -> None:
    out.state = NO_MODE
    out.replies.append(views.settings(inp.person, inp.schedule))


def _pressed(setting: Setting, to_text: Callable[[str], str] = str) -> ActionHandler:
    """A settings button: its value if it carries one (days come as 'every-day'), else the question."""

    def handle(inp: TurnInput, out: TurnOutput, action: act.SetTime | act.SetDays | act.SetQuiet) -> None:
        if action.value:
            apply_setting(inp, out, setting, to_text(action.value))
        else:
            _ask(inp, out, setting)

    return handle


ACTIONS: dict[ActionKey, ActionHandler] = {
    Plain.SETTINGS: _show,
    act.SetTime: _pressed(TIME),
    act.SetDays: _pressed(DAYS, lambda value: value.replace("-", " ")),
    act.SetQuiet: _pressed(QUIET),
    Plain.SET_TIMEZONE: lambda inp, out, action: _ask(inp, out, ZONE),
}
TEXT_MODES: dict[Mode, TextHandler] = {mode: typed(setting) for mode, setting in _BY_MODE.items()}
