"""Delivering thanks between colleagues: the note to the person thanked, a copy to the leads of the unit the
sender chose, and back to the sender a thank-you back (or word that it could not be passed on).

Exactly once, as far as a network allows, like the relay: each thank-you is claimed with a lease, so a worker
killed mid-send leaves it for the next pass after the lease runs out; that the person has it is recorded in its
own transaction as soon as the platform accepts it, so a retry sends only the copies still owed. A person who
cannot be reached (Undeliverable) is not tried again, and the sender is told privately; a rate limit waits for
the platform's time. The words and the signed name are dropped once delivered; who sent it to whom after
:data:`bot.store.thanks.KEEP_PEOPLE_FOR`, when the date becomes its week's start.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dialogue import World
from bot.dialogue.views import thanks as views
from bot.domain.channel import Channel
from bot.domain.types import Address, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.sender import Failed, Gone, Outcome, RetryAfter, Sent, send_paced
from bot.store import Store, Tx
from bot.store.thanks import ThanksNote, ThanksReply

log = logging.getLogger(__name__)

BATCH = 50
RETRY_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 5


class ThanksCourier:
    def __init__(
        self, store: Store, world: World, channels: Mapping[str, Channel], pacer: Pacer, lease: timedelta
    ) -> None:
        self.store = store
        self.world = world
        self.channels = channels
        self.pacer = pacer
        self.lease = lease
        # leads who already have a copy of a thank-you still being passed on, so a pass cut short by a rate
        # limit does not send them a second (a restart forgets this: at worst a second copy)
        self._told: dict[int, set[tuple[str, str, str]]] = {}

    async def run_once(self, now: datetime) -> int:
        """Deliver what is waiting; returns how many messages went (notes, copies and replies to senders)."""
        sent = 0
        while claimed := await self.store.run(lambda tx: self._claim_notes(tx, now)):
            for note, leads in claimed:
                sent += await self._deliver(note, leads, now)
        while replies := await self.store.run(lambda tx: self._claim_replies(tx, now)):
            for reply in replies:
                sent += await self._answer(reply, now)
        await self.store.run(lambda tx: tx.forget_thanks_people(now, self._week_start))
        return sent

    # --- the note, and its copies --------------------------------------------------------------------------
    def _claim_notes(self, tx: Tx, now: datetime) -> list[tuple[ThanksNote, list[Address]]]:
        claimed = []
        for note in tx.claim_thanks(now, now + self.lease, list(self.channels), BATCH):
            claimed.append((note, self._leads(tx, note) if note.unit else []))
        return claimed

    def _leads(self, tx: Tx, note: ThanksNote) -> list[Address]:
        """The unit's leads Kinship can reach, on platforms this worker sends to, other than the two people."""
        org = self.world.org
        skip = {note.recipient.person_key} | ({note.sender.person_key} if note.sender else set())
        return [
            a
            for a in tx.people_at((lead.platform, lead.user) for lead in org.leads)
            if note.unit in org.units_led_by(a) and a.platform in self.channels and a.person_key not in skip
        ]

    async def _deliver(self, note: ThanksNote, leads: list[Address], now: datetime) -> int:
        sent = 0
        if not note.reached:
            reply = views.for_person(note.id, note.signed_as, note.words)
            outcome = await self._send(note.recipient, [reply])
            if not isinstance(outcome, Sent):
                await self._not_reached(note, outcome, now)
                return 0
            await self.store.run(lambda tx: tx.thanks_reached(note.id), quick=True)
            sent += 1
        unit = self.world.org.unit(note.unit)
        copy = views.copy_for_lead(note.signed_as, note.recipient_label, note.words, unit.name if unit else note.unit)
        told = self._told.setdefault(note.id, set())
        for lead in leads:
            if lead.person_key in told:
                continue
            outcome = await self._send(lead, [copy])
            if isinstance(outcome, RetryAfter | Failed):
                await self._retry(note.id, outcome, now)
                return sent
            told.add(lead.person_key)  # Sent, or Gone: that lead cannot be reached; the others still can
            sent += isinstance(outcome, Sent)
        await self.store.run(lambda tx: tx.finish_thanks(note.id), quick=True)
        self._told.pop(note.id, None)
        return sent

    async def _not_reached(self, note: ThanksNote, outcome: Outcome, now: datetime) -> None:
        """Gone (or failing again and again): the sender is told. Otherwise tried again later."""
        if isinstance(outcome, Gone) or (isinstance(outcome, Failed) and note.attempts + 1 >= MAX_ATTEMPTS):
            await self.store.run(lambda tx: tx.thanks_undelivered(note.id), quick=True)
            return
        assert isinstance(outcome, RetryAfter | Failed)
        await self._retry(note.id, outcome, now)

    async def _retry(self, thanks_id: int, outcome: RetryAfter | Failed, now: datetime) -> None:
        if isinstance(outcome, RetryAfter):  # the pacer's bucket is already blocked that long
            retry_at, failed = now + timedelta(seconds=outcome.seconds), False
        else:  # never the words or the address
            log.warning("thanks send failed (%s); will retry", outcome.kind)
            retry_at, failed = now + RETRY_AFTER, True
        await self.store.run(lambda tx: tx.retry_thanks(thanks_id, retry_at, failed=failed), quick=True)

    # --- back to the sender --------------------------------------------------------------------------------
    def _claim_replies(self, tx: Tx, now: datetime) -> list[ThanksReply]:
        return tx.claim_thanks_replies(now, now + self.lease, list(self.channels), BATCH)

    async def _answer(self, reply: ThanksReply, now: datetime) -> int:
        zone = self.world.org.timezone
        says = views.back_to_sender if reply.kind == "back" else views.undelivered
        outcome = await self._send(reply.sender, [says(reply.given_at, zone)])
        if isinstance(outcome, RetryAfter | Failed):
            wait = timedelta(seconds=outcome.seconds) if isinstance(outcome, RetryAfter) else RETRY_AFTER
            await self.store.run(lambda tx: tx.retry_thanks_reply(reply.id, now + wait), quick=True)
            return 0
        await self.store.run(lambda tx: tx.finish_thanks_reply(reply.id), quick=True)  # Sent, or Gone: done
        return int(isinstance(outcome, Sent))

    async def _send(self, address: Address, replies: list[Reply]) -> Outcome:
        return await send_paced(self.channels[address.platform], address, replies, pacer=self.pacer)

    def _week_start(self, moment: datetime) -> datetime:
        """Midnight at the start of ``moment``'s week (Monday), in the organisation's time zone."""
        zone = ZoneInfo(self.world.org.timezone)
        day = moment.astimezone(zone).date()
        return datetime.combine(day - timedelta(days=day.weekday()), time(), tzinfo=zone)
