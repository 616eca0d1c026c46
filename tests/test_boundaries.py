"""The core stays platform-neutral: bot/ never imports adapters/ or a platform SDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import imported_modules

BOT = Path(__file__).resolve().parent.parent / "bot"
FORBIDDEN = ("adapters", "slack_bolt", "slack_sdk", "microsoft_agents", "botbuilder", "aiohttp")
# the composition root and the CLI may wire adapters and the web server in, lazily (inside functions)
WIRING = {*(BOT / "app").glob("*.py"), *(BOT / "cli").glob("*.py"), BOT / "__main__.py"}


def test_no_module_in_bot_imports_an_adapter_or_sdk() -> None:
    offenders = []
    for path in BOT.rglob("*.py"):
        for name in imported_modules(path, top_level_only=path in WIRING):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(BOT.parent)} imports {name}")
    assert offenders == []


def test_importing_the_core_loads_no_sdk() -> None:
    code = (
        "import sys, bot, bot.app.compose, bot.turns.handler, bot.dialogue, bot.store, bot.domain.content,"
        " bot.__main__;"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r});"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
