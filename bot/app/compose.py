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

from bot.dialogue import World
from bot.domain.config import Config, ConfigError
from bot.domain.content import load_content
from bot.domain.org import load_organisation
from bot.domain.reporters import ReporterHasher
from bot.domain.types import Clock, system_clock
from bot.store import Store
from bot.turns.handler import Bot

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    config: Config
    store: Store
    bot: Bot
    metrics: Any = None  # bot.app.metrics.Metrics once a web app is made (the console never loads it)

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

    from bot.outbound.pacing import DEFAULT_RATES, Pacer
    from bot.outbound.retention import RetentionPolicy
    from bot.outbound.worker import Worker

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
    """``python -m bot worker``: one pass (``--once``) or until SIGTERM (then see :func:`_stop_worker`)."""
    import asyncio

    runtime = await build_runtime(config)
    try:
        platforms = platform_channels(config, runtime)
    except ConfigError:
        await runtime.close()
        raise
    for channel in platforms.values():
        await channel.start()
    worker = build_worker(config, runtime, platforms=platforms)
    running = runner = None
    try:
        if not worker.channels:
            log.error("no channel can send nudges: configure Slack or Teams, or set KINSHIP_OUTBOX to a file")
            return 2
        if once:
            result = await worker.run_once(now)
            print(" ".join(f"{name}={value}" for name, value in vars(result).items()))
            return 0
        stop = _stop_on_signals()
        if config.metrics_port:
            runner = await _serve_metrics(runtime, config.metrics_port)
            worker.observe = runtime.metrics.nudge
        running = asyncio.create_task(worker.run_forever())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if running.done():
            running.result()  # the worker ended by itself: say why
        return 0
    finally:
        channels = list({id(c): c for c in worker.channels.values()}.values())
        await _shut_down(runner, worker, running, channels, runtime)


async def _serve_metrics(runtime: Runtime, port: int) -> Any:
    """The worker's own ``/metrics`` (and ``/healthz``, ``/readyz``) on ``KINSHIP_METRICS_PORT``."""
    from aiohttp import web

    runner = web.AppRunner(make_web_app(runtime), shutdown_timeout=DRAIN_SECONDS, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()
    log.info("worker metrics on port %d", port)
    return runner


async def run_console(config: Config, user: str, clock: Clock = system_clock) -> int:
    from adapters.console import ConsoleChannel  # lazy: keeps start-up fast and the core SDK-free

    runtime = await build_runtime(config, clock)
    try:
        channel = ConsoleChannel(runtime.bot.handle, user=user, clock=clock)
        await channel.start()
    finally:
        await runtime.close()
    return 0


SHUTDOWN_SECONDS = 8.0  # SIGTERM to exit, all steps together (platforms give 10 s before SIGKILL)
DRAIN_SECONDS = 3.0  # how long in-flight requests, turns and the nudge being sent may run on after SIGTERM


def make_web_app(runtime: Runtime) -> Any:
    """The shared aiohttp application: health, readiness and metrics; the adapters mount their routes here.

    Every request gets an id (:mod:`bot.domain.logs`), its body is capped per route (:data:`BODY_LIMITS`, else
    413), and turns and nudges are counted for ``GET /metrics`` (this sets ``runtime.bot.observe``).
    """
    from aiohttp import web

    from bot.app.metrics import Metrics
    from bot.store.engine import HEAD_REVISION, current_revision

    metrics = runtime.metrics = Metrics()
    runtime.bot.observe = metrics.turn

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

    async def metrics_text(_request: web.Request) -> web.Response:
        try:
            body, content_type = await metrics.render(runtime.store, runtime.bot.clock())
        except Exception as exc:  # the database is down: say so, as /readyz does
            log.warning("metrics: database unreachable (%s)", type(exc).__name__)
            return web.json_response({"status": "database unreachable"}, status=503)
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application(client_max_size=MAX_BODY, middlewares=[_request_id_middleware(), _body_limit_middleware()])
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_text)
    return app


MAX_BODY = 1024 * 1024  # any route without a limit of its own
# Slack's largest payloads (a modal's state, a long message with its rich-text copy) and a Teams activity with a
# long message are tens of kilobytes; a quarter of a megabyte leaves room and refuses anything silly.
BODY_LIMITS = {"/slack/events": 256 * 1024, "/api/messages": 256 * 1024}


def _access_log_class() -> Any:
    """One line per request: method, path without its query (OAuth codes and states travel there), status,
    milliseconds. The caller's address and user agent are left out."""
    from aiohttp.abc import AbstractAccessLogger

    class AccessLog(AbstractAccessLogger):
        def log(self, request: Any, response: Any, time: float) -> None:
            self.logger.info("%s %s %d %.1fms", request.method, request.path, response.status, time * 1000)

    return AccessLog


def _request_id_middleware() -> Any:
    """Give each request an id (the caller's ``X-Request-Id`` if safe), for every log line it causes and for the
    response header; and turn an unexpected exception into a logged 500 rather than aiohttp's own page."""
    from aiohttp import web

    from bot.domain.logs import REQUEST_ID, request_id

    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        rid = request_id(request.headers.get("X-Request-Id"))
        REQUEST_ID.set(rid)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            exc.headers["X-Request-Id"] = rid
            raise
        except ConnectionResetError:  # the client went away mid-body: nobody is left to answer
            log.info("request abandoned: the client closed the connection")
            response = web.json_response({"error": "incomplete request"}, status=400)
        except Exception as exc:
            log.error("request failed (%s)", type(exc).__name__, exc_info=True)
            response = web.json_response({"error": "internal error"}, status=500)
        response.headers["X-Request-Id"] = rid
        return response

    return middleware


