"""Configuration is checked before anything is announced: every missing or contradictory setting of `serve`
and `worker` in one message that names each variable, and no warning on a correct configuration."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
from pathlib import Path

import aiohttp
import pytest
from cryptography.fernet import Fernet

from bot.app.compose import check_config, config_problems
from bot.domain.config import DEFAULT_HOST, Config, ConfigError, load_config, read_config
from tests.servers import environment_without_platforms, free_port, spawn_kinship, start_kinship, wait_until_up
from tests.slack_fake import SIGNING_SECRET, FakeSlack

FLAG_KEY = "a-random-secret-of-16+"
# several problems at once: PostgreSQL without the flag key, OAuth without its key and state secret, and a
# Teams app id with anonymous access and without its secret
BROKEN = {
    "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",
    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    "SLACK_CLIENT_ID": "111.222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "MicrosoftAppId": "00000000-0000-0000-0000-000000000001",
    "TEAMS_ALLOW_ANONYMOUS": "true",
}
NAMED = ("KINSHIP_FLAG_KEY", "KINSHIP_TOKEN_KEY", "SLACK_STATE_SECRET", "TEAMS_ALLOW_ANONYMOUS", "MicrosoftAppPassword")


def test_kinship_host_is_read_with_the_rest_and_defaults_to_every_address() -> None:
    assert load_config({}).host == DEFAULT_HOST == "0.0.0.0"
    assert load_config({"KINSHIP_HOST": " 127.0.0.1 "}).host == "127.0.0.1"


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"slack_signing_secret": "s", "slack_bot_token": "xoxb-1"},
        {"slack_signing_secret": "s", "slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"},
        {
            "slack_signing_secret": "s",
            "slack_client_id": "1.2",
            "slack_client_secret": "c",
            "slack_state_secret": "state",
            "token_key": Fernet.generate_key().decode(),
        },
        {"teams_app_id": "app", "teams_app_password": "secret"},
        {"teams_allow_anonymous": True},
        {"database_url": "postgresql://k@db/k", "flag_key": FLAG_KEY},
    ],
)
def test_a_correct_configuration_has_no_problems(settings: dict[str, object]) -> None:
    assert config_problems(Config(**settings)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"database_url": "postgresql://k@db/k"}, "KINSHIP_FLAG_KEY"),
        ({"slack_bot_token": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"slack_signing_secret": "s"}, "SLACK_SIGNING_SECRET is set without SLACK_BOT_TOKEN"),
        ({"slack_signing_secret": "s", "slack_client_id": "1.2"}, "SLACK_CLIENT_SECRET"),
        ({"teams_app_password": "secret"}, "MicrosoftAppId"),
        ({"teams_app_id": "app"}, "MicrosoftAppPassword"),
    ],
)
def test_each_problem_names_its_variable(settings: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        check_config(Config(**settings))  # type: ignore[arg-type]


def test_contradictory_and_unusable_oauth_settings_are_named() -> None:
    oauth = {"slack_signing_secret": "s", "slack_client_id": "1.2", "slack_client_secret": "c"}
    problems = config_problems(Config(**oauth, slack_bot_token="xoxb-1", token_key="not-a-key"))  # type: ignore[arg-type]
    text = "\n".join(problems)
    assert len(problems) == 3, problems
    assert "SLACK_BOT_TOKEN" in text and "KINSHIP_TOKEN_KEY is not a Fernet key" in text
    assert "SLACK_STATE_SECRET" in text


@pytest.mark.parametrize("command", [("serve", "--port", "0"), ("worker", "--once")])
def test_every_problem_is_reported_at_once_before_anything_starts(tmp_path: Path, command: tuple[str, ...]) -> None:
    env = environment_without_platforms(drop=("KINSHIP_FLAG_KEY", "KINSHIP_TOKEN_KEY"), **BROKEN)
    proc = start_kinship(*command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    messages = [line for line in err.splitlines() if line.startswith("kinship:")]
    assert len(messages) == 1 and messages[0].startswith("kinship: 5 settings need fixing"), err
    for name in NAMED:
        assert name in err, name
    assert "started" not in out + err and "Traceback" not in err
    assert "serving" not in err


def _own_organisation(tmp_path: Path) -> Path:
    """A real organisation's file: the demo's, with its 'Example only' placeholders replaced."""
    demo = Path(__file__).parents[1] / "content" / "org.example.yaml"
    org = tmp_path / "our-trust.yaml"
    org.write_text(demo.read_text().replace("Example only: ", "At Our Trust, "))
    return org


@pytest.mark.parametrize("mode", ["token", "oauth"])
async def test_a_correct_slack_configuration_logs_no_warning(tmp_path: Path, mode: str) -> None:
    fake = await FakeSlack().start()
    port = free_port()
    slack = (
        {"SLACK_BOT_TOKEN": "xoxb-serve"}
        if mode == "token"
        else {
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "client-secret",
            "SLACK_STATE_SECRET": "state-secret",
            "KINSHIP_TOKEN_KEY": Fernet.generate_key().decode(),
        }
    )
    env = environment_without_platforms(
        DATABASE_URL=f"sqlite:///{tmp_path / 'k.db'}",
        KINSHIP_WORKER="off",
        KINSHIP_FLAG_KEY=FLAG_KEY,
        KINSHIP_ORG=str(_own_organisation(tmp_path)),
        KINSHIP_LOG_FORMAT="json",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.url,
        **slack,
    )
    proc = await spawn_kinship("serve", "--port", str(port), env=env, stderr=asyncio.subprocess.PIPE)
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_up(http, port)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 15)
        await fake.close()
    assert proc.returncode == 0
    entries = [json.loads(line) for line in err.decode().splitlines()]
    started = "OAuth install flow" if mode == "oauth" else "single-workspace token"
    assert any(e["message"] == f"adapter slack started: {started}" for e in entries)
    assert [e for e in entries if e["level"] not in {"DEBUG", "INFO"}] == []


# values that cannot be used at all, each a different way
UNREADABLE = {
    "PORT": "abc",
    "KINSHIP_FLAGS_PER_DAY": "x",
    "KINSHIP_LEASE_SECONDS": "-1",
    "KINSHIP_PACE": "slack=fast",
    "KINSHIP_CHECKIN_AFTER": "nan",
}
SHORT_SECRET = "tiny-secret"  # too short for KINSHIP_FLAG_KEY: named, never shown


def test_every_unreadable_value_is_named_in_one_error_and_no_secret_is_shown() -> None:
    with pytest.raises(ConfigError) as raised:
        load_config({**UNREADABLE, "KINSHIP_FLAG_KEY": SHORT_SECRET})
    message = str(raised.value)
    assert message.startswith("6 settings need fixing"), message
    for name in (*UNREADABLE, "KINSHIP_FLAG_KEY"):
        assert name in message, name
    assert SHORT_SECRET not in message


def test_one_unreadable_value_is_said_plainly() -> None:
    with pytest.raises(ConfigError, match=r"^KINSHIP_LEASE_SECONDS must be at least 1"):
        load_config({"KINSHIP_LEASE_SECONDS": "-1"})


def test_unreadable_values_are_reported_with_the_missing_and_contradictory_ones() -> None:
    problems = config_problems(read_config({**UNREADABLE, "DATABASE_URL": "postgresql://k@db/k"}))
    assert len(problems) == len(UNREADABLE) + 1, problems
    for name in (*UNREADABLE, "KINSHIP_FLAG_KEY"):  # the last: PostgreSQL needs the shared flag key
        assert any(problem.startswith(name) for problem in problems), name


@pytest.mark.parametrize("command", [("serve", "--port", "0"), ("worker", "--once")])
def test_unreadable_values_are_reported_at_once_with_every_other_problem(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    env = environment_without_platforms(drop=("KINSHIP_FLAG_KEY", "KINSHIP_TOKEN_KEY"), **BROKEN, **UNREADABLE)
    proc = start_kinship(*command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    messages = [line for line in err.splitlines() if line.startswith("kinship:")]
    assert len(messages) == 1 and messages[0].startswith("kinship: 10 settings need fixing"), err
    for name in (*NAMED, *UNREADABLE):
        assert name in err, name
    assert "Traceback" not in err and "serving" not in err


def test_other_commands_stop_at_once_naming_every_unreadable_value(tmp_path: Path) -> None:
    env = environment_without_platforms(**UNREADABLE)
    proc = start_kinship("migrate", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    assert err.startswith("kinship: 5 settings need fixing"), err
    for name in UNREADABLE:
        assert name in err, name
