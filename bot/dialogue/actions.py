"""Every button value, as a typed action, and its encoding for the wire (parsed back in
:mod:`bot.dialogue.parsing`).

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
    REPORT = "report"  # "report" typed: formal routes first, a flag among them
    FLAG_FORM_SUBMITTED = "flag:form"
    FLAG_CANCEL = "flag:cancel"
    FLAG_SKIP_DESCRIPTION = "flag:desc:skip"
    FLAG_EDIT = "flag:edit"
    FLAG_WORDS = "flag:words"  # words written in a one-field form (a case code, a reply), not into the chat
    REVIEW = "review"
    REVIEW_SUMMARY = "review:summary"
    DASHBOARD = "dashboard"  # a lead asks for a sign-in link to the lead dashboard
    SETTINGS = "settings"
    SET_TIMEZONE = "settings:tz"
    START = "start"
    STOP = "stop"
    SNOOZE = "snooze"
    RESUME = "resume"
    MY_DATA = "my-data"  # a copy of everything Kinship holds about them


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
    """The answers to a look-back's questions (one lesson, or a day's few)."""

    lesson_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sources:
    """Where something shown comes from: ``item`` is "lesson:<id>" or "script:<id>"; empty for the last thing
    shown."""

    item: str = ""


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
class ReviewList:
    """A page of a lead's flags, newest first, narrowed to one of their units, one kind (a situation id) or one
    status; an empty field matches everything. The flow lists only within the lead's own units."""

    page: int = 1
    unit: str = ""
    category: str = ""
    status: str = ""


@dataclass(frozen=True, slots=True)
class ReviewFilters:
    """The ways to narrow a lead's list, from the narrowing now shown."""

    unit: str = ""
    category: str = ""
    status: str = ""


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


@dataclass(frozen=True, slots=True)
class ThanksChoice:
    """A step of a thank-you being written: ``go``, ``sign`` (``name`` or ``anon``), ``copy``, ``unit`` (an
    id), ``nocopy``, ``send``, ``cancel``; the flow checks the step and the value."""

    step: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class ThanksBack:
    """The person thanked says thank you back, once."""

    thanks_id: int


Action = (
    Plain
    | Reflect
    | DeleteAllReflections
    | DeleteReflection
    | Recap
    | Sources
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
    | ReviewList
    | ReviewFilters
    | ReviewUnrecognised
    | SetTime
    | SetDays
    | SetQuiet
    | Pause
    | DeleteData
    | ThanksChoice
    | ThanksBack
)


def _with(name: str, arg: str) -> str:
    return f"{name}:{arg}" if arg else name


def _fields(*parts: str) -> str:
    """Colon-separated, without the empty fields at the end (``review:list:2``, ``review:list:1::x:new``)."""
    return ":".join(parts).rstrip(":")


# the values of actions that carry something; each lambda is given an action of its key's type
_CARRYING: dict[type, Callable[[Any], str]] = {
    Reflect: lambda a: _with("reflect", a.prompt_id),
    DeleteAllReflections: lambda a: "reflections:delete-all:confirm" if a.confirmed else "reflections:delete-all",
    DeleteReflection: lambda a: f"reflection:delete:{a.reflection_id}",
    Recap: lambda a: "recap:" + ",".join(a.lesson_ids),
    Sources: lambda a: _with("sources", a.item),
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
    ReviewList: lambda a: "review:list:" + _fields(str(a.page), a.unit, a.category, a.status),
    ReviewFilters: lambda a: _with("review:filter", _fields(a.unit, a.category, a.status)),
    ReviewUnrecognised: lambda a: f"review:{a.tail}",
    SetTime: lambda a: _with("settings:time", a.value),
    SetDays: lambda a: _with("settings:days", a.value),
    SetQuiet: lambda a: _with("settings:quiet", a.value),
    Pause: lambda a: "pause" if a.days is None else f"pause:{a.days}",
    DeleteData: lambda a: "delete-data:confirm" if a.confirmed else "delete-data",
    ThanksChoice: lambda a: "thanks:" + _fields(a.step, a.value),
    ThanksBack: lambda a: f"thanks:back:{a.thanks_id}",
}


def encode(action: Action) -> str:
    """The button value for ``action``: exactly the string every earlier release sent."""
    return action.value if isinstance(action, Plain) else _CARRYING[type(action)](action)


def buttons(*choices: tuple[str, Action] | tuple[str, Action, Literal["primary", "danger"]]) -> tuple[Button, ...]:
    """A reply's buttons from ``(label, action[, style])``, all encoded in one call."""
    return tuple(Button(label, encode(action), *style) for label, action, *style in choices)
