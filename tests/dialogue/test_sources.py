"""Where it comes from: every lesson and script offers its sources (a button, and `sources` for the last thing
shown), in plain words with the full reference."""

from __future__ import annotations

import pytest

from bot.dialogue import World
from tests.dialogue.support import decide, texts, values
from tests.fakes import Chat


def test_every_lesson_shows_each_of_its_references_in_full(world: World) -> None:
    content = world.content
    for lesson in content.lessons:
        out = decide(world, action=f"sources:lesson:{lesson.id}")
        shown = texts(out)
        assert f"‘{lesson.title}’" in shown
        for ref_id in lesson.references:
            assert content.references[ref_id].citation in shown, (lesson.id, ref_id)


def test_every_script_shows_each_of_its_references_in_full(world: World) -> None:
    content = world.content
    for script in content.scripts.values():
        out = decide(world, action=f"sources:script:{script.id}")
        for ref_id in script.references:
            assert content.references[ref_id].citation in texts(out), (script.id, ref_id)


async def test_a_lesson_and_a_script_each_offer_a_sources_button(chat: Chat, world: World) -> None:
    lesson = await chat.send("lesson")
    assert lesson.button("Sources").value == f"sources:lesson:{world.content.lessons[0].id}"
    script = decide(world, action="script:patient-racist-abuse")
    assert "sources:script:patient-racist-abuse" in values(script)
    for_you = decide(world, action="triage:me:patient-racist-abuse")
    assert "sources:script:patient-racist-abuse" in values(for_you)


def test_typed_sources_explains_the_last_thing_shown(world: World) -> None:
    shown = decide(world, action="script:patient-racist-abuse")
    assert shown.person_changes["last_shown"] == "script:patient-racist-abuse"
    out = decide(world, text="sources", last_shown="script:patient-racist-abuse")
    assert world.content.scripts["patient-racist-abuse"].title in texts(out)
    assert "I'm not sure" not in texts(out)


@pytest.mark.parametrize("words", ["sources", "Sources", "where is this from", "references"])
def test_sources_with_nothing_shown_says_how_to_get_them(world: World, words: str) -> None:
    out = decide(world, text=words)
    assert "Press Sources" in texts(out) or "press Sources" in texts(out)


def test_sources_for_a_lesson_that_left_the_content_is_not_an_error(world: World) -> None:
    out = decide(world, action="sources:lesson:no-such-lesson")
    assert "press Sources" in texts(out)


async def test_in_a_conversation_sources_follows_what_was_shown_last(chat: Chat, world: World) -> None:
    lesson = world.content.lessons[0]
    await chat.send("lesson")
    (await chat.send("sources")).expect(lesson.title)
    await chat.send("a patient just made a racist comment to my colleague")
    turn = await chat.send("sources")
    turn.expect(world.content.scripts["patient-racist-abuse"].title)
    for ref_id in world.content.scripts["patient-racist-abuse"].references:
        turn.expect(world.content.references[ref_id].citation)
