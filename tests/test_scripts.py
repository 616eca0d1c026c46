"""The bystander-script matcher: accuracy on held-out phrasings, what counts as a situation, known mix-ups.

The held-out phrasings (tests/data/script_heldout.yaml) were written apart from the scripts; they must never
be copied into the scripts' examples, or these figures stop meaning anything. `python -m bench.scripts_eval
--misses` prints the same figures and every miss.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

import pytest

from bench.scripts_eval import NOT_SITUATIONS, accuracy, load_heldout
from bot.domain.config import DEFAULT_CONTENT_DIR
from bot.domain.content import load_content
from bot.understanding.scripts import Match, ScriptMatcher

SCRIPTS = load_content(DEFAULT_CONTENT_DIR).scripts
CASES = load_heldout()
AFTER_TUNING = load_heldout(part="after_tuning")  # scored by bench/scripts_eval.py, not gated here


@pytest.fixture(scope="module")
def matcher() -> ScriptMatcher:
    return ScriptMatcher(SCRIPTS)


# --- the held-out set ---------------------------------------------------------------------------------


# added by the triage issue, after this set was written: their held-out phrasings are in
# tests/data/triage_heldout/scripts.txt, scored for the whole reading in tests/test_triage_heldout.py
ADDED_LATER = {
    "patient-discriminatory-abuse",
    "colleague-discloses-abuse",
    "colleague-impaired",
    "pregnancy-discrimination",
}


def test_the_held_out_set_covers_every_script() -> None:
    per_script = Counter(case.script for case in CASES)
    assert len(CASES) >= 72
    assert set(per_script) <= set(SCRIPTS), set(per_script) - set(SCRIPTS)
    thin = {sid: per_script[sid] for sid in set(SCRIPTS) - ADDED_LATER if per_script[sid] < 6}
    assert not thin, f"scripts with fewer than 6 held-out phrasings: {thin}"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def test_no_example_is_a_near_copy_of_a_held_out_phrasing() -> None:
    """Copying a held-out phrasing (or most of it) into a script's examples would make the figures lie.

    Thresholds: distinct phrasings of the same situation share at most about 0.45 of their words (Jaccard)
    and score at most about 0.7 on difflib's character ratio; a light rewording of a copy scores above both.
    """
    copies = []
    for case in (*CASES, *AFTER_TUNING):
        for script in SCRIPTS.values():
            for example in (*script.examples, *script.keywords):
                a, b = _words(case.text), _words(example)
                jaccard = len(a & b) / max(len(a | b), 1)
                similar = difflib.SequenceMatcher(None, case.text.lower(), example.lower())
                if jaccard > 0.5 or (similar.quick_ratio() > 0.75 and similar.ratio() > 0.75):
                    copies.append(f"{script.id}: {example!r} ~ held-out {case.text!r}")
    assert not copies, copies


def test_held_out_accuracy(matcher: ScriptMatcher) -> None:
    """The phrase matcher alone. Since the triage issue it is one of two signals for which script fits
    (bot.understanding.triage.reading.MATCHER_WEIGHT) and competes with four more scripts, two of which take
    cases this set files under older ones (religion now has its own script): 0.85 then, 0.79 now."""
    top1, top3, misses = accuracy(matcher, CASES)
    listed = "\n".join(f"  [{case.script}] {case.text!r} -> {ranked}" for case, ranked in misses)
    assert top1 >= 0.78, f"top-1 {top1:.3f} < 0.78; misses:\n{listed}"
    assert top3 >= 0.95, f"top-3 {top3:.3f} < 0.95; misses:\n{listed}"


# --- what counts as a situation -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["what time is handover", "good morning", "thanks", "where is the canteen"])
def test_small_talk_is_not_a_situation(matcher: ScriptMatcher, text: str) -> None:
    assert matcher.confident(text) == [], matcher.rank(text)[:2]


def test_work_talk_that_describes_nothing_is_not_a_situation(matcher: ScriptMatcher) -> None:
    confident = {text: matcher.confident(text)[:1] for text in NOT_SITUATIONS if matcher.confident(text)}
    assert confident == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a relative grabbed my arm", "patient-aggression"),
        ("a patient's son punched the wall and threatened the F1", "patient-aggression"),
        ("my colleague has been crying in the sluice after a death", "colleague-distress"),
        ("the consultant keeps belittling the F2 on ward rounds", "colleague-belittling"),
        ("someone keeps asking my colleague where she's really from", "microaggression"),
        ("my colleague is being bullied", "bullying-pattern"),
    ],
)
def test_real_situations_are_confident_and_right(matcher: ScriptMatcher, text: str, expected: str) -> None:
    assert matcher.confident(text)[:1] == [expected], matcher.rank(text)[:3]


# --- known mix-ups ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # who acted decides between the patient and the colleague scripts
        ("a patient keeps making sexual comments about the nurse's body", "patient-sexual-harassment"),
        ("a consultant keeps making sexual comments about the nurse's body", "colleague-sexual-harassment"),
        ("a visitor touched the HCA's bottom", "patient-sexual-harassment"),
        ("the charge nurse touched the HCA's bottom", "colleague-sexual-harassment"),
        ("the student was groped by a patient", "patient-sexual-harassment"),
        # grabbing an arm is aggression, not sexual harassment
        ("a relative grabbed my arm", "patient-aggression"),
        ("a relative grabbed the HCA's arm and was shouting", "patient-aggression"),
        # an everyday slight is a microaggression; a prejudiced remark or joke is a discriminatory remark
        ("a colleague keeps calling the new doctor by the wrong name because hers is hard", "microaggression"),
        ("my colleague told a joke about gay people in the staff room", "discriminatory-remarks"),
        ("a colleague said at the huddle that immigrants are ruining the NHS", "discriminatory-remarks"),
        ("a patient said something racist to the HCA", "patient-racist-abuse"),
    ],
)
def test_known_mix_ups(matcher: ScriptMatcher, text: str, expected: str) -> None:
    assert matcher.match(text)[:1] == [expected], matcher.rank(text)[:3]


# --- the public behaviour -----------------------------------------------------------------------------


def test_rank_match_and_confident_agree(matcher: ScriptMatcher) -> None:
    text = "a patient just made a racist comment to my colleague"
    ranked = matcher.rank(text)
    assert all(isinstance(m, Match) for m in ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    assert matcher.match(text) == [m.script_id for m in ranked]
    assert matcher.confident(text) == matcher.match(text)
    assert matcher.rank("purple elephants") == [] and matcher.confident("") == []
