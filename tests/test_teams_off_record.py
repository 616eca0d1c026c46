"""Replies off the record in Teams (issue 16, finding 5): a flag's preview, its case code, its status and a lead's
reply relayed to the reporter are cards that do not stay in the chat. Through the real Agents SDK adapter and
the fake Bot Connector: a press on such a card (any button, "Done, hide this" included) replaces it once the
turn is answered, and the person's next message replaces any this process sent. What the chat holds in the end
is read from the fake, with every update applied."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from adapters.teams import cards
from adapters.teams.off_record import CLEARED, PrivateCards, to_clear
from bot.dialogue import World
from bot.domain.types import Button, Reply
from bot.outbound.worker import Worker
from tests.fakes import FixedClock
from tests.teams_fake import card_actions, card_inputs, card_texts
from tests.test_teams import Teams, connector, teams, teams_world, text_of  # noqa: F401 - fixtures

CODE = re.compile(r"case code is ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")
WORDS = "The agency porter mocked her accent in the sluice room at handover"
SHOWN = "mocked her accent in the sluice room"  # what survives redaction, and what must not stay in the chat
LEAD_WORDS = "Thank you, we have spoken to the porters' supervisor"
AMY = "a:amy-personal-chat"


def chat(kinship: Teams, conversation: str = AMY) -> str:
    """Everything the chat holds now (each message as last updated), as one string."""
    return json.dumps(kinship.connector.history(conversation), ensure_ascii=False)


def card_with(kinship: Teams, label: str, conversation: str = AMY) -> tuple[str, dict[str, Any]]:
    """(message id, button data) of the newest message in the chat with a button starting ``label``."""
    for post in reversed([p for p in kinship.connector.posts if p.accepted and p.conversation == conversation]):
        for attachment in post.activity.get("attachments", []):
            for action in card_actions(attachment["content"]):
                if action["title"].lower().startswith(label.lower()):
                    return post.id, action["data"]
    raise AssertionError(f"no button {label!r}")


async def press(kinship: Teams, label: str, user: str = "amy", **values: str) -> list[dict[str, Any]]:
    """Press a button as Teams sends it: a message whose ``value`` is its data and whose ``replyToId`` is the
    id of the message holding the card."""
    message_id, data = card_with(kinship, label, f"a:{user}-personal-chat")
    return await kinship._turn(kinship.message(user, text=None, value={**data, **values}, replyToId=message_id))


async def send_a_flag(kinship: Teams, *, hear_back: bool = False) -> str:
    """Amy sends a flag through the form and the preview; returns its case code."""
    await kinship.say("hi")
    form = next(c for c in await kinship.say("flag") if card_inputs(c))
    submit = next(a for a in card_actions(form) if a["data"]["action"] == "flag:form")
    answers = {"category": "patient-racist-abuse", "unit": "ward-7", "occurred": "today", "danger": "no"}
    preview = await kinship.submit({**submit["data"], **answers, "description": WORDS})
    assert SHOWN in text_of(preview)
    sent = await press(kinship, "Send, and" if hear_back else "Send")
    code = CODE.search(text_of(sent))
    assert code, text_of(sent)
    return code.group(1)


def assert_nothing_of_the_flag(kinship: Teams, code: str) -> None:
    held = chat(kinship)
    for secret in (code, code.replace("-", ""), SHOWN, "accent"):
        assert secret not in held, f"{secret!r} is still in the chat"


# --- the cards --------------------------------------------------------------------------------------------


def test_an_off_record_card_marks_every_button_and_offers_to_hide_it() -> None:
    reply = Reply(
        title="Flag sent",
        text="Your case code is K7QX-M2PA-9RTD.",
        buttons=(Button("Check status", "status:K7QXM2PA9RTD"), Button("Help", "help")),
        off_record=True,
    )
    [card] = cards.render(reply)
    actions = card_actions(card)
    assert [a["title"] for a in actions] == ["Check status", "Help", cards.HIDE_LABEL]
    assert all(a["type"] == "Action.Submit" and a["data"][cards.OFF_RECORD] is True for a in actions)
    assert actions[-1]["data"]["action"] == cards.HIDE
    assert "K7QX" not in cards.summary(reply)  # a notification (on a lock screen too) shows only the title
    assert cards.summary(Reply(text="Flag K7QX-M2PA-9RTD: new.", off_record=True)) == cards.OFF_RECORD_SUMMARY

    ordinary = cards.render(Reply(text="Your flag was sent.", buttons=(Button("Help", "help"),)))
    assert [a["data"] for a in card_actions(ordinary[0])] == [{"action": "help"}]


def test_private_cards_are_remembered_per_conversation_and_bounded() -> None:
    memory = PrivateCards(max_conversations=2, max_per_conversation=2)
    for n in range(3):
        memory.remember("a:one", f"m{n}")
    memory.remember("a:two", "t0")
    memory.remember("a:three", "h0")  # the least recently used conversation, "a:one", is forgotten
    memory.remember("a:two", "")  # no id (replies buffered for expectReplies): nothing to remember
    assert (memory.take("a:one"), memory.take("a:two"), memory.take("a:three")) == ([], ["t0"], ["h0"])
    assert len(memory) == 0
    assert to_clear(["m1", "m2"], "m2") == ["m1", "m2"]
    assert to_clear([], "-1") == []  # what Teams sends for a card that is not a message of its own


# --- a whole flag journey -----------------------------------------------------------------------------------


async def test_after_a_flag_the_chat_holds_neither_its_words_nor_its_code(teams: Teams) -> None:  # noqa: F811 - the fixture from test_teams
    code = await send_a_flag(teams)
    preview_id = next(p.id for p in teams.connector.posts if "Check before sending" in json.dumps(p.activity))
    assert {u.activity_id for u in teams.connector.updates} == {preview_id}  # pressing Send cleared the preview
    assert SHOWN not in chat(teams) and code in chat(teams)  # the code is on screen, to be noted down

    posts = len(teams.connector.posts)
    assert await press(teams, "Done, hide this") == []
    assert len(teams.connector.posts) == posts  # no turn: nothing was answered or sent again
    assert_nothing_of_the_flag(teams, code)
    held = chat(teams)
    assert "Your flag was sent." in held and held.count(CLEARED) == 2
    assert all(u.accepted and u.activity.get("attachments") is None for u in teams.connector.updates)

    await teams.say("hi")  # the next message: nothing left to clear
    assert len(teams.connector.updates) == 2
    assert_nothing_of_the_flag(teams, code)


async def test_the_next_message_clears_the_code_left_on_screen(teams: Teams) -> None:  # noqa: F811 - the fixture from test_teams
    code = await send_a_flag(teams)
    assert code in chat(teams)
    await teams.say("hi")
    assert_nothing_of_the_flag(teams, code)
    assert "Your flag was sent." in chat(teams)


async def test_check_status_answers_then_clears_the_card_pressed(teams: Teams) -> None:  # noqa: F811 - the fixture from test_teams
    code = await send_a_flag(teams)
    status = await press(teams, "Check status")
    assert f"Flag {code}" in text_of(status)
    assert code not in json.dumps(teams.connector.history(AMY)[:-1])  # only the status card, still on screen
    await press(teams, "Withdraw this flag")
    confirm = teams.connector.history(AMY)[-1]
    assert "Withdraw flag" in json.dumps(confirm)
    await press(teams, "Yes, withdraw it")
    await press(teams, "Done, hide this")
    assert_nothing_of_the_flag(teams, code)


async def lead_replies(kinship: Teams, words: str) -> None:
    await kinship.say("review", user="lead")
    await press(kinship, "Open 1", user="lead")
    await press(kinship, "Reply to the reporter", user="lead")
    await kinship.say(words, user="lead")


async def test_a_lead_reply_relayed_to_the_reporter_is_cleared_the_same_way(
    teams: Teams,  # noqa: F811 - the fixture from test_teams
    teams_world: World,  # noqa: F811
    clock: FixedClock,
) -> None:
    code = await send_a_flag(teams, hear_back=True)
    await press(teams, "Done, hide this")
    await teams.say("hi", user="lead")
    await lead_replies(teams, LEAD_WORDS)

    worker = Worker(teams.store, teams_world, {"teams": teams.channel})
    assert (await worker.run_once(clock())).relayed == 1
    *_, relayed, note = teams.connector.history(AMY)  # the words off the record; for it, only that a lead replied
    assert "A lead has replied" in str(note) and code not in str(note) and "porters" not in str(note)
    shown = [t for a in relayed["attachments"] for t in card_texts(a["content"])]
    assert any("spoken to the porters" in t for t in shown)
    assert all(a["data"][cards.OFF_RECORD] is True for a in card_actions(relayed["attachments"][0]["content"]))
    assert relayed["summary"] == "A reply about your flag"

    await press(teams, "Done, hide this")
    assert_nothing_of_the_flag(teams, code)
    assert "porters" not in chat(teams)

    assert (await worker.run_once(clock())).relayed == 0
    await lead_replies(teams, LEAD_WORDS.replace("Thank you", "Thanks again"))  # a second one, left on screen
    assert (await worker.run_once(clock())).relayed == 1
    assert "porters" in chat(teams)
    await teams.say("hi")  # remembered by this process since the proactive send: cleared on the next message
    assert "porters" not in chat(teams)


async def test_when_clearing_fails_one_line_is_logged_and_nothing_is_sent_again(
    teams: Teams,  # noqa: F811 - the fixture from test_teams
    caplog: pytest.LogCaptureFixture,
) -> None:
    code = await send_a_flag(teams)
    teams.connector.fail_next_update(403)
    posts = len(teams.connector.posts)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="adapters"):
        await press(teams, "Done, hide this")
    assert len(teams.connector.posts) == posts
    [line] = [r for r in caplog.records if r.name.startswith("adapters")]
    message = line.getMessage()
    assert line.levelno == logging.WARNING and "not cleared" in message and line.exc_info is None
    for secret in (code, AMY, "amy", "reply-"):
        assert secret not in message
    assert code in chat(teams)  # still there: the person can press again
    await press(teams, "Done, hide this")
    assert_nothing_of_the_flag(teams, code)
