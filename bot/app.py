"""Composition root: builds the bot from configuration and decides which adapters run.

This module and ``bot/__main__.py`` are the only parts of ``bot/`` that may import ``adapters/``, and they
do it lazily, so the console never loads a platform SDK.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.config import Config, ConfigError
from bot.content import load_content
from bot.dialogue import World
from bot.handler import Bot, Clock, system_clock
from bot.org import load_organisation
from bot.reporters import ReporterHasher
from bot.store import Store

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    config: Config
    store: Store
    bot: Bot

    async def close(self) -> None:
        await self.store.close()


def load_world(config: Config) -> World:
    """Content and organisation, validated; raises ContentError with file:line on any problem."""
    return World.build(load_content(config.content_dir), load_organisation(config.org_file))


async def build_runtime(config: Config, clock: Clock = system_clock) -> Runtime:
    world = load_world(config)  # content first: a broken file should stop us before touching the database
    store = await Store.open(config.database_url)
    reporters = ReporterHasher(config.flag_key)
    hold = timedelta(seconds=config.lease_seconds)  # an adapter's time to post replies, like a worker's lease
    bot = Bot(store, world, clock, reporters=reporters, flags_per_day=config.flags_per_day, hold=hold)
    return Runtime(config, store, bot)


def warn_about_ephemeral_flag_key(config: Config) -> None:
    if not config.flag_key:
        log.warning(
            "KINSHIP_FLAG_KEY is not set: a random key is used, so flag rate limits reset when this process "
            "restarts and are not shared between processes"
        )


def adapter_plan(config: Config) -> list[tuple[str, bool, str]]:
    """(platform, starts?, why) for each platform adapter, for the start-up log."""
    plan = []
    if config.slack_signing_secret and (
        config.slack_bot_token or (config.slack_client_id and config.slack_client_secret)
    ):
        mode = "OAuth install flow" if config.slack_client_id else "single-workspace token"
        plan.append(("slack", True, f"{mode}, Socket Mode" if config.slack_app_token else mode))
    else:
        plan.append(("slack", False, "SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (or SLACK_CLIENT_ID/SECRET) not set"))
    if config.teams_app_id and config.teams_allow_anonymous:
        raise ConfigError(
            "TEAMS_ALLOW_ANONYMOUS=true is for local testing only and is refused when a Teams app id is set"
        )
    if config.teams_app_id and not config.teams_app_password:
        raise ConfigError("a Teams app id is set without its client secret (MicrosoftAppPassword)")
    if config.teams_app_id:
        plan.append(("teams", True, "app credentials"))
    elif config.teams_allow_anonymous:
        plan.append(("teams", True, "TEAMS_ALLOW_ANONYMOUS=true: unauthenticated, local testing only"))
    else:
        plan.append(("teams", False, "no Teams app id is set and TEAMS_ALLOW_ANONYMOUS is not true"))
    return plan


def platform_channels(config: Config, runtime: Runtime) -> dict[str, Any]:
    """The platform adapters whose configuration is present, by platform. Each adapter package exposes
    ``create_channel(config, handle) -> Channel``; it is imported only here, and only when configured."""
    channels: dict[str, Any] = {}
    for platform, starts, _why in adapter_plan(config):
        if not starts:
            continue
        if platform == "slack":
            from adapters.slack import create_channel as create_slack

            channels["slack"] = create_slack(
                config, runtime.bot.handle, home=runtime.bot.home, delivered=runtime.bot.delivered
            )
        elif platform == "teams":
            from adapters.teams import create_channel as create_teams

            channels["teams"] = create_teams(config, runtime.bot.handle, delivered=runtime.bot.delivered)
    return channels


NUDGE_PLATFORMS = ("console", "slack", "teams")


def sending_channels(config: Config, platforms: dict[str, Any] | None = None) -> dict[str, Any]:
    """The channel that delivers nudges for each platform (empty when nothing can send): the platform's
    own adapter where it runs, else the outbox file when ``KINSHIP_OUTBOX`` is set."""
    channels: dict[str, Any] = dict(platforms or {})
    if config.outbox_path is not None:
        from adapters.outbox import OutboxChannel  # lazy, like every adapter

        outbox = OutboxChannel(config.outbox_path)
        for platform in NUDGE_PLATFORMS:
            channels.setdefault(platform, outbox)
    return channels


def build_worker(
    config: Config, runtime: Runtime, clock: Clock = system_clock, platforms: dict[str, Any] | None = None
) -> Any:
    from datetime import timedelta

    from bot.pacing import DEFAULT_RATES, Pacer
    from bot.retention import RetentionPolicy
    from bot.worker import Worker

    warn_about_ephemeral_flag_key(config)
    worker = Worker(
        runtime.store,
        runtime.bot.world,
        sending_channels(config, platforms),
        clock=clock,
        pacer=Pacer({**DEFAULT_RATES, **config.pace}),
        lease=timedelta(seconds=config.lease_seconds),
        checkin_after=config.checkin_after,
        retention=RetentionPolicy(config.flag_retention_days, config.left_grace_days, runtime.bot.world.org.timezone),
    )
    runtime.bot.on_message_to_relay = worker.wake  # a reply written in this process is passed on at once
    return worker


async def run_worker(config: Config, *, once: bool, now: Any = None) -> int:
    """``python -m bot worker``: one pass (``--once``) or until SIGTERM."""
    import asyncio
    import signal

    runtime = await build_runtime(config)
    try:
        platforms = platform_channels(config, runtime)
    except ConfigError:
        await runtime.close()
        raise
    for channel in platforms.values():
        await channel.start()
    worker = build_worker(config, runtime, platforms=platforms)
    try:
        if not worker.channels:
            log.error("no channel can send nudges: configure Slack or Teams, or set KINSHIP_OUTBOX to a file")
            return 2
        if once:
            result = await worker.run_once(now)
            print(" ".join(f"{name}={value}" for name, value in vars(result).items()))
            return 0
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, worker.stop)
        await worker.run_forever()
        return 0
    finally:
        for channel in {id(c): c for c in worker.channels.values()}.values():
            await channel.stop()
        await runtime.close()


async def run_console(config: Config, user: str, clock: Clock = system_clock) -> int:
    from adapters.console import ConsoleChannel  # lazy: keeps start-up fast and the core SDK-free

    runtime = await build_runtime(config, clock)
    try:
        channel = ConsoleChannel(runtime.bot.handle, user=user, clock=clock)
        await channel.start()
    finally:
        await runtime.close()
    return 0


def make_web_app(runtime: Runtime) -> Any:
    """The shared aiohttp application: health endpoints now; adapters mount their routes here."""
    from aiohttp import web

    from bot.store.engine import HEAD_REVISION, current_revision

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_request: web.Request) -> web.Response:
        try:
            revision = await runtime.store.run_on_connection(current_revision)
        except Exception as exc:  # any failure here means "not ready", and the reason is what matters
            log.warning("readyz: database unreachable (%s)", type(exc).__name__)
            return web.json_response({"status": "database unreachable"}, status=503)
        if revision != HEAD_REVISION:
            return web.json_response({"status": "migrations pending"}, status=503)
        return web.json_response({"status": "ready"})

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app


async def run_server(config: Config, port: int, ready: Callable[[], Awaitable[None]] | None = None) -> int:
    import asyncio
    import signal

    from aiohttp import web

    runtime = await build_runtime(config)
    app = make_web_app(runtime)
    try:
        for name, starts, why in adapter_plan(config):
            log.info("adapter %s %s: %s", name, "started" if starts else "not started", why)
        platforms = platform_channels(config, runtime)
    except ConfigError:
        await runtime.close()
        raise
    for channel in platforms.values():
        channel.mount(app)
        await channel.start()
    worker = build_worker(config, runtime, platforms=platforms)
    worker_task = None
    if not config.worker_in_process:
        log.info("nudge worker not started here: KINSHIP_WORKER=off")
    elif not worker.channels:
        log.info("nudge worker not started: no channel can send nudges")
    else:
        worker_task = asyncio.create_task(worker.run_forever())
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", port)
    await site.start()
    log.info("serving on port %d", port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if ready is not None:
        await ready()
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        if worker_task is not None:
            worker.stop()
            await asyncio.wait_for(worker_task, timeout=8)
        for channel in platforms.values():
            await channel.stop()
        await runtime.close()
    return 0
