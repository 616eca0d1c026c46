"""Button values: every action encodes to the string earlier releases sent, and parses back to itself."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain, encode
from bot.dialogue.parsing import about_a_reporters_flag, parse_action

WIRE: list[tuple[act.Action, str]] = [
    *((member, member.value) for member in Plain),
    (act.Reflect(), "reflect"),
    (act.Reflect("p-kind-words"), "reflect:p-kind-words"),
    (act.DeleteAllReflections(), "reflections:delete-all"),
    (act.DeleteAllReflections(confirmed=True), "reflections:delete-all:confirm"),
    (act.DeleteReflection(12), "reflection:delete:12"),
    (act.Recap(("lesson-3",)), "recap:lesson-3"),
    (act.Recap(("lesson-3", "lesson-9", "lesson-12")), "recap:lesson-3,lesson-9,lesson-12"),
    (act.Sources(), "sources"),
    (act.Sources("lesson:kindness-needs-knowledge"), "sources:lesson:kindness-needs-knowledge"),
    (act.Sources("script:patient-racist-abuse"), "sources:script:patient-racist-abuse"),
    (act.Checkin(), "checkin:carry-on"),
    (act.Checkin(slower=True), "checkin:slower"),
    (act.Script(), "script"),
    (act.Script("microaggression"), "script:microaggression"),
    (act.OtherScripts(("exclusion", "bullying-pattern")), "scripts:others:exclusion,bullying-pattern"),
    (act.FlagCategory("something-else"), "flag:cat:something-else"),
    (act.FlagUnit("ward-7"), "flag:unit:ward-7"),
    (act.FlagWhen("this-week"), "flag:when:this-week"),
    (act.FlagDanger("yes"), "flag:danger:yes"),
    (act.FlagSend(), "flag:send"),
    (act.FlagSend(wants_reply=True), "flag:send:reply"),
    (act.FlagUnrecognised("zap:1"), "flag:zap:1"),
    (act.Status(), "status"),
    (act.Status("K7QXM2PA9RTD"), "status:K7QXM2PA9RTD"),
    (act.Withdraw("K7QXM2PA9RTD"), "withdraw:K7QXM2PA9RTD"),
    (act.Withdraw("K7QXM2PA9RTD", confirmed=True), "withdraw:K7QXM2PA9RTD:confirm"),
    (act.ReplyToLead("K7QXM2PA9RTD"), "flag-reply:K7QXM2PA9RTD"),
    (act.ReviewOpen(7), "review:open:7"),
    (act.ReviewReply(7), "review:reply:7"),
    (act.ReviewMark(7, "seen"), "review:mark:7:seen"),
    (act.ReviewMark(7, "action-taken"), "review:mark:7:action-taken"),
    (act.ReviewUnrecognised("open:x"), "review:open:x"),
    (act.ReviewList(2), "review:list:2"),
    (act.ReviewList(1, "ward-7"), "review:list:1:ward-7"),
    (act.ReviewList(1, "", "microaggression", "new"), "review:list:1::microaggression:new"),
    (act.ReviewList(3, "ward-7", "", "action-taken"), "review:list:3:ward-7::action-taken"),
    (act.ReviewFilters(), "review:filter"),
    (act.ReviewFilters("theatres", "", "seen"), "review:filter:theatres::seen"),
    (act.SetTime(), "settings:time"),
    (act.SetTime("07:00"), "settings:time:07:00"),
    (act.SetDays(), "settings:days"),
    (act.SetDays("every-day"), "settings:days:every-day"),
    (act.SetQuiet(), "settings:quiet"),
    (act.SetQuiet("22:00-07:00"), "settings:quiet:22:00-07:00"),
    (act.Pause(), "pause"),
    (act.Pause(14), "pause:14"),
    (act.DeleteData(), "delete-data"),
    (act.DeleteData(confirmed=True), "delete-data:confirm"),
    (act.ThanksChoice("sign", "anon"), "thanks:sign:anon"),
    (act.ThanksChoice("send"), "thanks:send"),
    (act.ThanksBack(7), "thanks:back:7"),
    (
        act.Triaged("me", ("patient-sexual-harassment", "patient-aggression")),
        "triage:me:patient-sexual-harassment,patient-aggression",
    ),
    (act.Triaged("ok"), "triage:ok"),
]


def test_every_kind_of_action_is_in_the_table() -> None:
    kinds = {type(action) for action, _ in WIRE}
    assert kinds == set(get_args(act.Action))


@pytest.mark.parametrize(("action", "value"), WIRE, ids=[value for _, value in WIRE])
def test_encodes_to_the_wire_string_and_parses_back(action: act.Action, value: str) -> None:
    assert encode(action) == value
    assert parse_action(value) == action


@pytest.mark.parametrize(
    ("value", "action"),
    [
        ("help:anything", Plain.HELP),  # a tail is ignored, as it always was
        ("lesson:x", Plain.LESSON),
        ("scripts", Plain.ALL_SCRIPTS),
        ("scripts:whatever", Plain.ALL_SCRIPTS),
        ("reflections:other", Plain.MY_REFLECTIONS),
        ("flag:desc:anything", Plain.FLAG_SKIP_DESCRIPTION),
        ("flag:cat:", act.FlagCategory("")),
        ("review:summary:old", Plain.REVIEW_SUMMARY),
        ("review:mark:7:closed", act.ReviewUnrecognised("mark:7:closed")),
        ("review:open:²", act.ReviewUnrecognised("open:²")),
        ("review:list:x", act.ReviewUnrecognised("list:x")),  # garbled: "I don't recognise that button"
        ("review:list:", act.ReviewUnrecognised("list:")),
        ("review:list:99999999999", act.ReviewUnrecognised("list:99999999999")),
        ("review:list:1:a:b:c:d", act.ReviewUnrecognised("list:1:a:b:c:d")),
        ("review:list:0", act.ReviewList(0)),  # the flow shows the first page
        ("review:filter:a:b:c:d", act.ReviewUnrecognised("filter:a:b:c:d")),
        ("settings:tz:Europe/Paris", Plain.SET_TIMEZONE),
        ("settings:time:", act.SetTime()),
        ("checkin", act.Checkin()),
        ("withdraw", act.Withdraw()),
        ("delete-data:maybe", act.DeleteData()),
        ("pause:0", act.Pause(0)),
    ],
)
def test_lenient_readings_of_older_or_odd_values(value: str, action: act.Action) -> None:
    assert parse_action(value) == action


@pytest.mark.parametrize(
    "value", ["", "nonsense", "platform:opened", "reflection:delete:x", "settings:colour", "settings::x", "pause:x"]
)
def test_values_no_release_sent_are_not_actions(value: str) -> None:
    assert parse_action(value) is None


@pytest.mark.parametrize(
    ("value", "about"),
    [
        ("flag", True),
        ("flag:send", True),
        ("status:K7QXM2PA9RTD", True),
        ("withdraw:X:confirm", True),
        ("flag-reply:X", True),
        ("review:open:1", False),
        ("help", False),
        (None, False),
        ("flagged", False),
    ],
)
def test_which_buttons_belong_to_a_reporters_flag(value: str | None, about: bool) -> None:
    assert about_a_reporters_flag(value) is about
