"""Queries for look-backs: which lessons a person has been given, and which look-backs are due."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import bindparam, select, update

from bot.domain import recaps
from bot.store.prepared import Prepared
from bot.store.queries import Queries
from bot.store.tables import lesson_recaps

# one person's due look-backs, built once (a lesson asked for runs it on every turn); one more than a day's
# worth, in case the lesson being given is among them
_DUE_FOR_ONE = Prepared(
    select(lesson_recaps.c.lesson_id)
    .where(
        lesson_recaps.c.person_id == bindparam("person_id"),
        lesson_recaps.c.due_on.is_not(None),
        lesson_recaps.c.due_on <= bindparam("on"),
    )
    .order_by(lesson_recaps.c.due_on, lesson_recaps.c.first_on, lesson_recaps.c.lesson_id)
    .limit(recaps.MOST_AT_ONCE + 1)
)


class RecapQueries(Queries):
    """Look-backs at earlier lessons (mixed into ``Tx``)."""

    def lesson_given(self, person_id: int, lesson_id: str, on: date) -> None:
        """Note that a person had a lesson on their date ``on``; only the first time counts."""
        stmt = self._insert(lesson_recaps).values(
            person_id=person_id, lesson_id=lesson_id, first_on=on, recalled=0, due_on=recaps.first_due(on)
        )
        self.conn.execute(stmt.on_conflict_do_nothing(index_elements=["person_id", "lesson_id"]))

    def due_recaps(self, person_id: int, on: date, leave_out: str | None = None) -> list[str]:
        """The lessons whose look-back is due by ``on``, longest waiting first, at most a day's worth."""
        rows = _DUE_FOR_ONE.all(self.conn, {"person_id": person_id, "on": on})
        return [r.lesson_id for r in rows if r.lesson_id != leave_out][: recaps.MOST_AT_ONCE]

    def due_recaps_for(self, wanted: Mapping[int, tuple[date, str | None]]) -> dict[int, list[str]]:
        """For each person id -> (their date, a lesson to leave out): the look-backs due by that date, longest
        waiting first, at most a day's worth each. One query for a whole batch of nudges."""
        if not wanted:
            return {}
        latest = max(on for on, _ in wanted.values())
        rows = self.conn.execute(
            select(lesson_recaps.c.person_id, lesson_recaps.c.lesson_id, lesson_recaps.c.due_on)
            .where(
                lesson_recaps.c.person_id.in_(list(wanted)),
                lesson_recaps.c.due_on.is_not(None),
                lesson_recaps.c.due_on <= latest,
            )
            .order_by(lesson_recaps.c.due_on, lesson_recaps.c.first_on, lesson_recaps.c.lesson_id)
        )
        due: dict[int, list[str]] = {}
        for row in rows:
            on, leave_out = wanted[row.person_id]
            taken = due.setdefault(row.person_id, [])
            if row.due_on <= on and row.lesson_id != leave_out and len(taken) < recaps.MOST_AT_ONCE:
                taken.append(row.lesson_id)
        return {person_id: ids for person_id, ids in due.items() if ids}

    def recalled(self, person_id: int, lesson_ids: Iterable[str], on: date) -> None:
        """These lessons were looked back at on ``on``: each moves on to its next look-back (or is done)."""
        ids = list(lesson_ids)
        if not ids:
            return
        rows = self.conn.execute(
            select(lesson_recaps).where(lesson_recaps.c.person_id == person_id, lesson_recaps.c.lesson_id.in_(ids))
        ).all()
        for row in rows:
            count = row.recalled + 1
            self.conn.execute(
                update(lesson_recaps)
                .where(lesson_recaps.c.person_id == person_id, lesson_recaps.c.lesson_id == row.lesson_id)
                .values(recalled=count, due_on=recaps.due_after(row.first_on, count, on))
            )

    def recap_history(self, person_id: int) -> dict[str, tuple[date, int, date | None]]:
        """Lesson id -> (first given, look-backs had, next due): what a person's programme looks like."""
        rows = self.conn.execute(select(lesson_recaps).where(lesson_recaps.c.person_id == person_id))
        return {r.lesson_id: (r.first_on, r.recalled, r.due_on) for r in rows}
