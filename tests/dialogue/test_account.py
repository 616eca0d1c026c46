"""Daily lessons on and off, pausing, snoozing, resuming and deleting everything."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import World
from bot.dialogue import effects as fx
from tests.dialogue.support import TODAY, decide, stored, texts


@pytest.mark.parametrize(
    ("kwargs", "changes", "says"),
    [
        ({"text": "start", "subscribed": False}, {"subscribed": True}, "Daily lessons are on"),
        ({"text": "stop"}, {"subscribed": False, "next_due_at": None}, "Daily lessons are off"),
        ({"action": "pause:7"}, {"paused_until": date(2026, 3, 16)}, "No lessons until after Monday 16 March"),
        ({"text": "pause for 2 weeks"}, {"paused_until": date(2026, 3, 23)}, "Paused."),
        ({"text": "pause until 2026-12-24"}, {"paused_until": date(2026, 12, 24)}, "Paused."),
        ({"text": "resume", "paused_until": date(2026, 3, 20)}, {"paused_until": None}, "Welcome back"),
        ({"text": "snooze"}, {"paused_until": TODAY}, "Snoozed: no lesson on Tuesday 10 March"),
    ],
)
def test_the_schedule_follows(world: World, kwargs: dict, changes: dict, says: str) -> None:
    out = decide(world, **kwargs)
    assert {k: out.person_changes[k] for k in changes} == changes
    assert says in texts(out)
    assert stored(out) == {}


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"text": "pause"}, "Pause daily lessons for how long?"),
        ({"text": "pause for ever"}, "Sorry, I couldn't read “for ever”"),
        ({"text": "pause 400 days"}, "Sorry, I couldn't read"),
        ({"text": "pause until 2020-01-01"}, "Sorry, I couldn't read"),
        ({"action": "pause:0"}, "I don't recognise that button"),
        ({"action": "pause:366"}, "I don't recognise that button"),
        ({"text": "snooze", "subscribed": False}, "there's nothing to snooze"),
    ],
)
def test_nothing_changes(world: World, kwargs: dict, says: str) -> None:
    out = decide(world, **kwargs)
    assert out.person_changes == {}
    assert says in texts(out)


def test_delete_my_data_asks_first(world: World) -> None:
    asked = decide(world, text="forget me")
    assert asked.effects == [] and "Delete everything?" in texts(asked)
    assert decide(world, action="delete-data:confirm").effects == [fx.DeleteMyData()]
