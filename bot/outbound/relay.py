"""Passing replies between a lead and a reporter, so that neither learns who the other is.

A lead's message goes to the reporter through the flag's handle (the only place their address is kept, and
only while they can hear back). A reporter's message is not sent anywhere: the leads of the flag's unit get
a notice to open their (audited) review, because the words themselves belong in the audited view.

Each message is leased while it is being sent, like a nudge, so a worker killed mid-send leaves it for the
next pass; one that cannot be delivered (the reporter left, the handle expired) is simply marked done: the
reporter can still read it by checking the case code.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.dialogue import World
from bot.dialogue.views import flag as flag_views
from bot.dialogue.views import review as review_views
from bot.domain.channel import Channel
from bot.domain.types import Address, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.sender import Failed, Gone, RetryAfter, Sent, send_paced
from bot.store import Store, Tx
from bot.store.flag_store import Relay

log = logging.getLogger(__name__)

RELAY_BATCH = 50
RETRY_AFTER = timedelta(minutes=2)


class Relayer:
    def __init__(
        self, store: Store, world: World, channels: Mapping[str, Channel], pacer: Pacer, lease: timedelta
    ) -> None:
        self.store = store
        self.world = world
        self.channels = channels
        self.pacer = pacer
        self.lease = lease
        # who already has each notice that is still being passed on, so a pass cut short by a rate limit does
        # not tell them twice when it is retried (a restart forgets this: at worst a second notice, never words)
        self._told: dict[int, set[tuple[str, str, str]]] = {}

    async def run_once(self, now: datetime) -> int:
        """Send what is waiting; returns how many messages were passed on."""
        passed = 0
        while True:
            claimed = await self.store.run(lambda tx: self._claim(tx, now))
            if not claimed:
                return passed
            for relay, targets in claimed:
                if await self._send(relay, targets, now):
                    passed += 1

    def _claim(self, tx: Tx, now: datetime) -> list[tuple[Relay, list[Address]]]:
        claimed = []
        for relay in tx.claim_relays(now, now + self.lease, RELAY_BATCH):
            if relay.message.sender == "lead":
                targets = [relay.reporter] if relay.reporter is not None else []
            else:
                leads = [(lead.platform, lead.user) for lead in self.world.org.leads]
                targets = [a for a in tx.people_at(leads) if relay.flag.unit in self._units(a)]
            claimed.append((relay, [a for a in targets if a.platform in self.channels]))
        return claimed

    def _units(self, address: Address) -> tuple[str, ...]:
        return self.world.org.units_led_by(address)

    def _replies(self, relay: Relay) -> list[Reply]:
        if relay.message.sender == "lead":
            # the words and the code off the record (they may vanish from a Slack screen), and for the record
            # only that a lead replied, so the reporter knows to look
            return [flag_views.relay_to_reporter(relay.flag.case_code, relay.message.text), flag_views.lead_replied()]
        unit = self.world.org.unit(relay.flag.unit)
        return [review_views.relay_to_lead(unit.name if unit else relay.flag.unit)]

    async def _send(self, relay: Relay, targets: list[Address], now: datetime) -> bool:
        replies = self._replies(relay)
        told = self._told.setdefault(relay.message.id, set())
        for address in targets:
            if address.person_key in told:
                continue
            outcome = await send_paced(self.channels[address.platform], address, replies, pacer=self.pacer)
            if isinstance(outcome, Sent | Gone):
                # Gone: they can still read it with the case code (or in review); nothing to retry
                told.add(address.person_key)
                continue
            await self._retry_later(relay, outcome, now)
            return False
        await self.store.run(lambda tx: tx.finish_relay(relay.message.id))
        self._told.pop(relay.message.id, None)
        return bool(targets)

    async def _retry_later(self, relay: Relay, outcome: RetryAfter | Failed, now: datetime) -> None:
        """Leave the message for a later pass: after the platform's wait (its bucket is already blocked that
        long), or after RETRY_AFTER for any other failure."""
        if isinstance(outcome, RetryAfter):
            retry_at = now + timedelta(seconds=outcome.seconds)
        else:  # never log the words or the address
            log.warning("relay send failed (%s); will retry", outcome.kind)
            retry_at = now + RETRY_AFTER
        message_id = relay.message.id
        await self.store.run(lambda tx: tx.retry_relay(message_id, retry_at))
