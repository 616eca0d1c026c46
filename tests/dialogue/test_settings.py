"""Settings: asked by button, answered by button or typing, refused until they can be read."""

from __future__ import annotations

from datetime import time

import pytest

from bot.dialogue import World
from tests.dialogue.support import asking, decide, stored, texts, values


@pytest.mark.parametrize(
    ("kwargs", "state", "buttons"),
    [
        ({"text": "settings"}, {}, ["settings:time", "settings:days", "settings:tz", "settings:quiet", "pause"]),
        ({"action": "settings:time"}, {"mode": "settings-time"}, ["settings:time:07:00", "settings:time:10:00"]),
        ({"action": "settings:days"}, {"mode": "settings-days"}, ["settings:days:weekdays", "settings:days:every-day"]),
        ({"action": "settings:tz"}, {"mode": "settings-tz"}, ["settings"]),
        (
            {"action": "settings:quiet"},
            {"mode": "settings-quiet"},
            ["settings:quiet:22:00-07:00", "settings:quiet:off"],
        ),
    ],
)
def test_each_setting_is_asked(world: World, kwargs: dict, state: dict, buttons: list[str]) -> None:
    out = decide(world, **kwargs)
    assert stored(out) == state
    assert values(out)[: len(buttons)] == buttons


@pytest.mark.parametrize(
    ("kwargs", "changes", "says"),
    [
        ({"action": "settings:time:07:00"}, {"nudge_time": time(7, 0)}, "Done: lessons at 07:00."),
        ({"text": "7pm", "state": asking("settings-time")}, {"nudge_time": time(19, 0)}, "lessons at 19:00"),
        ({"text": "time 6:45"}, {"nudge_time": time(6, 45)}, "lessons at 06:45"),
        ({"text": "set time 8am"}, {"nudge_time": time(8, 0)}, "lessons at 08:00"),
        ({"action": "settings:days:every-day"}, {"nudge_days": frozenset(range(7))}, "lessons on every day"),
        ({"text": "days mon wed fri"}, {"nudge_days": frozenset({0, 2, 4})}, "lessons on"),
        ({"text": "timezone Europe/Dublin"}, {"timezone": "Europe/Dublin", "timezone_chosen": True}, "Europe/Dublin"),
        ({"text": "time zone Asia/Kolkata"}, {"timezone": "Asia/Kolkata", "timezone_chosen": True}, "Asia/Kolkata"),
        ({"action": "settings:quiet:off"}, {"quiet_start": None, "quiet_end": None}, "no quiet hours"),
        (
            {"text": "quiet hours 22:00-07:00"},
            {"quiet_start": time(22, 0), "quiet_end": time(7, 0)},
            "quiet hours 22:00",
        ),
    ],
)
def test_a_readable_answer_changes_the_schedule(world: World, kwargs: dict, changes: dict, says: str) -> None:
    out = decide(world, **kwargs)
    assert stored(out) == {}
    assert {k: out.person_changes[k] for k in changes} == changes
    assert "next_due_at" in out.person_changes
    assert says in texts(out)


@pytest.mark.parametrize(
    ("mode", "answer", "says"),
    [
        ("settings-time", "whenever", "isn't a time I can use"),
        ("settings-days", "someday", "as days"),
        ("settings-tz", "Mars/Olympus", "isn't a time zone I know"),
        ("settings-quiet", "sometimes", "as quiet hours"),
    ],
)
def test_an_unreadable_answer_asks_again(world: World, mode: str, answer: str, says: str) -> None:
    out = decide(world, text=answer, state=asking(mode))
    assert stored(out) == {"mode": mode}
    assert out.person_changes == {}
    assert says in texts(out)


def test_cancel_leaves_a_setting_as_it_was(world: World) -> None:
    out = decide(world, text="cancel", state=asking("settings-days"))
    assert stored(out) == {} and "OK, left as it was." in texts(out)


def test_set_zone_is_not_a_command(world: World) -> None:
    out = decide(world, text="set zone Europe/Paris")
    assert "timezone" not in out.person_changes
