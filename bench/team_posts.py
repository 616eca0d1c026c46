"""Team reflection figures for `make bench`: the weekly question to 10,000 channels due at the same moment.

The channels are spread over Slack workspaces and Teams tenants and posted by the real worker pass
(:class:`bot.outbound.team_posts.TeamPosts`) on SQLite, in real time, to a fake channel API per platform that
records when each post arrived and answers ``RateLimited`` (a 429) beyond the platform's limits:

- Slack: one message a second per channel, and a workspace cap we take as 300 a minute (5/s; Slack documents
  "several hundred messages a minute" per workspace for chat.postMessage);
- Teams: 50 requests a second per tenant.

The pacer is set, as ``KINSHIP_PACE`` would set it, to 97% of those caps. Reported: the share of each
workspace's or tenant's allowed rate that was used (the worst one of each platform), 429s met, duplicates
and missed channels. No fake clock is needed: 125 channels per Slack workspace take about 26 seconds, and the
pass works on every workspace and tenant side by side. The database's clock is the real time, moved to the
due moment (``DUE`` plus the time elapsed), so a post the fake API refused is retried when it falls due again.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from collections import Counter, defaultdict, deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.app.compose import load_world
from bot.domain.channel import RateLimited
from bot.domain.config import load_config
from bot.domain.types import Place, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.team_posts import TeamPosts
from bot.store import Store
from bot.store.tables import team_channels

DUE = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
LIMITS = {"slack": 5.0, "teams": 50.0}  # per workspace or tenant, messages a second
SHARE_OF_LIMIT = 0.97  # the pacer's rates, as KINSHIP_PACE would set them
SLACK_PER_CHANNEL = 1.0  # seconds between two posts in one Slack channel
LAYOUT = {"slack": (40, 125), "teams": (10, 500)}  # (workspaces or tenants, channels in each): 10,000 in all


class FakeChannelApi:
    """One platform's channel API: records each post, refuses (429) what its limits would refuse."""

    def __init__(self, name: str, limit: float) -> None:
        self.name = name
        self.limit = limit
        self.posts: list[tuple[float, str, str]] = []  # (monotonic time, tenant, channel)
        self.refused = 0
        self._recent: dict[str, deque[float]] = defaultdict(deque)
        self._channel_last: dict[str, float] = {}

    async def post_in_channel(self, tenant: str, place: Place, reply: Reply) -> str:
        now = time.monotonic()
        window = self._recent[tenant]
        while window and now - window[0] >= 1.0:
            window.popleft()
        last = self._channel_last.get(place.channel)
        too_soon = self.name == "slack" and last is not None and now - last < SLACK_PER_CHANNEL
        if len(window) >= self.limit or too_soon:
            self.refused += 1
            raise RateLimited(1.0)
        window.append(now)
        self._channel_last[place.channel] = now
        self.posts.append((now, tenant, place.channel))
        return f"{place.channel}-{len(self.posts)}"


async def _seed(store: Store) -> int:
    rows = [
        {
            "platform": platform,
            "tenant": f"{platform}-t{t}",
            "channel": f"{platform}-t{t}-c{c}",
            "weekday": 0,
            "post_time": "10:00",
            "timezone": "Europe/London",
            "next_post_at": DUE,
        }
        for platform, (tenants, channels) in LAYOUT.items()
        for t in range(tenants)
        for c in range(channels)
    ]
    await store.run(lambda tx: tx.conn.execute(insert(team_channels), rows))
    return len(rows)


def _share(posts: list[tuple[float, str, str]], limit: float) -> list[float]:
    """For each workspace or tenant, its posts a second over its run (first to last post) as a share of the
    limit; one interval per post after the first, so a run of n posts at exactly the limit scores 100%."""
    by_tenant: dict[str, list[float]] = defaultdict(list)
    for moment, tenant, _channel in posts:
        by_tenant[tenant].append(moment)
    shares = []
    for moments in by_tenant.values():
        if len(moments) > 1:
            shares.append((len(moments) - 1) / (max(moments) - min(moments)) / limit)
    return shares


async def run(folder: Path) -> dict[str, object]:
    store = await Store.open(f"sqlite:///{folder / 'team_posts.db'}")
    try:
        total = await _seed(store)
        apis = {name: FakeChannelApi(name, limit) for name, limit in LIMITS.items()}
        pacer = Pacer({name: limit * SHARE_OF_LIMIT for name, limit in LIMITS.items()})
        team = TeamPosts(store, load_world(load_config()), apis, pacer, owner="bench")
        started = time.monotonic()
        clock = lambda: DUE + timedelta(seconds=time.monotonic() - started)  # noqa: E731
        while True:
            await team.run_once(clock)
            left = await store.run(lambda tx: tx.due_team_tenants(clock(), list(LIMITS)))
            if not left:
                break
            await asyncio.sleep(0.5)
        wall = time.monotonic() - started
        posted = Counter(channel for api in apis.values() for _t, _tenant, channel in api.posts)
        questions = await store.run(lambda tx: tx.conn.execute(team_channels.select()).all())
        missed = sum(1 for row in questions if row.questions != 1 or not row.thread)
        return {
            "channels": total,
            "wall": wall,
            "shares": {name: _share(api.posts, api.limit) for name, api in apis.items()},
            "refused": sum(api.refused for api in apis.values()),
            "duplicates": sum(n - 1 for n in posted.values() if n > 1),
            "missed": missed + (total - len(posted)),
        }
    finally:
        await store.close()


def rows(folder: Path) -> list[tuple[str, str, str]]:
    found = asyncio.run(run(folder))
    shares: dict[str, list[float]] = found["shares"]  # type: ignore[assignment]
    out = [(f"team posts: {found['channels']:,} channels due at once, wall time (s)", f"{found['wall']:.1f}", "")]
    for name, limit in LIMITS.items():
        values = shares[name]
        out.append(
            (
                f"team posts, {name}: worst {len(values)} of that platform, share of {limit:g}/s per tenant used",
                f"{min(values):.1%}",
                "≥ 95%",
            )
        )
        out.append((f"team posts, {name}: median share", f"{statistics.median(values):.1%}", ""))
    out.append(
        (
            "team posts: 429s met / duplicates / missed",
            f"{found['refused']} / {found['duplicates']} / {found['missed']}",
            "0 / 0 / 0",
        )
    )
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as tmp:
        for row in rows(Path(tmp)):
            print(" | ".join(row))
