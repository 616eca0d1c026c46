"""Bad input against a real `python -m bot serve`: generated payloads on /slack/events and /api/messages.

Two servers run for the whole module: one with Slack (against a fake Web API) and Teams in anonymous mode,
one with a Teams app id (so every request without a valid token must be refused). Hypothesis sends them
random bytes, random JSON, real payloads with parts replaced or removed, signed and unsigned, truncated,
with wrong content types, invalid UTF-8 and bodies over the size limit. Whatever arrives: never a 5xx,
413 for an oversize body, and the server's log stays one JSON object per line with no traceback.

Every Teams activity that could be answered has its ``serviceUrl`` pointed at the fake connector on
127.0.0.1, and no generated token can be a JWT (no dots), so nothing leaves this machine.
"""

from __future__ import annotations

import asyncio
import copy
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import run_kinship
from tests.servers import environment_without_platforms, free_port, healthy_within, start_kinship
from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET, FakeSlack, sign
from tests.slack_fake import fixture as slack_fixture
from tests.teams_fake import FakeConnector
from tests.teams_fake import fixture as teams_fixture

ROOT = Path(__file__).resolve().parent.parent
SLACK = "/slack/events"
TEAMS = "/api/messages"
LIMIT = 256 * 1024  # bot.app.web.BODY_LIMITS for both routes
EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES", "80"))  # per test; raise it for a longer hunt
SLOW_IS_FINE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=SLOW_IS_FINE, database=None)
CASES: Counter[str] = Counter()  # what was sent, by kind: the figures for the report
FAILURES: Counter[str] = Counter()  # 5xx answers (the goal is none)


class Loop:
    """An asyncio loop in a thread, for the fakes the servers talk to."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


@dataclass
class Server:
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def request(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        kind = f"{'slack' if path == SLACK else 'teams'}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", path, body=body, headers=headers)
            status = connection.getresponse().status
        finally:
            connection.close()
        CASES[kind] += 1
        if status >= 500:
            FAILURES[kind] += 1
        return status


def start_server(tmp: Path, name: str, env: dict[str, str]) -> Server:
    port = free_port()
    base = environment_without_platforms(
        drop=["KINSHIP_LOG_FORMAT"],  # serve's default: JSON
        DATABASE_URL=f"sqlite:///{tmp / f'{name}.db'}",
        KINSHIP_WORKER="off",
        PORT=str(port),
        **env,
    )
    log = tmp / f"{name}.log"
    with log.open("wb") as err:
        proc = start_kinship("serve", env=base, stdout=err, stderr=err)
    if healthy_within(port, 30):
        return Server(port, proc, log)
    proc.kill()
    raise AssertionError(f"{name} did not start:\n{log.read_text()}")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("bad-input")
    loop = Loop()
    slack = loop.run(FakeSlack().start())
    connector = loop.run(FakeConnector().start())
    started: list[Server] = []
    try:
        started.append(
            start_server(
                tmp,
                "open",
                {
                    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                    "SLACK_BOT_TOKEN": BOT_TOKEN,
                    "SLACK_API_URL": slack.url,
                    "TEAMS_ALLOW_ANONYMOUS": "true",
                },
            )
        )
        started.append(
            start_server(
                tmp,
                "locked",
                {"MicrosoftAppId": "00000000-0000-0000-0000-000000000001", "MicrosoftAppPassword": "not-a-secret"},
            )
        )
        yield {"open": started[0], "locked": started[1], "service_url": connector.service_url}
    finally:
        for server in started:
            server.proc.send_signal(signal.SIGTERM)
            server.proc.wait(timeout=15)
        loop.run(slack.close())
        loop.run(connector.stop())
        loop.close()
        print(f"\nbad-input suite: {sum(CASES.values())} cases {dict(CASES)}, 5xx answers: {sum(FAILURES.values())}")


# --- strategies ----------------------------------------------------------------------------------------

CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/json; charset=latin-1",
        "application/json; charset=nonsense",
        "multipart/form-data; boundary=x",
        "application/octet-stream",
        "",
    ]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
INVALID_UTF8 = st.binary(min_size=1, max_size=200).map(lambda b: b + b"\xff\xfe\xc3")


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, original: dict[str, Any], keep: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A real payload with a few of its parts replaced by other JSON values, or removed."""
    payload = copy.deepcopy(original)
    candidates = [p for p in paths(payload) if p[0] not in keep]
    for path in draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=4)):
        parent: Any = payload
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(JSON)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this part
    return payload


SLACK_JSON = ["05_event_callback_message_im.json", "06_event_callback_app_home_opened_org_install.json"]
SLACK_INTERACTIVE = ["02_block_actions.json", "03_view_submission.json", "04a_shortcut_global.json"]
SLACK_INTERACTIVE += ["04b_message_action.json"]
TEAMS_FIXTURES = [
    "01_conversationUpdate_personal_install.json",
    "02_message_personal_chat.json",
    "03_message_personal_command_with_tenant.json",
    "04_invoke_adaptiveCard_action.json",
    "05_message_value_from_card_submit.json",
    "06_agents_sdk_testing_message_personal_expectReplies.json",
]


