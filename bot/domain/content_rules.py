"""Editorial rules over content that has been read: each class of content mistake a reviewer found, caught by
the loader so it cannot come back. Every rule records ``file:line: message`` problems (a stale signpost
records a warning instead) and carries on, like the rest of the loader.

- every line of a script's ``record`` says whose agreement is needed (:data:`CONSENT_MARKERS`);
- every line of a script's Direct step is conditioned on safety (:data:`SAFE_DIRECT_MARKERS`);
- every reference citation names its year;
- a lesson's ``recalls`` name lessons that come earlier in the programme;
- no figure (a percentage, "N in M", a decimal, a number of 1,000 or more) is repeated across lessons, and no
  sentence of 5 or more words or run of 8 words is shared by two lessons, unless the later one ``recalls``
  the earlier one;
- a signpost checked more than :data:`SIGNPOST_STALE_DAYS` days ago gets a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.domain.content_limits import CONSENT_MARKERS, SAFE_DIRECT_MARKERS, SIGNPOST_STALE_DAYS
from bot.domain.yamlfile import LineMap, Problem

if TYPE_CHECKING:  # content.py imports this module
    from bot.domain.content import Lesson
    from bot.domain.signposts import Signpost

__all__ = [
    "CONSENT_MARKERS",
    "PlacedLesson",
    "check_lessons",
    "check_record_consent",
    "citation_year_problem",
    "figures",
    "item_lines",
    "stale_signposts",
]

YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MIN_SENTENCE_WORDS = 5
RUN_WORDS = 8


# --- where things are in a file ------------------------------------------------------------------------


def item_lines(path: Path, key: str, *within: str) -> list[int]:
    """The line of each item of the list under ``key`` of ``path`` (inside the mappings ``within``, outermost
    first; at the top level when none), or empty if there is none.

    The loader keeps lines for mappings and lists but not for the text items of a list, so this reads the
    file's node tree again (a script file is small).
    """
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    for outer in within:
        node = _value_of(node, outer)
    found = _value_of(node, key)
    return [child.start_mark.line + 1 for child in found.value] if isinstance(found, yaml.SequenceNode) else []


def _value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for k, value in node.value if getattr(k, "value", None) == key), None)


def _words(text: str) -> list[str]:
    """Lowercase words, punctuation and apostrophes ignored ("Don't," -> "dont")."""
    return re.findall(r"[a-z0-9]+", text.casefold().replace("’", "").replace("'", ""))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def line_of_text(path: Path, key_line: int, words: Sequence[str]) -> int:
    """The line, within the value that starts at ``key_line``, where ``words`` start (``key_line`` if unsure)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return key_line
    if not 0 < key_line <= len(lines):
        return key_line
    indent = _indent(lines[key_line - 1])
    needle = " ".join(words[:3])
    line = key_line
    while line <= len(lines):
        text = lines[line - 1]
        if line > key_line and text.strip() and _indent(text) <= indent:
            break
        if needle and needle in " ".join(_words(text)):
            return line
        line += 1
    return key_line


# --- scripts, references, signposts ---------------------------------------------------------------------


def check_record_consent(path: Path, record: Sequence[str], key_line: int, problems: list[Problem]) -> None:
    """A problem for each ``record`` line that does not say whose agreement is needed."""
    why = 'does not say whose agreement is needed (e.g. "with their agreement")'
    _lines_without(path, ("record",), record, CONSENT_MARKERS, key_line, why, problems)


def check_direct_safety(path: Path, direct: Sequence[str], key_line: int, problems: list[Problem]) -> None:
    """A problem for each Direct line that is not conditioned on safety ("If it's safe, …"): speaking to the
    person causing harm is only ever advised when it is safe."""
    why = 'is not conditioned on safety (start it "If it\'s safe, …")'
    _lines_without(path, ("steps", "direct"), direct, SAFE_DIRECT_MARKERS, key_line, why, problems)


def _lines_without(
    path: Path,
    keys: Sequence[str],
    texts: Sequence[str],
    markers: Sequence[str],
    key_line: int,
    why: str,
    problems: list[Problem],
) -> None:
    """A problem, at its own line, for each of ``texts`` (the list under ``keys``) holding none of ``markers``."""
    lines = item_lines(path, keys[-1], *keys[:-1])
    for number, text in enumerate(texts, 1):
        if not any(marker in text.casefold() for marker in markers):
            line = lines[number - 1] if number <= len(lines) else key_line
            problems.append(Problem(path, line, f"{keys[-1]} line {number} {why}"))


