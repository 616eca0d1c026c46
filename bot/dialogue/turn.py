"""Pure turn logic: ``turn(TurnInput) -> TurnOutput``, and ``after(effect, result)`` for database results.

Nothing here touches storage, the clock or the network: the bot loads the person and their dialogue
state, calls :func:`turn`, runs the returned effects in one transaction, and renders each effect's result
with :func:`after`. That keeps every conversation testable as plain data, and lets any adapter use it.

Dialogue state is a small JSON-able dict: ``mode`` (what free text means next) and the fields that mode
needs. It never holds anything that identifies a reporter beyond the person's own row, and an in-progress
flag leaves it as soon as the flag is sent or cancelled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.dialogue import effects as fx
from bot.dialogue import flag_views, views
from bot.domain.channel import PLATFORM_OPENED
from bot.domain.content import Content, Signpost
from bot.domain.org import Organisation
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
from bot.domain.summary import summarise
from bot.domain.types import Incoming, Reply
from bot.understanding.privacy import redact
from bot.understanding.safety import needs_support
from bot.understanding.scripts import ScriptMatcher

FOLLOW_UP_DAYS = 90
MODE_LIFETIME = timedelta(hours=2)  # how long a question (a reflection, a flag step, a setting) waits
MAX_PAUSE_DAYS = 365
_CODE = re.compile(r"\b([A-Z2-9]{8})\b")
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


@dataclass(frozen=True)
class World:
    """What every turn reads and no turn changes: content, the organisation, the script matcher."""

    content: Content
    org: Organisation
    matcher: ScriptMatcher
    signposts: tuple[Signpost, ...]

    @classmethod
    def build(cls, content: Content, org: Organisation) -> World:
        return cls(content, org, ScriptMatcher(content.scripts), org.merged_signposts(content.signposts))


@dataclass(frozen=True)
class TurnInput:
    incoming: Incoming
    person: PersonRecord
    now: datetime
    world: World

    @property
    def state(self) -> Mapping[str, Any]:
        return self.person.state

    @property
    def led_units(self) -> tuple[str, ...]:
        address = self.incoming.address
        return self.world.org.units_led_by(address.platform, address.user)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.person.timezone)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    @property
    def schedule(self) -> Schedule:
        return self.person.schedule


@dataclass
class TurnOutput:
    state: dict[str, Any]
    replies: list[Reply] = field(default_factory=list)
    effects: list[fx.Effect] = field(default_factory=list)
    person_changes: dict[str, Any] = field(default_factory=dict)
    generic: bool = False  # the replies are only the menu or a "not understood": a welcome can replace them


# --- entry point ----------------------------------------------------------------------------------------


def turn(inp: TurnInput) -> TurnOutput:
    prefix: list[Reply] = []
    if _expired(inp.state, inp.now):  # a question left unanswered for hours no longer captures free text
        if inp.state.get("mode") == "flag":
            prefix.append(views.flag_expired())
        inp = replace(inp, person=replace(inp.person, state={}))
    out = _turn(inp, prefix)
    if out.state.get("mode"):
        out.state["at"] = inp.now.isoformat()
    _heard_from(inp, out)
    _follow_platform_zone(inp, out)
    return out


def _follow_platform_zone(inp: TurnInput, out: TurnOutput) -> None:
    """The platform's time zone for someone who has not chosen one (they may have moved, or travelled)."""
    person = inp.person
    hint = parse_timezone(inp.incoming.timezone) if inp.incoming.timezone else None
    if hint and hint != person.timezone and not person.timezone_chosen and "timezone" not in out.person_changes:
        _reschedule(inp, out, timezone=hint)


def _heard_from(inp: TurnInput, out: TurnOutput) -> None:
    """They wrote to us: nudges are answered again, and the platform can evidently reach them."""
    person = inp.person
    if person.unanswered or person.checkin_sent:
        out.person_changes.update(unanswered=0, checkin_sent=False)
    if not person.reachable:
        out.person_changes["reachable"] = True
        if person.subscribed and "next_due_at" not in out.person_changes:
            out.person_changes["next_due_at"] = next_due(inp.schedule, inp.now)


def _expired(state: Mapping[str, Any], now: datetime) -> bool:
    if not state.get("mode"):
        return False
    try:
        since = datetime.fromisoformat(str(state.get("at")))
    except ValueError:
        return True
    return now - since > MODE_LIFETIME


