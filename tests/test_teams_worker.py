"""Daily nudges to Teams through the real worker, the real SDK adapter and the fake connector: a thousand
stored conversation references, the connector answering 429 and 503 now and then, and everyone still gets
exactly one message."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from microsoft_agents.activity import Activity
from sqlalchemy import select

from adapters.teams.channel import TeamsChannel
from adapters.teams.convert import reference_json
from adapters.teams.send import RetryPolicy
from bot.dialogue import World
from bot.domain.config import Config
from bot.domain.schedule import EVERY_DAY
from bot.domain.types import Address
from bot.outbound.pacing import Pacer
from bot.outbound.worker import Worker
from bot.store import Store, Tx
from bot.store.tables import deliveries, people
from bot.turns.handler import Bot
from tests.fakes import FixedClock
from tests.teams_fake import FakeConnector, fixture

PEOPLE = 1000
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def stored_reference(n: int) -> str:
    """What the adapter stored when person ``n`` first wrote: fixture 02 with their own ids, aimed at
    Teams' real regional serviceUrl (the channel's test-only override points sends at the fake)."""
    activity = Activity.model_validate(fixture("02_message_personal_chat.json"))
    activity.conversation.id = f"a:personal-{n}"
    activity.from_property.id = f"29:user-{n}"
    activity.from_property.aad_object_id = f"aad-{n}"
    return reference_json(activity)


def seed(now_minus: timedelta, clock: FixedClock):
    def body(tx: Tx) -> None:
        now = clock()
        for n in range(PEOPLE):
            address = Address("teams", TENANT, f"aad-{n}", f"a:personal-{n}", stored_reference(n))
            person = tx.person(address, now, "Europe/London")
            tx.update_person(person.id, {"subscribed": True, "next_due_at": now - now_minus, "nudge_days": EVERY_DAY})

    return body


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.stop()


async def test_a_thousand_nudges_each_arrive_exactly_once_through_429s_and_503s(
    store: Store, world: World, clock: FixedClock, connector: FakeConnector
) -> None:
    await store.run(seed(timedelta(minutes=1), clock))
    config = Config(teams_allow_anonymous=True, teams_service_url_override=connector.service_url)
    channel = TeamsChannel(
        config.teams, Bot(store, world, clock).handle, proactive=RetryPolicy(base_delay=0.001, max_delay=0.01)
    )
    connector.fail_every(97, 429, retry_after="0.01")
    connector.fail_every(13, 503)
    worker = Worker(store, world, {"teams": channel}, clock=clock, pacer=Pacer({"teams": 1_000_000}))

    first = await worker.run_once()
    assert first.sent + first.retried == PEOPLE and first.retried > 0  # some were told to come back later
    clock.advance(minutes=5)
    second = await worker.run_once()
    assert second.sent == first.retried and second.retried == 0

    await channel.stop()
    accepted = Counter(p.conversation for p in connector.posts if p.accepted)
    assert len(accepted) == PEOPLE and set(accepted.values()) == {1}
    assert {p.status for p in connector.posts} == {201, 429, 503}
    statuses = await store.run_on_connection(lambda c: Counter(r.status for r in c.execute(select(deliveries))))
    assert statuses == {"sent": PEOPLE}
    reachable = await store.run_on_connection(lambda c: {r.reachable for r in c.execute(select(people))})
    assert reachable == {True}


async def test_a_403_stops_nudges_for_that_person_only(
    store: Store, world: World, clock: FixedClock, connector: FakeConnector
) -> None:
    def body(tx: Tx) -> None:
        for n in (1, 2):
            person = tx.person(
                Address("teams", TENANT, f"aad-{n}", f"a:personal-{n}", stored_reference(n)), clock(), "Europe/London"
            )
            tx.update_person(
                person.id, {"subscribed": True, "next_due_at": clock() - timedelta(minutes=1), "nudge_days": EVERY_DAY}
            )

    await store.run(body)
    config = Config(teams_allow_anonymous=True, teams_service_url_override=connector.service_url)
    channel = TeamsChannel(config.teams, Bot(store, world, clock).handle)
    connector.fail_next(403, conversation="a:personal-1")
    result = await Worker(store, world, {"teams": channel}, clock=clock, pacer=Pacer({"teams": 1000})).run_once()
    await channel.stop()
    assert (result.sent, result.unreachable) == (1, 1)
    rows = await store.run_on_connection(lambda c: {r.user_id: r for r in c.execute(select(people))})
    assert rows["aad-1"].reachable is False and rows["aad-1"].next_due_at is None
    assert rows["aad-2"].reachable is True
