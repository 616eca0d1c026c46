"""The fault suite (issue 8): real ``python -m bot serve`` and ``python -m bot worker`` processes on PostgreSQL,
fakes of the Slack Web API and of Teams' Bot Connector on 127.0.0.1, and the faults production meets: a
process killed with SIGKILL mid-turn and mid-delivery, PostgreSQL restarted under running processes, and a
platform answering 429, 500 or nothing at all. Each test checks what a person would notice: every reply and
every nudge arrives, exactly once.

A message counts as delivered only when the fake answered ``ok`` to a caller still waiting (a post whose
caller timed out or died is taken as dropped by the platform), so a second copy would show as a double.

An outage of the database is tested two ways: always, by cutting a TCP proxy in front of PostgreSQL (only the
processes under test notice), and, in CI or with ``KINSHIP_TEST_PG_RESTART=1``, by restarting the PostgreSQL
server itself, which other test databases on the same server share: select it with ``-k restart``, never in a
loop. It always leaves PostgreSQL running.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.dialogue import World
from bot.domain.config import running_in_ci
from bot.domain.schedule import EVERY_DAY
from bot.domain.types import Address, Incoming, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.worker import Worker
from bot.store import Store, Tx
from bot.store.tables import deliveries, processed_events
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, RecordingChannel
from tests.servers import environment_without_platforms, free_port, spawn_kinship
from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET, Call, FakeSlack, dm_event, sign
from tests.teams_fake import FakeConnector, activity_from

HOLD = "2"  # KINSHIP_LEASE_SECONDS: how long a poster holds replies (and a worker a nudge) before others may
TEAM = "T111"
WORKSPACE_REF = json.dumps({"e": "", "org": False, "t": TEAM})
DATABASE_TROUBLE = "can't reach my records"


# --- processes ------------------------------------------------------------------------------------------


class Kinship:
    """One ``python -m bot serve|worker`` process; its log goes to a file (never a pipe that could fill)."""

    def __init__(self, command: str, log: Path, env: dict[str, str], port: int = 0) -> None:
        self.command, self.log, self.env, self.port = command, log, env, port
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, http: aiohttp.ClientSession) -> Kinship:
        args = ["serve", "--port", str(self.port)] if self.command == "serve" else [self.command]
        with self.log.open("a") as log:
            self.proc = await spawn_kinship(*args, env=self.env, stdout=log, stderr=log)
        if self.command == "serve":
            await self._up(http)
        else:
            await until(lambda: "nudge worker started" in self.log.read_text())
        return self

    async def _up(self, http: aiohttp.ClientSession) -> None:
        while True:
            try:
                async with http.get(f"{self.url}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            assert self.proc is not None and self.proc.returncode is None, self.log.read_text()[-3000:]
            await asyncio.sleep(0.05)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when a machine dies."""
        assert self.proc is not None
        self.proc.kill()
        await self.proc.wait()

    async def stop(self) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), timeout=15)

    def logged(self) -> str:
        return self.log.read_text()


async def until(condition: Callable[[], Any]) -> None:
    """Poll ``condition``; the test's own ``asyncio.timeout`` says when it hung."""
    while not condition():  # noqa: ASYNC110 - polling other processes' effects
        await asyncio.sleep(0.05)


def environment(slack: FakeSlack, *, teams: bool = False, **extra: str) -> dict[str, str]:
    """Slack always (against the fake); Teams too when asked (its SDK takes a couple of seconds to load)."""
    env = environment_without_platforms(
        drop=["KINSHIP_OUTBOX"],
        DATABASE_URL=os.environ["TEST_DATABASE_URL"],
        KINSHIP_LEASE_SECONDS=HOLD,
        KINSHIP_LOG_FORMAT="text",  # these tests read the log as a person would
        KINSHIP_PACE="slack=1000,teams=1000",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.url,
    )
    if teams:
        env["TEAMS_ALLOW_ANONYMOUS"] = "true"
    env.update(extra)
    return env


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.close()


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield session


