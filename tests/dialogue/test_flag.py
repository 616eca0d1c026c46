"""A reporter's flag, step by step and as a form; following it up by case code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.dialogue import TurnInput, TurnOutput, World, after, state_after
from bot.dialogue import effects as fx
from bot.dialogue.model import NO_MODE, Mode
from bot.domain.types import Incoming, Reply
from tests.dialogue.support import NOW, PERSON, address, asking, decide, stored, texts, values

CANCEL = "flag:cancel"
DRAFT = {"category": "exclusion", "unit": "ward-7", "occurred": "today", "danger": "no"}


def at_step(step: str, **draft: str) -> dict:
    return asking("flag", step=step, draft=draft)


def shown(out: TurnOutput) -> list[Reply]:
    """The replies as they reach the person when today's flag allowance has room (a new flag asks first)."""
    allowed = [reply for effect in out.effects if isinstance(effect, fx.FlagAllowance) for reply in effect.form]
    return out.replies + allowed


@pytest.mark.parametrize(
    ("kwargs", "state", "buttons"),
    [
        ({"text": "flag"}, {"mode": "flag", "step": "category", "draft": {}}, None),
        ({"text": "I want to flag something"}, {"mode": "flag", "step": "category", "draft": {}}, None),
        (
            {"action": "flag:cat:exclusion"},
            {"mode": "flag", "step": "unit", "draft": {"category": "exclusion"}},
            ["flag:unit:ward-7", "flag:unit:emergency-department", "flag:unit:theatres"],
        ),
        (
            {"action": "flag:unit:ward-7", "state": at_step("unit", category="exclusion")},
            {"mode": "flag", "step": "when", "draft": {"category": "exclusion", "unit": "ward-7"}},
            ["flag:when:today", "flag:when:this-week", "flag:when:earlier", CANCEL],
        ),
        (
            {"action": "flag:when:today", "state": at_step("when", category="exclusion", unit="ward-7")},
            {
                "mode": "flag",
                "step": "danger",
                "draft": {"category": "exclusion", "unit": "ward-7", "occurred": "today"},
            },
            ["flag:danger:no", "flag:danger:yes", CANCEL],
        ),
        (
            {
                "action": "flag:danger:no",
                "state": at_step("danger", category="exclusion", unit="ward-7", occurred="today"),
            },
            {"mode": "flag", "step": "description", "draft": DRAFT},
            ["flag:desc:skip", CANCEL],
        ),
        (
            {"text": "Call 07700 900123", "state": at_step("description", **DRAFT)},
            {"mode": "flag", "step": "preview", "draft": {**DRAFT, "description": "Call [phone]"}},
            ["flag:send", "flag:send:reply", "flag:edit", CANCEL],
        ),
        (
            {"text": "skip", "state": at_step("description", **DRAFT)},
            {"mode": "flag", "step": "preview", "draft": {**DRAFT, "description": ""}},
            ["flag:send", "flag:send:reply", "flag:edit", CANCEL],
        ),
        (
            {"action": "flag:edit", "state": at_step("preview", **DRAFT, description="")},
            {"mode": "flag", "step": "description", "draft": {**DRAFT, "description": ""}},
            ["flag:desc:skip", CANCEL],
        ),
    ],
)
def test_each_step_asks_the_next(world: World, kwargs: dict, state: dict, buttons: list[str] | None) -> None:
    out = decide(world, **kwargs)
    assert stored(out) == state
    if buttons is not None:
        assert [button.value for reply in shown(out) for button in reply.buttons][: len(buttons)] == buttons
    assert all(reply.private for reply in shown(out))


def test_sending_leaves_nothing_in_state_and_submits_the_draft(world: World) -> None:
    out = decide(world, action="flag:send:reply", state=at_step("preview", **DRAFT, description="[name] shouted"))
    assert out.state == NO_MODE
    assert out.effects == [
        fx.SubmitFlag(
            unit="ward-7",
            category="exclusion",
            occurred="today",
            danger=False,
            description="[name] shouted",
            submitted_week=date(2026, 3, 9),
            release_at=NOW,  # the demo organisation releases flags straight away
            wants_reply=True,
            handle_expires_at=NOW + timedelta(days=90),
        )
    ]


