"""Content (lessons, prompts, scripts, signposts, answers, references) loaded once from YAML into frozen objects.

Validation collects every problem it can find, each as ``file:line: message``, so a writer fixes a folder in
one pass. See ``content/README.md`` for the schemas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.domain.answers import Answer, load_answers
from bot.domain.content_limits import LIMITS, MIN_SCRIPT_EXAMPLES
from bot.domain.content_rules import PlacedLesson, check_lessons, citation_year_problem, stale_signposts
from bot.domain.content_scripts import FIVE_DS, SCRIPT_KEYS, ForYou, Script, read_script
from bot.domain.signposts import NATIONS, TOPICS, Signpost, read_signpost, signposts_for, signposts_from
from bot.domain.yamlfields import FieldReader, listed_mappings, report_duplicates, yaml_files
from bot.domain.yamlfile import LineMap, Problem, load_yaml

# re-exported: callers import these from here
__all__ = [
    "FIVE_DS",
    "LIMITS",
    "MIN_SCRIPT_EXAMPLES",
    "NATIONS",
    "SCRIPT_KEYS",
    "TOPICS",
    "Answer",
    "Content",
    "ContentError",
    "ForYou",
    "Lesson",
    "Prompt",
    "Reference",
    "Script",
    "Signpost",
    "Theme",
    "load_content",
    "read_signpost",
    "signposts_for",
    "signposts_from",
]


class ContentError(Exception):
    """The content folder has problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    theme: str
    title: str
    setting: str
    body: str
    try_today: str
    prompts: tuple[str, ...]
    references: tuple[str, ...]
    recap_question: str = ""  # a one-question look back, sent days later (spaced retrieval)
    recap_answer: str = ""
    recalls: tuple[str, ...] = ()  # earlier lessons this one looks back on: it may repeat their figures and words


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    theme: str
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    id: str
    citation: str
    url: str = ""


@dataclass(frozen=True)
class Content:
    themes: Mapping[str, Theme]
    lessons: tuple[Lesson, ...]  # programme order
    prompts: Mapping[str, Prompt]
    scripts: Mapping[str, Script]
    signposts: tuple[Signpost, ...]
    references: Mapping[str, Reference]
    answers: tuple[Answer, ...] = ()  # from answers.yaml (optional)
    warnings: tuple[str, ...] = ()  # ``file:line: message`` worth fixing that does not stop start-up (stale signposts)
    _lesson_index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._lesson_index.update({lesson.id: i for i, lesson in enumerate(self.lessons)})

    def lesson_position(self, lesson_id: str) -> int:
        return self._lesson_index.get(lesson_id, -1)

    def counts(self) -> dict[str, int]:
        return {
            "themes": len(self.themes),
            "lessons": len(self.lessons),
            "prompts": len(self.prompts),
            "scripts": len(self.scripts),
            "signposts": len(self.signposts),
            "answers": len(self.answers),
            "references": len(self.references),
        }


# --- reading one item -----------------------------------------------------------------------------------


def _read_theme(r: FieldReader, m: LineMap) -> Theme:
    r.unknown_keys(m, ("id", "title"))
    return Theme(r.ident(m), r.text(m, "title", max_chars=LIMITS["title_chars"]))


def _read_reference(r: FieldReader, m: LineMap) -> Reference:
    r.unknown_keys(m, ("id", "citation", "url"))
    ref = Reference(r.ident(m), r.text(m, "citation"), r.text(m, "url", required=False))
    if problem := citation_year_problem(ref.id, ref.citation):
        r.problem(m.line_of("citation"), problem)
    return ref


def _read_recap(r: FieldReader, m: LineMap) -> tuple[str, str]:
    """A lesson's optional look-back question and its answer (empty when there is none)."""
    if "recap" not in m:
        return "", ""
    recap = r.mapping(m["recap"], m.line_of("recap"), "'recap'")
    if recap is None:
        return "", ""
    r.unknown_keys(recap, ("question", "answer"))
    question = r.text(recap, "question", max_words=LIMITS["recap_question_words"])
    answer = r.text(recap, "answer", max_words=LIMITS["recap_answer_words"])
    return question, answer


