"""Queries for thanks between colleagues (mixed into :class:`Tx`).

A row holds who sent a thank-you and who it is for only while a "thank you back" may still be passed on
(:data:`KEEP_PEOPLE_FOR`); the words and the signed name go as soon as it is delivered. Then only the unit and
the start of the week stay, for the team's weekly count (:meth:`ThanksQueries.thanks_count`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from bot.domain.types import Address
from bot.store.queries import Queries
from bot.store.tables import people, thanks

KEEP_PEOPLE_FOR = timedelta(days=14)  # long enough to say thank you back; then who sent it to whom is gone
_PEOPLE = {
    f"{side}_{part}": None
    for side in ("sender", "recipient")
    for part in ("platform", "tenant", "user", "conversation", "ref")
}


@dataclass(frozen=True, slots=True)
class ThanksNote:
    """A thank-you claimed for delivery: to its person first, then (if a unit was chosen) to that unit's leads."""

    id: int
    unit: str
    given_at: datetime
    sender: Address | None  # None once the people are forgotten
    recipient: Address
    recipient_label: str  # a name typed for them (the console), else ""
    signed_as: str  # "" when sent without a name
    words: str
    reached: bool  # the person has it already: only the copies are left
    attempts: int


@dataclass(frozen=True, slots=True)
class ThanksReply:
    """A message claimed for the sender of a thank-you: ``back`` (they were thanked back) or ``undelivered``."""

    id: int
    kind: str
    given_at: datetime
    sender: Address


def _address(row: Any, side: str) -> Address | None:
    user = getattr(row, f"{side}_user")
    if user is None:
        return None
    return Address(
        getattr(row, f"{side}_platform") or "",
        getattr(row, f"{side}_tenant") or "",
        user,
        getattr(row, f"{side}_conversation") or "",
        getattr(row, f"{side}_ref") or "",
    )


def _columns(side: str, address: Address) -> dict[str, str]:
    return {
        f"{side}_platform": address.platform,
        f"{side}_tenant": address.tenant,
        f"{side}_user": address.user,
        f"{side}_conversation": address.conversation,
        f"{side}_ref": address.ref,
    }


def _is(side: str, address: Address) -> Any:
    return and_(
        thanks.c[f"{side}_platform"] == address.platform,
        thanks.c[f"{side}_tenant"] == address.tenant,
        thanks.c[f"{side}_user"] == address.user,
    )


