"""A message said in a team's channel: ``channel_turn(ChannelInput) -> ChannelOutput``. Pure, like ``turn``.

In this order: triage first (someone who may need support is answered privately, and nothing is kept); then,
if the message mentions Kinship, a command (set up, pause, resume, change the day or time, remove, status,
help); then a reply in the thread of the week's open question, kept as an answer (redacted) with nothing said
in the channel. Any other chatter gets no reply and leaves nothing behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from bot.dialogue.flows.common import normalise
from bot.dialogue.model import World
from bot.dialogue.views import team as views
from bot.dialogue.views import triage as triage_views
from bot.dialogue.views import welcome as welcome_views
from bot.domain.org import Unit
from bot.domain.team_practice import TeamSchedule, next_post_at, parse_when
from bot.domain.types import Incoming, Reply
from bot.understanding.privacy import redact

MAX_ANSWER_CHARS = 4000
_MENTION = re.compile(r"<@[^>]+>|@kinship\b[,:]?", re.IGNORECASE)
_PAUSE = frozenset({"pause", "pause please", "please pause", "take a break"})
_RESUME = frozenset({"resume", "unpause", "restart", "carry on", "start again"})
_REMOVE = frozenset({"remove", "leave", "stop", "remove kinship", "goodbye", "remove yourself", "leave channel"})
_STATUS = frozenset({"status", "when", "schedule", "settings"})


@dataclass(frozen=True, slots=True)
class SetUp:
    unit: str | None
    weekday: int
    at: time
    first_post_at: datetime


@dataclass(frozen=True, slots=True)
class ChangeTime:
    weekday: int
    at: time
    next_post_at: datetime | None  # None while paused: set on resume
    unit: str | None


@dataclass(frozen=True, slots=True)
class Pause:
    pass


@dataclass(frozen=True, slots=True)
class Resume:
    next_post_at: datetime


@dataclass(frozen=True, slots=True)
class Remove:
    pass


@dataclass(frozen=True, slots=True)
class KeepAnswer:
    words: str  # redacted


Change = SetUp | ChangeTime | Pause | Resume | Remove | KeepAnswer


@dataclass(frozen=True)
class ChannelInput:
    incoming: Incoming
    schedule: TeamSchedule | None  # this channel's, if Kinship is set up here
    now: datetime
    world: World
    answerers: int = 0  # people who have answered this week's question so far (for status)
    screened: bool = False  # support_for has already read the text (the shell does, before any database work)


@dataclass
class ChannelOutput:
    replies: list[Reply] = field(default_factory=list)
    change: Change | None = None


def channel_turn(inp: ChannelInput) -> ChannelOutput:
    out = ChannelOutput()
    place = inp.incoming.place
    text = (inp.incoming.text or "").strip()
    if place is None or not text or len(text) > MAX_ANSWER_CHARS:
        return out
    support = None if inp.screened else support_for(inp.world, inp.incoming)
    if support is not None:  # support, privately, and only support: nothing kept, nothing said in the channel
        out.replies.append(support)
        return out
    if place.mentioned:
        _command(inp, out, normalise(_MENTION.sub(" ", text)))
    elif inp.schedule is not None and inp.schedule.thread and place.thread == inp.schedule.thread:
        out.change = KeepAnswer(redact(text))
    return out


def support_for(world: World, incoming: Incoming) -> Reply | None:
    """The private reply for someone whose message says they may need support (or are harmed at home), else
    None. Triage reads every message said in a channel, whoever it mentions."""
    text = (incoming.text or "").strip()
    if not text or len(text) > MAX_ANSWER_CHARS:
        return None
    reading = world.triager.read(text)
    if reading.route == "support":
        home = world.home_signposts if reading.harm_at_home_too else ()
        return views.only_for_them([welcome_views.support(world.signposts, home)])[0]
    if reading.route == "domestic-abuse":
        return views.only_for_them([triage_views.harmed_at_home(world.home_signposts)])[0]
    return None


def _may_change(inp: ChannelInput) -> bool:
    org = inp.world.org
    return org.team_practice == "anyone" or bool(org.units_led_by(inp.incoming.address))


def _command(inp: ChannelInput, out: ChannelOutput, words: str) -> None:
    schedule = inp.schedule
    if words in _STATUS or (words in _PAUSE | _RESUME | _REMOVE and schedule is None):
        out.replies.append(views.not_set_up() if schedule is None else _status(inp, schedule))
        return
    changing = words in _PAUSE | _RESUME | _REMOVE or parse_when(words) is not None
    if changing and not _may_change(inp):
        out.replies.append(views.only_leads())
        return
    if words in _PAUSE | _RESUME | _REMOVE:
        assert schedule is not None
        _pause_resume_remove(inp, out, words, schedule)
    elif parse_when(words) is not None:
        _set_time(inp, out, words)
    elif words.startswith(("set up", "setup", "start", "change", "move")):
        out.replies.append(views.which_time() if _may_change(inp) else views.only_leads())
    else:
        out.replies.append(views.help_text(schedule is not None))


def _status(inp: ChannelInput, schedule: TeamSchedule) -> Reply:
    unit = inp.world.org.unit(schedule.unit) if schedule.unit else None
    return views.status(schedule, unit, inp.answerers)


def _pause_resume_remove(inp: ChannelInput, out: ChannelOutput, words: str, schedule: TeamSchedule) -> None:
    if words in _REMOVE:
        out.change = Remove()
        out.replies.append(views.removed())
    elif words in _PAUSE:
        if schedule.paused:
            out.replies.append(views.already_paused())
            return
        out.change = Pause()
        out.replies.append(views.paused())
    elif not schedule.paused:
        out.replies.append(views.not_paused(schedule.next_post_at, schedule.timezone))
    else:
        following = next_post_at(schedule.weekday, schedule.at, schedule.timezone, _after_this_week(inp))
        out.change = Resume(following)
        out.replies.append(views.resumed(following, schedule.timezone))


def _after_this_week(inp: ChannelInput) -> datetime:
    """No new question before the open week's summary: its answers belong to that week."""
    summary = inp.schedule.summary_due_at if inp.schedule is not None else None
    return max(inp.now, summary) if summary is not None else inp.now


