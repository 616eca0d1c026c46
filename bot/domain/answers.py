"""Short answers to common questions ("what is intelligent kindness?"), read from ``content/answers.yaml``.

The file is optional: a folder without it has no answers. Each answer lists the ways people ask it (for
matching), two to four plain sentences, the sources it rests on, and optionally a lesson to offer next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.domain.content_limits import ANSWER_QUESTIONS, LIMITS
from bot.domain.yamlfields import FieldReader, listed_mappings, report_duplicates
from bot.domain.yamlfile import LineMap, Problem

ANSWERS_FILE = "answers.yaml"


@dataclass(frozen=True, slots=True)
class Answer:
    id: str
    questions: tuple[str, ...]  # 6-12 ways people ask it
    answer: str  # 2-4 plain sentences
    references: tuple[str, ...]
    lesson: str | None = None  # a lesson id to offer after the answer


def _read_answer(r: FieldReader, m: LineMap) -> Answer:
    r.unknown_keys(m, ("id", "questions", "answer", "references", "lesson"))
    fewest, most = ANSWER_QUESTIONS
    return Answer(
        id=r.ident(m),
        questions=r.texts(m, "questions", minimum=fewest, maximum=most),
        answer=r.text(m, "answer", max_words=LIMITS["answer_words"]),
        references=r.texts(m, "references", minimum=1),
        lesson=r.text(m, "lesson", required=False) or None,
    )


def load_answers(folder: Path, problems: list[Problem]) -> list[tuple[Answer, Path, LineMap]]:
    """The answers of ``folder/answers.yaml`` (none when the file is missing), each with where it was read."""
    path = folder / ANSWERS_FILE
    if not path.exists():
        return []
    found = []
    for r, m in listed_mappings(path, "answers", problems):
        found.append((_read_answer(r, m), path, m))
    report_duplicates([(path, m.line, a.id) for a, path, m in found], "answer", problems)
    seen: dict[str, str] = {}
    for answer, path, m in found:
        for question in answer.questions:
            key = " ".join(question.lower().split())
            if key in seen and seen[key] != answer.id:
                message = f"question {question!r} is also asked in answer {seen[key]!r}"
                problems.append(Problem(path, m.line_of("questions"), message))
            seen.setdefault(key, answer.id)
    return found
