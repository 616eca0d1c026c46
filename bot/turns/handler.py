"""``Bot.handle(incoming) -> replies``: the thin async shell around the pure dialogue core.

Per turn it (1) serialises turns per person (an asyncio lock in this process; a row lock on PostgreSQL or
``BEGIN IMMEDIATE`` on SQLite across processes), (2) loads the person and their dialogue state, (3) runs
:func:`bot.dialogue.turn`, (4) saves the changes and runs the effects, and (5) remembers the platform's
event id, all in one transaction, so a turn either happens completely or not at all. If the event id was
remembered already (a platform's retry), step 5 undoes the turn instead (see below). Steps 2 to 5 are one
synchronous transaction body, run on the event loop itself on SQLite when the database is free.

Replies are posted by the adapter *after* the commit, so a crash in between must not lose them: a turn with
an event id stores its replies with the remembered event, "owed", in the same transaction. The adapter calls
:meth:`Bot.delivered` once the platform has them. Until then, for ``hold``, they belong to that adapter;
after it, a platform retry of the event gets them (instead of nothing) and, failing a retry, the nudge
worker's redelivery pass sends them (:mod:`bot.outbound.redelivery`). Never a second turn; never a lost reply
(except, for privacy, a reporter's turns and "delete my data": :mod:`bot.turns.owed`); a second copy only if
a process dies between the platform accepting a reply and recording it.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from datetime import datetime, timedelta
from time import perf_counter

from bot.dialogue import TurnInput, World, after, state_after, turn
from bot.dialogue import effects as fx
from bot.dialogue.views import flag as flag_views
from bot.dialogue.views.common import DATABASE_TROUBLE, HOME_UNAVAILABLE
from bot.domain import batches
from bot.domain.channel import PLATFORM_REMOVED
from bot.domain.reporters import ReporterHasher
from bot.domain.schedule import parse_timezone
from bot.domain.types import Address, Clock, Incoming, Reply, system_clock
from bot.outbound.receipts import DeliveryLedger
from bot.store import DATABASE_ERRORS, Store, Tx
from bot.turns.channel_turns import ChannelTurns
from bot.turns.home import home_page
from bot.turns.lookups import LookupLimiter, Refused
from bot.turns.owed import may_keep
from bot.turns.runners import EffectContext, run_effect

log = logging.getLogger(__name__)
DEFAULT_HOLD = timedelta(seconds=60)


class _AlreadyAnswered(Exception):
    """Raised inside a turn's transaction to undo it: the platform delivered this event before."""


DEFAULT_FLAGS_PER_DAY = 5
TurnObserver = Callable[[str, str, float], None]


def event_key(incoming: Incoming) -> str:
    """The key a platform delivery is remembered by (empty when the platform gave no id)."""
    return f"{incoming.address.platform}:{incoming.event_id}"[:255] if incoming.event_id else ""


def _is_identified(address: Address) -> bool:
    return all(isinstance(part, str) and part for part in (address.platform, address.user)) and isinstance(
        address.tenant, str
    )


def _known_zone(name: str) -> str:
    return parse_timezone(name) or "" if name else ""


def _after(effect: fx.Effect, result: object, inp: TurnInput) -> list[Reply]:
    """An effect's replies; a case-code look-up refused by the limit (:mod:`bot.turns.lookups`) says to wait."""
    return [flag_views.lookups_refused()] if isinstance(result, Refused) else after(effect, result, inp)


