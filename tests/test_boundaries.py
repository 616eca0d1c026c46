"""The house rules, read from the code: what each layer may import, and how big a module may grow.

bot/ is layered (see each package's docstring): domain at the bottom; understanding on it; the pure dialogue
on both; store on the domain; outbound and turns on those; app and cli wire everything together, and are the
only places that may bring in adapters/ or a platform SDK, and then only inside a function. adapters/ speak
to Kinship through the domain and outbound delivery only.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import imported_modules

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
ADAPTERS = ROOT / "adapters"
FORBIDDEN = ("adapters", "slack_bolt", "slack_sdk", "microsoft_agents", "botbuilder", "aiohttp")
# the composition root and the CLI may wire adapters and the web server in, lazily (inside functions)
WIRING = {*(BOT / "app").rglob("*.py"), *(BOT / "cli").rglob("*.py"), BOT / "__main__.py"}

# What each layer may import of bot/ (its own package included). app and cli may import all of it.
MAY_IMPORT = {
    "domain": {"domain"},
    "understanding": {"domain", "understanding"},
    "dialogue": {"domain", "understanding", "dialogue"},
    "store": {"domain", "store"},
    "outbound": {"domain", "understanding", "dialogue", "store", "outbound"},
    "turns": {"domain", "understanding", "dialogue", "store", "outbound", "turns"},
    "web": {"domain", "understanding", "dialogue", "store", "turns", "web"},
}
# the lead dashboard is a web page: it alone, besides the wiring, may import the web server (at the top)
WEB = BOT / "web"
WEB_MAY_IMPORT = {"aiohttp"}
WIRING_LAYERS = {"app", "cli"}
ADAPTERS_MAY_IMPORT = {"domain", "outbound"}
# the layers that only compute: no database, network, web server, metrics or platform library of any kind
PURE_LAYERS = ("domain", "understanding", "dialogue")
IO_LIBRARIES = (
    "adapters",
    "aiohttp",
    "alembic",
    "asyncpg",
    "botbuilder",
    "microsoft_agents",
    "prometheus_client",
    "slack_bolt",
    "slack_sdk",
    "sqlalchemy",
)

MAX_LINES = 400
DATA_ONLY = "Data only:"  # how a longer module's docstring starts when it holds data (patterns, name lists) only


def modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT))


def bot_part(name: str) -> str | None:
    """The part of bot/ a module name is in: ``domain`` for ``bot.domain.types``, ``""`` for ``bot`` itself,
    None outside bot/."""
    parts = name.split(".")
    if parts[0] != "bot":
        return None
    return parts[1] if len(parts) > 1 else ""


def report(offenders: list[str]) -> str:
    return "\n" + "\n".join(offenders)


def test_every_part_of_bot_is_a_known_layer() -> None:
    """A new package under bot/ gets a rule here before it gets code, so the rules below cover every module."""
    known = {*MAY_IMPORT, *WIRING_LAYERS}
    offenders = [
        f"{shown(path)}: not in a known layer ({', '.join(sorted(known))}); add the layer to MAY_IMPORT"
        for path in BOT.iterdir()
        if (path.is_dir() and path.name != "__pycache__" and path.name not in known)
        or (path.suffix == ".py" and path.name not in {"__init__.py", "__main__.py"})
    ]
    assert offenders == [], report(offenders)


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_each_layer_imports_only_the_layers_it_stands_on(layer: str) -> None:
    allowed = MAY_IMPORT[layer]
    paths = modules(BOT / layer)
    assert paths, f"bot/{layer} holds no modules"
    offenders = [
        f"{shown(path)} imports {name}: bot/{layer} may import only {', '.join(f'bot.{a}' for a in sorted(allowed))}"
        for path in paths
        for name in imported_modules(path)
        if bot_part(name) is not None and bot_part(name) not in allowed
    ]
    assert offenders == [], report(offenders)


@pytest.mark.parametrize("layer", PURE_LAYERS)
def test_the_pure_layers_use_no_io_library(layer: str) -> None:
    offenders = [
        f"{shown(path)} imports {name}: bot/{layer} does no I/O (the store, outbound, turns and app do)"
        for path in modules(BOT / layer)
        for name in imported_modules(path)
        if name.split(".")[0] in IO_LIBRARIES
    ]
    assert offenders == [], report(offenders)


def test_adapters_reach_kinship_through_the_domain_and_outbound_only() -> None:
    allowed = ", ".join(f"bot.{a}" for a in sorted(ADAPTERS_MAY_IMPORT))
    offenders = [
        f"{shown(path)} imports {name}: adapters/ may import only {allowed} of bot/"
        for path in modules(ADAPTERS)
        for name in imported_modules(path)
        if bot_part(name) is not None and bot_part(name) not in ADAPTERS_MAY_IMPORT
    ]
    assert offenders == [], report(offenders)


def test_no_module_in_bot_imports_an_adapter_or_sdk() -> None:
    """Only bot/app, bot/cli and bot/__main__.py may, and only inside a function (so the core loads no SDK)."""
    offenders = []
    for path in modules(BOT):
        for name in imported_modules(path, top_level_only=path in WIRING):
            if name.split(".")[0] in FORBIDDEN and not (WEB in path.parents and name.split(".")[0] in WEB_MAY_IMPORT):
                rule = "import it inside a function" if path in WIRING else "only bot/app and bot/cli may import it"
                offenders.append(f"{shown(path)} imports {name}: {rule}")
    assert offenders == [], report(offenders)


def test_importing_the_core_loads_no_sdk() -> None:
    code = (
        "import sys, bot, bot.app.compose, bot.app.web, bot.app.lifecycle, bot.turns.handler, bot.dialogue,"
        " bot.store, bot.domain.content, bot.__main__;"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r});"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))) or ""


def test_no_module_is_over_the_line_limit_unless_it_holds_data_only() -> None:
    offenders = []
    for path in [*modules(BOT), *modules(ADAPTERS)]:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and not docstring(path).startswith(DATA_ONLY):
            offenders.append(
                f"{shown(path)} has {lines} lines (the limit is {MAX_LINES}): split it, or, if it holds data only,"
                f" begin its docstring with {DATA_ONLY!r}"
            )
    assert offenders == [], report(offenders)


def test_every_package_in_bot_says_what_it_is() -> None:
    offenders = [
        f"{shown(path)} has no docstring: say what this part is and what it may import"
        for path in sorted(BOT.rglob("__init__.py"))
        if not docstring(path).strip()
    ]
    assert offenders == [], report(offenders)
