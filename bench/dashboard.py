"""Lead dashboard figures for `make bench`: the overview page over 100,000 flags, on SQLite and PostgreSQL.

A real ``python -m bot serve`` (KINSHIP_WORKER=off, on 127.0.0.1, a free port) with an organisation of ten
more units, each led by a console lead of its own, and 100,000 released flags spread over those units and the
last 12 months (made by ``add_demo_flags``, as ``python -m bot demo-flags`` makes them, written in bulk). Ten
leads, each with a session of their own, ask for ``GET /lead`` (the overview) at once, one request after
another, for a warm-up and then :data:`REQUESTS` requests in all; the figures are each request's time as the
client sees it (p50, p99), the requests answered per second, the serve process's peak RSS (``VmHWM``) after
the run, and one lead alone (the time a page takes without waiting behind others). Goal (issue 17): p99 under
100 ms on both databases.

``python -m bench.dashboard`` runs it alone (PostgreSQL too when ``TEST_DATABASE_URL`` answers).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import yaml
from sqlalchemy import insert

from bench.nudges import database_targets, fresh_store
from bot.cli.demo_flags import add_demo_flags
from bot.domain import lead_access
from bot.domain.config import DEMO_ORG_PATH, postgres_test_url
from bot.domain.types import Address
from bot.store.tables import flags

FLAGS = 100_000
LEADS = 10
REQUESTS = 2_000
WARM_UP = 200
PACED_SECONDS = 30
ALONE = 200  # then one lead alone, one request after another: the time a page takes without queueing
SEED_BATCH = 10_000
UNITS = [f"bench-unit-{n:02d}" for n in range(LEADS)]
FLAG_KEY = "bench-secret-for-reporter-keys-0123456789"
PAGE_MARK = "Your units at a glance"


def write_organisation(folder: Path) -> Path:
    """The demo organisation with :data:`LEADS` more units, each led by a console lead of its own."""
    org = yaml.safe_load(DEMO_ORG_PATH.read_text(encoding="utf-8"))
    body = org["organisation"]
    body["units"] += [{"id": unit, "name": f"Bench unit {n}"} for n, unit in enumerate(UNITS)]
    body["leads"] += [{"platform": "console", "user": lead_user(n), "units": [unit]} for n, unit in enumerate(UNITS)]
    path = folder / "org.yaml"
    path.write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")
    return path


def lead_user(n: int) -> str:
    return f"bench-lead-{n:02d}"


class _Collected:
    """Stands in for a transaction under :func:`add_demo_flags`: keeps the flags it makes, to write them in one
    bulk insert (flag by flag, 100,000 take minutes to write; the bulk insert, seconds)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def insert_flag(self, **values: Any) -> SimpleNamespace:
        self.rows.append({"case_code": f"BENCH{len(self.rows):09d}", **values})
        return SimpleNamespace(id=len(self.rows))

    def set_flag_status(self, flag_id: int, status: str) -> None:
        self.rows[flag_id - 1]["status"] = status


async def prepare(url: str, now: datetime) -> list[str]:
    """A fresh database with the flags and one session per lead: the sessions' cookie values."""
    made = _Collected()
    add_demo_flags(made, UNITS, FLAGS, now)  # type: ignore[arg-type]
    statuses = {"status": "new"}
    rows = [{**statuses, **row} for row in made.rows]  # one shape for every row of the bulk insert
    store = await fresh_store(url)
    try:

        def write(conn: Any) -> None:
            for start in range(0, len(rows), SEED_BATCH):
                conn.execute(insert(flags), rows[start : start + SEED_BATCH])

        await store.run_on_connection(write)
        if store.dialect == "postgresql":
            await vacuum(url)
        secrets = [lead_access.new_secret() for _ in range(LEADS)]

        def sessions(tx: Any) -> None:
            for n, secret in enumerate(secrets):
                tx.add_lead_session(
                    lead_access.secret_hash(secret),
                    Address("console", "local", lead_user(n), f"console:{lead_user(n)}"),
                    lead_access.new_secret(),
                    idle_until=now + lead_access.IDLE_LIMIT,
                    expires_at=now + lead_access.SESSION_LIFETIME,
                )

        await store.run(sessions)
        return secrets
    finally:
        await store.close()


