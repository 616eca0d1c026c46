"""Replies that name a flag stay out of the DM's stored history in Slack (issue 16, finding 5 and build 4).

A workspace admin with export or eDiscovery rights can read a person's DM with the app beside their name, so
every reply the core marks ``off_record`` (the preview, "Flag sent" with the case code, status, withdrawing,
the reporter-reply prompts, a lead's reply relayed to the reporter) is posted with ``chat.postEphemeral``:
shown to that person only, kept in no history. Driven end to end: signed payloads through the real Bolt app,
the real ``Bot`` and the real Web API client, against the fake Slack Web API (``tests/slack_fake.py``).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from pathlib import Path

import pytest
from slack_sdk.errors import SlackApiError

from bot.dialogue import World
from bot.domain.channel import RateLimited, Undeliverable
from bot.domain.org import Lead
from bot.domain.types import Address, Reply
from bot.outbound.worker import Worker
from bot.store import Store
from tests.fakes import FixedClock
from tests.slack_fake import Call, SlackHarness, buttons, texts, view_submission

CASE_CODE = re.compile(r"case code is ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")
WORDS = "the relative threw a cup of tea across the nurses station and swore at the bank nurse"
ANSWERS = {"category": "patient-racist-abuse", "unit": "ward-7", "occurred": "today", "danger": "no"}
IN_THE_OPEN = ("chat.postMessage", "chat.update", "chat.scheduleMessage", "chat.meMessage")
REPORTERS_DM = ("D222", "DW222")  # as the events name it, and as conversations.open would
REPORTER = Address("slack", "T111", "W222", "D222", json.dumps({"e": "", "org": False, "t": "T111"}))


@pytest.fixture
def lead_world(world: World) -> World:
    """The demo organisation, with Slack user W333 of workspace T111 leading every unit."""
    return World.build(world.content, replace(world.org, leads=(Lead("slack", "W333", ("*",), tenant="T111"),)))


@pytest.fixture
async def slack(store: Store, lead_world: World, clock: FixedClock, tmp_path: Path):
    async with SlackHarness(store, lead_world, clock, tmp_path) as harness:
        yield harness


def everything(call: Call) -> str:
    """Every parameter of a call, as sent (text, blocks, view): what Slack would keep of it."""
    return json.dumps(call.params)


def open_calls(slack: SlackHarness) -> list[Call]:
    """What was posted in the open to the reporter (a lead's own DM shows the flag's words by design)."""
    return [c for c in slack.fake.calls if c.method in IN_THE_OPEN and c.params.get("channel") in REPORTERS_DM]


def assert_only_ephemeral(slack: SlackHarness, *secrets: str) -> None:
    """Each secret appears in some ephemeral post to the reporter, and in nothing posted in the open."""
    for secret in secrets:
        variants = {secret, secret.replace("-", "")}
        assert any(secret in everything(c) for c in slack.fake.ephemerals()), f"{secret!r} was never shown"
        for call in open_calls(slack):
            for variant in variants:
                assert variant not in everything(call), f"{variant!r} was posted in the open ({call.method})"
    for call in slack.fake.ephemerals("D222"):
        assert call.params["user"] == "W222"  # shown to the reporter only, in their DM with the app


async def send_a_flag(slack: SlackHarness, *, hear_back: bool = False) -> tuple[str, Call]:
    """The flag form as a modal, the preview, Send: returns the case code and the "Flag sent" reply."""
    await slack.dm("hello")
    await slack.press("flag")  # a press has a trigger: the form opens as a modal
    view = slack.fake.calls_to("views.open")[-1].json("view")
    before = len(slack.fake.shown())
    status, body = await slack.interact(view_submission(view, {**ANSWERS, "description": WORDS}))
    assert (status, body) == (200, "")
    [preview] = slack.fake.shown()[before:]
    assert preview.method == "chat.postEphemeral" and WORDS in texts(preview)
    label = "Send, and let me hear back" if hear_back else "Send"
    flag_sent, for_the_record = await slack.press(buttons(preview)[label], ephemeral=True)
    code = CASE_CODE.search(texts(flag_sent))
    assert flag_sent.method == "chat.postEphemeral" and code
    assert for_the_record.method == "chat.postMessage" and texts(for_the_record).startswith("Your flag was sent.")
    assert for_the_record.params["channel"] == "D222"
    return code.group(1), flag_sent


async def test_a_whole_flag_journey_keeps_the_code_and_the_words_out_of_the_dm_history(slack: SlackHarness) -> None:
    code, flag_sent = await send_a_flag(slack)

    status = await slack.press(buttons(flag_sent)["Check status"], ephemeral=True)  # on the ephemeral message
    assert [c.method for c in status] == ["chat.postEphemeral"]
    assert f"Flag {code}" in texts(status[0])

    confirm = await slack.press(buttons(status[0])["Withdraw this flag"], ephemeral=True)
    assert [c.method for c in confirm] == ["chat.postEphemeral"] and code in texts(confirm[0])
    withdrawn = await slack.press(buttons(confirm[0])["Yes, withdraw it"], ephemeral=True)
    assert [c.method for c in withdrawn] == ["chat.postEphemeral"] and "is withdrawn" in texts(withdrawn[0])

    typed = await slack.dm(f"status {code}")  # typed in the DM: the answer is off the record too
    assert [c.method for c in typed] == ["chat.postEphemeral"]

    assert_only_ephemeral(slack, code, WORDS)
    assert not slack.fake.calls_to("chat.update")


async def test_a_press_on_an_ephemeral_message_is_taken_as_being_in_our_dm(slack: SlackHarness) -> None:
    _, flag_sent = await send_a_flag(slack)
    slack.channel.directory.channels.forget(("T111", "W222"))  # as after a restart
    opened = len(slack.fake.calls_to("conversations.open"))
    [status] = await slack.press(buttons(flag_sent)["Check status"], ephemeral=True)
    assert status.params["channel"] == "D222" and status.params["user"] == "W222"
    assert len(slack.fake.calls_to("conversations.open")) == opened  # the DM was learnt from the press itself
    assert slack.incoming[-1].address.conversation == "D222"


async def test_a_leads_reply_relayed_by_the_worker_is_ephemeral(
    slack: SlackHarness, store: Store, lead_world: World, clock: FixedClock
) -> None:
    code, _ = await send_a_flag(slack, hear_back=True)
    review = (await slack.dm("review", user="W333", channel="D333"))[-1]
    opened = (await slack.press(buttons(review)["Open 1"], user="W333", channel="D333"))[-1]
    await slack.press(buttons(opened)["Reply to the reporter"], user="W333", channel="D333")
    await slack.dm("Thank you, we are looking into it", user="W333", channel="D333")

    before = len(slack.fake.shown("D222"))
    assert (await Worker(store, lead_world, {"slack": slack.channel}).run_once(clock())).relayed == 1
    [relayed, note] = slack.fake.shown("D222")[before:]
    assert relayed.method == "chat.postEphemeral" and relayed.params["user"] == "W222"
    assert note.method == "chat.postMessage" and "A lead has replied" in texts(note)  # all the history keeps
    assert code not in texts(note) and "looking into it" not in texts(note)
    assert "we are looking into it" in texts(relayed) and code in texts(relayed)

    opened_before = len(slack.fake.calls_to("views.open"))
    await slack.press(buttons(relayed)["Reply"], ephemeral=True)  # the reporter answers from it, in a modal
    [form] = slack.fake.calls_to("views.open")[opened_before:]
    view = form.json("view")
    assert "Reply to the lead" in str(view["title"])
    status, _ = await slack.interact(view_submission(view, {"words": "It was on the late shift"}))
    assert status == 200
    assert_only_ephemeral(slack, code, WORDS, "we are looking into it")
    assert not any("late shift" in texts(c) for c in slack.fake.calls_to("chat.postMessage"))  # never in the DM
    kept = await store.run(
        lambda tx: [m.text for f in tx.released_flags(["ward-7"], clock()) for m in tx.flag_messages(f.id)]
    )
    assert any("late shift" in text for text in kept)  # the reply itself reached Kinship, for the lead


async def test_a_refused_ephemeral_post_is_never_posted_in_the_open_instead(
    slack: SlackHarness, store: Store, lead_world: World, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    await slack.dm("hello")
    await slack.press("flag")
    view = slack.fake.calls_to("views.open")[-1].json("view")
    slack.fake.answer("chat.postEphemeral", "internal_error")
    with caplog.at_level(logging.WARNING, logger="adapters"):
        assert (await slack.interact(view_submission(view, {**ANSWERS, "description": WORDS})))[0] == 200
    assert [c.ok for c in slack.fake.ephemerals()] == [False]  # the preview was refused…
    assert not any(WORDS in everything(c) for c in open_calls(slack))  # …and not posted in the open instead
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("adapters")]
    assert lines == ["slack: an off-the-record reply could not be delivered (internal_error)"]
    assert not [r for r in caplog.records if r.exc_info]

    # a reporter's flag turn is never kept as owed (bot/turns/owed.py): nothing is sent later, in the open or
    # not; the draft waits, and the person can ask again (typing "status" for a sent flag)
    clock.advance(minutes=5)
    await Worker(store, lead_world, {"slack": slack.channel}).run_once(clock())
    assert not any(WORDS in everything(c) for c in open_calls(slack))
    assert len(slack.fake.ephemerals()) == 1


# --- proactive sends ------------------------------------------------------------------------------------

SECRET = Reply(title="Flag sent", text="Your case code is K7QX-M2PA-9RTD.", off_record=True)
ORDINARY = Reply(text="Your flag was sent.")


async def test_a_proactive_send_posts_each_reply_its_own_way_in_order(slack: SlackHarness) -> None:
    await slack.channel.send(REPORTER, [SECRET, ORDINARY])
    assert [(c.method, c.params["channel"]) for c in slack.fake.shown()] == [
        ("chat.postEphemeral", "D222"),
        ("chat.postMessage", "D222"),
    ]
    assert_only_ephemeral(slack, "K7QX-M2PA-9RTD")


async def test_a_proactive_ephemeral_send_keeps_the_rate_limit_rules(slack: SlackHarness) -> None:
    slack.fake.ratelimit("chat.postEphemeral", retry_after=0)
    await slack.channel.send(REPORTER, [SECRET])
    assert [c.ok for c in slack.fake.ephemerals()] == [False, True]  # waited out by the SDK's retry handler
    slack.fake.ratelimit("chat.postEphemeral", retry_after=30)
    with pytest.raises(RateLimited) as raised:
        await slack.channel.send(REPORTER, [SECRET])
    assert raised.value.retry_after == 30
    assert slack.fake.posts() == []


@pytest.mark.parametrize("error", ["account_inactive", "user_not_found", "invalid_auth"])
async def test_a_proactive_ephemeral_send_to_someone_unreachable_is_undeliverable(
    slack: SlackHarness, error: str
) -> None:
    slack.fake.answer("chat.postEphemeral", error)
    with pytest.raises(Undeliverable, match=error):
        await slack.channel.send(REPORTER, [SECRET])
    assert slack.fake.posts() == []


async def test_a_proactive_ephemeral_send_that_fails_is_a_passing_failure_with_no_fallback(
    slack: SlackHarness,
) -> None:
    slack.fake.answer("chat.postEphemeral", "internal_error", status=500)
    with pytest.raises(SlackApiError):
        await slack.channel.send(REPORTER, [SECRET, ORDINARY])
    assert slack.fake.posts() == []  # nothing after the refused one either: the order is kept for the retry


@pytest.mark.parametrize("error", ["channel_not_found", "user_not_in_channel"])
async def test_a_stale_dm_channel_is_opened_afresh_for_an_ephemeral_send(slack: SlackHarness, error: str) -> None:
    slack.fake.answer("chat.postEphemeral", error)
    await slack.channel.send(replace(REPORTER, conversation="DGONE"), [SECRET])
    assert [(c.params["channel"], c.ok) for c in slack.fake.ephemerals()] == [("DGONE", False), ("DW222", True)]
