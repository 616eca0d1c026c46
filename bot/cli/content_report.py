"""Figures about a loaded content folder, for writers and reviewers (``python -m bot content check``).

Pure functions over :class:`bot.domain.content.Content`: lessons and prompts per theme, signposts per topic,
words per lesson body, and the Flesch reading ease of every lesson body, of every script's visible text (what
``Script.visible_words`` counts: title, safety line, the 5Ds, check-in, record and avoid lines), of every
script's ``for_you`` text and of every answer.

Flesch reading ease is ``206.835 - 1.015 * words/sentences - 84.6 * syllables/words``: 60-70 is plain
English (about age 13-15), 70-80 fairly easy, 80+ easy. Our content aims at 60 or more (see
``content/README.md``). The formula is one line, so it lives here; the hard part, counting syllables, comes
from ``syllapy`` (MIT, pure Python, no dependencies): a word list of about 6,400 common words with a vowel-
group rule for the rest, shipped in the package, so nothing is downloaded at run time. On our lessons and
scripts it agrees with the CMU Pronouncing Dictionary on 97% of words and moves a text's score by about one
point on average. (``textstat`` needs NLTK data downloaded at run time; ``readability`` counts "the" as no
syllables at all and scores our texts about ten points too easy.) Numbers and other words it cannot count
("F1", "999") count as one syllable.

How text is cut up: each visible line of a script (and each paragraph of a lesson) is at least one sentence,
and inside it a sentence ends at ``.``, ``!`` or ``?`` followed by a space (closing quotes allowed). Words
are runs of letters and digits, with inner apostrophes and hyphens kept ("wasn't", "follow-up").

``syllapy`` is imported on first use, so importing this module, and Kinship's start-up, never load it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from bot.domain.content import TOPICS, Content, Lesson, Script

READING_EASE_TARGET = 60.0  # lesson bodies and script text should score at least this
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[’”'\")]*\s+")


# --- counts -------------------------------------------------------------------------------------------


def lessons_per_theme(content: Content) -> dict[str, int]:
    """Every theme id (in themes.yaml order, zero included) -> number of lessons in it."""
    counts = dict.fromkeys(content.themes, 0)
    for lesson in content.lessons:
        counts[lesson.theme] = counts.get(lesson.theme, 0) + 1
    return counts


def prompts_per_theme(content: Content) -> dict[str, int]:
    """Every theme id (in themes.yaml order, zero included) -> number of prompts in it."""
    counts = dict.fromkeys(content.themes, 0)
    for prompt in content.prompts.values():
        counts[prompt.theme] = counts.get(prompt.theme, 0) + 1
    return counts


def signposts_per_topic(content: Content) -> dict[str, int]:
    """Every signpost topic (zero included) -> number of signposts that serve it."""
    return {topic: sum(topic in s.topics for s in content.signposts) for topic in TOPICS}


def lesson_words(content: Content) -> dict[str, int]:
    """Lesson id -> words in its body (counted as the loader's 120-word limit counts them)."""
    return {lesson.id: len(lesson.body.split()) for lesson in content.lessons}


# --- reading ease -------------------------------------------------------------------------------------


@cache
def _syllable_counter() -> Callable[[str], int]:
    import syllapy  # only `content check` and the quality tests need it

    return syllapy.count


def syllables(word: str) -> int:
    """Syllables in one word (at least one)."""
    return max(1, _syllable_counter()(word.replace("’", "'")))


def sentences(parts: Iterable[str]) -> list[list[str]]:
    """The words of each sentence; every part (a line or paragraph) is at least one sentence."""
    found = []
    for part in parts:
        for paragraph in part.split("\n\n"):
            for sentence in _SENTENCE_END.split(paragraph.strip()):
                words = _WORD.findall(sentence)
                if words:
                    found.append(words)
    return found


def flesch_reading_ease(parts: str | Iterable[str]) -> float:
    """Flesch reading ease of a text (or of several lines, each its own sentence). Higher is easier."""
    cut = sentences([parts] if isinstance(parts, str) else parts)
    words = [word for sentence in cut for word in sentence]
    if not words:
        return 0.0
    syllable_count = sum(syllables(word) for word in words)
    return 206.835 - 1.015 * len(words) / len(cut) - 84.6 * syllable_count / len(words)


def lesson_text(lesson: Lesson) -> list[str]:
    """The text of a lesson that reading ease is measured on: its body, paragraph by paragraph."""
    return [p for p in lesson.body.split("\n\n") if p.strip()]


def script_visible_text(script: Script) -> list[str]:
    """A script's visible lines, in the order shown (the same parts ``Script.visible_words`` counts)."""
    steps = [line for _, step_lines in script.steps for line in step_lines]
    return [script.title, script.safety, *steps, *script.check_in, *script.record, *script.avoid]


def for_you_text(script: Script) -> list[str]:
    """A script's words for the person it happened to, in the order shown (empty when it has none)."""
    if script.for_you is None:
        return []
    f = script.for_you
    return [f.opening, *f.now, *f.tell, *f.support]


def lesson_reading_ease(content: Content) -> dict[str, float]:
    """Lesson id -> Flesch reading ease of its body."""
    return {lesson.id: flesch_reading_ease(lesson_text(lesson)) for lesson in content.lessons}


def script_reading_ease(content: Content) -> dict[str, float]:
    """Script id -> Flesch reading ease of its visible text."""
    return {script.id: flesch_reading_ease(script_visible_text(script)) for script in content.scripts.values()}


def for_you_reading_ease(content: Content) -> dict[str, float]:
    """Script id -> Flesch reading ease of its ``for_you`` text (scripts with one only)."""
    return {sid: flesch_reading_ease(for_you_text(s)) for sid, s in content.scripts.items() if s.for_you}


def answer_reading_ease(content: Content) -> dict[str, float]:
    """Answer id -> Flesch reading ease of its answer."""
    return {answer.id: flesch_reading_ease(answer.answer) for answer in content.answers}


# --- summary ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spread:
    minimum: float
    median: float
    maximum: float
    lowest: str  # the id with the minimum value
    below_target: tuple[str, ...] = ()  # ids under READING_EASE_TARGET (reading ease spreads only)


def spread(values: Mapping[str, float], *, target: float | None = None) -> Spread | None:
    """Min, median and max of ``values`` (None when there are none), naming the lowest id."""
    if not values:
        return None
    lowest = min(values, key=lambda key: (values[key], key))
    below = tuple(key for key, value in values.items() if target is not None and value < target)
    return Spread(min(values.values()), statistics.median(values.values()), max(values.values()), lowest, below)


def _table(themes: Sequence[tuple[str, str]], lessons: Mapping[str, int], prompts: Mapping[str, int]) -> list[str]:
    lines = ["  lessons per theme (prompts in brackets):"]
    for theme_id, title in themes:
        lines.append(f"    {lessons.get(theme_id, 0):>3} ({prompts.get(theme_id, 0):>2})  {title}")
    return lines


def report_lines(content: Content) -> list[str]:
    """The figures ``content check`` prints after its counts, one line each, indented by two spaces."""
    themes = [(theme_id, theme.title) for theme_id, theme in content.themes.items()]
    lines = _table(themes, lessons_per_theme(content), prompts_per_theme(content))
    by_topic = ", ".join(f"{topic} {n}" for topic, n in signposts_per_topic(content).items())
    lines.append(f"  signposts per topic: {by_topic}")
    with_for_you = sum(1 for s in content.scripts.values() if s.for_you)
    lines.append(f"  scripts with words for the person it happened to (for_you): {with_for_you}")
    words = spread({k: float(v) for k, v in lesson_words(content).items()})
    if words is not None:
        lines.append(
            f"  words per lesson body: min {words.minimum:.0f} ({words.lowest}), "
            f"median {words.median:.0f}, max {words.maximum:.0f}"
        )
    lines.append(f"  reading ease (Flesch; {READING_EASE_TARGET:.0f}+ is plain English, higher is easier):")
    for label, values in (
        ("lesson bodies", lesson_reading_ease(content)),
        ("scripts", script_reading_ease(content)),
        ("for_you", for_you_reading_ease(content)),
        ("answers", answer_reading_ease(content)),
    ):
        found = spread(values, target=READING_EASE_TARGET)
        if found is None:
            continue
        lines.append(
            f"    {label:<14} min {found.minimum:5.1f} ({found.lowest}), median {found.median:5.1f}, "
            f"max {found.maximum:5.1f}"
        )
        if found.below_target:
            lines.append(f"    {'':<14} below {READING_EASE_TARGET:.0f}: {', '.join(found.below_target)}")
    return lines