class ThanksQueries(Queries):
    """Thanks: kept, counted, claimed for delivery, forgotten."""

    def add_thanks(
        self, sender: Address, recipient: Address, *, unit: str, words: str, signed_as: str, label: str, now: datetime
    ) -> int:
        values = {
            **_columns("sender", sender),
            **_columns("recipient", recipient),
            "unit": unit,
            "given_at": now,
            "keep_until": now + KEEP_PEOPLE_FOR,
            "words": words,
            "signed_as": signed_as or None,
            "recipient_label": label or None,
        }
        return int(self.conn.execute(thanks.insert().values(**values).returning(thanks.c.id)).scalar_one())

    def thanks_given_since(self, sender: Address, since: datetime) -> int:
        """How many thanks ``sender`` has given since ``since`` (the daily limit)."""
        query = select(func.count()).select_from(thanks).where(_is("sender", sender), thanks.c.given_at >= since)
        return int(self.conn.execute(query).scalar_one())

    def thanks_count(self, unit: str, since: datetime, until: datetime) -> int:
        """How many thanks were given for ``unit`` in [since, until). A thanks older than two weeks is dated by
        the start of its week (midnight on Monday, in the organisation's time zone), so ask by whole weeks."""
        query = (
            select(func.count())
            .select_from(thanks)
            .where(thanks.c.unit == unit, thanks.c.given_at >= since, thanks.c.given_at < until)
        )
        return int(self.conn.execute(query).scalar_one())

    def person_for(self, platform: str, tenant: str, user: str) -> Address:
        """How to reach someone by their platform id: their chat with Kinship if they have one, else an address
        with no conversation (the adapter opens a one-to-one chat by user id)."""
        row = self.conn.execute(
            select(people.c.conversation, people.c.ref).where(
                people.c.platform == platform,
                people.c.tenant == tenant,
                people.c.user_id == user,
                people.c.left_at.is_(None),
            )
        ).first()
        return Address(platform, tenant, user, row.conversation if row else "", row.ref if row else "")

    # --- delivery ----------------------------------------------------------------------------------------
    def claim_thanks(self, now: datetime, until: datetime, platforms: Iterable[str], limit: int) -> list[ThanksNote]:
        """Thanks waiting to be delivered (or whose last attempt's lease ran out), leased to the caller."""
        waiting = and_(
            or_(thanks.c.note == "pending", and_(thanks.c.note == "sending", thanks.c.note_until < now)),
            thanks.c.recipient_platform.in_(list(platforms)),
        )
        rows = self._claim(select(thanks).where(waiting).order_by(thanks.c.id).limit(limit))
        if rows:
            ids = [r.id for r in rows]
            self.conn.execute(update(thanks).where(thanks.c.id.in_(ids)).values(note="sending", note_until=until))
        return [
            ThanksNote(
                r.id,
                r.unit,
                r.given_at,
                _address(r, "sender"),
                _address(r, "recipient") or Address("", "", "", ""),
                r.recipient_label or "",
                r.signed_as or "",
                r.words or "",
                bool(r.reached),
                int(r.attempts),
            )
            for r in rows
        ]

    def _claim(self, query: Any) -> list[Any]:
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return list(self.conn.execute(query))

    def thanks_reached(self, thanks_id: int) -> None:
        """The person has their thank-you; what is left is the copies to leads."""
        self.conn.execute(update(thanks).where(thanks.c.id == thanks_id).values(reached=True))

    def finish_thanks(self, thanks_id: int) -> None:
        """Delivered: the words and the names go, now."""
        self.conn.execute(
            update(thanks)
            .where(thanks.c.id == thanks_id)
            .values(note="done", note_until=None, words=None, signed_as=None, recipient_label=None)
        )

    def thanks_undelivered(self, thanks_id: int) -> None:
        """The person cannot be reached: the words go, and the sender is told (while they are still known)."""
        self.conn.execute(
            update(thanks)
            .where(thanks.c.id == thanks_id)
            .values(note="failed", note_until=None, words=None, signed_as=None, recipient_label=None)
        )
        self.conn.execute(
            update(thanks)
            .where(thanks.c.id == thanks_id, thanks.c.sender_user.is_not(None), thanks.c.reply == "")
            .values(reply="undelivered", reply_state="pending", reply_until=None)
        )

    def retry_thanks(self, thanks_id: int, retry_at: datetime, *, failed: bool) -> None:
        values: dict[str, Any] = {"note": "sending", "note_until": retry_at}
        if failed:
            values["attempts"] = thanks.c.attempts + 1
        self.conn.execute(update(thanks).where(thanks.c.id == thanks_id).values(**values))

    # --- thanks back, and telling the sender -------------------------------------------------------------
    def thank_back(self, thanks_id: int, presser: Address) -> str:
        """The person thanked says thank you back: ``sent`` (passed on to the sender), ``already`` (pressed
        before), or ``gone`` (not theirs, or the sender is no longer kept)."""
        row = self.conn.execute(select(thanks).where(thanks.c.id == thanks_id, _is("recipient", presser))).first()
        if row is None or row.sender_user is None or row.note != "done":
            return "gone"
        if row.reply == "back":
            return "already"
        self.conn.execute(
            update(thanks)
            .where(thanks.c.id == thanks_id, thanks.c.reply == "")
            .values(reply="back", reply_state="pending", reply_until=None)
        )
        return "sent"

    def claim_thanks_replies(
        self, now: datetime, until: datetime, platforms: Iterable[str], limit: int
    ) -> list[ThanksReply]:
        waiting = and_(
            or_(thanks.c.reply_state == "pending", and_(thanks.c.reply_state == "sending", thanks.c.reply_until < now)),
            thanks.c.sender_platform.in_(list(platforms)),
        )
        rows = self._claim(select(thanks).where(waiting).order_by(thanks.c.id).limit(limit))
        if rows:
            ids = [r.id for r in rows]
            self.conn.execute(
                update(thanks).where(thanks.c.id.in_(ids)).values(reply_state="sending", reply_until=until)
            )
        return [
            ThanksReply(r.id, r.reply, r.given_at, sender)
            for r in rows
            if (sender := _address(r, "sender")) is not None
        ]

    def finish_thanks_reply(self, thanks_id: int) -> None:
        self.conn.execute(update(thanks).where(thanks.c.id == thanks_id).values(reply_state="done", reply_until=None))

    def retry_thanks_reply(self, thanks_id: int, retry_at: datetime) -> None:
        self.conn.execute(
            update(thanks).where(thanks.c.id == thanks_id).values(reply_state="sending", reply_until=retry_at)
        )

    # --- forgetting --------------------------------------------------------------------------------------
    def forget_thanks_people(self, now: datetime, week_start: Callable[[datetime], datetime], limit: int = 500) -> int:
        """Past their time, the people (and any words never delivered) go, and each thanks is dated by its
        week's start: what stays is the unit and the week."""
        rows = list(
            self.conn.execute(
                select(thanks.c.id, thanks.c.given_at, thanks.c.note, thanks.c.reply_state)
                .where(thanks.c.keep_until <= now)
                .order_by(thanks.c.id)
                .limit(limit)
            )
        )
        for row in rows:
            note = row.note if row.note in {"done", "failed"} else "failed"
            self.conn.execute(
                update(thanks)
                .where(thanks.c.id == row.id)
                .values(
                    **_PEOPLE,
                    given_at=week_start(row.given_at),
                    keep_until=None,
                    words=None,
                    signed_as=None,
                    recipient_label=None,
                    note=note,
                    note_until=None,
                    reply_state="done" if row.reply_state else "",
                    reply_until=None,
                )
            )
        return len(rows)

    def delete_thanks_of(self, address: Address) -> int:
        """Every thanks this person sent or was sent (``delete my data``)."""
        found = self.conn.execute(delete(thanks).where(or_(_is("sender", address), _is("recipient", address))))
        return int(found.rowcount)

    def thanks_held(self, address: Address) -> tuple[int, int]:
        """How many thanks this person sent, and how many they were sent, that still name them."""
        sent = select(func.count()).select_from(thanks).where(_is("sender", address))
        received = select(func.count()).select_from(thanks).where(_is("recipient", address))
        return int(self.conn.execute(sent).scalar_one()), int(self.conn.execute(received).scalar_one())
