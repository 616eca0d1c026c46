"""``turn(TurnInput) -> TurnOutput``: what a message means, handed to the one flow that answers it.

Nothing here touches storage, the clock or the network: the bot loads the person and their dialogue state,
calls :func:`turn`, runs the returned effects in one transaction, and renders each effect's result with
:func:`bot.dialogue.results.after`. A message is read in this order: safety first (on every free-text
message, by :mod:`bot.understanding.triage`: someone who may be at risk gets support and only support), then a
command word (exact, or ``script …``: these always work), then the answer a question is waiting for, then a
command with an argument, then a wish to flag, then feeling worn out, then what triage read
(:mod:`bot.dialogue.flows.triage`). Buttons are parsed by
:mod:`bot.dialogue.actions` and routed by their type.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.actions import Action, Plain
from bot.dialogue.flows import account, flag, learning, review, scripts, settings, sources, thanks, triage, welcome
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler, case_code, normalise, support_card
from bot.dialogue.model import NO_MODE, FlagStep, Mode, TurnInput, TurnOutput
from bot.dialogue.parsing import parse_action
from bot.dialogue.views import common
from bot.dialogue.views import flag as flag_views
from bot.dialogue.views import learning as learning_views
from bot.dialogue.views import review as review_views
from bot.dialogue.views import settings as settings_views
from bot.dialogue.views import thanks as thanks_views
from bot.dialogue.views import triage as triage_views
from bot.dialogue.views import welcome as welcome_views
from bot.domain.channel import PLATFORM_OPENED
from bot.domain.schedule import next_due, parse_timezone
from bot.domain.types import Reply

_WORN_OUT = re.compile(
    r"^\s*(?:honestly,?\s+|to be honest,?\s+)?(?:i'?m|i am|i feel|i'?ve been|i have been|feeling)\s+"
    r"(?:so\s+|really\s+|completely\s+|totally\s+|just\s+)?"
    r"(?:exhausted|overwhelmed|burnt out|burned out|stressed( out)?|drained|knackered|frazzled|done in|worn out)\b",
    re.IGNORECASE,
)
_FLAG_WISH = re.compile(
    r"\b(i\s+(?:want|need|would like|'d like)\s+to|can\s+i|how\s+(?:do|can)\s+i|let\s+me)\s+"
    r"(?:flag|report|raise)\b|^(?:flag|report)\b",
    re.IGNORECASE,
)

_ACTIONS: dict[ActionKey, ActionHandler] = {
    **welcome.ACTIONS,
    **learning.ACTIONS,
    **scripts.ACTIONS,
    **flag.ACTIONS,
    **review.ACTIONS,
    **settings.ACTIONS,
    **account.ACTIONS,
    **triage.ACTIONS,
    **sources.ACTIONS,
    **thanks.ACTIONS,
}
# what free text means while a question is waiting for its answer
_TEXT_MODES: dict[Mode, TextHandler] = {
    **learning.TEXT_MODES,
    Mode.SCRIPT: triage.described,
    **flag.TEXT_MODES,
    **review.TEXT_MODES,
    **settings.TEXT_MODES,
    **thanks.TEXT_MODES,
}

_CANCEL_WORDS = frozenset({"cancel", "skip"})  # answered by what is waiting, so not in _COMMANDS
# command words typed on their own, as the buttons they stand for
_COMMANDS: dict[str, Action] = {
    **dict.fromkeys(("help", "?", "menu", "hi", "hello", "hey", "options"), Plain.HELP),
    **dict.fromkeys(("lesson", "today", "today's lesson", "todays lesson"), Plain.LESSON),
    **dict.fromkeys(("reflect", "reflection"), act.Reflect()),
    **dict.fromkeys(("reflections", "my reflections"), Plain.MY_REFLECTIONS),
    **dict.fromkeys(("script", "words"), act.Script()),
    "scripts": Plain.ALL_SCRIPTS,
    "flag": Plain.FLAG_START,
    **dict.fromkeys(("report", "report it", "report something"), Plain.REPORT),
    "review": Plain.REVIEW,
    **dict.fromkeys(("summary", "monthly summary"), Plain.REVIEW_SUMMARY),
    **dict.fromkeys(("dashboard", "lead dashboard"), Plain.DASHBOARD),
    **dict.fromkeys(("settings", "setting"), Plain.SETTINGS),
    **dict.fromkeys(("start", "subscribe"), Plain.START),
    "pause": act.Pause(),
    "snooze": Plain.SNOOZE,
    **dict.fromkeys(("resume", "unpause"), Plain.RESUME),
    **dict.fromkeys(("stop", "unsubscribe"), Plain.STOP),
    **dict.fromkeys(("delete my data", "delete me", "forget me"), act.DeleteData()),
    **dict.fromkeys(("my data", "what do you hold about me", "download my data"), Plain.MY_DATA),
    "status": act.Status(),
    **dict.fromkeys(("sources", "source", "references", "evidence", "where is this from"), act.Sources()),
    **dict.fromkeys(("support", "i need support", "i need help"), Plain.SUPPORT),
}
# every word that is a command on its own: their triage readings are worth remembering (World.build)
COMMAND_WORDS = frozenset(_COMMANDS) | _CANCEL_WORDS


def turn(inp: TurnInput) -> TurnOutput:
    prefix: list[Reply] = []
    if inp.question_expired:  # a question left unanswered for hours no longer captures free text
        if inp.state.mode is Mode.FLAG:
            prefix.append(flag_views.flag_expired())
        inp = replace(inp, person=replace(inp.person, state={}))
    out = _turn(inp, prefix)
    if out.state.mode is not None:
        out.state = replace(out.state, at=inp.now)
    _heard_from(inp, out)
    _follow_platform_zone(inp, out)
    sources.remember_shown(inp, out)
    return out


def _follow_platform_zone(inp: TurnInput, out: TurnOutput) -> None:
    """The platform's time zone for someone who has not chosen one (they may have moved, or travelled)."""
    person = inp.person
    hint = parse_timezone(inp.incoming.timezone) if inp.incoming.timezone else None
    if hint and hint != person.timezone and not person.timezone_chosen and "timezone" not in out.person_changes:
        settings.reschedule(inp, out, timezone=hint)


