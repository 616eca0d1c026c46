"""Kinship in Teams, end to end over HTTP: real-shaped activities (tests/data/teams) are POSTed to the real
aiohttp app with the real Agents SDK adapter (anonymous mode), and the replies are read back from a fake Bot
Connector on 127.0.0.1 that the activities' ``serviceUrl`` points at."""

from __future__ import annotations

import itertools
import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from adapters.teams.channel import TeamsChannel
from adapters.teams.send import RetryPolicy, TeamsSendError
from bot.app.compose import Runtime
from bot.app.compose import teams_channel as create_channel  # as `serve` builds it
from bot.app.web import make_web_app
from bot.dialogue import World
from bot.domain.channel import RateLimited, Undeliverable
from bot.domain.config import DEMO_ORG_PATH, Config
from bot.domain.content import load_content
from bot.domain.org import load_organisation
from bot.domain.types import Address, Reply
from bot.store import Store
from bot.store.tables import people
from bot.turns.handler import Bot
from tests.fakes import FixedClock
from tests.servers import serve_app
from tests.teams_fake import FakeConnector, activity_from, card_actions, card_inputs, card_texts

LEAD_AAD = "5f0ab5c4-7d3a-4b63-9e0d-2a1f3c9b8e71"  # the lead's Entra object id, as an organisation configures it
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"  # the tenant of fixture 02, and the lead's
INSTALL = "01_conversationUpdate_personal_install.json"
MESSAGE = "02_message_personal_chat.json"
COMMAND = "03_message_personal_command_with_tenant.json"
CARD_ACTION = "04_invoke_adaptiveCard_action.json"
CHANNEL_SUBMIT = "05_message_value_from_card_submit.json"
EXPECT_REPLIES = "06_agents_sdk_testing_message_personal_expectReplies.json"
FAST = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.01)


@pytest.fixture(scope="module")
def teams_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The demo organisation, plus a Teams lead for every unit (leads are configured by Entra object id)."""
    text = DEMO_ORG_PATH.read_text(encoding="utf-8")
    console_lead = '    - {platform: console, user: lead, units: ["*"]}\n'
    assert console_lead in text
    org = tmp_path_factory.mktemp("org") / "org.yaml"
    lead = f'    - {{platform: teams, tenant: {TENANT}, user: {LEAD_AAD}, units: ["*"]}}\n'
    org.write_text(text.replace(console_lead, console_lead + lead))
    return World.build(load_content(Config().content_dir), load_organisation(org))


@dataclass
class Teams:
    """Kinship's web app with the Teams channel mounted, the fake connector, and helpers to talk to it."""

    url: str
    connector: FakeConnector
    channel: TeamsChannel
    store: Store
    http: aiohttp.ClientSession

    def __post_init__(self) -> None:
        self._ids = itertools.count(1000)

    async def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with self.http.post(self.url, json=activity, headers=headers or {}) as response:
            body = await response.text()
            return response.status, json.loads(body) if body else None

    def message(self, user: str = "amy", **changes: Any) -> dict[str, Any]:
        """A personal-chat message (fixture 02) from ``user``, with a fresh activity id."""
        activity = activity_from(MESSAGE, self.connector.service_url, id=f"{next(self._ids)}", **changes)
        if user != "megan":  # fixture 02's own sender is Megan Bowen
            aad = LEAD_AAD if user == "lead" else str(uuid.uuid5(uuid.NAMESPACE_URL, user))
            activity["from"] = {"id": f"29:{user}-teams-id", "name": user.title(), "aadObjectId": aad}
            activity["conversation"] = {"conversationType": "personal", "id": f"a:{user}-personal-chat"}
        return activity

    async def say(self, text: str, user: str = "amy") -> list[dict[str, Any]]:
        """Send ``text`` and return the cards Kinship answered with."""
        return await self._turn(self.message(user, text=text))

    async def submit(self, data: dict[str, Any], user: str = "amy") -> list[dict[str, Any]]:
        """Press an Action.Submit: Teams sends a message whose ``value`` is the action's data (plus inputs)."""
        return await self._turn(self.message(user, text=None, value=data))

    async def _turn(self, activity: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.connector.posts)
        status, _ = await self.post(activity)
        assert status == 202
        return [
            a["content"] for p in self.connector.posts[before:] if p.accepted for a in p.activity.get("attachments", [])
        ]


