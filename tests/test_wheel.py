"""The wheel is the product: built, installed into a fresh virtualenv outside the checkout, and run from
another folder, it migrates, checks its content, chats and serves, with nothing read from the checkout.

Part of ``make test`` (about half a minute: one wheel build, one install, a few processes).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest

from bench.wheel import CHECKOUT, Installed, clean_environment, run_bot
from bot.understanding.triage import built
from bot.understanding.triage.corpus import corpus_files
from tests.servers import free_port, wait_until_up
from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET, FakeSlack, dm_event, sign


@pytest.fixture(scope="module")
def installed(installed_wheel: Installed) -> Installed:
    return installed_wheel


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'kinship.db'}",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        KINSHIP_WORKER="off",
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def outside_checkout(text: str) -> None:
    assert str(CHECKOUT) not in text, text


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Installed, tmp_path: Path, env) -> None:
    where = ok(
        subprocess.run(
            [str(installed.python), "-c", "import bot, content; print(bot.__file__); print(content.__file__)"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
    )
    outside_checkout(where)
    assert where.count(str(installed.site_packages)) == 2


def test_migrate_from_another_folder(installed: Installed, tmp_path: Path, env) -> None:
    ok(run_bot(installed, "migrate", cwd=tmp_path, env=env))
    assert (tmp_path / "kinship.db").is_file()
    assert "up to date" in ok(run_bot(installed, "migrate", cwd=tmp_path, env=env))


def test_content_check_finds_the_shipped_content(installed: Installed, tmp_path: Path, env) -> None:
    out = ok(run_bot(installed, "content", "check", cwd=tmp_path, env=env))
    first = out.splitlines()[0]
    assert first == f"{installed.site_packages / 'content'}: ok", first
    outside_checkout(out)


def test_a_console_chat_gives_a_lesson(installed: Installed, tmp_path: Path, env) -> None:
    result = run_bot(installed, "chat", "--user", "amy", cwd=tmp_path, env=env, stdin="lesson\n")
    out = ok(result)
    assert "Try this today" in out
    outside_checkout(out + result.stderr)
    models = list((installed.site_packages / "bot/understanding/triage/built").glob("triage-*.bin"))
    cached = list((tmp_path / "cache").glob("kinship/triage-*.bin"))
    assert len(models + cached) == 1  # trained on first use and kept where it could be written


def test_serve_answers_readyz(installed: Installed, tmp_path: Path, env) -> None:
    ok(run_bot(installed, "migrate", cwd=tmp_path, env=env))
    port = free_port()
    with subprocess.Popen(
        [str(installed.python), "-m", "bot", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as server:
        try:
            status, body = _ready(port, seconds=30)
        finally:
            server.terminate()
            logs, _ = server.communicate(timeout=30)
    assert status == 200, logs
    assert b'"ready"' in body
    assert "Traceback" not in logs
    outside_checkout(logs)


def _ready(port: int, seconds: float) -> tuple[int, bytes]:
    """``/readyz``'s status and body once ``serve`` answers at all (0 if it never did)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/readyz")
            response = connection.getresponse()
            return response.status, response.read()
        except OSError:
            time.sleep(0.1)
    return 0, b""


async def test_serve_answers_a_signed_slack_event(installed: Installed, tmp_path: Path, env) -> None:
    ok(run_bot(installed, "migrate", cwd=tmp_path, env=env))
    slack = await FakeSlack().start()
    port = free_port()
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack.url)
    server = await asyncio.create_subprocess_exec(
        str(installed.python), "-m", "bot", "serve", "--port", str(port), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
            await wait_until_up(http, port)
            body = json.dumps(dm_event("lesson"))
            headers = {"Content-Type": "application/json", **sign(body)}
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as response:
                assert response.status == 200
            for _ in range(600):  # the first message may train the triage model: up to a minute
                if any("Try this today" in json.dumps(call.params) for call in slack.posts()):
                    break
                await asyncio.sleep(0.1)
        assert any("Try this today" in json.dumps(call.params) for call in slack.posts()), slack.calls
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), 30)
        await slack.close()


def test_the_model_goes_to_the_user_cache_when_the_package_folder_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus.txt"
    lines = [line for f in corpus_files() for line in f.read_text(encoding="utf-8").splitlines()]
    corpus.write_text("\n".join(lines[::7]) + "\n", encoding="utf-8")
    blocked = tmp_path / "read-only"
    blocked.write_text("a file, so no folder can be made inside it", encoding="utf-8")
    real = built.built_path(files=[corpus])
    monkeypatch.setattr(built, "built_path", lambda files: blocked / "built" / real.name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    model, path = built.build([corpus])

    assert path == tmp_path / "cache" / "kinship" / real.name
    again = built._read_built([corpus])
    assert again is not None and again.to_bytes() == model.to_bytes()
