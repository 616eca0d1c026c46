"""Team reflection in a channel, as a team would meet it: a lead sets it up, the weekly question is posted
once, people answer in the thread (or privately), and the week's summary names themes, never people.

The platform is a small recording poster (the stand-in for Slack's or Teams' channel API); everything else is
real: the bot, the store (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and the worker pass.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.dialogue import World
from bot.domain.channel import RateLimited, Undeliverable
from bot.domain.types import Address, Incoming, Place, Reply
from bot.outbound.pacing import Pacer
from bot.outbound.team_posts import ChannelPacer, TeamPosts
from bot.outbound.worker import Worker
from bot.store import Store
from bot.turns.handler import Bot
from tests.fakes import FixedClock

CHANNEL = "team-ward-7"
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # Europe/London is on UTC in winter
ANSWERS = {
    "amy": "Priya was brilliant at handover, she made the new starter feel welcome.",
    "ben": "Handover felt calmer this week and the new starter asked lots of good questions.",
    "cal": "We made time at handover to check in with the new starter after a hard shift.",
}


@dataclass
class Poster:
    """The platform's channel API, recorded: every post with its channel, thread and words."""

    name: str = "console"
    posts: list[tuple[str, str, Reply]] = field(default_factory=list)
    fail_with: list[Exception] = field(default_factory=list)

    def mount(self, web_app: object) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        pass

    async def post_in_channel(self, tenant: str, place: Place, reply: Reply) -> str:
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.posts.append((place.channel, place.thread, reply))
        return f"post-{len(self.posts)}"

    @property
    def words(self) -> str:
        return "\n".join(f"{reply.title}\n{reply.text}" for _c, _t, reply in self.posts)


def said(bot: Bot, user: str, text: str, *, mentioned: bool = False, thread: str = "", event: str = "") -> Incoming:
    return Incoming(
        Address("console", "local", user, ""),
        text=text,
        place=Place(CHANNEL, thread=thread, mentioned=mentioned),
        event_id=event,
    )


async def say(bot: Bot, user: str, text: str, **kwargs: object) -> list[Reply]:
    return await bot.handle(said(bot, user, text, **kwargs))  # type: ignore[arg-type]


def posts_for(store: Store, world: World, poster: Poster, owner: str = "w1") -> TeamPosts:
    return TeamPosts(store, world, {"console": poster}, Pacer({"console": 1000.0}), owner=owner)


async def pass_at(team: TeamPosts, moment: datetime) -> None:
    await team.run_once(lambda: moment)


async def set_up(bot: Bot) -> None:
    replies = await say(bot, "lead", "@Kinship every Monday at 10:00 for Ward 7", mentioned=True)
    assert [r.audience for r in replies] == ["channel"]
    assert "Monday 30 Nov at 10:00" in replies[0].text


async def schedule_of(store: Store) -> object:
    return await store.run(lambda tx: tx.team_channel("console", "local", CHANNEL))


async def test_a_lead_sets_it_up_and_someone_else_cannot(any_store: Store, world: World) -> None:
    bot = Bot(any_store, world, FixedClock())
    refused = await say(bot, "amy", "@Kinship every Monday at 10:00", mentioned=True)
    assert [r.audience for r in refused] == ["person"] and "Only a team lead" in refused[0].text
    assert await schedule_of(any_store) is None
    await set_up(bot)
    schedule = await schedule_of(any_store)
    assert schedule is not None and schedule.unit == "ward-7" and schedule.weekday == 0  # type: ignore[attr-defined]
    for command in ("@Kinship pause", "@Kinship remove", "@Kinship change to Friday at 9am"):
        replies = await say(bot, "amy", command, mentioned=True)
        assert [r.audience for r in replies] == ["person"] and "Only a team lead" in replies[0].text
    assert await schedule_of(any_store) == schedule  # nothing changed


async def test_a_week_three_answers_summary_without_names(any_store: Store, world: World) -> None:
    clock = FixedClock()
    bot = Bot(any_store, world, clock)
    poster = Poster()
    team = posts_for(any_store, world, poster)
    await set_up(bot)
    await pass_at(team, MONDAY_10 - timedelta(minutes=1))
    assert poster.posts == []  # not yet due
    await pass_at(team, MONDAY_10)
    await pass_at(team, MONDAY_10 + timedelta(minutes=5))
    assert len(poster.posts) == 1  # exactly once
    channel, thread, question = poster.posts[0]
    assert channel == CHANNEL and thread == "" and question.audience == "channel"
    assert [b.label for b in question.buttons] == ["Answer privately"]
    clock.set(MONDAY_10 + timedelta(hours=2))
    for user, words in ANSWERS.items():
        assert await say(bot, user, words, thread="post-1") == []  # nothing said in the channel
    assert await say(bot, "dee", "anyone seen my lanyard?") == []  # chatter: no reply, nothing kept
    await pass_at(team, MONDAY_10 + timedelta(days=6) - timedelta(minutes=1))
    assert len(poster.posts) == 1
    await pass_at(team, MONDAY_10 + timedelta(days=6))
    assert len(poster.posts) == 2
    _channel, thread, summary = poster.posts[1]
    assert thread == "post-1" and "3 people" in summary.text
    assert "handover" in summary.text and "new starter" in summary.text
    assert "Priya" not in poster.words and "lanyard" not in poster.words
    for words in ANSWERS.values():
        assert words not in poster.words  # never a whole answer
    held = await any_store.run(lambda tx: tx.team_week_answers(1, MONDAY_10.date()))
    assert held == {}  # the week's answers went with the summary
    await pass_at(team, MONDAY_10 + timedelta(days=7))
    assert len(poster.posts) == 3 and poster.posts[2][2].text != question.text  # a different question