@pytest.fixture
def processes() -> list[Kinship]:
    return []


@pytest.fixture(autouse=True)
async def _no_process_left(processes: list[Kinship]) -> AsyncIterator[None]:
    yield
    for process in processes:
        if process.alive():
            with contextlib.suppress(TimeoutError, ProcessLookupError):
                await process.stop()


def kinship(processes: list[Kinship], command: str, tmp_path: Path, env: dict[str, str], port: int = 0) -> Kinship:
    process = Kinship(command, tmp_path / f"{command}-{len(processes)}.log", env, port)
    processes.append(process)
    return process


# --- what the platforms send and receive ----------------------------------------------------------------


async def slack_event(http: aiohttp.ClientSession, server: Kinship, payload: dict[str, Any], retry: int = 0) -> int:
    body = json.dumps(payload)
    headers = {"Content-Type": "application/json", **sign(body)}
    if retry:  # what Slack adds when it sends an event again
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"})
    async with http.post(f"{server.url}/slack/events", data=body, headers=headers) as response:
        return response.status


async def teams_activity(http: aiohttp.ClientSession, server: Kinship, activity: dict[str, Any]) -> int:
    async with http.post(f"{server.url}/api/messages", json=activity) as response:
        return response.status


def teams_message(connector: FakeConnector, n: int, words: str = "lesson") -> dict[str, Any]:
    activity = activity_from("02_message_personal_chat.json", connector.service_url, text=words, id=f"msg-{n}")
    activity["conversation"]["id"] = f"a:personal-fault-{n}"
    activity["from"].update(id=f"29:fault-{n}", aadObjectId=f"aad-fault-{n}")
    return activity


def slack_texts(calls: list[Call]) -> list[str]:
    return [str(call.params.get("text")) for call in calls]


def teams_texts(connector: FakeConnector, n: int) -> list[str]:
    return [str(a.get("summary")) for a in connector.activities(f"a:personal-fault-{n}")]


async def owed(store: Store) -> int:
    """Events whose replies have not yet reached the platform."""
    return await store.run_on_connection(
        lambda conn: conn.execute(
            select(func.count()).select_from(processed_events).where(processed_events.c.replies.is_not(None))
        ).scalar_one()
    )


async def wait_until_nothing_owed(store: Store) -> None:
    while await owed(store):  # noqa: ASYNC110 - polling the database other processes write
        await asyncio.sleep(0.1)


# --- kill -9 ------------------------------------------------------------------------------------------


async def test_serve_killed_mid_turn_then_started_again_answers_each_message_exactly_once(
    pg: Store, slack: FakeSlack, http: aiohttp.ClientSession, processes: list[Kinship], tmp_path: Path
) -> None:
    """Slack, twice: the server dies before a turn is saved (so it never acked, and Slack's retry is the
    first turn), and after it is saved and acked but before its reply is posted (so the retry is not a second
    turn, and the reply is still owed). Either way, after a restart, the person gets the whole answer, once."""
    env = environment(slack, KINSHIP_WORKER="on")
    port = free_port()
    async with asyncio.timeout(40):
        server = await kinship(processes, "serve", tmp_path, env, port).start(http)
        assert await slack_event(http, server, dm_event("lesson", user="W300", channel="D300")) == 200
        await wait_until_nothing_owed(pg)  # someone whose turn met no trouble: what to expect
        expected = slack_texts(slack.delivered("D300"))

        # before the turn is saved: it is waiting for Slack's users.info when the server dies
        slack.hang("users.info", 1.5)
        unsaved = dm_event("lesson", user="W302", channel="D302")
        request = asyncio.ensure_future(slack_event(http, server, unsaved))
        await until(lambda: any(c.params.get("user") == "W302" for c in slack.calls_to("users.info")))
        await server.kill()
        with pytest.raises(aiohttp.ClientError):
            await request  # never acknowledged, so Slack will send it again
        server = await kinship(processes, "serve", tmp_path, env, port).start(http)
        assert await slack_event(http, server, unsaved, retry=1) == 200
        await until(lambda: len(slack.delivered("D302")) >= len(expected))

        # after the turn is saved and acknowledged, while its reply is being posted
        await wait_until_nothing_owed(pg)
        slack.hang("chat.postMessage", 30)
        saved = dm_event("lesson", user="W301", channel="D301")
        assert await slack_event(http, server, saved) == 200  # acknowledged: the turn is saved
        await until(lambda: slack.posts("D301"))  # its reply is on the way…
        await server.kill()  # …when the server dies
        assert slack.delivered("D301") == []
        server = await kinship(processes, "serve", tmp_path, env, port).start(http)
        assert await slack_event(http, server, saved, retry=1) == 200  # Slack sends the event again anyway
        await until(lambda: len(slack.delivered("D301")) >= len(expected))
        await wait_until_nothing_owed(pg)
        assert await server.stop() == 0
    assert slack_texts(slack.delivered("D302")) == expected  # all of it, once
    assert slack_texts(slack.delivered("D301")) == expected
    assert "Traceback" not in server.logged()


