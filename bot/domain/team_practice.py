"""Team reflection in a channel: the weekly schedule, which question comes when, and the themes summary.

Pure rules, no I/O. A channel's schedule is one weekday and wall-clock time in the organisation's time zone;
each week's question is posted then, its thread is read for a week, and the summary is due six days after the
question at the same local time (so before the next question). Questions go through the content's prompts in
theme order (themes.yaml), one a week, so the theme moves on once its questions are used.

The summary is words and short phrases that at least two people used, never whole answers and never names:
redaction placeholders, stopwords and any word written with a capital (unless the same word is also written
in lower case) are left out, and nothing is said unless at least :data:`MIN_PEOPLE` people took part.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.content import Content, Prompt
from bot.domain.schedule import local_instant, parse_time

MIN_PEOPLE = 3  # a summary (and a thanks count) only when at least this many took part
SUMMARY_AFTER = timedelta(days=6)  # the week's summary: six days after its question, same local time
MAX_THEMES = 5
ANSWER_KEEP = timedelta(days=14)  # answers never outlive this, even if a summary never comes (paused, removed)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEAM_PRACTICE_SETTINGS = ("leads", "anyone")  # who may set up and change a channel's reflection

_DAY_WORDS = (
    {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
    | {name.lower()[:3]: i for i, name in enumerate(WEEKDAY_NAMES)}
    | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3, "mondays": 0, "tuesdays": 1, "wednesdays": 2}
)
_DAY_WORDS |= {"thursdays": 3, "fridays": 4, "saturdays": 5, "sundays": 6}
_TIME_WORD = re.compile(r"\b(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?|noon|midday)\b", re.IGNORECASE)
_WORD = re.compile(r"\[[a-z-]+\]|[A-Za-z][A-Za-z'’-]*")
_STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being below between
    both but by can could did do does doing done down during each even ever every few for from get gets got had
    has have having he her here hers him his how i i'd i'm i've if in into is it it's its just know let like
    lot lots made make makes many me more most much my myself no nor not now of off often on once one only or
    other our ours out over own quite really said same say says she should so some still such than that that's
    the their them then there these they thing things think this those through to too took under until up us
    very want was way we we're week were what when where which while who why will with would yes yet you your
    yours bit feel felt today yesterday always never someone something everyone everything got gone went
    come came go going day days""".split()
)


@dataclass(frozen=True, slots=True)
class TeamSchedule:
    """One channel's weekly reflection, as stored."""

    id: int
    platform: str
    tenant: str
    channel: str
    ref: str  # what the adapter needs to post there later (opaque)
    unit: str | None
    weekday: int  # Monday = 0
    at: time
    timezone: str
    paused: bool
    next_post_at: datetime | None  # the next question, UTC
    thread: str  # the current week's question (its message id), empty when none is open
    prompt_id: str
    week: date | None  # the Monday of the week the open question covers
    summary_due_at: datetime | None
    questions: int  # how many questions have been posted here (which comes next)


@dataclass(frozen=True, slots=True)
class TeamAnswerHeld:
    """One of a person's answers in a channel's thread, as ``my data`` shows it."""

    channel: str
    week: date
    words: str  # already redacted
    created_at: datetime


def parse_when(text: str) -> tuple[int, time] | None:
    """'every Monday at 10:00', 'tuesdays 9am', 'change to Friday at 2.30pm' -> (weekday, time); None when a
    day or a time is missing."""
    words = re.findall(r"[a-z]+", text.lower())
    day = next((_DAY_WORDS[w] for w in words if w in _DAY_WORDS), None)
    at = None
    for match in _TIME_WORD.finditer(text):
        raw = match.group(1).lower()
        at = time(12, 0) if raw in {"noon", "midday"} else parse_time(raw)
        if at is not None:
            break
    return None if day is None or at is None else (day, at)


