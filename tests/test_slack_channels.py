"""Kinship in Slack channels, end to end: team reflection set up by mentioning Kinship, the weekly question and
its summary posted by the worker, answers in the question's thread, "Answer privately", support said only to
the person, a thank-you to someone who never wrote to Kinship, and Kinship added to or removed from a channel.

Signed, real-shaped payloads (``tests/slack_payloads.py``) through the real Bolt app to the real ``Bot`` on
SQLite, with the real ``AsyncWebClient`` talking to the fake Slack Web API on 127.0.0.1
(``tests/slack_fake.py``); the worker is the real one. Kinship's bot user is ``UBOT`` (the fake's
``auth.test``); W333 leads every unit of workspace T111.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.slack.convert import Said, said, slack_to_plain
from bot.dialogue import World
from bot.domain.channel import PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED, RateLimited, Undeliverable
from bot.domain.org import Lead
from bot.domain.types import Address, Place, Reply
from bot.outbound.worker import Worker
from bot.store import Store
from bot.store.tables import people
from tests.fakes import FixedClock
from tests.slack_fake import (
    SlackHarness,
    buttons,
    channel_button_press,
    channel_event,
    membership_event,
    texts,
)

LEAD, AMY, BEN, CAL, DEE = "W333", "W222", "W444", "W555", "W666"
CHANNEL = "C111"
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # the first Monday 10:00 after the test clock (London: UTC)
SET_UP = "<@UBOT> every Monday at 10:00 for Ward 7"
ANSWERS = {
    AMY: "Priya was brilliant at handover, she made the new starter feel welcome.",
    BEN: "Handover felt calmer this week and the new starter asked lots of good questions.",
    CAL: "We made time at handover to check in with the new starter after a hard shift.",
}


@pytest.fixture
def lead_world(world: World) -> World:
    org = replace(world.org, leads=(*world.org.leads, Lead("slack", LEAD, ("*",), tenant="T111")))
    return World.build(world.content, org)


@pytest.fixture
async def slack(store: Store, lead_world: World, clock: FixedClock, tmp_path: Path) -> AsyncIterator[SlackHarness]:
    async with SlackHarness(store, lead_world, clock, tmp_path) as harness:
        yield harness


async def say(slack: SlackHarness, text: str, user: str = AMY, **kwargs: str) -> tuple[int, list]:
    """A message in the channel; Slack's status for it and what was posted in answer (open or ephemeral)."""
    before = len(slack.fake.shown())
    status, _ = await slack.event(channel_event(text, user, kwargs.pop("channel", CHANNEL), **kwargs))
    return status, slack.fake.shown()[before:]


async def schedule(store: Store, channel: str = CHANNEL) -> object:
    return await store.run(lambda tx: tx.team_channel("slack", "T111", channel))


async def worker_pass(store: Store, world: World, slack: SlackHarness, at: datetime) -> None:
    """One pass of the real worker at ``at``, sending through the Slack channel under test (a fresh worker each
    time: its per-channel gap is kept in real seconds, and the passes of a test are days apart)."""
    await Worker(store, world, {"slack": slack.channel}, clock=lambda: at).run_once(at)


async def set_up(slack: SlackHarness) -> str:
    """The lead sets team reflection up; the ts of their message."""
    event = channel_event(SET_UP, LEAD, CHANNEL)
    assert (await slack.event(event))[0] == 200
    return str(event["event"]["ts"])


async def ask_the_question(store: Store, world: World, slack: SlackHarness) -> str:
    """Set up, and the worker posts Monday's question; its ts (the thread answers go in)."""
    await set_up(slack)
    await worker_pass(store, world, slack, MONDAY_10)
    question = slack.fake.posts(CHANNEL)[-1]
    assert "This week's team reflection" in texts(question)
    return str(question.answer["ts"])


# --- setting it up --------------------------------------------------------------------------------------------


