"""Thanking a colleague, tried as people would: the sender in chat, the worker delivering, the person thanked
(and a lead's copy) receiving it, and the one-tap thank-you back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.dialogue import World
from bot.domain.channel import RateLimited, Undeliverable
from bot.domain.types import Address, Incoming, Reply
from bot.outbound.worker import Worker
from bot.store import Store
from bot.store.tables import thanks
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock, RecordingChannel, Turn

MONDAY = datetime(2026, 11, 23, tzinfo=UTC)  # the Monday of the test clock's week (London is on GMT)


class Person(Chat):
    """A chat whose messages can @-mention people and carry the sender's display name, as a platform's do."""

    def __init__(self, bot: Bot, clock: FixedClock, user: str, platform: str = "console", name: str = "") -> None:
        super().__init__(
            bot.handle, clock, user=user, platform=platform, tenant="T1" if platform != "console" else "local"
        )
        self.name = name

    async def say(self, text: str, *mentions: str) -> Turn:
        return await self._turn(Incoming(self.address, text=text, mentions=mentions, display_name=self.name))

    async def tap(self, label: str) -> Turn:
        assert self.last is not None
        return await self._turn(Incoming(self.address, action=self.last.button(label).value, display_name=self.name))


@dataclass
class Channel(RecordingChannel):
    """A recording channel that can refuse some people (gone) or ask to slow down once."""

    gone: set[str] = field(default_factory=set)
    slow_down_once: set[str] = field(default_factory=set)

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if address.user in self.gone:
            raise Undeliverable("account_inactive")
        if address.user in self.slow_down_once:
            self.slow_down_once.discard(address.user)
            raise RateLimited(1)  # short: the pacer really waits it out
        await super().send(address, replies)

    def to(self, user: str) -> list[Reply]:
        return [reply for address, replies in self.sent if address.user == user for reply in replies]

    def text_to(self, user: str) -> str:
        return "\n".join(f"{r.title}\n{r.text}" for r in self.to(user))


@pytest.fixture
def channel() -> Channel:
    return Channel()


@pytest.fixture
def worker(store: Store, world: World, clock: FixedClock, channel: Channel) -> Worker:
    return Worker(store, world, {"console": channel, "slack": channel}, clock=clock, lease=timedelta(minutes=5))


def person(bot: Bot, clock: FixedClock, user: str, platform: str = "console", name: str = "") -> Person:
    return Person(bot, clock, user, platform, name)


async def thank(amy: Person, text: str, *mentions: str, signed: bool = True, unit: str = "") -> Turn:
    """Write and send a thank-you, choosing a name (or none) and perhaps a unit for the lead's copy."""
    await amy.say(text, *mentions)
    await amy.tap("Send with my name" if signed else "Send without my name")
    if unit:
        await amy.tap("Also send a copy to a lead")
        await amy.tap(unit)
    return await amy.tap("Send")


async def count(store: Store, unit: str, since: datetime = MONDAY, days: int = 7) -> int:
    return await store.run(lambda tx: tx.thanks_count(unit, since, since + timedelta(days=days)))


async def test_a_thanks_reaches_its_person_and_a_copy_reaches_the_lead(
    bot: Bot, clock: FixedClock, store: Store, worker: Worker, channel: Channel
) -> None:
    lead = person(bot, clock, "ward-lead")
    await lead.say("hello")  # Kinship can reach the lead
    amy = person(bot, clock, "amy")
    preview = await amy.say("thanks @bob for covering my break")
    preview.expect("Here's what bob will get", "[your name] says thank you for covering my break.")
    ready = await amy.tap("Send with my name")
    ready.expect("This is exactly what bob will get", "amy says thank you for covering my break.")
    await amy.tap("Also send a copy to a lead")
    (await amy.tap("Ward 7")).expect("A copy goes to the leads of Ward 7 (acute medicine)")
    (await amy.tap("Send")).expect("Sent. I'll pass your thanks on to bob now, with a copy for the leads of Ward 7")

    await worker.run_once()
    note = channel.to("bob")
    assert [r.text.splitlines()[0] for r in note] == ["amy says thank you for covering my break."]
    assert [b.label for b in note[0].buttons] == ["Say thank you back"]
    copy = channel.text_to("ward-lead")
    assert "A copy of a thank-you" in copy and "This thank-you went to bob" in copy
    assert "amy says thank you for covering my break." in copy
    assert await count(store, "ward-7") == 1
    rows = await store.run(lambda tx: tx.conn.execute(select(thanks.c.words, thanks.c.signed_as)).all())
    assert [tuple(r) for r in rows] == [(None, None)]  # the words and the name go once delivered

    await worker.run_once()  # nothing twice
    assert len(channel.to("bob")) == 1 and len(channel.to("ward-lead")) == 1


