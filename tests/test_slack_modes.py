"""The other ways Slack reaches Kinship: Socket Mode, OAuth installs on many workspaces, and the real
``python -m bot serve`` process with Slack configured from the environment."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import signal
from pathlib import Path

import aiohttp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Connection, text

from bot.dialogue import World
from bot.domain.channel import Undeliverable
from bot.domain.config import ConfigError
from bot.domain.types import Address, Reply
from bot.store import Store
from tests.fakes import FixedClock
from tests.servers import free_port, spawn_kinship, wait_until_up
from tests.slack_fake import SIGNING_SECRET, FakeSlack, SlackHarness, dm_event, fixture, fresh_id, sign, texts


async def test_socket_mode_acks_envelopes_answers_and_drops_the_retry(
    store: Store, world: World, clock: FixedClock, tmp_path: Path
) -> None:
    async with SlackHarness(store, world, clock, tmp_path, slack_app_token="xapp-1-test") as slack:
        opened = slack.fake.calls_to("apps.connections.open")
        assert len(opened) == 1 and opened[0].token == "xapp-1-test"
        envelope = copy.deepcopy(fixture("07_socket_mode_envelope_events_api_retry.json"))
        envelope["payload"] = dm_event("lesson", user="W222", channel="D222")
        envelope["retry_attempt"], envelope["retry_reason"] = 0, ""
        await slack.fake.push(envelope)
        assert (await slack.fake.wait_for_ack(envelope["envelope_id"]))["envelope_id"] == envelope["envelope_id"]
        posts = await slack.fake.wait_for("chat.postMessage", count=2)
        await slack.channel.drain()
        assert "Try this today" in texts(posts[-1]) and posts[-1].params["channel"] == "D222"

        retry = {
            **copy.deepcopy(envelope),
            "envelope_id": fresh_id("env-"),
            "retry_attempt": 1,
            "retry_reason": "timeout",
        }
        await slack.fake.push(retry)
        await slack.fake.wait_for_ack(retry["envelope_id"])
        await asyncio.sleep(0.05)
        await slack.channel.drain()
        assert len(slack.fake.posts()) == 2  # the retried event reached the core and was dropped there
        assert [i.event_id for i in slack.incoming] == [envelope["payload"]["event_id"]] * 2
        ids = slack.request_ids  # what every log line of each envelope's turn carries
        assert len(ids) == 2 and all(ids) and ids[0] != ids[1]


async def test_a_worker_process_sends_but_does_not_open_a_socket_mode_connection(tmp_path: Path) -> None:
    from bot.app.compose import slack_channel as create_channel  # as `serve` builds it
    from bot.domain.config import Config

    async def handle(_incoming):  # pragma: no cover - never called
        return []

    fake = await FakeSlack().start()
    config = Config(
        database_url=f"sqlite:///{tmp_path / 'k.db'}",
        slack_bot_token="xoxb-worker",
        slack_signing_secret=SIGNING_SECRET,
        slack_app_token="xapp-1-test",
        slack_api_url=fake.url,
    )
    channel = create_channel(config, handle)  # not mounted: how `python -m bot worker` uses it
    await channel.start()
    try:
        await channel.send(Address("slack", "T111", "W1", "D1", ""), [Reply("Today's lesson is ready.")])
    finally:
        await channel.stop()
        await fake.close()
    assert fake.calls_to("apps.connections.open") == [] and len(fake.posts("D1")) == 1


def oauth_settings() -> dict[str, str]:
    return {
        "slack_bot_token": "",
        "slack_client_id": "111.222",
        "slack_client_secret": "client-secret",
        "slack_state_secret": "state-secret-0123456789",
        "token_key": Fernet.generate_key().decode(),
    }


async def stored_bot_tokens(store: Store) -> list[str]:
    """The bot tokens as they lie in slack_sdk's own table, in whichever database the store uses."""
    return await store.run_on_connection(
        lambda conn: [row[0] for row in conn.execute(text("SELECT bot_token FROM slack_bots"))]
    )


async def without_installations(store: Store) -> None:
    """slack_sdk's tables are not ours (no migration owns them), so a shared test database keeps them."""

    def drop(conn: Connection) -> None:
        for table in ("slack_bots", "slack_installations"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))

    await store.run_on_connection(drop)


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")  # inside slack_sdk's oauth.v2.access
async def test_oauth_install_stores_an_encrypted_token_that_later_requests_and_nudges_use(
    any_store: Store, world: World, clock: FixedClock, tmp_path: Path
) -> None:
    store = any_store  # the installation store shares Kinship's database: SQLite or PostgreSQL
    await without_installations(store)
    settings = {**oauth_settings(), "database_url": store.database_url}
    try:
        await _oauth_journey(store, world, clock, tmp_path, settings)
    finally:
        await without_installations(store)


