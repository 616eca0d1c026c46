"""``python -m bot demo-flags``: fill a demo database with made-up, already released flags, so the lead review
and the dashboard have something to show (and benchmarks something to read).

Only for the demo organisation: with ``KINSHIP_ORG`` set it refuses, since made-up flags in a real
organisation's database would be read as real ones.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from bot.domain.config import Config, ConfigError
from bot.domain.summary import month_start
from bot.store import Store, Tx

# Already in the redacted form leads see: no names, no numbers.
DEMO_WORDS = (
    "A patient's relative shouted at a student nurse about her accent at visiting time. [name] stepped in.",
    "At handover a senior colleague mocked a newly qualified nurse in front of the team.",
    "A patient made a racist remark to a healthcare assistant while she was helping him wash.",
    "A colleague was touched on the back by a visitor after being told to stop.",
    "Staff on nights keep being left out of the rota swap chat.",
    "A doctor was spoken over every time she raised a concern in the huddle.",
    "A porter was called names by a patient's partner in the lift.",
    "",
)
KINDS = (
    "patient-racist-abuse",
    "colleague-belittling",
    "patient-sexual-harassment",
    "exclusion",
    "microaggression",
    "bullying-pattern",
)


def add_demo_flags(tx: Tx, units: list[str], count: int, now: datetime, months: int = 12, seed: int = 7) -> int:
    """``count`` released flags spread over the last ``months`` months (more recently than not)."""
    rng = random.Random(seed)
    for n in range(count):
        days_ago = int(rng.triangular(0, months * 30.4, 0))
        sent = now - timedelta(days=days_ago, hours=rng.randint(0, 23))
        sent_day: date = sent.date()
        monday = sent_day - timedelta(days=sent_day.weekday())
        release = sent.replace(minute=0, second=0, microsecond=0)
        flag = tx.insert_flag(
            unit=rng.choice(units),
            category=rng.choice(KINDS),
            occurred=rng.choice(("today", "this-week", "earlier")),
            submitted_week=monday,
            submitted_month=month_start(sent_day),
            danger=rng.random() < 0.1,
            description=rng.choice(DEMO_WORDS),
            release_at=min(release, now),
        )
        if n % 5 == 0:
            tx.set_flag_status(flag.id, rng.choice(("seen", "action-taken")))
    return count


async def demo_flags(config: Config, count: int, now: datetime | None = None) -> str:
    from bot.app.compose import load_world

    if config.org_path is not None:
        raise ConfigError("demo-flags only fills the demo organisation's database: unset KINSHIP_ORG to use it")
    world = load_world(config)
    units = [u.id for u in world.org.units]
    moment = now or datetime.now(UTC)
    store = await Store.open(config.database_url)
    try:
        added = await store.run(lambda tx: add_demo_flags(tx, units, count, moment))
    finally:
        await store.close()
    return f"added {added} made-up flags to the demo units ({', '.join(units)}), released already"
