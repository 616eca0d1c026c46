"""Welcome, help, support, and the words that reach no journey."""

from __future__ import annotations

import pytest

from bot.dialogue import World
from bot.dialogue.model import NO_MODE
from tests.dialogue.support import asking, decide, stored, texts, values


@pytest.mark.parametrize(
    ("kwargs", "says", "buttons"),
    [
        ({"text": "help"}, "Here's what I can do", ["lesson", "script", "flag", "settings"]),
        ({"text": "Menu!"}, "Here's what I can do", ["lesson", "script", "flag", "settings"]),
        ({"text": "help", "lead": True}, "• review: anonymised flags", ["lesson", "script", "flag", "review"]),
        ({"action": "help:old-tail"}, "Here's what I can do", ["lesson", "script", "flag", "settings"]),
        ({"text": "support"}, "Talking helps", ["help"]),
        ({"text": "I'm so exhausted"}, "I'm sorry it's been so hard", ["help"]),
        ({"text": ""}, "I didn't catch anything there", ["help"]),
        ({"text": "x" * 4001}, "That message is 4,001 characters", ["help"]),
        ({"action": "nonsense"}, "I don't recognise that button", ["help"]),
        ({"text": "cancel"}, "There's nothing to cancel", ["lesson", "script", "flag", "settings"]),
    ],
)
def test_replies(world: World, kwargs: dict, says: str, buttons: list[str]) -> None:
    out = decide(world, **kwargs)
    assert says in texts(out)
    assert values(out) == buttons
    assert out.effects == []


def test_someone_new_is_welcomed_and_the_menu_gives_way_to_the_welcome(world: World) -> None:
    out = decide(world, text="hello", is_new=True)
    assert [r.title for r in out.replies] == ["Welcome to Kinship"]
    assert values(out) == ["lesson", "script", "flag", "start"]


def test_opening_the_app_welcomes_only_someone_new(world: World) -> None:
    assert decide(world, action="platform:opened").replies == []
    assert decide(world, action="platform:opened", is_new=True).replies[0].title == "Welcome to Kinship"


def test_safety_comes_first_even_mid_question(world: World) -> None:
    out = decide(world, text="I want to end my life", state=asking("settings-time"))
    assert out.replies[0].title == "Support is here"


def test_an_unknown_button_leaves_a_question_waiting(world: World) -> None:
    out = decide(world, action="settings:colour", state=asking("settings-days"))
    assert stored(out) == {"mode": "settings-days"}


def test_an_old_question_expires_and_an_expired_flag_says_so(world: World) -> None:
    old = {"mode": "flag", "step": "unit", "draft": {"category": "exclusion"}, "at": "2026-03-09T09:00:00+00:00"}
    out = decide(world, text="help", state=old)
    assert "The flag you started earlier wasn't sent" in out.replies[0].text
    assert out.state == NO_MODE


def test_the_platform_reaches_them_again_and_nudges_count_as_answered(world: World) -> None:
    out = decide(world, text="help", reachable=False, unanswered=3, checkin_sent=True)
    assert out.person_changes["reachable"] is True and out.person_changes["unanswered"] == 0
    assert out.person_changes["next_due_at"] is not None