def text_of(cards: list[dict[str, Any]]) -> str:
    return "\n".join(t for card in cards for t in card_texts(card))


def button(cards: list[dict[str, Any]], label: str) -> dict[str, Any]:
    for card in cards:
        for action in card_actions(card):
            if action["title"].lower().startswith(label.lower()):
                return action["data"]
    raise AssertionError(f"no button {label!r}")


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def teams(store: Store, teams_world: World, clock: FixedClock, connector: FakeConnector) -> AsyncIterator[Teams]:
    config = Config(teams_allow_anonymous=True)
    bot = Bot(store, teams_world, clock)
    app = make_web_app(Runtime(config, store, bot))
    channel = create_channel(config, bot.handle, delivered=bot.delivered)  # as `serve` wires it
    channel.proactive = channel.reactive = FAST
    channel.mount(app)
    await channel.start()
    runner, port = await serve_app(app, access_log=None)
    async with aiohttp.ClientSession() as http:
        yield Teams(f"http://127.0.0.1:{port}/api/messages", connector, channel, store, http)
    await channel.stop()
    await runner.cleanup()


async def person_rows(store: Store) -> list[Any]:
    return await store.run_on_connection(lambda conn: list(conn.execute(select(people)).all()))


async def stored_address(store: Store, user: str) -> Address:
    row = next(r for r in await person_rows(store) if r.user_id == user)
    return Address(row.platform, row.tenant, row.user_id, row.conversation, row.ref)


# --- conversations --------------------------------------------------------------------------------------


async def test_lesson_in_personal_chat_is_an_adaptive_card_with_buttons_and_a_text_fallback(teams: Teams) -> None:
    await teams.say("hello")  # first contact: the welcome
    cards = await teams.say("lesson")
    assert len(cards) == 1
    card = cards[0]
    assert card["type"] == "AdaptiveCard" and float(card["version"]) <= 1.5
    assert len(json.dumps(card).encode()) < 80_000
    title = card["body"][0]
    assert title["weight"] == "Bolder" and title["size"] == "Large" and title["text"]
    assert "Try this today" in text_of(cards)
    actions = card_actions(card)
    assert actions and all(a["type"] == "Action.Submit" and set(a["data"]) == {"action"} for a in actions)
    assert actions[0]["title"] == "Reflect on this"
    activity = teams.connector.activities()[-1]
    assert activity["summary"].startswith(title["text"] + ": ")  # notification text; the card's fallback is whole
    assert "Try this today" in card["fallbackText"]
    assert teams.connector.posts[-1].reply_to is not None  # answered in reply to the message


async def test_the_bot_mention_is_taken_out_of_the_text(teams: Teams) -> None:
    await teams.say("hi")
    activity = teams.message(text="<at>Kinship</at> lesson")
    recipient = activity["recipient"]
    activity["entities"] = [
        {"type": "mention", "text": "<at>Kinship</at>", "mentioned": {"id": recipient["id"], "name": "Kinship"}}
    ]
    assert "Try this today" in text_of(await teams._turn(activity))


async def test_a_card_submit_presses_the_button(teams: Teams) -> None:
    await teams.say("hi")
    lesson = await teams.say("lesson")
    reflect = button(lesson, "Reflect on this")
    # fixture 05 is the shape Teams sends for a card button: a message whose value is the action's data
    submitted = activity_from(CHANNEL_SUBMIT, teams.connector.service_url, value=reflect, text=None, id="f:777")
    envelope = teams.message()
    for key in ("from", "conversation", "recipient", "channelData"):
        submitted[key] = envelope[key]
    cards = await teams._turn(submitted)
    assert "A moment to reflect" in text_of(cards)