def _heard_from(inp: TurnInput, out: TurnOutput) -> None:
    """They wrote to us: nudges are answered again, and the platform can evidently reach them."""
    person = inp.person
    if person.unanswered or person.checkin_sent:
        out.person_changes.update(unanswered=0, checkin_sent=False)
    if not person.reachable:
        out.person_changes["reachable"] = True
        if person.subscribed and "next_due_at" not in out.person_changes:
            out.person_changes["next_due_at"] = next_due(inp.schedule, inp.now)


def _turn(inp: TurnInput, prefix: list[Reply]) -> TurnOutput:
    out = TurnOutput(state=inp.state)
    incoming = inp.incoming
    if incoming.text is not None:
        text = incoming.text.strip()
        reading = inp.reading
        # an exact command word ("stop", "pause") is no sign of risk unless the phrase screen says so
        words = normalise(text)
        command = words in _COMMANDS or words in _CANCEL_WORDS
        at_risk = reading is not None and reading.route == "support" and (not command or bool(reading.screened))
        if at_risk:  # safety first, on every free-text message, before anything else
            prefix.append(support_card(inp))
        elif reading is not None and reading.route == "domestic-abuse" and inp.state.mode is not None:
            prefix.append(triage_views.harmed_at_home(inp.world.home_signposts))  # an answer that tells of harm
        if inp.person.is_new:
            prefix.append(welcome_views.welcome(inp.world.org, bool(inp.led_units)))
        if not text:
            out.replies = prefix or [common.empty_message()]
            return out
        if len(text) > common.MAX_MESSAGE_CHARS:
            out.replies = [*prefix, common.too_long(len(text))]
            return out
        if at_risk and inp.state.mode is None:
            out.replies = prefix  # support, and only support: no script, no "were you asking about"
            return out
        _on_text(inp, out, text, words)
    else:
        _read_form(inp, prefix)
        if inp.person.is_new:
            prefix.append(welcome_views.welcome(inp.world.org, bool(inp.led_units)))
        if incoming.action == PLATFORM_OPENED:
            out.replies = prefix  # the welcome for someone new; nothing at all for anyone else
            return out
        _on_action(inp, out, parse_action(incoming.action or ""))
    out.replies = prefix if prefix and out.generic else prefix + out.replies
    return out


