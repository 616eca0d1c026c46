"""Small helpers shared by several test modules."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

# The bystander script ids other tools rely on (design.md: "More may be added; these stay").
SCRIPT_IDS = (
    "patient-racist-abuse",
    "patient-sexual-harassment",
    "patient-aggression",
    "colleague-belittling",
    "bullying-pattern",
    "colleague-sexual-harassment",
    "discriminatory-remarks",
    "microaggression",
    "exclusion",
    "unsafe-care-concern",
    "patient-dignity",
    "colleague-distress",
)


def imported_modules(path: Path, top_level_only: bool = False) -> list[str]:
    """Every module a Python file imports (only module-level imports when ``top_level_only``); a relative
    import is given by its absolute name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            names.append(_absolute(path, node.level, node.module))
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _absolute(path: Path, level: int, module: str | None) -> str:
    """The absolute name of ``from {'.' * level}{module} import ...`` written in ``path``."""
    package: list[str] = []
    folder = path.parent
    while (folder / "__init__.py").is_file():
        package.insert(0, folder.name)
        folder = folder.parent
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, module] if module else base)


def run_kinship(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` as a real process, with extra environment on top of this one's."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
