"""Bystander scripts: what happened, matched to words to use."""

from __future__ import annotations

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey
from bot.dialogue.model import NO_MODE, DialogueState, Mode, TurnInput, TurnOutput
from bot.dialogue.views import common
from bot.dialogue.views import scripts as views

ASKING = DialogueState(Mode.SCRIPT)


def show_best(inp: TurnInput, out: TurnOutput, text: str) -> None:
    """The script that best fits ``text`` (they asked for words), or the list to choose from."""
    ranked = inp.world.matcher.match(text)
    scripts = inp.world.content.scripts
    out.state = NO_MODE
    if ranked:
        out.replies.append(views.script(scripts[ranked[0]], ranked[1:4], inp.world.org))
        return
    out.replies.append(views.script_choices(scripts.values(), "I couldn't match that, sorry. Which is closest?"))


def _script(inp: TurnInput, out: TurnOutput, action: act.Script) -> None:
    scripts = inp.world.content.scripts
    if not action.script_id:
        out.state = ASKING
        out.replies.append(views.ask_situation())
        return
    chosen = scripts.get(action.script_id)
    if chosen is None:
        out.replies += [common.stale_button(), views.ask_situation()]
        out.state = ASKING
        return
    out.state = NO_MODE
    others = [sid for sid in scripts if sid != action.script_id][:3]
    out.replies.append(views.script(chosen, others, inp.world.org))


def _all(inp: TurnInput, out: TurnOutput, action: object) -> None:
    out.state = NO_MODE
    out.replies.append(views.script_choices(inp.world.content.scripts.values(), "Which is closest to what happened?"))


def _others(inp: TurnInput, out: TurnOutput, action: act.OtherScripts) -> None:
    scripts = inp.world.content.scripts
    ids = [sid for sid in action.script_ids if sid in scripts]
    if not ids:
        _all(inp, out, action)
        return
    out.state = NO_MODE
    out.replies.append(views.other_scripts(scripts[sid] for sid in ids))


ACTIONS: dict[ActionKey, ActionHandler] = {act.Script: _script, Plain.ALL_SCRIPTS: _all, act.OtherScripts: _others}