@pytest.mark.parametrize(
    ("kwargs", "says", "state"),
    [
        ({"action": "flag:unit:ward-7"}, "That button is from an earlier message", {}),
        ({"action": CANCEL}, "That button is from an earlier message", {}),
        ({"action": "flag:zap"}, "That button is from an earlier message", {}),
        ({"action": "flag:cat:gone"}, "That button is from an earlier message", {}),
        ({"action": "flag:zap", "state": at_step("unit", category="exclusion")}, "I don't recognise that button", None),
        ({"action": "flag:cat:gone", "state": at_step("unit", category="x")}, "I don't recognise that button", None),
        ({"action": "flag:send", "state": at_step("unit", category="x")}, "Which unit or team was it in?", None),
        ({"action": "flag:cat:exclusion", "state": at_step("unit", category="x")}, "Which unit or team", None),
        ({"action": "flag:unit:nowhere", "state": at_step("unit", category="x")}, "Which unit or team", None),
        ({"action": "flag:when:someday", "state": at_step("when", category="x", unit="y")}, "I don't recognise", None),
        ({"text": "ward 7", "state": at_step("unit", category="x")}, "Please choose one of the options below", None),
        ({"action": CANCEL, "state": at_step("unit", category="x")}, "Cancelled. Nothing was sent or kept.", {}),
        ({"text": "cancel", "state": at_step("unit", category="x")}, "Cancelled. Nothing was sent or kept.", {}),
    ],
)
def test_out_of_step_buttons_and_words(world: World, kwargs: dict, says: str, state: dict | None) -> None:
    out = decide(world, **kwargs)
    assert says in texts(out)
    if state is not None:
        assert stored(out) == state
    else:
        assert out.state.mode is Mode.FLAG and stored(out) == {k: v for k, v in kwargs["state"].items() if k != "at"}


def test_danger_first_points_to_urgent_help(world: World) -> None:
    out = decide(world, action="flag:danger:yes", state=at_step("danger", category="x", unit="y", occurred="today"))
    assert out.replies[0].title == "If someone is in danger now"


def test_a_shortcut_offers_the_message_redacted_and_never_keeps_the_words(world: World) -> None:
    words = "Dr Smith said it again, call 07700 900123"
    out = decide(world, action="flag", values={"description": words})
    form = shown(out)[0].form
    assert form is not None
    offered = {f.name: f.initial for f in form.fields}["description"]
    assert offered and "07700" not in offered and offered != words
    assert stored(out) == {"mode": "flag", "step": "category", "draft": {}}
    assert words not in str(out.state.to_mapping())


def test_without_words_the_form_offers_nothing(world: World) -> None:
    form = shown(decide(world, action="flag"))[0].form
    assert form is not None and all(f.initial == "" for f in form.fields)


# --- the daily limit, said before anything is asked --------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs", [{"text": "flag"}, {"action": "flag"}, {"action": "flag:cat:exclusion"}, {"text": "I want to flag it"}]
)
def test_a_new_flag_asks_first_whether_todays_allowance_is_used_up(world: World, kwargs: dict) -> None:
    out = decide(world, **kwargs)
    [effect] = out.effects
    assert isinstance(effect, fx.FlagAllowance) and effect.form and out.replies == []  # nothing asked yet
    assert out.state.mode is Mode.FLAG


def test_a_category_chosen_within_a_flag_goes_on_without_asking_again(world: World) -> None:
    out = decide(world, action="flag:cat:exclusion", state=at_step("category"))
    assert out.effects == [] and "Which unit or team" in texts(out)


def test_at_the_limit_the_form_is_never_shown_and_nothing_waits(world: World) -> None:
    out = decide(world, text="flag")
    [effect] = out.effects
    inp = TurnInput(incoming=Incoming(address(), text="flag"), person=PERSON, now=NOW, world=world)
    [limit] = after(effect, 5, inp)
    assert "You've sent 5 flags today" in limit.text and "999" in limit.text and limit.form is None
    assert limit.private and "What kind of thing happened" not in limit.text
    assert state_after(effect, 5, out.state) == NO_MODE
    assert after(effect, None, inp) == list(effect.form)  # room left: the form, as before
    assert state_after(effect, None, out.state) == out.state


def test_a_whole_form_is_checked_then_previewed(world: World) -> None:
    incomplete = decide(world, action="flag:form", values={"category": "exclusion", "danger": "maybe"})
    assert "Please choose which unit, roughly when, whether anyone is in danger" in texts(incomplete)
    assert incomplete.replies[0].form is not None and stored(incomplete) == {}
    form = {**DRAFT, "danger": "yes", "description": "  Call 07700 900123  "}
    out = decide(world, action="flag:form", values=form)
    assert stored(out) == {
        "mode": "flag",
        "step": "preview",
        "draft": {**DRAFT, "danger": "yes", "description": "Call [phone]"},
    }
    assert out.replies[0].title == "If someone is in danger now"


