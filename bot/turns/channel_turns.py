"""A message or button press in a team's channel (``Incoming.place`` set), the shell around
:func:`bot.dialogue.flows.team.channel_turn`.

A message is one transaction: load the channel's schedule, run the pure flow, make its one change, and
remember the platform's event id (a retry is undone, like a person's turn, and says nothing). No person row is
made or touched: the only thing kept of a channel message is an answer in the week's question thread
(redacted), with the answerer's platform id so "delete my data" can find it. Someone who may need support is
answered privately before anything else, and that reply needs no database at all, so it is given again on a
platform's retry rather than lost.

A button pressed on a channel post ("Answer privately") is the person's own turn: it goes to the one-to-one
dialogue, without the place (so their row never takes the channel as their conversation), and every reply is
for them alone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from bot.dialogue import World
from bot.dialogue.flows import team
from bot.dialogue.views import team as views
from bot.domain.channel import PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED
from bot.domain.team_practice import TeamSchedule, week_of
from bot.domain.types import Clock, Incoming, Reply
from bot.store import DATABASE_ERRORS, Store, Tx

log = logging.getLogger(__name__)


class _AlreadyAnswered(Exception):
    """Raised inside the transaction to undo it: the platform delivered this event before."""


class ChannelTurns:
    def __init__(
        self, store: Store, world: World, clock: Clock, personal: Callable[[Incoming], Awaitable[list[Reply]]]
    ) -> None:
        self.store = store
        self.world = world
        self.clock = clock
        self.personal = personal  # the one-to-one turn (Bot.handle), for buttons pressed in a channel

    async def handle(self, incoming: Incoming) -> list[Reply]:
        if incoming.action == PLATFORM_ADDED_TO_CHANNEL:  # said once, even when the platform retries the event
            first = await self.store.run(lambda tx: self._first_delivery(tx, incoming))
            return [views.introduction()] if first else []
        if incoming.action == PLATFORM_REMOVED:  # Kinship left the channel: its schedule and answers go
            await self.store.run(lambda tx: self._removed(tx, incoming))
            return []
        if incoming.action is not None:
            return views.only_for_them(await self.personal(replace(incoming, place=None)))
        support = team.support_for(self.world, incoming)
        if support is not None:  # nothing is kept, so a platform's retry gets it again rather than nothing
            return [support]
        now = self.clock()
        try:
            return await self.store.run(lambda tx: self._in_transaction(tx, incoming, now), quick=True)
        except _AlreadyAnswered:
            return []
        except DATABASE_ERRORS as exc:
            log.error("channel turn failed: database unavailable (%s)", type(exc).__name__)
            return []  # nothing is said in a channel about Kinship's own trouble

    def _first_delivery(self, tx: Tx, incoming: Incoming) -> bool:
        key = f"{incoming.address.platform}:{incoming.event_id}"[:255] if incoming.event_id else ""
        return not key or tx.record_event(key, self.clock())

    def _removed(self, tx: Tx, incoming: Incoming) -> None:
        place, address = incoming.place, incoming.address
        assert place is not None
        schedule = tx.team_channel(address.platform, address.tenant, place.channel)
        if schedule is not None:
            tx.remove_team_channel(schedule.id)

    def _in_transaction(self, tx: Tx, incoming: Incoming, now: datetime) -> list[Reply]:
        place = incoming.place
        assert place is not None
        address = incoming.address
        schedule = tx.team_channel(address.platform, address.tenant, place.channel)
        answerers = 0
        if schedule is not None and schedule.thread and schedule.week is not None and place.mentioned:
            answerers = tx.team_answerers(schedule.id, schedule.week)
        out = team.channel_turn(team.ChannelInput(incoming, schedule, now, self.world, answerers, screened=True))
        if out.change is not None:
            self._apply(tx, incoming, schedule, out.change, now)
        key = f"{address.platform}:{incoming.event_id}"[:255] if incoming.event_id else ""
        if key and not tx.record_event(key, now):
            raise _AlreadyAnswered
        return out.replies

    def _apply(
        self, tx: Tx, incoming: Incoming, schedule: TeamSchedule | None, change: team.Change, now: datetime
    ) -> None:
        place = incoming.place
        assert place is not None
        address = incoming.address
        if isinstance(change, team.SetUp):
            ident = tx.add_team_channel(
                address.platform,
                address.tenant,
                place.channel,
                place.ref,
                change.unit,
                (change.weekday, change.at),
                self.world.org.timezone,
            )
            tx.set_team_time(ident, change.weekday, change.at, change.first_post_at)
            return
        assert schedule is not None
        match change:
            case team.ChangeTime():
                tx.set_team_time(schedule.id, change.weekday, change.at, change.next_post_at)
                tx.set_team_unit(schedule.id, change.unit, place.ref or schedule.ref)
            case team.Pause():
                tx.set_team_paused(schedule.id, True, None)
            case team.Resume():
                tx.set_team_paused(schedule.id, False, change.next_post_at)
            case team.Remove():
                tx.remove_team_channel(schedule.id)
            case team.KeepAnswer():
                week = schedule.week or week_of(now, schedule.timezone)
                tx.add_team_answer(schedule.id, week, address.user, change.words, now)