async def test_teams_retry_after_serve_was_killed_mid_reply_resends_the_reply_once(
    pg: Store,
    slack: FakeSlack,
    connector: FakeConnector,
    http: aiohttp.ClientSession,
    processes: list[Kinship],
    tmp_path: Path,
) -> None:
    """Teams: a reply post that hangs past the client's timeout is tried again and arrives once. Then the
    server dies while posting a saved turn's reply; the connector sends the activity again to the restarted
    server (with no nudge worker anywhere), which posts the owed reply, once."""
    env = environment(slack, teams=True, KINSHIP_WORKER="off")
    port = free_port()
    async with asyncio.timeout(35):
        server = await kinship(processes, "serve", tmp_path, env, port).start(http)
        connector.hang_next(6.0)  # longer than a reply's 5 s timeout
        assert await teams_activity(http, server, teams_message(connector, 0)) == 202
        expected = teams_texts(connector, 0)
        assert expected and len(set(expected)) == len(expected)  # the hung post was dropped, then sent once
        assert [p.status for p in connector.posts].count(0) == 1
        connector.hang_next(30)
        hung = connector.hanging
        activity = teams_message(connector, 1)
        request = asyncio.ensure_future(teams_activity(http, server, activity))
        await until(lambda: connector.hanging > hung)  # the reply is being posted…
        await server.kill()  # …when the server dies
        with pytest.raises(aiohttp.ClientError):
            await request
        assert teams_texts(connector, 1) == []
        server = await kinship(processes, "serve", tmp_path, env, port).start(http)
        # the connector's retry, once the dead server's hold on the replies has run out
        hold_until = await pg.run_on_connection(
            lambda conn: conn.execute(
                select(func.max(processed_events.c.retry_at)).where(processed_events.c.replies.is_not(None))
            ).scalar_one()
        )
        await asyncio.sleep(max(0.0, (hold_until - datetime.now(UTC)).total_seconds()) + 0.2)
        assert await teams_activity(http, server, activity) == 202
        assert await owed(pg) == 0
        again = await teams_activity(http, server, activity)  # and a later retry adds nothing
        assert await server.stop() == 0
    assert again == 202
    assert teams_texts(connector, 1) == expected


def seed_slack_people(count: int, first: int, due: datetime) -> Callable[[Tx], None]:
    def body(tx: Tx) -> None:
        for n in range(first, first + count):
            address = Address("slack", TEAM, f"W{n}", f"D{n}", WORKSPACE_REF)
            person = tx.person(address, due - timedelta(days=1), "Europe/London")
            tx.update_person(person.id, {"subscribed": True, "next_due_at": due, "nudge_days": EVERY_DAY})

    return body


