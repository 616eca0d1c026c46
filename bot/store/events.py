"""Queries for inbound idempotency (each platform delivery answered once) and the replies a turn still owes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, delete, func, or_, select, text, update

from bot.domain.records import OwedReplies
from bot.domain.types import Address, Reply
from bot.store.codec import decode_address, decode_replies, encode_address, encode_replies
from bot.store.prepared import Prepared
from bot.store.queries import Queries
from bot.store.tables import UTCDateTime, processed_events

# The statements every turn runs, built once. SQLAlchemy 2.0 cannot cache a dialect INSERT … ON CONFLICT (it
# is compiled afresh on every call), so those inserts are plain SQL that SQLite and PostgreSQL both accept.
_CLAIM_EVENT = text(
    "INSERT INTO processed_events (event_key, seen_at) VALUES (:key, :now) ON CONFLICT (event_key) DO NOTHING"
).bindparams(bindparam("now", type_=UTCDateTime()))
_RECORD_EVENT = Prepared(
    text(
        "INSERT INTO processed_events (event_key, seen_at, address, replies, retry_at, attempts)"
        " VALUES (:key, :now, :owed_to, :owed, :hold_until, 0) ON CONFLICT (event_key) DO NOTHING"
    ).bindparams(bindparam("now", type_=UTCDateTime()), bindparam("hold_until", type_=UTCDateTime()))
)
_ALL_REPLIES_DELIVERED = (
    update(processed_events)
    .where(processed_events.c.event_key == bindparam("key"))
    .values(address=None, replies=None, retry_at=None)
)


class EventQueries(Queries):
    """Which platform deliveries were answered, and the replies still owed for them (mixed into ``Tx``)."""

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
        inserted = _RECORD_EVENT.rowcount(
            self.conn,
            {
                "key": event_key[:255],
                "now": now,
                "owed_to": encode_address(address) if address is not None else None,
                "owed": encode_replies(replies) if replies is not None else None,
                "hold_until": hold_until,
            },
        )
        return inserted == 1

    # --- replies owed: kept with the event until the platform has them (see bot/outbound/redelivery.py) -------------
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