def _read_form(inp: TurnInput, prefix: list[Reply]) -> None:
    """A submitted form's words are triaged too: support (or routes for harm at home) comes first, and the
    form is still handled, so nothing written is lost."""
    reading = inp.reading
    if reading is not None and reading.route == "support":
        prefix.append(support_card(inp))
    elif reading is not None and reading.route == "domestic-abuse":
        prefix.append(triage_views.harmed_at_home(inp.world.home_signposts))


def _on_action(inp: TurnInput, out: TurnOutput, action: Action | None) -> None:
    # the key a handler is registered under (common.action_key, spelt out: this runs on every button press)
    handle = None if action is None else _ACTIONS.get(action if isinstance(action, Plain) else type(action))
    if action is None or handle is None:
        out.replies.append(common.unknown_button())
        return
    handle(inp, out, action)


# --- free text ------------------------------------------------------------------------------------------


def _on_text(inp: TurnInput, out: TurnOutput, text: str, words: str) -> None:
    """Command words first (they always work, whatever is waiting), then the answer a question waits for,
    then what triage read. ``words`` is ``text`` normalised."""
    if words in _CANCEL_WORDS:
        _cancel_or_skip(inp, out, words)
        return
    if words in _COMMANDS:
        _on_action(inp, out, _COMMANDS[words])
        return
    if words.startswith("script "):  # typed, sent as /kinship script …, or from the shortcut's form
        triage.described(inp, out, text.strip()[len("script") :].strip())
        return
    answer = _TEXT_MODES.get(inp.state.mode) if inp.state.mode is not None else None
    if answer is not None:  # an answer being waited for wins over anything but a command
        answer(inp, out, text)
    elif _on_command_with_argument(inp, out, text, words) or thanks.recognised(inp, out, text):
        return  # a command with its argument, or a thank-you to a colleague
    elif inp.reading is not None and inp.reading.route == "domestic-abuse" and _FLAG_WISH.search(text):
        triage.free_text(inp, out, text)  # "how do I report him, he hit me": the routes for harm at home
    elif wish := _FLAG_WISH.search(text):
        if "report" in wish.group(0).lower():  # formal routes first: a flag is not a report
            flag.report_routes(inp, out)
        else:
            flag.start(inp, out)
    elif _WORN_OUT.search(text):  # about themselves, not a colleague: routes for them, not a script
        out.replies.append(welcome_views.support_routes(inp.world.signposts, worn_out=True))
    else:
        triage.free_text(inp, out, text)


# what cancel says, by the question it cancels
_CANCELLED: dict[Mode, Callable[[], Reply]] = {
    Mode.FLAG: flag_views.flag_cancelled,
    Mode.LEAD_REPLY: review_views.nothing_added,
    Mode.LEAD_NOTE: review_views.nothing_added,
    Mode.REPORTER_REPLY: flag_views.reply_not_sent,
    Mode.REFLECT: learning_views.reflection_skipped,
    Mode.THANKS: thanks_views.not_sent,
}


