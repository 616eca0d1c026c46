"""``Bot.handle(incoming) -> replies``: the thin async shell around the pure dialogue core.

Per turn it (1) drops platform retries by event id, (2) serialises turns per person (an asyncio lock in
this process; a row lock on PostgreSQL or ``BEGIN IMMEDIATE`` on SQLite across processes), (3) loads the
person and their dialogue state, (4) runs :func:`bot.dialogue.turn`, and (5) saves the changes and runs
the effects in the same transaction, so a turn either happens completely or not at all. Steps 3 to 5
are one synchronous transaction body, so SQLite needs one hand-off to its thread per turn.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.channel import PLATFORM_REMOVED
from bot.dialogue import TurnInput, World, after, turn, views
from bot.dialogue import effects as fx
from bot.schedule import Schedule, parse_timezone
from bot.store import Store, Tx
from bot.types import Address, Incoming, Reply

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
TurnObserver = Callable[[str, str, float], None]


def system_clock() -> datetime:
    return datetime.now(UTC)


DATABASE_TROUBLE = Reply(
    text=(
        "Sorry, I can't reach my records just now, so nothing was saved. Please try again in a minute. "
        "If you need support now, call Samaritans on 116 123, or 999 in an emergency."
    )
)


def _known_zone(name: str) -> str:
    return parse_timezone(name) or "" if name else ""


class Bot:
    def __init__(self, store: Store, world: World, clock: Clock = system_clock) -> None:
        self.store = store
        self.world = world
        self.clock = clock
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

    async def _turn(self, incoming: Incoming) -> list[Reply]:
        now = self.clock()
        return await self.store.run(lambda tx: self._turn_in_transaction(tx, incoming, now))

    def _turn_in_transaction(self, tx: Tx, incoming: Incoming, now: datetime) -> list[Reply]:
        """Load, decide, save: the body of the turn's single transaction."""
        address = incoming.address
        if incoming.event_id and not tx.claim_event(f"{address.platform}:{incoming.event_id}", now):
            return []  # a retry of a delivery we already answered
        if incoming.action == PLATFORM_REMOVED:
            tx.forget_route(address)
            return []
        person = tx.person(address, now, _known_zone(incoming.timezone) or self.world.org.timezone)
        inp = TurnInput(incoming=incoming, person=person, now=now, world=self.world)
        out = turn(inp)
        changes = dict(out.person_changes)
        if out.state != person.state:
            changes["state"] = out.state
        replies = list(out.replies)
        deleted = False
        for effect in out.effects:
            result = self._run(tx, effect, inp)
            deleted = deleted or isinstance(effect, fx.DeleteMyData)
            replies += after(effect, result, inp)
        if changes and not deleted:
            tx.update_person(person.id, changes)
        return replies

    async def home(self, address: Address) -> list[Reply]:
        """The person's own part of an app home page (Slack's App Home): read-only, so it never disturbs a
        conversation in progress; a lead's look at their units is audited like any other."""
        now = self.clock()
        return await self.store.run(lambda tx: self._home(tx, address, now))

    def _home(self, tx: Tx, address: Address, now: datetime) -> list[Reply]:
        world = self.world
        person = tx.find_person(address)
        units = world.org.units_led_by(address.platform, address.user)
        counts = None
        if units:
            counts = tx.flag_counts(units, now)
            tx.audit(
                lead=address,
                action="view-home",
                now=now,
                unit=",".join(units)[:64],
                detail=f"{sum(counts.values())} flags",
            )
        lessons = world.content.lessons
        if person is None:
            schedule = Schedule(timezone=world.org.timezone)
            today = now.astimezone(ZoneInfo(schedule.timezone)).date()
            return views.home(None, schedule, lessons[0], today, counts, world.content, world.org)
        schedule = person.schedule
        upcoming = lessons[person.lesson_position % len(lessons)]
        today = now.astimezone(ZoneInfo(person.timezone)).date()
        return views.home(person, schedule, upcoming, today, counts, world.content, world.org)

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
                flag = tx.insert_flag(
                    unit=effect.unit,
                    category=effect.category,
                    occurred=effect.occurred,
                    submitted_week=effect.submitted_week,
                    danger=effect.danger,
                    description=effect.description,
                    release_at=effect.release_at,
                )
                if effect.wants_reply:
                    tx.add_handle(flag.id, address, effect.handle_expires_at)
                return flag
            case fx.FlagStatus(case_code=code):
                return tx.flag_by_code(code)
            case fx.WithdrawFlag(case_code=code):
                return tx.withdraw_flag(code)
            case fx.ReviewFlags(units=units, limit=limit):
                items = tx.released_flags(units, now, limit)
                counts = tx.flag_counts(units, now)
                tx.audit(
                    lead=address, action="view-list", now=now, unit=",".join(units)[:64], detail=f"{len(items)} shown"
                )
                return items, counts
            case fx.OpenFlag(flag_id=flag_id, units=units):
                flag = tx.released_flag(flag_id, units, now)
                tx.audit(
                    lead=address,
                    action="view-flag" if flag else "view-denied",
                    now=now,
                    unit=flag.unit if flag else None,
                    flag_id=flag_id,
                )
                return flag
            case fx.MarkFlag(flag_id=flag_id, units=units, status=status):
                flag = tx.released_flag(flag_id, units, now)
                if flag is not None:
                    tx.set_flag_status(flag_id, status)
                tx.audit(
                    lead=address,
                    action=f"mark-{status}" if flag else "mark-denied",
                    now=now,
                    unit=flag.unit if flag else None,
                    flag_id=flag_id,
                )
                return flag is not None
            case fx.DeleteMyData():
                tx.delete_person(person.id, address)
                return None
        raise TypeError(f"unknown effect {effect!r}")