@st.composite
def slack_payloads(draw: st.DrawFn) -> tuple[bytes, str]:
    """A Slack request body as Slack would send it, from a real payload with parts changed."""
    choice = draw(st.sampled_from(["event", "interactive", "command"]))
    if choice == "event":
        payload = draw(mutated(slack_fixture(draw(st.sampled_from(SLACK_JSON)))))
        return json.dumps(payload).encode(), "application/json"
    if choice == "interactive":
        payload = draw(mutated(slack_fixture(draw(st.sampled_from(SLACK_INTERACTIVE)))))
        return urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"
    fields = dict(pair.split("=", 1) for pair in slack_fixture("01_slash_command.form.txt").split("&"))
    fields["command"] = draw(st.sampled_from(["/kinship", "/kinship-dev", "/other"]))
    for key in draw(st.lists(st.sampled_from(sorted(fields)), max_size=3)):
        fields[key] = draw(st.text(st.characters(codec="utf-8"), max_size=50))
    return "&".join(f"{k}={v}" for k, v in fields.items()).encode(), "application/x-www-form-urlencoded"


def signed(body: bytes, content_type: str) -> dict[str, str]:
    """Slack's headers for ``body``; a body that is not UTF-8 (cut mid-character) cannot be signed as text and
    gets a signature over something else (the server refuses it before looking at the signature)."""
    try:
        headers = sign(body.decode("utf-8"))
    except UnicodeDecodeError:
        headers = sign("not the body")
    if content_type:
        headers["Content-Type"] = content_type
    return headers


def ok(status: int) -> bool:
    return 200 <= status < 500


# --- Slack ---------------------------------------------------------------------------------------------


@SETTINGS
@given(body=st.binary(max_size=2000), content_type=CONTENT_TYPES)
def test_slack_unsigned_bytes_are_refused(servers: dict[str, Any], body: bytes, content_type: str) -> None:
    status = servers["open"].request(SLACK, body, {"Content-Type": content_type} if content_type else {})
    assert status in {400, 401}


@SETTINGS
@given(body=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode), content_type=CONTENT_TYPES)
def test_slack_signed_garbage_gets_a_4xx_or_an_ack(servers: dict[str, Any], body: bytes, content_type: str) -> None:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        headers = {"Content-Type": content_type, **sign("x")}  # cannot be signed as text: refused as malformed
    else:
        headers = signed(body, content_type)
    assert ok(servers["open"].request(SLACK, body, headers))


@SETTINGS
@given(payload=slack_payloads(), content_type=st.none() | CONTENT_TYPES, cut=st.none() | st.integers(0, 400))
def test_slack_signed_real_payloads_with_parts_changed(
    servers: dict[str, Any], payload: tuple[bytes, str], content_type: str | None, cut: int | None
) -> None:
    body, usual = payload
    if cut is not None:
        body = body[:cut]  # truncated, and signed as sent
    headers = signed(body, usual if content_type is None else content_type)
    assert ok(servers["open"].request(SLACK, body, headers))


@SETTINGS
@given(body=INVALID_UTF8)
def test_slack_invalid_utf8_is_a_400(servers: dict[str, Any], body: bytes) -> None:
    headers = {"Content-Type": "application/json", **sign(body.decode("latin-1"))}
    assert servers["open"].request(SLACK, body, headers) == 400


# --- Teams ---------------------------------------------------------------------------------------------


@st.composite
def teams_activities(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    activity = draw(mutated(teams_fixture(draw(st.sampled_from(TEAMS_FIXTURES))), keep=frozenset({"serviceUrl"})))
    activity["serviceUrl"] = service_url  # replies only ever go to the fake connector
    return activity


@SETTINGS
@given(body=st.binary(max_size=2000) | JSON.map(lambda v: json.dumps(v).encode()), content_type=CONTENT_TYPES)
def test_teams_anonymous_garbage_is_a_400(servers: dict[str, Any], body: bytes, content_type: str) -> None:
    status = servers["open"].request(TEAMS, body, {"Content-Type": content_type} if content_type else {})
    assert status == 400 or (status < 500 and body.startswith(b"{"))


@SETTINGS
@given(data=st.data(), content_type=st.sampled_from(["application/json", "text/plain", ""]))
def test_teams_real_activities_with_parts_changed(
    servers: dict[str, Any], data: st.DataObject, content_type: str
) -> None:
    activity = data.draw(teams_activities(servers["service_url"]))
    body = json.dumps(activity).encode()
    if data.draw(st.booleans()):
        body = body[: data.draw(st.integers(0, len(body)))]
    status = servers["open"].request(TEAMS, body, {"Content-Type": content_type} if content_type else {})
    assert ok(status)


@SETTINGS
@given(
    data=st.data(),
    authorization=st.none()
    | st.text(st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="."), max_size=60)
    | st.sampled_from(["Bearer", "Bearer ", "Basic abc", "bearer abc def", "Bearer not-a-jwt"]),
)
def test_teams_with_an_app_id_refuses_anything_without_a_valid_token(
    servers: dict[str, Any], data: st.DataObject, authorization: str | None
) -> None:
    body = json.dumps(data.draw(teams_activities(servers["service_url"]))).encode()
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization.strip() or "Bearer"
    assert servers["locked"].request(TEAMS, body, headers) == 401


