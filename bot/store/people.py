"""Queries about people (created on first contact, their settings, leaving) and their private reflections."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, time
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, inspect, select, text, update

from bot.domain.records import (
    HeldData,
    LessonHad,
    NudgeHeld,
    PersonRecord,
    ReflectionRecord,
    days_to_mask,
    mask_to_days,
)
from bot.domain.types import Address
from bot.store.prepared import Prepared
from bot.store.queries import Queries
from bot.store.tables import (
    deliveries,
    flag_handles,
    lead_audit,
    lesson_recaps,
    people,
    processed_events,
    reflections,
)

_PERSON_UPDATABLE = {
    "quiet_start",
    "quiet_end",
    "unanswered",
    "checkin_sent",
    "timezone_chosen",
    "timezone",
    "nudge_time",
    "nudge_days",
    "subscribed",
    "paused_until",
    "next_due_at",
    "reachable",
    "lesson_position",
    "last_lesson_id",
    "last_lesson_on",
    "state",
    "left_at",
    "last_shown",
    "last_recap_on",
}


def clock_from_text(text: str | None) -> time | None:
    if not text:
        return None
    hour, minute = (int(part) for part in text.split(":"))
    return time(hour, minute)


def person_from_row(row: Any, is_new: bool = False) -> PersonRecord:
    return PersonRecord(
        id=row.id,
        platform=row.platform,
        tenant=row.tenant,
        user_id=row.user_id,
        conversation=row.conversation,
        ref=row.ref,
        created_at=row.created_at,
        timezone=row.timezone,
        nudge_time=clock_from_text(row.nudge_time) or time(10, 0),
        nudge_days=mask_to_days(row.nudge_days),
        subscribed=bool(row.subscribed),
        paused_until=row.paused_until,
        next_due_at=row.next_due_at,
        reachable=bool(row.reachable),
        lesson_position=row.lesson_position,
        last_lesson_id=row.last_lesson_id,
        last_lesson_on=row.last_lesson_on,
        state=json.loads(row.state or "{}"),
        quiet_start=clock_from_text(row.quiet_start),
        quiet_end=clock_from_text(row.quiet_end),
        unanswered=row.unanswered,
        checkin_sent=bool(row.checkin_sent),
        timezone_chosen=bool(row.timezone_chosen),
        last_shown=row.last_shown,
        last_recap_on=row.last_recap_on,
        is_new=is_new,
    )


_PERSON_BY_IDENTITY = select(people).where(
    people.c.platform == bindparam("platform"),
    people.c.tenant == bindparam("tenant"),
    people.c.user_id == bindparam("user_id"),
)
_PERSON_FOR_UPDATE = _PERSON_BY_IDENTITY.with_for_update()
_FIND_PERSON = Prepared(_PERSON_BY_IDENTITY)  # every turn's first statement (PostgreSQL locks the row: below)


def _identity(address: Address) -> dict[str, str]:
    return {"platform": address.platform, "tenant": address.tenant, "user_id": address.user}


def needs_address_update(person: PersonRecord, address: Address) -> bool:
    """True when the platform now reaches this person through another conversation or reference. An address
    without a conversation (a button pressed in a team's channel, by someone the adapter has not yet met one to
    one) says nothing new about where they are reached, so it never blanks the one Kinship knows."""
    moved = bool(address.conversation) and person.conversation != address.conversation
    return moved or bool(address.ref and person.ref != address.ref)


def _to_columns(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - _PERSON_UPDATABLE
    if unknown:
        raise ValueError(f"not a person setting: {', '.join(sorted(unknown))}")
    values = dict(changes)
    for column in ("nudge_time", "quiet_start", "quiet_end"):
        if isinstance(values.get(column), time):
            values[column] = values[column].strftime("%H:%M")
    if "nudge_days" in values and not isinstance(values["nudge_days"], int):
        values["nudge_days"] = days_to_mask(values["nudge_days"])
    if "state" in values and not isinstance(values["state"], str):
        values["state"] = json.dumps(values["state"], separators=(",", ":"), sort_keys=True)
    return values


class PeopleQueries(Queries):
    """People and their reflections (mixed into ``Tx``)."""

    # --- people ----------------------------------------------------------------------------------------
    def person(self, address: Address, now: datetime, default_timezone: str) -> PersonRecord:
        """The person behind ``address``, created on first contact, locked for the rest of the turn."""
        if self.dialect == "postgresql":
            query = _PERSON_FOR_UPDATE
            row = self.conn.execute(query, _identity(address)).first()
        else:
            query = _PERSON_BY_IDENTITY
            row = _FIND_PERSON.first(self.conn, _identity(address))
        if row is not None:
            person = person_from_row(row)
            if needs_address_update(person, address) or row.left_at is not None:
                self.conn.execute(
                    update(people)
                    .where(people.c.id == row.id)
                    .values(
                        conversation=address.conversation or row.conversation, ref=address.ref or row.ref, left_at=None
                    )
                )
            return person
        insert = (
            self._insert(people)
            .values(
                platform=address.platform,
                tenant=address.tenant,
                user_id=address.user,
                conversation=address.conversation,
                ref=address.ref,
                created_at=now,
                timezone=default_timezone,
            )
            .on_conflict_do_nothing(index_elements=["platform", "tenant", "user_id"])
        )
        created = (self.conn.execute(insert)).rowcount == 1
        row = (self.conn.execute(query, _identity(address))).one()
        return person_from_row(row, is_new=created)

    def find_person(self, address: Address) -> PersonRecord | None:
        """The person behind ``address`` if Kinship knows them; never creates anyone."""
        row = self.conn.execute(_PERSON_BY_IDENTITY, _identity(address)).first()
        return person_from_row(row) if row is not None else None

    def forget_route(self, address: Address, now: datetime) -> None:
        """The platform says this person removed the app: stop nudges and drop how to reach them (no one is
        created by this). Their data is purged after a grace period unless they come back."""
        self.conn.execute(
            update(people)
            .where(
                people.c.platform == address.platform,
                people.c.tenant == address.tenant,
                people.c.user_id == address.user,
            )
            .values(reachable=False, next_due_at=None, ref="", left_at=now)
        )

    def update_person(self, person_id: int, changes: Mapping[str, Any]) -> None:
        if changes:
            self.conn.execute(update(people).where(people.c.id == person_id).values(**_to_columns(changes)))

    def delete_person(self, person_id: int, address: Address) -> None:
        """Everything held about a person: their row, reflections, look-backs and any follow-up handles."""
        self.conn.execute(delete(reflections).where(reflections.c.person_id == person_id))
        self.conn.execute(delete(lesson_recaps).where(lesson_recaps.c.person_id == person_id))
        self.conn.execute(delete(people).where(people.c.id == person_id))
        self.conn.execute(
            delete(flag_handles).where(
                and_(
                    flag_handles.c.platform == address.platform,
                    flag_handles.c.tenant == address.tenant,
                    flag_handles.c.user_id == address.user,
                )
            )
        )

    # --- reflections (private to their author) ---------------------------------------------------------
    def add_reflection(self, person_id: int, prompt_id: str, text: str, now: datetime) -> int:
        result = self.conn.execute(
            reflections.insert()
            .values(person_id=person_id, prompt_id=prompt_id, text=text, created_at=now)
            .returning(reflections.c.id)
        )
        return int(result.scalar_one())

    def reflections(self, person_id: int, limit: int = 10) -> list[ReflectionRecord]:
        rows = self.conn.execute(
            select(reflections)
            .where(reflections.c.person_id == person_id)
            .order_by(reflections.c.created_at.desc(), reflections.c.id.desc())
            .limit(limit)
        )
        return [ReflectionRecord(r.id, r.prompt_id, r.text, r.created_at) for r in rows]

    def count_reflections(self, person_id: int) -> int:
        query = select(func.count()).select_from(reflections).where(reflections.c.person_id == person_id)
        return int((self.conn.execute(query)).scalar_one())

    def delete_reflection(self, person_id: int, reflection_id: int) -> bool:
        result = self.conn.execute(
            delete(reflections).where(and_(reflections.c.id == reflection_id, reflections.c.person_id == person_id))
        )
        return result.rowcount == 1

    def delete_reflections(self, person_id: int) -> int:
        result = self.conn.execute(delete(reflections).where(reflections.c.person_id == person_id))
        return int(result.rowcount)

    # --- a copy of everything held about someone (``my data``, the right of access) -------------------------
    def held_about(self, address: Address) -> HeldData:
        """Everything Kinship holds about the person behind ``address``; never creates anyone."""
        row = self.conn.execute(_PERSON_BY_IDENTITY, _identity(address)).first()
        handles, until = self._follow_ups(address)
        actions, since = self._lead_actions(address)
        held = HeldData(
            person=None,
            follow_ups=handles,
            follow_ups_until=until,
            replies_owed=self._replies_owed(address),
            lead_actions=actions,
            lead_actions_since=since,
            installations=self._installations(address),
        )
        if row is None:
            return held
        return replace(
            held,
            person=person_from_row(row),
            left_at=row.left_at,
            reflections=self._all_reflections(row.id),
            lessons=self._lessons_had(row.id),
            nudges=self._nudges(row.id),
        )

    def _all_reflections(self, person_id: int) -> tuple[ReflectionRecord, ...]:
        query = (
            select(reflections)
            .where(reflections.c.person_id == person_id)
            .order_by(reflections.c.created_at, reflections.c.id)
        )
        return tuple(ReflectionRecord(r.id, r.prompt_id, r.text, r.created_at) for r in self.conn.execute(query))

    def _lessons_had(self, person_id: int) -> tuple[LessonHad, ...]:
        query = select(lesson_recaps).where(lesson_recaps.c.person_id == person_id).order_by(lesson_recaps.c.first_on)
        return tuple(LessonHad(r.lesson_id, r.first_on, r.recalled, r.due_on) for r in self.conn.execute(query))

    def _nudges(self, person_id: int) -> tuple[NudgeHeld, ...]:
        query = select(deliveries).where(deliveries.c.person_id == person_id).order_by(deliveries.c.local_date)
        return tuple(
            NudgeHeld(
                r.local_date,
                r.status,
                r.kind,
                r.lesson_id,
                tuple(filter(None, (r.recap_id or "").split(","))),
                r.sent_at,
                r.error,
            )
            for r in self.conn.execute(query)
        )

    def _follow_ups(self, address: Address) -> tuple[int, datetime | None]:
        """How many flags they asked to hear back on, and when the last handle expires (never which flags)."""
        query = select(func.count(), func.max(flag_handles.c.expires_at)).where(
            flag_handles.c.platform == address.platform,
            flag_handles.c.tenant == address.tenant,
            flag_handles.c.user_id == address.user,
        )
        count, until = self.conn.execute(query).one()
        return int(count), until

    def _lead_actions(self, address: Address) -> tuple[int, datetime | None]:
        query = select(func.count(), func.min(lead_audit.c.at)).where(
            lead_audit.c.lead_platform == address.platform, lead_audit.c.lead_user == address.user
        )
        count, since = self.conn.execute(query).one()
        return int(count), since

    def _replies_owed(self, address: Address) -> int:
        """Events whose replies to them are not yet delivered: the address is kept until they are (a day)."""
        query = select(processed_events.c.address).where(
            processed_events.c.address.is_not(None),
            processed_events.c.address.contains(json.dumps(address.user), autoescape=True),
        )
        return sum(1 for (raw,) in self.conn.execute(query) if _same_person(raw, address))

    def _installations(self, address: Address) -> int:
        """Slack OAuth installations they made (the Slack SDK's own table, present only with OAuth installs)."""
        if address.platform != "slack" or not inspect(self.conn).has_table("slack_installations"):
            return 0
        query = text(
            "SELECT count(*) FROM slack_installations WHERE user_id = :user"
            " AND (team_id = :tenant OR enterprise_id = :tenant)"
        )
        return int(self.conn.execute(query, {"user": address.user, "tenant": address.tenant}).scalar_one())


def _same_person(raw: str, address: Address) -> bool:
    try:
        owed = json.loads(raw)
    except ValueError:
        return False
    if not isinstance(owed, dict):
        return False
    return (owed.get("platform"), owed.get("tenant"), owed.get("user")) == address.person_key
