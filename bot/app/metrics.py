"""Prometheus metrics for ``GET /metrics``: turns, turn latency, nudges, the delivery queue and release lag.

Only the server path imports this module (it loads ``prometheus_client``); the console never does. Each web
app gets its own :class:`Metrics` with its own registry, so tests can build several apps in one process.

Read at scrape time: the queue by status, how long the oldest due nudge has waited (it grows while no worker
sends: alert on it), and the turns whose replies have not reached their platform yet (a platform refusing
posts, or no worker redelivering). The release-lag histogram (sent time minus due time, recorded by the
worker) shows a slow worker.

Label values are a small fixed set (platform name, outcome): never a user, team, tenant or conversation id.

The hot path is plain Python: recording a turn is two dictionary look-ups, a ``bisect`` and three additions
(about a quarter of what ``prometheus_client``'s own ``Counter.inc`` + ``Histogram.observe`` cost, which take a
lock each). No lock is needed because every recording and every scrape runs on the event loop's thread
(the SQLite worker thread only runs transaction bodies). ``prometheus_client`` formats the figures when
Prometheus scrapes, through :class:`_Collector`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.store import Store

PLATFORMS = ("console", "slack", "teams")
TURN_OUTCOMES = ("answered", "silent", "database_unavailable", "failed")
NUDGE_RESULTS = ("sent", "skipped", "failed", "unreachable", "rate_limited", "retried")
QUEUE_STATUSES = ("pending", "sending", "sent", "skipped", "failed")
LOOKUP_RESULTS = ("failed", "refused")  # case codes that matched no flag; look-ups refused by the limit
OTHER = "other"
TURN_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
LAG_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)
_EVERY_PLATFORM = (*PLATFORMS, OTHER)


def _platform(name: str) -> str:
    return name if name in PLATFORMS else OTHER


class _Histogram:
    """One histogram series: a count per bucket (not yet cumulative), and the sum."""

    __slots__ = ("bounds", "counts", "total")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)  # the last one is +Inf
        self.total = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.bounds, value)] += 1  # the first bucket whose bound is >= value
        self.total += value

    def cumulative(self) -> list[tuple[str, float]]:
        running = 0
        out: list[tuple[str, float]] = []
        for bound, count in zip((*map(repr, self.bounds), "+Inf"), self.counts, strict=True):
            running += count
            out.append((bound, running))
        return out


class Metrics:
    """The Kinship figures, and a registry that exposes them. ``turn`` and ``nudge`` are the hooks the bot and
    the worker call; :meth:`render` reads the queue from the store and returns the Prometheus text."""

    def __init__(self) -> None:
        self.turns = {(p, o): 0 for p in _EVERY_PLATFORM for o in TURN_OUTCOMES}
        self.turn_seconds = {p: _Histogram(TURN_BUCKETS) for p in _EVERY_PLATFORM}
        self.nudges = {(p, r): 0 for p in _EVERY_PLATFORM for r in NUDGE_RESULTS}
        self.release_lag = {p: _Histogram(LAG_BUCKETS) for p in _EVERY_PLATFORM}
        self.lookups = dict.fromkeys(LOOKUP_RESULTS, 0)
        self.registry = CollectorRegistry()
        self.registry.register(_Collector(self))
        self.queue = Gauge(
            "kinship_delivery_queue", "Deliveries in the queue, by status", ["status"], registry=self.registry
        )
        for status in QUEUE_STATUSES:
            self.queue.labels(status)
        self.oldest_due = Gauge(
            "kinship_delivery_oldest_due_seconds",
            "How long the oldest pending nudge has been due (0 when none is): grows while no worker sends",
            registry=self.registry,
        )
        self.owed = Gauge(
            "kinship_replies_owed",
            "Turns whose replies have not reached their platform yet (sent again by the worker)",
            registry=self.registry,
        )
        self.oldest_owed = Gauge(
            "kinship_replies_owed_oldest_seconds",
            "Age of the oldest turn still owing replies (0 when none is)",
            registry=self.registry,
        )

    def turn(self, platform: str, outcome: str, seconds: float) -> None:
        platform = _platform(platform)
        key = (platform, outcome if outcome in TURN_OUTCOMES else "failed")
        self.turns[key] += 1
        self.turn_seconds[platform].observe(seconds)

    def nudge(self, platform: str, result: str, lag_seconds: float | None = None) -> None:
        platform = _platform(platform)
        self.nudges[platform, result if result in NUDGE_RESULTS else "failed"] += 1
        if lag_seconds is not None:
            self.release_lag[platform].observe(max(lag_seconds, 0.0))

    def lookup(self, result: str) -> None:
        """A case-code look-up that matched no flag, or was refused by the limit (:mod:`bot.turns.lookups`).
        No label says who or which code."""
        if result in self.lookups:
            self.lookups[result] += 1

    def registry_text(self) -> str:
        """The exposition as it stands, without reading the queue (for logs and tests)."""
        return generate_latest(self.registry).decode()

    async def render(self, store: Store, now: datetime) -> tuple[bytes, str]:
        """The exposition text (and its content type), with the queue read now."""
        health = await store.run(lambda tx: tx.queue_health(now))
        counts = health.deliveries
        for status in {*QUEUE_STATUSES, *counts}:
            self.queue.labels(status).set(counts.get(status, 0))
        self.oldest_due.set(health.oldest_due_seconds)
        self.owed.set(health.replies_owed)
        self.oldest_owed.set(health.oldest_owed_seconds)
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class _Collector(Collector):
    """Turns the plain figures of a :class:`Metrics` into metric families at scrape time."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        m = self.metrics
        turns = CounterMetricFamily("kinship_turns", "Turns handled, by outcome", labels=["platform", "outcome"])
        for (platform, outcome), count in m.turns.items():
            turns.add_metric([platform, outcome], count)
        yield turns
        yield _histogram("kinship_turn_seconds", "Time to answer one turn", m.turn_seconds)
        nudges = CounterMetricFamily(
            "kinship_nudges", "Nudge deliveries attempted, by result", labels=["platform", "result"]
        )
        for (platform, result), count in m.nudges.items():
            nudges.add_metric([platform, result], count)
        yield nudges
        lookups = CounterMetricFamily(
            "kinship_case_code_lookups",
            "Case-code look-ups that matched no flag (failed) or were refused by the limit on those (refused)",
            labels=["result"],
        )
        for result, count in m.lookups.items():
            lookups.add_metric([result], count)
        yield lookups
        yield _histogram(
            "kinship_nudge_release_lag_seconds",
            "How late a nudge went out: sent time minus due time (a retry sets a new due time)",
            m.release_lag,
        )


def _histogram(name: str, documentation: str, series: dict[str, _Histogram]) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, documentation, labels=["platform"])
    for platform, histogram in series.items():
        family.add_metric([platform], histogram.cumulative(), histogram.total)
    return family
