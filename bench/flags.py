"""Flag figures for `make bench`: the monthly summary over 100,000 flags, on SQLite and PostgreSQL.

The store holds a year of flags for 20 units (about 8,300 a month); the
figure is the time to build one month's suppressed summary for every unit (the query a lead's "summary",
the App Home and ``export-flags`` run), median of several runs, then for one unit (a typical lead).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bench.nudges import database_targets, fresh_store
from bot.domain.summary import previous_month, summarise
from bot.store import Store
from bot.store.tables import flags

UNITS = [f"unit-{n:02d}" for n in range(20)]
CATEGORIES = [f"category-{n:02d}" for n in range(13)]
MONTHS = [date(2025, 12, 1) + timedelta(days=31 * n) for n in range(12)]
MONTHS = [m.replace(day=1) for m in MONTHS]
NOW = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)
BATCH = 10_000


async def seed(store: Store, count: int) -> None:
    rng = random.Random(7)
    flag_rows: list[dict[str, Any]] = []
    for i in range(count):
        unit, category, month = rng.choice(UNITS), rng.choice(CATEGORIES), rng.choice(MONTHS)
        week = month + timedelta(days=rng.randrange(25))
        flag_rows.append(
            {
                "case_code": f"C{i:07d}",
                "unit": unit,
                "category": category,
                "occurred": "this-week",
                "submitted_week": week - timedelta(days=week.weekday()),
                "submitted_month": month,
                "description": "",
                "release_at": datetime.combine(week, datetime.min.time(), UTC),
            }
        )

    def write(conn: Any) -> None:
        for start in range(0, len(flag_rows), BATCH):
            conn.execute(insert(flags), flag_rows[start : start + BATCH])

    await store.run_on_connection(write)
    if store.dialect == "postgresql":  # what autovacuum does soon after a bulk load on a live server
        await store.run_on_connection(lambda conn: conn.execute(text("ANALYZE flags")))


async def summary_times(url: str, count: int, runs: int = 7) -> tuple[float, float]:
    store = await fresh_store(url)
    try:
        await seed(store, count)
        month = MONTHS[-1]

        async def once(units: list[str]) -> float:
            started = time.perf_counter()
            cells = await store.run(lambda tx: tx.monthly_cells(units, (month, previous_month(month)), NOW))
            summarise(cells, units, month, 3)
            return time.perf_counter() - started

        await once(UNITS)  # warm the caches, as a running server would be
        every_unit = statistics.median([await once(UNITS) for _ in range(runs)])
        one_unit = statistics.median([await once(UNITS[:1]) for _ in range(runs)])
        return every_unit, one_unit
    finally:
        await store.close()


def rows(sqlite_dir: Path, count: int = 100_000) -> list[tuple[str, str, str]]:
    targets, out = database_targets(sqlite_dir / "flags.db", "flags")
    for name, url in targets:
        every_unit, one_unit = asyncio.run(summary_times(url, count))
        out.append(
            (f"flags, {name}: monthly summary, {len(UNITS)} units, {count:,} flags (ms)", f"{every_unit * 1e3:.1f}", "")
        )
        out.append((f"flags, {name}: monthly summary, one unit (ms)", f"{one_unit * 1000:.1f}", ""))
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows(Path(tmp)):
            print(" | ".join(row))
