"""The routine every adapter shares: post a turn's replies in order, then confirm how many reached the platform."""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.types import Address, Incoming, Reply
from bot.outbound.turn_replies import post_turn_replies

TURN = Incoming(Address("slack", "T1", "W1", "D1", ""), text="hello")
REPLIES = [Reply("one"), Reply("two"), Reply("three")]


class Recorder:
    def __init__(self, fail_on: str = "", hang_on: str = "") -> None:
        self.posted: list[str] = []
        self.confirmed: list[int | None] = []
        self.fail_on, self.hang_on = fail_on, hang_on

    async def post_one(self, reply: Reply) -> None:
        if reply.text == self.fail_on:
            raise ConnectionError("platform down")
        if reply.text == self.hang_on:
            await asyncio.sleep(60)
        self.posted.append(reply.text)

    async def delivered(self, incoming: Incoming, count: int | None) -> None:
        assert incoming is TURN
        self.confirmed.append(count)


async def test_every_reply_posted_in_order_is_confirmed_as_all() -> None:
    seen = Recorder()
    await post_turn_replies(TURN, REPLIES, seen.post_one, seen.delivered)
    assert seen.posted == ["one", "two", "three"] and seen.confirmed == [None]


async def test_the_first_failure_stops_posting_and_the_ones_before_it_are_confirmed() -> None:
    seen = Recorder(fail_on="two")
    with pytest.raises(ConnectionError):
        await post_turn_replies(TURN, REPLIES, seen.post_one, seen.delivered)
    assert seen.posted == ["one"] and seen.confirmed == [1]


async def test_nothing_is_confirmed_when_nothing_arrived_or_there_is_no_turn() -> None:
    seen = Recorder(fail_on="one")
    with pytest.raises(ConnectionError):
        await post_turn_replies(TURN, REPLIES, seen.post_one, seen.delivered)
    await post_turn_replies(None, REPLIES[1:], seen.post_one, seen.delivered)
    assert seen.posted == ["two", "three"] and seen.confirmed == []


async def test_the_budget_stops_posting_and_what_arrived_is_confirmed() -> None:
    seen = Recorder(hang_on="three")
    with pytest.raises(TimeoutError):
        await post_turn_replies(TURN, REPLIES, seen.post_one, seen.delivered, budget=0.05)
    assert seen.posted == ["one", "two"] and seen.confirmed == [2]


async def test_replies_shown_another_way_count_as_arrived_and_are_not_posted() -> None:
    seen = Recorder()

    async def open_the_second() -> list[int]:
        seen.posted.append("modal")
        return [1]

    await post_turn_replies(TURN, REPLIES, seen.post_one, seen.delivered, shown={2}, first=open_the_second)
    assert seen.posted == ["modal", "one"] and seen.confirmed == [None]
