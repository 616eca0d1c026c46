"""Lessons, reflections, recaps and the "still useful?" check-in."""

from __future__ import annotations

import pytest

from bot.dialogue import World
from bot.dialogue import effects as fx
from tests.dialogue.support import TODAY, asking, decide, stored, texts, values


def test_todays_lesson_moves_the_position_on_once_a_day(world: World) -> None:
    first = world.content.lessons[0]
    out = decide(world, text="lesson")
    assert out.effects == [fx.GiveLesson(first.id, subscribed=True)]  # given (so its look-backs follow), then shown
    assert out.person_changes == {
        "lesson_position": 1,
        "last_lesson_id": first.id,
        "last_lesson_on": TODAY,
        "last_shown": f"lesson:{first.id}",
    }
    again = decide(world, action="lesson", lesson_position=1, last_lesson_id=first.id, last_lesson_on=TODAY)
    assert again.effects == [fx.GiveLesson(first.id, subscribed=True, again=True)]  # nothing new to note
    assert "lesson_position" not in again.person_changes


@pytest.mark.parametrize(
    ("kwargs", "state", "effects", "says"),
    [
        (
            {"action": "reflect:skill-and-kindness"},
            {"mode": "reflect", "prompt_id": "skill-and-kindness"},
            [],
            "Only you can see it",
        ),
        (
            {"text": "I listened", "state": asking("reflect", prompt_id="p1")},
            {},
            [fx.SaveReflection("p1", "I listened")],
            "",
        ),
        (  # a colleague's platform id stays out of a kept reflection; the person's own words stay as written
            {"text": "<@U0456EFGH> and Sam listened", "state": asking("reflect", prompt_id="p1")},
            {},
            [fx.SaveReflection("p1", "[mention] and Sam listened")],
            "",
        ),
        ({"action": "reflect:skip", "state": asking("reflect", prompt_id="p1")}, {}, [], "Nothing was saved"),
        ({"text": "skip", "state": asking("reflect", prompt_id="p1")}, {}, [], "Nothing was saved"),
        ({"action": "reflect:skip"}, {}, [], "That button is from an earlier message"),
        ({"text": "my reflections"}, {}, [fx.ListReflections()], ""),
        ({"action": "reflections:delete-all"}, {}, [], "Delete all your reflections?"),
        ({"action": "reflections:delete-all:confirm"}, {}, [fx.DeleteAllReflections()], ""),
        ({"action": "reflection:delete:9"}, {}, [fx.DeleteReflection(9)], ""),
        ({"text": "delete reflection 2"}, {}, [fx.ListReflections()], ""),
        ({"action": "checkin:carry-on"}, {}, [], "Lessons carry on as before"),
        ({"action": "recap:no-such-lesson"}, {}, [], "I can't find that lesson any more"),
    ],
)
def test_reflection_and_more(world: World, kwargs: dict, state: dict, effects: list, says: str) -> None:
    out = decide(world, **kwargs)
    assert stored(out) == state
    assert out.effects == effects
    assert says in texts(out)


def test_the_prompt_offers_the_next_question_and_skip(world: World) -> None:
    ids = list(world.content.prompts)
    out = decide(world, action=f"reflect:{ids[0]}")
    assert values(out) == [f"reflect:{ids[1]}", "reflect:skip", "help"]


def test_slower_means_three_days_a_week(world: World) -> None:
    out = decide(world, action="checkin:slower")
    assert out.person_changes["nudge_days"] == frozenset({0, 2, 4})
    assert "lessons on" in texts(out)


def test_a_recap_shows_the_lessons_answer(world: World) -> None:
    lesson = world.content.lessons[0]
    out = decide(world, action=f"recap:{lesson.id}")
    assert out.replies[0].title == f"Looking back: {lesson.title}"
