"""Button values (and command words typed on their own) read back into typed actions: :func:`parse_action`
reads every value an earlier release wrote (see :mod:`bot.dialogue.actions` for the wire contract)."""

from __future__ import annotations

from collections.abc import Callable

from bot.dialogue.actions import (
    Action,
    Checkin,
    DeleteAllReflections,
    DeleteData,
    DeleteReflection,
    FlagCategory,
    FlagDanger,
    FlagSend,
    FlagUnit,
    FlagUnrecognised,
    FlagWhen,
    OtherScripts,
    Pause,
    Plain,
    Recap,
    Reflect,
    ReplyToLead,
    ReviewFilters,
    ReviewList,
    ReviewMark,
    ReviewOpen,
    ReviewReply,
    ReviewUnrecognised,
    Script,
    SetDays,
    SetQuiet,
    SetTime,
    Sources,
    Status,
    ThanksBack,
    ThanksChoice,
    Triaged,
    Withdraw,
)


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
    "words": lambda _: Plain.FLAG_WORDS,
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


def _review_list(rest: str) -> Action | None:
    """``page[:unit[:category[:status]]]``; which unit, kind and status a lead may see is the flow's to check."""
    page, *narrowing = rest.split(":")
    number = _number(page) if len(page) <= 6 else None
    if number is None or len(narrowing) > 3:
        return None
    return ReviewList(number, *narrowing)


def _review_filters(rest: str) -> Action | None:
    narrowing = rest.split(":") if rest else []
    return ReviewFilters(*narrowing) if len(narrowing) <= 3 else None


def _review_item(verb: str, rest: str) -> Action | None:
    """A button about one flag: open it, reply on it, mark it."""
    if verb in {"open", "reply"} and (ident := _number(rest)) is not None:
        return ReviewOpen(ident) if verb == "open" else ReviewReply(ident)
    if verb == "mark":
        ident_text, status = _split(rest)
        ident = _number(ident_text)
        if ident is not None and status in {"seen", "action-taken"}:
            return ReviewMark(ident, status)
    return None


def _review(arg: str) -> Action:
    if not arg:
        return Plain.REVIEW
    verb, rest = _split(arg)
    if verb == "summary":
        return Plain.REVIEW_SUMMARY
    if verb == "list":
        action = _review_list(rest)
    elif verb == "filter":
        action = _review_filters(rest)
    else:
        action = _review_item(verb, rest)
    return action if action is not None else ReviewUnrecognised(arg)


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


def _thanks(step: str, value: str) -> Action | None:
    if step == "back":
        ident = _number(value)
        return ThanksBack(ident) if ident is not None else None
    return ThanksChoice(step, value) if step else None


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
    "recap": lambda arg: Recap(tuple(arg.split(","))),
    "sources": Sources,
    "checkin": lambda arg: Checkin(slower=arg == "slower"),
    "script": Script,
    "scripts": _scripts,
    "triage": lambda arg: Triaged(_split(arg)[0], tuple(filter(None, _split(arg)[1].split(",")))),
    "flag": _flag,
    "report": lambda _: Plain.REPORT,
    "status": Status,
    "withdraw": _withdraw,
    "flag-reply": ReplyToLead,
    "review": _review,
    "dashboard": lambda _: Plain.DASHBOARD,
    "settings": _settings,
    "start": lambda _: Plain.START,
    "stop": lambda _: Plain.STOP,
    "pause": _pause,
    "snooze": lambda _: Plain.SNOOZE,
    "resume": lambda _: Plain.RESUME,
    "delete-data": lambda arg: DeleteData(confirmed=arg == "confirm"),
    "my-data": lambda _: Plain.MY_DATA,
    "thanks": lambda arg: _thanks(*_split(arg)),
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