async def vacuum(url: str) -> None:
    """What autovacuum does soon after a bulk load on a live server: statistics for the planner, and the
    visibility map that lets an index answer a count without reading the table."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(url: str, org: Path, port: int, log: Any) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "Microsoft", "CONNECTIONS__", "SLACK_"))}
    env.pop("KINSHIP_PUBLIC_URL", None)
    env.update(
        DATABASE_URL=url,
        KINSHIP_ORG=str(org),
        KINSHIP_WORKER="off",
        KINSHIP_HOST="127.0.0.1",
        KINSHIP_FLAG_KEY=os.environ.get("KINSHIP_FLAG_KEY") or FLAG_KEY,
        PORT=str(port),
    )
    return subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)


async def wait_healthy(base: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited with {proc.returncode}")
            try:
                async with client.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("serve did not answer /healthz in time")


async def load(base: str, secrets: list[str], total: int) -> tuple[list[float], float]:
    """``total`` overview requests from the leads at once (one after another each): each request's seconds,
    and the wall time."""
    times: list[float] = []
    per_lead = total // len(secrets)

    async def lead(secret: str) -> None:
        headers = {"Cookie": f"kinship_lead={secret}"}
        async with aiohttp.ClientSession(headers=headers) as client:
            for _ in range(per_lead):
                started = time.perf_counter()
                async with client.get(f"{base}/lead") as response:
                    body = await response.text()
                times.append(time.perf_counter() - started)
                if response.status != 200 or PAGE_MARK not in body:
                    raise RuntimeError(f"GET /lead answered {response.status}: {body[:200]!r}")

    started = time.perf_counter()
    await asyncio.gather(*(lead(secret) for secret in secrets))
    return times, time.perf_counter() - started


async def paced(base: str, secrets: list[str], seconds: float) -> list[float]:
    """Each lead opens the overview with its two charts once a second (open loop: on time whether or not the
    last view has finished), for ``seconds``; returns each overview request's seconds. This is 10 leads using
    the page at once, far busier than real leads, without measuring only the queue as back-to-back does."""
    times: list[float] = []

    async def view(client: aiohttp.ClientSession) -> None:
        started = time.perf_counter()
        async with client.get(f"{base}/lead") as response:
            body = await response.text()
        times.append(time.perf_counter() - started)
        if response.status != 200 or PAGE_MARK not in body:
            raise RuntimeError(f"GET /lead answered {response.status}: {body[:200]!r}")
        for chart in ("month", "trend"):
            async with client.get(f"{base}/lead/charts/{chart}.svg") as response:
                await response.read()

    async def lead(secret: str, offset: float) -> None:
        async with aiohttp.ClientSession(headers={"Cookie": f"kinship_lead={secret}"}) as client:
            await asyncio.sleep(offset)
            tasks = []
            for _ in range(int(seconds)):
                tasks.append(asyncio.create_task(view(client)))
                await asyncio.sleep(1.0)
            await asyncio.gather(*tasks)

    await asyncio.gather(*(lead(secret, n / len(secrets)) for n, secret in enumerate(secrets)))
    return times


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(url: str, folder: Path) -> dict[str, float]:
    now = datetime.now(UTC) - timedelta(minutes=1)
    secrets = asyncio.run(prepare(url, now))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (folder / "serve.log").open("wb") as log:
        proc = start_serve(url, write_organisation(folder), port, log)
        try:
            asyncio.run(wait_healthy(base, proc))
            asyncio.run(load(base, secrets, WARM_UP))
            times, wall = asyncio.run(load(base, secrets, REQUESTS))
            rss = peak_rss_mb(proc.pid)
            alone, _ = asyncio.run(load(base, secrets[:1], ALONE))
            steady = sorted(asyncio.run(paced(base, secrets, PACED_SECONDS)))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    times.sort()
    return {
        "p50": statistics.median(times) * 1e3,
        "p99": times[min(len(times) - 1, int(len(times) * 0.99))] * 1e3,
        "rps": len(times) / wall,
        "rss": rss,
        "alone": statistics.median(alone) * 1e3,
        "paced_p50": statistics.median(steady) * 1e3,
        "paced_p99": steady[min(len(steady) - 1, int(len(steady) * 0.99))] * 1e3,
    }


def rows(sqlite_dir: Path) -> list[tuple[str, str, str]]:
    targets, out = database_targets(sqlite_dir / "dashboard.db", "dashboard")
    for name, url in targets:
        f = measure(url, sqlite_dir)
        what = f"dashboard overview, {name}, {FLAGS:,} flags, {LEADS} leads at once"
        paced = f"dashboard overview, {name}, {FLAGS:,} flags, {LEADS} leads each opening it and 2 charts every 1 s"
        out.append((f"{paced}: p50 (ms)", f"{f['paced_p50']:.1f}", ""))
        out.append((f"{paced}: p99 (ms)", f"{f['paced_p99']:.1f}", "< 100"))
        out.append((f"{what}, back to back (saturated): p50 (ms)", f"{f['p50']:.1f}", ""))
        out.append((f"{what}, back to back (saturated): p99 (ms)", f"{f['p99']:.1f}", "queue"))
        out.append((f"{what}: requests/s", f"{f['rps']:,.0f}", ""))
        out.append((f"dashboard overview, {name}: serve peak RSS (MB)", f"{f['rss']:.0f}", ""))
        out.append((f"dashboard overview, {name}: one lead alone, p50 (ms)", f"{f['alone']:.1f}", ""))
    return out


if __name__ == "__main__":
    if not postgres_test_url():
        print("TEST_DATABASE_URL is not set: SQLite only", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows(Path(tmp)):
            print(" | ".join(row))
