"""Tests for bot.understanding.privacy.identifying_description: words that identify someone without a name."""

from __future__ import annotations

import pytest

from bot.understanding.privacy import identifying_description, redact


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("It was the only male midwife on Delivery Suite.", "the only male midwife on Delivery Suite"),
        ("the only Irish nurse on nights keeps getting the comments", "the only Irish nurse on nights"),
        ("I'm the only band 7 on the unit, so they'll know.", "the only band 7 on the unit"),
        ("She is the only one who speaks Tagalog", "the only one who speaks Tagalog"),
        ("The only woman on the team was left out again.", "The only woman on the team"),
        ("He's the only Black consultant in the department", "the only Black consultant in the department"),
        ("the one who wears a hijab was targeted", "the one who wears a hijab"),
        ("It happened to the only agency HCA on the late shift", "the only agency HCA on the late shift"),
        ("She was only female registrar there", "only female registrar"),
        ("our Muslim porter on the night shift was mocked", "our Muslim porter on the night shift"),
        ("The Polish HCA on nights was told to speak English", "The Polish HCA on nights"),
        ("the pregnant midwife on Ward 7 was moved", "the pregnant midwife on Ward 7"),
        ("the chaplain on Larch Ward heard it too", "the chaplain on Larch Ward"),
    ],
)
def test_descriptions_that_identify_are_quoted_in_the_warning(text: str, quoted: str) -> None:
    warning = identifying_description(text)
    assert warning == (
        f"This might identify someone even without a name (‘{quoted}’). You can change the words before sending."
    )


@pytest.mark.parametrize(
    "text",
    [
        "The only way to fix it is more staff.",
        "The one thing I'd say is thank you to the team.",
        "It only happens on nights.",
        "only on nights",
        "We had only one nurse for 30 patients.",
        "There were only two HCAs on the late.",
        "The only time it happens is at handover.",
        "the only thing the nurse said was sorry",
        "The Polish HCA said she was fine.",
        "Only Black staff are stopped at the door.",
        "the nurse on nights was great",
        "The only reason I stayed on nights was the team.",
        "Which one was it?",
        "",
    ],
)
def test_ordinary_wording_gets_no_warning(text: str) -> None:
    assert identifying_description(text) is None


def test_the_warning_is_plain_and_short() -> None:
    warning = identifying_description("the only Irish nurse on nights")
    assert warning is not None
    assert len(warning.split()) < 30
    assert "You can change the words before sending." in warning


def test_it_changes_nothing_and_works_on_redacted_text() -> None:
    text = "Sarah is the only male midwife on Delivery Suite"
    redacted = redact(text)
    assert redacted == "[name] is the only male midwife on Delivery Suite"
    assert identifying_description(redacted) == identifying_description(text)
