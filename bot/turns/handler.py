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
(except for the few turns in ``NOT_KEPT``, for privacy); a second copy only if a process dies between the
platform accepting a reply and recording it.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.dialogue import TurnInput, World, after, state_after, turn, views
from bot.dialogue import effects as fx
from bot.domain.channel import PLATFORM_REMOVED
from bot.domain.records import ALL_CATEGORIES, FlagRecord
from bot.domain.reporters import ReporterHasher
from bot.domain.schedule import Schedule, parse_timezone
from bot.domain.summary import previous_month, summarise
from bot.domain.types import Address, Clock, Incoming, Reply, system_clock
from bot.outbound.delivery_ledger import DeliveryLedger
from bot.store import Store, Tx

log = logging.getLogger(__name__)
DEFAULT_HOLD = timedelta(seconds=60)
# Turns whose replies are never kept as owed, so sent at most once and lost to a crash: anything a reporter
# does with a flag (a reply can show the draft or name the case, and an owed reply sits beside the
# reporter's address, a link the schema otherwise never makes) and "delete my data" (after which their
# address must not linger).
NOT_KEPT = (fx.SubmitFlag, fx.FlagStatus, fx.WithdrawFlag, fx.MayReply, fx.ReporterReply, fx.DeleteMyData)
FLAG_MODES = frozenset({"flag", "status", "reporter-reply"})
FLAG_ACTIONS = ("flag", "status", "withdraw", "flag-reply")


class _AlreadyAnswered(Exception):
    """Raised inside a turn's transaction to undo it: the platform delivered this event before."""


