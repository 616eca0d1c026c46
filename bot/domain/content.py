"""Content (lessons, prompts, scripts, signposts, references) loaded once from YAML into frozen objects.

Validation collects every problem it can find, each as ``file:line: message``, so a writer fixes a folder in
one pass. See ``content/README.md`` for the schemas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.domain.yamlfile import LineList, LineMap, Problem, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIVE_DS = ("distract", "delegate", "document", "delay", "direct")
LIMITS = {
    "lesson_body_words": 120,
    "lesson_try_words": 40,
    "recap_question_words": 30,
    "recap_answer_words": 40,
    "title_chars": 60,
    "prompt_words": 60,
    "script_visible_words": 350,
    "summary_words": 50,
    "signpost_detail_chars": 200,
}
MIN_SCRIPT_EXAMPLES = 8


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


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    theme: str
    text: str


@dataclass(frozen=True, slots=True)
class Script:
    id: str
    title: str
    summary: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    safety: str
    steps: tuple[tuple[str, tuple[str, ...]], ...]  # (one of FIVE_DS, lines) in FIVE_DS order
    check_in: tuple[str, ...]
    record: tuple[str, ...]
    avoid: tuple[str, ...]
    references: tuple[str, ...]

    def visible_words(self) -> int:
        parts = [self.title, self.safety, *self.check_in, *self.record, *self.avoid]
        parts += [line for _, lines in self.steps for line in lines]
        return sum(len(p.split()) for p in parts)


@dataclass(frozen=True, slots=True)
class Signpost:
    id: str
    name: str
    detail: str
    urgent: bool = False
    reference: str = ""


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
            "references": len(self.references),
        }


# --- reading -------------------------------------------------------------------------------------------


def _reflow(text: str) -> str:
    """Join the lines of each paragraph (YAML block scalars keep the file's line breaks); keep paragraphs."""
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))
    return "\n\n".join(p for p in paragraphs if p)


