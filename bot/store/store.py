"""Queries: everything the bot reads and writes, one transaction per turn."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from bot.domain.records import (
    DeliveryRecord,
    OwedReplies,
    PersonRecord,
    QueueHealth,
    ReflectionRecord,
    days_to_mask,
    mask_to_days,
)
from bot.domain.schedule import Schedule
from bot.domain.types import Address, Reply
from bot.store.codec import decode_address, decode_replies, encode_address, encode_replies
from bot.store.engine import DatabaseUnavailable, Runner, migrate, open_runner, safe_url
from bot.store.flag_store import FlagQueries
from bot.store.tables import UTCDateTime, deliveries, flag_handles, people, processed_events, reflections

T = TypeVar("T")
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
}


def _clock(text: str | None) -> time | None:
    if not text:
        return None
    hour, minute = (int(part) for part in text.split(":"))
    return time(hour, minute)


def _person(row: Any, is_new: bool = False) -> PersonRecord:
    return PersonRecord(
        id=row.id,
        platform=row.platform,
        tenant=row.tenant,
        user_id=row.user_id,
        conversation=row.conversation,
        ref=row.ref,
        created_at=row.created_at,
        timezone=row.timezone,
        nudge_time=_clock(row.nudge_time) or time(10, 0),
        nudge_days=mask_to_days(row.nudge_days),
        subscribed=bool(row.subscribed),
        paused_until=row.paused_until,
        next_due_at=row.next_due_at,
        reachable=bool(row.reachable),
        lesson_position=row.lesson_position,
        last_lesson_id=row.last_lesson_id,
        last_lesson_on=row.last_lesson_on,
        state=json.loads(row.state or "{}"),
        quiet_start=_clock(row.quiet_start),
        quiet_end=_clock(row.quiet_end),
        unanswered=row.unanswered,
        checkin_sent=bool(row.checkin_sent),
        timezone_chosen=bool(row.timezone_chosen),
        is_new=is_new,
    )


_PERSON_BY_IDENTITY = select(people).where(
    people.c.platform == bindparam("platform"),
    people.c.tenant == bindparam("tenant"),
    people.c.user_id == bindparam("user_id"),
)
_PERSON_FOR_UPDATE = _PERSON_BY_IDENTITY.with_for_update()


# The statements every turn runs, built once. SQLAlchemy 2.0 cannot cache a dialect INSERT … ON CONFLICT (it
# is compiled afresh on every call), so those inserts are plain SQL that SQLite and PostgreSQL both accept.
_CLAIM_EVENT = text(
    "INSERT INTO processed_events (event_key, seen_at) VALUES (:key, :now) ON CONFLICT (event_key) DO NOTHING"
).bindparams(bindparam("now", type_=UTCDateTime()))
_RECORD_EVENT = text(
    "INSERT INTO processed_events (event_key, seen_at, address, replies, retry_at, attempts)"
    " VALUES (:key, :now, :owed_to, :owed, :hold_until, 0) ON CONFLICT (event_key) DO NOTHING"
).bindparams(bindparam("now", type_=UTCDateTime()), bindparam("hold_until", type_=UTCDateTime()))
_ALL_REPLIES_DELIVERED = (
    update(processed_events)
    .where(processed_events.c.event_key == bindparam("key"))
    .values(address=None, replies=None, retry_at=None)
)


def _seconds_since(moment: datetime | None, now: datetime) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # an aggregate (MIN) comes back without the column's type on SQLite
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (now - moment).total_seconds())


def _identity(address: Address) -> dict[str, str]:
    return {"platform": address.platform, "tenant": address.tenant, "user_id": address.user}


def needs_address_update(person: PersonRecord, address: Address) -> bool:
    """True when the platform now reaches this person through another conversation or reference."""
    return person.conversation != address.conversation or bool(address.ref and person.ref != address.ref)


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


class Tx(FlagQueries):
    """One open transaction. Its methods are the only SQL the rest of Kinship runs.

    Methods are synchronous on purpose: a whole turn runs as one transaction body (see ``engine.py``).
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name

    def _insert(self, table: Any) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # --- inbound idempotency ---------------------------------------------------------------------------
    def claim_event(self, event_key: str, now: datetime) -> bool:
        """True the first time ``event_key`` is seen; False for a platform's retry of the same delivery."""
        result = self.conn.execute(_CLAIM_EVENT, {"key": event_key[:255], "now": now})
        return result.rowcount == 1

    def record_event(
        self, event_key: str, now: datetime, owed: tuple[Address, list[Reply], datetime] | None = None
    ) -> bool:
        """Remember a delivery as answered, at the end of its turn, with the replies it owes until the platform
        has them (``owed``: where they go, what they are, and until when their poster holds them). False when
        it was already remembered: a platform's retry, whose turn must then be undone (see ``Bot._turn``). One
        statement instead of a claim at the start and an update at the end: a turn's writes cost most of it.
        """
        address, replies, hold_until = owed if owed is not None else (None, None, None)
        result = self.conn.execute(
            _RECORD_EVENT,
            {
                "key": event_key[:255],
                "now": now,
                "owed_to": encode_address(address) if address is not None else None,
                "owed": encode_replies(replies) if replies is not None else None,
                "hold_until": hold_until,
            },
        )
        return result.rowcount == 1

    # --- replies owed: kept with the event until the platform has them (see bot/redelivery.py) -------------
    def take_owed_replies(self, event_key: str, now: datetime, hold_until: datetime) -> list[Reply]:
        """A platform's retry of an answered event: the replies still owed, if their poster's hold has run out
        (it crashed, or gave up); then this caller holds them until ``hold_until``. Otherwise nothing."""
        query = select(processed_events.c.replies, processed_events.c.retry_at).where(
            processed_events.c.event_key == event_key[:255]
        )
        if self.dialect == "postgresql":
            query = query.with_for_update()
        row = self.conn.execute(query).first()
        if row is None or row.replies is None or (row.retry_at is not None and row.retry_at > now):
            return []
        self.conn.execute(
            update(processed_events).where(processed_events.c.event_key == event_key[:255]).values(retry_at=hold_until)
        )
        return decode_replies(row.replies)

    def all_replies_delivered(self, event_keys: Iterable[str]) -> None:
        """Every reply owed for these events reached the platform: forget them, and the address with them."""
        keys = [{"key": key[:255]} for key in event_keys]
        if keys:
            self.conn.execute(_ALL_REPLIES_DELIVERED, keys)

    def replies_delivered(self, event_key: str, count: int | None = None) -> None:
        """The platform accepted the first ``count`` replies still owed (all of them when None)."""
        key = event_key[:255]
        if count is not None:
            row = self.conn.execute(
                select(processed_events.c.replies).where(processed_events.c.event_key == key)
            ).first()
            rest = decode_replies(row.replies)[count:] if row is not None and row.replies else []
            if rest:
                self.conn.execute(
                    update(processed_events)
                    .where(processed_events.c.event_key == key)
                    .values(replies=encode_replies(rest))
                )
                return
        self.conn.execute(_ALL_REPLIES_DELIVERED, {"key": key})

    def claim_owed_replies(
        self, now: datetime, hold_until: datetime, limit: int, platforms: Iterable[str]
    ) -> list[OwedReplies]:
        """Take up to ``limit`` events on ``platforms`` whose replies are owed and whose hold has run out."""
        on_platforms = or_(*(processed_events.c.event_key.startswith(f"{p}:", autoescape=True) for p in platforms))
        query = (
            select(processed_events.c.event_key)
            .where(processed_events.c.replies.is_not(None), processed_events.c.retry_at <= now, on_platforms)
            .order_by(processed_events.c.retry_at)
            .limit(limit)
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        keys = [row.event_key for row in self.conn.execute(query)]
        if not keys:
            return []
        self.conn.execute(
            update(processed_events)
            .where(processed_events.c.event_key.in_(keys))
            .values(retry_at=hold_until, attempts=processed_events.c.attempts + 1)
        )
        rows = self.conn.execute(select(processed_events).where(processed_events.c.event_key.in_(keys)))
        return [
            OwedReplies(r.event_key, decode_address(r.address), decode_replies(r.replies), r.attempts) for r in rows
        ]

    def retry_owed_replies(self, event_key: str, retry_at: datetime) -> None:
        self.conn.execute(
            update(processed_events).where(processed_events.c.event_key == event_key[:255]).values(retry_at=retry_at)
        )

    def next_owed_retry(self) -> datetime | None:
        return self.conn.execute(
            select(func.min(processed_events.c.retry_at)).where(processed_events.c.replies.is_not(None))
        ).scalar()

    def purge_events(self, seen_before: datetime) -> int:
        """Forget events (and any replies they still owe) first seen before ``seen_before``."""
        result = self.conn.execute(delete(processed_events).where(processed_events.c.seen_at < seen_before))
        return int(result.rowcount)

    # --- people ----------------------------------------------------------------------------------------
    def person(self, address: Address, now: datetime, default_timezone: str) -> PersonRecord:
        """The person behind ``address``, created on first contact, locked for the rest of the turn."""
        query = _PERSON_FOR_UPDATE if self.dialect == "postgresql" else _PERSON_BY_IDENTITY
        row = (self.conn.execute(query, _identity(address))).first()
        if row is not None:
            person = _person(row)
            if needs_address_update(person, address) or row.left_at is not None:
                self.conn.execute(
                    update(people)
                    .where(people.c.id == row.id)
                    .values(conversation=address.conversation, ref=address.ref or row.ref, left_at=None)
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
        return _person(row, is_new=created)

    def find_person(self, address: Address) -> PersonRecord | None:
        """The person behind ``address`` if Kinship knows them; never creates anyone."""
        row = self.conn.execute(_PERSON_BY_IDENTITY, _identity(address)).first()
        return _person(row) if row is not None else None

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
        """Everything held about a person: their row, reflections (cascade) and any follow-up handles."""
        self.conn.execute(delete(reflections).where(reflections.c.person_id == person_id))
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

    # --- the nudge delivery queue ------------------------------------------------------------------------
    def due_schedules(
        self, now: datetime, platforms: Iterable[str], limit: int
    ) -> list[tuple[int, Schedule, datetime]]:
        """(person id, schedule, due instant) for subscribed, reachable people whose nudge is due; on
        PostgreSQL the rows are locked, skipping any another worker holds."""
        columns = (
            people.c.id,
            people.c.timezone,
            people.c.nudge_time,
            people.c.nudge_days,
            people.c.paused_until,
            people.c.quiet_start,
            people.c.quiet_end,
            people.c.next_due_at,
        )
        query = (
            select(*columns)
            .where(
                people.c.next_due_at <= now,
                people.c.subscribed,
                people.c.reachable,
                people.c.platform.in_(list(platforms)),
            )
            .order_by(people.c.next_due_at)
            .limit(limit)
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [
            (
                r.id,
                Schedule(
                    r.timezone,
                    _clock(r.nudge_time) or time(10, 0),
                    mask_to_days(r.nudge_days),
                    r.paused_until,
                    _clock(r.quiet_start),
                    _clock(r.quiet_end),
                ),
                r.next_due_at,
            )
            for r in self.conn.execute(query)
        ]

    def enqueue(self, rows: list[dict[str, Any]], next_due: list[dict[str, Any]]) -> int:
        """Add deliveries (a second one for the same person and local date is silently refused) and move
        each person's next due instant on, in the same transaction. Returns how many were added."""
        added = 0
        if rows:
            stmt = (
                self._insert(deliveries)
                .on_conflict_do_nothing(index_elements=["person_id", "local_date"])
                .returning(deliveries.c.id)
            )
            added = len(self.conn.execute(stmt, rows).all())
        if next_due:
            self.conn.execute(
                update(people).where(people.c.id == bindparam("pid")).values(next_due_at=bindparam("due")),
                next_due,
            )
        return added

    def claim(self, now: datetime, owner: str, lease_until: datetime, limit: int) -> list[DeliveryRecord]:
        """Take up to ``limit`` due deliveries: new ones, retries now due, and any whose lease has run out."""
        ids: list[int] = []
        for status, moment in (("pending", deliveries.c.due_at), ("sending", deliveries.c.lease_until)):
            if len(ids) >= limit:
                break
            query = (
                select(deliveries.c.id)
                .where(deliveries.c.status == status, moment <= now if status == "pending" else moment < now)
                .order_by(deliveries.c.due_at)
                .limit(limit - len(ids))
            )
            if self.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids += [row.id for row in self.conn.execute(query)]
        if not ids:
            return []
        self.conn.execute(
            update(deliveries)
            .where(deliveries.c.id.in_(ids))
            .values(status="sending", lease_owner=owner, lease_until=lease_until, attempts=deliveries.c.attempts + 1)
        )
        rows = self.conn.execute(select(deliveries).where(deliveries.c.id.in_(ids)).order_by(deliveries.c.due_at))
        return [
            DeliveryRecord(r.id, r.person_id, r.local_date, r.due_at, r.kind, r.lesson_id, r.recap_id, r.attempts)
            for r in rows
        ]

    def people_by_id(self, person_ids: Iterable[int]) -> dict[int, tuple[PersonRecord, Address]]:
        rows = self.conn.execute(select(people).where(people.c.id.in_(list(person_ids))))
        return {
            row.id: (_person(row), Address(row.platform, row.tenant, row.user_id, row.conversation, row.ref))
            for row in rows
        }

    def count_answerless(self, person_id: int) -> None:
        """One more nudge sent without a reply yet."""
        self.conn.execute(update(people).where(people.c.id == person_id).values(unanswered=people.c.unanswered + 1))

    def set_plan(self, delivery_id: int, kind: str, lesson_id: str | None, recap_id: str | None) -> None:
        self.conn.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(kind=kind, lesson_id=lesson_id, recap_id=recap_id)
        )

    def lessons_sent_on(self, person_ids: Iterable[int], dates: Iterable[date]) -> dict[tuple[int, date], str]:
        """Lessons sent to these people on these local dates, keyed by (person id, date)."""
        rows = self.conn.execute(
            select(deliveries.c.person_id, deliveries.c.local_date, deliveries.c.lesson_id).where(
                deliveries.c.person_id.in_(list(person_ids)),
                deliveries.c.local_date.in_(list(dates)),
                deliveries.c.status == "sent",
                deliveries.c.kind == "lesson",
            )
        )
        return {(r.person_id, r.local_date): r.lesson_id for r in rows if r.lesson_id}

    def finish_delivery(self, delivery_id: int, owner: str, status: str, now: datetime, error: str = "") -> bool:
        """Mark a delivery this worker holds as sent, skipped or failed. False if the lease was lost."""
        result = self.conn.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id, deliveries.c.lease_owner == owner, deliveries.c.status == "sending")
            .values(
                status=status,
                sent_at=now if status == "sent" else None,
                lease_owner=None,
                lease_until=None,
                error=error[:200] or None,
            )
        )
        return result.rowcount == 1

    def retry_delivery(self, delivery_id: int, owner: str, retry_at: datetime, error: str) -> None:
        self.conn.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id, deliveries.c.lease_owner == owner)
            .values(status="pending", due_at=retry_at, lease_owner=None, lease_until=None, error=error[:200])
        )

    def release_leases(self, owner: str) -> int:
        """A worker stopping cleanly hands back what it holds, so nothing waits for a lease to expire."""
        result = self.conn.execute(
            update(deliveries)
            .where(deliveries.c.lease_owner == owner, deliveries.c.status == "sending")
            .values(status="pending", lease_owner=None, lease_until=None)
        )
        return int(result.rowcount)

    def next_wake(self) -> datetime | None:
        """The earliest moment the worker may have something to do."""
        candidates = [
            self.conn.execute(select(func.min(people.c.next_due_at)).where(people.c.subscribed, people.c.reachable)),
            self.conn.execute(select(func.min(deliveries.c.due_at)).where(deliveries.c.status == "pending")),
            self.conn.execute(select(func.min(deliveries.c.lease_until)).where(deliveries.c.status == "sending")),
        ]
        found = [value for result in candidates if (value := result.scalar()) is not None]
        return min(found) if found else None

    def delivery_counts(self) -> dict[str, int]:
        rows = self.conn.execute(select(deliveries.c.status, func.count()).group_by(deliveries.c.status))
        return {status: int(count) for status, count in rows}

    def queue_health(self, now: datetime) -> QueueHealth:
        """For ``/metrics``: reads that use the ``(status, due_at)`` and ``retry_at`` indexes (an owed reply
        always has a ``retry_at``; delivered ones have it cleared)."""
        oldest_due = self.conn.execute(
            select(func.min(deliveries.c.due_at)).where(deliveries.c.status == "pending", deliveries.c.due_at <= now)
        ).scalar()
        owed, oldest_owed = self.conn.execute(
            select(func.count(), func.min(processed_events.c.seen_at)).where(
                processed_events.c.retry_at.is_not(None), processed_events.c.replies.is_not(None)
            )
        ).one()
        return QueueHealth(
            deliveries=self.delivery_counts(),
            oldest_due_seconds=_seconds_since(oldest_due, now),
            replies_owed=int(owed),
            oldest_owed_seconds=_seconds_since(oldest_owed, now),
        )


