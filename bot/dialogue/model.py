"""The data a turn works on: what it reads (:class:`World`, :class:`TurnInput`), what it decides
(:class:`TurnOutput`), and the person's dialogue state between turns (:class:`DialogueState`).

Dialogue state says what free text means next (``mode``) and holds what that mode needs. It never holds
anything that identifies a reporter beyond the person's own row, and an in-progress flag leaves it as soon as
the flag is sent or cancelled. The store keeps it as a JSON mapping (``people.state``); :meth:`to_mapping`
writes the keys every earlier release wrote, and :meth:`from_mapping` reads them back, taking any shape it
does not know as "no mode".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.dialogue import effects as fx
from bot.dialogue.actions import Plain
from bot.dialogue.thanks_draft import NO_THANKS, ThanksDraft
from bot.domain.content import Content, Signpost
from bot.domain.org import Organisation
from bot.domain.records import PersonRecord
from bot.domain.schedule import Schedule
from bot.domain.types import Incoming, Reply
from bot.understanding.answers import AnswerFinder
from bot.understanding.scripts import ScriptMatcher
from bot.understanding.triage import Reading, Triager, default_model

MAX_MESSAGE_CHARS = 4000  # longer messages are refused (and not read) rather than cut
MODE_LIFETIME = timedelta(hours=2)  # how long a question (a reflection, a flag step, a setting) waits


class Mode(StrEnum):
    """What a person's next free text answers."""

    REFLECT = "reflect"
    SCRIPT = "script"
    FLAG = "flag"
    SETTINGS_TIME = "settings-time"
    SETTINGS_DAYS = "settings-days"
    SETTINGS_TZ = "settings-tz"
    SETTINGS_QUIET = "settings-quiet"
    STATUS = "status"
    LEAD_REPLY = "lead-reply"
    LEAD_NOTE = "lead-note"
    REPORTER_REPLY = "reporter-reply"
    THANKS = "thanks"  # writing a thank-you to a colleague (bot.dialogue.flows.thanks)


class FlagStep(StrEnum):
    CATEGORY = "category"
    UNIT = "unit"
    WHEN = "when"
    DANGER = "danger"
    DESCRIPTION = "description"
    PREVIEW = "preview"


_DRAFT_KEYS = ("category", "unit", "occurred", "danger", "description")
# what a draft has by the time it reaches each step (a stored draft with less is from no release we made)
_DRAFT_NEEDS = {step: _DRAFT_KEYS[:i] for i, step in enumerate(FlagStep)}
_MODES = frozenset(m.value for m in Mode)
# writing a flag, asked for a case code, or answering a lead: a reporter's turns, whose replies are never kept
REPORTER_FLAG_MODES = frozenset({Mode.FLAG, Mode.STATUS, Mode.REPORTER_REPLY})
_STEPS = frozenset(s.value for s in FlagStep)


@dataclass(frozen=True, slots=True)
class FlagDraft:
    """A flag being written, one answer per step; ``description`` is already redacted."""

    category: str | None = None
    unit: str | None = None
    occurred: str | None = None
    danger: str | None = None  # yes | no
    description: str | None = None

    def to_mapping(self) -> dict[str, str]:
        return {key: value for key in _DRAFT_KEYS if (value := getattr(self, key)) is not None}

    @classmethod
    def from_mapping(cls, raw: object, step: FlagStep) -> FlagDraft | None:
        if not isinstance(raw, Mapping) or not all(isinstance(raw.get(k, ""), str) for k in _DRAFT_KEYS):
            return None
        if any(key not in raw for key in _DRAFT_NEEDS[step]):
            return None
        return cls(**{key: raw[key] for key in _DRAFT_KEYS if key in raw})


