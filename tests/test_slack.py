"""Kinship in Slack, end to end: signed, real-shaped payloads over HTTP to the shared aiohttp app, through the
real Bolt ``AsyncApp`` and the real ``Bot``, with the real ``AsyncWebClient`` talking to a fake Slack Web API
on 127.0.0.1 (``tests/slack_fake.py``)."""

from __future__ import annotations

import copy
import io
import json
import logging
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from slack_sdk.errors import SlackApiError

from bot.dialogue import World
from bot.domain.channel import RateLimited, Undeliverable
from bot.domain.org import Lead
from bot.domain.types import Address, Button, Reply
from bot.store import Store
from bot.turns.handler import Bot
from tests.fakes import FixedClock
from tests.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackHarness,
    buttons,
    dm_event,
    fixture,
    fresh_id,
    interaction_body,
    sign,
    texts,
    view_submission,
)

CASE_CODE = re.compile(r"case code is ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")


@pytest.fixture
async def slack(store: Store, world: World, clock: FixedClock, tmp_path: Path):
    async with SlackHarness(store, world, clock, tmp_path) as harness:
        yield harness


@pytest.fixture
def lead_world(world: World) -> World:
    """The demo organisation, with Slack user W333 of workspace T111 leading every unit."""
    org = replace(world.org, leads=(*world.org.leads, Lead("slack", "W333", ("*",), tenant="T111")))
    return World.build(world.content, org)


def block_types(call) -> list[str]:
    return [b["type"] for b in call.json("blocks")]


# --- direct messages and buttons ------------------------------------------------------------------------


async def test_a_dm_lesson_gets_block_kit_with_buttons_and_a_text_fallback(slack: SlackHarness) -> None:
    posts = await slack.dm("lesson")
    assert [p.params["channel"] for p in posts] == ["D222", "D222"]  # the welcome (first contact), the lesson
    lesson = posts[-1]
    assert block_types(lesson) == ["header", "section", "actions"]
    assert "Try this today" in texts(lesson)
    assert "Reflect on this" in buttons(lesson)
    assert lesson.params["text"].startswith(lesson.json("blocks")[0]["text"]["text"])  # fallback: title and text
    assert lesson.token == BOT_TOKEN
    incoming = slack.incoming[0]
    assert incoming.text == "lesson" and incoming.event_id.startswith("Ev")
    assert (incoming.address.platform, incoming.address.tenant, incoming.address.user) == ("slack", "T111", "W222")
    assert incoming.address.conversation == "D222"


async def test_pressing_a_button_is_the_buttons_value(slack: SlackHarness) -> None:
    lesson = (await slack.dm("lesson"))[-1]
    posts = await slack.press(buttons(lesson)["Reflect on this"])
    assert "A moment to reflect" in texts(posts[0])
    assert slack.incoming[-1].action == buttons(lesson)["Reflect on this"]
    assert slack.incoming[-1].event_id.startswith("t:333.444.")  # the trigger id: retries are dropped by it


async def test_a_long_choice_list_is_a_drop_down_and_choosing_works(slack: SlackHarness, world) -> None:
    intro = (await slack.dm("flag"))[-1]  # typed in the DM: no trigger, so the flag goes step by step
    select = [e for b in intro.json("blocks") for e in b.get("elements", []) if e["type"] == "static_select"]
    situations = len(world.content.scripts)
    assert len(select) == 1 and len(select[0]["options"]) == situations + 1  # every situation and "Something else"
    assert buttons(intro)["Cancel"] == "flag:cancel"
    posts = await slack.press("flag:cat:patient-racist-abuse", select=True)
    assert "Which unit or team was it in?" in "\n".join(texts(p) for p in posts)