async def test_the_flag_journey_as_a_card_form_and_what_the_lead_sees(teams: Teams) -> None:
    await teams.say("hi")
    cards = await teams.say("flag")
    form = next(c for c in cards if card_inputs(c))
    inputs = {i["id"]: i for i in card_inputs(form)}
    assert list(inputs) == ["category", "unit", "occurred", "danger", "description"]
    assert inputs["unit"]["type"] == "Input.ChoiceSet" and inputs["unit"]["isRequired"] is True
    assert inputs["unit"]["errorMessage"]
    assert inputs["description"]["type"] == "Input.Text" and inputs["description"]["isRequired"] is False
    send = next(a for a in card_actions(form) if a["data"]["action"] == "flag:form")
    assert send["type"] == "Action.Submit"
    assert not [a for a in card_actions(form) if a is not send]  # the form replaces the step-by-step buttons

    category = inputs["category"]["choices"][0]["value"]
    missing_unit = {**send["data"], "category": category, "occurred": "today", "danger": "no"}
    retry = await teams.submit(missing_unit)
    assert "Please choose which unit" in text_of(retry)
    assert any(card_inputs(c) for c in retry)  # the form again

    words = "Dr Jane Smith (bleep 4321) said [link](http://evil) was **bold** of me"
    preview = await teams.submit({**missing_unit, "unit": "ward-7", "description": words})
    assert "exactly what a lead will see" in text_of(preview)
    assert "[name] (bleep [phone]) said [link]（http://evil)" in text_of(preview)  # brackets and space kept
    sent = await teams.submit(button(preview, "Send"))
    code = re.search(r"case code is ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})", text_of(sent))
    assert code, text_of(sent)

    await teams.say("hi", user="lead")
    flags = await teams.say("review", user="lead")
    assert "Flags to review" in text_of(flags)
    detail = text_of(await teams.submit(button(flags, "Open 1"), user="lead"))
    assert "In their words" in detail
    assert "](" not in detail and "**" not in detail  # inert: no link, no bold
    assert "[link]（http://evil)" in detail and "∗∗bold∗∗" in detail
    assert "[name] (bleep [phone])" in detail and "（bleep" not in detail


async def test_the_lead_s_user_id_from_another_tenant_is_not_a_lead(teams: Teams) -> None:
    """The lead's Entra object id arriving from another tenant is someone else (issue 16, finding 8)."""
    other = {"tenant": {"id": "0b0b0b0b-0000-4000-8000-000000000000"}}
    elsewhere = await teams._turn(teams.message("lead", text="review", channelData=other))
    assert "only for the leads of a unit" in text_of(elsewhere)
    assert "Flags to review" in text_of(await teams.say("review", user="lead"))  # the lead, in their own tenant


async def test_a_repeated_activity_id_gets_no_second_reply(teams: Teams) -> None:
    activity = teams.message(text="lesson")
    assert (await teams.post(activity))[0] == 202
    answered = len(teams.connector.posts)
    assert answered >= 1
    assert (await teams.post(activity))[0] == 202  # Teams retrying the same delivery
    assert len(teams.connector.posts) == answered


async def test_the_same_activity_id_in_two_chats_is_two_messages(teams: Teams) -> None:
    """Teams message ids are millisecond timestamps: two people can write in the same millisecond."""
    first = activity_from(MESSAGE, teams.connector.service_url, text="lesson")
    second = activity_from(COMMAND, teams.connector.service_url, id=first["id"], text="lesson")
    assert first["conversation"]["id"] != second["conversation"]["id"]
    for activity in (first, second):
        assert (await teams.post(activity))[0] == 202
        assert "Try this today" in text_of(teams.connector.cards(activity["conversation"]["id"]))