def citation_year_problem(ref_id: str, citation: str) -> str | None:
    """What is wrong with a citation that names no year (None when it names one)."""
    if not citation or YEAR.search(citation):
        return None
    return (
        f"citation of {ref_id!r} names no year: add the year it was published, or for a web page the month "
        "and year it was last checked (e.g. 'Accessed December 2026')"
    )


def stale_signposts(path: Path, found: Iterable[tuple[Signpost, LineMap]], today: date) -> list[Problem]:
    """A warning for each signpost last checked more than :data:`SIGNPOST_STALE_DAYS` days before ``today``."""
    warnings = []
    for signpost, m in found:
        if signpost.checked is None:
            continue
        age = (today - signpost.checked).days
        if age > SIGNPOST_STALE_DAYS:
            warnings.append(
                Problem(
                    path,
                    m.line_of("checked"),
                    f"signpost {signpost.id!r} was last checked {signpost.checked.isoformat()}, {age} days ago: "
                    "check its number and details, then update 'checked'",
                )
            )
    return warnings


# --- lessons ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlacedLesson:
    """A lesson with the file and mapping it was read from, so a rule can name the line."""

    lesson: Lesson
    path: Path
    m: LineMap

    def problem(self, key: str, message: str, words: Sequence[str] = ()) -> Problem:
        line = self.m.line_of(key)
        return Problem(self.path, line_of_text(self.path, line, words) if words else line, message)


_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?) ?%")
_N_IN_M = re.compile(r"(?<![\d.,])(\d+) in (\d+)(?![\d,]*\d)")
_BIG = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d)")
_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d+(?![.]?\d)(?! ?[ap]\.?m\b)")  # not a time ("7.30pm")


def _whole_percent(value: float) -> str:
    return f"{int(value + 0.5)}%"


def _as_written(match: re.Match[str]) -> str:
    return match[0]


def _n_in_m(match: re.Match[str]) -> str | None:
    n, m = int(match[1]), int(match[2])
    if m == 0 or n > m or YEAR.fullmatch(match[2]):  # "12 in 2023" is a count in a year, not a rate
        return None
    return _whole_percent(100 * n / m)


def figures(text: str) -> dict[str, str]:
    """The figures of ``text``, normalised (-> as first written): "3 in 10" and "30%" both give "30%"."""
    found: list[tuple[int, str, str]] = []
    masked = text

    def take(pattern: re.Pattern[str], normal: Callable[[re.Match[str]], str | None]) -> None:
        nonlocal masked
        for match in pattern.finditer(masked):
            value = normal(match)
            if value:
                found.append((match.start(), value, match[0]))
                masked = masked[: match.start()] + " " * len(match[0]) + masked[match.end() :]

    take(_PERCENT, lambda match: _whole_percent(float(match[1])))
    take(_N_IN_M, _n_in_m)
    take(_BIG, _as_written)
    take(_DECIMAL, _as_written)
    out: dict[str, str] = {}
    for _start, value, raw in sorted(found):
        out.setdefault(value, raw)
    return out


def _recap_hint(earlier: str) -> str:
    return f"mark it with recalls: [{earlier}] if this lesson is meant as a recap"


def _check_recalls(placed: Sequence[PlacedLesson], position: dict[str, int], problems: list[Problem]) -> None:
    for index, item in enumerate(placed):
        for earlier in item.lesson.recalls:
            if earlier not in position:
                problems.append(item.problem("recalls", f"recalls {earlier!r}, which is not a lesson id"))
            elif position[earlier] >= index:
                message = f"recalls {earlier!r}, which does not come earlier in the programme"
                problems.append(item.problem("recalls", message))


def _first_unrecalled(holders: Sequence[str], recalls: Sequence[str]) -> str | None:
    """The first earlier lesson to name, or None when the lesson recalls any of ``holders``."""
    if not holders or any(h in recalls for h in holders):
        return None
    return holders[0]


