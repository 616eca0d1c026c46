"""Queries for the lead dashboard's way in (mixed into :class:`Tx`): sign-in links and browser sessions.

Only SHA-256 hashes of the secrets are stored (see :mod:`bot.domain.lead_access`): a copy of the database
cannot be turned into a working link or cookie. A link is spent by deleting it, so two requests racing with
the same link cannot both start a session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from bot.domain.types import Address
from bot.store.queries import Queries
from bot.store.tables import lead_links, lead_sessions


class LeadAccessQueries(Queries):
    """Sign-in links and sessions for the lead dashboard (mixed into ``Tx``)."""

    def add_lead_link(self, token_hash: str, lead: Address, expires_at: datetime) -> None:
        self.conn.execute(
            lead_links.insert().values(
                token_hash=token_hash,
                platform=lead.platform,
                tenant=lead.tenant,
                user_id=lead.user,
                expires_at=expires_at,
            )
        )

    def lead_link_live(self, token_hash: str, now: datetime) -> bool:
        query = select(lead_links.c.token_hash).where(
            lead_links.c.token_hash == token_hash, lead_links.c.expires_at > now
        )
        return self.conn.execute(query).first() is not None

    def spend_lead_link(self, token_hash: str, now: datetime) -> Address | None:
        """The lead a link was made for, if it is unspent and in date; it is spent (deleted) either way."""
        row = self.conn.execute(select(lead_links).where(lead_links.c.token_hash == token_hash)).first()
        if row is None:
            return None
        gone = self.conn.execute(delete(lead_links).where(lead_links.c.token_hash == token_hash)).rowcount
        if gone != 1 or row.expires_at <= now:  # another request spent it first, or it ran out
            return None
        return Address(row.platform, row.tenant, row.user_id, "")

    def add_lead_session(
        self, session_hash: str, lead: Address, csrf: str, idle_until: datetime, expires_at: datetime
    ) -> None:
        self.conn.execute(
            lead_sessions.insert().values(
                session_hash=session_hash,
                platform=lead.platform,
                tenant=lead.tenant,
                user_id=lead.user,
                csrf=csrf,
                idle_until=idle_until,
                expires_at=expires_at,
            )
        )

    def lead_session(self, session_hash: str, now: datetime, idle_until: datetime) -> tuple[Address, str] | None:
        """The session's lead and form token, if it is live; its idle time starts again from ``now``."""
        row = self.conn.execute(select(lead_sessions).where(lead_sessions.c.session_hash == session_hash)).first()
        if row is None or row.idle_until <= now or row.expires_at <= now:
            return None
        self.conn.execute(
            update(lead_sessions)
            .where(lead_sessions.c.session_hash == session_hash)
            .values(idle_until=min(idle_until, row.expires_at))
        )
        return Address(row.platform, row.tenant, row.user_id, ""), row.csrf

    def end_lead_session(self, session_hash: str) -> None:
        self.conn.execute(delete(lead_sessions).where(lead_sessions.c.session_hash == session_hash))

    def end_lead_access_of(self, lead: Address) -> int:
        """Every link and session of one lead (their data deleted, or signing out everywhere)."""
        gone = 0
        for table in (lead_links, lead_sessions):
            statement = delete(table).where(
                table.c.platform == lead.platform, table.c.tenant == lead.tenant, table.c.user_id == lead.user
            )
            gone += int(self.conn.execute(statement).rowcount or 0)
        return gone

    def purge_lead_access(self, now: datetime) -> int:
        """Delete links and sessions that can no longer be used."""
        links = self.conn.execute(delete(lead_links).where(lead_links.c.expires_at <= now)).rowcount or 0
        sessions = self.conn.execute(
            delete(lead_sessions).where((lead_sessions.c.expires_at <= now) | (lead_sessions.c.idle_until <= now))
        ).rowcount
        return int(links) + int(sessions or 0)