class Bot:
    def __init__(
        self,
        store: Store,
        world: World,
        clock: Clock = system_clock,
        *,
        reporters: ReporterHasher | None = None,
        flags_per_day: int = DEFAULT_FLAGS_PER_DAY,
        hold: timedelta = DEFAULT_HOLD,
        lookups: LookupLimiter | None = None,
    ) -> None:
        self.store = store
        self.world = world
        self.clock = clock
        self.reporters = reporters or ReporterHasher()
        self.flags_per_day = flags_per_day
        self.on_message_to_relay: Callable[[], None] | None = None  # wakes a worker in this process, if any
        self.hold = hold  # how long an adapter has to post a turn's replies before anyone else may
        self.lookups = lookups or LookupLimiter()  # case codes that match no flag: limited per person and process
        self.dashboard_url = ""  # KINSHIP_PUBLIC_URL, set by the composition root: where lead links point
        self._ledger = DeliveryLedger(store)
        self._locks: weakref.WeakValueDictionary[tuple[str, str, str], asyncio.Lock] = weakref.WeakValueDictionary()
        self.channel_turns = ChannelTurns(store, world, clock, self.handle)  # said in a team's channel

    def _lock_for(self, key: tuple[str, str, str]) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    # (platform, outcome, seconds) after every turn: the server's metrics set it; None costs nothing
    observe: TurnObserver | None = None

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one message or button press. Never raises for bad input or a lost database."""
        started, outcome = perf_counter(), "failed"
        if not _is_identified(incoming.address):
            # a platform payload with no usable sender (a malformed or hostile request): no one to answer
            log.warning("turn refused: the %s message names no sender", incoming.address.platform)
            return []
        if incoming.place is not None:  # said in a team's channel, not to Kinship directly
            return await self.channel_turns.handle(incoming)
        try:
            async with self._lock_for(incoming.address.person_key):
                try:
                    replies = await self._turn(incoming)
                except DATABASE_ERRORS as exc:
                    log.error("turn failed: database unavailable (%s)", type(exc).__name__)
                    outcome = "database_unavailable"
                    return [DATABASE_TROUBLE]
            outcome = "answered" if replies else "silent"  # silent: a retry already answered, or an app removal
            return replies
        finally:
            if self.observe is not None:
                self.observe(incoming.address.platform, outcome, perf_counter() - started)

    async def delivered(self, incoming: Incoming, count: int | None = None) -> None:
        """The adapter posted the first ``count`` replies ``handle`` gave for ``incoming`` (all when None):
        they are no longer owed, so neither a platform retry nor the redelivery pass sends them again."""
        key = event_key(incoming)
        if not key:
            return
        if count is None:  # the usual case: shares a transaction with other turns finishing now
            await self._ledger.all_delivered(key)
            return
        try:
            await self.store.run(lambda tx: tx.replies_delivered(key, count), quick=True)
        except DATABASE_ERRORS as exc:
            log.error("could not record delivered replies (%s); any still owed may be sent again", type(exc).__name__)

    async def _turn(self, incoming: Incoming) -> list[Reply]:
        now = self.clock()
        try:
            return await self.store.run(lambda tx: self._turn_in_transaction(tx, incoming, now), quick=True)
        except _AlreadyAnswered:
            # a retry of a delivery we already answered: only the replies still owed, if their poster died
            key = event_key(incoming)
            return await self.store.run(lambda tx: tx.take_owed_replies(key, now, now + self.hold), quick=True)

    def _turn_in_transaction(self, tx: Tx, incoming: Incoming, now: datetime) -> list[Reply]:
        """Load, decide, save: the body of the turn's single transaction. The delivery is remembered last,
        with the replies it owes; if it was remembered already (a platform's retry) the whole turn is undone."""
        replies, keep = self._decide(tx, incoming, now)
        key = event_key(incoming)
        if key:
            owed = (incoming.address, replies, now + self.hold) if replies and keep else None
            # a turn whose replies are not kept (a reporter's flag journey) keeps no exact time either, so its
            # event cannot be matched to the flag or reply it sent (see bot.domain.batches)
            seen = now if keep else batches.coarse_time(now, self.world.org)
            if not tx.record_event(key, seen, owed):
                raise _AlreadyAnswered
        return replies

    def _decide(self, tx: Tx, incoming: Incoming, now: datetime) -> tuple[list[Reply], bool]:
        """The turn's replies, and whether they may be kept as owed (see :mod:`bot.turns.owed`)."""
        address = incoming.address
        if incoming.action == PLATFORM_REMOVED:
            tx.forget_route(address, now)
            return [], False
        person = tx.person(address, now, _known_zone(incoming.timezone) or self.world.org.timezone)
        inp = TurnInput(incoming=incoming, person=person, now=now, world=self.world)
        out = turn(inp)
        changes = dict(out.person_changes)
        replies = list(out.replies)
        deleted = False
        keep = may_keep(incoming, inp.state, out)
        state = out.state
        effects = self._effects(tx, inp)
        for effect in out.effects:
            result = run_effect(effects, effect)
            deleted = deleted or isinstance(effect, fx.DeleteMyData)
            replies += _after(effect, result, inp)
            state = state_after(effect, result, state)
        stored = state.to_mapping()  # the same JSON mapping as ever, so an earlier release's state still loads
        if stored != person.state:
            changes["state"] = stored
        if changes and not deleted:
            tx.update_person(person.id, changes)
        return replies, keep

    async def home(self, address: Address) -> list[Reply]:
        """The person's own part of an app home page (Slack's App Home): read-only, so it never disturbs a
        conversation in progress; a lead's look at their units is audited like any other."""
        now = self.clock()
        try:
            return await self.store.run(lambda tx: home_page(tx, self.world, address, now), quick=True)
        except DATABASE_ERRORS as exc:
            log.error("home page not read: database unavailable (%s)", type(exc).__name__)
            return [HOME_UNAVAILABLE]

    def _effects(self, tx: Tx, inp: TurnInput) -> EffectContext:
        """What the runners need to carry out this turn's effects in its transaction."""
        return EffectContext(
            tx, inp, self.reporters, self.flags_per_day, self._relay_waiting, self.lookups, self.dashboard_url
        )

    def _relay_waiting(self) -> None:
        """Read at the moment of the wake-up: the composition root sets ``on_message_to_relay`` after building."""
        if self.on_message_to_relay is not None:
            self.on_message_to_relay()
