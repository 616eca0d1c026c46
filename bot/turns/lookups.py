"""A limit on case codes that match no flag, so codes cannot be found by guessing.

A case code is the only key to a flag (60 bits, :mod:`bot.domain.case_codes`). Each look-up that finds no
flag counts against the person (at most ``per_person`` an hour) and against this process (at most
``per_process`` a minute, which also caps what many accounts together can try). Past either limit a look-up
is refused before the database is touched. The counts live in this process's memory only: a restart clears
them, and each process of a multi-process deployment keeps its own.

Failed and refused look-ups are counted for ``GET /metrics`` through :attr:`LookupLimiter.observe` (the
server sets it to :meth:`bot.app.metrics.Metrics.lookup`); the log says how many were refused, never the code
or the person.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from typing import Final

log = logging.getLogger(__name__)

PER_PERSON: Final = 5  # failed look-ups one person may make in PERSON_WINDOW
PERSON_WINDOW: Final = timedelta(hours=1)
PER_PROCESS: Final = 60  # failed look-ups this process allows in PROCESS_WINDOW, from everyone together
PROCESS_WINDOW: Final = timedelta(minutes=1)
LOG_EVERY: Final = timedelta(minutes=1)  # at most one "refused" line a minute, however many were refused

FAILED: Final = "failed"
REFUSED: Final = "refused"
LookupObserver = Callable[[str], None]  # FAILED or REFUSED


class Refused:
    """What a runner returns for a look-up refused by the limit (the turn then says to wait)."""

    __slots__ = ()

    def __bool__(self) -> bool:  # falsy, like every other "no flag" result
        return False

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED_LOOKUP: Final = Refused()


def _drop_before(times: deque[datetime], cutoff: datetime) -> None:
    while times and times[0] <= cutoff:
        times.popleft()


class LookupLimiter:
    """Failed case-code look-ups, per person and per process, in sliding windows."""

    def __init__(
        self,
        per_person: int = PER_PERSON,
        per_process: int = PER_PROCESS,
        *,
        person_window: timedelta = PERSON_WINDOW,
        process_window: timedelta = PROCESS_WINDOW,
    ) -> None:
        self.per_person = per_person
        self.per_process = per_process
        self.person_window = person_window
        self.process_window = process_window
        self.observe: LookupObserver | None = None
        self.counts = {FAILED: 0, REFUSED: 0}  # since start, for tests and logs
        self._people: dict[Hashable, deque[datetime]] = {}
        self._process: deque[datetime] = deque()
        self._unlogged = 0
        self._logged_at: datetime | None = None

    def allows(self, person: Hashable, now: datetime) -> bool:
        """Whether a look-up may be tried now; a refusal is counted (and logged, briefly) here."""
        _drop_before(self._process, now - self.process_window)
        mine = self._people.get(person)
        if mine is not None:
            _drop_before(mine, now - self.person_window)
        if len(self._process) < self.per_process and (mine is None or len(mine) < self.per_person):
            return True
        self._count(REFUSED)
        self._log_refused(now)
        return False

    def failed(self, person: Hashable, now: datetime) -> None:
        """A look-up found no flag."""
        self._count(FAILED)
        self._process.append(now)
        self._people.setdefault(person, deque()).append(now)
        if len(self._people) > 2 * self.per_process * (self.person_window // self.process_window + 1):
            self._forget_old(now)

    def _forget_old(self, now: datetime) -> None:
        """Drop people whose failures have all left the window. The process limit bounds how many are left:
        at most ``per_process`` new failures a minute, so at most that times the minutes in an hour."""
        cutoff = now - self.person_window
        for person in [p for p, times in self._people.items() if not times or times[-1] <= cutoff]:
            del self._people[person]

    def _count(self, result: str) -> None:
        self.counts[result] += 1
        if self.observe is not None:
            self.observe(result)

    def _log_refused(self, now: datetime) -> None:
        self._unlogged += 1
        if self._logged_at is not None and now - self._logged_at < LOG_EVERY:
            return
        log.info("case code look-ups refused: %d too many that matched no flag", self._unlogged)
        self._unlogged, self._logged_at = 0, now