class Store:
    """The database behind Kinship. Open with :meth:`open`; :meth:`run` one transaction per turn."""

    def __init__(self, runner: Runner, database_url: str) -> None:
        self.runner = runner
        self.database_url = database_url

    @property
    def dialect(self) -> str:
        return self.runner.dialect

    @classmethod
    async def open(cls, database_url: str, *, run_migrations: bool = True) -> Store:
        """Connect (and migrate); raises :class:`DatabaseUnavailable` with one readable line on failure."""
        runner: Runner | None = None
        try:
            runner = open_runner(database_url)
            if run_migrations:
                await runner.run(migrate)
        except (OSError, OperationalError, DBAPIError, ConnectionError, ArgumentError) as exc:
            if runner is not None:
                await runner.close()
            raise DatabaseUnavailable(describe_failure(database_url, exc)) from None
        return cls(runner, database_url)

    async def close(self) -> None:
        await self.runner.close()

    async def run(self, body: Callable[[Tx], T], *, quick: bool = False) -> T:
        """Run ``body`` in one transaction, committed if it returns and rolled back if it raises. ``quick``:
        a turn's worth of work, no more (see ``engine.py``: on SQLite it may run on the event loop)."""
        return await self.runner.run(lambda conn: body(Tx(conn)), quick=quick)

    async def run_on_connection(self, body: Callable[[Connection], T]) -> T:
        """Like :meth:`run`, for schema work and tests that need the plain connection."""
        return await self.runner.run(body)


def describe_failure(database_url: str, exc: BaseException) -> str:
    """One line for a person: which database, and the driver's reason without a traceback."""
    reason = getattr(exc, "orig", None) or exc
    text = " ".join(str(reason).split()) or type(reason).__name__
    if len(text) > 200:
        text = text[:197] + "..."
    return f"Kinship cannot use its database at {safe_url(database_url)}: {text}. Check DATABASE_URL."