async def test_a_dm_in_a_thread_is_answered_in_that_thread(slack: SlackHarness) -> None:
    threaded = copy.deepcopy(fixture("05_event_callback_message_im.json"))  # as Slack sent it: a thread reply
    threaded["event"]["text"] = "lesson"
    await slack.event(threaded)
    assert {p.params.get("thread_ts") for p in slack.fake.posts()} == {threaded["event"]["thread_ts"]}
    assert slack.fake.posts()[0].params["channel"] == threaded["event"]["channel"]


async def test_messages_that_are_not_a_person_writing_to_us_are_ignored(slack: SlackHarness) -> None:
    edited = dm_event("lesson")
    edited["event"]["subtype"] = "message_changed"
    from_a_bot = dm_event("lesson")
    from_a_bot["event"]["bot_id"] = "B999"
    in_a_channel = dm_event("lesson", channel="C111")
    in_a_channel["event"]["channel_type"] = "channel"
    for payload in (edited, from_a_bot, in_a_channel):
        assert (await slack.event(payload))[0] == 200
    assert slack.fake.shown() == []
    # said in a channel, it is a channel turn (tests/test_slack_channels.py), never the DM's: chatter, no reply
    assert [i.place is not None for i in slack.incoming] == [True]


# --- /kinship -------------------------------------------------------------------------------------------


async def test_kinship_script_command_answers_with_the_script_in_the_dm(slack: SlackHarness) -> None:
    status, body = await slack.command("script a patient just made a racist comment to my colleague")
    assert status == 200 and body == "I've answered in your direct messages with Kinship."  # shown in C111 only to them
    script = slack.fake.posts()[-1]
    assert script.params["channel"] == "DW222"  # opened with conversations.open, not the channel it was typed in
    assert "A patient or visitor makes a racist remark" in texts(script)
    assert "Safety first" in texts(script)
    assert slack.incoming[-1].text == "script a patient just made a racist comment to my colleague"
    assert [c.params["users"] for c in slack.fake.calls_to("conversations.open")] == ["W222"]


async def test_bare_kinship_is_help_and_no_note_when_typed_in_our_dm(slack: SlackHarness) -> None:
    await slack.dm("hello")  # we now know D222 is our DM with W222
    status, body = await slack.command("", channel="D222")
    assert (status, body) == (200, "")
    assert slack.incoming[-1].text == "help"
    assert "How I can help" in texts(slack.fake.posts()[-1])


# --- forms and shortcuts --------------------------------------------------------------------------------


async def test_the_flag_journey_from_a_message_shortcut(slack: SlackHarness) -> None:
    shortcut = copy.deepcopy(fixture("04b_message_action.json"))
    shortcut["callback_id"] = "kinship_flag_message"
    shortcut["trigger_id"] = fresh_id("777.888.")
    shortcut["user"]["id"] = "W222"
    shortcut["message"]["user"] = "W999"  # the author: never read, never shown
    shortcut["message"]["text"] = "<@W555> told Dr Smith to ring 07700 900123 &amp; shouted"
    assert (await slack.interact(shortcut))[0] == 200

    opened = slack.fake.calls_to("views.open")[-1]
    view = opened.json("view")
    assert opened.params["trigger_id"] == shortcut["trigger_id"]
    assert view["title"]["text"] == "Flag something"
    described = next(b for b in view["blocks"] if b.get("block_id") == "description")
    offered = described["element"]["initial_value"]
    assert offered == "[mention] told [name] to ring [phone] & shouted"  # redacted by bot.redact
    assert "W999" not in json.dumps(opened.params) and "07700" not in json.dumps(opened.params)

    complete = {"category": "patient-racist-abuse", "unit": "ward-7", "occurred": "today", "danger": "no"}
    without_unit = {k: v for k, v in complete.items() if k != "unit"}
    status, body = await slack.interact(view_submission(view, {**without_unit, "description": offered}))
    assert status == 200 and json.loads(body) == {"response_action": "errors", "errors": {"unit": "Please choose one."}}

    before = len(slack.fake.shown())
    status, body = await slack.interact(view_submission(view, {**complete, "description": offered}))
    assert (status, body) == (200, "")  # the modal closes; the preview arrives in the DM, seen only by them
    preview = slack.fake.shown()[before:][-1]
    assert preview.method == "chat.postEphemeral" and preview.params["user"] == "W222"
    assert "Here's exactly what a lead will see" in texts(preview)
    assert "[mention] told [name] to ring [phone] & shouted" in texts(preview)
    assert slack.incoming[-1].values["unit"] == "ward-7"

    flag_sent, for_the_record = await slack.press(buttons(preview)["Send"], ephemeral=True)
    assert flag_sent.method == "chat.postEphemeral" and CASE_CODE.search(texts(flag_sent))
    assert for_the_record.method == "chat.postMessage" and texts(for_the_record).startswith("Your flag was sent.")


