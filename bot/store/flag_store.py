"""Queries for anonymous flags, lead review, relayed replies and retention (mixed into :class:`Tx`).

Nothing here takes a reporter's identity except :meth:`FlagQueries.add_handle`, which writes the one table
that may hold it (``flag_handles``: only what a relay needs, deleted when the flag closes or expires). Rate
limits and distinct-reporter counts see only keyed hashes made by :mod:`bot.domain.reporters`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from bot.domain.case_codes import new_case_code
from bot.domain.records import ALL_CATEGORIES, EVERY_FLAG, Cell, FlagFilter, FlagMessage, FlagRecord
from bot.domain.types import Address
from bot.store.queries import Queries
from bot.store.tables import (
    flag_handles,
    flag_messages,
    flag_quota,
    flags,
    lead_audit,
    people,
)


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


def _handle_address(row: Any) -> Address:
    return Address(row.platform, row.tenant, row.user_id, row.conversation, row.ref)


@dataclass(frozen=True, slots=True)
class Relay:
    """A claimed message to pass on: to the reporter (through the handle) or to the flag's unit leads."""

    message: FlagMessage
    flag: FlagRecord
    reporter: Address | None  # set for a lead's message while the reporter can still be reached


class FlagQueries(Queries):
    """Flags, their review and relayed replies (mixed into ``Tx``)."""

    # --- sending and following a flag ----------------------------------------------------------------
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
        submitted_month: date | None = None,
    ) -> FlagRecord:
        for _ in range(5):
            code = new_case_code()  # 60 bits: see bot.domain.case_codes
            taken = self.conn.execute(select(flags.c.id).where(flags.c.case_code == code))
            if taken.first() is None:
                break
        values = dict(
            case_code=code,
            unit=unit,
            category=category,
            occurred=occurred,
            submitted_week=submitted_week,
            submitted_month=submitted_month or submitted_week.replace(day=1),
            danger=danger,
            description=description,
            release_at=release_at,
        )
        row = (self.conn.execute(flags.insert().values(**values).returning(*flags.c))).one()
        return _flag(row)

    def take_flag_quota(self, token: str, day: date, limit: int) -> bool:
        """Count one flag against a reporter's daily allowance (a keyed hash, rotating daily); False when
        the allowance is used up, and then nothing is counted."""
        used = self.flags_sent_on(token, day)
        if used >= limit:
            return False
        stmt = self._insert(flag_quota).values(token=token, day=day, count=used + 1)
        self.conn.execute(stmt.on_conflict_do_update(index_elements=["token"], set_={"day": day, "count": used + 1}))
        return True

    def flags_sent_on(self, token: str, day: date) -> int:
        """How many flags a reporter's token has counted on ``day`` (read only: nothing is counted)."""
        row = self.conn.execute(select(flag_quota.c.day, flag_quota.c.count).where(flag_quota.c.token == token)).first()
        counted_day, counted = row if row is not None else (None, 0)  # unpacked: typed, row.count is tuple.count
        return counted if counted_day == day else 0

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

    def handle_for(self, flag_id: int, now: datetime) -> Address | None:
        """Where to reach the reporter of a flag, while they can still hear back."""
        row = self.conn.execute(
            select(flag_handles).where(flag_handles.c.flag_id == flag_id, flag_handles.c.expires_at > now)
        ).first()
        return _handle_address(row) if row is not None else None

    def flag_by_code(self, case_code: str) -> FlagRecord | None:
        row = (self.conn.execute(select(flags).where(flags.c.case_code == case_code.upper()))).first()
        return _flag(row) if row is not None else None

    def withdraw_flag(self, case_code: str) -> bool:
        """The reporter takes a flag back: its words, replies and any follow-up handle are deleted at once."""
        flag = self.flag_by_code(case_code)
        if flag is None or flag.status == "withdrawn":
            return False
        self.conn.execute(delete(flag_handles).where(flag_handles.c.flag_id == flag.id))
        self.conn.execute(delete(flag_messages).where(flag_messages.c.flag_id == flag.id))
        self.conn.execute(
            update(flags).where(flags.c.id == flag.id).values(status="withdrawn", description="", lead_note=None)
        )
        return True

    # --- relayed replies -----------------------------------------------------------------------------------
    def add_flag_message(self, flag_id: int, sender: str, text: str, release_at: datetime) -> None:
        """A reply for the other side, passed on at ``release_at`` (its batch), which is also the only time
        kept for it: never the moment it was written."""
        self.conn.execute(
            flag_messages.insert().values(
                flag_id=flag_id, sender=sender, text=text, created_at=release_at, release_at=release_at, relay="pending"
            )
        )

    def flag_messages(self, flag_id: int) -> list[FlagMessage]:
        rows = self.conn.execute(
            select(flag_messages).where(flag_messages.c.flag_id == flag_id).order_by(flag_messages.c.id)
        )
        return [FlagMessage(r.id, r.flag_id, r.sender, r.text, r.created_at) for r in rows]

    def claim_relays(self, now: datetime, until: datetime, limit: int = 50) -> list[Relay]:
        """Messages waiting to be passed on (or whose last attempt's lease ran out), leased to the caller."""
        waiting = and_(
            or_(
                flag_messages.c.relay == "pending",
                and_(flag_messages.c.relay == "sending", flag_messages.c.relay_until < now),
            ),
            or_(flag_messages.c.release_at.is_(None), flag_messages.c.release_at <= now),
        )
        query = select(flag_messages.c.id).where(waiting).order_by(flag_messages.c.id).limit(limit)
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = [row.id for row in self.conn.execute(query)]
        if not ids:
            return []
        self.conn.execute(
            update(flag_messages).where(flag_messages.c.id.in_(ids)).values(relay="sending", relay_until=until)
        )
        messages = self.conn.execute(
            select(flag_messages).where(flag_messages.c.id.in_(ids)).order_by(flag_messages.c.id)
        )
        found = [FlagMessage(r.id, r.flag_id, r.sender, r.text, r.created_at) for r in messages]
        flag_rows = self.conn.execute(select(flags).where(flags.c.id.in_({m.flag_id for m in found})))
        by_id = {r.id: _flag(r) for r in flag_rows}
        return [
            Relay(m, by_id[m.flag_id], self.handle_for(m.flag_id, now) if m.sender == "lead" else None) for m in found
        ]

    def finish_relay(self, message_id: int) -> None:
        self.conn.execute(
            update(flag_messages).where(flag_messages.c.id == message_id).values(relay="done", relay_until=None)
        )

    def retry_relay(self, message_id: int, retry_at: datetime) -> None:
        self.conn.execute(
            update(flag_messages).where(flag_messages.c.id == message_id).values(relay="sending", relay_until=retry_at)
        )

    def people_at(self, identities: Iterable[tuple[str, str]]) -> list[Address]:
        """Addresses of the people Kinship knows by (platform, user id), for messages to leads."""
        found: list[Address] = []
        for platform, user in identities:
            rows = self.conn.execute(
                select(people.c.platform, people.c.tenant, people.c.user_id, people.c.conversation, people.c.ref).where(
                    people.c.platform == platform, people.c.user_id == user, people.c.conversation != ""
                )
            )
            found += [_handle_address(r) for r in rows]
        return found

    # --- lead review ------------------------------------------------------------------------------------
    def _visible(self, units: Iterable[str], now: datetime) -> Any:
        return and_(flags.c.unit.in_(list(units)), flags.c.release_at <= now, flags.c.status != "withdrawn")

    def _listed(self, units: Iterable[str], now: datetime, where: FlagFilter) -> Any:
        chosen = [u for u in units if not where.unit or u == where.unit]
        condition = self._visible(chosen, now)
        if where.category:
            condition = and_(condition, flags.c.category == where.category)
        if where.status:
            condition = and_(condition, flags.c.status == where.status)
        return condition

    def released_flags(
        self, units: Iterable[str], now: datetime, limit: int = 20, *, offset: int = 0, where: FlagFilter = EVERY_FLAG
    ) -> list[FlagRecord]:
        """A page of the flags a lead can see, newest release first, narrowed by ``where``."""
        rows = self.conn.execute(
            select(flags)
            .where(self._listed(units, now, where))
            .order_by(flags.c.release_at.desc(), flags.c.id.desc())
            .limit(limit)
            .offset(max(0, offset))
        )
        return [_flag(r) for r in rows]

    def count_released(
        self, units: Iterable[str], now: datetime, where: FlagFilter = EVERY_FLAG, *, above: FlagRecord | None = None
    ) -> int:
        """How many flags :meth:`released_flags` would page through, or only those listed ``above`` a flag (each
        is on the lead's list anyway, so this count needs no suppression)."""
        condition = self._listed(units, now, where)
        if above is not None:
            at, ident = above.release_at, above.id
            newer = or_(flags.c.release_at > at, and_(flags.c.release_at == at, flags.c.id > ident))
            condition = and_(condition, newer)
        return int(self.conn.execute(select(func.count()).select_from(flags).where(condition)).scalar_one())

    def released_categories(self, units: Iterable[str], now: datetime, where: FlagFilter = EVERY_FLAG) -> list[str]:
        """The kinds of flag (situation ids) among those :meth:`released_flags` would page through."""
        query = select(flags.c.category).where(self._listed(units, now, where)).distinct().order_by(flags.c.category)
        return [row.category for row in self.conn.execute(query)]

    def awaiting_lead(self, units: Iterable[str], now: datetime) -> int:
        """Flags a lead can see whose thread ends with the reporter's words: replies the lead still owes."""
        latest = (
            select(flag_messages.c.flag_id, func.max(flag_messages.c.id).label("last_id"))
            .where(or_(flag_messages.c.release_at.is_(None), flag_messages.c.release_at <= now))
            .group_by(flag_messages.c.flag_id)
            .subquery()
        )
        query = (
            select(func.count())
            .select_from(flags.join(latest, latest.c.flag_id == flags.c.id))
            .join(flag_messages, flag_messages.c.id == latest.c.last_id)
            .where(self._visible(units, now), flag_messages.c.sender == "reporter")
        )
        return int(self.conn.execute(query).scalar_one())

    def last_senders(self, flag_ids: Iterable[int]) -> dict[int, str]:
        """Who wrote last on each flag's thread (``lead`` or ``reporter``), for "new reply" markers."""
        ids = list(flag_ids)
        if not ids:
            return {}
        latest = (
            select(flag_messages.c.flag_id, func.max(flag_messages.c.id).label("last_id"))
            .where(flag_messages.c.flag_id.in_(ids))
            .group_by(flag_messages.c.flag_id)
            .subquery()
        )
        rows = self.conn.execute(
            select(flag_messages.c.flag_id, flag_messages.c.sender).join(latest, flag_messages.c.id == latest.c.last_id)
        )
        return {r.flag_id: r.sender for r in rows}

    def monthly_cells(
        self, units: Iterable[str], months: Iterable[date], now: datetime
    ) -> dict[tuple[str, date, str], Cell]:
        """Flags a lead can see (released, not withdrawn), counted by (unit, month, category); category ``*``
        holds the unit's month as a whole. Counts of flags, never of people: see :mod:`bot.domain.summary`."""
        unit_list, month_list = list(units), list(months)
        counted = self.conn.execute(
            select(flags.c.unit, flags.c.submitted_month, flags.c.category, func.count())
            .with_hint(flags, "INDEXED BY ix_flags_unit_submitted_month", "sqlite")  # SQLite keeps no statistics
            .where(self._visible(unit_list, now), flags.c.submitted_month.in_(month_list))
            .group_by(flags.c.unit, flags.c.submitted_month, flags.c.category)
        )
        cells = {(u, m, c): Cell(int(n)) for u, m, c, n in counted}
        totals: dict[tuple[str, date, str], int] = {}
        for (u, m, _c), cell in cells.items():
            totals[(u, m, ALL_CATEGORIES)] = totals.get((u, m, ALL_CATEGORIES), 0) + cell.flags
        cells.update({key: Cell(n) for key, n in totals.items()})
        return cells

    def released_flag(self, flag_id: int, units: Iterable[str], now: datetime) -> FlagRecord | None:
        row = (self.conn.execute(select(flags).where(and_(flags.c.id == flag_id, self._visible(units, now))))).first()
        return _flag(row) if row is not None else None

    def set_flag_status(self, flag_id: int, status: str, closes_at: datetime | None = None) -> None:
        """Mark a flag. "Action taken" closes it: the way to reach its reporter then lasts only until
        ``closes_at`` (long enough to pass on a closing note) and is purged after."""
        self.conn.execute(update(flags).where(flags.c.id == flag_id).values(status=status))
        if status == "action-taken" and closes_at is not None:
            self.conn.execute(
                update(flag_handles)
                .where(flag_handles.c.flag_id == flag_id, flag_handles.c.expires_at > closes_at)
                .values(expires_at=closes_at)
            )

    def set_flag_note(self, flag_id: int, note: str) -> None:
        self.conn.execute(update(flags).where(flags.c.id == flag_id).values(lead_note=note or None))

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
        """Append to the lead audit log: who (the lead), what, when. Never anything about a reporter."""
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

    def audited(self, *, lead: Address, action: str, detail: str) -> bool:
        """True if the audit log already has this action, with this detail, for this lead."""
        query = (
            select(lead_audit.c.id)
            .where(
                lead_audit.c.lead_platform == lead.platform,
                lead_audit.c.lead_user == lead.user,
                lead_audit.c.action == action,
                lead_audit.c.detail == detail,
            )
            .limit(1)
        )
        return self.conn.execute(query).first() is not None

    # --- retention ------------------------------------------------------------------------------------
    def purge(self, *, flags_before: date, handles_at: datetime, left_before: datetime, today: date) -> dict[str, int]:
        """Delete what Kinship no longer needs; returns how many rows of each kind went."""
        old = select(flags.c.id).where(flags.c.submitted_week < flags_before)
        counts = {
            "flag_messages": self._delete(delete(flag_messages).where(flag_messages.c.flag_id.in_(old))),
            "flag_handles": self._delete(
                delete(flag_handles).where(
                    or_(flag_handles.c.expires_at <= handles_at, flag_handles.c.flag_id.in_(old))
                )
            ),
        }
        counts["flags"] = self._delete(delete(flags).where(flags.c.submitted_week < flags_before))
        counts["flag_quota"] = self._delete(delete(flag_quota).where(flag_quota.c.day < today))
        gone = select(people.c.id).where(
            people.c.left_at < left_before,
            people.c.platform == flag_handles.c.platform,
            people.c.tenant == flag_handles.c.tenant,
            people.c.user_id == flag_handles.c.user_id,
        )
        counts["flag_handles"] += self._delete(delete(flag_handles).where(gone.exists()))
        counts["people"] = self._delete(delete(people).where(people.c.left_at < left_before))
        return counts

    def _delete(self, statement: Any) -> int:
        return int(self.conn.execute(statement).rowcount or 0)
