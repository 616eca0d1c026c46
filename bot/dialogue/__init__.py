"""The pure dialogue core: ``turn(TurnInput) -> TurnOutput`` and ``after(effect, result, input)``."""

from bot.dialogue.turn import TurnInput, TurnOutput, World, after, turn

__all__ = ["TurnInput", "TurnOutput", "World", "after", "turn"]
