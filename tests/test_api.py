"""The public Python API: bot.match_script, bot.redact, bot.needs_support."""

from __future__ import annotations

import bot


def test_match_script_ranks_the_right_script_first() -> None:
    cases = {
        "a patient just made a racist comment to my colleague": "patient-racist-abuse",
        "the registrar keeps belittling the new F1 in front of patients": "colleague-belittling",
        "I'm worried the obs aren't being done and nobody is listening": "unsafe-care-concern",
        "a man in bay 4 keeps making sexual comments to the student nurse": "patient-sexual-harassment",
    }
    for text, expected in cases.items():
        ranked = bot.match_script(text)
        assert ranked[0] == expected, (text, ranked[:3])


def test_match_script_returns_nothing_for_unrelated_text() -> None:
    assert bot.match_script("purple elephants") == []


def test_redact_and_needs_support_are_exported() -> None:
    assert "07700 900123" not in bot.redact("ring me on 07700 900123")
    assert bot.needs_support("I want to end my life")
    assert not bot.needs_support("where do I find the rota")
