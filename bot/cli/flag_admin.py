"""``python -m bot export-flags`` and ``python -m bot purge``: the command-line side of flags and retention.

Exports carry only the suppressed monthly aggregates (never a flag's words or dates finer than a month) and
are written to the lead audit log like any lead's view, under the name given with ``--by``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TextIO

from bot.dialogue.views.flag import category_title
from bot.domain import batches
from bot.domain.config import Config, ConfigError
from bot.domain.records import Cell
from bot.domain.summary import CSV_COLUMNS, previous_month, summarise, summary_rows
from bot.domain.types import Address
from bot.outbound.retention import RetentionPolicy, describe, purge
from bot.store import Store, Tx


async def export_flags(
    config: Config, units: Sequence[str], month: date, out: TextIO, by: str, now: datetime | None = None
) -> int:
    """Write the month's suppressed summary for ``units`` (every unit when empty) as CSV; returns rows."""
    from bot.app.compose import load_world  # content and organisation, validated as at start-up

    world = load_world(config)
    org = world.org
    known = [u.id for u in org.units]
    chosen = list(dict.fromkeys(units)) or known
    unknown = [u for u in chosen if u not in known]
    if unknown:
        raise ConfigError(f"unknown unit {', '.join(unknown)}: the organisation's units are {', '.join(known)}")
    moment = now or datetime.now(UTC)
    store = await Store.open(config.database_url)
    try:

        def body(tx: Tx) -> dict[tuple[str, date, str], Cell]:
            cells = tx.monthly_cells(chosen, (month, previous_month(month)), moment)
            who = Address("cli", "", by, "")
            when = batches.coarse_time(moment, org)  # no finer than a release batch
            tx.audit(lead=who, action="export", now=when, unit=",".join(chosen)[:64], detail=month.isoformat())
            return cells

        cells = await store.run(body)
    finally:
        await store.close()
    summaries = summarise(cells, chosen, month, org.min_group_size)
    titles = {c: category_title(world.content, c) for s in summaries for c in (line.category for line in s.lines)}
    rows = summary_rows(summaries, {u.id: u.name for u in org.units}, titles)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


async def purge_now(config: Config, now: datetime | None = None) -> str:
    from bot.app.compose import load_world

    world = load_world(config)
    policy = RetentionPolicy(config.flag_retention_days, config.left_grace_days, world.org.timezone)
    moment = now or datetime.now(UTC)
    store = await Store.open(config.database_url)
    try:
        counts = await store.run(lambda tx: purge(tx, moment, policy))
    finally:
        await store.close()
    return describe(counts)
