"""Release batches: when something a reporter or a lead writes about a flag reaches the other side, and the
only time kept for it.

Exact times join tables: a flag released to the microsecond of the event that sent it names that event, and
so its sender. So nothing that touches a flag keeps a time finer than its batch:

- ``daily`` (the default): everything written on one day (in the organisation's time zone) is released
  together at 08:00 the next day, and kept with that time;
- ``immediate`` (demos only): released at once, but kept with the start of the hour it was written in.

Rows that only need "when, roughly" (the lead audit log, the record of a platform event in a reporter's flag
journey) keep :func:`coarse_time`: the day (daily) or the hour (immediate).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from bot.domain.org import Organisation

RELEASE_HOUR = time(8, 0)


def release_at(now: datetime, org: Organisation) -> datetime:
    """When what is written at ``now`` is released to the other side (and the time kept for it)."""
    if org.flag_release == "immediate":
        return now.replace(minute=0, second=0, microsecond=0)
    zone = ZoneInfo(org.timezone)
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, RELEASE_HOUR, tzinfo=zone).astimezone(UTC)


def coarse_time(now: datetime, org: Organisation) -> datetime:
    """``now`` no finer than a batch: the start of its hour (immediate) or of its local day (daily)."""
    if org.flag_release == "immediate":
        return now.replace(minute=0, second=0, microsecond=0)
    zone = ZoneInfo(org.timezone)
    return datetime.combine(now.astimezone(zone).date(), time(0, 0), tzinfo=zone).astimezone(UTC)
