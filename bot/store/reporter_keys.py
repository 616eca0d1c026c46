"""The day's key for reporter hashes, kept wrapped, moved forward one way and forgotten (see
:mod:`bot.domain.reporters`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update

from bot.domain.reporters import ReporterHasher, advance
from bot.store.queries import Queries
from bot.store.tables import flag_quota, reporter_keys


class ReporterKeyQueries(Queries):
    """The ratchet's one live key (mixed into ``Tx``)."""

    def reporter_key(self, hasher: ReporterHasher, day: date) -> bytes:
        """The key for ``day``: the stored one, or the latest earlier one moved forward to ``day``. Keys of
        earlier days, and the hashes made under them, are deleted as soon as the day's key is stored. Moving
        forward is deterministic, so processes starting a day together store the same key."""
        stored = self._stored_key(hasher, day)
        if stored is not None:
            return stored
        earlier = self.conn.execute(
            select(reporter_keys.c.day, reporter_keys.c.wrapped)
            .where(reporter_keys.c.day < day)
            .order_by(reporter_keys.c.day.desc())
            .limit(1)
        ).first()
        key = hasher.unwrap(earlier.wrapped, earlier.day) if earlier is not None else None
        key = advance(key, earlier.day, day) if key is not None and earlier is not None else hasher.new_key()
        wrapped = hasher.wrap(key, day)
        self.conn.execute(self._insert(reporter_keys).values(day=day, wrapped=wrapped).on_conflict_do_nothing())
        found = self._stored_key(hasher, day)
        if found is None:  # stored under another secret (a process without the shared one): ours replaces it
            self.conn.execute(update(reporter_keys).where(reporter_keys.c.day == day).values(wrapped=wrapped))
            found = key
        self.conn.execute(delete(reporter_keys).where(reporter_keys.c.day < day))
        self.conn.execute(delete(flag_quota).where(flag_quota.c.day < day))
        return found

    def _stored_key(self, hasher: ReporterHasher, day: date) -> bytes | None:
        wrapped = self.conn.execute(select(reporter_keys.c.wrapped).where(reporter_keys.c.day == day)).scalar()
        return hasher.unwrap(wrapped, day) if wrapped is not None else None

    def forget_quota(self, token: str) -> None:
        """A person's hash for today goes with "delete my data"."""
        self.conn.execute(delete(flag_quota).where(flag_quota.c.token == token))
