"""Which turns' replies may be kept as "owed" until the platform has them, and which are sent at most once.

Owed replies sit in the database beside the address they go to, so a crash between a turn and its post loses
nothing. A reporter's turns are the exception: a reply can show a flag's draft or name its case, and keeping
it beside the reporter's address would make a link the schema otherwise never makes. "Delete my data" is the
other: after it, the person's address must not linger. Those replies are sent at most once, and lost to a crash.
"""

from __future__ import annotations

from bot.dialogue import TurnOutput
from bot.dialogue import effects as fx
from bot.dialogue.model import REPORTER_FLAG_MODES, DialogueState
from bot.dialogue.parsing import about_a_reporters_flag
from bot.domain.types import Incoming

# the effects whose turns are never kept: everything a reporter does with a flag, "delete my data", and "my data"
# (a copy of everything held, reflections included, must not sit beside the address until delivered)
NOT_KEPT = (fx.SubmitFlag, fx.FlagStatus, fx.WithdrawFlag, fx.MayReply, fx.ReporterReply, fx.DeleteMyData, fx.MyData)


def may_keep(incoming: Incoming, before: DialogueState, out: TurnOutput) -> bool:
    """Whether this turn's replies may be kept as owed."""
    if out.reporters_turn or any(isinstance(effect, NOT_KEPT) for effect in out.effects):
        return False
    return not _about_a_flag(incoming, before, out.state)


def _about_a_flag(incoming: Incoming, before: DialogueState, after: DialogueState) -> bool:
    """A reporter's turn in the flag journey: while writing one, checking one or answering a lead."""
    if before.mode in REPORTER_FLAG_MODES or after.mode in REPORTER_FLAG_MODES:
        return True
    return incoming.action is not None and about_a_reporters_flag(incoming.action)