async def test_a_lead_sets_it_up_by_mentioning_kinship_and_the_confirmation_is_in_the_thread(
    slack: SlackHarness, store: Store
) -> None:
    event = channel_event(SET_UP, LEAD, CHANNEL)
    assert (await slack.event(event))[0] == 200
    [confirmation] = slack.fake.shown()
    assert confirmation.method == "chat.postMessage" and confirmation.params["channel"] == CHANNEL
    assert confirmation.params["thread_ts"] == event["event"]["ts"]  # in the lead's message's thread
    assert "Team reflection is on" in texts(confirmation) and "Ward 7" in texts(confirmation)
    incoming = slack.incoming[-1]
    assert incoming.text == "every Monday at 10:00 for Ward 7"  # Kinship's own mention taken out…
    assert incoming.place == Place(CHANNEL, thread="", mentioned=True, ref=incoming.address.ref)  # …and noted
    assert incoming.mentions == () and incoming.event_id == event["event_id"]
    assert incoming.address.user == LEAD and incoming.address.conversation == ""  # their DM: not known yet
    assert slack.fake.calls_to("users.info") == [] and slack.fake.calls_to("conversations.open") == []
    found = await schedule(store)
    assert found is not None and found.unit == "ward-7"  # type: ignore[attr-defined]


async def test_someone_who_is_not_a_lead_is_answered_ephemerally_only(slack: SlackHarness, store: Store) -> None:
    status, shown = await say(slack, SET_UP, AMY)
    assert status == 200
    [refusal] = shown
    assert refusal.method == "chat.postEphemeral" and refusal.params["user"] == AMY
    assert refusal.params["channel"] == CHANNEL and "Only a team lead" in texts(refusal)
    assert slack.fake.posts() == [] and await schedule(store) is None


async def test_it_works_the_same_in_a_private_channel(slack: SlackHarness, store: Store) -> None:
    status, shown = await say(slack, SET_UP, LEAD, channel="G999", channel_type="group")
    assert status == 200 and [c.params["channel"] for c in shown] == ["G999"]
    assert await schedule(store, "G999") is not None


async def test_a_message_needing_support_gets_an_ephemeral_reply_and_nothing_in_the_channel(
    slack: SlackHarness,
) -> None:
    status, shown = await say(slack, "I can't go on, I want to end my life", AMY)
    assert status == 200
    [support] = shown
    assert support.method == "chat.postEphemeral" and support.params["user"] == AMY
    assert "116 123" in texts(support) or "Samaritans" in texts(support)
    assert slack.fake.posts() == []


async def test_chatter_in_the_channel_gets_no_reply(slack: SlackHarness) -> None:
    status, shown = await say(slack, "anyone seen my lanyard?", DEE)
    assert (status, shown) == (200, [])
    edited = channel_event("lanyard found", DEE)
    edited["event"]["subtype"] = "message_changed"
    from_a_bot = channel_event("beep", DEE)
    from_a_bot["event"]["bot_id"] = "B999"
    for payload in (edited, from_a_bot):
        assert (await slack.event(payload))[0] == 200
    assert len(slack.incoming) == 1 and slack.fake.shown() == []


# --- the week ---------------------------------------------------------------------------------------------------


async def test_the_weekly_question_then_three_answers_in_its_thread_bring_a_summary_without_names(
    slack: SlackHarness, store: Store, lead_world: World, clock: FixedClock
) -> None:
    await set_up(slack)
    await worker_pass(store, lead_world, slack, MONDAY_10 - timedelta(minutes=1))
    assert len(slack.fake.posts(CHANNEL)) == 1  # only the confirmation: not due yet
    await worker_pass(store, lead_world, slack, MONDAY_10)
    question = slack.fake.posts(CHANNEL)[-1]
    assert "thread_ts" not in question.params  # the question itself is at the top of the channel
    assert "Answer privately" in buttons(question)
    found = await schedule(store)
    thread = found.thread  # type: ignore[attr-defined]
    assert thread == question.answer["ts"]  # the ts chat.postMessage answered with starts the answers' thread

    clock.set(MONDAY_10 + timedelta(hours=2))
    for user, words in ANSWERS.items():
        status, shown = await say(slack, words, user, thread_ts=thread)
        assert (status, shown) == (200, [])  # kept, and nothing said in the channel
    await worker_pass(store, lead_world, slack, MONDAY_10 + timedelta(days=6))
    summary = slack.fake.posts(CHANNEL)[-1]
    assert summary.params["thread_ts"] == thread
    words = texts(summary)
    assert "3 people" in words and "handover" in words and "new starter" in words
    for name in ("Priya", AMY, BEN, CAL):
        assert name not in words
    assert len(slack.fake.posts(CHANNEL)) == 3  # the confirmation, the question, the summary
    assert slack.fake.ephemerals() == []


