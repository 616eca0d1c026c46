"""Daily lessons on and off, pausing, snoozing and resuming them, and a copy of everything kept, or deleting it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey
from bot.dialogue.flows.settings import reschedule
from bot.dialogue.model import NO_MODE, TurnInput, TurnOutput
from bot.dialogue.views import account as views
from bot.dialogue.views import common
from bot.domain.schedule import next_due

MAX_PAUSE_DAYS = 365
_FOR_DAYS = re.compile(r"(?:for\s+)?(\d{1,3})\s*(day|days|week|weeks)?")
_UNTIL = re.compile(r"(?:until|till|til)\s+(\d{4}-\d{2}-\d{2})")


def _start(inp: TurnInput, out: TurnOutput, action: object) -> None:
    out.state = NO_MODE
    schedule = reschedule(inp, out, subscribed=True)
    out.replies.append(views.started(schedule, out.person_changes["next_due_at"]))


def _stop(inp: TurnInput, out: TurnOutput, action: object) -> None:
    out.state = NO_MODE
    reschedule(inp, out, subscribed=False)
    out.replies.append(views.stopped())


def _pause(inp: TurnInput, out: TurnOutput, action: act.Pause) -> None:
    if action.days is None:
        out.state = NO_MODE
        out.replies.append(views.ask_pause())
        return
    if not 1 <= action.days <= MAX_PAUSE_DAYS:
        out.replies.append(common.unknown_button())
        return
    _pause_until(inp, out, inp.today + timedelta(days=action.days - 1))


def _typed_until(today: date, rest: str) -> date | None:
    """The last paused day for 'for 5 days', '2 weeks' or 'until 2026-12-24'; None if unreadable or too far."""
    m = _FOR_DAYS.fullmatch(rest)
    if m:
        n = int(m.group(1)) * (7 if (m.group(2) or "").startswith("week") else 1)
        return today + timedelta(days=n - 1) if 1 <= n <= MAX_PAUSE_DAYS else None
    m = _UNTIL.fullmatch(rest)
    if not m:
        return None
    try:
        candidate = date.fromisoformat(m.group(1))
    except ValueError:
        return None
    return candidate if today <= candidate <= today + timedelta(days=MAX_PAUSE_DAYS) else None


def pause_typed(inp: TurnInput, out: TurnOutput, rest: str) -> None:
    """'pause for 5 days', 'pause 2 weeks', 'pause until 2026-12-24'."""
    rest = rest.strip()
    until = _typed_until(inp.today, rest)
    if until is None:
        out.replies.append(views.bad_pause(rest))
        return
    _pause_until(inp, out, until)


def _pause_until(inp: TurnInput, out: TurnOutput, until: date) -> None:
    out.state = NO_MODE
    reschedule(inp, out, paused_until=until)
    out.replies.append(views.paused(until))


def _snooze(inp: TurnInput, out: TurnOutput, action: object) -> None:
    out.state = NO_MODE
    person = inp.person
    if not person.subscribed:
        out.replies.append(views.snoozed(inp.today, False))
        return
    due = person.next_due_at or next_due(inp.schedule, inp.now)
    skip_day = due.astimezone(inp.zone).date() if due else inp.today
    reschedule(inp, out, paused_until=skip_day)
    out.replies.append(views.snoozed(skip_day, True))


def _resume(inp: TurnInput, out: TurnOutput, action: object) -> None:
    out.state = NO_MODE
    reschedule(inp, out, paused_until=None)
    out.replies.append(views.resumed(inp.person.subscribed))


def _delete_data(inp: TurnInput, out: TurnOutput, action: act.DeleteData) -> None:
    out.state = NO_MODE
    if action.confirmed:
        out.effects.append(fx.DeleteMyData())
    else:
        out.replies.append(views.confirm_delete_data())


def _my_data(inp: TurnInput, out: TurnOutput, action: object) -> None:
    """A copy of everything held about them; any question waiting for an answer still waits."""
    out.effects.append(fx.MyData())


ACTIONS: dict[ActionKey, ActionHandler] = {
    Plain.START: _start,
    Plain.STOP: _stop,
    act.Pause: _pause,
    Plain.SNOOZE: _snooze,
    Plain.RESUME: _resume,
    act.DeleteData: _delete_data,
    Plain.MY_DATA: _my_data,
}
