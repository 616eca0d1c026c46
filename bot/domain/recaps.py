"""When each lesson is looked back at: about 1, 7 and 21 days after a person was first given it.

Spaced retrieval (Latimier et al. 2021; Kerfoot 2009) works when each idea comes back after growing gaps. Every
lesson a person is given, by a nudge or on request, gets three look-backs, each due :data:`GAPS` days after
the day they first had it (and never sooner than the day after the one before). A person gets at most one
look-back message a day, holding at most :data:`MOST_AT_ONCE` questions, the longest-waiting first.

Why three at once: on the default schedule (five lessons a week) fifteen look-backs fall due each week; one
question a day could never keep up, so the backlog, and the gaps, would grow without end. Three questions a
day on lesson days is exactly enough, so each look-back arrives on its day or, when that day has no nudge
(a weekend), on the next one.
"""

from __future__ import annotations

from datetime import date, timedelta

GAPS = (1, 7, 21)  # days after the lesson was first given
MOST_AT_ONCE = 3  # questions in one day's look-back


def first_due(first_on: date) -> date:
    """When a lesson first given on ``first_on`` is first looked back at."""
    return first_on + timedelta(days=GAPS[0])


def due_after(first_on: date, recalled: int, recalled_on: date) -> date | None:
    """When the next look-back is due once ``recalled`` of them have been had (the last on ``recalled_on``);
    None when all are done."""
    if recalled >= len(GAPS):
        return None
    return max(first_on + timedelta(days=GAPS[recalled]), recalled_on + timedelta(days=1))
