"""A lead's review of the flags for their units: the list, one flag, marking it, a note, replying, the
monthly summary. Everyone else is told it is only for leads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler
from bot.dialogue.model import NO_MODE, DialogueState, Mode, TurnInput, TurnOutput
from bot.dialogue.views import common
from bot.dialogue.views import review as views
from bot.understanding.privacy import redact


def _list(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: object) -> None:
    out.effects.append(fx.ReviewFlags(units))


def _open(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: act.ReviewOpen) -> None:
    out.effects.append(fx.OpenFlag(action.flag_id, units))


def _summary(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: object) -> None:
    month = inp.now.astimezone(ZoneInfo(inp.world.org.timezone)).date().replace(day=1)
    out.effects.append(fx.FlagSummary(units, month))


def _reply(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: act.ReviewReply) -> None:
    out.state = DialogueState(Mode.LEAD_REPLY, flag_id=action.flag_id)
    out.replies.append(views.ask_lead_reply())


def _mark(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: act.ReviewMark) -> None:
    out.effects.append(fx.MarkFlag(action.flag_id, units, action.status))
    if action.status == "action-taken":  # then a note, if they like (asked once the mark is made)
        out.state = DialogueState(Mode.LEAD_NOTE, flag_id=action.flag_id)


def _unrecognised(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: object) -> None:
    out.replies.append(common.unknown_button())


def _for_leads(handle: Callable[[TurnInput, TurnOutput, tuple[str, ...], Any], None]) -> ActionHandler:
    """Only for the leads of some unit, and only about their units; every review button clears the state."""

    def guarded(inp: TurnInput, out: TurnOutput, action: object) -> None:
        units = inp.led_units
        out.state = NO_MODE
        if not units:
            out.replies.append(views.not_a_lead())
            return
        handle(inp, out, units, action)

    return guarded


def _lead_text(make: Callable[[int, tuple[str, ...], str], fx.Effect]) -> TextHandler:
    """A lead's words for a flag (a reply to the reporter, or a note), redacted before anything keeps them."""

    def answer(inp: TurnInput, out: TurnOutput, text: str) -> None:
        flag_id = inp.state.flag_id
        out.state = NO_MODE
        if not inp.led_units:
            out.replies.append(views.not_a_lead())
            return
        out.effects.append(make(flag_id, inp.led_units, redact(text)))

    return answer


ACTIONS: dict[ActionKey, ActionHandler] = {
    Plain.REVIEW: _for_leads(_list),
    act.ReviewOpen: _for_leads(_open),
    Plain.REVIEW_SUMMARY: _for_leads(_summary),
    act.ReviewReply: _for_leads(_reply),
    act.ReviewMark: _for_leads(_mark),
    act.ReviewUnrecognised: _for_leads(_unrecognised),
}
TEXT_MODES: dict[Mode, TextHandler] = {
    Mode.LEAD_REPLY: _lead_text(fx.LeadReply),
    Mode.LEAD_NOTE: _lead_text(fx.FlagNote),
}