async def _oauth_journey(store: Store, world: World, clock: FixedClock, tmp_path: Path, settings: dict) -> None:
    async with SlackHarness(store, world, clock, tmp_path, **settings) as slack:
        assert slack.client is not None
        page = await slack.client.get("/slack/install", allow_redirects=False)
        assert page.status == 200
        link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', await page.text())
        assert link is not None and "client_id=111.222" in link.group(1)
        state = re.search(r"state=([^&\"]+)", link.group(1)).group(1)  # type: ignore[union-attr]
        cookie = page.headers["Set-Cookie"].split(";")[0]  # Secure: the test client will not send it over http
        done = await slack.client.get(
            f"/slack/oauth_redirect?code=one-time-code&state={state}", headers={"Cookie": cookie}
        )
        assert done.status == 200
        exchange = slack.fake.calls_to("oauth.v2.access")
        assert len(exchange) == 1 and exchange[0].params["code"] == "one-time-code"

        raw = await stored_bot_tokens(store)
        assert len(raw) == 1 and raw[0] and "xoxb-installed-token" not in raw[0]  # encrypted at rest

        event = dm_event("lesson", user="W777", channel="D777")
        event.update(team_id="T999", enterprise_id=None)
        event["authorizations"] = [
            {
                "enterprise_id": None,
                "team_id": "T999",
                "user_id": "UBOT2",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ]
        await slack.event(event)
        posts = slack.fake.posts("D777")
        assert posts and all(p.token == "xoxb-installed-token" for p in posts)

        person = slack.incoming[-1].address
        await slack.channel.send(person, [Reply("A nudge")])
        assert slack.fake.posts("D777")[-1].token == "xoxb-installed-token"

        uninstalled = {
            **dm_event("x"),
            "team_id": "T999",
            "enterprise_id": None,
            "event": {"type": "app_uninstalled", "event_ts": "1.2"},
            "authorizations": event["authorizations"],
        }
        assert (await slack.event(uninstalled))[0] == 200
        for _ in range(100):  # Bolt's own uninstall listener runs after its ack
            if not await stored_bot_tokens(store):
                break
            await asyncio.sleep(0.02)
        with pytest.raises(Undeliverable, match="app_uninstalled"):
            await slack.channel.send(person, [Reply("Another nudge")])


def test_oauth_without_a_token_key_or_state_secret_refuses_to_start(tmp_path: Path) -> None:
    from bot.app.compose import slack_channel as create_channel  # as `serve` builds it
    from bot.domain.config import Config

    async def handle(_incoming):  # pragma: no cover - never called
        return []

    base = {
        "database_url": f"sqlite:///{tmp_path / 'k.db'}",
        "slack_signing_secret": SIGNING_SECRET,
        **oauth_settings(),
    }
    with pytest.raises(ConfigError, match="KINSHIP_TOKEN_KEY"):
        create_channel(Config(**{**base, "token_key": ""}), handle)
    with pytest.raises(ConfigError, match="KINSHIP_TOKEN_KEY"):
        create_channel(Config(**{**base, "token_key": "not-a-key"}), handle)
    with pytest.raises(ConfigError, match="SLACK_STATE_SECRET"):
        create_channel(Config(**{**base, "slack_state_secret": ""}), handle)


async def test_serve_starts_the_slack_adapter_from_the_environment_and_answers_a_dm(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}",
        "KINSHIP_WORKER": "off",
        "SLACK_BOT_TOKEN": "xoxb-serve",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.url,
    }
    for name in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        env.pop(name, None)
    proc = await spawn_kinship("serve", "--port", str(port), env=env, stderr=asyncio.subprocess.PIPE)
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_up(http, port)
            body = json.dumps(dm_event("lesson"))
            headers = {"Content-Type": "application/json", **sign(body)}
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as response:
                assert response.status == 200
        posts = await fake.wait_for("chat.postMessage", count=2)
        assert posts[-1].token == "xoxb-serve" and "Try this today" in texts(posts[-1])
    finally:
        proc.send_signal(signal.SIGTERM)
        _, log = await asyncio.wait_for(proc.communicate(), 15)
        await fake.close()
    assert proc.returncode == 0
    assert "adapter slack started: single-workspace token" in log.decode()
    assert "Traceback" not in log.decode() and "xoxb-serve" not in log.decode()
