"""The monthly summary each lead receives: last month's flags for their units, beside the month before.

Sent in the first week of a month (from 09:00 on the 1st, in the organisation's time zone) to every lead
Kinship can reach, once: the first pass that finds a lead not yet sent it claims the send with a key in
``processed_events`` (so two workers never both send it) and checks the audit log, where every summary sent
is written (so a later pass, after those keys are purged a day on, does not send it again). A worker that
was down on the 1st, or a lead who first writes to Kinship on the 3rd, still gets it. A lead can ask for
``summary`` at any time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.dialogue import World
from bot.dialogue.views import review as review_views
from bot.domain import batches
from bot.domain.channel import Channel
from bot.domain.summary import previous_month, summarise
from bot.domain.types import Address, Reply
from bot.outbound.sender import Failed, Gone, RetryAfter, Sent, send_paced
from bot.store import Store, Tx

log = logging.getLogger(__name__)

SEND_FROM = time(9, 0)
SEND_WITHIN_DAYS = 7  # after the first week, last month's figures are old news: leads ask for ``summary``
MONTHLY_SUMMARY = "monthly-summary"  # the audit action, with the month as its detail


class MonthlyDigest:
    def __init__(self, store: Store, world: World, channels: Mapping[str, Channel]) -> None:
        self.store = store
        self.world = world
        self.channels = channels

    def _local_if_due(self, now: datetime) -> datetime | None:
        local = now.astimezone(ZoneInfo(self.world.org.timezone))
        if local.day > SEND_WITHIN_DAYS or local.time() < SEND_FROM:
            return None
        return local

    async def run_once(self, now: datetime) -> int:
        """Send the summaries due now; returns how many went."""
        local = self._local_if_due(now)
        if local is None or not self.world.org.leads:
            return 0
        month = previous_month(local.date())
        claimed = await self.store.run(lambda tx: self._claim(tx, month, now))
        sent = 0
        for address, reply in claimed:
            # not paced, and a rate limit blocks nothing: a few leads, once a month
            outcome = await send_paced(self.channels[address.platform], address, [reply], pacer=None)
            match outcome:
                case Sent():
                    sent += 1
                case Gone() | RetryAfter():  # they can still ask for "summary"
                    log.info("monthly summary not delivered (%s)", outcome.kind)
                case Failed():  # never the address or the words
                    log.warning("monthly summary send failed (%s)", outcome.kind)
        return sent

    def _claim(self, tx: Tx, month: date, now: datetime) -> list[tuple[Address, Reply]]:
        org = self.world.org
        month_key = month.isoformat()
        leads = [(lead.platform, lead.user) for lead in org.leads if lead.platform in self.channels]
        out = []
        for address in tx.people_at(dict.fromkeys(leads)):
            units = org.units_led_by(address)
            key = f"summary:{month_key}:{address.platform}:{address.tenant}:{address.user}"
            if not units or not tx.claim_event(key, now):
                continue
            if tx.audited(lead=address, action=MONTHLY_SUMMARY, detail=month_key):
                continue  # sent on an earlier day of this week
            cells = tx.monthly_cells(units, (month, previous_month(month)), now)
            summaries = summarise(cells, units, month, org.min_group_size)
            when = batches.coarse_time(now, org)  # no finer than a release batch
            tx.audit(lead=address, action=MONTHLY_SUMMARY, now=when, unit=",".join(units)[:64], detail=month_key)
            out.append((address, review_views.summary(summaries, self.world.content, org)))
        return out
