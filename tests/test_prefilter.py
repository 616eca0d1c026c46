"""Tests for bot.understanding.prefilter: it may only ever skip searches that would have found nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.understanding.prefilter import WORD_RE, required_text, word_gate
from bot.understanding.safety.patterns import HARM_PATTERNS, SELF_RISK_PATTERNS
from bot.understanding.safety.wording import normalise, strip_apostrophes

PATTERNS = [p for p, _guarded in SELF_RISK_PATTERNS + HARM_PATTERNS]


def _admits(pattern: str, text: str) -> bool:
    """What the screen asks of the prefilter before it runs `pattern` on `text`."""
    gate = word_gate(pattern)
    return required_text(pattern) in text and (not gate or not gate.isdisjoint(WORD_RE.findall(text)))


@pytest.mark.parametrize("pattern", PATTERNS, ids=[f"pattern{n:03d}" for n in range(len(PATTERNS))])
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_never_rejects_a_text_the_pattern_matches(pattern: str, data: st.DataObject) -> None:
    """Texts generated to contain a match of each real pattern always pass its prefilter."""
    text = data.draw(st.from_regex(pattern), label="text")
    assert re.search(pattern, text)
    assert required_text(pattern) in text
    gate = word_gate(pattern)
    assert not gate or gate & set(WORD_RE.findall(text)), sorted(gate)


@pytest.mark.parametrize(
    "text",
    [
        "can you swap my late on friday for an early",
        "the printer on ward 3 is jammed again",
        "who is on call for ortho tonight",
        "thanks for covering my shift yesterday, you are a star",
    ],
)
def test_rejects_nearly_every_pattern_for_everyday_messages(text: str) -> None:
    t = strip_apostrophes(normalise(text))
    admitted = [p for p in PATTERNS if _admits(p, t)]
    assert len(admitted) <= len(PATTERNS) // 20, admitted


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\bkill(?:ing)? myself\b", "kill the alarm"),
        (r"\b(?:im|i am) (?:so|very) sad\b", "i am sad"),
        (r"\b(?:feel|felt) (?:so )?down\b", "feeling down"),
    ],
)
def test_rejects_an_obvious_non_match(pattern: str, text: str) -> None:
    assert not re.search(pattern, text)
    assert not _admits(pattern, text)


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (r"\bkill(?:ing)? myself\b", " myself"),  # an optional group ends a run; \b keeps it going
        (r"\b(?:a|b)c", "c"),  # alternatives give nothing certain
        (r"abc(?:de)?f", "abc"),
        (r"x(?:abcd)+y", "abcd"),  # a group that must occur is searched on its own
        (r"x(?:abcd)*y", "x"),  # ...but not one that may be left out
        (r"a|bcd", ""),  # an alternative at the top
        (r"ab(?=c)c", "abc"),  # a lookahead is zero-width
        ("(", ""),  # a pattern that does not parse costs only speed
    ],
)
def test_required_text(pattern: str, required: str) -> None:
    assert required_text(pattern) == required


def test_word_gate_prefers_uncommon_longer_words() -> None:
    """Of the required lists, one without common words and with the longest shortest word gives the gate."""
    assert word_gate(r"\b(?:i|im) (?:hate|loathe) (?:mondays|rotas)\b") == frozenset({"mondays", "rotas"})
    assert word_gate(r"\b(?:i|im) (?:x|y) me\b") == frozenset({"x", "y"})
