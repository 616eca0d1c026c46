"""Triage: every free-text message read for who it is about, and whether it is a situation at all.

``triage(text)`` returns one of :data:`ROUTES`: ``"support"`` (the writer may be at risk now),
``"domestic-abuse"`` (the writer is harmed or controlled at home, or by a partner, ex or family member),
``"happened-to-me"`` (the writer is the target of something at work), ``"witnessed"`` (the writer saw it
happen to someone else) or ``"other"`` (a question, thanks, chit-chat, a clinical query). :class:`Triager`
gives the whole :class:`Reading` (confidence, scripts, what to ask when unsure). How it decides is in
:mod:`bot.understanding.triage.reading`; the model, its features and its training in the modules beside it.
"""

from __future__ import annotations

from functools import cache

from bot.understanding.triage.built import default_model
from bot.understanding.triage.corpus import ROUTES
from bot.understanding.triage.reading import ASK_FEELING, ASK_WHO, Reading, Triager

__all__ = ["ASK_FEELING", "ASK_WHO", "ROUTES", "Reading", "Triager", "default_triager", "triage"]


@cache
def default_triager() -> Triager:
    """A triager over the shipped model, made once per process."""
    return Triager(default_model())


def triage(text: str) -> str:
    """The route for ``text`` (see the module docstring)."""
    return default_triager().read(text).route
