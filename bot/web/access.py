"""Getting into the dashboard: a link made in chat is spent for a session; a session cookie is checked.

A link's token is shown once (in chat) and spent on first use; a session's id is a cookie the page's
scripts cannot read (HttpOnly) and the browser sends only to our own pages (SameSite=Strict). The units a
session may see are worked out from the organisation on every request, so a lead removed from the
organisation file loses access at once, whatever sessions they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain import batches, lead_access
from bot.domain.org import Organisation
from bot.domain.types import Address
from bot.store import Tx


@dataclass(frozen=True, slots=True)
class LeadSession:
    """A signed-in lead: who they are, the units they lead now, and the token their forms must carry."""

    lead: Address
    units: tuple[str, ...]
    csrf: str


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just started: the cookie's value (never stored) and the form token."""

    secret: str
    csrf: str


def link_is_live(tx: Tx, token: str, now: datetime) -> bool:
    """Whether a link could still be used (nothing is spent): for the page that asks the lead to confirm."""
    if not lead_access.looks_like_secret(token):
        return False
    return tx.lead_link_live(lead_access.secret_hash(token), now)


def sign_in(tx: Tx, token: str, now: datetime, org: Organisation) -> NewSession | None:
    """Spend a link and start a session, if the link is live and its lead still leads a unit."""
    if not lead_access.looks_like_secret(token):
        return None
    lead = tx.spend_lead_link(lead_access.secret_hash(token), now)
    if lead is None or not org.units_led_by(lead):
        return None
    secret, csrf = lead_access.new_secret(), lead_access.new_secret()
    tx.add_lead_session(
        lead_access.secret_hash(secret),
        lead,
        csrf,
        idle_until=now + lead_access.IDLE_LIMIT,
        expires_at=now + lead_access.SESSION_LIFETIME,
    )
    tx.audit(lead=lead, action="dashboard-sign-in", now=batches.coarse_time(now, org))
    return NewSession(secret, csrf)


def session(tx: Tx, secret: str, now: datetime, org: Organisation) -> LeadSession | None:
    """The live session behind a cookie, its idle time started again; None if there is none, or its lead no
    longer leads any unit."""
    if not lead_access.looks_like_secret(secret):
        return None
    found = tx.lead_session(lead_access.secret_hash(secret), now, now + lead_access.IDLE_LIMIT)
    if found is None:
        return None
    lead, csrf = found
    units = org.units_led_by(lead)
    return LeadSession(lead, units, csrf) if units else None


def sign_out(tx: Tx, secret: str) -> None:
    if lead_access.looks_like_secret(secret):
        tx.end_lead_session(lead_access.secret_hash(secret))
