"""Bystander scripts: what happened, matched to words to use."""

from __future__ import annotations

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler
from bot.dialogue.model import NO_MODE, DialogueState, Mode, TurnInput, TurnOutput
from bot.dialogue.views import common
from bot.dialogue.views import scripts as views
from bot.dialogue.views import welcome as welcome_views

ASKING = DialogueState(Mode.SCRIPT)


def show_best(inp: TurnInput, out: TurnOutput, text: str, *, confident_only: bool) -> None:
    """The script that best fits ``text``; when only a confident match will do (free text that may be
    about anything), a "not understood" instead of a guess."""
    matcher = inp.world.matcher
    ranked = matcher.confident(text) if confident_only else matcher.match(text)
    scripts = inp.world.content.scripts
    if ranked:
        out.state = NO_MODE
        out.replies.append(views.script(scripts[ranked[0]], ranked[1:4], inp.world.org))
        return
    if confident_only:
        out.generic = True
        suggestions = [scripts[sid] for sid in matcher.match(text)[:1]]
        out.replies.append(welcome_views.not_understood(suggestions, bool(inp.led_units)))
        return
    out.replies.append(views.script_choices(scripts.values(), "I couldn't match that, sorry. Which is closest?"))


def described(inp: TurnInput, out: TurnOutput, text: str) -> None:
    """'script …' typed, or the answer to "what happened?"."""
    out.state = NO_MODE
    show_best(inp, out, text, confident_only=False)


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
TEXT_MODES: dict[Mode, TextHandler] = {Mode.SCRIPT: described}
