"""What a runner is handed: the turn's transaction and input, and the few settings the flag rules need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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
    dashboard_url: str = ""  # where leads open the dashboard (KINSHIP_PUBLIC_URL), without a trailing slash

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


class LeadScope(Protocol):
    """What a lead's action on a flag needs, whether it came from chat (:class:`EffectContext`) or from the
    dashboard (:class:`LeadContext`): the same runners, so the same rules and the same audit rows."""

    @property
    def tx(self) -> Tx: ...

    @property
    def now(self) -> datetime: ...

    @property
    def address(self) -> Address: ...

    @property
    def world(self) -> World: ...

    @property
    def wake_relay(self) -> Callable[[], None]: ...


@dataclass(frozen=True, slots=True)
class LeadContext:
    """A lead's request from the dashboard: their transaction, the time, who they are, and the world."""

    tx: Tx
    now: datetime
    address: Address
    world: World
    wake_relay: Callable[[], None]
