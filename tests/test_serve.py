"""`python -m bot serve` as a real process: health endpoints, and a clear log of which adapters started."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port, healthy_within, start_kinship


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_serve_answers_health_checks_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "KINSHIP_WORKER": "off"}
    for secret in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "TEAMS_ALLOW_ANONYMOUS", "KINSHIP_ORG"):
        env.pop(secret, None)
    proc = start_kinship(
        "serve", "--port", str(port), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        healthy_within(port, 20)
        status, body = get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200 and '"ok"' in body
        assert get(f"http://127.0.0.1:{port}/readyz") == (200, '{"status": "ready"}')
        assert get(f"http://127.0.0.1:{port}/nope")[0] == 404
    finally:
        proc.send_signal(signal.SIGTERM)
        _, log = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert (
        "adapter slack not started: SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (or SLACK_CLIENT_ID/SECRET) not set"
        in log
    )
    assert "Traceback" not in log
    assert "KINSHIP_ORG is not set: the demo organisation is in use" in log  # never silently the demo
    assert f"serving on port {port} at 0.0.0.0" in log  # every address by default: platforms route to it


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses a socket listens on at ``port``, from the kernel's own table (Linux)."""
    addresses = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        host, _, hex_port = local.partition(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            addresses.add(socket.inet_ntoa(struct.pack("<I", int(host, 16))))
    return addresses


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the kernel's socket table (Linux only)")
def test_serve_listens_only_on_the_host_it_is_given(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "KINSHIP_WORKER": "off"}
    env["KINSHIP_HOST"] = "0.0.0.0"  # the option wins over the environment
    proc = start_kinship(
        "serve", "--host", "127.0.0.1", "--port", str(port), env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert healthy_within(port, 20)
        assert listening_addresses(port) == {"127.0.0.1"}
        with pytest.raises(OSError):  # another loopback address reaches a 0.0.0.0 listener, not this one
            socket.create_connection(("127.0.0.2", port), timeout=2).close()
    finally:
        proc.send_signal(signal.SIGTERM)
        _, log = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert f"serving on port {port} at 127.0.0.1" in log


def test_serve_runs_the_nudge_worker_in_process(tmp_path: Path) -> None:
    """A person whose lesson fell due a minute ago gets it from `serve` alone, with nothing else running."""
    import asyncio
    from datetime import UTC, datetime, timedelta

    from bot.domain.types import Address
    from bot.store import Store

    database = f"sqlite:///{tmp_path / 'k.db'}"

    async def seed() -> None:
        store = await Store.open(database)
        now = datetime.now(UTC)

        def body(tx) -> None:
            person = tx.person(Address("console", "local", "amy", "amy"), now, "Europe/London")
            tx.update_person(
                person.id,
                {"subscribed": True, "next_due_at": now - timedelta(minutes=1), "nudge_days": frozenset(range(7))},
            )

        await store.run(body)
        await store.close()

    asyncio.run(seed())
    outbox = tmp_path / "outbox.jsonl"
    org = tmp_path / "our-trust.yaml"  # a real organisation's own file (here a copy of the demo's)
    org.write_text((Path(__file__).parents[1] / "content" / "org.example.yaml").read_text())
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "KINSHIP_OUTBOX": str(outbox),
        "KINSHIP_WORKER": "on",
        "KINSHIP_ORG": str(org),
    }
    proc = start_kinship(
        "serve", "--port", str(free_port()), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (outbox.exists() and outbox.read_text()):
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, log = proc.communicate(timeout=15)
    assert proc.returncode == 0, log
    lines = outbox.read_text().splitlines()
    assert len(lines) == 1 and '"user": "amy"' in lines[0]
    assert "nudge worker started" in log
    assert "demo organisation" not in log
    # the copy still holds the demo's placeholder links and support route: named, so they get replaced
    assert f"{org} still holds the demo's 'Example only' text (incident_reporting, freedom_to_speak_up, " in log
