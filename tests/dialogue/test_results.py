"""After an effect has run: its result as replies, and the state it leaves."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.dialogue import TurnInput, World, after, state_after
from bot.dialogue import effects as fx
from bot.dialogue.model import NO_MODE, DialogueState, Mode
from bot.domain.records import FlagFilter, ReflectionRecord
from bot.domain.types import Incoming
from tests.dialogue.support import NOW, PERSON, address


def _inp(world: World) -> TurnInput:
    return TurnInput(Incoming(address=address(), text="x"), PERSON, NOW, world)


@pytest.mark.parametrize(
    ("effect", "result", "says"),
    [
        (fx.SaveReflection("p", "t"), 1, "I've saved that for you"),
        (fx.ListReflections(), ([], 0), "You haven't saved any reflections yet."),
        (
            fx.ListReflections(),
            ([ReflectionRecord(4, "p", "I listened", datetime(2026, 3, 9, tzinfo=UTC))], 1),
            "1. 9 Mar: I listened",
        ),
        (fx.DeleteReflection(4), True, "Deleted. It's gone for good."),
        (fx.DeleteReflection(4), False, "already deleted"),
        (fx.DeleteAllReflections(), 1, "Deleted 1 reflection."),
        (fx.FlagStatus("K7QXM2PA9RTD"), (None, [], False), "I couldn't find a flag with the code K7QX-M2PA-9RTD"),
        (fx.WithdrawFlag("K7QXM2PA9RTD"), True, "Flag K7QX-M2PA-9RTD is withdrawn"),
        (fx.ReviewFlags(("ward-7",)), fx.FlagPage([], 0, totals={"ward-7": 0}), "There are no flags for your units"),
        (
            fx.ReviewFlags(("ward-7",), where=FlagFilter(status="seen")),
            fx.FlagPage([], 0),
            "No flags for your units match that right now (seen)",
        ),
        (fx.ReviewFilters(("ward-7",)), [], "Which flags would you like to see? Now showing: all flags."),
        (fx.OpenNumbered(9, ("ward-7",)), (None, [], False), "There's no flag 9 on your list right now."),
        (fx.OpenFlag(3, ("ward-7",)), (None, [], False), "That flag isn't available to you."),
        (fx.MarkFlag(3, ("ward-7",), "seen"), True, "Marked as seen by a lead."),
        (fx.MarkFlag(3, ("ward-7",), "action-taken"), True, "Would you like to add a short note"),
        (fx.MarkFlag(3, ("ward-7",), "action-taken"), False, "That flag isn't available to you."),
        (fx.FlagNote(3, ("ward-7",), "n"), True, "The note is saved"),
        (fx.FlagSummary(("ward-7",), date(2026, 3, 1)), {}, "Flags sent in March 2026"),
        (fx.LeadReply(3, ("ward-7",), "t"), False, "I can't pass that on"),
        (fx.MayReply("K7QXM2PA9RTD"), True, "What would you like to say to the lead about K7QX-M2PA-9RTD?"),
        (fx.MayReply("K7QXM2PA9RTD"), False, "I can't pass that on: K7QX-M2PA-9RTD"),
        (fx.ReporterReply("K7QXM2PA9RTD", "t"), True, "Sent. The leads for that unit can read it"),
        (fx.DeleteMyData(), None, "Everything Kinship held about you is deleted."),
    ],
)
def test_each_result_has_its_reply(world: World, effect: fx.Effect, result: object, says: str) -> None:
    replies = after(effect, result, _inp(world))
    assert len(replies) == 1 and says in replies[0].text


def test_over_the_daily_limit_nothing_is_sent(world: World) -> None:
    effect = fx.SubmitFlag("ward-7", "exclusion", "today", False, "", date(2026, 3, 9), NOW, False, NOW)
    [reply] = after(effect, 5, _inp(world))
    assert reply.title == "Flag not sent" and "I can only take 5 flags a day" in reply.text


def test_a_reply_that_cannot_be_passed_on_waits_for_nothing() -> None:
    waiting = DialogueState(Mode.REPORTER_REPLY, NOW, code="K7QM4TXA")
    assert state_after(fx.MayReply("K7QM4TXA"), False, waiting) == NO_MODE
    assert state_after(fx.MayReply("K7QM4TXA"), True, waiting) == waiting
    assert state_after(fx.ListReflections(), ([], 0), waiting) == waiting