def _cancel_or_skip(inp: TurnInput, out: TurnOutput, command: str) -> None:
    state = inp.state
    if command == "skip" and state.mode is Mode.FLAG and state.step is FlagStep.DESCRIPTION:
        _on_action(inp, out, Plain.FLAG_SKIP_DESCRIPTION)
        return
    out.state = NO_MODE
    if state.mode is None:
        out.replies.append(common.nothing_to_cancel(bool(inp.led_units)))
        return
    out.replies.append(_CANCELLED.get(state.mode, settings_views.left_as_it_was)())


@dataclass(frozen=True)
class _Argument:
    """A command word with something after it: the rest normalised, and as typed (case and all)."""

    words: str
    rest: str
    typed: str


_ArgumentHandler = Callable[[TurnInput, TurnOutput, _Argument], bool]  # False: not a command after all


def _reply_typed(inp: TurnInput, out: TurnOutput, arg: _Argument) -> bool:
    if not case_code(arg.typed):
        return False
    flag.reply_to_lead(inp, out, arg.typed)
    return True


def _time_typed(inp: TurnInput, out: TurnOutput, arg: _Argument) -> bool:
    """'time 7pm' (or 'set time 7pm'); 'time zone …' is the time zone."""
    if arg.rest.startswith("zone "):
        if not arg.words.startswith("time "):
            return False  # 'set zone …' means nothing
        settings.apply_setting(inp, out, settings.ZONE, arg.typed[len("zone ") :])
        return True
    settings.apply_setting(inp, out, settings.TIME, arg.rest.removeprefix("time ").strip())
    return True


def _delete_typed(inp: TurnInput, out: TurnOutput, arg: _Argument) -> bool:
    if not (arg.words.startswith("delete reflection ") and arg.words.split()[-1].isdigit()):
        return False
    out.effects.append(fx.ListReflections())  # show the list so they can press the right Delete button
    return True


def _then_true(handle: Callable[[TurnInput, TurnOutput, _Argument], None]) -> _ArgumentHandler:
    def handled(inp: TurnInput, out: TurnOutput, arg: _Argument) -> bool:
        handle(inp, out, arg)
        return True

    return handled


def _setting(setting: settings.Setting, text: Callable[[_Argument], str]) -> _ArgumentHandler:
    return _then_true(lambda inp, out, arg: settings.apply_setting(inp, out, setting, text(arg)))


_WITH_ARGUMENT: dict[str, _ArgumentHandler] = {
    "status": _then_true(lambda inp, out, arg: flag.status(inp, out, arg.typed)),
    "case": _then_true(lambda inp, out, arg: flag.status(inp, out, arg.typed)),
    "reply": _reply_typed,
    "withdraw": _then_true(lambda inp, out, arg: flag.withdraw_typed(inp, out, arg.typed)),
    "pause": _then_true(lambda inp, out, arg: account.pause_typed(inp, out, arg.rest)),
    "time": _time_typed,
    "set": _time_typed,
    "days": _setting(settings.DAYS, lambda arg: arg.rest),
    "quiet": _setting(settings.QUIET, lambda arg: arg.rest.removeprefix("hours ").strip()),
    "timezone": _setting(settings.ZONE, lambda arg: arg.typed),
    "tz": _setting(settings.ZONE, lambda arg: arg.typed),
    "delete": _delete_typed,
    "review": lambda inp, out, arg: review.review_typed(inp, out, arg.rest),  # a lead's page, unit, status…
    "open": lambda inp, out, arg: review.open_typed(inp, out, arg.rest),  # a lead's "open 6"
}


def _on_command_with_argument(inp: TurnInput, out: TurnOutput, text: str, words: str) -> bool:
    """'script …', 'status CODE', 'withdraw CODE', 'pause …', 'time 7pm', 'days …', 'timezone …', and for a
    lead 'review 2', 'review new', 'open 6'."""
    head, _, rest = words.partition(" ")
    handle = _WITH_ARGUMENT.get(head)
    if not rest or handle is None:
        return False
    return handle(inp, out, _Argument(words, rest, text.strip()[len(head) :].strip()))
