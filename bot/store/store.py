"""Queries: everything the bot reads and writes, one transaction per turn."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from bot.store.engine import DatabaseUnavailable, Runner, migrate, open_runner, safe_url
from bot.store.records import FlagRecord, PersonRecord, ReflectionRecord, days_to_mask, mask_to_days
from bot.store.tables import flag_handles, flags, lead_audit, people, processed_events, reflections
from bot.types import Address

T = TypeVar("T")
CASE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and retyped
CASE_CODE_LENGTH = 8
_PERSON_UPDATABLE = {
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
}


def _person(row: Any, is_new: bool = False) -> PersonRecord:
    hour, minute = (int(part) for part in row.nudge_time.split(":"))
    return PersonRecord(
        id=row.id,
        platform=row.platform,
        tenant=row.tenant,
        user_id=row.user_id,
        conversation=row.conversation,
        ref=row.ref,
        created_at=row.created_at,
        timezone=row.timezone,
        nudge_time=time(hour, minute),
        nudge_days=mask_to_days(row.nudge_days),
        subscribed=bool(row.subscribed),
        paused_until=row.paused_until,
        next_due_at=row.next_due_at,
        reachable=bool(row.reachable),
        lesson_position=row.lesson_position,
        last_lesson_id=row.last_lesson_id,
        last_lesson_on=row.last_lesson_on,
        state=json.loads(row.state or "{}"),
        is_new=is_new,
    )


_PERSON_BY_IDENTITY = select(people).where(
    people.c.platform == bindparam("platform"),
    people.c.tenant == bindparam("tenant"),
    people.c.user_id == bindparam("user_id"),
)
_PERSON_FOR_UPDATE = _PERSON_BY_IDENTITY.with_for_update()


def _identity(address: Address) -> dict[str, str]:
    return {"platform": address.platform, "tenant": address.tenant, "user_id": address.user}


def needs_address_update(person: PersonRecord, address: Address) -> bool:
    """True when the platform now reaches this person through another conversation or reference."""
    return person.conversation != address.conversation or bool(address.ref and person.ref != address.ref)


def _flag(row: Any) -> FlagRecord:
    return FlagRecord(
        id=row.id,
        case_code=row.case_code,
        unit=row.unit,
        category=row.category,
        occurred=row.occurred,
        submitted_week=row.submitted_week,
        danger=bool(row.danger),
        description=row.description,
        status=row.status,
        release_at=row.release_at,
        lead_note=row.lead_note,
    )


def _to_columns(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - _PERSON_UPDATABLE
    if unknown:
        raise ValueError(f"not a person setting: {', '.join(sorted(unknown))}")
    values = dict(changes)
    if "nudge_time" in values and isinstance(values["nudge_time"], time):
        values["nudge_time"] = values["nudge_time"].strftime("%H:%M")
    if "nudge_days" in values and not isinstance(values["nudge_days"], int):
        values["nudge_days"] = days_to_mask(values["nudge_days"])
    if "state" in values and not isinstance(values["state"], str):
        values["state"] = json.dumps(values["state"], separators=(",", ":"), sort_keys=True)
    return values


class Tx:
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
        stmt = self._insert(processed_events).values(event_key=event_key[:255], seen_at=now)
        result = self.conn.execute(stmt.on_conflict_do_nothing(index_elements=["event_key"]))
        return result.rowcount == 1

    # --- people ----------------------------------------------------------------------------------------
    def person(self, address: Address, now: datetime, default_timezone: str) -> PersonRecord:
        """The person behind ``address``, created on first contact, locked for the rest of the turn."""
        query = _PERSON_FOR_UPDATE if self.dialect == "postgresql" else _PERSON_BY_IDENTITY
        row = (self.conn.execute(query, _identity(address))).first()
        if row is not None:
            person = _person(row)
            if needs_address_update(person, address):
                self.conn.execute(
                    update(people)
                    .where(people.c.id == row.id)
                    .values(conversation=address.conversation, ref=address.ref or row.ref)
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

    # --- flags (no reporter identity here) -------------------------------------------------------------
    def insert_flag(
        self,
        *,
        unit: str,
        category: str,
        occurred: str,
        submitted_week: date,
        danger: bool,
        description: str,
        release_at: datetime,
    ) -> FlagRecord:
        for _ in range(5):
            code = "".join(secrets.choice(CASE_CODE_ALPHABET) for _ in range(CASE_CODE_LENGTH))
            taken = self.conn.execute(select(flags.c.id).where(flags.c.case_code == code))
            if taken.first() is None:
                break
        values = dict(
            case_code=code,
            unit=unit,
            category=category,
            occurred=occurred,
            submitted_week=submitted_week,
            danger=danger,
            description=description,
            release_at=release_at,
        )
        row = (self.conn.execute(flags.insert().values(**values).returning(*flags.c))).one()
        return _flag(row)

    def add_handle(self, flag_id: int, address: Address, expires_at: datetime) -> None:
        self.conn.execute(
            flag_handles.insert().values(
                flag_id=flag_id,
                platform=address.platform,
                tenant=address.tenant,
                user_id=address.user,
                conversation=address.conversation,
                ref=address.ref,
                expires_at=expires_at,
            )
        )

    def flag_by_code(self, case_code: str) -> FlagRecord | None:
        row = (self.conn.execute(select(flags).where(flags.c.case_code == case_code.upper()))).first()
        return _flag(row) if row is not None else None

    def withdraw_flag(self, case_code: str) -> bool:
        """The reporter takes a flag back: its words and any follow-up handle are deleted at once."""
        flag = self.flag_by_code(case_code)
        if flag is None or flag.status == "withdrawn":
            return False
        self.conn.execute(delete(flag_handles).where(flag_handles.c.flag_id == flag.id))
        self.conn.execute(
            update(flags).where(flags.c.id == flag.id).values(status="withdrawn", description="", lead_note=None)
        )
        return True

    def _visible(self, units: Iterable[str], now: datetime) -> Any:
        return and_(flags.c.unit.in_(list(units)), flags.c.release_at <= now, flags.c.status != "withdrawn")

    def released_flags(self, units: Iterable[str], now: datetime, limit: int = 20) -> list[FlagRecord]:
        rows = self.conn.execute(
            select(flags)
            .where(self._visible(units, now))
            .order_by(flags.c.release_at.desc(), flags.c.id.desc())
            .limit(limit)
        )
        return [_flag(r) for r in rows]

    def flag_counts(self, units: Iterable[str], now: datetime) -> dict[tuple[str, str], int]:
        rows = self.conn.execute(
            select(flags.c.unit, flags.c.category, func.count())
            .where(self._visible(units, now))
            .group_by(flags.c.unit, flags.c.category)
        )
        return {(unit, category): int(count) for unit, category, count in rows}

    def released_flag(self, flag_id: int, units: Iterable[str], now: datetime) -> FlagRecord | None:
        row = (self.conn.execute(select(flags).where(and_(flags.c.id == flag_id, self._visible(units, now))))).first()
        return _flag(row) if row is not None else None

    def set_flag_status(self, flag_id: int, status: str, note: str | None = None) -> None:
        values: dict[str, Any] = {"status": status}
        if note is not None:
            values["lead_note"] = note
        self.conn.execute(update(flags).where(flags.c.id == flag_id).values(**values))
        if status == "action-taken":
            self.conn.execute(delete(flag_handles).where(flag_handles.c.flag_id == flag_id))

    def audit(
        self,
        *,
        lead: Address,
        action: str,
        now: datetime,
        unit: str | None = None,
        flag_id: int | None = None,
        detail: str = "",
    ) -> None:
        self.conn.execute(
            lead_audit.insert().values(
                at=now,
                lead_platform=lead.platform,
                lead_user=lead.user,
                action=action,
                unit=unit,
                flag_id=flag_id,
                detail=detail,
            )
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

    async def run(self, body: Callable[[Tx], T]) -> T:
        """Run ``body`` in one transaction, committed if it returns and rolled back if it raises."""
        return await self.runner.run(lambda conn: body(Tx(conn)))

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
