"""Every button value, as a typed action: encoded for the wire and parsed back in this one place.

A button's value (or a command word typed on its own) comes back as ``Incoming.action``. The strings are a
platform contract: old messages and owed replies still send them, so ``encode`` stays byte-identical and
``parse_action`` reads every value an earlier release wrote, leniently where it always was (``help:x`` is
help). Content ids and case codes are checked by the flow that uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from bot.domain.types import Button


class Plain(Enum):
    """The actions that carry nothing; each one's value is its button value (a tail is ignored when read)."""

    HELP = "help"
    SUPPORT = "support"
    LESSON = "lesson"
    SKIP_REFLECTION = "reflect:skip"
    MY_REFLECTIONS = "reflections"
    ALL_SCRIPTS = "scripts:all"
    FLAG_START = "flag"
    FLAG_FORM_SUBMITTED = "flag:form"
    FLAG_CANCEL = "flag:cancel"
    FLAG_SKIP_DESCRIPTION = "flag:desc:skip"
    FLAG_EDIT = "flag:edit"
    REVIEW = "review"
    REVIEW_SUMMARY = "review:summary"
    SETTINGS = "settings"
    SET_TIMEZONE = "settings:tz"
    START = "start"
    STOP = "stop"
    SNOOZE = "snooze"
    RESUME = "resume"


@dataclass(frozen=True, slots=True)
class Reflect:
    """A question to reflect on: ``prompt_id`` chosen, or empty for today's."""

    prompt_id: str = ""


@dataclass(frozen=True, slots=True)
class DeleteAllReflections:
    confirmed: bool = False


@dataclass(frozen=True, slots=True)
class DeleteReflection:
    reflection_id: int


@dataclass(frozen=True, slots=True)
class Recap:
    lesson_id: str


@dataclass(frozen=True, slots=True)
class Checkin:
    """The answer to "still useful?": carry on, or three days a week."""

    slower: bool = False


@dataclass(frozen=True, slots=True)
class Script:
    """One script by id, or (empty) the question "what happened?"."""

    script_id: str = ""


@dataclass(frozen=True, slots=True)
class OtherScripts:
    script_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Triaged:
    """The answer to triage's one question (me, saw, struggling, work, ok), with the scripts it matched."""

    answer: str
    script_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FlagCategory:
    category: str


@dataclass(frozen=True, slots=True)
class FlagUnit:
    unit: str


@dataclass(frozen=True, slots=True)
class FlagWhen:
    occurred: str


@dataclass(frozen=True, slots=True)
class FlagDanger:
    answer: str  # yes | no; anything else is refused by the flow


@dataclass(frozen=True, slots=True)
class FlagSend:
    wants_reply: bool = False


@dataclass(frozen=True, slots=True)
class FlagUnrecognised:
    """A ``flag:`` value no release wrote (its tail kept so it encodes back as it came)."""

    tail: str


@dataclass(frozen=True, slots=True)
class Status:
    code: str = ""  # as pressed or typed; the flow finds the case code in it


@dataclass(frozen=True, slots=True)
class Withdraw:
    code: str = ""
    confirmed: bool = False


@dataclass(frozen=True, slots=True)
class ReplyToLead:
    code: str


@dataclass(frozen=True, slots=True)
class ReviewOpen:
    flag_id: int


@dataclass(frozen=True, slots=True)
class ReviewReply:
    flag_id: int


@dataclass(frozen=True, slots=True)
class ReviewMark:
    flag_id: int
    status: str  # seen | action-taken


@dataclass(frozen=True, slots=True)
class ReviewUnrecognised:
    tail: str


@dataclass(frozen=True, slots=True)
class SetTime:
    value: str = ""  # empty: ask for a time


@dataclass(frozen=True, slots=True)
class SetDays:
    value: str = ""  # empty: ask; words joined by "-" on the wire ("every-day")


@dataclass(frozen=True, slots=True)
class SetQuiet:
    value: str = ""  # empty: ask


@dataclass(frozen=True, slots=True)
class Pause:
    days: int | None = None  # None: ask for how long


@dataclass(frozen=True, slots=True)
class DeleteData:
    confirmed: bool = False


