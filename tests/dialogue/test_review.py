"""A lead's review: only for leads, only their units, every button clearing the state."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import World
from bot.dialogue import effects as fx
from tests.dialogue.support import asking, decide, stored, texts

UNITS = ("ward-7", "emergency-department", "theatres", "community-nursing", "outpatients")


@pytest.mark.parametrize(
    ("kwargs", "effects", "state", "says"),
    [
        ({"text": "review"}, [fx.ReviewFlags(UNITS)], {}, ""),
        ({"action": "review:open:3"}, [fx.OpenFlag(3, UNITS)], {}, ""),
        ({"text": "monthly summary"}, [fx.FlagSummary(UNITS, date(2026, 3, 1))], {}, ""),
        ({"action": "review:reply:3"}, [], {"mode": "lead-reply", "flag": 3}, "What would you like to say"),
        ({"action": "review:mark:3:seen"}, [fx.MarkFlag(3, UNITS, "seen")], {}, ""),
        (
            {"action": "review:mark:3:action-taken"},
            [fx.MarkFlag(3, UNITS, "action-taken")],
            {"mode": "lead-note", "flag": 3},
            "",
        ),
        (
            {"action": "review:mark:3:closed", "state": asking("lead-note", flag=3)},
            [],
            {},
            "I don't recognise that button",
        ),
        (
            {"text": "Spoke to Dr Smith", "state": asking("lead-reply", flag=3)},
            [fx.LeadReply(3, UNITS, "Spoke to [name]")],
            {},
            "",
        ),
        (
            {"text": "Retrained the team", "state": asking("lead-note", flag=3)},
            [fx.FlagNote(3, UNITS, "Retrained the team")],
            {},
            "",
        ),
        ({"text": "cancel", "state": asking("lead-note", flag=3)}, [], {}, "OK, nothing was added."),
    ],
)
def test_a_lead(world: World, kwargs: dict, effects: list, state: dict, says: str) -> None:
    out = decide(world, lead=True, **kwargs)
    assert out.effects == effects
    assert stored(out) == state
    assert says in texts(out)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"text": "review"},
        {"action": "review:open:3"},
        {"action": "review:zap"},
        {"text": "Thanks for flagging", "state": asking("lead-reply", flag=3)},
    ],
)
def test_anyone_else_is_told_it_is_for_leads(world: World, kwargs: dict) -> None:
    out = decide(world, **kwargs)
    assert out.effects == [] and stored(out) == {}
    assert "Reviewing flags is only for the leads of a unit" in texts(out)