async def test_install_sends_the_welcome_and_stores_the_conversation_reference(teams: Teams) -> None:
    install = activity_from(INSTALL, teams.connector.service_url)
    assert (await teams.post(install))[0] == 202
    assert "Welcome to Kinship" in text_of(teams.connector.cards())
    [row] = await person_rows(teams.store)
    assert (row.platform, row.tenant, row.user_id) == (
        "teams",
        "f5ffd8cf-a1aa-4242-adad-86509faa3be5",  # channelData.tenant.id
        "a6de2a64-9501-4e16-9e50-74df223570a3",  # from.aadObjectId
    )
    ref = json.loads(row.ref)
    assert ref["serviceUrl"] == teams.connector.service_url
    assert ref["conversation"]["id"] == install["conversation"]["id"] == row.conversation
    assert ref["user"]["id"] == install["from"]["id"] and ref["bot"]["id"] == install["recipient"]["id"]
    assert "activityId" not in ref and "requestId" not in ref and "name" not in ref["user"]


async def test_the_stored_reference_does_not_change_from_message_to_message(teams: Teams) -> None:
    """No activity id in it, so a person's row is not rewritten on every turn."""
    await teams.say("hi")
    first = (await person_rows(teams.store))[0].ref
    await teams.say("lesson")
    assert (await person_rows(teams.store))[0].ref == first


async def test_a_group_chat_never_reaches_the_core(teams: Teams) -> None:
    """Team channels are served (tests/test_teams_channels.py); group chats are refused, plainly."""
    group = {"id": "19:meeting-or-group@thread.v2", "conversationType": "groupChat", "isGroup": True}
    activity = activity_from(CHANNEL_SUBMIT, teams.connector.service_url, conversation=group, value=None)
    activity["channelData"] = {"tenant": activity["channelData"]["tenant"]}
    status, _ = await teams.post(activity)
    assert status == 202
    assert "don't work in group chats" in teams.connector.activities()[-1]["summary"]
    assert await person_rows(teams.store) == []


async def test_an_adaptive_card_action_invoke_gets_an_invoke_response(teams: Teams) -> None:
    envelope = teams.message()
    refresh = activity_from(CARD_ACTION, teams.connector.service_url, id="invoke-1")
    for key in ("from", "conversation", "recipient", "channelData", "channelId"):
        refresh[key] = envelope[key]
    status, body = await teams.post(refresh)  # trigger "automatic": a refresh we have nothing for
    assert status == 200 and body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert await person_rows(teams.store) == []  # no turn for the core

    execute = {"type": "Action.Execute", "verb": "lesson", "data": {}}
    pressed = {**refresh, "id": "invoke-2", "value": {"action": execute, "trigger": "manual"}}
    status, body = await teams.post(pressed)
    assert status == 200 and body["statusCode"] == 200
    assert "Try this today" in text_of(teams.connector.cards())


async def test_expect_replies_returns_the_cards_in_the_http_response(teams: Teams) -> None:
    activity = activity_from(EXPECT_REPLIES, "http://127.0.0.1:9/nothing-listens-here/", text="lesson")
    status, body = await teams.post(activity)
    assert status == 200
    assert any(a.get("attachments") for a in body["activities"])
    assert teams.connector.posts == []


async def test_a_malformed_activity_is_refused(teams: Teams) -> None:
    assert (await teams.post({"type": "message"}))[0] == 400  # no conversation
    assert (await teams.post({"text": "no type"}))[0] == 400


# --- authentication ---------------------------------------------------------------------------------------


async def test_with_an_app_id_an_unauthenticated_request_gets_401(
    store: Store, teams_world: World, connector: FakeConnector
) -> None:
    config = Config(teams_app_id="11111111-2222-4333-8444-555555555555", teams_app_password="not-a-real-secret")
    bot = Bot(store, teams_world)
    app = web.Application()
    channel = create_channel(config, bot.handle, delivered=bot.delivered)  # as `serve` wires it
    assert channel.anonymous is False
    channel.mount(app)
    runner, port = await serve_app(app, access_log=None)
    activity = activity_from(MESSAGE, connector.service_url, text="lesson")
    try:
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic abc"}):
                async with http.post(f"http://127.0.0.1:{port}/api/messages", json=activity, headers=headers) as r:
                    assert r.status == 401, headers
    finally:
        await runner.cleanup()
        await channel.stop()
    assert connector.posts == [] and await person_rows(store) == []


