"""What Kinship deletes, and when: run daily by the worker and on demand by ``python -m bot purge``.

* flags (with their replies and handles) older than the retention period, 12 months by default;
* reply handles past their expiry (90 days after sending, or a day after the flag closed);
* distinct-reporter hashes older than the retention period, and every daily-quota hash from before today;
* everyone who removed the app or left, with their reflections, after a grace period (30 days by
  default) in which coming back keeps everything. Reflections a person deletes go at once, elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.store import Tx


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    flag_days: int = 365
    left_grace_days: int = 30
    timezone: str = "Europe/London"


def purge(tx: Tx, now: datetime, policy: RetentionPolicy) -> dict[str, int]:
    """Delete everything past its time in one transaction; returns rows deleted per table."""
    today = now.astimezone(ZoneInfo(policy.timezone)).date()
    counts = tx.purge(
        flags_before=today - timedelta(days=policy.flag_days),
        handles_at=now,
        left_before=now - timedelta(days=policy.left_grace_days),
        today=today,
    )
    counts["lead_sessions"] = tx.purge_lead_access(now)  # dashboard links and sessions that can't be used
    return counts


def describe(counts: dict[str, int]) -> str:
    deleted = [f"{table} {n}" for table, n in counts.items() if n]
    return "purged: " + (", ".join(deleted) if deleted else "nothing was due")