def _read_lesson(r: FieldReader, m: LineMap) -> Lesson:
    keys = ("id", "theme", "title", "setting", "body", "try_today", "prompts", "references", "recap", "recalls")
    r.unknown_keys(m, keys)
    question, answer = _read_recap(r, m)
    return Lesson(
        id=r.ident(m),
        theme=r.text(m, "theme"),
        title=r.text(m, "title", max_chars=LIMITS["title_chars"]),
        setting=r.text(m, "setting", max_chars=LIMITS["title_chars"]),
        body=r.text(m, "body", max_words=LIMITS["lesson_body_words"]),
        try_today=r.text(m, "try_today", max_words=LIMITS["lesson_try_words"]),
        prompts=r.texts(m, "prompts", minimum=1, maximum=2),
        references=r.texts(m, "references", minimum=1),
        recap_question=question,
        recap_answer=answer,
        recalls=r.texts(m, "recalls", minimum=1, required=False),
    )


def _read_prompt(r: FieldReader, m: LineMap) -> Prompt:
    r.unknown_keys(m, ("id", "theme", "text"))
    return Prompt(id=r.ident(m), theme=r.text(m, "theme"), text=r.text(m, "text", max_words=LIMITS["prompt_words"]))


# --- reading the folder, one section at a time ----------------------------------------------------------


@dataclass(frozen=True)
class _CrossCheck:
    """What later sections may name (themes, references), and where a dangling name is recorded."""

    themes: Mapping[str, Theme]
    references: Mapping[str, Reference]
    problems: list[Problem]

    def references_exist(self, path: Path, line: int, ids: Iterable[str]) -> None:
        for ref in ids:
            if self.references and ref not in self.references:
                self.problems.append(Problem(path, line, f"reference {ref!r} is not in references.yaml"))

    def theme_exists(self, path: Path, line: int, theme: str) -> None:
        if theme and self.themes and theme not in self.themes:
            self.problems.append(Problem(path, line, f"theme {theme!r} is not in themes.yaml"))


def _required_file(folder: Path, name: str, problems: list[Problem]) -> Path | None:
    path = folder / name
    if not path.is_file():
        problems.append(Problem(path, 0, "is missing"))
        return None
    return path


def _load_themes(folder: Path, problems: list[Problem]) -> dict[str, Theme]:
    themes: dict[str, Theme] = {}
    if path := _required_file(folder, "themes.yaml", problems):
        placed = []
        for r, m in listed_mappings(path, "themes", problems):
            theme = _read_theme(r, m)
            placed.append((path, m.line, theme.id))
            themes.setdefault(theme.id, theme)
        report_duplicates(placed, "theme", problems)
    return themes


def _load_references(folder: Path, problems: list[Problem]) -> dict[str, Reference]:
    references: dict[str, Reference] = {}
    if path := _required_file(folder, "references.yaml", problems):
        placed = []
        for r, m in listed_mappings(path, "references", problems):
            ref = _read_reference(r, m)
            placed.append((path, m.line, ref.id))
            references.setdefault(ref.id, ref)
        report_duplicates(placed, "reference", problems)
    return references


def _load_prompts(folder: Path, check: _CrossCheck) -> dict[str, Prompt]:
    prompts: dict[str, Prompt] = {}
    placed = []
    for path in yaml_files(folder / "prompts"):
        for r, m in listed_mappings(path, "prompts", check.problems):
            prompt = _read_prompt(r, m)
            placed.append((path, m.line, prompt.id))
            prompts.setdefault(prompt.id, prompt)
            check.theme_exists(path, m.line_of("theme"), prompt.theme)
    report_duplicates(placed, "prompt", check.problems)
    return prompts