async def test_worker_killed_mid_delivery_and_started_again_nudges_everyone_exactly_once(
    pg: Store, slack: FakeSlack, http: aiohttp.ClientSession, processes: list[Kinship], tmp_path: Path
) -> None:
    """A worker sending Slack nudges dies while Slack is holding one of its posts; a new worker finishes."""
    people = 12
    await pg.run(seed_slack_people(people, 500, datetime.now(UTC) - timedelta(minutes=1)))
    slack.answer("chat.postMessage", times=5)  # five go through…
    slack.hang("chat.postMessage", 30)  # …and the sixth is under way when the worker dies
    env = environment(slack)
    channels = [f"D{n}" for n in range(500, 500 + people)]
    async with asyncio.timeout(30):
        worker = await kinship(processes, "worker", tmp_path, env).start(http)
        await until(lambda: len(slack.posts()) >= 6)
        await worker.kill()
        assert len(slack.delivered()) == 5
        worker = await kinship(processes, "worker", tmp_path, env).start(http)
        await until(lambda: all(slack.delivered(c) for c in channels))
        statuses = await pg.run(lambda tx: tx.delivery_counts())
        while statuses != {"sent": people}:
            await asyncio.sleep(0.1)
            statuses = await pg.run(lambda tx: tx.delivery_counts())
        assert await worker.stop() == 0
    assert Counter(c.params["channel"] for c in slack.delivered()) == Counter(channels)  # each exactly once
    assert "Traceback" not in worker.logged()


# --- the database goes away under running processes -----------------------------------------------------


class CuttableLink:
    """A TCP proxy in front of PostgreSQL that a test can cut (every connection dropped, new ones refused),
    switch to answering like a server still starting up (SQLSTATE 57P03 to every new connection, as during a
    restart), and restore: a database outage that only the processes connected through it notice."""

    def __init__(self, database_url: str) -> None:
        self.target = make_url(database_url)
        self.down = False
        self.starting = False
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()

    def url(self) -> str:
        return self.target.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    async def start(self) -> CuttableLink:
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()

    def cut(self) -> None:
        self.down = True
        for client, server in list(self._links):
            client.transport.abort()
            server.transport.abort()

    def start_up(self) -> None:
        self.down, self.starting = False, True

    def restore(self) -> None:
        self.down = self.starting = False

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            writer.transport.abort()
            return
        if self.starting:
            await _starting_up(reader, writer)
            return
        try:
            upstream_reader, upstream = await asyncio.open_connection(
                self.target.host or "127.0.0.1", self.target.port or 5432
            )
        except OSError:
            writer.transport.abort()
            return
        link = (writer, upstream)
        self._links.add(link)
        try:
            await asyncio.gather(_pipe(reader, upstream), _pipe(upstream_reader, writer), return_exceptions=True)
        finally:
            self._links.discard(link)
            writer.transport.abort()
            upstream.transport.abort()


async def _starting_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """What PostgreSQL answers a client while it starts up: no to encryption, then a FATAL 57P03."""
    try:
        while True:
            length = int.from_bytes(await reader.readexactly(4), "big")
            body = await reader.readexactly(length - 4)
            if length != 8 or int.from_bytes(body, "big") not in (80877103, 80877104):  # SSL/GSS requests
                break
            writer.write(b"N")
        fields = b"SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0"
        writer.write(b"E" + (len(fields) + 4).to_bytes(4, "big") + fields)
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    while data := await source.read(65536):
        sink.write(data)
        await sink.drain()
    sink.transport.abort()


