"""The installed wheel on PostgreSQL as it is deployed: two web processes and one worker sharing one database.

From a folder outside the checkout, with the fresh virtualenv's interpreter (see ``bench/wheel.py``): ``migrate``,
then two ``serve`` processes (``KINSHIP_WORKER=off``) and one ``worker``, all against the local fake Slack. Both
answer ``/readyz``; a signed DM to one gets its reply; a ``start`` DM to the other subscribes the person; once
their lesson is due the worker sends it exactly once, and a further worker pass sends nothing more.

Needs ``TEST_DATABASE_URL`` (skipped without it, failed in CI), like ``tests/conftest.py``'s ``postgres_store``;
every table in that database is dropped before and after. About half a minute (one wheel build, a few processes).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Connection, select, text, update

from bench.wheel import CHECKOUT, Installed, clean_environment, run_bot
from bot.domain.config import postgres_test_url, running_in_ci
from bot.domain.records import days_to_mask
from bot.domain.schedule import EVERY_DAY
from bot.store import Store
from bot.store.tables import people
from tests.servers import free_port, wait_until_up
from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET, FakeSlack, dm_event, sign

FLAG_KEY = "test-secret-for-reporter-keys-0123456789"  # the processes share one database, so one key
USER, CHANNEL = "W222", "D222"
WAIT = 60.0  # seconds for a reply (the first message trains the triage model)


@pytest.fixture(scope="module")
def database_url() -> str:
    url = postgres_test_url()
    if not url:
        if running_in_ci():
            pytest.fail("TEST_DATABASE_URL is not set in CI: .ci/run should export it")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    return url


@pytest.fixture(scope="module")
def installed(database_url: str, installed_wheel: Installed) -> Installed:
    return installed_wheel


def _drop_everything(conn: Connection) -> None:
    """Every table in the test database (as ``postgres_store`` does), so ``migrate`` starts from nothing."""
    found = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    for (name,) in list(found):
        conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


async def _drop_all(url: str) -> None:
    store = await Store.open(url, run_migrations=False)
    try:
        await store.run_on_connection(_drop_everything)
    finally:
        await store.close()


@pytest.fixture
async def empty_database(database_url: str) -> AsyncIterator[str]:
    await _drop_all(database_url)
    yield database_url
    await _drop_all(database_url)


class Processes:
    """The installed package's ``python -m bot`` processes, each logging to its own file."""

    def __init__(self, installed: Installed, cwd: Path) -> None:
        self.installed, self.cwd = installed, cwd
        self.running: list[tuple[str, asyncio.subprocess.Process, Path]] = []

    async def start(self, name: str, *args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
        log = self.cwd / f"{name}.log"
        with log.open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                str(self.installed.python), "-m", "bot", *args, cwd=self.cwd, env=env,
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.running.append((name, proc, log))
        return proc

    def log(self, name: str) -> str:
        return next(log.read_text(errors="replace") for n, _, log in self.running if n == name)

    def logs(self) -> str:
        return "\n".join(f"== {name}\n{log.read_text(errors='replace')[-2000:]}" for name, _, log in self.running)

    async def stop_all(self) -> dict[str, tuple[int | None, str]]:
        """SIGTERM to each; its exit code and log."""
        for _, proc, _ in self.running:
            if proc.returncode is None:
                proc.terminate()
        ended = {}
        for name, proc, log in self.running:
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()
            ended[name] = (proc.returncode, log.read_text(encoding="utf-8", errors="replace"))
        return ended


def _environment(url: str, slack: FakeSlack, cache: Path, **settings: str) -> dict[str, str]:
    return clean_environment(
        DATABASE_URL=url,
        XDG_CACHE_HOME=str(cache),
        KINSHIP_FLAG_KEY=FLAG_KEY,
        KINSHIP_HOST="127.0.0.1",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.url,
        **settings,
    )


async def _ready(http: aiohttp.ClientSession, port: int) -> tuple[int, str]:
    for _ in range(4):  # the first process trains the triage model before it listens: up to a minute
        with contextlib.suppress(AssertionError):
            await wait_until_up(http, port)
            break
    async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
        return response.status, await response.text()


async def _dm(http: aiohttp.ClientSession, port: int, slack: FakeSlack, words: str, expect: str) -> None:
    """A signed Slack DM event to the ``serve`` on ``port``; waits for a reply holding ``expect``."""
    body = json.dumps(dm_event(words, USER, CHANNEL))
    headers = {"Content-Type": "application/json", **sign(body)}
    async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as response:
        assert response.status == 200
    await _until(lambda: any(expect in json.dumps(c.params) for c in slack.posts(CHANNEL)), WAIT)
    assert any(expect in json.dumps(c.params) for c in slack.posts(CHANNEL)), (words, slack.calls)


async def _until(condition: Any, seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)


async def _make_due_now(url: str) -> dict[str, Any]:
    """The subscribed person's lesson due a minute ago, every day, no quiet hours; their row before that."""
    store = await Store.open(url, run_migrations=False)
    where = (people.c.platform == "slack") & (people.c.user_id == USER)

    def body(conn: Connection) -> dict[str, Any]:
        row = dict(conn.execute(select(people).where(where)).mappings().one())
        changes = {
            "next_due_at": datetime.now(UTC) - timedelta(minutes=1),
            "nudge_days": days_to_mask(EVERY_DAY),
            "quiet_start": None,
            "quiet_end": None,
        }
        conn.execute(update(people).where(where).values(**changes))
        return row

    try:
        return await store.run_on_connection(body)
    finally:
        await store.close()


async def _sent_counts(url: str) -> dict[str, int]:
    store = await Store.open(url, run_migrations=False)
    try:
        return await store.run(lambda tx: tx.delivery_counts())
    finally:
        await store.close()


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


async def _worker_pass(installed: Installed, cwd: Path, env: dict[str, str]) -> str:
    """``worker --once`` (without blocking the loop the fake Slack runs on); what it printed."""
    proc = await asyncio.create_subprocess_exec(
        str(installed.python), "-m", "bot", "worker", "--once", cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()[-3000:]
    return out.decode()


async def test_two_web_processes_and_a_worker_on_postgresql(
    installed: Installed, empty_database: str, tmp_path: Path
) -> None:
    url = empty_database
    slack = await FakeSlack().start()
    env = _environment(url, slack, tmp_path / "cache")
    _ok(await asyncio.to_thread(run_bot, installed, "migrate", cwd=tmp_path, env=env))
    web = _environment(url, slack, tmp_path / "cache", KINSHIP_WORKER="off")
    worker = _environment(url, slack, tmp_path / "cache", KINSHIP_LEASE_SECONDS="2")  # a pass every 2 s or less
    ports = [free_port(), free_port()]
    processes = Processes(installed, tmp_path)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as http:
            # one at a time: the first trains the triage model into the installed package, the others load it
            for n, port in enumerate(ports):
                await processes.start(f"serve-{n}", "serve", "--port", str(port), env=web)
                assert await _ready(http, port) == (200, '{"status": "ready"}'), processes.logs()
            await processes.start("worker", "worker", env=worker)
            await _until(lambda: "nudge worker started" in processes.log("worker"), WAIT)  # running before it is due
            await _dm(http, ports[0], slack, "lesson", "Try this today")
            await _dm(http, ports[1], slack, "start", "Daily lessons are on")
        person = await _make_due_now(url)
        assert person["subscribed"] and person["conversation"] == CHANNEL, person
        before = len(slack.posts())
        await _until(lambda: len(slack.posts()) > before, 20)
        await asyncio.sleep(5)  # the running worker passes again (its lease is 2 s): nothing more may go
        again = await _worker_pass(installed, tmp_path, worker)  # and a second worker, one pass
        nudges = slack.posts()[before:]
    finally:
        ended = await processes.stop_all()
        await slack.close()
    assert [c.params.get("channel") for c in nudges] == [CHANNEL], [c.params for c in nudges]
    assert all(call.ok for call in nudges)
    assert "Try this today" in json.dumps(nudges[0].params)  # the day's lesson (the one they asked for)
    assert "sent=0" in again.split(), again
    assert await _sent_counts(url) == {"sent": 1}
    for name, (code, log) in ended.items():
        assert code == 0, f"{name} exited {code}:\n{log[-3000:]}"
        assert "Traceback" not in log, f"{name}:\n{log[-3000:]}"
        assert str(CHECKOUT) not in log, f"{name} read the checkout:\n{log[-3000:]}"
    assert "nudge worker not started here: KINSHIP_WORKER=off" in ended["serve-0"][1]
    assert "nudge worker started" in ended["worker"][1]
