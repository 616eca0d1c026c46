"""Inbound throughput through a platform endpoint, beside a bare-SDK anchor, with one load generator.

Slack: a signed ``/kinship script …`` command and a signed ``message.im`` event, beside a bare Bolt app
that only acks; and DM events from ``ANSWER_PEOPLE`` people beside a bare Bolt app that acks and posts one
reply to the same fake Slack Web API, closed loop and open loop at ``OPEN_RATE``/s (``python -m
bench.platforms answering`` runs only that part). Teams: a personal-chat message beside a bare Agents SDK
echo agent. Each server runs in its own process (``bench/platform_servers.py``); this process only sends
requests: ``CONCURRENCY`` at a time, ``REQUESTS`` in all after a warm-up, from ``PEOPLE`` people. Figures:
requests/s, p50 and p99 latency.
"""

from __future__ import annotations

import asyncio
import copy
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
TEAMS_MESSAGE = ROOT / "tests" / "data" / "teams" / "02_message_personal_chat.json"
CONCURRENCY = 32
REQUESTS = 1500
WARM_UP = 200
PEOPLE = 100


def _teams_activity(service_url: str, n: int) -> dict[str, Any]:
    activity = copy.deepcopy(json.loads(TEAMS_MESSAGE.read_text()))
    person = n % PEOPLE
    activity["serviceUrl"] = service_url
    activity["id"] = f"bench-{n}"
    activity["text"] = "lesson"
    activity["from"] = {**activity.get("from", {}), "id": f"29:user{person}", "aadObjectId": f"aad-{person}"}
    activity["conversation"] = {**activity.get("conversation", {}), "id": f"a:conversation{person}"}
    activity.setdefault("channelData", {})["tenant"] = {"id": "bench-tenant"}
    return activity


