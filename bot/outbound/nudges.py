"""What a day's nudge says: pure decisions, no storage.

A nudge is the person's next lesson, with a look back at earlier lessons when some are due (spaced retrieval
after about 1, 7 and 21 days: :mod:`bot.domain.recaps`), all in one message: never more than one unsolicited
message a day. After several nudges in a row go unanswered, the nudge is instead a single check-in asking
whether to carry on, slow down or pause; it is asked once, until the person next writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.dialogue.views import learning as views
from bot.domain.content import Content
from bot.domain.records import PersonRecord
from bot.domain.types import Reply

CHECKIN_AFTER_UNANSWERED = 5


@dataclass(frozen=True)
class Plan:
    kind: str  # lesson | check-in
    lesson_id: str | None = None
    person_changes: dict[str, Any] = field(default_factory=dict)


def plan(
    person: PersonRecord, content: Content, local_date: date, checkin_after: int = CHECKIN_AFTER_UNANSWERED
) -> Plan:
    """The nudge for ``local_date`` (its look-back is chosen from the store's due list by the worker)."""
    if person.unanswered >= checkin_after and not person.checkin_sent:
        return Plan("check-in", person_changes={"checkin_sent": True})
    lessons = content.lessons
    lesson = lessons[person.lesson_position % len(lessons)]
    if person.last_lesson_on == local_date and person.last_lesson_id:
        # they already asked for today's lesson themselves: the nudge is that lesson, without moving on
        return Plan("lesson", person.last_lesson_id)
    changes: dict[str, Any] = {
        "lesson_position": person.lesson_position + 1,
        "last_lesson_id": lesson.id,
        "last_lesson_on": local_date,
        "last_shown": f"lesson:{lesson.id}",
    }
    return Plan("lesson", lesson.id, changes)


def replies(
    plan_kind: str, lesson_id: str | None, recap_ids: Sequence[str], content: Content, unanswered: int
) -> list[Reply]:
    if plan_kind == "check-in":
        return [views.checkin(unanswered)]
    position = content.lesson_position(lesson_id or "")
    if position < 0:  # the lesson left the content since this nudge was planned: send the next one
        position = 0
    lesson = content.lessons[position]
    return [views.lesson(lesson, content, subscribed=True, looking_back=recap_ids)]