async def test_database_outage_serve_and_worker_keep_running_and_resume_when_it_is_back(
    pg: Store, slack: FakeSlack, http: aiohttp.ClientSession, processes: list[Kinship], tmp_path: Path
) -> None:
    """``serve`` with its nudge worker inside (a task that must not die with a failed pass)."""
    link = await CuttableLink(os.environ["TEST_DATABASE_URL"]).start()
    env = environment(slack, KINSHIP_WORKER="on", DATABASE_URL=link.url())
    try:
        async with asyncio.timeout(30):
            server = await kinship(processes, "serve", tmp_path, env, free_port()).start(http)
            assert await slack_event(http, server, dm_event("lesson", user="W800", channel="D800")) == 200
            await wait_until_nothing_owed(pg)
            expected = slack_texts(slack.delivered("D800"))

            link.cut()  # the database is gone
            assert await slack_event(http, server, dm_event("lesson", user="W801", channel="D801")) == 200
            await until(lambda: slack.delivered("D801"))
            assert DATABASE_TROUBLE in slack_texts(slack.delivered("D801"))[0]  # told, not left waiting
            await until(lambda: "nudge pass failed" in server.logged())  # the worker noticed, and lives on

            link.start_up()  # the server is coming back, and refuses connections until it is ready
            assert await slack_event(http, server, dm_event("lesson", user="W804", channel="D804")) == 200
            await until(lambda: slack.delivered("D804"))
            assert DATABASE_TROUBLE in slack_texts(slack.delivered("D804"))[0]
            await until(lambda: "(CannotConnectNowError)" in server.logged())
            assert server.alive()

            link.restore()  # and back: the same processes carry on
            assert await slack_event(http, server, dm_event("lesson", user="W802", channel="D802")) == 200
            await until(lambda: len(slack.delivered("D802")) >= len(expected))
            await pg.run(seed_slack_people(1, 803, datetime.now(UTC) - timedelta(seconds=5)))
            await until(lambda: slack.delivered("D803"))
            await until(lambda: "database reachable again" in server.logged())
            assert await server.stop() == 0
    finally:
        await link.close()
    assert slack_texts(slack.delivered("D802")) == expected
    assert len(slack.delivered("D803")) == 1
    logged = server.logged()
    assert "Traceback" not in logged
    worker_errors = [line for line in logged.splitlines() if " ERROR bot.outbound.worker " in line]
    assert worker_errors  # one line for each failed pass, and nothing else
    assert all("nudge pass failed: database unavailable" in line for line in worker_errors), worker_errors


# --- PostgreSQL restarted under running processes -------------------------------------------------------


def restart_postgres() -> None:
    """Restart the local cluster (root in CI); the caller waits for it and makes sure it is up at the end."""
    version = sorted(os.listdir("/etc/postgresql"))[0]  # as .ci/run picks it
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=60)


def ensure_postgres_running() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]  # as .ci/run picks it
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], timeout=10).returncode != 0:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], timeout=60)


async def wait_for_postgres() -> None:
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], timeout=10).returncode:  # noqa: ASYNC110, ASYNC221
        await asyncio.sleep(0.2)


@pytest.mark.skipif(
    not (running_in_ci() or os.environ.get("KINSHIP_TEST_PG_RESTART") == "1"),
    reason="restarts the shared PostgreSQL server: runs in CI, or with KINSHIP_TEST_PG_RESTART=1 (-k restart)",
)
@pytest.mark.skipif(
    not (shutil.which("pg_ctlcluster") and os.path.isdir("/etc/postgresql") and os.geteuid() == 0),
    reason="restarting PostgreSQL needs pg_ctlcluster and root (as in CI)",
)
async def test_postgres_restart_while_serve_and_worker_run_they_recover_on_their_own(
    pg: Store, slack: FakeSlack, http: aiohttp.ClientSession, processes: list[Kinship], tmp_path: Path
) -> None:
    env = environment(slack, KINSHIP_WORKER="off")
    try:
        async with asyncio.timeout(45):
            server = await kinship(processes, "serve", tmp_path, env, free_port()).start(http)
            worker = await kinship(processes, "worker", tmp_path, env).start(http)
            assert await slack_event(http, server, dm_event("lesson", user="W600", channel="D600")) == 200
            await wait_until_nothing_owed(pg)  # both hold pooled connections now

            await asyncio.get_running_loop().run_in_executor(None, restart_postgres)
            await wait_for_postgres()

            # a new turn, on the same processes, is answered properly (not with "can't reach my records")
            assert await slack_event(http, server, dm_event("lesson", user="W601", channel="D601")) == 200
            expected = slack_texts(slack.delivered("D600"))
            await until(lambda: len(slack.delivered("D601")) >= len(expected))
            await wait_until_nothing_owed(pg)
            assert slack_texts(slack.delivered("D601")) == expected
            # and a nudge falling due now goes out from the worker that was running all along
            await pg.run(seed_slack_people(1, 602, datetime.now(UTC) - timedelta(seconds=5)))
            await until(lambda: slack.delivered("D602"))
            assert server.alive() and worker.alive()
            assert await server.stop() == 0 and await worker.stop() == 0
    finally:
        await asyncio.get_running_loop().run_in_executor(None, ensure_postgres_running)
    assert len(slack.delivered("D602")) == 1
    for process in (server, worker):
        assert "Traceback" not in process.logged()
        assert DATABASE_TROUBLE not in " ".join(slack_texts(slack.delivered()))


