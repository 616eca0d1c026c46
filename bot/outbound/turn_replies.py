"""Posting one turn's replies and telling the core how many arrived: the part every platform adapter shares.

An adapter answers a turn by posting its replies in order, one at a time, and then confirming to the core
(``Delivered``) how many of them, from the first, reached the platform; the core keeps the rest owed, and the
nudge worker sends those later, exactly once. Posting stops at the first failure, or when the budget
(``REPLY_POST_BUDGET``) runs out, and the count that arrived is confirmed whatever stopped it. The failure
itself is passed on to the adapter, which knows what it means on its platform and how to log it.

Platform-neutral: the adapter supplies ``post_one(reply)``, which posts one reply its own way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence

from bot.domain.channel import REPLY_POST_BUDGET, Delivered
from bot.domain.types import Incoming, Reply

PostOne = Callable[[Reply], Awaitable[None]]
# a first step that delivers some replies another way (Slack opens a form as a modal while its trigger is
# fresh) and returns their positions; it runs inside the budget, before the others are posted
FirstStep = Callable[[], Awaitable[Collection[int]]]


async def post_turn_replies(
    incoming: Incoming | None,
    replies: Sequence[Reply],
    post_one: PostOne,
    delivered: Delivered | None,
    *,
    budget: float = REPLY_POST_BUDGET,
    shown: Collection[int] = (),
    first: FirstStep | None = None,
) -> None:
    """Post each reply not already ``shown`` with ``post_one``, in order, within ``budget`` seconds, then
    confirm to ``delivered`` how many, from the first, reached the platform (``None`` meaning all of them;
    nothing when none did, or when there is no ``incoming`` turn to confirm). Any failure, the budget's
    ``TimeoutError`` included, stops the posting and is raised again once the count is confirmed."""
    arrived = [i in shown for i in range(len(replies))]
    try:
        async with asyncio.timeout(budget):
            if first is not None:
                for i in await first():
                    arrived[i] = True
            for i, reply in enumerate(replies):
                if not arrived[i]:
                    await post_one(reply)
                    arrived[i] = True
    finally:
        await _confirm(incoming, arrived, delivered)


async def _confirm(incoming: Incoming | None, arrived: Sequence[bool], delivered: Delivered | None) -> None:
    """Tell the core how many replies, from the first, reached the platform; it sends the rest later."""
    count = next((i for i, ok in enumerate(arrived) if not ok), len(arrived))
    if incoming is not None and delivered is not None and count:
        await delivered(incoming, None if count == len(arrived) else count)
