"""Kinship in a Teams team's channel (issue 19), end to end over HTTP: real-shaped activities are POSTed to the
real aiohttp app with the real Agents SDK adapter (anonymous mode), and what Kinship says is read back from the
fake Bot Connector on 127.0.0.1 (tests/teams_fake.py).

The shapes are Microsoft's own examples (MicrosoftDocs/msteams-docs, msteams-platform/bots/how-to/conversations/):
a channel message with a mention and a ``;messageid=`` thread from ``channel-and-group-conversations.md``
("Retrieve mentions", JSON tab), with ``conversationType``, ``tenantId`` and ``channelData.team`` as in
``subscribe-to-conversation-events.md``, whose "Team members added" (the bot added to a team), "Team members
removed" and "Team deleted" JSON tabs give the three ``conversationUpdate`` shapes; a card press in a channel is
fixture 05 (tests/data/teams). Ids, names and text are changed for the test; the structure is not.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.teams import create_channel
from adapters.teams.channel import TeamsChannel
from adapters.teams.send import RetryPolicy
from bot.dialogue import World
from bot.domain.channel import PLATFORM_ADDED_TO_CHANNEL, PLATFORM_REMOVED, RateLimited, Undeliverable
from bot.domain.config import Config
from bot.domain.types import Address, Incoming, Place, Reply
from bot.store import Store
from bot.turns.handler import Bot
from tests.fakes import FixedClock
from tests.servers import serve_app
from tests.teams_fake import FakeConnector, activity_from, card_texts
from tests.test_teams import LEAD_AAD, teams_world  # noqa: F401 - the module's fixture, reused

FAST = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.01)
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT_ID = "28:608cacfd-1cea-40c9-b678-4b93e69bb72b"
CHANNEL = "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2"
TEAM = "19:zFLSDFWsesfzcmKArqKJ-65aOXJz@thread.tacv2"
ROOT = "1481567603816"  # the thread's first message
AMY = {
    "id": "29:9e52142b-5e5e-4d7b-bb3e-e82dcf620000",
    "name": "Amy Jones",
    "aadObjectId": "b1f0c3a4-0000-4000-8000-00000000a001",
}
PRIYA = {"id": "29:08q2j2o3jc09au90eucae", "name": "Priya Shah"}
PRIYA_AAD = "c2e1d4b5-0000-4000-8000-00000000b002"


def channel_message(service_url: str, text: str, *, sender: dict[str, Any] = AMY, **changes: Any) -> dict[str, Any]:
    """A message in a team channel's thread (msteams-docs "Retrieve mentions", in a tacv2 team)."""
    activity: dict[str, Any] = {
        "type": "message",
        "id": "1481567603900",
        "text": text,
        "timestamp": "2017-10-29T00:51:05.9908157Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": sender,
        "conversation": {
            "isGroup": True,
            "conversationType": "channel",
            "tenantId": TENANT,
            "id": f"{CHANNEL};messageid={ROOT}",
        },
        "recipient": {"id": BOT_ID, "name": "Kinship"},
        "entities": [],
        "channelData": {
            "teamsChannelId": CHANNEL,
            "teamsTeamId": TEAM,
            "channel": {"id": CHANNEL},
            "team": {"id": TEAM},
            "tenant": {"id": TENANT},
        },
        "replyToId": ROOT,
    }
    if "<at>Kinship</at>" in text:
        kinship = {"id": BOT_ID, "name": "Kinship"}
        activity["entities"].append({"type": "mention", "text": "<at>Kinship</at>", "mentioned": kinship})
    if "<at>Priya Shah</at>" in text:
        activity["entities"].append({"type": "mention", "text": "<at>Priya Shah</at>", "mentioned": PRIYA})
    activity.update(changes)
    return {key: value for key, value in activity.items() if value is not None}  # None: left out


def team_update(service_url: str, event: str, **changes: Any) -> dict[str, Any]:
    """``conversationUpdate`` in a team (msteams-docs "Team members added/removed", "Team deleted")."""
    activity: dict[str, Any] = {
        "type": "conversationUpdate",
        "timestamp": "2021-12-07T22:34:56.534Z",
        "id": f"f:{event}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": AMY["id"], "aadObjectId": AMY["aadObjectId"]},
        "conversation": {"isGroup": True, "conversationType": "channel", "tenantId": TENANT, "id": CHANNEL},
        "recipient": {"id": BOT_ID, "name": "Kinship"},
        "channelData": {
            "settings": {"selectedChannel": {"id": CHANNEL}},
            "team": {"aadGroupId": "f3ec8cd2-e704-4344-8c47-9a3a21d683c0", "name": "Ward 7", "id": TEAM},
            "eventType": event,
            "tenant": {"id": TENANT},
        },
    }
    activity.update(changes)
    return activity


