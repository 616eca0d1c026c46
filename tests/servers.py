"""Kinship as a real process, and small local web servers, for the tests that need them.

A free port, an environment with no real platform configured, ``python -m bot ARGS`` started (with or
without asyncio), and waiting until a ``serve`` answers its health check.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from typing import Any

import aiohttp
from aiohttp import web

# settings that would point a test's process at a real Slack or Teams (or at a developer's own app)
PLATFORM_SETTINGS = ("TEAMS_", "Microsoft", "CONNECTIONS__", "SLACK_")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment_without_platforms(*, drop: Iterable[str] = (), **settings: str) -> dict[str, str]:
    """This process's environment without any platform's settings or the names in ``drop``, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(PLATFORM_SETTINGS)}
    for name in drop:
        env.pop(name, None)
    env.update(settings)
    return env


def start_kinship(*args: str, env: dict[str, str], **options: Any) -> subprocess.Popen[Any]:
    """``python -m bot ARGS`` in the background; ``options`` go to :class:`subprocess.Popen`."""
    return subprocess.Popen([sys.executable, "-m", "bot", *args], env=env, **options)


async def spawn_kinship(*args: str, env: dict[str, str], **options: Any) -> asyncio.subprocess.Process:
    """``python -m bot ARGS`` as an asyncio subprocess; ``options`` (stdout, stderr) go to its constructor."""
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, env=env, **options)


def healthy_within(port: int, seconds: float) -> bool:
    """Whether a ``serve`` on ``port`` answers ``/healthz`` with 200 within ``seconds`` (for tests without a loop)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return True
        except OSError:
            time.sleep(0.1)
    return False


async def wait_until_up(http: aiohttp.ClientSession, port: int) -> None:
    """Until a ``serve`` started on ``port`` answers ``/healthz`` (at most about 15 s)."""
    for _ in range(300):
        try:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.05)
    raise AssertionError("serve did not start")


async def serve_app(app: web.Application, **runner_options: Any) -> tuple[web.AppRunner, int]:
    """Serve ``app`` on 127.0.0.1 at a free port; the runner (to clean up) and the port."""
    runner = web.AppRunner(app, **runner_options)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
