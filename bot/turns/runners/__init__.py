"""The runners: what each dialogue effect does to the database, inside the turn's transaction.

One runner per effect type, found through :data:`RUNNERS`; each returns the result that
:func:`bot.dialogue.after` turns into replies. Imports the vocabulary, the dialogue's effects, the store.
"""

from bot.turns.runners.context import EffectContext
from bot.turns.runners.table import RUNNERS, Runner, run_effect

__all__ = ["RUNNERS", "EffectContext", "Runner", "run_effect"]