def next_post_at(weekday: int, at: time, timezone: str, after: datetime) -> datetime:
    """The first instant strictly after ``after`` that is ``weekday`` at ``at`` in ``timezone`` (UTC)."""
    zone = ZoneInfo(timezone)
    local_day = after.astimezone(zone).date()
    for offset in range(8):
        day = local_day + timedelta(days=offset)
        if day.weekday() == weekday and (moment := local_instant(day, at, zone)) > after:
            return moment
    return local_instant(local_day + timedelta(days=14), at, zone)  # unreachable: a week always holds the day


def summary_due(question_at: datetime, timezone: str) -> datetime:
    """Six days after the question, at the same wall-clock time (whatever the clocks did in between)."""
    zone = ZoneInfo(timezone)
    local = question_at.astimezone(zone)
    return local_instant(local.date() + SUMMARY_AFTER, local.time().replace(tzinfo=None), zone)


def week_of(moment: datetime, timezone: str) -> date:
    """The Monday of the local week ``moment`` falls in."""
    day = moment.astimezone(ZoneInfo(timezone)).date()
    return day - timedelta(days=day.weekday())


def prompts_in_order(content: Content) -> list[Prompt]:
    """The content's prompts by theme, in the order of themes.yaml (prompts of an unknown theme last)."""
    order = {theme: i for i, theme in enumerate(content.themes)}
    return sorted(content.prompts.values(), key=lambda p: order.get(p.theme, len(order)))


def question_for(content: Content, number: int) -> Prompt:
    """The ``number``-th weekly question (0 first): the current theme's next prompt."""
    ordered = prompts_in_order(content)
    return ordered[number % len(ordered)]


def describe_when(weekday: int, at: time) -> str:
    return f"every {WEEKDAY_NAMES[weekday]} at {at:%H:%M}"


def _tokens(text: str) -> list[str]:
    return [t.replace("’", "'") for t in _WORD.findall(text)]


def _lowercase_words(answers: Sequence[str]) -> set[str]:
    return {t for text in answers for t in _tokens(text) if t.islower()}


def _usable(token: str, lowercase: set[str]) -> str | None:
    """The token as a theme word, or None: placeholders, stopwords, very short words and capitalised words
    (a name, perhaps) that nobody also wrote in lower case are left out."""
    if token.startswith("["):
        return None
    word = token.lower()
    if word in _STOPWORDS or len(word) < 3:
        return None
    if not token.islower() and word not in lowercase:
        return None
    return word


def _candidates(text: str, lowercase: set[str]) -> set[tuple[str, ...]]:
    """The words and 2-3 word runs of usable words in one answer (each counted once per answer)."""
    found: set[tuple[str, ...]] = set()
    run: list[str] = []
    for token in [*_tokens(text), "."]:
        word = _usable(token, lowercase) if token != "." else None
        if word is None:
            found.update(tuple(run[i : i + n]) for n in (1, 2, 3) for i in range(len(run) - n + 1))
            run = []
        else:
            run.append(word)
    return found


def themes(answers_by_person: Sequence[Sequence[str]], limit: int = MAX_THEMES) -> list[str]:
    """Words and short phrases that at least two people used, most shared first (a phrase before the words in
    it); at most ``limit``. ``answers_by_person``: each person's answers (already redacted)."""
    every = [text for answers in answers_by_person for text in answers]
    lowercase = _lowercase_words(every)
    people: Counter[tuple[str, ...]] = Counter()
    for answers in answers_by_person:
        people.update(set().union(*(_candidates(text, lowercase) for text in answers)) if answers else set())
    shared = [(gram, n) for gram, n in people.items() if n >= 2]
    shared.sort(key=lambda item: (-item[1], -len(item[0]), " ".join(item[0])))
    chosen: list[tuple[str, ...]] = []
    for gram, _n in shared:
        if any(_inside(gram, other) or _inside(other, gram) for other in chosen):
            continue
        chosen.append(gram)
        if len(chosen) == limit:
            break
    return [" ".join(gram) for gram in chosen]


def _inside(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    return len(small) <= len(big) and any(big[i : i + len(small)] == small for i in range(len(big) - len(small) + 1))