# --- a platform that answers 429, 500, or not at all ----------------------------------------------------


async def test_replies_reach_slack_and_teams_exactly_once_through_429s_500s_and_gateway_timeouts(
    pg: Store,
    slack: FakeSlack,
    connector: FakeConnector,
    http: aiohttp.ClientSession,
    processes: list[Kinship],
    tmp_path: Path,
) -> None:
    env = environment(slack, teams=True, KINSHIP_WORKER="on")
    async with asyncio.timeout(45):
        server = await kinship(processes, "serve", tmp_path, env, free_port()).start(http)
        # what a turn answers when nothing goes wrong
        assert await slack_event(http, server, dm_event("lesson", user="W700", channel="D700")) == 200
        assert await teams_activity(http, server, teams_message(connector, 700)) == 202
        await wait_until_nothing_owed(pg)
        slack_expected, teams_expected = slack_texts(slack.delivered("D700")), teams_texts(connector, 700)
        assert teams_expected

        # Slack: rate limited (twice in a row, so the SDK's own retry is not enough), then 500s, then a
        # gateway that waits and gives up
        slack.ratelimit("chat.postMessage", retry_after=1, times=3)
        slack.answer("chat.postMessage", "internal_error", status=500, times=3)
        slack.answer("chat.postMessage", "request_timeout", status=504, delay=1.0, times=2)
        # Teams: more 503s than a reply's own retries, and a 429 (a hung post: see the test above)
        connector.fail_next(503, times=3)
        connector.fail_next(429, retry_after="1")
        people = range(701, 705)
        for n in people:
            assert await slack_event(http, server, dm_event("lesson", user=f"W{n}", channel=f"D{n}")) == 200
            assert await teams_activity(http, server, teams_message(connector, n)) == 202
        await until(lambda: all(len(slack.delivered(f"D{n}")) >= len(slack_expected) for n in people))
        await until(lambda: all(len(teams_texts(connector, n)) >= len(teams_expected) for n in people))
        await wait_until_nothing_owed(pg)
        assert await server.stop() == 0
    assert not slack.rules.get("chat.postMessage")  # every scripted failure was met
    assert {p.status for p in connector.posts} >= {429, 503}
    for n in people:
        assert slack_texts(slack.delivered(f"D{n}")) == slack_expected
        assert teams_texts(connector, n) == teams_expected
    assert "Traceback" not in server.logged()
    sent = await pg.run_on_connection(lambda conn: conn.execute(select(func.count()).select_from(deliveries)))
    assert sent.scalar_one() == 0  # every message above was a reply: none came from the nudge queue


# --- the same guarantees in one process, on SQLite and PostgreSQL -----------------------------------------


@dataclass
class FlakyChannel(RecordingChannel):
    """A proactive channel that fails the sends numbered in ``fail`` (counting from 0), once each."""

    fail: set[int] = field(default_factory=set)
    tries: int = 0

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        number, self.tries = self.tries, self.tries + 1
        if number in self.fail:
            raise ConnectionResetError("the platform hung up")
        await super().send(address, replies)


