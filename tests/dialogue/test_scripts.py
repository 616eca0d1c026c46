"""Bystander scripts: asked for, described, chosen, and the others offered."""

from __future__ import annotations

import pytest

from bot.dialogue import World
from tests.dialogue.support import asking, decide, stored, texts, values


@pytest.mark.parametrize(
    ("kwargs", "state", "says"),
    [
        ({"text": "script"}, {"mode": "script"}, "What happened?"),
        ({"action": "script:no-such-script"}, {"mode": "script"}, "That button is from an earlier message"),
        ({"action": "scripts:all"}, {}, "Which is closest to what happened?"),
        ({"action": "scripts:others:nope"}, {}, "Which is closest to what happened?"),
        ({"action": "scripts:others:exclusion,nope"}, {}, "Here are some others that might fit better"),
        ({"text": "zzzz qqqq", "state": asking("script")}, {}, "I couldn't match that"),
        ({"text": "cancel", "state": asking("script")}, {}, "OK, left as it was."),
    ],
)
def test_asking_for_words(world: World, kwargs: dict, state: dict, says: str) -> None:
    out = decide(world, **kwargs)
    assert stored(out) == state
    assert says in texts(out)


def test_a_chosen_script_offers_others_a_flag_and_support(world: World) -> None:
    out = decide(world, action="script:exclusion")
    assert out.replies[0].title == world.content.scripts["exclusion"].title
    others = [sid for sid in world.content.scripts if sid != "exclusion"][:3]
    assert values(out) == [
        "scripts:others:" + ",".join(others),
        "flag:cat:exclusion",
        "triage:me:exclusion",
        "sources:script:exclusion",
        "support",
    ]
    assert (
        decide(world, action="triage:me:exclusion")
        .replies[0]
        .text.startswith(world.content.scripts["exclusion"].for_you.opening)
    )


def test_others_keep_a_way_to_every_situation(world: World) -> None:
    out = decide(world, action="scripts:others:exclusion,microaggression")
    assert values(out) == ["script:exclusion", "script:microaggression", "scripts:all", "help"]
    assert out.replies[0].buttons[-2].label == "See every situation"


def test_a_described_situation_gets_the_closest_script(world: World) -> None:
    out = decide(world, text="a patient made a racist comment to my colleague")
    assert out.replies[0].title == world.content.scripts["patient-racist-abuse"].title
    assert stored(out) == {}


def test_words_that_match_nothing_are_not_understood(world: World) -> None:
    out = decide(world, text="zzzz qqqq")
    assert out.generic and "I'm not sure" in texts(out)
