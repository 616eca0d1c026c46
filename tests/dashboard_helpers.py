"""The lead dashboard in a real browser, for ``tests/test_dashboard_browser.py``.

- :func:`chromium_path` and :func:`need_browser`: Debian's Chromium and Playwright, or a skip (a failure in CI);
  no browser is ever downloaded.
- :class:`LiveDashboard`: ``serve``'s web app with the dashboard mounted, on a real SQLite database, running on
  an event loop of its own in a background thread, so the tests can drive the browser with Playwright's plain
  (synchronous) API and still hold chat turns with the same bot (``dashboard`` gives the sign-in link).
- :func:`axe_violations` and :func:`describe`: axe-core run inside the page, its findings in readable lines.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.domain.config import running_in_ci
from bot.domain.types import Address, Incoming
from tests.servers import environment_without_platforms

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
LINK = re.compile(r"(https?://\S+/lead\?t=[\w-]+)")


def artefacts_dir() -> Path:
    """Where screenshots go: ``$KINSHIP_ARTEFACTS/dashboard``, else ``var/test-artefacts/dashboard``."""
    base = os.environ.get("KINSHIP_ARTEFACTS", "").strip()
    folder = (Path(base) if base else ROOT / "var" / "test-artefacts") / "dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium_path() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def need_browser() -> str:
    """Chromium's path; without Chromium or Playwright: skip, or fail in CI (where .ci/run installs Chromium)."""
    problem = ""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "Playwright is not installed (pip install -e '.[dev]')"
    path = chromium_path()
    if not problem and path is None:
        problem = "Chromium is not installed (Debian: apt-get install chromium; .ci/run does this in CI)"
    if problem:
        if running_in_ci():
            pytest.fail(f"the dashboard's browser tests cannot run in CI: {problem}")
        pytest.skip(f"the dashboard's browser tests need a browser: {problem}")
    assert path is not None
    return path


def launch_options(path: str) -> dict[str, Any]:
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return {"executable_path": path, "args": args, "headless": True}


def axe_script() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any, script: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA findings for the page as it is now."""
    page.evaluate(script)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(WCAG_TAGS),
    )
    return list(result["violations"])


def describe(where: str, violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


class LiveDashboard:
    """``serve``'s app (health checks, the dashboard) with the bot behind it, on its own loop and thread."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="live-dashboard", daemon=True)
        self.runtime: Any = None
        self.server: TestServer | None = None
        self.others: list[TestServer] = []
        self.base = ""

    def call(self, work: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(work, self.loop)
        return future.result(timeout)

    def start(self) -> LiveDashboard:
        self.thread.start()
        self.call(self._start())
        return self

    async def _start(self) -> None:
        from bot.app.compose import build_runtime
        from bot.app.web import make_web_app
        from bot.domain.config import load_config
        from bot.web.routes import mount

        env = environment_without_platforms(
            drop=("KINSHIP_ORG", "KINSHIP_PUBLIC_URL"), DATABASE_URL=self.database_url, KINSHIP_WORKER="off"
        )
        self.runtime = await build_runtime(load_config(env))
        app = make_web_app(self.runtime)
        mount(app, self.runtime)
        self.server = TestServer(app, host="127.0.0.1", port=0)
        await self.server.start_server()
        self.base = str(self.server.make_url("")).rstrip("/")
        self.runtime.bot.dashboard_url = self.base

    def store_run(self, body: Callable[[Any], T]) -> T:
        return self.call(self.runtime.store.run(body))

    def say(self, user: str, text: str | None = None, action: str | None = None) -> str:
        """One chat turn from ``user`` (console), words or a button: the replies' text."""
        address = Address("console", "local", user, f"console:{user}")
        replies = self.call(self.runtime.bot.handle(Incoming(address, text=text, action=action)))
        return "\n".join(r.text for r in replies)

    def link(self, user: str) -> str:
        """A sign-in link, asked for in chat as a lead would."""
        said = self.say(user, "dashboard")
        found = LINK.search(said)
        assert found, f"no dashboard link in the reply to 'dashboard': {said!r}"
        return found.group(1)

    def serve_page(self, html: str, host: str = "127.0.0.2") -> str:
        """A one-page site of its own (another origin, and another site for cookies); its address."""
        return self.call(self._serve_page(html, host))

    async def _serve_page(self, html: str, host: str) -> str:
        async def index(_request: web.Request) -> web.Response:
            return web.Response(text=html, content_type="text/html")

        app = web.Application()
        app.router.add_get("/", index)
        server = TestServer(app, host=host, port=0)
        try:
            await server.start_server()
        except OSError:  # no 127.0.0.2 here: "localhost" is another site than 127.0.0.1 to a browser too
            server = TestServer(app, host="localhost", port=0)
            await server.start_server()
        self.others.append(server)
        return f"http://{host if server.host == host else 'localhost'}:{server.port}/"

    def stop(self) -> None:
        async def close() -> None:
            for server in [*self.others, self.server]:
                if server is not None:
                    await server.close()
            if self.runtime is not None:
                await self.runtime.close()

        try:
            self.call(close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()
