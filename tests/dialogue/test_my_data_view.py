"""``my data`` in the pure dialogue: the command words and button ask for the copy, and the copy reads right: every
part of what is held, flags counted and never named, long copies split into private replies of bounded size."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.dialogue import World
from bot.dialogue import effects as fx
from bot.dialogue.actions import Plain, encode
from bot.dialogue.parsing import parse_action
from bot.dialogue.views.account import MY_DATA_REPLY_CHARS, my_data
from bot.domain.records import HeldData, LessonHad, NudgeHeld, ReflectionRecord
from tests.dialogue.support import NOW, PERSON, asking, decide, stored

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("words", ["my data", "My data", "what do you hold about me", "download my data"])
def test_the_command_words_ask_for_a_copy(world: World, words: str) -> None:
    assert decide(world, text=words).effects == [fx.MyData()]


def test_the_button_value_round_trips(world: World) -> None:
    assert parse_action(encode(Plain.MY_DATA)) is Plain.MY_DATA
    assert decide(world, action="my-data").effects == [fx.MyData()]


def test_a_question_waiting_for_its_answer_still_waits(world: World) -> None:
    state = asking("flag", step="unit", draft={"category": "patient-racist-abuse"})
    out = decide(world, text="my data", state=state)
    assert out.effects == [fx.MyData()]
    assert stored(out)["mode"] == "flag"


def a_lot_held() -> HeldData:
    person = replace(
        PERSON,
        last_lesson_id="kindness-needs-knowledge",
        last_lesson_on=date(2026, 3, 9),
        last_shown="lesson:kindness-needs-knowledge",
        unanswered=2,
    )
    return HeldData(
        person=person,
        reflections=(ReflectionRecord(1, "no-such-prompt", "My own words about a shift.", NOW),),
        lessons=(LessonHad("kindness-needs-knowledge", date(2026, 3, 9), 1, date(2026, 3, 16)),),
        nudges=(
            NudgeHeld(date(2026, 3, 9), "sent", "lesson", "kindness-needs-knowledge", (), NOW, None),
            NudgeHeld(date(2026, 3, 10), "skipped", None, None, (), None, None),
        ),
        follow_ups=2,
        follow_ups_until=NOW + timedelta(days=90),
        replies_owed=1,
        lead_actions=3,
        lead_actions_since=NOW - timedelta(days=5),
        installations=1,
    )


def test_every_part_of_what_is_held_is_listed(world: World) -> None:
    replies = my_data(a_lot_held(), world.content, LONDON)
    text = "\n".join(r.text for r in replies)
    for fragment in (
        "console account someone",
        "Daily lessons: on, 10:00, Monday to Friday",
        "Quiet hours: none",
        "Daily messages since you last wrote: 2",
        "Lessons you've had: 1",
        "Kindness needs knowledge: first on 9 Mar 2026, 1 of 3 look-backs, next look-back 16 Mar 2026",
        "Daily messages: 1 sent, 1 skipped, from 9 Mar 2026 to 10 Mar 2026.",
        "You asked to hear back on 2 flags",
        "until 8 Jun 2026",
        "3 entries in the lead audit log",
        "install record names you",
        "Not yet confirmed as delivered: 1 reply from me",
        "Your private reflections: 1",
        "My own words about a shift.",
        "type delete my data",
    ):
        assert fragment in text, fragment
    assert replies[0].title == "What Kinship holds about you"
    assert all(r.private for r in replies)
    assert [b.label for b in replies[-1].buttons] == ["Delete my data", "Help"]


def test_a_flag_being_written_is_mentioned_but_never_its_words(world: World) -> None:
    draft = {"category": "patient-racist-abuse", "unit": "ward-7", "description": "SECRET DRAFT WORDS"}
    held = HeldData(person=replace(PERSON, state={"mode": "flag", "step": "preview", "draft": draft}))
    text = "\n".join(r.text for r in my_data(held, world.content, LONDON))
    assert "part-way through a flag" in text
    assert "SECRET DRAFT WORDS" not in text and "ward-7" not in text


def test_a_reply_to_a_lead_being_written_never_shows_its_case_code(world: World) -> None:
    held = HeldData(person=replace(PERSON, state={"mode": "reporter-reply", "code": "K7QXM2PA9RTD"}))
    text = "\n".join(r.text for r in my_data(held, world.content, LONDON))
    assert "waiting for your answer" in text and "K7QX" not in text


def test_a_long_copy_comes_in_several_private_replies(world: World) -> None:
    words = ("A long reflection about a hard night on the ward. " * 40).strip()  # about 2,000 characters
    reflections = tuple(ReflectionRecord(i, "p", f"{i}: {words}", NOW) for i in range(6))
    replies = my_data(HeldData(person=PERSON, reflections=reflections), world.content, LONDON)
    assert len(replies) >= 6
    assert all(len(r.text) <= MY_DATA_REPLY_CHARS for r in replies)
    assert all(r.private for r in replies)
    assert [bool(r.title) for r in replies] == [True] + [False] * (len(replies) - 1)
    assert [bool(r.buttons) for r in replies] == [False] * (len(replies) - 1) + [True]
    text = "\n".join(r.text for r in replies)
    assert all(f"{i}: {words}" in text for i in range(6))  # every reflection in full, none cut


def test_someone_new_is_told_nothing_was_held_before(world: World) -> None:
    (reply,) = my_data(HeldData(person=PERSON), world.content, LONDON, is_new=True)
    assert "held nothing about you before this message" in reply.text and reply.private


def test_no_record_at_all_says_so(world: World) -> None:
    (reply,) = my_data(HeldData(person=None), world.content, LONDON)
    assert reply.text == "Kinship holds nothing about you." and reply.private


def test_dates_are_the_persons_own(world: World) -> None:
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # already 1 July in London
    held = HeldData(person=PERSON, reflections=(ReflectionRecord(1, "p", "words", late),))
    assert "1 Jul 2026" in "\n".join(r.text for r in my_data(held, world.content, LONDON))


def test_help_and_the_delete_question_offer_a_copy(world: World) -> None:
    assert "my data: a copy of everything Kinship holds about you" in decide(world, text="help").replies[-1].text
    asked = decide(world, text="delete my data")
    assert Plain.MY_DATA.value in [b.value for r in asked.replies for b in r.buttons]