async def test_a_form_the_core_refuses_comes_back_as_modal_errors(slack: SlackHarness) -> None:
    await slack.press("flag")  # "Flag something" pressed: the press has a trigger, so the modal opens
    view = slack.fake.calls_to("views.open")[-1].json("view")
    body = view_submission(
        view, {"category": "patient-racist-abuse", "unit": "ward-7", "occurred": "today", "danger": "no"}
    )
    # a unit the organisation no longer has (Slack would only send an offered option, the core checks anyway)
    body["view"]["state"]["values"]["unit"]["value"]["selected_option"]["value"] = "closed-ward"
    status, answer = await slack.interact(body)
    assert status == 200
    errors = json.loads(answer)
    assert errors["response_action"] == "errors" and "which unit" in errors["errors"]["category"]


async def test_a_slow_turn_still_closes_the_modal_in_time_and_answers_after(slack: SlackHarness) -> None:
    await slack.press("flag")
    view = slack.fake.calls_to("views.open")[-1].json("view")
    answers = {"category": "exclusion", "unit": "theatres", "occurred": "this-week", "danger": "no"}
    slack.channel.reply_budget, slack.slow_core = 0.05, 0.5
    posted = len(slack.fake.posts())
    status, body = await slack.post(
        interaction_body(view_submission(view, answers)), "application/x-www-form-urlencoded"
    )
    assert (status, body) == (200, "")  # acknowledged (the modal closes) at the budget…
    assert len(slack.fake.posts()) == posted  # …while the turn is still running
    await slack.channel.drain()
    assert "Here's exactly what a lead will see" in texts(slack.fake.shown()[-1])  # and its answer follows


async def test_the_global_shortcut_asks_what_happened_and_answers_with_a_script(slack: SlackHarness) -> None:
    shortcut = copy.deepcopy(fixture("04a_shortcut_global.json"))
    shortcut.update(callback_id="kinship_script", trigger_id=fresh_id("999.000."))
    shortcut["user"]["id"] = "W222"
    assert (await slack.interact(shortcut))[0] == 200
    view = slack.fake.calls_to("views.open")[-1].json("view")
    assert view["title"]["text"] == "Words to use" and len(view["title"]["text"]) <= 24
    status, body = await slack.interact(view_submission(view, {"situation": "a patient made a racist comment"}))
    assert (status, body) == (200, "")
    assert slack.incoming[-1].text == "script a patient made a racist comment"
    assert "A patient or visitor makes a racist remark" in texts(slack.fake.posts()[-1])


# --- retries and signatures -----------------------------------------------------------------------------