def test_anonymous_mode_and_an_app_id_together_are_refused() -> None:
    async def handle(_incoming: Any) -> list[Reply]:
        return []

    with pytest.raises(ValueError):
        create_channel(Config(teams_app_id="11111111-2222-4333-8444-555555555555", teams_allow_anonymous=True), handle)


# --- proactive sends --------------------------------------------------------------------------------------


async def installed(teams: Teams) -> Address:
    await teams.post(activity_from(INSTALL, teams.connector.service_url))
    teams.connector.clear()
    return await stored_address(teams.store, "a6de2a64-9501-4e16-9e50-74df223570a3")


async def test_a_proactive_send_continues_the_stored_conversation(teams: Teams) -> None:
    address = await installed(teams)
    await teams.channel.send(address, [Reply(title="Today's lesson", text="Small kindnesses add up.")])
    [post] = teams.connector.posts
    ref = json.loads(address.ref)
    assert post.conversation == ref["conversation"]["id"] and post.reply_to is None
    assert post.activity["recipient"]["id"] == ref["user"]["id"] and post.activity["from"]["id"] == ref["bot"]["id"]
    assert post.authorization is None  # anonymous mode fetches no token
    assert text_of(teams.connector.cards()) == "Today's lesson\nSmall kindnesses add up."


async def test_a_proactive_send_maps_429_to_rate_limited_with_retry_after(teams: Teams) -> None:
    address = await installed(teams)
    teams.connector.fail_next(429, retry_after="7")
    with pytest.raises(RateLimited) as caught:
        await teams.channel.send(address, [Reply(text="hello")])
    assert caught.value.retry_after == 7
    assert len(teams.connector.posts) == 1  # not retried here: the worker reschedules and slows the tenant


async def test_a_proactive_send_maps_403_to_undeliverable(teams: Teams) -> None:
    address = await installed(teams)
    teams.connector.fail_next(403)
    with pytest.raises(Undeliverable):
        await teams.channel.send(address, [Reply(text="hello")])


async def test_a_proactive_send_retries_503_then_gives_up(teams: Teams) -> None:
    address = await installed(teams)
    teams.connector.fail_next(503, times=2)
    await teams.channel.send(address, [Reply(text="hello")])
    assert [p.status for p in teams.connector.posts] == [503, 503, 201]
    teams.connector.clear()
    teams.connector.fail_next(502, times=3)
    with pytest.raises(TeamsSendError):
        await teams.channel.send(address, [Reply(text="hello")])
    teams.connector.fail_next(504, times=3, retry_after="2")
    with pytest.raises(RateLimited):
        await teams.channel.send(address, [Reply(text="hello")])


async def test_after_uninstall_proactive_sends_are_undeliverable(teams: Teams) -> None:
    address = await installed(teams)
    removal = activity_from(INSTALL, teams.connector.service_url, type="installationUpdate", action="remove", id="f:rm")
    removal.pop("membersAdded")
    assert (await teams.post(removal))[0] == 202
    with pytest.raises(Undeliverable):
        await teams.channel.send(address, [Reply(text="hello")])
    assert teams.connector.posts == []
    row = next(r for r in await person_rows(teams.store) if r.user_id == address.user)
    assert (row.reachable, row.next_due_at, row.ref) == (False, None, "")  # no other process will nudge them


async def test_a_person_without_a_stored_reference_is_undeliverable(teams: Teams) -> None:
    with pytest.raises(Undeliverable):
        await teams.channel.send(Address("teams", "t", "u", "a:c", ""), [Reply(text="hello")])


async def test_harm_at_home_in_a_teams_chat_gets_routes_and_a_word_on_chat_safety(teams: Teams) -> None:
    await teams.say("hi")
    cards = await teams.say("my partner checks my phone every night and last week he pushed me into the wardrobe")
    said = text_of(cards)
    assert "You deserve to be safe" in said and "0808 2000 247" in said and "this device" in said
    assert "If it's safe" not in said