@dataclass(frozen=True, slots=True)
class DialogueState:
    """The person's dialogue state. Only the fields of its ``mode`` mean anything (and are stored)."""

    mode: Mode | None = None
    at: datetime | None = None  # when the question was last asked; None (with a mode) reads as expired
    prompt_id: str = ""  # reflect
    step: FlagStep = FlagStep.CATEGORY  # flag
    draft: FlagDraft = FlagDraft()  # flag
    flag_id: int = 0  # lead-reply, lead-note
    code: str = ""  # reporter-reply
    thanks: ThanksDraft = NO_THANKS  # thanks

    def expired(self, now: datetime) -> bool:
        """A question left unanswered for hours no longer captures free text."""
        if self.mode is None:
            return False
        return self.at is None or now - self.at > MODE_LIFETIME

    @property
    def about_a_reporters_flag(self) -> bool:
        """Writing a flag, asked for a case code, or answering a lead."""
        return self.mode in REPORTER_FLAG_MODES

    def to_mapping(self) -> dict[str, Any]:
        """The JSON mapping kept in ``people.state``: the same keys and values every earlier release wrote."""
        if self.mode is None:
            return {}
        mapping: dict[str, Any] = {"mode": self.mode.value}
        if self.mode is Mode.REFLECT:
            mapping["prompt_id"] = self.prompt_id
        elif self.mode is Mode.FLAG:
            mapping.update(step=self.step.value, draft=self.draft.to_mapping())
        elif self.mode in {Mode.LEAD_REPLY, Mode.LEAD_NOTE}:
            mapping["flag"] = self.flag_id
        elif self.mode is Mode.REPORTER_REPLY:
            mapping["code"] = self.code
        elif self.mode is Mode.THANKS:
            mapping["thanks"] = self.thanks.to_mapping()
        if self.at is not None:
            mapping["at"] = self.at.isoformat()
        return mapping

    @classmethod
    def from_mapping(cls, raw: object) -> DialogueState:
        """The state a stored mapping stands for; any shape no release wrote is "no mode"."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("mode"), str) or raw["mode"] not in _MODES:
            return NO_MODE
        mode = Mode(raw["mode"])
        fields = _mode_fields(mode, raw)
        return NO_MODE if fields is None else cls(mode, _read_at(raw.get("at")), **fields)


NO_MODE = DialogueState()


def _read_at(raw: object) -> datetime | None:
    try:
        at = datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def _mode_fields(mode: Mode, raw: Mapping[Any, Any]) -> dict[str, Any] | None:
    """The typed fields ``mode`` needs from a stored mapping, or None when they are missing or malformed."""
    if mode is Mode.REFLECT:
        prompt_id = raw.get("prompt_id", "")
        return {"prompt_id": prompt_id} if isinstance(prompt_id, str) else None
    if mode is Mode.FLAG:
        step = raw.get("step")
        if not isinstance(step, str) or step not in _STEPS:
            return None
        draft = FlagDraft.from_mapping(raw.get("draft", {}), FlagStep(step))
        return None if draft is None else {"step": FlagStep(step), "draft": draft}
    if mode in {Mode.LEAD_REPLY, Mode.LEAD_NOTE}:
        flag_id = raw.get("flag", 0)
        return {"flag_id": flag_id} if isinstance(flag_id, int) and not isinstance(flag_id, bool) else None
    if mode is Mode.REPORTER_REPLY:
        code = raw.get("code", "")
        return {"code": code} if isinstance(code, str) else None
    return _thanks_fields(raw) if mode is Mode.THANKS else {}


def _thanks_fields(raw: Mapping[Any, Any]) -> dict[str, Any] | None:
    draft = ThanksDraft.from_mapping(raw.get("thanks", {}))
    return None if draft is None else {"thanks": draft}


@dataclass(frozen=True)
class World:
    """What every turn reads and no turn changes: content, the organisation, the readers of free text, and
    the support routes by topic for the organisation's nation."""

    content: Content
    org: Organisation
    matcher: ScriptMatcher
    signposts: tuple[Signpost, ...]  # someone may be at risk, or asks for support
    triager: Triager
    answers: AnswerFinder
    home_signposts: tuple[Signpost, ...] = ()  # harm at home

    @classmethod
    def build(cls, content: Content, org: Organisation) -> World:
        from bot.dialogue.flows.router import COMMAND_WORDS  # the router imports this module

        matcher = ScriptMatcher(content.scripts)
        return cls(
            content,
            org,
            matcher,
            org.merged_signposts(content.signposts),
            Triager(default_model(), matcher, COMMAND_WORDS),
            AnswerFinder(content.answers),
            org.merged_signposts(content.signposts, "domestic-abuse"),
        )


@dataclass(frozen=True)
class TurnInput:
    """One turn's input, with what every flow reads worked out once, here: a flow reads plain fields, so
    following a message through the dialogue never bounces back into this module."""

    incoming: Incoming
    person: PersonRecord
    now: datetime
    world: World
    state: DialogueState = field(init=False)
    led_units: tuple[str, ...] = field(init=False)
    zone: ZoneInfo = field(init=False)
    today: date = field(init=False)
    schedule: Schedule = field(init=False)
    question_expired: bool = field(init=False)  # a question left unanswered too long no longer takes free text
    reading: Reading | None = field(init=False)  # what triage read in the text, if the message has some

    def __post_init__(self) -> None:
        address = self.incoming.address
        zone = ZoneInfo(self.person.timezone)
        state = DialogueState.from_mapping(self.person.state)
        derived = {
            "state": state,
            "question_expired": state.expired(self.now),
            "led_units": self.world.org.units_led_by(address),
            "zone": zone,
            "today": self.now.astimezone(zone).date(),
            "schedule": self.person.schedule,
            "reading": _read(self.world, _words(self.incoming)),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


def _words(incoming: Incoming) -> str | None:
    """What the person wrote: typed words, or the description in a flag form they submitted (not the words
    a message shortcut prefilled, which are someone else's until they send them)."""
    if incoming.text is not None:
        return incoming.text
    if incoming.action == Plain.FLAG_WORDS.value:  # a reply or a case code written in a form
        return incoming.values.get("words")
    return incoming.values.get("description") if incoming.action == Plain.FLAG_FORM_SUBMITTED.value else None


def _read(world: World, text: str | None) -> Reading | None:
    text = (text or "").strip()
    return world.triager.read(text) if text and len(text) <= MAX_MESSAGE_CHARS else None


@dataclass
class TurnOutput:
    """What a turn decided, filled in by the flow that handles it."""

    state: DialogueState
    replies: list[Reply] = field(default_factory=list)
    effects: list[fx.Effect] = field(default_factory=list)
    person_changes: dict[str, Any] = field(default_factory=dict)
    generic: bool = False  # the replies are only the menu or a "not understood": a welcome can replace them
    # a reporter's turn on one of their flags that no effect, mode or button press shows (a typed "withdraw CODE"):
    # its replies name the case, so they are never kept beside the reporter's address (bot.turns.owed)
    reporters_turn: bool = False