async def test_a_retried_event_gets_no_second_reply(slack: SlackHarness) -> None:
    payload = dm_event("lesson")
    await slack.event(payload)
    replies = len(slack.fake.posts())
    status, _ = await slack.event(payload, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200
    assert len(slack.fake.posts()) == replies
    assert [i.event_id for i in slack.incoming] == [payload["event_id"]] * 2  # reached the core, dropped there


@pytest.mark.parametrize("kind", ["bad", "missing", "stale", "garbled"])
async def test_a_request_without_a_good_signature_is_refused(slack: SlackHarness, kind: str) -> None:
    body = json.dumps(dm_event("lesson"))
    headers = {
        "bad": sign(body, secret="not-our-secret"),
        "missing": {},
        "stale": sign(body, timestamp=int(time.time()) - 6 * 60),  # right secret, outside the 5-minute window
        "garbled": {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"},
    }[kind]
    assert slack.client is not None
    response = await slack.client.post(
        "/slack/events", data=body, headers={"Content-Type": "application/json", **headers}
    )
    assert response.status == 401
    await slack.channel.drain()
    assert slack.incoming == [] and slack.fake.posts() == []


async def test_a_body_over_the_size_limit_is_413_and_a_malformed_one_400(slack: SlackHarness) -> None:
    assert slack.client is not None
    huge = json.dumps({"type": "event_callback", "padding": "x" * (1024 * 1024 + 10)})
    response = await slack.client.post(
        "/slack/events", data=io.BytesIO(huge.encode()), headers={"Content-Type": "application/json", **sign(huge)}
    )
    assert response.status == 413
    garbled = "{not json"
    response = await slack.client.post(
        "/slack/events", data=garbled, headers={"Content-Type": "application/json", **sign(garbled)}
    )
    assert response.status == 400
    response = await slack.client.post("/slack/events", data=garbled, headers={"Content-Type": "application/json"})
    assert response.status == 401  # unsigned: refused before anything parses it


# --- App Home -------------------------------------------------------------------------------------------


async def test_app_home_opened_from_an_org_wide_install_publishes_the_home_tab(slack: SlackHarness) -> None:
    payload = fixture("06_event_callback_app_home_opened_org_install.json")  # authorizations[0].team_id is null
    assert (await slack.event(payload))[0] == 200
    published = slack.fake.calls_to("views.publish")
    assert len(published) == 1 and published[0].params["user_id"] == "W111"
    view = published[0].json("view")
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert {"Today's lesson", "Settings"} <= set(_home_buttons(view))
    await slack.event(payload)  # the Messages tab again: already published, nothing to do
    assert len(slack.fake.calls_to("views.publish")) == 1
    home_tab = copy.deepcopy(payload)
    home_tab["event"]["tab"] = "home"
    await slack.event(home_tab)
    assert len(slack.fake.calls_to("views.publish")) == 2


async def test_someone_new_opening_the_app_gets_one_welcome_in_their_dm(
    store: Store, world: World, clock: FixedClock, tmp_path: Path
) -> None:
    payload = fixture("06_event_callback_app_home_opened_org_install.json")
    async with SlackHarness(store, world, clock, tmp_path) as slack:
        await slack.event(payload)
        [welcome] = slack.fake.posts()
        assert "Welcome to Kinship" in texts(welcome) and welcome.params["channel"] == payload["event"]["channel"]
    async with SlackHarness(store, world, clock, tmp_path) as again:  # a restart: the core remembers them
        await again.event(payload)
        assert again.fake.posts() == [] and len(again.fake.calls_to("views.publish")) == 1


def _home_buttons(view: dict) -> list[str]:
    return [e["text"]["text"] for b in view["blocks"] for e in b.get("elements", []) if e.get("type") == "button"]


async def test_a_home_button_answers_in_the_dm_of_an_org_wide_install(slack: SlackHarness) -> None:
    press = {
        **fixture("02_block_actions.json"),
        "container": {"type": "view", "view_id": "V1"},
        "is_enterprise_install": True,
        "trigger_id": fresh_id("121.212."),
    }
    press["team"] = None
    press["user"] = {"id": "W111", "team_id": "T111"}
    press["enterprise"] = {"id": "E111", "name": "Org"}
    press["actions"] = [{"action_id": "kinship.b0", "type": "button", "value": "lesson", "action_ts": "1.2"}]
    press.pop("channel")
    assert (await slack.interact(press))[0] == 200
    assert slack.incoming[-1].address.tenant == "E111"  # org-wide install: the enterprise is the tenant
    assert slack.fake.posts()[-1].params["channel"] == "DW111"


async def test_the_home_tab_shows_what_the_core_supplies(
    store: Store, world: World, clock: FixedClock, tmp_path: Path
) -> None:
    async def summary(address: Address) -> list[Reply]:
        return [
            Reply(
                title="Your units", text=f"3 flags this week for {address.user}", buttons=(Button("Review", "review"),)
            )
        ]

    async with SlackHarness(store, world, clock, tmp_path, home=summary) as slack:
        await slack.event(fixture("06_event_callback_app_home_opened_org_install.json"))
        view = slack.fake.calls_to("views.publish")[0].json("view")
        words = json.dumps(view)
        assert "Your units" in words and "3 flags this week for W111" in words and "Review" in _home_buttons(view)


async def test_the_home_tab_during_a_database_outage_says_so_without_a_traceback(
    store: Store, world: World, clock: FixedClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gone = await Store.open("postgresql://postgres@127.0.0.1:1/nowhere", run_migrations=False)
    try:
        async with SlackHarness(store, world, clock, tmp_path, home=Bot(gone, world, clock).home) as slack:
            with caplog.at_level(logging.INFO):
                await slack.event(fixture("06_event_callback_app_home_opened_org_install.json"))
                await slack.channel.drain()
            words = json.dumps(slack.fake.calls_to("views.publish")[0].json("view"))
    finally:
        await gone.close()
    assert "can't reach my records" in words and "116 123" in words
    assert not [r for r in caplog.records if r.exc_info], "an outage is one log line, not a traceback"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].startswith("home page not read: database unavailable")


# --- rendering limits and escaping ----------------------------------------------------------------------


async def test_a_reply_needing_60_blocks_is_split_into_messages_of_at_most_50(slack: SlackHarness) -> None:
    paragraph = "word " * 580  # 2,900 characters: one section each
    long = Reply(
        title="A long one", text="\n".join(paragraph.strip() for _ in range(59)), buttons=(Button("Help", "help"),)
    )
    await slack.channel.send(Address("slack", "T111", "W222", "D222", ""), [long])
    posts = slack.fake.posts("D222")
    assert [len(p.json("blocks")) for p in posts] == [50, 11]  # header + 59 sections + actions = 61
    assert posts[0].json("blocks")[0]["type"] == "header" and posts[-1].json("blocks")[-1]["type"] == "actions"
    assert all(0 < len(p.params["text"]) <= 3000 for p in posts)
    assert all(len(b["text"]["text"]) <= 3000 for p in posts for b in p.json("blocks") if b["type"] == "section")


async def test_mentions_and_links_in_a_flag_description_are_inert_for_the_lead(
    store: Store, lead_world: World, clock: FixedClock, tmp_path: Path
) -> None:
    hostile = "<!channel> <@U123> said *this* <https://evil.example|click here> & <!here>"
    async with SlackHarness(store, lead_world, clock, tmp_path) as slack:
        await slack.press("flag")
        view = slack.fake.calls_to("views.open")[-1].json("view")
        answers = {"category": "microaggression", "unit": "ward-7", "occurred": "today", "danger": "no"}
        await slack.interact(view_submission(view, {**answers, "description": hostile}))
        await slack.press("flag:send")

        review = (await slack.dm("review", user="W333", channel="D333"))[-1]
        opened = (await slack.press(buttons(review)["Open 1"], user="W333", channel="D333"))[-1]
        words = texts(opened)
        assert "<!channel>" in words and "<https://evil.example|click here>" in words  # shown as typed…
        for block in opened.json("blocks"):  # …but only ever as plain_text, which Slack never parses
            text = block.get("text")
            if isinstance(text, dict) and "channel" in text["text"]:
                assert text["type"] == "plain_text"
        fallback = opened.params["text"]  # parsed by Slack (notifications): escaped
        assert "&lt;!channel&gt;" in fallback and "&lt;https://evil.example|click here&gt;" in fallback
        assert "<!" not in fallback and "<@" not in fallback and "<http" not in fallback


async def test_the_same_user_id_from_another_workspace_is_not_a_lead(
    store: Store, lead_world: World, clock: FixedClock, tmp_path: Path
) -> None:
    """W333 leads in workspace T111; a DM from W333 of workspace T222 is someone else (issue 16, finding 8)."""
    async with SlackHarness(store, lead_world, clock, tmp_path) as slack:
        elsewhere = dm_event("review", user="W333", channel="D334")
        elsewhere["team_id"] = elsewhere["event"]["team"] = "T222"
        elsewhere["authorizations"][0]["team_id"] = "T222"
        before = len(slack.fake.posts())
        status, _ = await slack.event(elsewhere)
        assert status == 200
        assert slack.incoming[-1].address.person_key == ("slack", "T222", "W333")
        assert "only for the leads of a unit" in texts(slack.fake.posts()[before:][-1])

        review = (await slack.dm("review", user="W333", channel="D333"))[-1]  # the lead, in their own workspace
        assert slack.incoming[-1].address.person_key == ("slack", "T111", "W333")
        assert "only for the leads of a unit" not in texts(review)


# --- people ---------------------------------------------------------------------------------------------


async def test_the_users_info_time_zone_becomes_the_persons_time_zone(slack: SlackHarness) -> None:
    slack.fake.zones["W444"] = "America/New_York"
    posts = await slack.dm("settings", user="W444", channel="D444")
    assert "Time zone: America/New_York" in texts(posts[-1])
    assert slack.incoming[-1].timezone == "America/New_York"
    await slack.dm("lesson", user="W444", channel="D444")
    assert len(slack.fake.calls_to("users.info")) == 1  # cached


async def test_a_slow_users_info_delays_nothing_but_the_time_zone(slack: SlackHarness) -> None:
    slack.fake.hang("users.info", 1.0)
    status, _ = await slack.post(json.dumps(dm_event("settings", user="W555", channel="D555")), "application/json")
    assert status == 200 and len(slack.incoming) == 1  # acknowledged once the turn is saved (within the budget)
    await slack.channel.drain()
    assert slack.incoming[-1].timezone == ""  # gave up after the lookup timeout…
    assert "Time zone: Europe/London" in texts(slack.fake.posts()[-1])  # …so the organisation's zone is used


# --- proactive sends ------------------------------------------------------------------------------------

NUDGE = [Reply(title="Today's lesson", text="Two minutes for kindness.", buttons=(Button("Read it", "lesson"),))]
SOMEONE = Address("slack", "T111", "W222", "D222", json.dumps({"e": "", "org": False, "t": "T111"}))


@pytest.mark.parametrize(
    "error", ["account_inactive", "user_not_found", "cannot_dm_bot", "is_archived", "invalid_auth", "token_revoked"]
)
async def test_proactive_send_to_someone_unreachable_is_undeliverable(slack: SlackHarness, error: str) -> None:
    slack.fake.answer("chat.postMessage", error)
    with pytest.raises(Undeliverable, match=error):
        await slack.channel.send(SOMEONE, NUDGE)


async def test_proactive_send_when_rate_limited_raises_rate_limited_with_retry_after(slack: SlackHarness) -> None:
    slack.fake.ratelimit("chat.postMessage", retry_after=30)
    with pytest.raises(RateLimited) as raised:
        await slack.channel.send(SOMEONE, NUDGE)
    assert raised.value.retry_after == 30
    assert len(slack.fake.posts()) == 1  # not slept through and retried: the worker paces the workspace instead


async def test_a_short_retry_after_is_waited_out_by_the_sdk_retry_handler(slack: SlackHarness) -> None:
    slack.fake.ratelimit("chat.postMessage", retry_after=0)
    await slack.channel.send(SOMEONE, NUDGE)
    assert len(slack.fake.posts()) == 2  # refused once, then delivered


async def test_proactive_send_opens_the_dm_when_it_has_none_or_a_stale_one(slack: SlackHarness) -> None:
    await slack.channel.send(replace(SOMEONE, conversation=""), NUDGE)
    assert slack.fake.posts()[-1].params["channel"] == "DW222"
    slack.channel.directory.channels.forget(("T111", "W222"))
    slack.fake.answer("chat.postMessage", "channel_not_found")
    await slack.channel.send(replace(SOMEONE, conversation="DGONE"), NUDGE)
    assert [p.params["channel"] for p in slack.fake.posts()[-2:]] == ["DGONE", "DW222"]


async def test_a_passing_failure_is_left_for_the_worker_to_retry(slack: SlackHarness) -> None:
    slack.fake.answer("chat.postMessage", "internal_error", status=500)
    with pytest.raises(SlackApiError):
        await slack.channel.send(SOMEONE, NUDGE)


# --- logs -----------------------------------------------------------------------------------------------


async def test_no_message_text_secret_or_payload_reaches_the_logs(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything, from Bolt, the SDK and us
    await slack.dm("purple elephant on ward seven")
    unhandled = dm_event("zebra crossing")
    unhandled["event"]["type"] = "reaction_added"  # events we do not use are acknowledged, not 404
    assert (await slack.event(unhandled))[0] == 200
    unknown = interaction_body(
        {**fixture("02_block_actions.json"), "actions": [{"action_id": "other", "value": "zebra crossing"}]}
    )
    assert (await slack.post(unknown, "application/x-www-form-urlencoded"))[0] == 404  # Bolt logs its body
    assert slack.client is not None
    body = json.dumps(dm_event("tangerine dream"))
    await slack.client.post("/slack/events", data=body, headers={"Content-Type": "application/json", **sign(body, "x")})
    ours = [r for r in caplog.records if r.name.startswith(("adapters", "slack_bolt", "slack_sdk", "kinship"))]
    assert ours, "the Slack loggers were not captured"
    logged = "\n".join(r.getMessage() for r in ours)
    for secret in ("purple elephant", "zebra crossing", "tangerine dream", BOT_TOKEN, SIGNING_SECRET, "W222"):
        assert secret not in logged


async def test_unsigned_interactivity_payloads_are_refused_too(slack: SlackHarness) -> None:
    assert slack.client is not None
    body = interaction_body({"type": "block_actions", "actions": []})
    response = await slack.client.post(
        "/slack/events", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 401


async def test_a_signed_button_press_naming_no_button_is_a_400_not_a_crash(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Found by the bad-input suite: Bolt reads ``actions[0]`` while matching listeners (and again in its own
    error handler), so an empty list was an IndexError, a 500 and a traceback."""
    with caplog.at_level(logging.INFO):
        status, _ = await slack.interact({**fixture("02_block_actions.json"), "actions": []})
    assert status == 400
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert slack.incoming == [] and slack.fake.posts() == []


# --- triage, through Bolt with signed payloads -----------------------------------------------------------


async def test_groping_typed_in_the_dm_is_answered_to_the_person_it_happened_to(slack: SlackHarness) -> None:
    await slack.dm("hello")
    posts = await slack.dm("a patient grabbed my bum while I was doing his obs and I'm still shaking")
    said = texts(posts[-1])
    assert "sexual assault" in said and "isn't your fault" in said and "your colleague" not in said.lower()
    assert buttons(posts[-1])["Flag it anonymously"] == "flag:cat:patient-sexual-harassment"


async def test_kinship_script_while_a_reflection_waits_is_a_script_not_a_reflection(slack: SlackHarness) -> None:
    await slack.dm("reflect")
    status, _ = await slack.command("script a patient just made a racist comment to my colleague")
    assert status == 200
    assert "A patient or visitor makes a racist remark" in texts(slack.fake.posts()[-1])
    posts = await slack.dm("reflections")
    assert "racist" not in texts(posts[-1])  # nothing was saved as a reflection