def _turn(inp: TurnInput, prefix: list[Reply]) -> TurnOutput:
    out = TurnOutput(state=dict(inp.state))
    incoming = inp.incoming
    if incoming.text is not None:
        text = incoming.text.strip()
        if text and needs_support(text):  # safety first, on every free-text message, before anything else
            prefix.append(views.support(inp.world.signposts))
        if inp.person.is_new:
            prefix.append(views.welcome(inp.world.org))
        if not text:
            out.replies = prefix or [views.empty_message()]
            return out
        if len(text) > views.MAX_MESSAGE_CHARS:
            out.replies = [*prefix, views.too_long(len(text))]
            return out
        _on_text(inp, out, text)
    else:
        if inp.person.is_new:
            prefix.append(views.welcome(inp.world.org))
        if incoming.action == PLATFORM_OPENED:
            out.replies = prefix  # the welcome for someone new; nothing at all for anyone else
            return out
        _on_action(inp, out, incoming.action or "")
    out.replies = prefix if prefix and out.generic else prefix + out.replies
    return out


# --- free text ------------------------------------------------------------------------------------------

_COMMANDS: dict[str, str] = {
    "help": "help",
    "?": "help",
    "menu": "help",
    "hi": "help",
    "hello": "help",
    "hey": "help",
    "options": "help",
    "lesson": "lesson",
    "today": "lesson",
    "today's lesson": "lesson",
    "todays lesson": "lesson",
    "reflect": "reflect",
    "reflection": "reflect",
    "reflections": "reflections",
    "my reflections": "reflections",
    "script": "script",
    "scripts": "scripts:all",
    "words": "script",
    "flag": "flag",
    "report": "flag",
    "review": "review",
    "summary": "review:summary",
    "monthly summary": "review:summary",
    "settings": "settings",
    "setting": "settings",
    "start": "start",
    "subscribe": "start",
    "pause": "pause",
    "snooze": "snooze",
    "resume": "resume",
    "unpause": "resume",
    "stop": "stop",
    "unsubscribe": "stop",
    "delete my data": "delete-data",
    "delete me": "delete-data",
    "forget me": "delete-data",
    "status": "status",
    "support": "support",
    "i need support": "support",
    "i need help": "support",
    "cancel": "cancel",
    "skip": "skip",
}


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").strip(" .!?").split())


def _on_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    words = _normalise(text)
    mode = inp.state.get("mode")
    if words in _COMMANDS:
        command = _COMMANDS[words]
        if command in {"cancel", "skip"}:
            _cancel_or_skip(inp, out, command)
            return
        _on_action(inp, out, command)
        return
    handler = _TEXT_MODES.get(str(mode))
    if handler is not None:  # an answer being waited for wins over anything but an exact command word
        handler(inp, out, text)
        return
    if _on_command_with_argument(inp, out, text, words):
        return
    if _FLAG_WISH.search(text):
        _start_flag(inp, out)
        return
    if _WORN_OUT.search(text):  # about themselves, not a colleague: routes for them, not a script
        out.replies.append(views.support_routes(inp.world.signposts, worn_out=True))
        return
    _show_best_scripts(inp, out, text, confident_only=True)


def _on_command_with_argument(inp: TurnInput, out: TurnOutput, text: str, words: str) -> bool:
    """'script …', 'status CODE', 'withdraw CODE', 'pause …', 'time 7pm', 'days …', 'timezone …'."""
    head, _, rest = words.partition(" ")
    if not rest:
        return False
    original_rest = text.strip()[len(head) :].strip()  # the argument as typed, case and all
    if head == "script":
        out.state = {}
        _show_best_scripts(inp, out, original_rest, confident_only=False)
    elif head in {"status", "case"}:
        out.state = {}
        _status(out, original_rest)
    elif head == "reply" and _case_code(original_rest):
        _reporter_reply(inp, out, original_rest)
    elif head == "withdraw":
        code = _case_code(original_rest)
        out.replies.append(views.confirm_withdraw(code) if code else views.ask_case_code())
    elif head == "pause":
        _pause_text(inp, out, rest)
    elif head in {"time", "set"} and not rest.startswith("zone "):
        _set_time_text(inp, out, rest.removeprefix("time ").strip())
    elif head == "days":
        _set_days_text(inp, out, rest)
    elif head == "quiet" or words.startswith("quiet hours "):
        _set_quiet_text(inp, out, rest.removeprefix("hours ").strip())
    elif head in {"timezone", "tz"}:
        _set_timezone_text(inp, out, original_rest)
    elif head == "time" and rest.startswith("zone "):
        _set_timezone_text(inp, out, original_rest[len("zone ") :])
    elif words.startswith("delete reflection ") and words.split()[-1].isdigit():
        out.effects.append(fx.ListReflections())  # show the list so they can press the right Delete button
    else:
        return False
    return True


