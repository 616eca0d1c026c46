"""`GET /metrics`: what an operator's Prometheus sees after real turns and real worker passes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from bot.app.compose import Runtime
from bot.app.metrics import Metrics
from bot.app.web import make_web_app
from bot.dialogue import World
from bot.domain.channel import RateLimited
from bot.domain.config import Config
from bot.domain.types import Address, Incoming
from bot.store import Store
from bot.store.tables import people
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, RecordingChannel
from tests.servers import free_port, spawn_kinship
from tests.test_worker import FlakyChannel, add_person, worker_for

PRIVATE_USER = "amy-private-7731"
NOWHERE = "postgresql://postgres@127.0.0.1:1/nowhere"  # nothing listens there: the database is "lost"


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample in an exposition, by name and labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name, frozenset(sample.labels.items())] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found[name, frozenset(labels.items())]


async def scrape(runtime: Runtime) -> tuple[int, str, str]:
    async with TestClient(TestServer(make_web_app(runtime))) as client:
        response = await client.get("/metrics")
        return response.status, response.headers["Content-Type"], await response.text()


async def test_turns_are_counted_and_timed_by_platform_and_outcome(store: Store, world: World) -> None:
    clock = FixedClock()
    bot = Bot(store, world, clock)
    runtime = Runtime(Config(), store, bot)
    async with TestClient(TestServer(make_web_app(runtime))) as client:
        chat = Chat(bot.handle, clock, user=PRIVATE_USER, platform="teams", tenant="tenant-private-99")
        await chat.send("lesson")
        await chat.send("help")
        await chat.act("menu", event_id="evt-1")
        await chat.act("menu", event_id="evt-1")  # the platform's retry: nothing to say
        await Chat(bot.handle, clock, user="bo").send("hi")
        response = await client.get("/metrics")
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    found = samples(text)
    assert value(found, "kinship_turns_total", platform="teams", outcome="answered") == 3
    assert value(found, "kinship_turns_total", platform="teams", outcome="silent") == 1
    assert value(found, "kinship_turns_total", platform="console", outcome="answered") == 1
    assert value(found, "kinship_turns_total", platform="slack", outcome="answered") == 0
    assert value(found, "kinship_turn_seconds_count", platform="teams") == 4
    assert value(found, "kinship_turn_seconds_bucket", platform="teams", le="+Inf") == 4
    assert value(found, "kinship_turn_seconds_sum", platform="teams") > 0
    for private in (PRIVATE_USER, "tenant-private-99", "bo", "evt-1"):
        assert f'"{private}"' not in text


async def test_a_lost_database_is_counted_as_such_and_metrics_say_503(world: World) -> None:
    gone = await Store.open(NOWHERE, run_migrations=False)
    clock = FixedClock()
    runtime = Runtime(Config(), gone, Bot(gone, world, clock))
    try:
        async with TestClient(TestServer(make_web_app(runtime))) as client:
            (await Chat(runtime.bot.handle, clock).send("lesson")).expect("can't reach my records")
            response = await client.get("/metrics")
            assert response.status == 503 and "database unreachable" in await response.text()
    finally:
        await gone.close()
    assert isinstance(runtime.metrics, Metrics)
    found = samples(runtime.metrics.registry_text())
    assert value(found, "kinship_turns_total", platform="console", outcome="database_unavailable") == 1


async def test_nudges_and_how_late_they_went_out(any_store: Store, world: World) -> None:
    metrics = Metrics()
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for name in ("amy", "bo", "cy"):
        await add_person(any_store, name, since=start)
    worker = worker_for(any_store, world, FlakyChannel(RateLimited(retry_after=0), times=1))
    worker.observe = metrics.nudge
    late = datetime(2026, 11, 23, 10, 10, tzinfo=UTC)  # due at 10:00 London, sent ten minutes late
    result = await worker.run_once(late)
    assert (result.sent, result.rate_limited, result.retried) == (3, 1, 1)
    found = samples(metrics.registry_text())
    assert value(found, "kinship_nudges_total", platform="console", result="sent") == 3
    assert value(found, "kinship_nudges_total", platform="console", result="skipped") == 0
    assert value(found, "kinship_nudges_total", platform="console", result="rate_limited") == 1
    assert value(found, "kinship_nudges_total", platform="console", result="retried") == 0
    assert value(found, "kinship_nudge_release_lag_seconds_count", platform="console") == 3
    # two went ten minutes late; the rate-limited one was due again at once (a retry moves the due time)
    assert value(found, "kinship_nudge_release_lag_seconds_sum", platform="console") == 2 * 600
    assert value(found, "kinship_nudge_release_lag_seconds_bucket", platform="console", le="1.0") == 1
    assert value(found, "kinship_nudge_release_lag_seconds_bucket", platform="console", le="300.0") == 1
    assert value(found, "kinship_nudge_release_lag_seconds_bucket", platform="console", le="600.0") == 3
    # the queue is read from the database at scrape time
    status, _, text = await scrape(Runtime(Config(), any_store, Bot(any_store, world)))
    assert status == 200
    queue = samples(text)
    assert value(queue, "kinship_delivery_queue", status="sent") == 3
    assert value(queue, "kinship_delivery_queue", status="skipped") == 0
    assert value(queue, "kinship_delivery_queue", status="pending") == 0


async def test_a_worker_without_metrics_pays_nothing_and_still_works(store: Store, world: World) -> None:
    channel = RecordingChannel()
    await add_person(store, "amy", since=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    result = await worker_for(store, world, channel).run_once(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert result.sent == 1 and len(channel.sent) == 1


def test_the_console_never_loads_the_metrics_library(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", "chat", "--user", "amy"],
        input="hi\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "bot.turns.handler" in result.stderr  # the import log is there
    assert "prometheus_client" not in result.stderr and "bot.app.metrics" not in result.stderr


def test_labels_stay_a_small_fixed_set() -> None:
    metrics = Metrics()
    metrics.turn("some-new-platform", "answered", 0.001)
    metrics.turn("slack", "an-unknown-outcome", 0.001)
    metrics.nudge("T123:U456", "sent", 5.0)
    found = samples(metrics.registry_text())
    assert value(found, "kinship_turns_total", platform="other", outcome="answered") == 1
    assert value(found, "kinship_turns_total", platform="slack", outcome="failed") == 1
    assert value(found, "kinship_nudges_total", platform="other", result="sent") == 1
    labels = {v for (_name, pairs) in found for _k, v in pairs}
    assert not {"some-new-platform", "an-unknown-outcome", "T123:U456"} & labels


async def test_a_worker_process_serves_its_own_metrics(tmp_path: Path) -> None:
    """`python -m bot worker` with KINSHIP_METRICS_PORT: its nudges show there (a `serve` only sees its own)."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    store = await Store.open(url)
    await add_person(store, "amy", since=datetime.now(UTC) - timedelta(days=2))
    await store.run_on_connection(
        lambda conn: conn.execute(update(people).values(next_due_at=datetime.now(UTC) - timedelta(minutes=1)))
    )
    await store.close()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KINSHIP_OUTBOX": str(tmp_path / "out"),
        "KINSHIP_METRICS_PORT": str(port),
    }
    proc = await spawn_kinship("worker", env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    sent = 0.0
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                        found = samples(await response.text())
                    sent = value(found, "kinship_nudges_total", platform="console", result="sent")
                    # the counter moves as the send is recorded; the queue is read from the database during the
                    # scrape, so one scrape can straddle the two: wait until both show it
                    if sent and value(found, "kinship_delivery_queue", status="sent"):
                        break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=10)
    assert proc.returncode == 0, err.decode()
    assert sent == 1
    assert value(found, "kinship_nudge_release_lag_seconds_count", platform="console") == 1
    assert value(found, "kinship_delivery_queue", status="sent") == 1


