"""Help and support: the menu, and people to talk to."""

from __future__ import annotations

from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey
from bot.dialogue.model import NO_MODE, TurnInput, TurnOutput
from bot.dialogue.views import welcome as views


def show_help(inp: TurnInput, out: TurnOutput, action: object = None) -> None:
    out.state = NO_MODE
    out.generic = True
    out.replies.append(views.help_reply(bool(inp.led_units)))


def show_support(inp: TurnInput, out: TurnOutput, action: object = None) -> None:
    out.state = NO_MODE
    out.replies.append(views.support_routes(inp.world.signposts))


ACTIONS: dict[ActionKey, ActionHandler] = {Plain.HELP: show_help, Plain.SUPPORT: show_support}
