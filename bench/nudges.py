"""Nudge figures for `make bench`: 100,000 subscribed people on SQLite and on PostgreSQL.

- time to compute the day's due set (queue one delivery per due person, move each schedule on);
- claim-and-complete throughput with a sender that does nothing (deliveries/s);
- delivery rate against a local fake chat API that allows R messages/s and answers 429 + Retry-After
  beyond that (share of R achieved, duplicates, missed);
- peak RSS of a `python -m bot worker --once` process working through the queue.
"""

from __future__ import annotations

import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bot.app.compose import load_world
from bot.domain.channel import RateLimited
from bot.domain.config import load_config, postgres_test_url
from bot.domain.records import days_to_mask
from bot.domain.schedule import EVERY_DAY
from bot.domain.types import Address, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.worker import Worker
from bot.store import DatabaseUnavailable, Store
from bot.store.tables import metadata, people

DUE = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TENANTS = 50


class NoOpChannel:
    name = "noop"

    def mount(self, web_app: Any) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        return None


class RateLimitedApi:
    """A stand-in chat API on 127.0.0.1 that accepts ``rate`` messages/s and answers 429 beyond that."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.received: Counter[str] = Counter()
        self.rejected = 0
        self._tokens = rate
        self._updated = time.monotonic()

    async def start(self) -> str:
        from aiohttp import web

        async def post(request: web.Request) -> web.Response:
            now = time.monotonic()
            self._tokens = min(self.rate, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            if self._tokens < 1:
                self.rejected += 1
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
                )
            self._tokens -= 1
            body = await request.json()
            self.received[body["user"]] += 1
            return web.json_response({"ok": True})

        app = web.Application()
        app.router.add_post("/chat.postMessage", post)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}/chat.postMessage"

    async def stop(self) -> None:
        await self._runner.cleanup()


class HttpChannel(NoOpChannel):
    """Posts each nudge to the fake API; a 429 becomes RateLimited with its Retry-After."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def start(self) -> None:
        import aiohttp

        self.session = aiohttp.ClientSession()

    async def stop(self) -> None:
        await self.session.close()

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        async with self.session.post(self.url, json={"user": address.user, "text": replies[0].text}) as response:
            if response.status == 429:
                raise RateLimited(float(response.headers.get("Retry-After", "1")))
            response.raise_for_status()


async def fresh_store(url: str) -> Store:
    store = await Store.open(url, run_migrations=False)

    def reset(conn: Any) -> None:
        for table in reversed(metadata.sorted_tables):
            conn.execute(
                text(f'DROP TABLE IF EXISTS "{table.name}"' + (" CASCADE" if store.dialect != "sqlite" else ""))
            )
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))

    await store.run_on_connection(reset)
    await store.close()
    return await Store.open(url)