async def test_an_anonymous_thanks_never_names_its_sender(
    bot: Bot, clock: FixedClock, worker: Worker, channel: Channel
) -> None:
    await person(bot, clock, "lead").say("hello")
    amy = person(bot, clock, "U_AMY", platform="slack", name="Amy Jones")
    await amy.say("hello")
    await thank(amy, "thank you <@U_BOB> for the brew at 4am", "U_BOB", signed=False)
    amy_console = person(bot, clock, "amy")
    await thank(amy_console, "shout out to @bob for the handover", signed=False, unit="Theatres")
    await worker.run_once()

    to_bob, to_lead = channel.text_to("U_BOB") + channel.text_to("bob"), channel.text_to("lead")
    assert "Someone you work with says thank you for the brew at 4am." in to_bob
    assert "Someone you work with says thank you for the handover." in to_bob
    assert "Someone you work with says thank you for the handover." in to_lead
    for said in (to_bob, to_lead):
        for name in ("Amy", "amy", "U_AMY"):
            assert name not in said


async def test_a_slack_sender_signs_with_the_name_the_platform_gives(
    bot: Bot, clock: FixedClock, worker: Worker, channel: Channel
) -> None:
    amy = person(bot, clock, "U_AMY", platform="slack", name="Amy Jones")
    await thank(amy, "thanks <@U_BOB> for covering my break", "U_BOB")
    await worker.run_once()
    (sent,) = channel.sent
    assert sent[0] == Address("slack", "T1", "U_BOB", "")  # never wrote to Kinship: the adapter opens a chat
    assert sent[1][0].text.startswith("Amy Jones says thank you for covering my break.")


async def test_a_thank_you_back_reaches_the_sender_once(
    bot: Bot, clock: FixedClock, worker: Worker, channel: Channel
) -> None:
    amy = person(bot, clock, "amy")
    await thank(amy, "thanks @bob for covering my break")
    await worker.run_once()
    back = channel.to("bob")[0].buttons[0].value

    bob = person(bot, clock, "bob")
    (await bob.act(back)).expect("I'll let them know you said thank you back")
    await worker.run_once()
    assert "The person you thanked on Wednesday 25 November says thank you back" in channel.text_to("amy")

    (await bob.act(back)).expect("already said thank you back")
    (await person(bot, clock, "carol").act(back)).expect("can't pass that on")
    await worker.run_once()
    assert len(channel.to("amy")) == 1


async def test_saying_thanks_to_someone_by_name_is_a_thank_you_not_a_script(
    bot: Bot, clock: FixedClock, worker: Worker, channel: Channel
) -> None:
    amy = person(bot, clock, "amy")
    turn = await amy.say("I want to say thanks to Priya for covering my break")
    turn.expect("Here's what Priya will get", "says thank you for covering my break").expect_not(
        "Were you asking", "unsafe care"
    )
    (await amy.say("I want to say thanks to Priya…")).expect("Here's what Priya will get").expect_not("Were you asking")

    on_slack = person(bot, clock, "U_AMY", platform="slack", name="Amy")
    asked = await on_slack.say("I want to say thanks to Priya for covering my break")
    asked.expect("Which Priya do you mean? Mention them with @").expect_not("Were you asking")
    (await on_slack.say("<@U_PRIYA>", "U_PRIYA")).expect("Here's what they'll get", "for covering my break")
    await on_slack.tap("Send with my name")
    await on_slack.tap("Send")
    await worker.run_once()
    assert channel.text_to("U_PRIYA").count("Amy says thank you for covering my break.") == 1


async def test_plain_thanks_still_thank_kinship(bot: Bot, clock: FixedClock) -> None:
    amy = person(bot, clock, "amy")
    (await amy.say("thanks")).expect("You're welcome")
    (await amy.say("Thanks Kinship")).expect("You're welcome")
    (await amy.say("thanks, that really helped")).expect_not("Here's what", "Who would you like to thank")


async def test_a_thank_you_that_tells_of_something_worrying_offers_the_route_first(
    bot: Bot, clock: FixedClock, worker: Worker, channel: Channel
) -> None:
    amy = person(bot, clock, "amy")
    text = "thanks @sam for stepping in when the relative was shouting at me and threatened to hit me"
    turn = await amy.say(text)
    turn.expect("something hard happened", "Do you still want to send your thank-you?").expect_not("Here's what")
    assert all(r.private for r in turn.replies[1:])
    await worker.run_once()
    assert channel.sent == []  # nothing goes before they choose
    (await amy.tap("Yes, carry on")).expect("Here's what sam will get")

    await amy.say("cancel")
    at_risk = await amy.say("thanks @sam for listening, I honestly don't want to be here anymore")
    at_risk.expect("Samaritans").expect_not("Here's what", "Do you still want")  # support, and only support