def _cancel_or_skip(inp: TurnInput, out: TurnOutput, command: str) -> None:
    mode = inp.state.get("mode")
    if command == "skip" and mode == "flag" and inp.state.get("step") == "description":
        _flag(inp, out, "desc:skip")
        return
    out.state = {}
    if mode == "flag":
        out.replies.append(views.flag_cancelled())
    elif mode in {"lead-reply", "lead-note"}:
        out.replies.append(Reply(text="OK, nothing was added.", buttons=(flag_views.REVIEW, views.HELP)))
    elif mode == "reporter-reply":
        out.replies.append(Reply(text="OK, nothing was sent.", buttons=(views.HELP,)))
    elif mode == "reflect":
        out.replies.append(views.reflection_skipped())
    elif mode:
        out.replies.append(Reply(text="OK, left as it was.", buttons=(views.SETTINGS, views.HELP)))
    else:
        out.replies.append(
            Reply(
                text="There's nothing to cancel. What would you like to do?",
                buttons=views.menu_buttons(bool(inp.led_units)),
            )
        )


def _show_best_scripts(inp: TurnInput, out: TurnOutput, text: str, *, confident_only: bool) -> None:
    matcher = inp.world.matcher
    ranked = matcher.confident(text) if confident_only else matcher.match(text)
    scripts = inp.world.content.scripts
    if ranked:
        out.state = {}
        out.replies.append(views.script(scripts[ranked[0]], ranked[1:4], inp.world.org))
        return
    if confident_only:
        out.generic = True
        suggestions = [scripts[sid] for sid in matcher.match(text)[:1]]
        out.replies.append(views.not_understood(suggestions, bool(inp.led_units)))
        return
    out.replies.append(views.script_choices(scripts.values(), "I couldn't match that, sorry. Which is closest?"))


def _reflection_answer(inp: TurnInput, out: TurnOutput, text: str) -> None:
    prompt_id = str(inp.state.get("prompt_id", ""))
    out.state = {}
    out.effects.append(fx.SaveReflection(prompt_id, text))


def _script_description(inp: TurnInput, out: TurnOutput, text: str) -> None:
    out.state = {}
    _show_best_scripts(inp, out, text, confident_only=False)


def _flag_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    step = inp.state.get("step")
    if step == "description":
        draft = dict(inp.state.get("draft", {}))
        draft["description"] = redact(text)  # the raw words are never stored, not even in dialogue state
        out.state = {"mode": "flag", "step": "preview", "draft": draft}
        out.replies.append(views.flag_preview(draft, inp.world.content, inp.world.org))
        return
    out.replies.append(Reply(text="Please choose one of the options below, or type cancel.", private=True))
    out.replies.append(_flag_step_reply(inp, str(step)))


def _status_code_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    out.state = {}
    _status(out, text)


# --- actions (buttons, and command words typed on their own) -------------------------------------------


def _on_action(inp: TurnInput, out: TurnOutput, action: str) -> None:
    name, _, arg = action.partition(":")
    handler = _ACTIONS.get(name)
    if handler is None:
        out.replies.append(views.unknown_button())
        return
    handler(inp, out, arg)