async def test_two_people_give_no_summary(any_store: Store, world: World) -> None:
    clock = FixedClock()
    bot = Bot(any_store, world, clock)
    poster = Poster()
    team = posts_for(any_store, world, poster)
    await set_up(bot)
    await pass_at(team, MONDAY_10)
    for user in ("amy", "ben"):
        await say(bot, user, ANSWERS[user], thread="post-1")
    await say(bot, "amy", "And the handover again today", thread="post-1")  # one person twice is still one
    await pass_at(team, MONDAY_10 + timedelta(days=6))
    assert len(poster.posts) == 1
    held = await any_store.run(lambda tx: tx.team_answers_of("console", "local", "amy"))
    assert held == ()  # the week closed: its answers are deleted all the same


async def test_a_private_answer_never_reaches_the_channel(store: Store, world: World) -> None:
    clock = FixedClock()
    bot = Bot(store, world, clock)
    poster = Poster()
    team = posts_for(store, world, poster)
    await set_up(bot)
    await pass_at(team, MONDAY_10)
    button = poster.posts[0][2].buttons[0]
    pressed = Incoming(Address("console", "local", "amy", ""), action=button.value, place=Place(CHANNEL, "post-1"))
    replies = await bot.handle(pressed)
    assert replies and all(r.audience == "person" for r in replies)
    secret = "Honestly I found Sam's comment at handover hurtful and said nothing"
    dm = Incoming(Address("console", "local", "amy", "console:amy"), text=secret)
    assert any("saved" in r.text for r in await bot.handle(dm))
    for user in ("ben", "cal", "dee"):
        await say(bot, user, ANSWERS.get(user, "The handover with the new starter went well"), thread="post-1")
    await pass_at(team, MONDAY_10 + timedelta(days=6))
    assert len(poster.posts) == 2
    assert "hurtful" not in poster.words and "Sam" not in poster.words and "comment" not in poster.words
    person = await store.run(lambda tx: tx.person(Address("console", "local", "amy", "x"), clock(), "Europe/London"))
    assert person.conversation == "console:amy"  # never the channel


async def test_a_message_needing_support_is_answered_only_privately(store: Store, world: World) -> None:
    bot = Bot(store, world, FixedClock())
    await set_up(bot)
    await pass_at(posts_for(store, world, Poster()), MONDAY_10)
    replies = await say(bot, "amy", "I can't go on, I want to end my life", thread="post-1", event="e1")
    assert replies and all(r.audience == "person" for r in replies)
    assert "Samaritans" in replies[0].text or "support" in replies[0].text.lower()
    assert await store.run(lambda tx: tx.team_answers_of("console", "local", "amy")) == ()
    mentioned = await say(bot, "amy", "@Kinship I want to kill myself", mentioned=True)
    assert mentioned and all(r.audience == "person" for r in mentioned)


async def test_pause_resume_change_and_remove(any_store: Store, world: World) -> None:
    clock = FixedClock()
    bot = Bot(any_store, world, clock)
    poster = Poster()
    team = posts_for(any_store, world, poster)
    await set_up(bot)
    paused = await say(bot, "lead", "@Kinship pause", mentioned=True)
    assert paused[0].audience == "channel" and "Paused" in paused[0].text
    await pass_at(team, MONDAY_10 + timedelta(hours=1))
    assert poster.posts == []
    status = await say(bot, "amy", "@Kinship status", mentioned=True)
    assert status[0].audience == "person" and "paused" in status[0].text
    resumed = await say(bot, "lead", "@Kinship resume", mentioned=True)
    assert "Monday 30 Nov at 10:00" in resumed[0].text
    changed = await say(bot, "lead", "@Kinship change to Friday at 2pm", mentioned=True)
    assert "every Friday at 14:00" in changed[0].text and "Friday 27 Nov at 14:00" in changed[0].text
    await pass_at(team, datetime(2026, 11, 27, 14, 0, tzinfo=UTC))
    assert len(poster.posts) == 1
    for user, words in ANSWERS.items():
        await say(bot, user, words, thread="post-1")
    removed = await say(bot, "lead", "@Kinship remove", mentioned=True)
    assert "deleted this channel's schedule" in removed[0].text
    assert await schedule_of(any_store) is None
    assert await any_store.run(lambda tx: tx.team_answers_of("console", "local", "amy")) == ()
    await pass_at(team, datetime(2026, 12, 4, 14, 0, tzinfo=UTC))
    assert len(poster.posts) == 1


