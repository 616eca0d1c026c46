"""Quality gates over the SHIPPED content (content/): the programme's size, plain words, UK spelling, no
leftovers. The loader (bot/domain/content.py) checks structure and limits; these check what a reviewer would.

Each test collects every offender and names them (lesson, prompt or script id) in its failure message, so
a writer can fix a folder in one pass. Reading ease is computed by bot/cli/content_report.py.
"""

from __future__ import annotations

import difflib
import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.content_report import (
    READING_EASE_TARGET,
    answer_reading_ease,
    for_you_reading_ease,
    lesson_reading_ease,
    lesson_words,
    lessons_per_theme,
    script_reading_ease,
)
from bot.domain.config import DEFAULT_CONTENT_DIR
from bot.domain.content import Content, ContentError, Script, load_content
from tests.helpers import SCRIPT_IDS

LESSONS = 64  # about thirteen weeks of weekday lessons
PROMPTS = 63
MIN_LESSONS_PER_THEME = 4
MAX_BODY_WORDS = 120
MIN_SCRIPT_EXAMPLES = 8

# Near-duplicate lesson bodies. Two measures, because each misses what the other sees:
# - Jaccard similarity of 3-word shingles catches a reused passage: a body that reuses half of another's
#   wording scores about 0.3, while the most alike pair of distinct lessons scored under 0.08 when written.
# - difflib's ratio over the two word sequences catches light rewording: changing every third word breaks
#   every shingle but still scores about 0.56, while distinct lessons scored under 0.22.
# Both thresholds sit at more than twice the most alike distinct pair, and below the copies they must catch.
MAX_SHINGLE_JACCARD = 0.2
MAX_WORD_RATIO = 0.5

# Common US spellings (whole words, any case, with their usual endings) that have a different UK form.
# "program" is matched as a whole word, so "programme" is fine.
_US_WORDS = [
    # -or for -our
    r"behavior(?:s|al|ally)?",
    r"color(?:s|ed|ful|ing)?",
    r"favor(?:s|ed|ing|able|ably)?",
    r"favorites?",
    r"honor(?:s|ed|ing|able)?",
    r"labor(?:s|ed|ing)?",
    r"humor(?:s|ed|ing)?",
    r"neighbor(?:s|hood|hoods|ing)?",
    r"rumors?",
    r"odors?",
    r"endeavors?",
    r"flavors?",
    r"harbor(?:s|ed|ing)?",
    # -ize / -yze for -ise / -yse
    r"(?:apolog|realiz|recogniz|organiz|prioritiz|minimiz|emphasiz|criticiz|summariz|normaliz|stigmatiz"
    r"|traumatiz|patroniz|sympathiz|utiliz|finaliz|categoriz|specializ|familiariz|hospitaliz|mobiliz"
    r"|authoriz|personaliz|verbaliz|energiz|jeopardiz|scrutiniz|agoniz)"
    r"(?:e|es|ed|ing|ation|ations|er|ers)",
    r"apologiz(?:e|es|ed|ing)",
    r"analyz(?:e|es|ed|ing|er|ers)",
    r"paralyz(?:e|es|ed|ing)",
    # -er for -re, -ense for -ence
    r"centers?",
    r"theaters?",
    r"liters?",
    r"fibers?",
    r"somber",
    r"defense",
    r"offense",
    r"pretense",
    # health care
    r"pediatric(?:s|ian|ians)?",
    r"anesthe(?:sia|tic|tics|tist|tists|tize)",
    r"hemorrhag(?:e|es|ed|ing)",
    r"anemi(?:a|c)",
    r"edema",
    r"diarrhea",
    r"esophag(?:us|eal)",
    r"estrogen",
    r"orthopedic(?:s)?",
    r"gynecolog(?:y|ist|ists|ical)",
    r"leukemia",
    r"hematolog(?:y|ist)",
    r"hemoglobin",
    # others
    r"programs?",
    r"catalogs?",
    r"dialogs?",
    r"moms?",
    r"gray",
    r"aging",
    r"fulfill(?:s|ment)?",
    r"enroll(?:s|ment)?",
    r"skillful(?:ly)?",
    r"willful(?:ly)?",
    r"counselor(?:s)?",
    r"counsel(?:ed|ing)",
    r"travel(?:ed|ing|er|ers)",
    r"cancel(?:ed|ing)",
    r"label(?:ed|ing)",
    r"model(?:ed|ing)",
    r"jewelry",
    r"mustache",
    r"pajamas",
    r"cozy",
]
US_SPELLING = re.compile(r"\b(?:" + "|".join(_US_WORDS) + r")\b", re.IGNORECASE)