Action = (
    Plain
    | Reflect
    | DeleteAllReflections
    | DeleteReflection
    | Recap
    | Checkin
    | Script
    | OtherScripts
    | Triaged
    | FlagCategory
    | FlagUnit
    | FlagWhen
    | FlagDanger
    | FlagSend
    | FlagUnrecognised
    | Status
    | Withdraw
    | ReplyToLead
    | ReviewOpen
    | ReviewReply
    | ReviewMark
    | ReviewUnrecognised
    | SetTime
    | SetDays
    | SetQuiet
    | Pause
    | DeleteData
)


def _with(name: str, arg: str) -> str:
    return f"{name}:{arg}" if arg else name


# the values of actions that carry something; each lambda is given an action of its key's type
_CARRYING: dict[type, Callable[[Any], str]] = {
    Reflect: lambda a: _with("reflect", a.prompt_id),
    DeleteAllReflections: lambda a: "reflections:delete-all:confirm" if a.confirmed else "reflections:delete-all",
    DeleteReflection: lambda a: f"reflection:delete:{a.reflection_id}",
    Recap: lambda a: f"recap:{a.lesson_id}",
    Checkin: lambda a: "checkin:slower" if a.slower else "checkin:carry-on",
    Script: lambda a: _with("script", a.script_id),
    OtherScripts: lambda a: "scripts:others:" + ",".join(a.script_ids),
    Triaged: lambda a: _with(f"triage:{a.answer}", ",".join(a.script_ids)),
    FlagCategory: lambda a: f"flag:cat:{a.category}",
    FlagUnit: lambda a: f"flag:unit:{a.unit}",
    FlagWhen: lambda a: f"flag:when:{a.occurred}",
    FlagDanger: lambda a: f"flag:danger:{a.answer}",
    FlagSend: lambda a: "flag:send:reply" if a.wants_reply else "flag:send",
    FlagUnrecognised: lambda a: f"flag:{a.tail}",
    Status: lambda a: _with("status", a.code),
    Withdraw: lambda a: _with("withdraw", f"{a.code}:confirm" if a.confirmed else a.code),
    ReplyToLead: lambda a: f"flag-reply:{a.code}",
    ReviewOpen: lambda a: f"review:open:{a.flag_id}",
    ReviewReply: lambda a: f"review:reply:{a.flag_id}",
    ReviewMark: lambda a: f"review:mark:{a.flag_id}:{a.status}",
    ReviewUnrecognised: lambda a: f"review:{a.tail}",
    SetTime: lambda a: _with("settings:time", a.value),
    SetDays: lambda a: _with("settings:days", a.value),
    SetQuiet: lambda a: _with("settings:quiet", a.value),
    Pause: lambda a: "pause" if a.days is None else f"pause:{a.days}",
    DeleteData: lambda a: "delete-data:confirm" if a.confirmed else "delete-data",
}


def encode(action: Action) -> str:
    """The button value for ``action``: exactly the string every earlier release sent."""
    return action.value if isinstance(action, Plain) else _CARRYING[type(action)](action)


def buttons(*choices: tuple[str, Action] | tuple[str, Action, Literal["primary", "danger"]]) -> tuple[Button, ...]:
    """A reply's buttons from ``(label, action[, style])``, all encoded in one call."""
    return tuple(Button(label, encode(action), *style) for label, action, *style in choices)


# --- parsing ---------------------------------------------------------------------------------------------


def _split(value: str) -> tuple[str, str]:
    """``name:arg`` at the first colon (the arg may hold more colons: a time, a status)."""
    name, _, arg = value.partition(":")
    return name, arg


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _reflections(arg: str) -> Action:
    if arg == "delete-all":
        return DeleteAllReflections()
    if arg == "delete-all:confirm":
        return DeleteAllReflections(confirmed=True)
    return Plain.MY_REFLECTIONS


def _reflection(arg: str) -> Action | None:
    verb, rest = _split(arg)
    ident = _number(rest)
    return DeleteReflection(ident) if verb == "delete" and ident is not None else None


