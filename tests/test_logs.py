"""Logs: `serve` writes one JSON object per line, every line a request causes carries its request id, and
nothing at INFO or above names a person or quotes what they wrote."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import signal
from pathlib import Path

import aiohttp
import pytest

from bot.domain.logs import REQUEST_ID, configure, request_id, where
from tests.helpers import run_kinship
from tests.servers import environment_without_platforms, free_port, spawn_kinship, wait_until_up
from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET, FakeSlack, button_press, dm_event, interaction_body, sign
from tests.teams_fake import FakeConnector, activity_from

WORDS = "my manager Priscilla Quangle said something awful"  # what the person wrote: never in a log line
SLACK_USER, SLACK_CHANNEL = "WPRIVATE77", "DPRIVATE77"


async def test_serve_logs_json_with_request_ids_and_names_nobody(tmp_path: Path) -> None:
    slack = await FakeSlack().start()
    connector = await FakeConnector().start()
    port = free_port()
    env = environment_without_platforms(
        drop=["KINSHIP_LOG_FORMAT"],
        DATABASE_URL=f"sqlite:///{tmp_path / 'k.db'}",
        KINSHIP_WORKER="off",
        KINSHIP_LOG_LEVEL="INFO",
        TEAMS_ALLOW_ANONYMOUS="true",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=slack.url,
        PORT=str(port),
    )
    proc = await spawn_kinship("serve", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    activity = activity_from("02_message_personal_chat.json", connector.service_url, text=WORDS)
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_up(http, port)
            for body in (dm_event(WORDS, SLACK_USER, SLACK_CHANNEL), dm_event("lesson", SLACK_USER, SLACK_CHANNEL)):
                text = json.dumps(body)
                headers = {"Content-Type": "application/json", "X-Request-Id": "caller-chosen.1", **sign(text)}
                async with http.post(f"http://127.0.0.1:{port}/slack/events", data=text, headers=headers) as r:
                    assert r.status == 200 and r.headers["X-Request-Id"] == "caller-chosen.1"
            text = interaction_body(button_press("menu", SLACK_USER, SLACK_CHANNEL))
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Request-Id": "no spaces {}",
                **sign(text),
            }
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=text, headers=headers) as r:
                assert r.status == 200
                generated = r.headers["X-Request-Id"]
                assert generated != "no spaces {}" and len(generated) == 16
            async with http.post(f"http://127.0.0.1:{port}/api/messages", json=activity) as r:
                assert r.status == 202 and r.headers["X-Request-Id"]
            await slack.wait_for("chat.postMessage", 3)
            assert connector.cards(activity["conversation"]["id"])
            async with http.get(f"http://127.0.0.1:{port}/metrics") as r:
                exposition = await r.text()
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=20)
        await slack.close()
        await connector.stop()
    assert proc.returncode == 0
    assert 'kinship_turns_total{outcome="answered",platform="slack"} 3.0' in exposition
    assert 'kinship_turns_total{outcome="answered",platform="teams"} 1.0' in exposition
    entries = [json.loads(line) for line in err.decode().splitlines()]  # every line is one JSON object
    assert entries and all({"time", "level", "logger", "message", "request_id"} <= set(e) for e in entries)
    serving = next(i for i, e in enumerate(entries) if e["message"].startswith("serving on port"))
    stopping = next(i for i, e in enumerate(entries) if e["message"].startswith("stopping"))
    during = entries[serving + 1 : stopping]
    assert len(during) >= 4  # one access line per request at least
    assert all(e["request_id"] for e in during), [e for e in during if not e["request_id"]]
    assert any(e["request_id"] == "caller-chosen.1" for e in during)
    assert any(e["request_id"] == generated for e in during)
    private = [
        WORDS,
        "Priscilla",
        SLACK_USER,
        SLACK_CHANNEL,
        "T111",
        activity["from"]["id"],
        activity["from"]["aadObjectId"],
        activity["conversation"]["id"],
        activity["from"].get("name") or "Megan",
        SIGNING_SECRET,
        BOT_TOKEN,
    ]
    for entry in entries:
        line = json.dumps(entry)
        assert not [p for p in private if p in line], line
        assert "exception" not in entry


def test_json_lines_carry_the_request_id_and_the_exception() -> None:
    stream = io.StringIO()
    configure("INFO", "json", stream)
    try:
        token = REQUEST_ID.set("abc123")
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("kinship.test").exception("it failed")
        REQUEST_ID.reset(token)
        logging.getLogger("kinship.test").debug("not shown at INFO")
        logging.getLogger("kinship.test").info("outside a request")
    finally:
        configure("WARNING", "text")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["request_id"] == "abc123" and first["level"] == "ERROR" and first["message"] == "it failed"
    assert "ValueError: boom" in first["exception"]
    assert second["request_id"] == "" and second["message"] == "outside a request"


def test_at_debug_the_platform_sdks_still_log_no_payloads_but_kinship_does_log() -> None:
    """The Agents SDK logs a whole activity (with the conversation id) at DEBUG when a flag is sent: with
    KINSHIP_LOG_LEVEL=DEBUG, Kinship's own debug lines appear and the SDKs' do not."""
    stream = io.StringIO()
    configure("DEBUG", "json", stream)
    try:
        for sdk in ("microsoft_agents.hosting.core.app", "slack_bolt.App", "slack_sdk.web.async_client"):
            logging.getLogger(sdk).debug("activity conversation a:1Xyz-conversation-id")
            logging.getLogger(sdk).info(f"{sdk} starting")
        logging.getLogger("bot.turns").debug("turn took 3 ms")
    finally:
        configure("WARNING", "text")
    logged = stream.getvalue()
    assert "conversation-id" not in logged
    assert "turn took 3 ms" in logged and "slack_bolt.App starting" in logged


def test_text_lines_carry_the_request_id_too() -> None:
    stream = io.StringIO()
    configure("INFO", "text", stream)
    try:
        token = REQUEST_ID.set("r-42")
        logging.getLogger("kinship.test").warning("hello")
        REQUEST_ID.reset(token)
    finally:
        configure("WARNING", "text")
    assert stream.getvalue().rstrip().endswith("WARNING kinship.test [r-42] hello")


@pytest.mark.parametrize(
    ("offered", "kept"),
    [("abc-123_X.y:z", True), ("", False), (None, False), ("has space", False), ("x" * 65, False), ("é", False)],
)
def test_an_incoming_request_id_is_kept_only_when_short_and_safe(offered: str | None, kept: bool) -> None:
    assert (request_id(offered) == offered) is kept


@pytest.mark.parametrize("setting", ["KINSHIP_LOG_FORMAT=yaml", "KINSHIP_LOG_LEVEL=LOUD"])
def test_a_bad_log_setting_is_one_line(setting: str) -> None:
    name, value = setting.split("=")
    result = run_kinship("serve", env={name: value})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and name in result.stderr and "Traceback" not in result.stderr


def test_where_names_kinships_own_frame_not_the_librarys() -> None:
    from adapters.teams.convert import reference_from

    with pytest.raises(ValueError) as raised:
        reference_from('{"conversation": 5}')  # pydantic raises, deep inside itself
    assert where(raised.value).startswith(" at convert.py:")