def _help(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    out.generic = True
    out.replies.append(views.help_reply(bool(inp.led_units)))


def _support(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    out.replies.append(views.support_routes(inp.world.signposts))


def _lesson(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    lessons = inp.world.content.lessons
    person = inp.person
    current = inp.world.content.lesson_position(person.last_lesson_id or "")
    if person.last_lesson_on == inp.today and current >= 0:
        chosen = lessons[current]
    else:
        chosen = lessons[person.lesson_position % len(lessons)]
        out.person_changes.update(
            lesson_position=person.lesson_position + 1, last_lesson_id=chosen.id, last_lesson_on=inp.today
        )
    out.state = {}
    out.replies.append(views.lesson(chosen, inp.world.content, person.subscribed))


def _reflect(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    prompts = inp.world.content.prompts
    if arg == "skip":
        if inp.state.get("mode") != "reflect":
            out.replies.append(views.stale_button())
            return
        out.state = {}
        out.replies.append(views.reflection_skipped())
        return
    chosen = prompts.get(arg)
    if chosen is None:  # today's lesson's question if they read it today, else the question of the day
        last = inp.world.content.lesson_position(inp.person.last_lesson_id or "")
        if last >= 0 and inp.person.last_lesson_on == inp.today:
            chosen = prompts[inp.world.content.lessons[last].prompts[0]]
        else:
            chosen = list(prompts.values())[inp.today.toordinal() % len(prompts)]
    ids = list(prompts)
    following = ids[(ids.index(chosen.id) + 1) % len(ids)]
    out.state = {"mode": "reflect", "prompt_id": chosen.id}
    out.replies.append(views.prompt(chosen, following))


def _reflections(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    if arg == "delete-all":
        out.replies.append(views.confirm_delete_reflections())
    elif arg == "delete-all:confirm":
        out.effects.append(fx.DeleteAllReflections())
    else:
        out.effects.append(fx.ListReflections())
    out.state = {}


def _reflection(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    verb, _, ident = arg.partition(":")
    if verb != "delete" or not ident.isdigit():
        out.replies.append(views.unknown_button())
        return
    out.effects.append(fx.DeleteReflection(int(ident)))


def _script(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    scripts = inp.world.content.scripts
    if not arg:
        out.state = {"mode": "script"}
        out.replies.append(views.ask_situation())
        return
    chosen = scripts.get(arg)
    if chosen is None:
        out.replies.append(views.stale_button())
        out.replies.append(views.ask_situation())
        out.state = {"mode": "script"}
        return
    out.state = {}
    others = [sid for sid in scripts if sid != arg][:3]
    out.replies.append(views.script(chosen, others, inp.world.org))


def _scripts(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    scripts = inp.world.content.scripts
    out.state = {}
    if arg.startswith("others:"):
        ids = [sid for sid in arg.removeprefix("others:").split(",") if sid in scripts]
        if ids:
            chosen = [scripts[sid] for sid in ids]
            reply = views.script_choices(chosen, "Here are some others that might fit better:")
            out.replies.append(
                Reply(
                    text=reply.text,
                    buttons=(*reply.buttons[:-1], views.Button("See every situation", "scripts:all"), views.HELP),
                )
            )
            return
    out.replies.append(views.script_choices(scripts.values(), "Which is closest to what happened?"))


# flags ---------------------------------------------------------------------------------------------------


def _start_flag(inp: TurnInput, out: TurnOutput, category: str | None = None) -> None:
    draft: dict[str, str] = {}
    if category:
        draft["category"] = category
        out.state = {"mode": "flag", "step": "unit", "draft": draft}
        out.replies.append(Reply(text=f"Flagging: {views.category_title(inp.world.content, category)}.", private=True))
        out.replies.append(views.flag_ask_unit(inp.world.org))
        return
    out.state = {"mode": "flag", "step": "category", "draft": draft}
    out.replies.append(views.flag_intro_and_category(inp.world.content, inp.world.org))


def _flag_step_reply(inp: TurnInput, step: str) -> Reply:
    world = inp.world
    if step == "unit":
        return views.flag_ask_unit(world.org)
    if step == "when":
        return views.flag_ask_when()
    if step == "danger":
        return views.flag_ask_danger()
    if step == "description":
        return views.flag_ask_description()
    if step == "preview":
        return views.flag_preview(inp.state.get("draft", {}), world.content, world.org)
    return views.flag_intro_and_category(world.content, world.org)


def _flag(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    world = inp.world
    verb, _, value = arg.partition(":")
    in_flag = inp.state.get("mode") == "flag"
    step = str(inp.state.get("step", ""))
    draft = dict(inp.state.get("draft", {})) if in_flag else {}
    if not arg:
        _start_flag(inp, out)
        return
    if verb == "cat" and (value in world.content.scripts or value == views.SOMETHING_ELSE):
        if in_flag and step != "category":
            out.replies += [views.stale_button(), _flag_step_reply(inp, step)]
            return
        _start_flag(inp, out, value)
        return
    if verb == "form":
        _flag_form_submitted(inp, out)
        return
    if not in_flag:
        out.replies += [views.stale_button(), views.help_reply(bool(inp.led_units))]
        return
    if verb == "cancel":
        out.state = {}
        out.replies.append(views.flag_cancelled())
        return
    expected = {
        "unit": "unit",
        "when": "when",
        "danger": "danger",
        "desc": "description",
        "send": "preview",
        "edit": "preview",
    }.get(verb)
    if expected is None:
        out.replies.append(views.unknown_button())
        return
    if expected != step:
        out.replies += [views.stale_button(), _flag_step_reply(inp, step)]
        return
    if verb == "unit":
        if world.org.unit(value) is None:
            out.replies += [views.stale_button(), views.flag_ask_unit(world.org)]
            return
        draft["unit"] = value
        out.state = {"mode": "flag", "step": "when", "draft": draft}
        out.replies.append(views.flag_ask_when())
    elif verb == "when":
        if value not in views.OCCURRED:
            out.replies.append(views.unknown_button())
            return
        draft["occurred"] = value
        out.state = {"mode": "flag", "step": "danger", "draft": draft}
        out.replies.append(views.flag_ask_danger())
    elif verb == "danger":
        if value not in {"yes", "no"}:
            out.replies.append(views.unknown_button())
            return
        draft["danger"] = value
        out.state = {"mode": "flag", "step": "description", "draft": draft}
        if value == "yes":
            out.replies.append(views.flag_urgent(world.signposts))
        out.replies.append(views.flag_ask_description())
    elif verb == "desc":
        draft["description"] = ""
        out.state = {"mode": "flag", "step": "preview", "draft": draft}
        out.replies.append(views.flag_preview(draft, world.content, world.org))
    elif verb == "edit":
        out.state = {"mode": "flag", "step": "description", "draft": draft}
        out.replies.append(views.flag_ask_description())
    elif verb == "send":
        _submit_flag(inp, out, draft, wants_reply=value == "reply")


def _flag_form_submitted(inp: TurnInput, out: TurnOutput) -> None:
    """A whole form arrived at once (a modal or a card): check it, then show the same preview."""
    values = inp.incoming.values
    world = inp.world
    category = values.get("category", "")
    problems = []
    if category not in world.content.scripts and category != views.SOMETHING_ELSE:
        problems.append("what kind of thing happened")
    if world.org.unit(values.get("unit", "")) is None:
        problems.append("which unit")
    if values.get("occurred", "") not in views.OCCURRED:
        problems.append("roughly when")
    if values.get("danger", "") not in {"yes", "no"}:
        problems.append("whether anyone is in danger")
    if problems:
        out.replies.append(
            Reply(
                text="Please choose " + ", ".join(problems) + ", then try again.",
                form=views.flag_form(world.content, world.org),
                private=True,
            )
        )
        return
    description = values.get("description", "").strip()[: views.MAX_MESSAGE_CHARS]
    draft = {
        "category": category,
        "unit": values["unit"],
        "occurred": values["occurred"],
        "danger": values["danger"],
        "description": redact(description) if description else "",
    }
    out.state = {"mode": "flag", "step": "preview", "draft": draft}
    if draft["danger"] == "yes":
        out.replies.append(views.flag_urgent(world.signposts))
    out.replies.append(views.flag_preview(draft, world.content, world.org))


def _submit_flag(inp: TurnInput, out: TurnOutput, draft: Mapping[str, str], *, wants_reply: bool) -> None:
    org = inp.world.org
    zone = ZoneInfo(org.timezone)
    local_today = inp.now.astimezone(zone).date()
    if org.flag_release == "immediate":
        release_at = inp.now
    else:  # everything sent on one day is released together at 08:00 the next day
        release_at = datetime.combine(local_today + timedelta(days=1), time(8, 0), tzinfo=zone).astimezone(UTC)
    out.state = {}  # the draft leaves dialogue state the moment the flag is sent
    out.effects.append(
        fx.SubmitFlag(
            unit=draft["unit"],
            category=draft["category"],
            occurred=draft["occurred"],
            danger=draft.get("danger") == "yes",
            description=draft.get("description", ""),
            submitted_week=local_today - timedelta(days=local_today.weekday()),
            release_at=release_at,
            wants_reply=wants_reply,
            handle_expires_at=inp.now + timedelta(days=FOLLOW_UP_DAYS),
        )
    )


def _case_code(text: str) -> str:
    match = _CODE.search(text.upper().replace(" ", "").replace("-", "")) or _CODE.search(text.upper())
    return match.group(1) if match else ""


def _status(out: TurnOutput, text: str) -> None:
    code = _case_code(text)
    if not code:
        out.state = {"mode": "status"}
        out.replies.append(views.ask_case_code())
        return
    out.effects.append(fx.FlagStatus(code))


def _status_action(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    _status(out, arg)


def _withdraw(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    code, _, confirm = arg.partition(":")
    code = _case_code(code)
    if not code:
        out.replies.append(views.ask_case_code())
        out.state = {"mode": "status"}
        return
    if confirm == "confirm":
        out.effects.append(fx.WithdrawFlag(code))
    else:
        out.replies.append(views.confirm_withdraw(code))


def _review(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    units = inp.led_units
    out.state = {}
    if not units:
        out.replies.append(views.not_a_lead())
        return
    verb, _, rest = arg.partition(":")
    if not arg:
        out.effects.append(fx.ReviewFlags(units))
    elif verb == "open" and rest.isdigit():
        out.effects.append(fx.OpenFlag(int(rest), units))
    elif verb == "summary":
        month = inp.now.astimezone(ZoneInfo(inp.world.org.timezone)).date().replace(day=1)
        out.effects.append(fx.FlagSummary(units, month))
    elif verb == "reply" and rest.isdigit():
        out.state = {"mode": "lead-reply", "flag": int(rest)}
        out.replies.append(flag_views.ask_lead_reply())
    elif verb == "mark":
        ident, _, status = rest.partition(":")
        if ident.isdigit() and status in {"seen", "action-taken"}:
            out.effects.append(fx.MarkFlag(int(ident), units, status))
            if status == "action-taken":
                out.state = {"mode": "lead-note", "flag": int(ident)}
        else:
            out.replies.append(views.unknown_button())
    else:
        out.replies.append(views.unknown_button())


def _lead_reply_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    flag_id = int(inp.state.get("flag", 0))
    out.state = {}
    if not inp.led_units:
        out.replies.append(views.not_a_lead())
        return
    out.effects.append(fx.LeadReply(flag_id, inp.led_units, redact(text)))


def _lead_note_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    flag_id = int(inp.state.get("flag", 0))
    out.state = {}
    if not inp.led_units:
        out.replies.append(views.not_a_lead())
        return
    out.effects.append(fx.FlagNote(flag_id, inp.led_units, redact(text)))


def _reporter_reply(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    code = _case_code(arg)
    if not code:
        out.state = {"mode": "status"}
        out.replies.append(views.ask_case_code())
        return
    out.state = {"mode": "reporter-reply", "code": code}
    out.effects.append(fx.MayReply(code))  # asked for the words only if they can be passed on (see after)


def _reporter_reply_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    code = str(inp.state.get("code", ""))
    out.state = {}
    out.effects.append(fx.ReporterReply(code, redact(text)))


# settings ------------------------------------------------------------------------------------------------


def _reschedule(inp: TurnInput, out: TurnOutput, **changes: Any) -> Schedule:
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


def _settings(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    verb, _, value = arg.partition(":")
    if not arg:
        out.state = {}
        out.replies.append(views.settings(inp.person, inp.schedule))
    elif verb == "time" and value:
        _set_time_text(inp, out, value)
    elif verb == "time":
        out.state = {"mode": "settings-time"}
        out.replies.append(views.ask_time())
    elif verb == "days" and value:
        _set_days_text(inp, out, value.replace("-", " "))
    elif verb == "days":
        out.state = {"mode": "settings-days"}
        out.replies.append(views.ask_days())
    elif verb == "tz":
        out.state = {"mode": "settings-tz"}
        out.replies.append(views.ask_timezone(inp.person.timezone))
    elif verb == "quiet" and value:
        _set_quiet_text(inp, out, value)
    elif verb == "quiet":
        out.state = {"mode": "settings-quiet"}
        out.replies.append(views.ask_quiet())
    else:
        out.replies.append(views.unknown_button())


@dataclass(frozen=True)
class _Setting:
    """One schedule setting a person can type: how to read it, what to say when it can't be read."""

    mode: str
    parse: Callable[[str], dict[str, Any] | None]  # the person changes it makes, or None if unreadable
    refuse: Callable[[str], Reply]
    describe: Callable[[dict[str, Any]], str]


def _parse_quiet(text: str) -> dict[str, Any] | None:
    if _normalise(text) in {"off", "none", "no", "clear"}:
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


_TIME = _Setting(
    "settings-time", _only("nudge_time", parse_time), views.bad_time, lambda c: f"lessons at {c['nudge_time']:%H:%M}"
)
_DAYS = _Setting(
    "settings-days",
    _only("nudge_days", parse_days),
    views.bad_days,
    lambda c: f"lessons on {describe_days(c['nudge_days'])}",
)


def _parse_chosen_zone(text: str) -> dict[str, Any] | None:
    zone = parse_timezone(text)
    return {"timezone": zone, "timezone_chosen": True} if zone else None  # from now on, theirs to change


_ZONE = _Setting("settings-tz", _parse_chosen_zone, views.bad_timezone, lambda c: f"your time zone is {c['timezone']}")
_QUIET = _Setting("settings-quiet", _parse_quiet, views.bad_quiet, _describe_quiet)


def _apply_setting(inp: TurnInput, out: TurnOutput, setting: _Setting, text: str) -> None:
    changes = setting.parse(text)
    if changes is None:
        out.state = {"mode": setting.mode}  # ask again; nothing changes until it can be read
        out.replies.append(setting.refuse(text))
        return
    out.state = {}
    schedule = _reschedule(inp, out, **changes)
    summary = setting.describe(changes)
    if schedule.effective_time != schedule.at:
        summary += f" (your {schedule.at:%H:%M} lesson will come at {schedule.effective_time:%H:%M}, after quiet hours)"
    out.replies.append(views.schedule_changed(summary, inp.person.subscribed))


def _set_quiet_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    _apply_setting(inp, out, _QUIET, text)


def _set_time_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    _apply_setting(inp, out, _TIME, text)


def _set_days_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    _apply_setting(inp, out, _DAYS, text)


def _set_timezone_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    _apply_setting(inp, out, _ZONE, text)


def _start(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    schedule = _reschedule(inp, out, subscribed=True)
    out.replies.append(views.started(schedule, out.person_changes["next_due_at"]))


def _stop(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    _reschedule(inp, out, subscribed=False)
    out.replies.append(views.stopped())


def _pause(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    if not arg:
        out.state = {}
        out.replies.append(views.ask_pause())
        return
    if not arg.isdigit() or not 1 <= int(arg) <= MAX_PAUSE_DAYS:
        out.replies.append(views.unknown_button())
        return
    _pause_until(inp, out, inp.today + timedelta(days=int(arg) - 1))


def _pause_text(inp: TurnInput, out: TurnOutput, rest: str) -> None:
    """'pause for 5 days', 'pause 2 weeks', 'pause until 2026-12-24'."""
    rest = rest.strip()
    until: date | None = None
    m = re.fullmatch(r"(?:for\s+)?(\d{1,3})\s*(day|days|week|weeks)?", rest)
    if m:
        n = int(m.group(1)) * (7 if (m.group(2) or "").startswith("week") else 1)
        if 1 <= n <= MAX_PAUSE_DAYS:
            until = inp.today + timedelta(days=n - 1)
    else:
        m = re.fullmatch(r"(?:until|till|til)\s+(\d{4}-\d{2}-\d{2})", rest)
        if m:
            try:
                candidate = date.fromisoformat(m.group(1))
            except ValueError:
                candidate = None
            if candidate and inp.today <= candidate <= inp.today + timedelta(days=MAX_PAUSE_DAYS):
                until = candidate
    if until is None:
        out.replies.append(views.bad_pause(rest))
        return
    _pause_until(inp, out, until)


def _pause_until(inp: TurnInput, out: TurnOutput, until: date) -> None:
    out.state = {}
    _reschedule(inp, out, paused_until=until)
    out.replies.append(views.paused(until))


def _snooze(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    person = inp.person
    if not person.subscribed:
        out.replies.append(views.snoozed(inp.today, False))
        return
    due = person.next_due_at or next_due(inp.schedule, inp.now)
    skip_day = due.astimezone(inp.zone).date() if due else inp.today
    _reschedule(inp, out, paused_until=skip_day)
    out.replies.append(views.snoozed(skip_day, True))


def _resume(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    _reschedule(inp, out, paused_until=None)
    out.replies.append(views.resumed(inp.person.subscribed))


def _checkin(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    if arg == "slower":
        _apply_setting(inp, out, _DAYS, "mon wed fri")
    else:
        out.replies.append(views.carry_on())


def _recap(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    position = inp.world.content.lesson_position(arg)
    out.replies.append(views.recap_answer(inp.world.content.lessons[position] if position >= 0 else None))


def _delete_data(inp: TurnInput, out: TurnOutput, arg: str) -> None:
    out.state = {}
    if arg == "confirm":
        out.effects.append(fx.DeleteMyData())
    else:
        out.replies.append(views.confirm_delete_data())


_ACTIONS: dict[str, Callable[[TurnInput, TurnOutput, str], None]] = {
    "help": _help,
    "support": _support,
    "lesson": _lesson,
    "reflect": _reflect,
    "reflections": _reflections,
    "reflection": _reflection,
    "script": _script,
    "scripts": _scripts,
    "flag": _flag,
    "status": _status_action,
    "withdraw": _withdraw,
    "flag-reply": _reporter_reply,
    "review": _review,
    "settings": _settings,
    "start": _start,
    "stop": _stop,
    "pause": _pause,
    "snooze": _snooze,
    "resume": _resume,
    "delete-data": _delete_data,
    "checkin": _checkin,
    "recap": _recap,
}


# what free text means while a question is waiting for its answer
_TEXT_MODES: dict[str, Callable[[TurnInput, TurnOutput, str], None]] = {
    "reflect": _reflection_answer,
    "script": _script_description,
    "flag": _flag_text,
    "settings-time": _set_time_text,
    "settings-days": _set_days_text,
    "settings-tz": _set_timezone_text,
    "settings-quiet": _set_quiet_text,
    "status": _status_code_text,
    "lead-reply": _lead_reply_text,
    "lead-note": _lead_note_text,
    "reporter-reply": _reporter_reply_text,
}


# --- rendering database results -------------------------------------------------------------------------


def state_after(effect: fx.Effect, result: Any, state: Mapping[str, Any]) -> Mapping[str, Any]:
    """The conversation state once an effect's result is known. Pure, like :func:`after`: usually ``state`` as
    the turn set it; a reply that cannot be passed on leaves nothing waiting for the words."""
    if isinstance(effect, fx.MayReply) and not result:
        return {}
    return state


def after(effect: fx.Effect, result: Any, inp: TurnInput) -> list[Reply]:
    """Replies for an effect's result. Pure: ``result`` is whatever the bot's runner returned."""
    world = inp.world
    match effect:
        case fx.SaveReflection():
            return [views.reflection_saved()]
        case fx.ListReflections():
            items, total = result
            return [views.reflections(items, total, world.content, inp.zone)]
        case fx.DeleteReflection():
            return [views.reflection_deleted(bool(result))]
        case fx.DeleteAllReflections():
            return [views.reflections_deleted(int(result))]
        case fx.SubmitFlag():
            if isinstance(result, int):  # the reporter's daily allowance is used up: nothing was kept
                return [flag_views.flag_limit_reached(result, world.signposts)]
            return [views.flag_sent(result, world.org, effect.wants_reply, world.org.flag_release == "immediate")]
        case fx.FlagStatus():
            flag, messages, can_reply = result
            return [views.flag_status(flag, effect.case_code, inp.now, messages, can_reply)]
        case fx.WithdrawFlag():
            return [views.flag_withdrawn(bool(result), effect.case_code)]
        case fx.ReviewFlags():
            items, totals, replied = result
            return [views.review(items, totals, world.content, world.org, replied)]
        case fx.OpenFlag():
            flag, messages, can_reply = result
            return [views.flag_detail(flag, world.content, world.org, messages, can_reply)]
        case fx.MarkFlag():
            if result and effect.status == "action-taken":
                return [flag_views.ask_note()]
            return [views.flag_marked(bool(result), effect.status)]
        case fx.FlagNote():
            return [flag_views.note_saved(bool(result))]
        case fx.FlagSummary():
            summaries = summarise(result, effect.units, effect.month, world.org.min_group_size)
            return [flag_views.summary(summaries, world.content, world.org)]
        case fx.LeadReply():
            return [flag_views.lead_reply_sent(bool(result))]
        case fx.MayReply():
            if result:
                return [flag_views.ask_reporter_reply(effect.case_code)]
            return [flag_views.reporter_reply_sent(False, effect.case_code)]
        case fx.ReporterReply():
            return [flag_views.reporter_reply_sent(bool(result), effect.case_code)]
        case fx.DeleteMyData():
            return [views.data_deleted()]
    raise TypeError(f"no view for effect {effect!r}")
