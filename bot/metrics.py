"""Prometheus metrics for ``GET /metrics``: turns, turn latency, nudges, the delivery queue and release lag.

Only the server path imports this module (it loads ``prometheus_client``); the console never does. Each web
app gets its own :class:`Metrics` with its own registry, so tests can build several apps in one process.

The queue's pending count read at scrape time shows a stopped worker; the release-lag histogram (sent time
minus due time, recorded by the worker) shows a slow one.

Label values are a small fixed set (platform name, outcome): never a user, team, tenant or conversation id.
Recording a turn or a nudge is a dictionary look-up and a few increments (no query, no await); the queue
figures are read from the database only when Prometheus scrapes.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.store import Store

PLATFORMS = ("console", "slack", "teams")
TURN_OUTCOMES = ("answered", "silent", "database_unavailable", "failed")
NUDGE_RESULTS = ("sent", "skipped", "failed", "unreachable", "rate_limited", "retried")
QUEUE_STATUSES = ("pending", "sending", "sent", "skipped", "failed")
OTHER = "other"
TURN_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
LAG_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


def _platform(name: str) -> str:
    return name if name in PLATFORMS else OTHER


class Metrics:
    """One registry and the Kinship metrics in it. ``turn`` and ``nudge`` are the hooks the bot and the worker
    call; :meth:`render` reads the queue from the store and returns the Prometheus text."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        turns = Counter("kinship_turns", "Turns handled, by outcome", ["platform", "outcome"], registry=r)
        latency = Histogram(
            "kinship_turn_seconds", "Time to answer one turn", ["platform"], buckets=TURN_BUCKETS, registry=r
        )
        nudges = Counter("kinship_nudges", "Nudge deliveries attempted, by result", ["platform", "result"], registry=r)
        lag = Histogram(
            "kinship_nudge_release_lag_seconds",
            "How late a nudge went out: sent time minus due time (a retry sets a new due time)",
            ["platform"],
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.queue = Gauge("kinship_delivery_queue", "Deliveries in the queue, by status", ["status"], registry=r)
        every = (*PLATFORMS, OTHER)
        # children bound once, so the hot path is one dict look-up per call (and every series shows from 0)
        self._turns = {(p, o): turns.labels(p, o) for p in every for o in TURN_OUTCOMES}
        self._latency = {p: latency.labels(p) for p in every}
        self._nudges = {(p, k): nudges.labels(p, k) for p in every for k in NUDGE_RESULTS}
        self._lag = {p: lag.labels(p) for p in every}
        for status in QUEUE_STATUSES:
            self.queue.labels(status)

    def turn(self, platform: str, outcome: str, seconds: float) -> None:
        platform = _platform(platform)
        self._turns[platform, outcome if outcome in TURN_OUTCOMES else "failed"].inc()
        self._latency[platform].observe(seconds)

    def nudge(self, platform: str, result: str, lag_seconds: float | None = None) -> None:
        platform = _platform(platform)
        self._nudges[platform, result if result in NUDGE_RESULTS else "failed"].inc()
        if lag_seconds is not None:
            self._lag[platform].observe(max(lag_seconds, 0.0))

    def registry_text(self) -> str:
        """The exposition as it stands, without reading the queue (for logs and tests)."""
        return generate_latest(self.registry).decode()

    async def render(self, store: Store) -> tuple[bytes, str]:
        """The exposition text (and its content type), with the queue counts read now."""
        counts = await store.run(lambda tx: tx.delivery_counts())
        for status in {*QUEUE_STATUSES, *counts}:
            self.queue.labels(status).set(counts.get(status, 0))
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
