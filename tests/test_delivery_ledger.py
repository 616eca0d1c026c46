"""Delivered-reply notes from turns finishing together share transactions, and each caller returns only once
its own note is saved."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.domain.types import Address, Incoming
from bot.store import Store
from bot.store.tables import processed_events
from bot.turns.handler import Bot
from tests.fakes import FixedClock


async def owed(store: Store) -> int:
    return await store.run_on_connection(
        lambda conn: len(conn.execute(select(processed_events).where(processed_events.c.replies.is_not(None))).all())
    )


async def test_many_delivered_notes_are_saved_in_a_few_transactions(bot: Bot, store: Store, clock: FixedClock) -> None:
    turns = [Incoming(Address("slack", "T1", f"U{n}", f"D{n}"), text="lesson", event_id=f"Ev{n}") for n in range(40)]
    for incoming in turns:
        assert await bot.handle(incoming)
    assert await owed(store) == 40
    transactions = 0
    real_run = store.run

    async def counted(body, **options):  # the real store, counting its transactions
        nonlocal transactions
        transactions += 1
        return await real_run(body, **options)

    store.run = counted  # type: ignore[method-assign]
    try:
        await asyncio.gather(*(bot.delivered(incoming) for incoming in turns))
    finally:
        store.run = real_run  # type: ignore[method-assign]
    assert await owed(store) == 0  # every caller's note was saved before gather returned
    assert transactions < 10


async def test_a_note_made_alone_is_saved_before_it_returns(bot: Bot, store: Store, clock: FixedClock) -> None:
    incoming = Incoming(Address("slack", "T1", "U1", "D1"), text="lesson", event_id="Ev-alone")
    await bot.handle(incoming)
    await bot.delivered(incoming)
    assert await owed(store) == 0
    retry = await bot.handle(incoming)  # Slack retries the event: nothing is owed, so nothing is sent again
    assert retry == []
