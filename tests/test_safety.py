"""Tests for bot.safety.needs_support: the labelled support set, the brief's examples and normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety import needs_support
from tests.helpers import imported_modules

ROOT = Path(__file__).resolve().parent.parent
EVAL_PATH = ROOT / "tests" / "data" / "support_eval.yaml"
ITEMS: list[dict[str, object]] = yaml.safe_load(EVAL_PATH.read_text(encoding="utf-8"))["items"]

# Honest misses, kept visible rather than tuned away.
KNOWN_MISSES: dict[str, str] = {
    "I've stopped taking my meds because what's the point": (
        "a bare 'what's the point' is too common in everyday work venting to count on its own"
    ),
}


def _item_params() -> list[object]:
    params = []
    for n, item in enumerate(ITEMS):
        marks = []
        if item["text"] in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(reason=KNOWN_MISSES[str(item["text"])], strict=True))
        params.append(pytest.param(item["text"], item["support"], id=f"item{n:03d}", marks=marks))
    return params


def test_eval_set_shape() -> None:
    assert len(ITEMS) >= 60
    positives = sum(1 for i in ITEMS if i["support"] is True)
    negatives = sum(1 for i in ITEMS if i["support"] is False)
    assert positives + negatives == len(ITEMS), "every item needs support: true or false"
    assert 0.4 <= positives / len(ITEMS) <= 0.6
    assert len({i["text"] for i in ITEMS}) == len(ITEMS), "duplicate eval items"


def test_known_misses_are_in_the_eval_set() -> None:
    assert set(KNOWN_MISSES) <= {i["text"] for i in ITEMS}


@pytest.mark.parametrize(("text", "support"), _item_params())
def test_eval_item(text: str, support: bool) -> None:
    assert needs_support(text) is support


def test_eval_accuracy() -> None:
    tp = sum(1 for i in ITEMS if i["support"] and needs_support(str(i["text"])))
    fp = sum(1 for i in ITEMS if not i["support"] and needs_support(str(i["text"])))
    fn = sum(1 for i in ITEMS if i["support"] and not needs_support(str(i["text"])))
    accuracy = 1 - (fp + fn) / len(ITEMS)
    assert accuracy >= 0.95
    assert tp / (tp + fn) >= 0.95  # recall: missing someone at risk is the costly error
    assert tp / (tp + fp) >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore",
        "I want to end it all",
        "thinking of ending my life",
        "I keep thinking about killing myself",
        "I don't want to be here anymore",
        "what's the point of going on",
        "I've been cutting again",
        "I'm going to take all my tablets",
        "he's hitting me",
        "I'm not safe at home",
    ],
)
def test_brief_positives(text: str) -> None:
    assert needs_support(text)


@pytest.mark.parametrize(
    "text",
    [
        "a patient took an overdose",
        "the patient on bay 2 self-harmed, how do I support my colleague who found him",
        "I'm dying for a coffee",
        "this rota is killing me",
        "kill the alarm",
        "the end of my shift",
        "I'm so tired",
    ],
)
def test_brief_negatives(text: str) -> None:
    assert not needs_support(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore",
        "I can’t do this anymore",
        "I CAN'T DO THIS ANYMORE",
        "i cant do this any more",
        "Cant do this anymore.",
        "Im not safe at home",
        "I’m not safe at home",
        "i dont want to be here anymore",
        "I DON’T WANT TO BE HERE ANY MORE!",
    ],
)
def test_case_and_apostrophe_insensitive(text: str) -> None:
    assert needs_support(text)


@pytest.mark.parametrize("text", ["", "   ", "\n", "ok", "Thanks, that helped."])
def test_empty_or_neutral(text: str) -> None:
    assert not needs_support(text)


def test_quoted_words_of_others_do_not_count_but_own_words_do() -> None:
    assert not needs_support("He kept shouting 'I want to kill myself' at the nurses.")
    assert needs_support("I keep thinking 'I want to kill myself' and I can't stop.")


def test_module_imports_only_the_standard_library() -> None:
    allowed = {"__future__", "re", "unicodedata"}
    names = imported_modules(ROOT / "bot" / "safety.py")
    assert all(n.split(".")[0] in allowed for n in names), names


def test_the_quick_text_check_never_hides_a_pattern_match() -> None:
    """Every pattern's required text must appear wherever the pattern matches (it only saves time)."""
    from bot.safety import _COMPILED, _normalise, _strip_apostrophes

    texts = [str(item["text"]) for item in ITEMS]
    for text in texts:
        t = _strip_apostrophes(_normalise(text))
        for pattern, _guarded, required in _COMPILED:
            if pattern.search(t):
                assert required in t, (pattern.pattern, required, text)