@SETTINGS
@given(body=INVALID_UTF8)
def test_teams_invalid_utf8_is_a_400(servers: dict[str, Any], body: bytes) -> None:
    assert servers["open"].request(TEAMS, body, {"Content-Type": "application/json"}) == 400


# --- size, truncation ----------------------------------------------------------------------------------


@settings(max_examples=10, deadline=None, suppress_health_check=SLOW_IS_FINE, database=None)
@given(path=st.sampled_from([SLACK, TEAMS]), size=st.integers(LIMIT + 1, 4 * 1024 * 1024))
def test_a_body_over_the_limit_is_413_from_its_length(servers: dict[str, Any], path: str, size: int) -> None:
    """Refused from ``Content-Length`` before a byte of the body is read."""
    connection = http.client.HTTPConnection("127.0.0.1", servers["open"].port, timeout=30)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        status = connection.getresponse().status
    finally:
        connection.close()
    CASES["oversize"] += 1
    assert status == 413


@pytest.mark.parametrize("path", [SLACK, TEAMS])
def test_a_chunked_body_over_the_limit_is_413(servers: dict[str, Any], path: str) -> None:
    """No ``Content-Length``: refused once the body read passes the limit."""
    body = b'{"type": "message", "text": "' + b"a" * (LIMIT + 10) + b'"}'
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
    headers = {"Content-Type": "application/json", **sign(body.decode())}
    connection = http.client.HTTPConnection("127.0.0.1", servers["open"].port, timeout=30)
    try:
        connection.request("POST", path, body=chunks, headers=headers, encode_chunked=True)
        status = connection.getresponse().status
    finally:
        connection.close()
    CASES["oversize"] += 1
    assert status == 413


@pytest.mark.parametrize("path", [SLACK, TEAMS])
def test_a_body_shorter_than_its_length_gets_no_5xx(servers: dict[str, Any], path: str) -> None:
    """The client promises more than it sends, then stops writing: the server gives up without a 5xx."""
    body = json.dumps(slack_fixture(SLACK_JSON[0])).encode()
    with socket.create_connection(("127.0.0.1", servers["open"].port), timeout=30) as raw:
        signature = "".join(f"{k}: {v}\r\n" for k, v in sign(body.decode()).items())
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body) + 100}\r\n{signature}\r\n"
        )
        raw.sendall(head.encode() + body)
        raw.shutdown(socket.SHUT_WR)
        answer = raw.recv(100)
    CASES["truncated"] += 1
    status = int(answer.split()[1]) if answer.startswith(b"HTTP/1.1") else 0
    assert status == 0 or status < 500  # either a 4xx, or the connection is simply closed


def test_the_servers_logged_no_traceback_and_only_json(servers: dict[str, Any]) -> None:
    """Last: everything above reached the servers; none of it made them log an unhandled exception."""
    for name in ("open", "locked"):
        lines = servers[name].log.read_text().splitlines()
        assert lines
        for line in lines:
            entry = json.loads(line)  # every line is one JSON object
            assert "exception" not in entry and "Traceback" not in entry["message"], entry
            assert entry["level"] != "ERROR" and entry["level"] != "CRITICAL", entry
    assert sum(CASES.values()) >= 8 * EXAMPLES
    assert sum(FAILURES.values()) == 0


@pytest.mark.parametrize(("command", "broken"), [("serve", "org"), ("worker", "content"), ("chat", "org")])
def test_broken_yaml_stops_each_command_with_one_line_per_problem(command: str, broken: str, tmp_path: Path) -> None:
    """A broken organisation or content file: named with its line, exit status 2, no traceback. (All three
    commands load both files through the same function; each command is tried with one of them.)"""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "KINSHIP_OUTBOX": str(tmp_path / "out")}
    if broken == "org":
        path = tmp_path / "org.yaml"
        path.write_text("organisation:\n  name: [unclosed\n")
        env["KINSHIP_ORG"], where = str(path), f"{path}:3:"
    else:
        shutil.copytree(ROOT / "content", tmp_path / "content")
        with (tmp_path / "content" / "themes.yaml").open("a") as themes:
            themes.write('broken: "unterminated\n')
        env["KINSHIP_CONTENT"], where = str(tmp_path / "content"), f"{tmp_path / 'content' / 'themes.yaml'}:"
    result = run_kinship(command, env=env)
    CASES["broken yaml"] += 1
    assert result.returncode == 2
    assert result.stderr.splitlines() == [next(line for line in result.stderr.splitlines() if where in line)]
    assert result.stderr.startswith(f"kinship: {where}") and "YAML error" in result.stderr
    assert "Traceback" not in result.stderr