def _about_a_flag(incoming: Incoming, before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """A reporter's turn in the flag journey: while writing one, checking one or answering a lead."""
    action = (incoming.action or "").partition(":")[0]
    return action in FLAG_ACTIONS or before.get("mode") in FLAG_MODES or after.get("mode") in FLAG_MODES


DEFAULT_FLAGS_PER_DAY = 5
CLOSING_RELAY_WINDOW = timedelta(days=1)  # a closed flag's reply handle lives this long, to pass on the last word
TurnObserver = Callable[[str, str, float], None]


DATABASE_TROUBLE = Reply(
    text=(
        "Sorry, I can't reach my records just now, so nothing was saved. Please try again in a minute. "
        "If you need support now, call Samaritans on 116 123, or 999 in an emergency."
    )
)
HOME_UNAVAILABLE = Reply(
    text=(
        "I can't reach my records just now, so your lessons and settings can't be shown. Please look again in "
        "a minute. If you need support now, call Samaritans on 116 123, or 999 in an emergency."
    )
)


def event_key(incoming: Incoming) -> str:
    """The key a platform delivery is remembered by (empty when the platform gave no id)."""
    return f"{incoming.address.platform}:{incoming.event_id}"[:255] if incoming.event_id else ""


def _is_identified(address: Address) -> bool:
    return all(isinstance(part, str) and part for part in (address.platform, address.user)) and isinstance(
        address.tenant, str
    )


def _known_zone(name: str) -> str:
    return parse_timezone(name) or "" if name else ""


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
    ) -> None:
        self.store = store
        self.world = world
        self.clock = clock
        self.reporters = reporters or ReporterHasher()
        self.flags_per_day = flags_per_day
        self.on_message_to_relay: Callable[[], None] | None = None  # wakes a worker in this process, if any
        self.hold = hold  # how long an adapter has to post a turn's replies before anyone else may
        self._ledger = DeliveryLedger(store)
        self._locks: weakref.WeakValueDictionary[tuple[str, str, str], asyncio.Lock] = weakref.WeakValueDictionary()

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
        try:
            async with self._lock_for(incoming.address.person_key):
                try:
                    replies = await self._turn(incoming)
                except (OperationalError, DBAPIError, OSError, ConnectionError) as exc:
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
        except (OperationalError, DBAPIError, OSError, ConnectionError) as exc:
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
            if not tx.record_event(key, now, owed):
                raise _AlreadyAnswered
        return replies

    def _decide(self, tx: Tx, incoming: Incoming, now: datetime) -> tuple[list[Reply], bool]:
        """The turn's replies, and whether they may be kept as owed (see ``NOT_KEPT``)."""
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
        keep = not any(isinstance(e, NOT_KEPT) for e in out.effects) and not _about_a_flag(
            incoming, person.state, out.state
        )
        state = out.state
        for effect in out.effects:
            result = self._run(tx, effect, inp)
            deleted = deleted or isinstance(effect, fx.DeleteMyData)
            replies += after(effect, result, inp)
            state = state_after(effect, result, state)
        if state != person.state:
            changes["state"] = state
        if changes and not deleted:
            tx.update_person(person.id, changes)
        return replies, keep

    async def home(self, address: Address) -> list[Reply]:
        """The person's own part of an app home page (Slack's App Home): read-only, so it never disturbs a
        conversation in progress; a lead's look at their units is audited like any other."""
        now = self.clock()
        try:
            return await self.store.run(lambda tx: self._home(tx, address, now), quick=True)
        except (OperationalError, DBAPIError, OSError, ConnectionError) as exc:
            log.error("home page not read: database unavailable (%s)", type(exc).__name__)
            return [HOME_UNAVAILABLE]

    def _home(self, tx: Tx, address: Address, now: datetime) -> list[Reply]:
        world = self.world
        person = tx.find_person(address)
        units = world.org.units_led_by(address.platform, address.user)
        totals = None
        if units:
            totals = self._unit_totals(tx, units, now)
            tx.audit(lead=address, action="view-home", now=now, unit=",".join(units)[:64])
        lessons = world.content.lessons
        if person is None:
            schedule = Schedule(timezone=world.org.timezone)
            today = now.astimezone(ZoneInfo(schedule.timezone)).date()
            return views.home(None, schedule, lessons[0], today, totals, world.content, world.org)
        schedule = person.schedule
        upcoming = lessons[person.lesson_position % len(lessons)]
        today = now.astimezone(ZoneInfo(person.timezone)).date()
        return views.home(person, schedule, upcoming, today, totals, world.content, world.org)

    def _run(self, tx: Tx, effect: fx.Effect, inp: TurnInput) -> Any:
        person, now, address = inp.person, inp.now, inp.incoming.address
        match effect:
            case fx.SaveReflection(prompt_id=prompt_id, text=text):
                return tx.add_reflection(person.id, prompt_id, text, now)
            case fx.ListReflections(limit=limit):
                return tx.reflections(person.id, limit), tx.count_reflections(person.id)
            case fx.DeleteReflection(reflection_id=reflection_id):
                return tx.delete_reflection(person.id, reflection_id)
            case fx.DeleteAllReflections():
                return tx.delete_reflections(person.id)
            case fx.SubmitFlag():
                return self._submit_flag(tx, effect, inp)
            case fx.FlagStatus(case_code=code):
                flag = tx.flag_by_code(code)
                if flag is None:
                    return None, [], False
                return flag, tx.flag_messages(flag.id), self._is_reporter(tx, flag.id, address, now)
            case fx.WithdrawFlag(case_code=code):
                return tx.withdraw_flag(code)
            case fx.ReviewFlags(units=units, limit=limit):
                items = tx.released_flags(units, now, limit)
                totals = self._unit_totals(tx, units, now)
                last = tx.last_senders(f.id for f in items)
                tx.audit(
                    lead=address, action="view-list", now=now, unit=",".join(units)[:64], detail=f"{len(items)} shown"
                )
                return items, totals, {flag_id for flag_id, sender in last.items() if sender == "reporter"}
            case fx.OpenFlag(flag_id=flag_id, units=units):
                flag = tx.released_flag(flag_id, units, now)
                self._audit_flag(tx, address, now, "view-flag", flag_id, flag)
                if flag is None:
                    return None, [], False
                return flag, tx.flag_messages(flag.id), tx.handle_for(flag.id, now) is not None
            case fx.MarkFlag(flag_id=flag_id, units=units, status=status):
                flag = tx.released_flag(flag_id, units, now)
                if flag is not None:
                    tx.set_flag_status(flag_id, status, closes_at=now + CLOSING_RELAY_WINDOW)
                self._audit_flag(tx, address, now, f"mark-{status}", flag_id, flag)
                return flag is not None
            case fx.FlagNote(flag_id=flag_id, units=units, note=note):
                flag = tx.released_flag(flag_id, units, now)
                if flag is not None:
                    tx.set_flag_note(flag_id, note)
                    if note and tx.handle_for(flag_id, now) is not None:  # they asked to hear back: tell them
                        tx.add_flag_message(flag_id, "lead", f"Action taken. {note}", now)
                        self._relay_waiting()
                self._audit_flag(tx, address, now, "note", flag_id, flag)
                return flag is not None
            case fx.LeadReply(flag_id=flag_id, units=units, text=text):
                flag = tx.released_flag(flag_id, units, now)
                can_reply = flag is not None and tx.handle_for(flag_id, now) is not None
                if can_reply:
                    tx.add_flag_message(flag_id, "lead", text, now)
                    self._relay_waiting()
                self._audit_flag(tx, address, now, "reply", flag_id, flag if can_reply else None)
                return can_reply
            case fx.MayReply(case_code=code):
                return self._reply_flag(tx, code, address, now) is not None
            case fx.ReporterReply(case_code=code, text=text):
                flag = self._reply_flag(tx, code, address, now)
                if flag is None:
                    return False
                tx.add_flag_message(flag.id, "reporter", text, now)
                self._relay_waiting()
                return True
            case fx.FlagSummary(units=units, month=month):
                cells = tx.monthly_cells(units, (month, previous_month(month)), now)
                tx.audit(lead=address, action="view-summary", now=now, unit=",".join(units)[:64], detail=str(month))
                return cells
            case fx.DeleteMyData():
                tx.delete_person(person.id, address)
                return None
        raise TypeError(f"unknown effect {effect!r}")

    def _submit_flag(self, tx: Tx, effect: fx.SubmitFlag, inp: TurnInput) -> FlagRecord | int:
        """Send a flag: a flag row with no one's identity, one keyed hash per summary cell for distinct
        counts, and the reply handle only if they asked to hear back. Over the daily limit nothing is kept."""
        address, now = inp.incoming.address, inp.now
        day = now.astimezone(ZoneInfo(self.world.org.timezone)).date()
        if not tx.take_flag_quota(self.reporters.quota_token(address, day), day, self.flags_per_day):
            return self.flags_per_day
        month = day.replace(day=1)
        flag = tx.insert_flag(
            unit=effect.unit,
            category=effect.category,
            occurred=effect.occurred,
            submitted_week=effect.submitted_week,
            submitted_month=month,
            danger=effect.danger,
            description=effect.description,
            release_at=effect.release_at,
        )
        for category in (effect.category, ALL_CATEGORIES):
            tx.add_cell_reporter(
                month, effect.unit, category, self.reporters.cell_token(address, month, effect.unit, category)
            )
        if effect.wants_reply:
            tx.add_handle(flag.id, address, effect.handle_expires_at)
        return flag

    def _unit_totals(self, tx: Tx, units: tuple[str, ...], now: datetime) -> dict[str, int | None]:
        """This month's flags per unit, None where fewer than k people stand behind the number."""
        month = now.astimezone(ZoneInfo(self.world.org.timezone)).date().replace(day=1)
        cells = tx.monthly_cells(units, (month, previous_month(month)), now)
        return {s.unit: s.total_this for s in summarise(cells, units, month, self.world.org.min_group_size)}

    @classmethod
    def _reply_flag(cls, tx: Tx, code: str, address: Address, now: datetime) -> FlagRecord | None:
        """The flag behind ``code`` if this account may answer on it: it sent it and the flag is not withdrawn."""
        flag = tx.flag_by_code(code)
        if flag is None or flag.status == "withdrawn" or not cls._is_reporter(tx, flag.id, address, now):
            return None
        return flag

    @staticmethod
    def _is_reporter(tx: Tx, flag_id: int, address: Address, now: datetime) -> bool:
        """Only the account that sent a flag (and asked to hear back) may answer on it."""
        handle = tx.handle_for(flag_id, now)
        return handle is not None and handle.person_key == address.person_key

    @staticmethod
    def _audit_flag(tx: Tx, lead: Address, now: datetime, action: str, flag_id: int, flag: FlagRecord | None) -> None:
        tx.audit(
            lead=lead,
            action=action if flag is not None else f"{action}-denied",
            now=now,
            unit=flag.unit if flag is not None else None,
            flag_id=flag_id,
        )

    def _relay_waiting(self) -> None:
        if self.on_message_to_relay is not None:
            self.on_message_to_relay()