def _check_figures(placed: Sequence[PlacedLesson], problems: list[Problem]) -> None:
    seen: dict[str, list[str]] = {}  # normalised figure -> ids of the lessons that used it, in order
    for item in placed:
        lesson = item.lesson
        for value, raw in figures(lesson.body).items():
            earlier = _first_unrecalled(seen.get(value, []), lesson.recalls)
            if earlier:
                shown = f'"{raw}"' if raw == value else f'"{raw}" ({value})'
                message = f"figure {shown} repeats lesson {earlier!r}; {_recap_hint(earlier)}"
                problems.append(_figure_problem(item, raw, message))
            seen.setdefault(value, []).append(lesson.id)


def _figure_problem(item: PlacedLesson, raw: str, message: str) -> Problem:
    line = item.m.line_of("body")
    try:
        lines = item.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Problem(item.path, line, message)
    at = next((n for n in range(line, len(lines) + 1) if raw in lines[n - 1]), line)
    return Problem(item.path, at, message)


def _sentences(lesson: Lesson) -> list[tuple[str, tuple[str, ...]]]:
    """(key, words) of each sentence of 5 or more words in a lesson's body and try_today."""
    out = []
    for key, text in (("body", lesson.body), ("try_today", lesson.try_today)):
        for sentence in re.split(r"(?<=[.!?])[’”'\")]*\s+|\n\n", text):
            words = tuple(_words(sentence))
            if len(words) >= MIN_SENTENCE_WORDS:
                out.append((key, words))
    return out


def _runs(words: Sequence[str], flagged: dict[int, str]) -> list[tuple[int, int, str]]:
    """Consecutive flagged 8-word windows merged: (first word, end word, earlier lesson)."""
    runs: list[tuple[int, int, str]] = []
    for start in sorted(flagged):
        earlier = flagged[start]
        if runs and runs[-1][2] == earlier and start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], start + RUN_WORDS, earlier)
        else:
            runs.append((start, start + RUN_WORDS, earlier))
    return runs


def _quote(words: Sequence[str]) -> str:
    shown = " ".join(words[:16])
    return f'"{shown}…"' if len(words) > 16 else f'"{shown}"'


@dataclass
class _Wording:
    """Sentences and 8-word windows seen so far, each with the lessons that used it, in programme order."""

    sentences: dict[tuple[str, ...], list[str]]
    windows: dict[tuple[str, ...], list[str]]

    def check(self, item: PlacedLesson, problems: list[Problem]) -> None:
        lesson = item.lesson
        reported: list[str] = []
        for key, words in _sentences(lesson):
            earlier = _first_unrecalled(self.sentences.get(words, []), lesson.recalls)
            if earlier and " ".join(words) not in reported:
                reported.append(" ".join(words))
                message = (
                    f"repeats the wording of lesson {earlier!r}: {_quote(words)}; reword it, or {_recap_hint(earlier)}"
                )
                problems.append(item.problem(key, message, words))
        body = _words(lesson.body)
        windows = [tuple(body[i : i + RUN_WORDS]) for i in range(len(body) - RUN_WORDS + 1)]
        flagged = {}
        for i, window in enumerate(windows):
            earlier = _first_unrecalled(self.windows.get(window, []), lesson.recalls)
            if earlier:
                flagged[i] = earlier
        for start, end, earlier in _runs(body, flagged):
            run = body[start:end]
            if any(" ".join(run) in sentence for sentence in reported):
                continue
            message = (
                f"repeats {len(run)} words of lesson {earlier!r}: {_quote(run)}; reword it, or {_recap_hint(earlier)}"
            )
            problems.append(item.problem("body", message, run))
        self._remember(lesson, windows)

    def _remember(self, lesson: Lesson, windows: Iterable[tuple[str, ...]]) -> None:
        for _key, words in _sentences(lesson):
            holders = self.sentences.setdefault(words, [])
            if lesson.id not in holders:
                holders.append(lesson.id)
        for window in windows:
            holders = self.windows.setdefault(window, [])
            if lesson.id not in holders:
                holders.append(lesson.id)


def check_lessons(placed: Sequence[PlacedLesson], problems: list[Problem]) -> None:
    """Recalls name earlier lessons; no figure or wording is repeated across lessons except in a recap."""
    position: dict[str, int] = {}
    for index, item in enumerate(placed):
        position.setdefault(item.lesson.id, index)
    _check_recalls(placed, position, problems)
    _check_figures(placed, problems)
    wording = _Wording({}, {})
    for item in placed:
        wording.check(item, problems)
