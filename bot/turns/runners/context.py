"""What a runner is handed: the turn's transaction and input, and the few settings the flag rules need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.dialogue import TurnInput, World
from bot.domain.records import PersonRecord
from bot.domain.reporters import ReporterHasher
from bot.domain.types import Address
from bot.store import Tx
from bot.turns.lookups import LookupLimiter


@dataclass(frozen=True, slots=True)
class EffectContext:
    tx: Tx
    inp: TurnInput
    reporters: ReporterHasher  # keyed hashes for the daily flag limit (under the day's key, see reporters.py)
    flags_per_day: int  # how many flags one account may send in a day (in the organisation's time zone)
    wake_relay: Callable[[], None]  # a message now waits to be passed on: wakes a relay worker, if any
    lookups: LookupLimiter  # the limit on case codes that match no flag (this process's, shared by its turns)

    @property
    def now(self) -> datetime:
        return self.inp.now

    @property
    def address(self) -> Address:
        return self.inp.incoming.address

    @property
    def person(self) -> PersonRecord:
        return self.inp.person

    @property
    def world(self) -> World:
        return self.inp.world
