"""What a day's nudge says: pure decisions, no storage.

A nudge is the person's next lesson, with a one-question look back at an earlier lesson when one is due
(spaced retrieval after about 1, 7 and 21 days), all in one message: never more than one unsolicited
message a day. After several nudges in a row go unanswered, the nudge is instead a single check-in asking
whether to carry on, slow down or pause; it is asked once, until the person next writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.dialogue.actions import Recap, encode
from bot.dialogue.views import learning as views
from bot.domain.content import Content
from bot.domain.records import PersonRecord
from bot.domain.types import Button, Reply

RECAP_AFTER_DAYS = (1, 7, 21)
CHECKIN_AFTER_UNANSWERED = 5


@dataclass(frozen=True)
class Plan:
    kind: str  # lesson | check-in
    lesson_id: str | None = None
    recap_id: str | None = None
    person_changes: dict[str, Any] = field(default_factory=dict)


def recap_dates(local_date: date) -> list[date]:
    return [local_date - timedelta(days=n) for n in RECAP_AFTER_DAYS]


def plan(
    person: PersonRecord,
    content: Content,
    local_date: date,
    earlier_lessons: Mapping[date, str],
    checkin_after: int = CHECKIN_AFTER_UNANSWERED,
) -> Plan:
    """The nudge for ``local_date``. ``earlier_lessons`` maps the dates of :func:`recap_dates` to the
    lesson sent then (where one was)."""
    if person.unanswered >= checkin_after and not person.checkin_sent:
        return Plan("check-in", person_changes={"checkin_sent": True})
    lessons = content.lessons
    lesson = lessons[person.lesson_position % len(lessons)]
    changes: dict[str, Any] = {
        "lesson_position": person.lesson_position + 1,
        "last_lesson_id": lesson.id,
        "last_lesson_on": local_date,
    }
    if person.last_lesson_on == local_date and person.last_lesson_id:
        # they already asked for today's lesson themselves: the nudge is that lesson, without moving on
        lesson_id = person.last_lesson_id
        changes = {}
    else:
        lesson_id = lesson.id
    # which look-back: rotate the preferred gap by date so each gap gets its turn
    dates = recap_dates(local_date)
    start = local_date.toordinal() % len(dates)
    recap_id = None
    for day in dates[start:] + dates[:start]:
        candidate = earlier_lessons.get(day)
        if candidate and candidate != lesson_id and content.lesson_position(candidate) >= 0:
            if content.lessons[content.lesson_position(candidate)].recap_question:
                recap_id = candidate
                break
    return Plan("lesson", lesson_id, recap_id, changes)


def replies(
    plan_kind: str, lesson_id: str | None, recap_id: str | None, content: Content, unanswered: int
) -> list[Reply]:
    if plan_kind == "check-in":
        return [views.checkin(unanswered)]
    position = content.lesson_position(lesson_id or "")
    if position < 0:  # the lesson left the content since this nudge was planned: send the next one
        position = 0
    lesson = content.lessons[position]
    reply = views.lesson(lesson, content, subscribed=True)
    if recap_id and (recap_at := content.lesson_position(recap_id)) >= 0:
        earlier = content.lessons[recap_at]
        reply = Reply(
            title=reply.title,
            text=f"{reply.text}\n\nA quick look back: {earlier.recap_question}",
            buttons=(*reply.buttons[:-1], Button("Show the answer", encode(Recap(earlier.id))), reply.buttons[-1]),
        )
    return [reply]