def _named_unit(inp: ChannelInput, words: str) -> tuple[Unit | None, str]:
    """The unit the words name ("for Ward 7", by its id or the start of its name), and the words without it."""
    best: tuple[Unit | None, str] = (None, words)
    longest = 0
    for unit in inp.world.org.units:
        for label in {unit.id.replace("-", " "), unit.id, unit.name.split(" (")[0], unit.name}:
            key = normalise(label)
            found = re.search(rf"(?:\bfor\s+(?:the\s+)?)?\b{re.escape(key)}(?!\w)", words)
            if found and len(key) > longest:
                longest = len(key)
                best = (unit, (words[: found.start()] + " " + words[found.end() :]).strip())
    return best


def _set_time(inp: ChannelInput, out: ChannelOutput, words: str) -> None:
    unit, rest = _named_unit(inp, words)
    when = parse_when(rest)
    if when is None:
        out.replies.append(views.which_time())
        return
    address = inp.incoming.address
    led = inp.world.org.units_led_by(address)
    if unit is not None and inp.world.org.team_practice == "leads" and unit.id not in led:
        out.replies.append(views.not_your_unit(unit))
        return
    schedule = inp.schedule
    timezone = schedule.timezone if schedule is not None else inp.world.org.timezone
    following = next_post_at(when[0], when[1], timezone, _after_this_week(inp))
    if schedule is None:
        unit_id = unit.id if unit is not None else (led[0] if len(led) == 1 else None)
        out.change = SetUp(unit_id, when[0], when[1], following)
        out.replies.append(views.set_up(when, following, timezone, inp.world.org.unit(unit_id or "")))
        return
    kept_unit = unit.id if unit is not None else schedule.unit
    out.change = ChangeTime(when[0], when[1], None if schedule.paused else following, kept_unit)
    out.replies.append(views.changed(when, None if schedule.paused else following, timezone))