async def _load(
    url: str, make: Any, count: int, start: int, concurrency: int = CONCURRENCY
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    numbers = iter(range(start, start + count))
    async with aiohttp.ClientSession() as session:

        async def one_client() -> None:
            for n in numbers:
                made = make(n)
                body, headers = (
                    made if isinstance(made, tuple) else (json.dumps(made), {"Content-Type": "application/json"})
                )
                began = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status >= 400:
                        raise RuntimeError(f"{url} answered {response.status}")
                latencies.append(time.perf_counter() - began)

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        return count / (time.perf_counter() - began), latencies


def _slack_request(kind: str, people: int = PEOPLE) -> Any:
    from tests.slack_fake import command_form, dm_event, sign

    def make(n: int) -> tuple[str, dict[str, str]]:
        person = n % people
        if kind == "command":
            body = command_form(
                "script a patient just made a racist comment to my colleague", user=f"W{person}", channel=f"D{person}"
            )
            return body, {**sign(body), "Content-Type": "application/x-www-form-urlencoded"}
        body = json.dumps(dm_event("lesson", user=f"W{person}", channel=f"D{person}"))
        return body, {**sign(body), "Content-Type": "application/json"}

    return make


ANCHOR_PYTHON = ROOT / ".venv-anchors" / "bin" / "python"  # botbuilder lives here, never in Kinship's venv


def _launch(command: list[str]) -> tuple[subprocess.Popen[str], list[str]]:
    """Start a server process and wait for its ``READY <port> [url]`` line."""
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    ready = proc.stdout.readline().split()
    if not ready or ready[0] != "READY":
        proc.kill()
        raise RuntimeError(f"{' '.join(command[-2:])} did not start")
    return proc, ready


def _start(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    return _launch([sys.executable, "-m", "bench.platform_servers", *args])


def _start_botbuilder() -> tuple[subprocess.Popen[str], list[str]]:
    return _launch([str(ANCHOR_PYTHON), str(ROOT / "bench" / "botbuilder_echo.py")])


PEAK_RSS_MB: dict[str, float] = {}  # the servers' peak resident memory under load, by server kind


def _peak_rss_mb(pid: int) -> float:
    """``VmHWM`` of a live process (Linux): the most memory it has held at once."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _measure(kind: str, payload: str = "") -> tuple[float, float, float]:
    """Requests/s, p50 and p99 (ms) for one server, with its fake platform in a third process."""
    fake, fake_ready = _start("fake-teams" if kind.startswith("teams") else "fake-slack")
    target = fake_ready[2]
    server = None
    try:
        server, ready = _start_botbuilder() if kind == "teams-botbuilder" else _start(kind, target)
        if kind.startswith("teams"):
            url = f"http://127.0.0.1:{ready[1]}/api/messages"
            make = lambda n: _teams_activity(target, n)  # noqa: E731
        else:
            url, make = f"http://127.0.0.1:{ready[1]}/slack/events", _slack_request(payload)
        asyncio.run(_load(url, make, WARM_UP, 0))
        rate, latencies = asyncio.run(_load(url, make, REQUESTS, WARM_UP))
        PEAK_RSS_MB[kind] = max(PEAK_RSS_MB.get(kind, 0.0), _peak_rss_mb(server.pid))
    finally:
        for proc in (server, fake):
            if proc is not None:
                proc.kill()
                proc.wait()
    latencies.sort()
    return rate, statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.99) - 1] * 1000


def rows() -> list[tuple[str, str, str]]:
    out = []
    for payload, label in (("command", "signed /kinship script …"), ("event", "signed message.im 'lesson'")):
        ours, anchor = _measure("slack-kinship", payload), _measure("slack-bolt", payload)
        answering = _measure("slack-bolt-answer", payload)
        for name, (rate, p50, p99) in (
            ("Kinship", ours),
            ("bare Bolt, ack only", anchor),
            ("bare Bolt, ack then one chat.postMessage", answering),
        ):
            out.append(
                (
                    f"Slack inbound: {label}, {name}, {CONCURRENCY} at once (req/s, p50/p99 ms)",
                    f"{rate:,.0f} ({p50:.0f}/{p99:.0f})",
                    "p99 < 100" if name == "Kinship" else "",
                )
            )
        out.append((f"Slack inbound: {label}, Kinship ÷ bare Bolt", f"{ours[0] / anchor[0]:.2f}×", "≥ 0.8×"))
        ratio = f"{ours[0] / answering[0]:.2f}×"
        out.append((f"Slack inbound: {label}, Kinship ÷ Bolt that posts one answer", ratio, ""))
    ours = _measure("teams-kinship")
    echo = _measure("teams-echo")
    botbuilder = _measure("teams-botbuilder") if ANCHOR_PYTHON.exists() else None
    for name, (rate, p50, p99) in (("Kinship, Teams message 'lesson'", ours), ("bare Agents SDK echo", echo)):
        out.append(
            (
                f"Teams inbound: {name}, {CONCURRENCY} at once (req/s, p50/p99 ms)",
                f"{rate:,.0f} ({p50:.0f}/{p99:.0f})",
                "",
            )
        )
    out.append(("Teams inbound: Kinship ÷ Agents SDK echo", f"{ours[0] / echo[0]:.2f}×", "≥ 1.0×"))
    if botbuilder is None:
        out.append(("Teams inbound: botbuilder echo", "not measured", "make bench installs it"))
    else:
        rate, p50, p99 = botbuilder
        out.append(
            (
                f"Teams inbound: bare botbuilder echo, {CONCURRENCY} at once (req/s, p50/p99 ms)",
                f"{rate:,.0f} ({p50:.0f}/{p99:.0f})",
                "",
            )
        )
        out.append(("Teams inbound: Kinship ÷ botbuilder echo", f"{ours[0] / rate:.2f}×", "≥ 3×"))
    for kind, label in (("slack-kinship", "Slack"), ("teams-kinship", "Teams")):
        out.append((f"{label} inbound: Kinship server peak RSS under that load (MB)", f"{PEAK_RSS_MB[kind]:.0f}", ""))
    out.extend(answering_rows())
    share, duplicates, missed = asyncio.run(teams_proactive_rate())
    out.append(("Teams proactive nudges vs a connector allowing 50/s: share of the limit", f"{share:.1%}", "≥ 95%"))
    out.append(("Teams proactive nudges: duplicates / missed", f"{duplicates} / {missed}", "0 / 0"))
    return out


ANSWER_PEOPLE = 64  # Slack DM events from this many different people, one client each, all at once
OPEN_RATE = 100.0  # requests/s sent on a fixed schedule, whatever the replies, for the latency goal
OPEN_SECONDS = 10.0
ANSWER_ROUNDS = 3  # Kinship and the answering Bolt app measured in turn, this many times each


async def _open_loop(url: str, make: Any, rate: float, count: int, start: int) -> list[float]:
    """Latencies of ``count`` requests sent at ``rate``/s on a fixed schedule (open loop), each measured from
    when it was due to be sent, so a slow server cannot hold back the load (no coordinated omission)."""
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        began = time.perf_counter()

        async def one(i: int) -> None:
            due = began + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            body, headers = make(start + i)
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                if response.status >= 400:
                    raise RuntimeError(f"{url} answered {response.status}")
            latencies.append(time.perf_counter() - due)

        await asyncio.gather(*(one(i) for i in range(count)))
    return sorted(latencies)


async def _posts_settled(counter: str, within: float = 30.0) -> tuple[int, float]:
    """The fake Slack's ``chat.postMessage`` count once it stops growing, and when it last grew."""
    async with aiohttp.ClientSession() as session:
        last, changed, deadline = -1, time.perf_counter(), time.perf_counter() + within
        while time.perf_counter() < deadline:
            async with session.get(counter) as response:
                now = int(await response.text())
            if now != last:
                last, changed = now, time.perf_counter()
            elif time.perf_counter() - changed > 0.5:
                break
            await asyncio.sleep(0.01)
        return last, changed


def _answering(kind: str) -> dict[str, float]:
    """Closed loop (``ANSWER_PEOPLE`` at once) then open loop (``OPEN_RATE``/s) of Slack DM events to one
    server, with the answers counted at the fake Slack Web API."""
    fake, (_, _, target, counter) = _start("fake-slack")
    server = None
    figures: dict[str, float] = {}
    try:
        server, ready = _start(kind, target)
        url, make = f"http://127.0.0.1:{ready[1]}/slack/events", _slack_request("event", ANSWER_PEOPLE)
        asyncio.run(_load(url, make, WARM_UP, 0, ANSWER_PEOPLE))
        before, _ = asyncio.run(_posts_settled(counter))
        began = time.perf_counter()
        figures["rate"], latencies = asyncio.run(_load(url, make, REQUESTS, WARM_UP, ANSWER_PEOPLE))
        after, last = asyncio.run(_posts_settled(counter))
        latencies.sort()
        figures["p50"], figures["p99"] = latencies[len(latencies) // 2] * 1000, latencies[-len(latencies) // 100] * 1000
        figures["posts"] = (after - before) / REQUESTS
        figures["answered"] = (after - before) / (last - began)
        count = int(OPEN_RATE * OPEN_SECONDS)
        opened = asyncio.run(_open_loop(url, make, OPEN_RATE, count, WARM_UP + REQUESTS))
        figures["open_p50"], figures["open_p99"] = opened[count // 2] * 1000, opened[-count // 100] * 1000
        figures["open_max"] = opened[-1] * 1000
    finally:
        for proc in (server, fake):
            if proc is not None:
                proc.kill()
                proc.wait()
    return figures


def _median_figures(runs: list[dict[str, float]]) -> dict[str, float]:
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def answering_rows() -> list[tuple[str, str, str]]:
    """Kinship's ``serve`` on Slack DM events from ``ANSWER_PEOPLE`` people beside a bare Bolt app that acks
    and posts one reply to the same fake Slack Web API; then p99 latency at an open-loop ``OPEN_RATE``/s."""
    rounds: list[tuple[dict[str, float], dict[str, float]]] = []
    for n in range(ANSWER_ROUNDS):  # alternate who goes first: the machine may be busy with other work
        kinds = ("slack-kinship", "slack-bolt-answer")[:: 1 if n % 2 == 0 else -1]
        figures = dict(zip(kinds, (_answering(kind) for kind in kinds), strict=True))
        rounds.append((figures["slack-kinship"], figures["slack-bolt-answer"]))
    ours, bolt = (_median_figures([r[side] for r in rounds]) for side in (0, 1))
    for name in ("rate", "answered"):  # the ratio of each round, then the median, so a busy round counts once
        ours[f"{name}_ratio"] = statistics.median(k[name] / b[name] for k, b in rounds)
    label = f"Slack DM 'lesson' from {ANSWER_PEOPLE} people, median of {ANSWER_ROUNDS} rounds"
    out = []
    for name, f in (("Kinship", ours), ("bare Bolt, ack then one chat.postMessage", bolt)):
        out += [
            (
                f"{label}, {name}, {ANSWER_PEOPLE} at once (req/s, p50/p99 ms)",
                f"{f['rate']:,.0f} ({f['p50']:.0f}/{f['p99']:.0f})",
                "",
            ),
            (
                f"{label}, {name}: chat.postMessage per request; answered/s (until the last post)",
                f"{f['posts']:.2f}; {f['answered']:,.0f}",
                "",
            ),
            (
                f"{label}, {name}, open loop {OPEN_RATE:.0f}/s for {OPEN_SECONDS:.0f} s (p50/p99/max ms)",
                f"{f['open_p50']:.1f}/{f['open_p99']:.1f}/{f['open_max']:.1f}",
                "p99 < 50" if name == "Kinship" else "",
            ),
        ]
    ratio = f"{ours['rate_ratio']:.2f}×"
    out.append((f"{label}, Kinship ÷ Bolt that posts one answer (req/s)", ratio, "≥ 0.8×"))
    ratio = f"{ours['answered_ratio']:.2f}×"
    out.append((f"{label}, Kinship ÷ Bolt that posts one answer (answered/s)", ratio, ""))
    return out


async def teams_proactive_rate(people_count: int = 400, rate: float = 50.0) -> tuple[float, int, int]:
    """Nudges through the real Teams channel to a fake connector that accepts ``rate`` posts/s (429 beyond):
    share of the limit achieved, duplicates, missed."""
    import tempfile
    from collections import Counter
    from datetime import UTC, datetime, timedelta

    from adapters.teams.channel import TeamsChannel
    from bot.app.compose import load_world
    from bot.domain.config import Config, load_config
    from bot.domain.schedule import EVERY_DAY
    from bot.domain.types import Address
    from bot.outbound.pacing import Pacer
    from bot.outbound.worker import Worker
    from bot.store import Store
    from bot.turns.handler import Bot
    from tests.teams_fake import FakeConnector
    from tests.test_teams_worker import TENANT, stored_reference

    connector = await FakeConnector(rate_limit=rate).start()
    store = await Store.open(f"sqlite:///{tempfile.mkdtemp()}/proactive.db")
    due = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def seed(tx: Any) -> None:
        for n in range(people_count):
            address = Address("teams", TENANT, f"aad-{n}", f"a:personal-{n}", stored_reference(n))
            person = tx.person(address, due, "Europe/London")
            tx.update_person(person.id, {"subscribed": True, "next_due_at": due, "nudge_days": EVERY_DAY})

    await store.run(seed)
    world = load_world(load_config())
    config = Config(
        teams_allow_anonymous=True, teams_service_url_override=connector.service_url, teams_conversation_rate=7.0
    )
    channel = TeamsChannel(config.teams, Bot(store, world).handle)
    worker = Worker(store, world, {"teams": channel}, pacer=Pacer({"teams": rate}))
    moment = due + timedelta(minutes=1)
    began = time.perf_counter()
    while len({p.conversation for p in connector.posts if p.accepted}) < people_count:
        if time.perf_counter() - began > people_count / rate * 4:
            break
        await worker.run_once(moment)
        moment += timedelta(seconds=2)  # a 429's Retry-After is waited out on the worker's clock
    elapsed = time.perf_counter() - began
    accepted = Counter(p.conversation for p in connector.posts if p.accepted)
    await channel.stop()
    await store.close()
    await connector.stop()
    return sum(accepted.values()) / elapsed / rate, sum(n - 1 for n in accepted.values()), people_count - len(accepted)


if __name__ == "__main__":
    for row in answering_rows() if sys.argv[1:] == ["answering"] else rows():
        print(" | ".join(row))
