"""What several flows share: the shapes of their handlers, and reading words and case codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.dialogue.actions import Action, Plain
from bot.dialogue.model import TurnInput, TurnOutput
from bot.dialogue.views import welcome as welcome_views
from bot.domain.case_codes import find_code
from bot.domain.types import Reply
from bot.understanding.triage import Reading

# an action's handler is given an action of the type (or the Plain member) it is registered under
ActionHandler = Callable[[TurnInput, TurnOutput, Any], None]
TextHandler = Callable[[TurnInput, TurnOutput, str], None]  # free text answering a question (a mode)
ActionKey = Plain | type


def action_key(action: Action) -> ActionKey:
    """The key an action's handler is registered under: a Plain member itself, else its class."""
    return action if isinstance(action, Plain) else type(action)


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").strip(" .!?").split())


def case_code(text: str) -> str:
    """The case code in ``text`` (spaces, dashes and lower case allowed; old 8-symbol codes too), or empty."""
    return find_code(text)


def support_card(inp: TurnInput, reading: Reading | None = None) -> Reply:
    """The card for someone who may be at risk, with the routes for harm at home too when what they wrote
    may be about home."""
    reading = reading or inp.reading
    home = inp.world.home_signposts if reading is not None and reading.harm_at_home_too else ()
    return welcome_views.support(inp.world.signposts, home)