def _scripts(arg: str) -> Action:
    if arg.startswith("others:"):
        return OtherScripts(tuple(arg.removeprefix("others:").split(",")))
    return Plain.ALL_SCRIPTS


_FLAG_STEPS: dict[str, Callable[[str], Action]] = {
    "cat": FlagCategory,
    "form": lambda _: Plain.FLAG_FORM_SUBMITTED,
    "cancel": lambda _: Plain.FLAG_CANCEL,
    "unit": FlagUnit,
    "when": FlagWhen,
    "danger": FlagDanger,
    "desc": lambda _: Plain.FLAG_SKIP_DESCRIPTION,
    "edit": lambda _: Plain.FLAG_EDIT,
    "send": lambda value: FlagSend(wants_reply=value == "reply"),
}


def _flag(arg: str) -> Action:
    if not arg:
        return Plain.FLAG_START
    verb, value = _split(arg)
    step = _FLAG_STEPS.get(verb)
    return step(value) if step is not None else FlagUnrecognised(arg)


def _withdraw(arg: str) -> Action:
    code, confirm = _split(arg)
    return Withdraw(code, confirm == "confirm")


def _review(arg: str) -> Action:
    if not arg:
        return Plain.REVIEW
    verb, rest = _split(arg)
    if verb == "summary":
        return Plain.REVIEW_SUMMARY
    if verb in {"open", "reply"} and (ident := _number(rest)) is not None:
        return ReviewOpen(ident) if verb == "open" else ReviewReply(ident)
    if verb == "mark":
        ident_text, status = _split(rest)
        ident = _number(ident_text)
        if ident is not None and status in {"seen", "action-taken"}:
            return ReviewMark(ident, status)
    return ReviewUnrecognised(arg)


_SETTINGS: dict[str, Callable[[str], Action]] = {
    "": lambda _: Plain.SETTINGS,
    "time": SetTime,
    "days": SetDays,
    "tz": lambda _: Plain.SET_TIMEZONE,
    "quiet": SetQuiet,
}


def _settings(arg: str) -> Action | None:
    verb, value = _split(arg)
    read = _SETTINGS.get(verb)
    return read(value) if read is not None and (verb or not value) else None


def _pause(arg: str) -> Action | None:
    if not arg:
        return Pause()
    days = _number(arg)
    return Pause(days) if days is not None else None


_PARSERS: dict[str, Callable[[str], Action | None]] = {
    "help": lambda _: Plain.HELP,
    "support": lambda _: Plain.SUPPORT,
    "lesson": lambda _: Plain.LESSON,
    "reflect": lambda arg: Plain.SKIP_REFLECTION if arg == "skip" else Reflect(arg),
    "reflections": _reflections,
    "reflection": _reflection,
    "recap": Recap,
    "checkin": lambda arg: Checkin(slower=arg == "slower"),
    "script": Script,
    "scripts": _scripts,
    "triage": lambda arg: Triaged(_split(arg)[0], tuple(filter(None, _split(arg)[1].split(",")))),
    "flag": _flag,
    "status": Status,
    "withdraw": _withdraw,
    "flag-reply": ReplyToLead,
    "review": _review,
    "settings": _settings,
    "start": lambda _: Plain.START,
    "stop": lambda _: Plain.STOP,
    "pause": _pause,
    "snooze": lambda _: Plain.SNOOZE,
    "resume": lambda _: Plain.RESUME,
    "delete-data": lambda arg: DeleteData(confirmed=arg == "confirm"),
}


def parse_action(value: str) -> Action | None:
    """The action a button value (or a command word) stands for; None for one no release ever sent, which
    is answered "I don't recognise that button" and changes nothing."""
    name, arg = _split(value)
    read = _PARSERS.get(name)
    return read(arg) if read is not None else None


# actions of a reporter's own flag: their turns are never kept as owed replies (see bot.turns.handler)
_REPORTER_FLAG_NAMES = frozenset({"flag", "status", "withdraw", "flag-reply"})


def about_a_reporters_flag(value: str | None) -> bool:
    """Whether a button value belongs to a reporter's flag journey: writing, checking or answering on one."""
    return _split(value or "")[0] in _REPORTER_FLAG_NAMES