class _Reader:
    """Checks fields of one YAML mapping, recording problems instead of stopping at the first."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: Any, line: int, what: str) -> LineMap | None:
        if isinstance(value, LineMap):
            return value
        self.problem(getattr(value, "line", line), f"{what} must be a mapping of keys to values")
        return None

    def text(self, m: LineMap, key: str, *, required: bool = True, max_chars: int = 0, max_words: int = 0) -> str:
        value = m.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(m.line, f"missing {key!r}")
            return ""
        if not isinstance(value, str | int | float):
            self.problem(m.line_of(key), f"{key!r} must be text")
            return ""
        text = _reflow(str(value))
        if max_chars and len(text) > max_chars:
            self.problem(m.line_of(key), f"{key!r} is {len(text)} characters; the limit is {max_chars}")
        if max_words and len(text.split()) > max_words:
            self.problem(m.line_of(key), f"{key!r} is {len(text.split())} words; the limit is {max_words}")
        return text

    def ident(self, m: LineMap, key: str = "id") -> str:
        value = self.text(m, key)
        if value and not ID_PATTERN.match(value):
            self.problem(m.line_of(key), f"{key!r} {value!r} must be lowercase words joined by hyphens")
        return value

    def texts(
        self, m: LineMap, key: str, *, minimum: int = 1, maximum: int = 0, required: bool = True
    ) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(m.line, f"missing {key!r}")
            return ()
        if isinstance(value, str):
            value = LineList([value])
            value.line = m.line_of(key)
        if not isinstance(value, list):
            self.problem(m.line_of(key), f"{key!r} must be a list")
            return ()
        items = tuple(" ".join(str(v).split()) for v in value if isinstance(v, str | int | float))
        if len(items) != len(value) or any(not item for item in items):
            self.problem(m.line_of(key), f"every item of {key!r} must be non-empty text")
        if len(items) < minimum:
            self.problem(m.line_of(key), f"{key!r} needs at least {minimum} item(s), found {len(items)}")
        if maximum and len(items) > maximum:
            self.problem(m.line_of(key), f"{key!r} allows at most {maximum} items, found {len(items)}")
        return items

    def flag(self, m: LineMap, key: str) -> bool:
        value = m.get(key, False)
        if not isinstance(value, bool):
            self.problem(m.line_of(key), f"{key!r} must be true or false")
            return False
        return value

    def unknown_keys(self, m: LineMap, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in m:
            if key not in allowed:
                self.problem(
                    m.line_of(str(key)), f"unknown key {key!r} (expected one of: {', '.join(sorted(allowed))})"
                )


def _items(path: Path, top_key: str, problems: list[Problem]) -> list[tuple[_Reader, LineMap]]:
    """The mappings listed under ``top_key`` in ``path``."""
    reader = _Reader(path, problems)
    try:
        data = load_yaml(path)
    except Problem as exc:
        problems.append(exc)
        return []
    if data is None:
        reader.problem(1, f"is empty; expected a top-level {top_key!r} list")
        return []
    if not isinstance(data, LineMap) or top_key not in data:
        reader.problem(getattr(data, "line", 1), f"expected a top-level {top_key!r} list")
        return []
    listed = data[top_key]
    if not isinstance(listed, list):
        reader.problem(data.line_of(top_key), f"{top_key!r} must be a list")
        return []
    found = []
    for item in listed:
        m = reader.mapping(item, getattr(listed, "line", 0), f"each item of {top_key!r}")
        if m is not None:
            found.append((reader, m))
    return found


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) + sorted(
        p for p in folder.glob("*.yml") if p.is_file()
    )


def _read_themes(path: Path, problems: list[Problem]) -> list[tuple[Theme, int]]:
    out = []
    for r, m in _items(path, "themes", problems):
        r.unknown_keys(m, ("id", "title"))
        out.append((Theme(r.ident(m), r.text(m, "title", max_chars=LIMITS["title_chars"])), m.line))
    return out


def _read_lesson(r: _Reader, m: LineMap) -> Lesson:
    r.unknown_keys(m, ("id", "theme", "title", "setting", "body", "try_today", "prompts", "references", "recap"))
    question = answer = ""
    if "recap" in m:
        recap = r.mapping(m["recap"], m.line_of("recap"), "'recap'")
        if recap is not None:
            r.unknown_keys(recap, ("question", "answer"))
            question = r.text(recap, "question", max_words=LIMITS["recap_question_words"])
            answer = r.text(recap, "answer", max_words=LIMITS["recap_answer_words"])
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
    )


def _read_prompt(r: _Reader, m: LineMap) -> Prompt:
    r.unknown_keys(m, ("id", "theme", "text"))
    return Prompt(id=r.ident(m), theme=r.text(m, "theme"), text=r.text(m, "text", max_words=LIMITS["prompt_words"]))


def _read_script(path: Path, problems: list[Problem]) -> tuple[Script, LineMap] | None:
    r = _Reader(path, problems)
    try:
        data = load_yaml(path)
    except Problem as exc:
        problems.append(exc)
        return None
    m = r.mapping(data, 1, "a script file")
    if m is None:
        return None
    r.unknown_keys(
        m,
        (
            "id",
            "title",
            "summary",
            "examples",
            "keywords",
            "safety",
            "steps",
            "check_in",
            "record",
            "avoid",
            "references",
        ),
    )
    script_id = r.ident(m)
    if script_id and script_id != path.stem:
        r.problem(m.line_of("id"), f"id {script_id!r} must match the file name {path.stem!r}")
    steps: list[tuple[str, tuple[str, ...]]] = []
    raw_steps = m.get("steps")
    steps_map = r.mapping(raw_steps, m.line_of("steps"), "'steps'") if raw_steps is not None else None
    if raw_steps is None:
        r.problem(m.line, "missing 'steps' (the 5Ds: distract, delegate, document, delay, direct)")
    if steps_map is not None:
        r.unknown_keys(steps_map, FIVE_DS)
        for d in FIVE_DS:
            steps.append((d, r.texts(steps_map, d, minimum=1, maximum=3)))
    script = Script(
        id=script_id,
        title=r.text(m, "title", max_chars=LIMITS["title_chars"]),
        summary=r.text(m, "summary", max_words=LIMITS["summary_words"]),
        examples=r.texts(m, "examples", minimum=MIN_SCRIPT_EXAMPLES),
        keywords=r.texts(m, "keywords", minimum=0, required=False),
        safety=r.text(m, "safety"),
        steps=tuple(steps),
        check_in=r.texts(m, "check_in", minimum=1, maximum=3),
        record=r.texts(m, "record", minimum=1, maximum=3),
        avoid=r.texts(m, "avoid", minimum=1, maximum=3),
        references=r.texts(m, "references", minimum=1),
    )
    words = script.visible_words()
    if words > LIMITS["script_visible_words"]:
        r.problem(m.line, f"visible text is {words} words; the limit is {LIMITS['script_visible_words']}")
    return script, m


def read_signpost(r: _Reader, m: LineMap) -> Signpost:
    r.unknown_keys(m, ("id", "name", "detail", "urgent", "reference"))
    return Signpost(
        id=r.ident(m),
        name=r.text(m, "name", max_chars=LIMITS["title_chars"]),
        detail=r.text(m, "detail", max_chars=LIMITS["signpost_detail_chars"]),
        urgent=r.flag(m, "urgent"),
        reference=r.text(m, "reference", required=False),
    )


def signposts_from(path: Path, listed: Any, line: int, problems: list[Problem]) -> list[tuple[Signpost, int]]:
    """Signposts from an already-parsed list (used by the organisation file's overrides too)."""
    r = _Reader(path, problems)
    if not isinstance(listed, list):
        r.problem(line, "'signposts' must be a list")
        return []
    out = []
    for item in listed:
        m = r.mapping(item, getattr(listed, "line", line), "each signpost")
        if m is not None:
            out.append((read_signpost(r, m), m.line))
    return out


def _unique(path_items: list[tuple[Path, int, str]], what: str, problems: list[Problem]) -> None:
    seen: dict[str, tuple[Path, int]] = {}
    for path, line, ident in path_items:
        if not ident:
            continue
        if ident in seen:
            first_path, first_line = seen[ident]
            problems.append(Problem(path, line, f"{what} id {ident!r} is already used at {first_path}:{first_line}"))
        else:
            seen[ident] = (path, line)


def load_content(folder: Path) -> Content:
    """Read and validate a content folder. Raises :class:`ContentError` listing every problem."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise ContentError([Problem(folder, 0, "is not a folder of Kinship content")])

    def required_file(name: str) -> Path | None:
        path = folder / name
        if not path.is_file():
            problems.append(Problem(path, 0, "is missing"))
            return None
        return path

    themes: dict[str, Theme] = {}
    if path := required_file("themes.yaml"):
        read = _read_themes(path, problems)
        _unique([(path, line, t.id) for t, line in read], "theme", problems)
        for t, _line in read:
            themes.setdefault(t.id, t)

    references: dict[str, Reference] = {}
    if path := required_file("references.yaml"):
        seen = []
        for r, m in _items(path, "references", problems):
            r.unknown_keys(m, ("id", "citation", "url"))
            ref = Reference(r.ident(m), r.text(m, "citation"), r.text(m, "url", required=False))
            seen.append((path, m.line, ref.id))
            references.setdefault(ref.id, ref)
        _unique(seen, "reference", problems)

    def check_refs(path: Path, line: int, ids: Iterable[str]) -> None:
        for ref in ids:
            if references and ref not in references:
                problems.append(Problem(path, line, f"reference {ref!r} is not in references.yaml"))

    def check_theme(path: Path, line: int, theme: str) -> None:
        if theme and themes and theme not in themes:
            problems.append(Problem(path, line, f"theme {theme!r} is not in themes.yaml"))

    prompts: dict[str, Prompt] = {}
    seen = []
    for path in _yaml_files(folder / "prompts"):
        for r, m in _items(path, "prompts", problems):
            prompt = _read_prompt(r, m)
            seen.append((path, m.line, prompt.id))
            prompts.setdefault(prompt.id, prompt)
            check_theme(path, m.line_of("theme"), prompt.theme)
    _unique(seen, "prompt", problems)

    lessons: list[Lesson] = []
    seen = []
    for path in _yaml_files(folder / "lessons"):
        for r, m in _items(path, "lessons", problems):
            lesson = _read_lesson(r, m)
            seen.append((path, m.line, lesson.id))
            lessons.append(lesson)
            check_theme(path, m.line_of("theme"), lesson.theme)
            check_refs(path, m.line_of("references"), lesson.references)
            for pid in lesson.prompts:
                if pid not in prompts:
                    problems.append(Problem(path, m.line_of("prompts"), f"prompt {pid!r} is not defined in prompts/"))
    _unique(seen, "lesson", problems)

    scripts: dict[str, Script] = {}
    for path in _yaml_files(folder / "scripts"):
        read = _read_script(path, problems)
        if read is None:
            continue
        script, m = read
        scripts.setdefault(script.id, script)
        check_refs(path, m.line_of("references"), script.references)

    signposts: list[Signpost] = []
    if path := required_file("signposts.yaml"):
        try:
            data = load_yaml(path)
        except Problem as exc:
            problems.append(exc)
            data = None
        if isinstance(data, LineMap) and "signposts" in data:
            found = signposts_from(path, data["signposts"], data.line_of("signposts"), problems)
            _unique([(path, line, s.id) for s, line in found], "signpost", problems)
            for s, line in found:
                if s.reference:
                    check_refs(path, line, [s.reference])
                signposts.append(s)
        elif data is not None or not problems:
            problems.append(Problem(path, getattr(data, "line", 1), "expected a top-level 'signposts' list"))

    if not lessons:
        problems.append(Problem(folder / "lessons", 0, "holds no lessons"))
    if not prompts:
        problems.append(Problem(folder / "prompts", 0, "holds no prompts"))
    if not scripts:
        problems.append(Problem(folder / "scripts", 0, "holds no scripts"))
    if problems:
        raise ContentError(problems)
    return Content(
        themes=themes,
        lessons=tuple(lessons),
        prompts=prompts,
        scripts=dict(sorted(scripts.items())),
        signposts=tuple(signposts),
        references=references,
    )
