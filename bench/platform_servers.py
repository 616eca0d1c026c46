"""Servers for the inbound platform benchmarks, each run in its own process by ``bench/platforms.py``.

``python -m bench.platform_servers KIND`` starts one of:

- ``teams-kinship``: Kinship's own web app with the Teams adapter (anonymous, as in local testing) on a
  fresh SQLite database, answering through a fake Bot Connector that runs in the same process;
- ``teams-echo``: the anchor, a bare Microsoft 365 Agents SDK echo agent hosted the documented way
  (``jwt_authorization_middleware`` + ``CloudAdapter.process``), answering through the same fake connector;
- ``slack-kinship``: Kinship's web app with the Slack adapter (token mode) talking to a fake Slack Web API in
  the same process;
- ``slack-bolt``: the anchor, a bare Bolt ``AsyncApp`` on the same aiohttp adapter that only acks;
- ``slack-bolt-answer``: the least an app that answers does: that Bolt app, acking and then posting one fixed
  message with ``chat.postMessage`` through a shared session, to the same fake Slack Web API as Kinship (the
  anchor for Kinship's Slack throughput goal, ≥ 0.8× of it).

It prints ``READY <port> <serviceUrl>`` when it is listening, then serves until killed. ``fake-slack`` adds a
third word, the URL of a ``GET`` that answers how many ``chat.postMessage`` calls the fake has had.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from typing import Any

from aiohttp import web


async def _listen(app: web.Application) -> int:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def _teams_kinship() -> web.Application:
    from bot.app.compose import Runtime, load_world
    from bot.app.compose import teams_channel as create_channel  # as `serve` builds it
    from bot.app.web import make_web_app
    from bot.domain.config import Config, load_config
    from bot.store import Store
    from bot.turns.handler import Bot

    store = await Store.open(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    config = Config(teams_allow_anonymous=True)
    bot = Bot(store, load_world(load_config()))
    app = make_web_app(Runtime(config, store, bot))
    channel = create_channel(config, bot.handle, delivered=bot.delivered)  # as `serve` wires it
    channel.mount(app)
    await channel.start()
    return app


async def _teams_echo() -> web.Application:
    from microsoft_agents.authentication.msal import MsalConnectionManager
    from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware
    from microsoft_agents.hosting.core import ActivityHandler, TurnContext
    from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration

    class Echo(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(f"You said: {turn_context.activity.text}")

    auth = AgentAuthConfiguration(anonymous_allowed=True)
    adapter = CloudAdapter(
        connection_manager=MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": auth})
    )
    agent = Echo()

    async def messages(request: web.Request) -> Any:
        return await adapter.process(request, agent)

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = auth
    app.router.add_post("/api/messages", messages)
    return app


async def _slack_kinship(api_url: str) -> web.Application:
    from bot.app.compose import Runtime, load_world
    from bot.app.compose import slack_channel as create_channel  # as `serve` builds it
    from bot.app.web import make_web_app
    from bot.domain.config import Config, load_config
    from bot.store import Store
    from bot.turns.handler import Bot
    from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET

    store = await Store.open(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    config = Config(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=api_url)
    bot = Bot(store, load_world(load_config()))
    app = make_web_app(Runtime(config, store, bot))
    channel = create_channel(config, bot.handle, delivered=bot.delivered)  # as `serve` wires it
    channel.mount(app)
    await channel.start()
    return app


async def _slack_bolt(api_url: str, answer: bool = False) -> web.Application:
    from aiohttp import ClientSession
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET

    client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    bolt = AsyncApp(
        signing_secret=SIGNING_SECRET,
        client=client,
        process_before_response=True,  # as Kinship's own app: the anchor differs only in doing nothing
    )

    posting: set[asyncio.Task[Any]] = set()

    def answer_in(channel: str) -> None:
        """Post after the ack, as Kinship does (with ``process_before_response`` the ack waits for the listener)."""
        if client.session is None:
            client.session = ClientSession()
        task = asyncio.ensure_future(client.chat_postMessage(channel=channel, text="Thanks, here is your answer."))
        posting.add(task)
        task.add_done_callback(posting.discard)

    @bolt.command("/kinship")
    async def command(ack: Any, command: dict[str, Any]) -> None:
        await ack()
        if answer:
            answer_in(command["channel_id"])

    @bolt.event("message")
    async def message(ack: Any, event: dict[str, Any]) -> None:
        await ack()
        if answer:
            answer_in(event["channel"])

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", events)
    return app


def _post_counter(fake: Any) -> web.Application:
    """``GET /posts``: how many ``chat.postMessage`` calls the fake Slack has had, so the load generator can
    check that every request was answered (and time until the last answer is posted)."""

    async def posts(request: web.Request) -> web.Response:
        return web.Response(text=str(len(fake.calls_to("chat.postMessage"))))

    app = web.Application()
    app.router.add_get("/posts", posts)
    return app


async def main(kind: str, target: str = "") -> None:
    """Start one server (``target`` is its fake platform's URL) or, for ``fake-slack`` / ``fake-teams``, the
    fake platform itself, in a process of its own so it does not share this server's event loop."""
    if kind == "fake-teams":
        from tests.teams_fake import FakeConnector

        connector = await FakeConnector().start()
        print(f"READY {connector.port} {connector.service_url}", flush=True)
    elif kind == "fake-slack":
        from tests.slack_fake import FakeSlack

        fake = await FakeSlack().start()
        counter = await _listen(_post_counter(fake))
        print(f"READY {fake.port} {fake.url} http://127.0.0.1:{counter}/posts", flush=True)
    else:
        servers = {"teams-kinship": _teams_kinship, "teams-echo": _teams_echo}
        if kind in servers:
            app = await servers[kind]()
        else:
            slack = {
                "slack-kinship": _slack_kinship,
                "slack-bolt": _slack_bolt,
                "slack-bolt-answer": lambda url: _slack_bolt(url, answer=True),
            }
            app = await slack[kind](target)
        port = await _listen(app)
        if kind in ("teams-kinship", "slack-kinship"):
            from bot.app.memory import settle

            settle()  # as `serve` does once it is listening
        print(f"READY {port} {target}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(*sys.argv[1:3]))