def personal_message(service_url: str, text: str, **changes: Any) -> dict[str, Any]:
    """Amy in her one-to-one chat with Kinship (fixture 02's shape)."""
    conversation = {"conversationType": "personal", "id": "a:amy-personal-chat", "tenantId": TENANT}
    return activity_from(
        "02_message_personal_chat.json",
        service_url,
        text=text,
        conversation=conversation,
        recipient={"id": BOT_ID, "name": "Kinship"},
        channelData={"tenant": {"id": TENANT}},
        **{"from": AMY, **changes},
    )


@dataclass
class Core:
    """A stand-in for the core's ``handle``: records what it is given, answers with ``answers``."""

    seen: list[Incoming] = field(default_factory=list)
    answers: list[Reply] = field(default_factory=list)

    async def handle(self, incoming: Incoming) -> list[Reply]:
        self.seen.append(incoming)
        return list(self.answers)


@dataclass
class Teams:
    url: str
    connector: FakeConnector
    channel: TeamsChannel
    core: Core
    http: aiohttp.ClientSession

    async def post(self, activity: dict[str, Any]) -> int:
        async with self.http.post(self.url, json=activity) as response:
            await response.read()
            return response.status


async def _serve(channel: TeamsChannel) -> tuple[web.AppRunner, int]:
    app = web.Application()
    channel.proactive = channel.reactive = FAST
    channel.mount(app)
    await channel.start()
    return await serve_app(app, access_log=None)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def teams(connector: FakeConnector) -> AsyncIterator[Teams]:
    core = Core()
    channel = create_channel(Config(teams_allow_anonymous=True).teams, core.handle)
    runner, port = await _serve(channel)
    async with aiohttp.ClientSession() as http:
        yield Teams(f"http://127.0.0.1:{port}/api/messages", connector, channel, core, http)
    await channel.stop()
    await runner.cleanup()


def texts(post_activity: dict[str, Any]) -> str:
    return "\n".join(t for a in post_activity.get("attachments", []) for t in card_texts(a["content"]))


# --- what the core is given ---------------------------------------------------------------------------------


async def test_a_channel_message_reaches_the_core_with_its_place_and_mentions(teams: Teams) -> None:
    teams.connector.members[PRIYA["id"]] = {**PRIYA, "aadObjectId": PRIYA_AAD}
    text = "<at>Kinship</at> thanks <at>Priya Shah</at> for covering my break"
    assert await teams.post(channel_message(teams.connector.service_url, text)) == 202
    [incoming] = teams.core.seen
    assert incoming.text == "thanks Priya Shah for covering my break"
    assert incoming.mentions == (PRIYA_AAD,)  # looked up once from the team's members: never Kinship
    assert incoming.display_name == "Amy Jones"
    assert incoming.address == Address("teams", TENANT, AMY["aadObjectId"], "", "")  # never the channel
    place = incoming.place
    assert place is not None and (place.channel, place.thread, place.mentioned) == (CHANNEL, ROOT, True)
    ref = json.loads(place.ref)
    assert ref["conversation"]["id"] == CHANNEL and ref["serviceUrl"] == teams.connector.service_url
    assert ref["bot"]["id"] == BOT_ID and "user" not in ref and "activityId" not in ref
    assert incoming.event_id.startswith("1481567603900@")


async def test_a_channel_message_not_naming_kinship_still_arrives_unmentioned(teams: Teams) -> None:
    """With resource-specific consent Teams sends every channel message; the core decides what to keep."""
    await teams.post(channel_message(teams.connector.service_url, "I think kindness starts with the handover"))
    [incoming] = teams.core.seen
    assert incoming.place is not None and incoming.place.mentioned is False and incoming.mentions == ()


async def test_someone_who_wrote_to_kinship_is_addressed_by_their_personal_chat(teams: Teams) -> None:
    url = teams.connector.service_url
    await teams.post(personal_message(url, "hello"))
    await teams.post(channel_message(url, "<at>Kinship</at> status"))
    address = teams.core.seen[-1].address
    assert address.conversation == "a:amy-personal-chat"
    assert json.loads(address.ref)["conversation"]["id"] == "a:amy-personal-chat"


async def test_a_root_post_in_a_channel_is_its_own_thread(teams: Teams) -> None:
    activity = channel_message(teams.connector.service_url, "<at>Kinship</at> help", replyToId=None)
    activity["conversation"]["id"] = f"{CHANNEL};messageid={activity['id']}"
    await teams.post(activity)
    place = teams.core.seen[-1].place
    assert place is not None and (place.channel, place.thread) == (CHANNEL, activity["id"])


