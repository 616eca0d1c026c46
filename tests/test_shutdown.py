"""SIGTERM while Slack hangs: `serve` and `worker` still exit 0 within 10 s and hand back their leases.

A person's nudge is due and Slack's ``chat.postMessage`` never answers (the fake hangs for a minute), so the
worker is stuck mid-send holding that delivery's lease, and in ``serve`` a reply to a message is stuck too.
After SIGTERM the process must stop on its own clock, not Slack's: exit 0 well before the platform's 10 s
grace runs out, with the delivery back to ``pending`` and no lease, so the next worker sends it at once.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from adapters.slack.convert import Workspace
from bot.domain.types import Address
from bot.store import Store, Tx
from bot.store.tables import deliveries
from tests.conftest import postgres_store
from tests.servers import environment_without_platforms, free_port, spawn_kinship, wait_until_up
from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET, FakeSlack, dm_event, sign

EXIT_WITHIN = 10.0  # seconds: what a platform gives between SIGTERM and SIGKILL ("it hung" beyond that)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A seeded database: SQLite always, PostgreSQL when TEST_DATABASE_URL is set."""
    yield await seeded(request.param, tmp_path)


async def seeded(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'k.db'}"
        store = await Store.open(url)
    else:
        store = await postgres_store()
        url = store.database_url
    await store.run(seed)
    await store.close()
    return url


def seed(tx: Tx) -> None:
    """Someone on Slack whose lesson fell due a minute ago."""
    now = datetime.now(UTC)
    address = Address("slack", "T111", "W900", "D900", Workspace("", "T111", False).ref())
    person = tx.person(address, now, "Europe/London")
    tx.update_person(
        person.id, {"subscribed": True, "next_due_at": now - timedelta(minutes=1), "nudge_days": frozenset(range(7))}
    )


async def delivery_rows(url: str) -> list[Any]:
    store = await Store.open(url, run_migrations=False)
    try:
        return await store.run_on_connection(
            lambda conn: list(conn.execute(select(deliveries.c.status, deliveries.c.lease_owner)))
        )
    finally:
        await store.close()


async def start(command: str, url: str, slack: FakeSlack, log: Path, port: int) -> asyncio.subprocess.Process:
    env = environment_without_platforms(
        DATABASE_URL=url,
        KINSHIP_WORKER="on",
        KINSHIP_LEASE_SECONDS="300",  # the lease must not simply run out during the test
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=slack.url,
        PORT=str(port),
    )
    with log.open("wb") as err:
        return await spawn_kinship(command, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=err)


async def until_sending(url: str) -> None:
    """Wait (at most 30 s) until the worker holds the delivery's lease, mid-send."""
    for _ in range(300):
        rows = await delivery_rows(url)
        if rows and rows[0].status == "sending":
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the nudge was never claimed: {rows}")


def read(log: Path) -> str:
    return log.read_text()


async def stop_and_check(proc: asyncio.subprocess.Process, url: str, log: Path) -> list[dict[str, Any]]:
    proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(proc.wait(), EXIT_WITHIN)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"still running {EXIT_WITHIN:g} s after SIGTERM:\n{read(log)}") from None
    entries = [json.loads(line) for line in read(log).splitlines()]
    assert proc.returncode == 0, entries
    assert not [e for e in entries if "exception" in e or e["level"] in {"ERROR", "CRITICAL"}], entries
    assert [(r.status, r.lease_owner) for r in await delivery_rows(url)] == [("pending", None)]
    return entries


async def test_serve_stops_in_time_while_slack_hangs_and_releases_its_lease(tmp_path: Path) -> None:
    database = await seeded("sqlite", tmp_path)  # (the worker test below runs on both databases)
    slack = await FakeSlack().start()
    slack.hang("chat.postMessage", 60, times=0)
    port, log = free_port(), tmp_path / "serve.log"
    proc = await start("serve", database, slack, log, port)
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_up(http, port)
            body = json.dumps(dm_event("lesson", "W901", "D901"))
            headers = {"Content-Type": "application/json", **sign(body)}
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as response:
                assert response.status == 200  # acknowledged; the reply is now stuck on Slack
        await until_sending(database)
        await slack.wait_for("chat.postMessage", 2)  # the nudge and the reply, both hanging
        entries = await stop_and_check(proc, database, log)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await slack.close()
    assert entries[-1]["message"] == "stopped"


async def test_worker_stops_in_time_while_slack_hangs_and_releases_its_lease(database: str, tmp_path: Path) -> None:
    slack = await FakeSlack().start()
    slack.hang("chat.postMessage", 60, times=0)
    log = tmp_path / "worker.log"
    proc = await start("worker", database, slack, log, free_port())
    try:
        await until_sending(database)
        await slack.wait_for("chat.postMessage")
        entries = await stop_and_check(proc, database, log)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await slack.close()
    assert any(e["message"].startswith("stopping: leases handed back") for e in entries)


async def test_the_next_worker_sends_the_released_nudge_at_once(tmp_path: Path) -> None:
    """What releasing is for: after a stop mid-send, a fresh worker sends the nudge without waiting out a lease."""
    url = await seeded("sqlite", tmp_path)
    slack = await FakeSlack().start()
    slack.hang("chat.postMessage", 60, times=1)  # only the first send hangs
    try:
        first = await start("worker", url, slack, tmp_path / "first.log", free_port())
        await until_sending(url)
        await stop_and_check(first, url, tmp_path / "first.log")
        second = await start("worker", url, slack, tmp_path / "second.log", free_port())
        try:
            for _ in range(300):
                if [r.status for r in await delivery_rows(url)] == ["sent"]:
                    break
                await asyncio.sleep(0.1)
            assert [r.status for r in await delivery_rows(url)] == ["sent"]
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), EXIT_WITHIN)
    finally:
        await slack.close()
    assert len(slack.posts("D900")) == 2  # the one that hung, then the one that went