def _load_lessons(folder: Path, prompts: Mapping[str, Prompt], check: _CrossCheck) -> list[Lesson]:
    lessons: list[Lesson] = []
    placed = []
    read: list[PlacedLesson] = []
    for path in yaml_files(folder / "lessons"):
        for r, m in listed_mappings(path, "lessons", check.problems):
            lesson = _read_lesson(r, m)
            placed.append((path, m.line, lesson.id))
            read.append(PlacedLesson(lesson, path, m))
            lessons.append(lesson)
            check.theme_exists(path, m.line_of("theme"), lesson.theme)
            check.references_exist(path, m.line_of("references"), lesson.references)
            for pid in lesson.prompts:
                if pid not in prompts:
                    r.problem(m.line_of("prompts"), f"prompt {pid!r} is not defined in prompts/")
    report_duplicates(placed, "lesson", check.problems)
    check_lessons(read, check.problems)
    return lessons


def _load_scripts(folder: Path, check: _CrossCheck) -> dict[str, Script]:
    scripts: dict[str, Script] = {}
    for path in yaml_files(folder / "scripts"):
        read = read_script(path, check.problems)
        if read is None:
            continue
        script, m = read
        scripts.setdefault(script.id, script)
        check.references_exist(path, m.line_of("references"), script.references)
    return dict(sorted(scripts.items()))


def _load_signposts(folder: Path, check: _CrossCheck, today: date, warnings: list[Problem]) -> list[Signpost]:
    problems = check.problems
    path = _required_file(folder, "signposts.yaml", problems)
    if path is None:
        return []
    unreadable = False
    try:
        data = load_yaml(path)
    except Problem as exc:
        problems.append(exc)
        data, unreadable = None, True
    if not isinstance(data, LineMap) or "signposts" not in data:
        if not unreadable:  # a file that would not parse has said why already; an empty one has not
            problems.append(Problem(path, getattr(data, "line", 1), "expected a top-level 'signposts' list"))
        return []
    found = signposts_from(path, data["signposts"], data.line_of("signposts"), problems, today)
    report_duplicates([(path, m.line, s.id) for s, m in found], "signpost", problems)
    for signpost, m in found:
        if signpost.reference:
            check.references_exist(path, m.line, [signpost.reference])
    warnings += stale_signposts(path, found, today)
    return [signpost for signpost, _m in found]


def _load_answers(folder: Path, lessons: list[Lesson], check: _CrossCheck) -> list[Answer]:
    lesson_ids = {lesson.id for lesson in lessons}
    answers = []
    for answer, path, m in load_answers(folder, check.problems):
        answers.append(answer)
        check.references_exist(path, m.line_of("references"), answer.references)
        if answer.lesson and lesson_ids and answer.lesson not in lesson_ids:
            check.problems.append(Problem(path, m.line_of("lesson"), f"lesson {answer.lesson!r} is not in lessons/"))
    return answers


def load_content(folder: Path, today: date | None = None) -> Content:
    """Read and validate a content folder. Raises :class:`ContentError` listing every problem.

    ``today`` (default: today) dates the signposts: a future ``checked`` date is a problem, one more than a
    year old a warning (``Content.warnings``).
    """
    folder = Path(folder)
    today = today or date.today()
    if not folder.is_dir():
        raise ContentError([Problem(folder, 0, "is not a folder of Kinship content")])
    problems: list[Problem] = []
    themes = _load_themes(folder, problems)
    references = _load_references(folder, problems)
    check = _CrossCheck(themes, references, problems)
    prompts = _load_prompts(folder, check)
    lessons = _load_lessons(folder, prompts, check)
    scripts = _load_scripts(folder, check)
    warnings: list[Problem] = []
    signposts = _load_signposts(folder, check, today, warnings)
    answers = _load_answers(folder, lessons, check)
    for name, items in {"lessons": lessons, "prompts": prompts, "scripts": scripts}.items():
        if not items:
            problems.append(Problem(folder / name, 0, f"holds no {name}"))
    if problems:
        raise ContentError(problems)
    return Content(
        themes=themes,
        lessons=tuple(lessons),
        prompts=prompts,
        scripts=scripts,
        signposts=tuple(signposts),
        references=references,
        answers=tuple(answers),
        warnings=tuple(str(w) for w in warnings),
    )