async def test_delete_my_data_removes_thread_answers_and_my_data_lists_them(store: Store, world: World) -> None:
    bot = Bot(store, world, FixedClock())
    poster = Poster()
    await set_up(bot)
    await pass_at(posts_for(store, world, poster), MONDAY_10)
    await say(bot, "amy", "Priya helped me at handover today", thread="post-1")
    dm = Address("console", "local", "amy", "console:amy")
    copy = await bot.handle(Incoming(dm, text="my data"))
    listed = "\n".join(r.text for r in copy)
    assert "team reflection threads: 1" in listed and "[name] helped me at handover" in listed
    await bot.handle(Incoming(dm, action="delete-data:confirm"))
    assert await store.run(lambda tx: tx.team_answers_of("console", "local", "amy")) == ()
    assert await schedule_of(store) is not None  # the channel's schedule is the team's, not theirs


async def test_two_workers_racing_post_once(any_store: Store, world: World) -> None:
    bot = Bot(any_store, world, FixedClock())
    poster = Poster()
    await set_up(bot)
    first, second = posts_for(any_store, world, poster, "w1"), posts_for(any_store, world, poster, "w2")
    await asyncio.gather(pass_at(first, MONDAY_10), pass_at(second, MONDAY_10))
    assert len(poster.posts) == 1


async def test_a_rate_limited_post_is_retried_later_not_doubled(any_store: Store, world: World) -> None:
    bot = Bot(any_store, world, FixedClock())
    poster = Poster(fail_with=[RateLimited(30.0)])
    team = posts_for(any_store, world, poster)
    await set_up(bot)
    await pass_at(team, MONDAY_10)
    assert poster.posts == []
    team.pacing = ChannelPacer(Pacer({"console": 1000.0}))  # the real bucket waits the 30 s in real time
    await pass_at(team, MONDAY_10 + timedelta(seconds=10))
    assert poster.posts == []  # not before the platform's wait is over
    await pass_at(team, MONDAY_10 + timedelta(seconds=31))
    await pass_at(team, MONDAY_10 + timedelta(seconds=32))
    assert len(poster.posts) == 1


async def test_removed_from_the_channel_deletes_the_schedule(store: Store, world: World) -> None:
    bot = Bot(store, world, FixedClock())
    poster = Poster(fail_with=[Undeliverable("not_in_channel")])
    await set_up(bot)
    await pass_at(posts_for(store, world, poster), MONDAY_10)
    assert await schedule_of(store) is None


async def test_the_worker_pass_posts_through_channels_that_can(store: Store, world: World) -> None:
    bot = Bot(store, world, FixedClock())
    poster = Poster()
    await set_up(bot)
    worker = Worker(store, world, {"console": poster}, pacer=Pacer({"console": 1000.0}))  # type: ignore[dict-item]
    result = await worker.run_once(MONDAY_10)
    assert result.team_posts == 1 and len(poster.posts) == 1


@pytest.mark.parametrize("text", ["@Kinship help", "@Kinship what can you do?"])
async def test_help_is_for_the_person_who_asked(store: Store, world: World, text: str) -> None:
    replies = await say(Bot(store, world, FixedClock()), "amy", text, mentioned=True)
    assert [r.audience for r in replies] == ["person"] and "one reflection question a week" in replies[0].text


async def test_a_platform_retry_of_an_answer_is_kept_once(store: Store, world: World) -> None:
    bot = Bot(store, world, FixedClock())
    await set_up(bot)
    await pass_at(posts_for(store, world, Poster()), MONDAY_10)
    for _ in range(2):
        await say(bot, "amy", ANSWERS["amy"], thread="post-1", event="ev-1")
    assert len(await store.run(lambda tx: tx.team_answers_of("console", "local", "amy"))) == 1


async def test_kinship_added_to_a_channel_introduces_itself_there_and_removed_forgets_the_schedule(
    store: Store, world: World
) -> None:
    from bot.domain.channel import PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED

    bot = Bot(store, world, FixedClock())
    added = Incoming(
        Address("console", "local", "lead", ""), action=PLATFORM_ADDED_TO_CHANNEL, place=Place(CHANNEL), event_id="E1"
    )
    hello = await bot.handle(added)
    assert [r.audience for r in hello] == ["channel"] and "@Kinship every Monday at 10:00" in hello[0].text
    assert await bot.handle(added) == []  # the platform's retry of the same event: said once
    await set_up(bot)
    gone = await bot.handle(
        Incoming(Address("console", "local", "lead", ""), action=PLATFORM_REMOVED, place=Place(CHANNEL))
    )
    assert gone == []
    assert await schedule_of(store) is None


async def test_a_button_pressed_in_a_channel_keeps_the_persons_own_chat(store: Store, world: World) -> None:
    bot = Bot(store, world, FixedClock())
    await bot.handle(Incoming(Address("console", "local", "amy", "console:amy"), text="hi"))
    await bot.handle(Incoming(Address("console", "local", "amy", ""), action="reflect", place=Place(CHANNEL)))
    person = await store.run(lambda tx: tx.person(Address("console", "local", "amy", ""), FixedClock()(), "UTC"))
    assert person.conversation == "console:amy"