async def seed(store: Store, count: int, platform: str = "console") -> None:
    rows = [
        {
            "platform": platform,
            "tenant": f"t{i % TENANTS}",
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
    for start in range(0, count, 10_000):
        chunk = rows[start : start + 10_000]
        await store.run_on_connection(lambda conn, c=chunk: conn.execute(insert(people), c))


async def due_set_and_throughput(url: str, count: int, complete_sample: int) -> tuple[float, float]:
    store = await fresh_store(url)
    await seed(store, count)
    worker = Worker(store, load_world(load_config()), {"console": NoOpChannel()}, pacer=Pacer({"console": 1e9}))
    moment = DUE + timedelta(minutes=1)
    started = time.perf_counter()
    while True:
        added, late = await store.run(lambda tx: worker._enqueue(tx, moment))
        if added + late == 0:
            break
    due_seconds = time.perf_counter() - started
    started = time.perf_counter()
    done = 0
    while done < complete_sample:
        batch = await store.run(lambda tx: worker._claim(tx, moment))
        if not batch:
            break
        for item in batch:
            await worker._deliver(item, moment)
        done += len(batch)
    rate = done / (time.perf_counter() - started)
    await store.close()
    return due_seconds, rate


async def paced_delivery(url: str, people_count: int, rate: float) -> tuple[float, int, int]:
    store = await fresh_store(url)
    await seed(store, people_count)
    api = RateLimitedApi(rate)
    endpoint = await api.start()
    channel = HttpChannel(endpoint)
    await channel.start()
    # the worker paces a little above the API's limit, so the 429 + Retry-After path is exercised too
    worker = Worker(store, load_world(load_config()), {"console": channel}, pacer=Pacer({"console": rate * 1.1}))
    started = time.perf_counter()
    moment = DUE + timedelta(minutes=1)
    while sum(api.received.values()) < people_count and time.perf_counter() - started < people_count / rate * 3:
        await worker.run_once(moment)
        moment += timedelta(seconds=2)  # retries wait out Retry-After against the worker's clock
    elapsed = time.perf_counter() - started
    await channel.stop()
    await api.stop()
    delivered = sum(api.received.values())
    duplicates = sum(n - 1 for n in api.received.values())
    missed = people_count - len(api.received)
    await store.close()
    return delivered / elapsed / rate, duplicates, missed


def worker_peak_rss_mb(url: str, count: int) -> float:
    asyncio.run(_prepare_for_subprocess(url, count))
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "KINSHIP_OUTBOX": str(Path(tmp) / "out.jsonl"),
            "KINSHIP_PACE": "console=1000000000",
        }
        subprocess.run(
            [sys.executable, "-m", "bot", "worker", "--once", "--now", (DUE + timedelta(minutes=1)).isoformat()],
            env=env,
            check=True,
            capture_output=True,
        )
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


async def _reachable(url: str) -> None:
    store = await Store.open(url, run_migrations=False)
    try:
        await store.run_on_connection(lambda conn: conn.execute(text("SELECT 1")))
    except Exception as exc:
        raise DatabaseUnavailable(str(exc)) from None
    finally:
        await store.close()


async def _prepare_for_subprocess(url: str, count: int) -> None:
    store = await fresh_store(url)
    await seed(store, count)
    await store.close()


def database_targets(sqlite_file: Path, topic: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(name, URL) of each database to measure: SQLite always, PostgreSQL when ``TEST_DATABASE_URL`` answers;
    and a table row saying why PostgreSQL was not measured, when it was not."""
    targets, notes = [("SQLite", f"sqlite:///{sqlite_file}")], []
    if postgres_test_url():
        try:
            asyncio.run(_reachable(postgres_test_url()))
            targets.append(("PostgreSQL", postgres_test_url()))
        except DatabaseUnavailable as exc:
            notes.append((f"{topic}, PostgreSQL: not measured", str(exc)[:60], ""))
    return targets, notes


def rows(
    sqlite_dir: Path, people_count: int = 100_000, sample: int = 20_000, rate: float = 50.0, paced_people: int = 500
) -> list[tuple[str, str, str]]:
    targets, out = database_targets(sqlite_dir / "nudges.db", "nudges")
    for name, url in targets:
        due, throughput = asyncio.run(due_set_and_throughput(url, people_count, sample))
        out.append((f"nudges, {name}: queue the day's due set for {people_count:,} people (s)", f"{due:.1f}", ""))
        out.append((f"nudges, {name}: claim-and-complete, no-op sender (deliveries/s)", f"{throughput:,.0f}", ""))
        share, duplicates, missed = asyncio.run(paced_delivery(url, paced_people, rate))
        out.append((f"nudges, {name}: delivery rate vs a fake API limited to {rate:g}/s", f"{share:.1%}", "≥ 95%"))
        out.append((f"nudges, {name}: duplicates / missed in that run", f"{duplicates} / {missed}", "0 / 0"))
    rss = worker_peak_rss_mb(targets[-1][1], people_count)
    out.append(
        (f"nudges: worker --once peak RSS, {people_count:,} people, {targets[-1][0]} (MB)", f"{rss:.0f}", "≤ 200")
    )
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows(Path(tmp), people_count=int(os.environ.get("BENCH_PEOPLE", "100000"))):
            print(" | ".join(row))
