"""Kinship's platform-neutral core.

The public Python API is ``match_script``, ``redact`` and ``needs_support``. They are imported lazily so
``import bot`` stays cheap for the command line.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.understanding.scripts import ScriptMatcher

__all__ = ["match_script", "needs_support", "redact"]


@cache
def _default_matcher() -> ScriptMatcher:
    from bot.domain.config import load_config
    from bot.domain.content import load_content
    from bot.understanding.scripts import ScriptMatcher

    return ScriptMatcher(load_content(load_config().content_dir).scripts)


def match_script(text: str) -> list[str]:
    """Bystander script ids for a described situation, best first (the shipped content)."""
    return _default_matcher().match(text)


def __getattr__(name: str) -> Any:
    if name == "redact":
        from bot.understanding.privacy import redact

        return redact
    if name == "needs_support":
        from bot.understanding.safety import needs_support

        return needs_support
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
