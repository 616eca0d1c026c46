"""Tests for needs_support: the labelled support set, the brief's examples and normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.understanding.safety import needs_support
from tests.helpers import imported_modules

ROOT = Path(__file__).resolve().parent.parent
EVAL_PATH = ROOT / "tests" / "data" / "support_eval.yaml"
HELDOUT_PATH = ROOT / "tests" / "data" / "support_heldout.yaml"
UNSEEN2_PATH = ROOT / "tests" / "data" / "support_unseen2.yaml"


def _load(path: Path) -> list[dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


ITEMS = _load(EVAL_PATH)
HELDOUT_ITEMS = _load(HELDOUT_PATH)

# Honest misses, kept visible rather than tuned away. ("I've stopped taking my meds because what's the
# point" used to be one; stopping treatment out of hopelessness is now a family of its own.)
KNOWN_MISSES: dict[str, str] = {}

# Held-out items the detector gets wrong, in either direction, with the reason. The set was written before
# the detector was changed for it; it was then used to find phrase families, so these are what is left.
HELDOUT_KNOWN_MISSES: dict[str, str] = {
    "I've given the cat to my sister and sorted out my will, so that's everything done": (
        "missed: putting affairs in order in everyday words; a will or rehoming a pet is too ordinary to count"
        " on its own and the screen does not add up weak signs"
    ),
    "im scared to go home and tell my mum i failed my exam lol": (
        "false positive: 'scared to go home' stays broad on purpose, as a common way to say home is not safe;"
        " the harmless reason only comes after it"
    ),
    "the heat on this ward is unbearable, I can't take it": (
        "false positive: a bare first-person 'I can't take it' counts; the screen cannot tell that it is the"
        " heat that cannot be taken"
    ),
}


def _item_params(items: list[dict[str, object]], misses: dict[str, str], prefix: str = "item") -> list[object]:
    params = []
    for n, item in enumerate(items):
        marks = []
        if item["text"] in misses:
            marks.append(pytest.mark.xfail(reason=misses[str(item["text"])], strict=True))
        params.append(pytest.param(item["text"], item["support"], id=f"{prefix}{n:03d}", marks=marks))
    return params


def _scores(items: list[dict[str, object]]) -> tuple[float, float, float]:
    """Accuracy, recall and precision of needs_support on labelled items."""
    tp = sum(1 for i in items if i["support"] and needs_support(str(i["text"])))
    fp = sum(1 for i in items if not i["support"] and needs_support(str(i["text"])))
    fn = sum(1 for i in items if i["support"] and not needs_support(str(i["text"])))
    return 1 - (fp + fn) / len(items), tp / (tp + fn), tp / (tp + fp)


def _check_shape(items: list[dict[str, object]], minimum: int) -> None:
    assert len(items) >= minimum
    positives = sum(1 for i in items if i["support"] is True)
    negatives = sum(1 for i in items if i["support"] is False)
    assert positives + negatives == len(items), "every item needs support: true or false"
    assert 0.4 <= positives / len(items) <= 0.6
    assert len({i["text"] for i in items}) == len(items), "duplicate eval items"


def test_eval_set_shape() -> None:
    _check_shape(ITEMS, 60)


def test_known_misses_are_in_the_eval_set() -> None:
    assert set(KNOWN_MISSES) <= {i["text"] for i in ITEMS}


@pytest.mark.parametrize(("text", "support"), _item_params(ITEMS, KNOWN_MISSES))
def test_eval_item(text: str, support: bool) -> None:
    assert needs_support(text) is support


def test_eval_accuracy() -> None:
    accuracy, recall, precision = _scores(ITEMS)
    assert accuracy >= 0.95
    assert recall >= 0.95  # missing someone at risk is the costly error
    assert precision >= 0.95


def test_heldout_set_shape() -> None:
    _check_shape(HELDOUT_ITEMS, 100)
    assert not {i["text"] for i in HELDOUT_ITEMS} & {i["text"] for i in ITEMS}, "held-out items copied from eval"


def test_heldout_known_misses_are_in_the_heldout_set() -> None:
    assert set(HELDOUT_KNOWN_MISSES) <= {i["text"] for i in HELDOUT_ITEMS}


@pytest.mark.parametrize(("text", "support"), _item_params(HELDOUT_ITEMS, HELDOUT_KNOWN_MISSES, "heldout"))
def test_heldout_item(text: str, support: bool) -> None:
    assert needs_support(text) is support


def test_heldout_accuracy() -> None:
    """Measured 25 Nov 2026: recall 66/67 = 0.985, precision 66/68 = 0.971, accuracy 127/130 = 0.977.

    Before the detector was changed for this set: recall 33/67 = 0.493, precision 33/46 = 0.717. The set
    was then used to find phrase families, so these bars are no longer an unseen figure (see unseen2).
    """
    accuracy, recall, precision = _scores(HELDOUT_ITEMS)
    assert accuracy >= 0.96
    assert recall >= 0.97
    assert precision >= 0.95


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
    # every module of the screen, and the prefilter it uses, besides each other ("sre_parse" is only named
    # for the type checker)
    allowed = {"__future__", "collections", "re", "sre_parse", "typing", "unicodedata"}
    own = ("bot.understanding.safety", "bot.understanding.prefilter")
    paths = [*(ROOT / "bot" / "understanding" / "safety").glob("*.py"), ROOT / "bot" / "understanding" / "prefilter.py"]
    assert len(paths) > 2
    for path in paths:
        names = imported_modules(path)
        assert all(n.split(".")[0] in allowed or n.startswith(own) for n in names), (path, names)


def test_unseen2_set_shape() -> None:
    items = _load(UNSEEN2_PATH)
    _check_shape(items, 40)
    earlier = {i["text"] for i in ITEMS} | {i["text"] for i in HELDOUT_ITEMS}
    assert not {i["text"] for i in items} & earlier, "unseen items copied from another set"


def test_unseen2_accuracy() -> None:
    """The figure to trust most: written after the code was final, measured once, code not changed since.

    Measured 25 Nov 2026 on commit 8ea3e6e: recall 10/22 = 0.455, precision 10/11 = 0.909, accuracy 29/42
    = 0.690 (the detector before this work: recall 9/22, precision 9/11). The 12 misses are wordings no
    pattern foresaw, several of them near misses of families that exist ("I wish I wouldn't wake up",
    "disappeared for good", "won't be safe from myself", "pinned me against the wall"); the false positive
    is "scared to go home on the night bus after lates". The bars are the measured figures rounded down,
    so a change that loses even one of these items fails here.
    """
    accuracy, recall, precision = _scores(_load(UNSEEN2_PATH))
    assert accuracy >= 0.68
    assert recall >= 0.45
    assert precision >= 0.90


def test_the_quick_text_check_never_hides_a_pattern_match() -> None:
    """Every pattern's required text and one of its gate words must appear wherever it matches (they only
    save time)."""
    from bot.understanding.prefilter import WORD_RE as _TOKEN_RE
    from bot.understanding.safety.screen import _COMPILED, _GATES
    from bot.understanding.safety.wording import normalise as _normalise
    from bot.understanding.safety.wording import strip_apostrophes as _strip_apostrophes

    paths = [EVAL_PATH, HELDOUT_PATH] + ([UNSEEN2_PATH] if UNSEEN2_PATH.exists() else [])
    texts = [str(item["text"]) for path in paths for item in _load(path)]
    matched = 0
    for text in texts:
        t = _strip_apostrophes(_normalise(text))
        words = set(_TOKEN_RE.findall(t))
        for (pattern, _guarded, required), gate in zip(_COMPILED, _GATES, strict=True):
            if pattern.search(t):
                matched += 1
                assert required in t, (pattern.pattern, required, text)
                assert not gate or gate & words, (pattern.pattern, sorted(gate), text)
    assert matched > 100  # the check has something to check


def test_gates_are_built_only_from_lists_every_match_must_pass() -> None:
    """Optional, alternative or unbounded word lists give no gate; a required one does."""
    from bot.understanding.prefilter import word_gate as _word_gate

    assert _word_gate(r"\b(?:im|i am) (?:so|very) sad\b") == frozenset({"so", "very"})
    assert _word_gate(r"\b(?:feel|felt) (?:so )?down") == frozenset({"feel", "felt"})
    assert _word_gate(r"\b(?:a|b) x|(?:c|d) y") == frozenset()  # an alternative at the top
    assert _word_gate(r"\bx (?:cut|hurt)") == frozenset()  # nothing after: "cutting" would match
    assert _word_gate(r"\bx(?:cut|hurt) ") == frozenset()  # no space before: "xcut"
    assert _word_gate(r"\bx (?:cut|hurt)? ") == frozenset()  # optional
    assert _word_gate(r"\b(?:he|she|(?:partner|wife)) (?:hits|hit) me") == frozenset({"hits", "hit"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # denials, unless the message goes on to qualify them
        ("I am not going to hurt myself, I just need to vent about today", False),
        ("I'd never kill myself, don't worry", False),
        ("I'm not going to hurt myself but I keep thinking about it", True),
        # past and over, unless it is back
        ("I used to self harm as a teenager, now I teach on it", False),
        ("I used to self harm and I've started again", True),
        ("I was suicidal years ago and it's coming back", True),
        # harm from someone else counts whenever it happened
        ("My ex raped me years ago and he has found out where I live", True),
        # teaching and policy topics, unless the writer comes in between
        ("Can you explain the difference between self-harm and suicidal intent for my essay", False),
        ("I finished the suicide prevention training and realised I'm suicidal", True),
        # quoted and reported words of others
        ("The e-learning said phrases like 'I just want to sleep and not wake up' are a warning sign", False),
        ("'I want to die,' she said, and then went quiet", False),
        ("my manager said I'm a burden on the team because I'm part time", False),
        ("I keep having thoughts like 'I just want to sleep and not wake up'", True),
        # possessives are not the writer, but "my mum's pills" are still mine to take
        ("My son's mate took an overdose at the weekend", False),
        ("i took a load of my mums pills earlier", True),
        # textspeak and fillers
        ("i cnt do this anymore tbh", True),
        ("im goin to end it tonite", True),
    ],
)
def test_guards_and_normalisation(text: str, expected: bool) -> None:
    assert needs_support(text) is expected
