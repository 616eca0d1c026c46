"""The pure dialogue core: ``turn(TurnInput) -> TurnOutput``, then for each effect's result
``after(effect, result, input)`` (its replies) and ``state_after(effect, result, state)``.
It imports only :mod:`bot.domain` and :mod:`bot.understanding`: no storage, network, adapters or clock."""

from bot.dialogue.flows.router import turn
from bot.dialogue.model import TurnInput, TurnOutput, World
from bot.dialogue.results import after, state_after

__all__ = ["TurnInput", "TurnOutput", "World", "after", "state_after", "turn"]
