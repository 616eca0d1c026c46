"""``python -m bot my-data --platform P --tenant T --user U``: a copy of everything Kinship holds about one
person, as JSON, for an operator answering a subject access request (UK GDPR Article 15) by email.

The same records the person gets in chat with ``my data``. Follow-up handles are counted, never listed, and
dialogue state gives only what Kinship is waiting for: a flag's draft words or case code would link the person
to a flag, which nothing else Kinship holds does.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from bot.domain.config import Config
from bot.domain.records import HeldData, PersonRecord, days_to_mask
from bot.domain.schedule import describe_days
from bot.domain.types import Address
from bot.store import Store

FORMAT = "kinship-my-data/1"


async def read_held(config: Config, address: Address) -> HeldData:
    store = await Store.open(config.database_url)
    try:
        return await store.run(
            lambda tx: replace(
                tx.held_about(address), team_answers=tx.team_answers_of(address.platform, address.tenant, address.user)
            )
        )
    finally:
        await store.close()


def _person(person: PersonRecord, left_at: datetime | None) -> dict[str, Any]:
    return {
        "platform": person.platform,
        "tenant": person.tenant,
        "user_id": person.user_id,
        "conversation": person.conversation,
        "platform_reference": person.ref,
        "created_at": person.created_at,
        "left_at": left_at,
        "daily_lessons": person.subscribed,
        "time": person.nudge_time.strftime("%H:%M"),
        "days": describe_days(person.nudge_days),
        "days_mask": days_to_mask(person.nudge_days),
        "timezone": person.timezone,
        "timezone_chosen": person.timezone_chosen,
        "quiet_hours": (
            f"{person.quiet_start:%H:%M}-{person.quiet_end:%H:%M}" if person.quiet_start and person.quiet_end else None
        ),
        "paused_until": person.paused_until,
        "next_due_at": person.next_due_at,
        "reachable": person.reachable,
        "lesson_position": person.lesson_position,
        "last_lesson_id": person.last_lesson_id,
        "last_lesson_on": person.last_lesson_on,
        "last_shown": person.last_shown,
        "last_recap_on": person.last_recap_on,
        "nudges_since_last_message": person.unanswered,
        "checkin_sent": person.checkin_sent,
        "waiting_for": person.state.get("mode") or None,  # never a draft's words or a case code
    }


def held_as_mapping(held: HeldData) -> dict[str, Any]:
    """The copy as plain JSON-ready data (dates and times as ISO 8601 by :func:`as_json`)."""
    return {
        "format": FORMAT,
        "person": _person(held.person, held.left_at) if held.person else None,
        "reflections": [
            {"prompt_id": r.prompt_id, "text": r.text, "created_at": r.created_at} for r in held.reflections
        ],
        "lessons": [asdict(lesson) for lesson in held.lessons],
        "daily_messages": [asdict(nudge) for nudge in held.nudges],
        "flag_follow_ups": {"count": held.follow_ups, "last_expires_at": held.follow_ups_until},
        "flags": "Flags hold nothing that identifies who sent them, so none can be listed for a person.",
        "replies_not_yet_delivered": held.replies_owed,
        "lead_audit_entries": {"count": held.lead_actions, "since": held.lead_actions_since},
        "slack_installations": held.installations,
        "team_reflection_answers": [asdict(answer) for answer in held.team_answers],
    }


def _iso(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def as_json(held: HeldData) -> str:
    return json.dumps(held_as_mapping(held), default=_iso, ensure_ascii=False, indent=2)
