"""Running the processes: ``serve`` (the web app, the adapters and the in-process worker), ``worker`` and the
console; and stopping them on SIGTERM or SIGINT, within ``SHUTDOWN_SECONDS`` whatever a platform does.

Adapters and aiohttp are imported inside the functions only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.app.compose import Runtime, adapter_plan, build_runtime, build_worker, check_config, platform_channels
from bot.app.memory import settle as settle_memory
from bot.app.web import DRAIN_SECONDS, access_log_class, make_web_app, serve_metrics
from bot.domain.config import Config, ConfigError
from bot.domain.types import Clock, system_clock

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 8.0  # SIGTERM to exit, all steps together (platforms give 10 s before SIGKILL)


async def run_worker(config: Config, *, once: bool, now: Any = None) -> int:
    """``python -m bot worker``: one pass (``--once``) or until SIGTERM (then see :func:`_stop_worker`)."""
    import asyncio

    check_config(config)  # every bad setting at once, before anything starts
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
            runner = await serve_metrics(runtime, config.metrics_port)
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


async def run_console(config: Config, user: str, clock: Clock = system_clock) -> int:
    from adapters.console import ConsoleChannel  # lazy: keeps start-up fast and the core SDK-free

    runtime = await build_runtime(config, clock)
    dashboard = None
    try:
        dashboard = await _console_dashboard(config, runtime, user)
        channel = ConsoleChannel(runtime.bot.handle, user=user)
        await channel.start()
    finally:
        if dashboard is not None:
            await dashboard.cleanup()
        await runtime.close()
    return 0


async def _console_dashboard(config: Config, runtime: Runtime, user: str) -> Any:
    """For a lead trying Kinship in the console, the lead dashboard on this machine only (127.0.0.1), so the
    link ``dashboard`` gives opens; nothing is started for anyone else, or when the port is taken (say, by a
    ``serve`` on the same database, which then answers the link)."""
    from bot.domain.types import Address

    if not runtime.bot.world.org.units_led_by(Address("console", "local", user, f"console:{user}")):
        return None
    if config.public_url:
        return None  # links point elsewhere: whatever serves them is not us
    from aiohttp import web

    from bot.web.routes import mount as mount_dashboard

    app = make_web_app(runtime)
    mount_dashboard(app, runtime)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", config.port).start()
    except OSError:
        await runner.cleanup()
        return None
    return runner


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

    check_config(config)  # every bad setting at once, before anything starts or is announced
    runtime = await build_runtime(config)
    app = make_web_app(runtime)
    from bot.web.routes import mount as mount_dashboard  # the lead dashboard: serve only, never the console

    mount_dashboard(app, runtime)
    try:
        platforms = platform_channels(config, runtime)
    except ConfigError:
        await runtime.close()
        raise
    for channel in platforms.values():
        channel.mount(app)
        await channel.start()
    for name, starts, why in adapter_plan(config):  # said once it is so
        log.info("adapter %s %s: %s", name, "started" if starts else "not started", why)
    worker = build_worker(config, runtime, platforms=platforms)
    worker.observe = runtime.metrics.nudge
    worker_task = None
    if not config.worker_in_process:
        log.info("nudge worker not started here: KINSHIP_WORKER=off")
    elif not worker.channels:
        log.info("nudge worker not started: no channel can send nudges")
    else:
        worker_task = asyncio.create_task(worker.run_forever())
    runner = web.AppRunner(app, shutdown_timeout=DRAIN_SECONDS, access_log_class=access_log_class())
    await runner.setup()
    site = web.TCPSite(runner, config.host, port)
    await site.start()
    log.info("serving on port %d at %s", port, config.host)
    settle_memory()  # everything start-up made is kept for good: out of the collector's sight (bot.app.memory)
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