PLACEHOLDER = re.compile(
    r"\bTODO\b|\bTBD\b|\bTBC\b|\bFIXME\b|\bXXX\b|\blorem\b|\bipsum\b|\[insert|<insert|\binsert (?:here|text)\b"
    r"|(?:^|\s)(?:…|\.\.\.)",  # an ellipsis standing alone ("text: …"), not one ending a word ("said…")
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(DEFAULT_CONTENT_DIR)


def _script_texts(script: Script) -> Iterator[str]:
    yield from (script.title, script.summary, script.safety, *script.examples, *script.keywords)
    yield from (*script.check_in, *script.record, *script.avoid)
    yield from (line for _, lines in script.steps for line in lines)
    if script.for_you:
        f = script.for_you
        yield from (f.opening, *f.now, *f.tell, *f.support)


def texts_of(content: Content) -> Iterator[tuple[str, str, str]]:
    """(kind, id, text) for every piece of writing in lessons, prompts, scripts and answers."""
    for lesson in content.lessons:
        for text in (lesson.title, lesson.setting, lesson.body, lesson.try_today):
            yield "lesson", lesson.id, text
        for text in (lesson.recap_question, lesson.recap_answer):
            yield "lesson", lesson.id, text
    for prompt in content.prompts.values():
        yield "prompt", prompt.id, prompt.text
    for script in content.scripts.values():
        for text in _script_texts(script):
            yield "script", script.id, text
    for answer in content.answers:
        for text in (*answer.questions, answer.answer):
            yield "answer", answer.id, text


# --- size of the programme ----------------------------------------------------------------------------


def test_there_are_sixty_lessons(content: Content) -> None:
    per_theme = ", ".join(f"{theme} {n}" for theme, n in lessons_per_theme(content).items())
    assert len(content.lessons) == LESSONS, f"{len(content.lessons)} lessons, expected {LESSONS} ({per_theme})"


def test_every_theme_has_at_least_four_lessons(content: Content) -> None:
    short = {theme: n for theme, n in lessons_per_theme(content).items() if n < MIN_LESSONS_PER_THEME}
    assert not short, f"themes with fewer than {MIN_LESSONS_PER_THEME} lessons: {short}"


def test_there_are_sixty_prompts(content: Content) -> None:
    assert len(content.prompts) == PROMPTS, f"{len(content.prompts)} prompts, expected {PROMPTS}"


def test_the_twelve_scripts_are_there_with_enough_examples(content: Content) -> None:
    missing = [sid for sid in SCRIPT_IDS if sid not in content.scripts]
    assert not missing, f"scripts missing: {missing}"
    thin = {sid: len(content.scripts[sid].examples) for sid in SCRIPT_IDS if sid in content.scripts}
    thin = {sid: n for sid, n in thin.items() if n < MIN_SCRIPT_EXAMPLES}
    assert not thin, f"scripts with fewer than {MIN_SCRIPT_EXAMPLES} examples: {thin}"


# --- plain words --------------------------------------------------------------------------------------


def test_lesson_bodies_are_at_most_120_words(content: Content) -> None:
    long = {lid: n for lid, n in lesson_words(content).items() if n > MAX_BODY_WORDS}
    assert not long, f"lesson bodies over {MAX_BODY_WORDS} words: {long}"


def test_lesson_bodies_read_easily(content: Content) -> None:
    hard = {lid: round(score, 1) for lid, score in lesson_reading_ease(content).items() if score < READING_EASE_TARGET}
    assert not hard, f"lesson bodies with Flesch reading ease under {READING_EASE_TARGET:.0f}: {hard}"


def test_scripts_read_easily(content: Content) -> None:
    hard = {sid: round(score, 1) for sid, score in script_reading_ease(content).items() if score < READING_EASE_TARGET}
    assert not hard, f"scripts whose visible text has Flesch reading ease under {READING_EASE_TARGET:.0f}: {hard}"


def test_words_for_the_person_it_happened_to_read_easily(content: Content) -> None:
    hard = {sid: round(score, 1) for sid, score in for_you_reading_ease(content).items() if score < READING_EASE_TARGET}
    assert not hard, f"for_you text with Flesch reading ease under {READING_EASE_TARGET:.0f}: {hard}"


def test_answers_read_easily_in_two_to_four_sentences(content: Content) -> None:
    hard = {aid: round(score, 1) for aid, score in answer_reading_ease(content).items() if score < READING_EASE_TARGET}
    assert not hard, f"answers with Flesch reading ease under {READING_EASE_TARGET:.0f}: {hard}"
    sentence_end = re.compile(r"[.!?](?:\s|$)")
    wrong = {a.id: n for a in content.answers if not 2 <= (n := len(sentence_end.findall(a.answer))) <= 4}
    assert not wrong, f"answers that are not 2-4 sentences: {wrong}"


def test_every_lesson_has_a_recap_question_and_answer(content: Content) -> None:
    missing = [lesson.id for lesson in content.lessons if not (lesson.recap_question and lesson.recap_answer)]
    assert not missing, f"lessons without a recap question and answer: {missing}"


# --- references ---------------------------------------------------------------------------------------


def test_every_reference_and_prompt_id_resolves(content: Content) -> None:
    cited = [(f"lesson {lesson.id}", ref) for lesson in content.lessons for ref in lesson.references]
    cited += [(f"script {script.id}", ref) for script in content.scripts.values() for ref in script.references]
    cited += [(f"answer {answer.id}", ref) for answer in content.answers for ref in answer.references]
    cited += [(f"signpost {s.id}", s.reference) for s in content.signposts if s.reference]
    unknown = [f"{who}: reference {ref}" for who, ref in cited if ref not in content.references]
    unknown += [
        f"lesson {lesson.id}: prompt {pid}"
        for lesson in content.lessons
        for pid in lesson.prompts
        if pid not in content.prompts
    ]
    assert not unknown, f"ids that do not resolve: {unknown}"


def test_the_loader_refuses_a_lesson_citing_an_unknown_reference(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    path = sorted((folder / "lessons").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r"references: \[[^\]\n]*\]", "references: [no-such-source]", text, count=1)
    assert broken != text, f"{path.name} has no one-line references list to break"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert any("reference 'no-such-source' is not in references.yaml" in str(p) for p in caught.value.problems)


# --- no repeats, no leftovers -------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _shingles(words: list[str], k: int = 3) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def test_no_two_lesson_bodies_are_near_duplicates(content: Content) -> None:
    bodies = [(lesson.id, _words(lesson.body)) for lesson in content.lessons]
    shingles = {lid: _shingles(words) for lid, words in bodies}
    alike = []
    for (a, words_a), (b, words_b) in itertools.combinations(bodies, 2):
        sa, sb = shingles[a], shingles[b]
        jaccard = len(sa & sb) / max(len(sa | sb), 1)
        matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
        ratio = matcher.ratio() if matcher.quick_ratio() > MAX_WORD_RATIO else 0.0
        if jaccard > MAX_SHINGLE_JACCARD or ratio > MAX_WORD_RATIO:
            alike.append(f"{a} ~ {b} (shingles {jaccard:.2f}, words {ratio:.2f})")
    assert not alike, f"near-duplicate lesson bodies: {alike}"


def test_uk_spelling(content: Content) -> None:
    found = sorted(
        {
            f"{kind} {ident}: {m.group(0)!r}"
            for kind, ident, text in texts_of(content)
            for m in US_SPELLING.finditer(text)
        }
    )
    assert not found, f"US spellings (use the UK form): {found}"


def test_the_us_spelling_list_is_long_enough_and_spares_uk_forms() -> None:
    assert len(_US_WORDS) >= 30
    for us in (
        "color",
        "behavior",
        "organization",
        "center",
        "program",
        "analyze",
        "recognize",
        "apologize",
        "favorite",
        "honor",
        "labor",
        "pediatric",
        "anesthesia",
        "hospitalization",
        "colors",
    ):
        assert US_SPELLING.search(f"the {us} here"), us
    for uk in (
        "colour",
        "behaviour",
        "organisation",
        "centre",
        "programme",
        "analyse",
        "recognise",
        "apologise",
        "favourite",
        "honour",
        "labour",
        "paediatric",
        "anaesthesia",
        "hospitalisation",
        "size",
        "prize",
    ):
        assert not US_SPELLING.search(f"the {uk} here"), uk


def test_no_placeholder_text(content: Content) -> None:
    found = sorted(
        {
            f"{kind} {ident}: {m.group(0).strip()!r}"
            for kind, ident, text in texts_of(content)
            for m in PLACEHOLDER.finditer(text)
        }
    )
    assert not found, f"placeholder text left in: {found}"


def test_the_placeholder_check_allows_an_ellipsis_that_ends_a_word() -> None:
    assert PLACEHOLDER.search("text: …") and PLACEHOLDER.search("TODO: write") and PLACEHOLDER.search("[insert name]")
    assert not PLACEHOLDER.search('bring it back: "Going back to what Jo said…"')
    assert not PLACEHOLDER.search('swap one "Why did you...?" for another')


def test_no_two_prompts_have_the_same_text(content: Content) -> None:
    seen: dict[str, str] = {}
    repeats = []
    for prompt in content.prompts.values():
        key = " ".join(_words(prompt.text))
        if key in seen:
            repeats.append(f"{seen[key]} = {prompt.id}")
        else:
            seen[key] = prompt.id
    assert not repeats, f"prompts with the same text: {repeats}"
