"""Backup figures for `make bench`: `python -m bot backup` of a 100,000-person SQLite database.

- the copy itself (SQLite's online backup API, then ``PRAGMA integrity_check``), median of three;
- the whole command as an operator runs it (``python -m bot backup --out FILE``: start-up included);
- the size of the copy.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.nudges import fresh_store, seed
from bot.cli.backup import backup_sqlite


async def _prepare(database: Path, people_count: int) -> None:
    store = await fresh_store(f"sqlite:///{database}")
    try:
        await seed(store, people_count)
    finally:
        await store.close()


def _command_seconds(database: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "backup", "--out", str(out)],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return time.perf_counter() - started


def rows(work_dir: Path, people_count: int = 100_000) -> list[tuple[str, str, str]]:
    database = work_dir / "backup-source.db"
    asyncio.run(_prepare(database, people_count))
    copies = [backup_sqlite(database, work_dir / f"backup-{i}.db") for i in range(3)]
    command = _command_seconds(database, work_dir / "backup-cli.db")
    size_mb = copies[0].size_bytes / 1_000_000
    copy_s = statistics.median(c.seconds for c in copies)
    label = f"backup, SQLite, {people_count:,} people ({size_mb:.0f} MB)"
    return [
        (f"{label}: copy and integrity check, median of 3 (s)", f"{copy_s:.2f}", ""),
        (f"{label}: `python -m bot backup` wall time (s)", f"{command:.2f}", ""),
    ]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows(Path(tmp), people_count=int(os.environ.get("BENCH_PEOPLE", "100000"))):
            print(" | ".join(row))