async def test_two_answers_bring_no_summary(
    slack: SlackHarness, store: Store, lead_world: World, clock: FixedClock
) -> None:
    thread = await ask_the_question(store, lead_world, slack)
    clock.set(MONDAY_10 + timedelta(hours=2))
    for user in (AMY, BEN):
        await say(slack, ANSWERS[user], user, thread_ts=thread)
    posted = len(slack.fake.posts(CHANNEL))
    await worker_pass(store, lead_world, slack, MONDAY_10 + timedelta(days=6))
    assert len(slack.fake.posts(CHANNEL)) == posted


async def test_answer_privately_goes_on_in_the_persons_dm(
    slack: SlackHarness, store: Store, lead_world: World, clock: FixedClock
) -> None:
    thread = await ask_the_question(store, lead_world, slack)
    question = slack.fake.posts(CHANNEL)[-1]
    clock.set(MONDAY_10 + timedelta(hours=1))
    posted_in_channel = len(slack.fake.posts(CHANNEL))
    before = len(slack.fake.shown())
    status, _ = await slack.interact(channel_button_press(buttons(question)["Answer privately"], BEN, CHANNEL, thread))
    assert status == 200
    shown = slack.fake.shown()[before:]
    assert slack.incoming[-1].place is not None  # the press came from the channel…
    assert [c.params["users"] for c in slack.fake.calls_to("conversations.open")] == [BEN]
    in_dm = [c for c in shown if c.params["channel"] == f"D{BEN}"]
    assert all(c.method == "chat.postMessage" for c in in_dm)  # …and goes on in their DM
    assert "A moment to reflect" in texts(in_dm[-1])
    [note] = [c for c in shown if c.params["channel"] == CHANNEL]
    assert note.method == "chat.postEphemeral" and note.params["user"] == BEN
    assert "direct messages" in texts(note)
    assert len(slack.fake.posts(CHANNEL)) == posted_in_channel  # nothing new in the open in the channel

    answer = "I noticed how the team made time for the new starter."
    [saved] = await slack.dm(answer, user=BEN, channel=f"D{BEN}")
    assert saved.params["channel"] == f"D{BEN}" and "I've saved that for you" in texts(saved)
    assert len(slack.fake.posts(CHANNEL)) == posted_in_channel  # their answer stays theirs


# --- one message, two events ------------------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["message", "app_mention"])
async def test_a_message_sent_as_both_app_mention_and_message_is_one_turn(
    slack: SlackHarness, store: Store, first: str
) -> None:
    ts = "1764000000.000200"
    second = "app_mention" if first == "message" else "message"
    assert (await slack.event(channel_event(SET_UP, LEAD, CHANNEL, ts=ts, kind=first)))[0] == 200
    assert (await slack.event(channel_event(SET_UP, LEAD, CHANNEL, ts=ts, kind=second)))[0] == 200
    assert len(slack.incoming) == 1 and slack.incoming[0].place is not None and slack.incoming[0].place.mentioned
    assert len(slack.fake.posts(CHANNEL)) == 1  # one confirmation
    assert await schedule(store) is not None