async def test_thanks_to_yourself_or_to_kinship_are_kindly_refused(bot: Bot, clock: FixedClock) -> None:
    amy = person(bot, clock, "amy")
    (await amy.say("thanks @amy for being brilliant")).expect("That's you!")
    (await amy.say("thank you @kinship for everything")).expect("I'm only a bot")
    slack = person(bot, clock, "U_AMY", platform="slack")
    (await slack.say("thanks <@U_AMY> for nothing", "U_AMY")).expect("That's you!")


async def test_who_is_asked_when_no_one_is_named(bot: Bot, clock: FixedClock) -> None:
    amy = person(bot, clock, "amy")
    (await amy.say("I want to say thanks")).expect("Who would you like to thank? Type their user name")
    (await amy.say("@bob")).expect("Here's what bob will get")
    slack = person(bot, clock, "U_AMY", platform="slack")
    (await slack.say("I'd like to say a big thank you")).expect("Mention them with @")
    (await slack.say("bob")).expect("Mention them with @")  # a typed name is not enough on a platform


async def test_a_daily_limit_stops_a_flood_of_thanks(bot: Bot, clock: FixedClock, store: Store) -> None:
    amy = person(bot, clock, "amy")
    for n in range(20):
        (await thank(amy, f"thanks @bob{n} for the help")).expect("Sent.")
    (await thank(amy, "thanks @zed for the help")).expect("You've sent 20 thank-yous today")
    clock.advance(days=1)
    (await thank(amy, "thanks @zed for the help")).expect("Sent.")


async def test_delete_my_data_removes_their_thanks_and_my_data_counts_them(
    bot: Bot, clock: FixedClock, store: Store
) -> None:
    amy, bob = person(bot, clock, "amy"), person(bot, clock, "bob")
    await thank(amy, "thanks @bob for the help", unit="Theatres")
    await thank(bob, "thanks @amy for the tea")
    await thank(bob, "thanks @carol for the chat")
    (await amy.say("my data")).expect("Thank-yous: 1 sent by you and 1 sent to you").expect_not("bob")
    await amy.say("delete my data")
    await amy.tap("Yes, delete my data")
    left = await store.run(lambda tx: tx.conn.execute(select(thanks.c.recipient_user)).scalars().all())
    assert left == ["carol"]
    assert await count(store, "theatres") == 0


async def test_a_workers_crash_between_claim_and_send_does_not_send_twice(
    bot: Bot, clock: FixedClock, store: Store, worker: Worker, channel: Channel
) -> None:
    await thank(person(bot, clock, "amy"), "thanks @bob for the help")
    now = clock()
    claimed = await store.run(lambda tx: tx.claim_thanks(now, now + timedelta(minutes=5), ["console"], 50))
    assert len(claimed) == 1  # a worker claimed it, then died before sending
    await worker.run_once(now + timedelta(minutes=1))
    assert channel.to("bob") == []  # the lease still holds
    await worker.run_once(now + timedelta(minutes=6))
    await worker.run_once(now + timedelta(minutes=20))
    assert len(channel.to("bob")) == 1


async def test_someone_who_cannot_be_reached_is_not_tried_again_and_the_sender_is_told(
    bot: Bot, clock: FixedClock, worker: Worker, channel: Channel
) -> None:
    channel.gone.add("bob")
    await thank(person(bot, clock, "amy"), "thanks @bob for the help")
    await worker.run_once()
    told = channel.to("amy")
    assert len(told) == 1 and told[0].private
    assert "I couldn't pass on your thank-you from Wednesday 25 November" in told[0].text
    await worker.run_once()
    assert len(channel.to("amy")) == 1


async def test_a_rate_limit_is_waited_out_and_the_thanks_goes_once(
    bot: Bot, clock: FixedClock, worker: Worker, channel: Channel
) -> None:
    channel.slow_down_once.add("bob")
    await thank(person(bot, clock, "amy"), "thanks @bob for the help")
    now = clock()
    await worker.run_once(now)
    assert channel.to("bob") == []
    await worker.run_once(now + timedelta(seconds=31))
    await worker.run_once(now + timedelta(minutes=5))
    assert len(channel.to("bob")) == 1


async def test_after_two_weeks_only_the_unit_and_week_are_kept(
    bot: Bot, clock: FixedClock, store: Store, worker: Worker
) -> None:
    await thank(person(bot, clock, "amy"), "thanks @bob for the help", unit="Theatres")
    await worker.run_once()
    await worker.run_once(clock() + timedelta(days=15))
    rows = await store.run(lambda tx: tx.conn.execute(select(thanks)).mappings().all())
    (row,) = rows
    assert row["given_at"] == MONDAY and row["unit"] == "theatres"
    kept = {k: v for k, v in row.items() if k.startswith(("sender_", "recipient_")) or k in {"words", "signed_as"}}
    assert set(kept.values()) == {None}
    assert await count(store, "theatres") == 1
    assert await count(store, "theatres", MONDAY + timedelta(days=7)) == 0