def dm(event_id: str) -> Incoming:
    address = Address("slack", TEAM, "W900", "D900", WORKSPACE_REF)
    return Incoming(address, "lesson", event_id=event_id)


async def test_a_retry_of_an_answered_event_gets_only_the_replies_still_owed(
    any_store: Store, world: World, clock: FixedClock
) -> None:
    bot = Bot(any_store, world, clock, hold=timedelta(seconds=60))
    first = await bot.handle(dm("Ev1"))
    assert len(first) >= 2
    assert await bot.handle(dm("Ev1")) == []  # its poster may still be posting them
    clock.advance(seconds=61)
    assert await bot.handle(dm("Ev1")) == first  # it died: the retry takes them over…
    assert await bot.handle(dm("Ev1")) == []  # …and holds them in turn
    await bot.delivered(dm("Ev1"), 1)  # the first one reached the platform
    clock.advance(seconds=61)
    assert await bot.handle(dm("Ev1")) == first[1:]
    await bot.delivered(dm("Ev1"))
    clock.advance(seconds=61)
    assert await bot.handle(dm("Ev1")) == []  # all delivered: a retry is only a retry


async def test_the_redelivery_pass_sends_owed_replies_once_retrying_what_fails(
    any_store: Store, world: World, clock: FixedClock
) -> None:
    bot = Bot(any_store, world, clock, hold=timedelta(seconds=60))
    replies = await bot.handle(dm("Ev2"))  # and the adapter died before posting any of it
    channel = FlakyChannel(name="slack", fail={1})
    worker = Worker(any_store, world, {"slack": channel}, clock=clock, pacer=Pacer({"slack": 1000}))
    assert (await worker.run_once()).redelivered == 0 and channel.sent == []  # still held by the adapter
    clock.advance(seconds=61)
    assert (await worker.run_once()).retried == 1  # the second reply failed…
    assert [r for _, sent in channel.sent for r in sent] == replies[:1]
    clock.advance(seconds=5)
    assert (await worker.run_once()).redelivered == 1  # …and went on the next pass, without the first again
    clock.advance(hours=1)
    await worker.run_once()
    assert [r for _, sent in channel.sent for r in sent] == replies
    assert {address.conversation for address, _ in channel.sent} == {"D900"}
    assert await owed(any_store) == 0
    clock.advance(days=2)
    await worker.run_once()  # a day on, the event itself is forgotten
    events = await any_store.run_on_connection(
        lambda conn: conn.execute(select(func.count()).select_from(processed_events)).scalar_one()
    )
    assert events == 0


async def test_no_step_of_a_flag_is_ever_kept_beside_the_reporters_address(chat: Chat, store: Store) -> None:
    """Privacy before redelivery: the preview (their words) and the reply naming the case are sent once and
    not kept as owed, since an owed reply would sit next to the reporter's address; other turns are kept."""
    values = {"category": "exclusion", "unit": "outpatients", "occurred": "today", "danger": "no"}
    preview = await chat.act("flag:form", values, event_id="Ev-preview")
    sent = await chat.act(preview.button("Send").value, event_id="Ev-send")
    sent.expect("case code")
    kept = await store.run_on_connection(
        lambda conn: {r.event_key: r.replies for r in conn.execute(select(processed_events))}
    )
    assert kept.keys() == {"console:Ev-preview", "console:Ev-send"}
    assert kept["console:Ev-preview"] is None and kept["console:Ev-send"] is None
    await chat.act("lesson", event_id="Ev-lesson")
    lesson = await store.run_on_connection(
        lambda conn: conn.execute(
            select(processed_events.c.replies).where(processed_events.c.event_key.like("%lesson"))
        )
    )
    assert lesson.scalar() is not None  # an ordinary turn's replies are kept until delivered
