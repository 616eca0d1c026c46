"""What a turn asks the bot to do with the database, as plain data.

The dialogue core is pure: it never reads or writes storage itself. A turn returns these effects; the bot
runs them inside the turn's transaction and hands each result back to :func:`bot.dialogue.turn.after`,
which is pure again and turns the result into replies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.records import EVERY_FLAG, FlagFilter, FlagRecord
from bot.domain.types import Reply


@dataclass(frozen=True, slots=True)
class SaveReflection:
    prompt_id: str
    text: str


@dataclass(frozen=True, slots=True)
class GiveLesson:
    """A lesson they asked for: noted as given today (its look-backs follow), with any look-back due today.
    The result is the ids of the lessons looked back at (often none)."""

    lesson_id: str
    subscribed: bool
    again: bool = False  # the lesson they were already given today (nothing new to note)


@dataclass(frozen=True, slots=True)
class ListReflections:
    limit: int = 5


@dataclass(frozen=True, slots=True)
class DeleteReflection:
    reflection_id: int


@dataclass(frozen=True, slots=True)
class DeleteAllReflections:
    pass


@dataclass(frozen=True, slots=True)
class FlagAllowance:
    """Before a new flag's first question: is today's flag allowance used up? The result is how many flags
    this account has sent today when it is, else None; ``form`` is what to ask when there is room."""

    form: tuple[Reply, ...]


@dataclass(frozen=True, slots=True)
class SubmitFlag:
    unit: str
    category: str
    occurred: str
    danger: bool
    description: str  # already redacted
    submitted_week: date
    release_at: datetime
    wants_reply: bool
    handle_expires_at: datetime


@dataclass(frozen=True, slots=True)
class FlagStatus:
    case_code: str


@dataclass(frozen=True, slots=True)
class WithdrawFlag:
    case_code: str


@dataclass(frozen=True, slots=True)
class ReviewFlags:
    """A page of the lead's flags, newest first, narrowed by ``where`` (its unit one of ``units``); a page
    past the end shows the last one. The result is a :class:`bot.dialogue.results.FlagPage`."""

    units: tuple[str, ...]
    limit: int = 5  # flags a page
    page: int = 1
    where: FlagFilter = EVERY_FLAG


@dataclass(frozen=True, slots=True)
class FlagPage:
    """What :class:`ReviewFlags` finds: each flag with its number on the lead's whole list (newest first, so a
    number means the same flag whatever the narrowing), how many match, and which page of how many this is."""

    flags: Sequence[tuple[int, FlagRecord]]
    total: int  # flags that match the narrowing, on every page
    page: int = 1
    pages: int = 1
    totals: Mapping[str, int | None] = field(default_factory=dict)  # this month by unit (first page of all)
    replied: frozenset[int] = frozenset()  # flags whose reporter wrote last


@dataclass(frozen=True, slots=True)
class ReviewFilters:
    """The ways to narrow a lead's list; the result is the kinds of flag (situation ids) among those listed."""

    units: tuple[str, ...]
    where: FlagFilter = EVERY_FLAG


@dataclass(frozen=True, slots=True)
class OpenNumbered:
    """A flag asked for by its number on the lead's whole list, newest first ("open 6" typed); the result
    is a thread, like :class:`OpenFlag`'s."""

    number: int
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OpenFlag:
    flag_id: int
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MarkFlag:
    flag_id: int
    units: tuple[str, ...]
    status: str  # seen | action-taken


@dataclass(frozen=True, slots=True)
class FlagNote:
    """A lead's note on what was done, shown to whoever checks the case code."""

    flag_id: int
    units: tuple[str, ...]
    note: str  # already redacted


@dataclass(frozen=True, slots=True)
class DashboardLink:
    """A lead asks for a single-use sign-in link to the lead dashboard (see :mod:`bot.domain.lead_access`)."""

    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FlagSummary:
    units: tuple[str, ...]
    month: date


@dataclass(frozen=True, slots=True)
class LeadReply:
    """A lead writes to the reporter of a flag; Kinship relays it without saying who either is."""

    flag_id: int
    units: tuple[str, ...]
    text: str  # already redacted


@dataclass(frozen=True, slots=True)
class MayReply:
    """Before asking what to say: can this account answer on this flag (it sent it, asked to hear back, and
    the flag is still open to replies)? The result is a bool."""

    case_code: str


@dataclass(frozen=True, slots=True)
class ReporterReply:
    """The reporter answers a lead, from the account that sent the flag."""

    case_code: str
    text: str  # already redacted


@dataclass(frozen=True, slots=True)
class DeleteMyData:
    pass


@dataclass(frozen=True, slots=True)
class MyData:
    """A copy of everything Kinship holds about the person; the result is a ``HeldData``."""


@dataclass(frozen=True, slots=True)
class SendThanks:
    """Keep a thank-you for the worker to deliver (:mod:`bot.outbound.thanks_delivery`), unless the sender has
    given ``per_day`` today already. The result is True when kept, False over the limit."""

    to: str  # the person's platform user id, in the sender's own workspace or tenant
    label: str  # the name typed for them (the console), else ""
    words: str  # identifiers already redacted
    signed_as: str  # "" to send it without a name
    unit: str  # whose leads get a copy, and whose weekly count it joins ("" for none)
    per_day: int


@dataclass(frozen=True, slots=True)
class ThankBack:
    """The person thanked says thank you back; the result is "sent", "already" or "gone"."""

    thanks_id: int


Effect = (
    GiveLesson
    | SaveReflection
    | ListReflections
    | DeleteReflection
    | DeleteAllReflections
    | FlagAllowance
    | SubmitFlag
    | FlagStatus
    | WithdrawFlag
    | ReviewFlags
    | ReviewFilters
    | OpenFlag
    | OpenNumbered
    | MarkFlag
    | FlagNote
    | FlagSummary
    | DashboardLink
    | LeadReply
    | MayReply
    | ReporterReply
    | DeleteMyData
    | MyData
    | SendThanks
    | ThankBack
)