async def test_an_operator_sees_nudges_waiting_and_replies_not_yet_delivered(any_store: Store, world: World) -> None:
    """The figures to alert on: a nudge due but not sent (no worker running), and a turn whose replies have not
    reached the platform (Slack or Teams refusing posts)."""
    clock = FixedClock()
    bot = Bot(any_store, world, clock)
    runtime = Runtime(Config(), any_store, bot)
    found = samples((await scrape(runtime))[2])
    assert value(found, "kinship_delivery_oldest_due_seconds") == 0
    assert value(found, "kinship_replies_owed") == 0 and value(found, "kinship_replies_owed_oldest_seconds") == 0

    person_id = await add_person(any_store, "amy", since=clock())
    due = clock() - timedelta(minutes=20)
    row = {"person_id": person_id, "local_date": due.date(), "due_at": due}
    await any_store.run(lambda tx: tx.enqueue([row], []))  # queued, and no worker is sending
    incoming = Incoming(Address("slack", "T1", PRIVATE_USER, "D1"), text="lesson", event_id="Ev-owed")
    assert await bot.handle(incoming)  # answered, but the post never reported back
    clock.advance(minutes=5)
    found = samples((await scrape(runtime))[2])
    assert value(found, "kinship_delivery_oldest_due_seconds") == 25 * 60
    assert value(found, "kinship_replies_owed") == 1
    assert value(found, "kinship_replies_owed_oldest_seconds") == 5 * 60

    await bot.delivered(incoming)
    found = samples((await scrape(runtime))[2])
    assert value(found, "kinship_replies_owed") == 0 and value(found, "kinship_replies_owed_oldest_seconds") == 0