@pytest.mark.parametrize(
    ("kwargs", "effects", "state", "says"),
    [
        ({"text": "status K7QX-M2PA-9RTD"}, [fx.FlagStatus("K7QXM2PA9RTD")], {}, ""),
        ({"text": "status k7qx m2pa 9rtd."}, [fx.FlagStatus("K7QXM2PA9RTD")], {}, ""),
        ({"text": "status K7QM-4TXA"}, [fx.FlagStatus("K7QM4TXA")], {}, ""),  # a code made before issue 16
        ({"text": "status"}, [], {"mode": "status"}, "What's the case code?"),
        ({"text": "k7qxm2pa9rtd", "state": asking("status")}, [fx.FlagStatus("K7QXM2PA9RTD")], {}, ""),
        ({"action": "status:K7QXM2PA9RTD"}, [fx.FlagStatus("K7QXM2PA9RTD")], {}, ""),
        ({"text": "withdraw K7QXM2PA9RTD"}, [], {}, "Withdraw flag K7QX-M2PA-9RTD?"),
        ({"text": "withdraw it"}, [], {}, "What's the case code?"),
        ({"action": "withdraw:K7QXM2PA9RTD:confirm"}, [fx.WithdrawFlag("K7QXM2PA9RTD")], {}, ""),
        ({"action": "withdraw:nope"}, [], {"mode": "status"}, "What's the case code?"),
        (
            {"action": "flag-reply:K7QXM2PA9RTD"},
            [fx.MayReply("K7QXM2PA9RTD")],
            {"mode": "reporter-reply", "code": "K7QXM2PA9RTD"},
            "",
        ),
        (
            {"text": "reply K7QX-M2PA-9RTD"},
            [fx.MayReply("K7QXM2PA9RTD")],
            {"mode": "reporter-reply", "code": "K7QXM2PA9RTD"},
            "",
        ),
        (
            {"text": "Thanks, Dr Smith", "state": asking("reporter-reply", code="K7QXM2PA9RTD")},
            [fx.ReporterReply("K7QXM2PA9RTD", "Thanks, [name]")],
            {},
            "",
        ),
        ({"text": "cancel", "state": asking("reporter-reply", code="K7QXM2PA9RTD")}, [], {}, "OK, nothing was sent."),
    ],
)
def test_following_a_flag_up(world: World, kwargs: dict, effects: list, state: dict, says: str) -> None:
    out = decide(world, **kwargs)
    assert out.effects == effects
    assert stored(out) == state
    assert says in texts(out)


def test_a_daily_release_waits_for_eight_the_next_morning(world: World) -> None:
    from dataclasses import replace

    daily = replace(world, org=replace(world.org, flag_release="daily"))
    out = decide(daily, action="flag:send", state=at_step("preview", **DRAFT, description=""))
    assert out.effects[0].release_at == datetime(2026, 3, 11, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["report", "Report it", "I want to report something", "how do I report racist abuse"])
def test_report_gives_the_formal_routes_first_and_a_flag_among_them(world: World, text: str) -> None:
    out = decide(world, text=text)
    said = texts(out)
    for route in ("incident reporting system", "Freedom to Speak Up Guardian", "999", "101", "not a formal report"):
        assert route in said, route
    assert values(out)[:2] == ["flag", "script"] and stored(out) == {}  # nothing starts until they choose


def test_words_that_could_identify_someone_without_a_name_are_pointed_out_before_sending(world: World) -> None:
    words = "the only male midwife on Delivery Suite was shouted at again"
    out = decide(world, text=words, state=at_step("description", **DRAFT))
    said = texts(out)
    assert "might identify someone" in said and "the only male midwife" in said
    assert "Change the words" in [b.label for r in out.replies for b in r.buttons]
    plain = decide(world, text="a consultant shouted at a junior doctor", state=at_step("description", **DRAFT))
    assert "might identify someone" not in texts(plain)


def test_the_words_of_a_flag_can_be_written_in_a_form_instead_of_the_chat(world: World) -> None:
    asked = decide(world, action="flag:danger:no", state=at_step("danger", **DRAFT))
    [form] = [r.form for r in asked.replies if r.form is not None]
    assert [f.name for f in form.fields] == ["description"]  # a modal or a card where the chat app has one
    out = decide(
        world, action=form.submit, values={"description": "Dr Jones shouted"}, state=at_step("description", **DRAFT)
    )
    assert stored(out)["step"] == "preview" and stored(out)["draft"]["description"] == "[name] shouted"


def test_a_case_code_and_a_reply_can_be_written_in_a_form_too(world: World) -> None:
    asked = decide(world, text="status")
    [form] = [r.form for r in asked.replies if r.form is not None]
    out = decide(world, action=form.submit, values={"words": "k7qx-m2pa-9rtd"}, state=asking("status"))
    assert out.effects == [fx.FlagStatus("K7QXM2PA9RTD")]
    waiting = asking("reporter-reply", code="K7QXM2PA9RTD")
    out = decide(world, action="flag:words", values={"words": "It was the late shift"}, state=waiting)
    assert out.effects == [fx.ReporterReply("K7QXM2PA9RTD", "It was the late shift")]
    assert "earlier message" in texts(decide(world, action="flag:words", values={"words": "hello"}))  # nothing waits