async def test_a_card_press_in_a_channel_is_the_person_s_own_turn_with_its_place(teams: Teams) -> None:
    teams.core.answers = [Reply(text="Only you can see this.", audience="person")]
    press = activity_from("05_message_value_from_card_submit.json", teams.connector.service_url)
    press["value"] = {"action": "reflect:p1"}
    assert await teams.post(press) == 202
    [incoming] = teams.core.seen
    assert incoming.action == "reflect:p1" and incoming.place is not None
    assert incoming.place.channel == "19:malejcou081i20ojmlcau0@thread.skype" and incoming.place.thread
    assert incoming.display_name == "John Smith"
    [post] = [p for p in teams.connector.posts if p.accepted]
    assert post.conversation.startswith("a:personal-") and "Only you can see this." in texts(post.activity)


async def test_a_group_chat_is_refused_plainly_and_never_reaches_the_core(teams: Teams) -> None:
    activity = channel_message(teams.connector.service_url, "<at>Kinship</at> hello")
    activity["conversation"] = {"isGroup": True, "conversationType": "groupChat", "id": "19:group@thread.v2"}
    activity["channelData"] = {"tenant": {"id": TENANT}}
    assert await teams.post(activity) == 202
    assert teams.core.seen == []
    assert "don't work in group chats" in teams.connector.activities()[-1]["summary"]


async def test_mentions_in_a_personal_chat(teams: Teams) -> None:
    entity = {"type": "mention", "text": "<at>Priya</at>", "mentioned": {**PRIYA, "name": "Priya"}}
    said = personal_message(teams.connector.service_url, "thanks <at>Priya</at> for the tea", entities=[entity])
    await teams.post(said)
    [incoming] = teams.core.seen
    assert incoming.text == "thanks Priya for the tea" and incoming.place is None
    assert incoming.mentions == (PRIYA["id"],)  # not a member of this chat: kept by the id Teams gave
    assert incoming.display_name == "Amy Jones"
    with_entra = {**entity, "mentioned": {**PRIYA, "name": "Priya", "aadObjectId": PRIYA_AAD}}
    await teams.post({**said, "id": "f:2", "entities": [with_entra]})
    assert teams.core.seen[-1].mentions == (PRIYA_AAD,)


# --- where replies go ---------------------------------------------------------------------------------------


async def test_replies_for_the_person_go_to_their_one_to_one_chat_and_never_the_channel(teams: Teams) -> None:
    teams.core.answers = [
        Reply(text="Said for the channel.", audience="channel"),
        Reply(text="Only for you.", audience="person", private=True),
    ]
    assert await teams.post(channel_message(teams.connector.service_url, "<at>Kinship</at> status")) == 202
    [created] = teams.connector.created
    assert created.body["isGroup"] is False and created.body["tenantId"] == TENANT
    assert created.body["members"] == [{"id": AMY["id"]}] and created.body["bot"]["id"] == BOT_ID
    in_channel, private = [p for p in teams.connector.posts if p.accepted]
    assert in_channel.conversation == f"{CHANNEL};messageid={ROOT}" and in_channel.reply_to == "1481567603900"
    assert texts(in_channel.activity) == "Said for the channel."
    assert private.conversation == created.id and "Only for you." in texts(private.activity)
    in_channels = [p for p in teams.connector.posts if p.conversation.startswith("19:")]
    assert not any("Only for you." in texts(p.activity) for p in in_channels)
    # the chat is remembered: the next private reply creates nothing, and the person is addressed by it
    await teams.post(channel_message(teams.connector.service_url, "<at>Kinship</at> status", id="1481567603901"))
    assert len(teams.connector.created) == 1 and teams.core.seen[-1].address.conversation == created.id


async def test_an_off_record_reply_never_goes_into_the_channel(teams: Teams) -> None:
    teams.core.answers = [Reply(text="Your case code is ABCD.", audience="channel", off_record=True)]
    await teams.post(channel_message(teams.connector.service_url, "<at>Kinship</at> status"))
    [post] = [p for p in teams.connector.posts if p.accepted]
    assert post.conversation.startswith("a:personal-")


async def test_added_to_a_team_and_removed_from_it(teams: Teams) -> None:
    url = teams.connector.service_url
    teams.core.answers = [Reply(text="Hello, team.", audience="channel")]
    added = team_update(url, "teamMemberAdded", membersAdded=[{"id": BOT_ID}])
    assert await teams.post(added) == 202
    [hello] = teams.core.seen
    assert hello.action == PLATFORM_ADDED_TO_CHANNEL and hello.address.user == AMY["aadObjectId"]
    assert hello.place == Place(CHANNEL, "", False, hello.place.ref if hello.place else "")
    [post] = [p for p in teams.connector.posts if p.accepted]
    assert post.conversation == CHANNEL and texts(post.activity) == "Hello, team."

    teams.core.answers = []
    await teams.post(team_update(url, "teamMemberAdded", id="f:someone", membersAdded=[{"id": "29:someone"}]))
    assert len(teams.core.seen) == 1  # a person joining the team: nothing for the core
    removed = team_update(url, "teamMemberRemoved", membersRemoved=[{"id": BOT_ID}])
    removed["conversation"]["id"] = TEAM
    await teams.post(removed)
    assert teams.core.seen[-1].action == PLATFORM_REMOVED and teams.core.seen[-1].place is not None
    assert teams.core.seen[-1].place.channel == TEAM
    await teams.post(team_update(url, "teamDeleted"))
    assert teams.core.seen[-1].action == PLATFORM_REMOVED and teams.core.seen[-1].place is not None


