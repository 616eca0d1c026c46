"""Checking the fields of parsed YAML mappings, recording each problem as ``file:line: message``.

Shared by the content folder (:mod:`bot.domain.content`) and the organisation file (:mod:`bot.domain.org`):
every check records a problem and carries on, so a writer can fix a whole folder in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.domain.yamlfile import LineList, LineMap, Problem, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def reflow(text: str) -> str:
    """Join the lines of each paragraph (YAML block scalars keep the file's line breaks); keep paragraphs."""
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))
    return "\n\n".join(p for p in paragraphs if p)


class FieldReader:
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
        text = reflow(str(value))
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


def listed_mappings(path: Path, top_key: str, problems: list[Problem]) -> list[tuple[FieldReader, LineMap]]:
    """The mappings listed under ``top_key`` in ``path``, each with a reader for its fields."""
    reader = FieldReader(path, problems)
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


def yaml_files(folder: Path) -> list[Path]:
    """The ``.yaml`` files of ``folder`` in name order, then its ``.yml`` files."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) + sorted(
        p for p in folder.glob("*.yml") if p.is_file()
    )


def report_duplicates(placed_ids: list[tuple[Path, int, str]], what: str, problems: list[Problem]) -> None:
    """A problem for each id of ``placed_ids`` (path, line, id) seen before, naming where it was first used."""
    seen: dict[str, tuple[Path, int]] = {}
    for path, line, ident in placed_ids:
        if not ident:
            continue
        if ident in seen:
            first_path, first_line = seen[ident]
            problems.append(Problem(path, line, f"{what} id {ident!r} is already used at {first_path}:{first_line}"))
        else:
            seen[ident] = (path, line)
