"""`make bench`: one table of figures.

- turns/s through ``Bot.handle`` on SQLite for a script request and a lesson request (many people, each
  asking repeatedly, as on a busy morning), sequential and with 50 conversations at once;
- wall time from starting ``python -m bot chat`` to its first reply (median of several runs);
- the nudge figures of ``bench/nudges.py`` (on PostgreSQL too when ``TEST_DATABASE_URL`` is set);
- the monthly flag summary over 100,000 flags (``bench/flags.py``, both databases likewise);
- the lead dashboard's overview page from a real ``serve``, 10 leads at once over 100,000 flags: p50/p99,
  requests/s and the process's peak RSS (``bench/dashboard.py``, both databases likewise);
- redaction recall and precision per kind on the tuned, held-out and unseen sets (``bench/redaction_eval.py``);
- triage on its held-out sets, its speed per message and the model's load time (``bench/triage_eval.py``);
- the weekly team reflection question to 10,000 channels at once: rate used, duplicates, missed
  (``bench/team_posts.py``);
- a whole programme of lessons and its look-backs, simulated day by day (``bench/recaps.py``);
- inbound Slack and Teams throughput beside bare-SDK anchors (``bench/platforms.py``).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.backup import rows as backup_rows
from bench.dashboard import rows as dashboard_rows
from bench.flags import rows as flag_rows
from bench.nudges import rows as nudge_rows
from bench.platforms import rows as platform_rows
from bench.recaps import rows as recap_rows
from bench.redaction_eval import run as redaction_rows
from bench.team_posts import rows as team_post_rows
from bench.triage_eval import rows as triage_rows
from bot.app.compose import load_world
from bot.domain.config import load_config
from bot.domain.types import Address, Incoming
from bot.store import Store
from bot.turns.handler import Bot

PEOPLE = 200
TURNS = 4000
SCRIPT_TEXT = "a patient just made a racist comment to my colleague"


def _incoming_factory(kind: str) -> Callable[[int], Incoming]:

    def make(i: int) -> Incoming:
        user = f"user{i % PEOPLE}"
        address = Address("bench", "t", user, user)
        if kind == "script":
            return Incoming(address, text=SCRIPT_TEXT)
        return Incoming(address, action="lesson")

    return make


async def _turns_per_second(kind: str, concurrency: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite:///{tmp}/bench.db")
        bot = Bot(store, load_world(load_config()))
        make = _incoming_factory(kind)
        for i in range(PEOPLE):  # first contact creates each person; measure the steady state after
            await bot.handle(make(i))
        started = time.perf_counter()
        if concurrency == 1:
            for i in range(TURNS):
                await bot.handle(make(i))
        else:
            queue = iter(range(TURNS))

            async def worker() -> None:
                for i in queue:
                    await bot.handle(make(i))

            await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        await store.close()
        return TURNS / elapsed


def _first_reply_seconds(runs: int = 7) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'k.db'}"}
        subprocess.run([sys.executable, "-m", "bot", "migrate"], env=env, check=True, capture_output=True)
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "chat", "--user", "bench"],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write("help\n")
            proc.stdin.flush()
            proc.stdout.readline()
            times.append(time.perf_counter() - started)
            proc.stdin.close()
            proc.wait(timeout=30)
    return times


def main() -> None:
    rows = []
    for kind in ("script", "lesson"):
        for concurrency in (1, 50):
            rate = asyncio.run(_turns_per_second(kind, concurrency))
            rows.append(
                (f"Bot.handle turns/s, SQLite, {kind} request, {concurrency} at once", f"{rate:,.0f}", "≥ 2,000")
            )
    with tempfile.TemporaryDirectory() as tmp:
        rows += nudge_rows(Path(tmp))
        rows += flag_rows(Path(tmp))
        rows += dashboard_rows(Path(tmp))
        rows += backup_rows(Path(tmp))
        rows += team_post_rows(Path(tmp))
    rows += redaction_rows()
    rows += triage_rows()
    rows += recap_rows()
    rows += platform_rows()
    startup = _first_reply_seconds()
    rows.append(("python -m bot chat: start to first reply, median (s)", f"{statistics.median(startup):.3f}", "≤ 1.0"))
    rows.append(("python -m bot chat: start to first reply, worst of 7 (s)", f"{max(startup):.3f}", ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  goal")
    print("-" * (width + 20))
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:>10}  {goal}")


if __name__ == "__main__":
    main()
