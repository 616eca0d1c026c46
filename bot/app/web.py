"""The shared aiohttp application: health, readiness and metrics, request ids, body limits, the access log.

The adapters mount their routes on it (``channel.mount``). aiohttp is imported inside the functions only, so
importing this module loads no web server.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.app.compose import Runtime

log = logging.getLogger(__name__)

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
    runtime.bot.lookups.observe = metrics.lookup

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


def access_log_class() -> Any:
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
        if length is not None:  # declared and within the limit: aiohttp reads no more than it declares
            return await handler(request)
        return await handler(request.clone(client_max_size=limit))

    return middleware


async def serve_metrics(runtime: Runtime, port: int) -> Any:
    """The worker's own ``/metrics`` (and ``/healthz``, ``/readyz``) on ``KINSHIP_METRICS_PORT``."""
    from aiohttp import web

    runner = web.AppRunner(make_web_app(runtime), shutdown_timeout=DRAIN_SECONDS, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, runtime.config.host, port).start()
    log.info("worker metrics on port %d at %s", port, runtime.config.host)
    return runner
