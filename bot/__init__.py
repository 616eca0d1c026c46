"""Kinship's platform-neutral core.

The public Python API is ``match_script``, ``redact``, ``needs_support`` and ``triage``. They are imported
lazily so ``import bot`` stays cheap for the command line.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.understanding.scripts import ScriptMatcher

__all__ = ["match_script", "needs_support", "redact", "triage"]


@cache
def _default_matcher() -> ScriptMatcher:
    from bot.domain.config import load_config
    from bot.domain.content import load_content
    from bot.understanding.scripts import ScriptMatcher

    return ScriptMatcher(load_content(load_config().content_dir).scripts)


def match_script(text: str) -> list[str]:
    """Bystander script ids for a described situation, best first (the shipped content)."""
    return _default_matcher().match(text)


def triage(text: str) -> str:
    """The route for a message: "support", "domestic-abuse", "happened-to-me", "witnessed" or "other"."""
    from bot.understanding.triage import triage as read_route

    return read_route(text)


def needs_support(text: str) -> bool:
    """Whether the writer may be at risk now and should be offered support: triage reads "support", or the
    phrase screen fired (its harm family, being hurt by someone now, reads as harm at home, whose routes
    start with 999)."""
    from bot.understanding.triage import default_triager

    reading = default_triager().read(text)
    return reading.route == "support" or reading.screened is not None


def __getattr__(name: str) -> Any:
    if name == "redact":
        from bot.understanding.privacy import redact

        return redact
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
