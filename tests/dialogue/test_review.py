"""A lead's review: only for leads, only their units, every button clearing the state."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import World
from bot.dialogue import effects as fx
from bot.domain.records import FlagFilter
from tests.dialogue.support import asking, decide, stored, texts

UNITS = ("ward-7", "emergency-department", "theatres", "community-nursing", "outpatients")


@pytest.mark.parametrize(
    ("kwargs", "effects", "state", "says"),
    [
        ({"text": "review"}, [fx.ReviewFlags(UNITS)], {}, ""),
        ({"action": "review:open:3"}, [fx.OpenFlag(3, UNITS)], {}, ""),
        ({"action": "review:list:2"}, [fx.ReviewFlags(UNITS, page=2)], {}, ""),
        ({"action": "review:list:0"}, [fx.ReviewFlags(UNITS, page=1)], {}, ""),
        (
            {"action": "review:list:1:theatres::seen"},
            [fx.ReviewFlags(UNITS, where=FlagFilter("theatres", "", "seen"))],
            {},
            "",
        ),
        (
            {"action": "review:filter::microaggression"},
            [fx.ReviewFilters(UNITS, FlagFilter("", "microaggression"))],
            {},
            "",
        ),
        ({"action": "review:list:1:mars"}, [], {}, "it isn't one of yours"),  # not a unit they lead
        ({"action": "review:list:1:::withdrawn"}, [], {}, "it isn't one of yours"),
        ({"text": "review page 3"}, [fx.ReviewFlags(UNITS, page=3)], {}, ""),
        ({"text": "review action taken"}, [fx.ReviewFlags(UNITS, where=FlagFilter(status="action-taken"))], {}, ""),
        ({"text": "review emergency"}, [fx.ReviewFlags(UNITS, where=FlagFilter("emergency-department"))], {}, ""),
        ({"text": "open 6"}, [fx.OpenNumbered(6, UNITS)], {}, ""),
        ({"text": "dashboard"}, [fx.DashboardLink(UNITS)], {}, ""),
        ({"action": "dashboard"}, [fx.DashboardLink(UNITS)], {}, ""),
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
        {"action": "review:list:2"},
        {"action": "review:filter"},
        {"text": "dashboard"},
        {"action": "dashboard"},
        {"text": "Thanks for flagging", "state": asking("lead-reply", flag=3)},
    ],
)
def test_anyone_else_is_told_it_is_for_leads(world: World, kwargs: dict) -> None:
    out = decide(world, **kwargs)
    assert out.effects == [] and stored(out) == {}
    assert "Reviewing flags is only for the leads of a unit" in texts(out)