def _body_limit_middleware() -> Any:
    """413 for a body over the route's limit: at once from ``Content-Length``; for a chunked body, when the
    handler reads past the limit (the request is re-made with that ``client_max_size``, so aiohttp never
    buffers more)."""
    from aiohttp import web

    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        limit = BODY_LIMITS.get(request.path)
        if limit is None:
            return await handler(request)
        length = request.content_length
        if length is not None and length > limit:
            return web.json_response({"error": "request body too large"}, status=413)
        return await handler(request.clone(client_max_size=limit))

    return middleware


def _stop_on_signals() -> Any:
    """An event set by SIGTERM or SIGINT."""
    import asyncio
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _shut_down(runner: Any, worker: Any, worker_task: Any, channels: list[Any], runtime: Runtime) -> None:
    """The SIGTERM sequence, within ``SHUTDOWN_SECONDS`` whatever a platform does:

    1. at once and together, for at most ``DRAIN_SECONDS``: stop accepting connections and let requests in
       flight finish (``runner``); let turns already acknowledged finish their replies (each channel's
       ``drain``); let the worker finish the nudge it is sending. Whatever is still running then (a platform
       that hangs) is cancelled;
    2. hand back the worker's leases, so another worker sends those nudges at once rather than after the lease;
    3. stop the channels and close the store.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + SHUTDOWN_SECONDS
    if worker_task is not None:
        worker.stop()
    waiting = [asyncio.ensure_future(runner.cleanup())] if runner is not None else []
    drains = [asyncio.ensure_future(c.drain()) for c in channels if callable(getattr(c, "drain", None))]
    sending = [worker_task] if worker_task is not None else []
    running = [*waiting, *drains, *sending]
    _done, late = await asyncio.wait(running, timeout=DRAIN_SECONDS) if running else (set(), set())
    for task in late:
        if task in drains or task in sending:
            task.cancel()  # a reply or a nudge stuck on the platform: given up (a nudge is retried later)
    if late:
        log.warning("stopping: %d task(s) still running after %g s were cancelled", len(late), DRAIN_SECONDS)
        await asyncio.wait(late, timeout=max(min(1.0, deadline - loop.time() - 3), 0.1))
    if worker_task is not None:
        if worker_task.done() and not worker_task.cancelled() and worker_task.exception() is not None:
            log.error("stopping: the nudge worker had stopped on an error (%s)", type(worker_task.exception()).__name__)
        await _release_leases(worker, max(min(1.5, deadline - loop.time() - 2), 0.1))
    if channels:
        stops = [asyncio.ensure_future(c.stop()) for c in channels]
        _done, late = await asyncio.wait(stops, timeout=max(min(2.0, deadline - loop.time() - 1), 0.1))
        if late:
            log.warning("stopping: %d channel(s) did not stop in time", len(late))
    try:
        await asyncio.wait_for(runtime.close(), max(deadline - loop.time(), 0.1))
    except TimeoutError:
        log.warning("stopping: the database did not close in time")


async def _release_leases(worker: Any, within: float) -> None:
    """The worker releases its leases when it stops; this makes sure of it even if it was cancelled mid-way."""
    import asyncio

    try:
        released = await asyncio.wait_for(worker.store.run(lambda tx: tx.release_leases(worker.owner)), within)
    except Exception as exc:  # the database is gone: the leases run out on their own
        log.warning("stopping: could not release leases (%s); they expire by themselves", type(exc).__name__)
    else:
        log.info("stopping: leases handed back (%d were still held)", released)


async def run_server(config: Config, port: int, ready: Callable[[], Awaitable[None]] | None = None) -> int:
    """``python -m bot serve``. On SIGTERM: stop accepting, let in-flight requests and turns finish (bounded),
    stop the in-process worker and release its leases, close everything: exit 0 within ``SHUTDOWN_SECONDS``."""
    import asyncio

    from aiohttp import web

    from bot.domain.logs import REQUEST_ID

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
    worker.observe = runtime.metrics.nudge
    worker_task = None
    if not config.worker_in_process:
        log.info("nudge worker not started here: KINSHIP_WORKER=off")
    elif not worker.channels:
        log.info("nudge worker not started: no channel can send nudges")
    else:
        worker_task = asyncio.create_task(worker.run_forever())
    runner = web.AppRunner(app, shutdown_timeout=DRAIN_SECONDS, access_log_class=_access_log_class())
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", port)
    await site.start()
    log.info("serving on port %d", port)
    stop = _stop_on_signals()
    if ready is not None:
        await ready()
    try:
        await stop.wait()
    finally:
        REQUEST_ID.set("")
        log.info("stopping: no new requests; finishing those in flight")
        await _shut_down(runner, worker, worker_task, list(platforms.values()), runtime)
        log.info("stopped")
    return 0