async def test_a_retry_of_the_same_event_still_reaches_the_core_which_drops_it(slack: SlackHarness) -> None:
    event = channel_event(SET_UP, LEAD, CHANNEL)
    await slack.event(event)
    await slack.event(event, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert [i.event_id for i in slack.incoming] == [event["event_id"]] * 2
    assert len(slack.fake.posts(CHANNEL)) == 1


# --- Kinship added to, and removed from, a channel -------------------------------------------------------------


async def test_kinship_added_to_a_channel_reaches_the_core_and_others_joining_do_not(slack: SlackHarness) -> None:
    assert (await slack.event(membership_event("member_joined_channel", user=DEE, inviter=LEAD)))[0] == 200
    assert slack.incoming == []  # someone else joined: nothing to us
    assert (await slack.event(membership_event("member_joined_channel", user="UBOT", inviter=LEAD)))[0] == 200
    [added] = slack.incoming
    assert added.action == PLATFORM_ADDED_TO_CHANNEL and added.address.user == LEAD
    assert added.place is not None and added.place.channel == CHANNEL
    [hello] = slack.fake.shown()  # the core's introduction, for the channel, at its top level
    assert hello.method == "chat.postMessage" and hello.params["channel"] == CHANNEL
    assert "thread_ts" not in hello.params and "I'm Kinship" in texts(hello)


async def test_kinship_removed_from_a_channel_reaches_the_core(slack: SlackHarness) -> None:
    assert (await slack.event(membership_event("channel_left", actor_id=LEAD)))[0] == 200
    assert (await slack.event(membership_event("group_left", channel="G999")))[0] == 200
    assert (await slack.event(membership_event("member_left_channel", user=DEE)))[0] == 200  # not Kinship
    removed = [(i.action, i.address.user, i.place.channel if i.place else "") for i in slack.incoming]
    assert removed == [(PLATFORM_REMOVED, LEAD, CHANNEL), (PLATFORM_REMOVED, "UBOT", "G999")]
    assert slack.fake.shown() == []  # it can no longer post there


async def test_kinship_removed_from_a_channel_deletes_its_schedule_and_nobody_else(
    slack: SlackHarness, store: Store
) -> None:
    await slack.dm("hello", user=LEAD, channel=f"D{LEAD}")
    await set_up(slack)
    await slack.event(membership_event("channel_left", actor_id=LEAD))
    assert await schedule(store) is None
    query = select(people.c.reachable).where(people.c.platform == "slack", people.c.user_id == LEAD)
    reachable = await store.run(lambda tx: tx.conn.execute(query).scalar_one())
    assert reachable  # whoever removed it still gets their own messages


async def test_the_worker_finding_kinship_gone_from_the_channel_deletes_its_schedule(
    slack: SlackHarness, store: Store, lead_world: World
) -> None:
    await set_up(slack)
    slack.fake.answer("chat.postMessage", "not_in_channel")
    await worker_pass(store, lead_world, slack, MONDAY_10)
    assert await schedule(store) is None


# --- post_in_channel, as the worker calls it --------------------------------------------------------------------

QUESTION = Reply(title="This week's team reflection", text="What went well?", audience="channel")


async def test_post_in_channel_returns_the_new_messages_ts_and_posts_in_a_thread_when_asked(
    slack: SlackHarness,
) -> None:
    ts = await slack.channel.post_in_channel("T111", Place(CHANNEL), QUESTION)
    top = slack.fake.posts(CHANNEL)[-1]
    assert ts == top.answer["ts"] and "thread_ts" not in top.params
    again = await slack.channel.post_in_channel("T111", Place(CHANNEL, thread=ts), QUESTION)
    assert slack.fake.posts(CHANNEL)[-1].params["thread_ts"] == ts and again != ts


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
async def test_post_in_channel_where_kinship_is_not_is_undeliverable(slack: SlackHarness, error: str) -> None:
    slack.fake.answer("chat.postMessage", error)
    with pytest.raises(Undeliverable, match=error):
        await slack.channel.post_in_channel("T111", Place(CHANNEL), QUESTION)


async def test_post_in_channel_rate_limited_raises_rate_limited_with_slacks_wait(slack: SlackHarness) -> None:
    slack.fake.ratelimit("chat.postMessage", retry_after=30)
    with pytest.raises(RateLimited) as raised:
        await slack.channel.post_in_channel("T111", Place(CHANNEL), QUESTION)
    assert raised.value.retry_after == 30 and len(slack.fake.posts()) == 1
    slack.fake.ratelimit("chat.postMessage", retry_after=0)  # a short wait is waited out by the SDK's handler
    assert await slack.channel.post_in_channel("T111", Place(CHANNEL), QUESTION)


# --- thanks to someone who never wrote to Kinship ---------------------------------------------------------------


async def test_a_thank_you_reaches_a_colleague_through_a_dm_kinship_opens(
    slack: SlackHarness, store: Store, lead_world: World, clock: FixedClock
) -> None:
    slack.fake.names[AMY] = "Amy Jones"
    preview = (await slack.dm(f"thanks <@{CAL}|cal> for covering my break", user=AMY, channel="D222"))[-1]
    said = slack.incoming[-1]
    assert said.mentions == (CAL,) and said.text == f"thanks <@{CAL}> for covering my break"
    assert said.display_name == "Amy Jones"
    assert "Here's what they'll get" in texts(preview)
    ready = (await slack.press(buttons(preview)["Send with my name"], user=AMY, channel="D222"))[-1]
    assert slack.incoming[-1].display_name == "Amy Jones"  # a button press carries the name too
    assert "Amy Jones says thank you for covering my break" in texts(ready)
    await slack.press(buttons(ready)["Send"], user=AMY, channel="D222")
    assert len(slack.fake.calls_to("users.info")) == 1  # asked once, on first contact, then remembered

    await worker_pass(store, lead_world, slack, clock())
    assert CAL in [c.params["users"] for c in slack.fake.calls_to("conversations.open")]
    [note] = slack.fake.posts(f"D{CAL}")
    assert "Amy Jones says thank you for covering my break." in texts(note)
    assert "Say thank you back" in buttons(note)


@pytest.mark.parametrize("error", ["cannot_dm_bot", "user_not_found", "account_inactive"])
async def test_a_send_to_someone_whose_dm_cannot_be_opened_is_undeliverable(slack: SlackHarness, error: str) -> None:
    slack.fake.answer("conversations.open", error)
    with pytest.raises(Undeliverable, match=error):
        await slack.channel.send(Address("slack", "T111", CAL, ""), [Reply("Someone says thank you.")])
    assert slack.fake.posts() == []


async def test_the_senders_name_never_reaches_the_logs(slack: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    slack.fake.names[AMY] = "Zanzibar Quill"
    await slack.dm(f"thanks <@{CAL}> for the tea", user=AMY, channel="D222")
    await say(slack, "<@UBOT> status", AMY)
    assert slack.incoming[0].display_name == "Zanzibar Quill"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Zanzibar" not in logged and "for the tea" not in logged


# --- reading what was said ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "text", "mentions", "mentioned"),
    [
        ("<@UBOT> every Monday at 10:00", "every Monday at 10:00", (), True),
        ("<@UBOT|kinship>: pause", "pause", (), True),
        (
            "thanks <@W555|cal> and <@U777> &amp; <@W555>",
            "thanks <@W555> and <@U777> & <@W555>",
            ("W555", "U777"),
            False,
        ),
        ("ask <#C1|ward-7> <!here>", "ask #ward-7 @here", (), False),
        ("no mentions at all", "no mentions at all", (), False),
    ],
)
def test_kinships_own_mention_is_taken_out_and_other_peoples_are_kept_for_the_core(
    encoded: str, text: str, mentions: tuple[str, ...], mentioned: bool
) -> None:
    assert said(encoded, "UBOT") == Said(text, mentions, mentioned)
    assert "<@" not in slack_to_plain(encoded)  # the flag shortcut's words still hide who was mentioned
