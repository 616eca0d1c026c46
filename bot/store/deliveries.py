"""Queries for the nudge delivery queue: who is due, claiming deliveries under a lease, and finishing them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import bindparam, func, select, update

from bot.domain.records import DeliveryRecord, PersonRecord, QueueHealth, mask_to_days
from bot.domain.schedule import Schedule
from bot.domain.types import Address
from bot.store.people import clock_from_text, person_from_row
from bot.store.queries import Queries
from bot.store.tables import deliveries, people, processed_events


def _seconds_since(moment: datetime | None, now: datetime) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # an aggregate (MIN) comes back without the column's type on SQLite
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (now - moment).total_seconds())


class DeliveryQueries(Queries):
    """The nudge delivery queue (mixed into ``Tx``)."""

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
                    clock_from_text(r.nudge_time) or time(10, 0),
                    mask_to_days(r.nudge_days),
                    r.paused_until,
                    clock_from_text(r.quiet_start),
                    clock_from_text(r.quiet_end),
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
            row.id: (person_from_row(row), Address(row.platform, row.tenant, row.user_id, row.conversation, row.ref))
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
