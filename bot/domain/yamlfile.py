"""YAML reading that remembers line numbers, so every content or organisation error can say ``file:line``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's parser is several times faster; the constructor below stays in Python either way
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class Problem(Exception):
    """One thing wrong with a file, located at a line (1-based; 0 when unknown)."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class LineMap(dict):
    """A mapping that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


class _LineLoader(_BaseLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineMap:
        mapping = LineMap()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[str(key)] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        items = LineList(self.construct_object(child, deep=True) for child in node.value)
        items.line = node.start_mark.line + 1
        return items


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes a :class:`Problem` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(path, 0, f"is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise Problem(path, 0, f"cannot be read ({exc.strerror})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or exc.context or "is not valid YAML"
        raise Problem(path, line, f"YAML error: {what}") from None
    except yaml.YAMLError as exc:
        raise Problem(path, 0, f"YAML error: {exc}") from None
