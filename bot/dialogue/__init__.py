"""The pure dialogue core: ``turn(TurnInput) -> TurnOutput``, then for each effect's result
``after(effect, result, input)`` (its replies) and ``state_after(effect, result, state)``."""

from bot.dialogue.turn import TurnInput, TurnOutput, World, after, state_after, turn

__all__ = ["TurnInput", "TurnOutput", "World", "after", "state_after", "turn"]
