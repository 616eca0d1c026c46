"""Several real `python -m bot worker` processes on PostgreSQL, coordinating only through the database."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time as wallclock
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.domain.records import days_to_mask
from bot.domain.schedule import EVERY_DAY
from bot.store import Store
from bot.store.tables import people
from tests.servers import start_kinship

PEOPLE = 4_000  # several claim batches for each of three workers (bench/nudges.py measures 100,000)
DUE = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


async def seed(store: Store, count: int) -> None:
    rows = [
        {
            "platform": "console",
            "tenant": f"t{i % 20}",
            "user_id": f"u{i}",
            "conversation": f"c{i}",
            "created_at": DUE - timedelta(days=1),
            "timezone": "Europe/London",
            "nudge_time": "10:00",
            "nudge_days": days_to_mask(EVERY_DAY),
            "subscribed": True,
            "next_due_at": DUE,
        }
        for i in range(count)
    ]
    await store.run_on_connection(lambda conn: conn.execute(insert(people), rows))


def start_worker(outbox: Path, now: datetime, **env: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": os.environ["TEST_DATABASE_URL"],
        "KINSHIP_OUTBOX": str(outbox),
        "KINSHIP_LEASE_SECONDS": "5",
        **env,
    }
    return start_kinship(
        "worker",
        "--once",
        "--now",
        now.isoformat(),
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def delivered(outboxes: list[Path]) -> Counter[str]:
    seen: Counter[str] = Counter()
    for path in outboxes:
        if path.exists():
            for line in path.read_text().splitlines():
                seen[json.loads(line)["user"]] += 1
    return seen


async def wait_all(procs: list[subprocess.Popen[str]]) -> list[str]:
    loop = asyncio.get_running_loop()
    outputs = []
    for proc in procs:
        out, err = await loop.run_in_executor(None, lambda p=proc: p.communicate(timeout=240))
        assert proc.returncode == 0, err[-2000:]
        assert "Traceback" not in err
        outputs.append(out)
    return outputs


async def test_three_workers_send_each_person_exactly_one_nudge(pg: Store, tmp_path: Path) -> None:
    await seed(pg, PEOPLE)
    outboxes = [tmp_path / f"outbox-{n}.jsonl" for n in range(3)]
    procs = [start_worker(path, DUE + timedelta(minutes=1), KINSHIP_PACE="console=100000") for path in outboxes]
    outputs = await wait_all(procs)
    seen = delivered(outboxes)
    assert len(seen) == PEOPLE and set(seen.values()) == {1}
    sent_by_each = [int(out.split("sent=")[1].split()[0]) for out in outputs]
    assert sum(sent_by_each) == PEOPLE
    assert sum(1 for n in sent_by_each if n > 0) >= 2, sent_by_each  # the work really was shared
    assert await pg.run(lambda tx: tx.delivery_counts()) == {"sent": PEOPLE}


async def test_a_worker_killed_mid_batch_loses_nothing(pg: Store, tmp_path: Path) -> None:
    await seed(pg, 2_000)
    first, second = tmp_path / "killed.jsonl", tmp_path / "restarted.jsonl"
    victim = start_worker(first, DUE + timedelta(minutes=1), KINSHIP_PACE="console=400")  # about 5 s of work
    deadline = wallclock.monotonic() + 60
    while wallclock.monotonic() < deadline and len(delivered([first])) < 300:  # noqa: ASYNC110 - polling a file
        await asyncio.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    before_kill = delivered([first])
    assert 0 < len(before_kill) < 2_000, "the worker should have been killed part-way through"
    # after the dead worker's 5 s leases have run out, another worker finishes the job
    restart = start_worker(second, DUE + timedelta(minutes=1, seconds=10), KINSHIP_PACE="console=100000")
    await wait_all([restart])
    seen = delivered([first, second])
    assert len(seen) == 2_000  # nobody missed
    duplicates = sum(n - 1 for n in seen.values())
    assert duplicates <= 1, duplicates  # at most the one message in flight when it died
    assert await pg.run(lambda tx: tx.delivery_counts()) == {"sent": 2_000}
