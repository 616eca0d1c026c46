"""Which turns' replies are kept as owed (and so survive a crash) and which are sent at most once, for privacy."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.dialogue import TurnInput, World, turn
from bot.dialogue.model import DialogueState
from bot.domain.types import Incoming
from bot.turns.owed import may_keep
from tests.dialogue.support import NOW, PERSON, address, asking

DRAFT = {"category": "microaggression", "unit": "ward-7", "occurred": "today", "danger": "no"}
CASES = [
    # (what the person sends, their stored state, kept as owed?)
    ({"text": "lesson"}, {}, True),
    ({"text": "a patient just made a racist comment to my colleague"}, {}, True),
    ({"action": "settings"}, {}, True),
    ({"text": "flag"}, {}, False),  # starting a flag: the reply is the form
    ({"action": "flag"}, {}, False),
    ({"text": "it happened on the ward"}, asking("flag", step="description", draft=DRAFT), False),
    ({"text": "ABCD2345EFGH"}, asking("status"), False),  # a case code typed when asked for one
    ({"action": "status:ABCD2345EFGH"}, {}, False),
    ({"text": "withdraw ABCD2345EFGH"}, {}, False),  # the confirmation names the case
    ({"text": "thank you for listening"}, asking("reporter-reply", code="ABCD2345EFGH"), False),
    ({"action": "delete-data:confirm"}, {}, False),
]


@pytest.mark.parametrize(("sent", "state", "kept"), CASES)
def test_a_reporters_turns_and_deleting_data_are_never_kept(
    world: World, sent: dict[str, Any], state: dict[str, Any], kept: bool
) -> None:
    person = replace(PERSON, state=state)
    incoming = Incoming(address=address(), **sent)
    inp = TurnInput(incoming=incoming, person=person, now=NOW, world=world)
    assert may_keep(incoming, inp.state, turn(inp)) is kept


def test_a_state_left_in_the_flag_journey_is_not_kept(world: World) -> None:
    """Even a turn that says nothing about flags is not kept when it leaves the person writing one."""
    incoming = Incoming(address=address(), text="lesson")
    inp = TurnInput(incoming=incoming, person=PERSON, now=NOW, world=world)
    out = turn(inp)
    assert may_keep(incoming, inp.state, out)
    out.state = DialogueState.from_mapping(asking("status"))
    assert not may_keep(incoming, inp.state, out)
