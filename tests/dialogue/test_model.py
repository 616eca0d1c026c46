"""Dialogue state: typed in the core, stored as the same JSON mapping every earlier release wrote."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.dialogue.model import MODE_LIFETIME, NO_MODE, DialogueState, FlagDraft, FlagStep, Mode
from bot.dialogue.thanks_draft import ThanksDraft, ThanksStep
from tests.dialogue.support import NOW

AT = NOW.isoformat()
FULL_DRAFT = {"category": "microaggression", "unit": "ward-7", "occurred": "today", "danger": "no", "description": ""}

ROUND_TRIPS: list[tuple[dict[str, Any], DialogueState]] = [
    ({}, NO_MODE),
    ({"mode": "reflect", "prompt_id": "p1", "at": AT}, DialogueState(Mode.REFLECT, NOW, prompt_id="p1")),
    ({"mode": "script", "at": AT}, DialogueState(Mode.SCRIPT, NOW)),
    (
        {"mode": "flag", "step": "category", "draft": {}, "at": AT},
        DialogueState(Mode.FLAG, NOW, step=FlagStep.CATEGORY, draft=FlagDraft()),
    ),
    (
        {"mode": "flag", "step": "when", "draft": {"category": "exclusion", "unit": "theatres"}, "at": AT},
        DialogueState(Mode.FLAG, NOW, step=FlagStep.WHEN, draft=FlagDraft("exclusion", "theatres")),
    ),
    (
        {"mode": "flag", "step": "preview", "draft": FULL_DRAFT, "at": AT},
        DialogueState(Mode.FLAG, NOW, step=FlagStep.PREVIEW, draft=FlagDraft(**FULL_DRAFT)),
    ),
    *(({"mode": m.value, "at": AT}, DialogueState(m, NOW)) for m in Mode if m.value.startswith("settings-")),
    ({"mode": "status", "at": AT}, DialogueState(Mode.STATUS, NOW)),
    ({"mode": "lead-reply", "flag": 4, "at": AT}, DialogueState(Mode.LEAD_REPLY, NOW, flag_id=4)),
    ({"mode": "lead-note", "flag": 4, "at": AT}, DialogueState(Mode.LEAD_NOTE, NOW, flag_id=4)),
    (
        {"mode": "reporter-reply", "code": "K7QXM2PA9RTD", "at": AT},
        DialogueState(Mode.REPORTER_REPLY, NOW, code="K7QXM2PA9RTD"),
    ),
    (
        {"mode": "thanks", "thanks": {"step": "ready", "to": "U2", "words": "for the tea", "sign": "anon"}, "at": AT},
        DialogueState(
            Mode.THANKS, NOW, thanks=ThanksDraft(ThanksStep.READY, to="U2", words="for the tea", sign="anon")
        ),
    ),
]


@pytest.mark.parametrize(("mapping", "state"), ROUND_TRIPS, ids=[str(m.get("mode")) for m, _ in ROUND_TRIPS])
def test_state_reads_and_writes_the_stored_mapping(mapping: dict[str, Any], state: DialogueState) -> None:
    assert DialogueState.from_mapping(mapping) == state
    assert state.to_mapping() == mapping


def test_every_mode_has_a_round_trip() -> None:
    assert {state.mode for _, state in ROUND_TRIPS} == {None, *Mode}


@pytest.mark.parametrize(
    "mapping",
    [
        None,
        [],
        "flag",
        {"mode": "dancing", "at": AT},  # a mode no release wrote
        {"mode": ["flag"], "at": AT},
        {"mode": "flag", "step": "colour", "draft": {}, "at": AT},
        {"mode": "flag", "step": "preview", "draft": {"category": "exclusion"}, "at": AT},  # steps skipped
        {"mode": "flag", "step": "unit", "draft": "category", "at": AT},
        {"mode": "flag", "step": "unit", "draft": {"category": 3}, "at": AT},
        {"mode": "lead-reply", "flag": "4", "at": AT},
        {"mode": "lead-note", "flag": True, "at": AT},
        {"mode": "reporter-reply", "code": None, "at": AT},
        {"at": AT},
    ],
)
def test_shapes_no_release_wrote_are_no_mode(mapping: object) -> None:
    assert DialogueState.from_mapping(mapping) == NO_MODE


@pytest.mark.parametrize(
    ("at", "expired"),
    [
        (AT, False),
        ((NOW - MODE_LIFETIME).isoformat(), False),
        ((NOW - MODE_LIFETIME - timedelta(seconds=1)).isoformat(), True),
        ("yesterday", True),
        (None, True),
        ("2026-03-10T09:00:00", True),  # no time zone: not one of ours
    ],
)
def test_a_question_waits_two_hours(at: str | None, expired: bool) -> None:
    mapping = {"mode": "script"} if at is None else {"mode": "script", "at": at}
    assert DialogueState.from_mapping(mapping).expired(NOW) is expired
    assert not NO_MODE.expired(NOW)


def test_only_a_reporters_modes_are_about_a_flag() -> None:
    about = {m for m in Mode if DialogueState(m).about_a_reporters_flag}
    assert about == {Mode.FLAG, Mode.STATUS, Mode.REPORTER_REPLY}
    assert not NO_MODE.about_a_reporters_flag