# --- posting for the worker ---------------------------------------------------------------------------------


async def channel_place(teams: Teams) -> Place:
    await teams.post(channel_message(teams.connector.service_url, "<at>Kinship</at> hello"))
    place = teams.core.seen[-1].place
    assert place is not None
    teams.connector.clear()
    return Place(place.channel, "", False, place.ref)


async def test_post_in_channel_starts_a_thread_and_replies_in_one(teams: Teams) -> None:
    place = await channel_place(teams)
    question = Reply(title="This week's team reflection", text="What made a shift kinder?", audience="channel")
    root = await teams.channel.post_in_channel(TENANT, place, question)
    [post] = teams.connector.posts
    assert post.conversation == CHANNEL and post.reply_to is None and root == post.id
    assert "What made a shift kinder?" in texts(post.activity)
    summary = Reply(text="Words that came up: handover, tea.", audience="channel")
    reply_id = await teams.channel.post_in_channel(TENANT, Place(CHANNEL, root, False, place.ref), summary)
    assert teams.connector.posts[-1].conversation == f"{CHANNEL};messageid={root}"
    assert reply_id == teams.connector.posts[-1].id != root


async def test_post_in_channel_maps_403_and_429(teams: Teams) -> None:
    place = await channel_place(teams)
    teams.connector.fail_next(403)
    with pytest.raises(Undeliverable):
        await teams.channel.post_in_channel(TENANT, place, Reply(text="hello", audience="channel"))
    teams.connector.fail_next(429, retry_after="12")
    with pytest.raises(RateLimited) as caught:
        await teams.channel.post_in_channel(TENANT, place, Reply(text="hello", audience="channel"))
    assert caught.value.retry_after == 12
    with pytest.raises(Undeliverable):
        await teams.channel.post_in_channel(TENANT, Place(CHANNEL), Reply(text="hello", audience="channel"))


async def test_send_to_someone_who_never_wrote_creates_their_chat(teams: Teams) -> None:
    await teams.post(personal_message(teams.connector.service_url, "hello"))  # the sender: how the tenant is reached
    teams.connector.clear()
    priya = Address("teams", TENANT, PRIYA_AAD, conversation="")
    await teams.channel.send(priya, [Reply(title="A thank-you", text="Amy says thank you for the tea.")])
    [created] = teams.connector.created
    assert created.body["members"] == [{"id": PRIYA_AAD}] and created.body["isGroup"] is False
    [post] = teams.connector.posts
    assert post.conversation == created.id and "Amy says thank you" in texts(post.activity)
    teams.connector.fail_next_create(403)
    nobody = Address("teams", TENANT, "d3f2e5c6-0000-4000-8000-00000000c003", "")
    with pytest.raises(Undeliverable):
        await teams.channel.send(nobody, [Reply(text="hi")])


# --- with the real core -------------------------------------------------------------------------------------


async def test_with_the_real_bot_a_channel_status_is_answered_privately(
    store: Store,
    teams_world: World,  # noqa: F811 - the fixture
    clock: FixedClock,
    connector: FakeConnector,
) -> None:
    bot = Bot(store, teams_world, clock)
    channel = create_channel(Config(teams_allow_anonymous=True).teams, bot.handle, delivered=bot.delivered)
    runner, port = await _serve(channel)
    lead = {"id": "29:lead-teams-id", "name": "Lee Lead", "aadObjectId": LEAD_AAD}
    try:
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/api/messages"
            said = channel_message(connector.service_url, "<at>Kinship</at> status", sender=lead)
            async with http.post(url, json=said) as response:
                assert response.status == 202
            [post] = [p for p in connector.posts if p.accepted]
            assert post.conversation.startswith("a:personal-") and "not set up in this channel" in texts(post.activity)
            setup = copy.deepcopy(said) | {"id": "1481567603999", "text": "<at>Kinship</at> every Monday at 10:00"}
            async with http.post(url, json=setup) as response:
                assert response.status == 202
            in_channel = [p for p in connector.posts if p.accepted and p.conversation.startswith(CHANNEL)]
            assert in_channel and "Team reflection is on" in texts(in_channel[-1].activity)
    finally:
        await channel.stop()
        await runner.cleanup()
