"""Plain, frozen views of database rows, handed to the pure dialogue core."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bot.domain.schedule import Schedule
from bot.domain.team_practice import TeamAnswerHeld
from bot.domain.types import Address, Reply


def days_to_mask(days: frozenset[int]) -> int:
    return sum(1 << d for d in days)


def mask_to_days(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if mask & (1 << d))


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    platform: str
    tenant: str
    user_id: str
    conversation: str
    ref: str
    created_at: datetime
    timezone: str
    nudge_time: time
    nudge_days: frozenset[int]
    subscribed: bool
    paused_until: date | None
    next_due_at: datetime | None
    reachable: bool
    lesson_position: int
    last_lesson_id: str | None
    last_lesson_on: date | None
    state: dict[str, Any] = field(default_factory=dict)
    quiet_start: time | None = None
    quiet_end: time | None = None
    unanswered: int = 0
    checkin_sent: bool = False
    timezone_chosen: bool = False
    last_shown: str | None = None  # "lesson:<id>" or "script:<id>": what `sources` explains
    last_recap_on: date | None = None  # their date of the last look-back (at most one a day)
    is_new: bool = False

    @property
    def schedule(self) -> Schedule:
        return Schedule(
            self.timezone, self.nudge_time, self.nudge_days, self.paused_until, self.quiet_start, self.quiet_end
        )


@dataclass(frozen=True, slots=True)
class ReflectionRecord:
    id: int
    prompt_id: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class FlagRecord:
    id: int
    case_code: str
    unit: str
    category: str
    occurred: str
    submitted_week: date
    danger: bool
    description: str
    status: str
    release_at: datetime
    lead_note: str | None


FLAG_STATUSES = ("new", "seen", "action-taken")  # what a lead can filter on (withdrawn flags are never shown)


@dataclass(frozen=True, slots=True)
class FlagFilter:
    """Which of a lead's flags to list: empty fields match everything. ``unit`` must be one the lead leads
    (the caller passes only those units to the store), ``category`` a situation id, ``status`` one of
    :data:`FLAG_STATUSES`."""

    unit: str = ""
    category: str = ""
    status: str = ""


EVERY_FLAG = FlagFilter()


@dataclass(frozen=True, slots=True)
class FlagMessage:
    """A reply relayed between a lead and a reporter; ``sender`` is only ever "lead" or "reporter"."""

    id: int
    flag_id: int
    sender: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """A claimed delivery, with what the sender needs to reach the person."""

    id: int
    person_id: int
    local_date: date
    due_at: datetime
    kind: str | None
    lesson_id: str | None
    recap_id: str | None  # the lessons looked back at, comma-separated
    attempts: int

    @property
    def recap_ids(self) -> tuple[str, ...]:
        return tuple(filter(None, (self.recap_id or "").split(",")))


@dataclass(frozen=True, slots=True)
class OwedReplies:
    """Replies a turn still owes (its poster crashed or failed), claimed for redelivery."""

    event_key: str
    address: Address
    replies: list[Reply]
    attempts: int


@dataclass(frozen=True, slots=True)
class QueueHealth:
    """What an operator watches: the nudge queue by status, how long the oldest due nudge has waited, and the
    turns whose replies have not yet reached their platform (and how old the oldest is). Ages are 0 when
    nothing is waiting."""

    deliveries: dict[str, int]
    oldest_due_seconds: float
    replies_owed: int
    oldest_owed_seconds: float


ALL_CATEGORIES = "*"  # the summary cell for a unit's whole month


@dataclass(frozen=True, slots=True)
class Cell:
    """One (unit, month, category) cell of a summary: the flags a lead can see in it."""

    flags: int


@dataclass(frozen=True, slots=True)
class LessonHad:
    """A lesson a person was given, and how far its look-backs have got (see ``lesson_recaps``)."""

    lesson_id: str
    first_on: date
    recalled: int
    due_on: date | None


@dataclass(frozen=True, slots=True)
class NudgeHeld:
    """One day's daily message, as the ``deliveries`` table keeps it."""

    local_date: date
    status: str
    kind: str | None
    lesson_id: str | None
    recap_ids: tuple[str, ...]
    sent_at: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class HeldData:
    """Everything Kinship holds about one platform identity (``my data``, the right of access).

    Follow-ups are counted, never listed: which flag a handle belongs to would link the person to a flag.
    """

    person: PersonRecord | None
    left_at: datetime | None = None
    reflections: tuple[ReflectionRecord, ...] = ()
    lessons: tuple[LessonHad, ...] = ()
    nudges: tuple[NudgeHeld, ...] = ()
    follow_ups: int = 0  # flag_handles rows for this address: how many flags they asked to hear back on
    follow_ups_until: datetime | None = None  # when the last of those handles expires
    replies_owed: int = 0  # processed_events rows still holding this address (replies not yet delivered)
    lead_actions: int = 0  # lead_audit rows naming them as the lead
    lead_actions_since: datetime | None = None
    installations: int = 0  # Slack OAuth installation rows naming them as the installer
    team_answers: tuple[TeamAnswerHeld, ...] = ()  # their answers in a team channel's reflection thread
    thanks_sent: int = 0  # thanks they gave that still name them (for two weeks at most)
    thanks_received: int = 0  # thanks given to them that still name them

    @property
    def nothing_else(self) -> bool:
        """Nothing is held beyond their ``people`` row itself (if they have one)."""
        return not (
            self.reflections
            or self.lessons
            or self.nudges
            or self.follow_ups
            or self.replies_owed
            or self.lead_actions
            or self.installations
            or self.team_answers
            or self.thanks_sent
            or self.thanks_received
        )

    @property
    def nothing(self) -> bool:
        """Kinship holds nothing at all about them."""
        return self.person is None and self.nothing_else
