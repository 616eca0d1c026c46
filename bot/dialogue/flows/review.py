"""A lead's review of the flags for their units: the list, one flag, marking it, a note, replying, the
monthly summary. Everyone else is told it is only for leads."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler, normalise
from bot.dialogue.model import NO_MODE, DialogueState, Mode, TurnInput, TurnOutput
from bot.dialogue.views import common
from bot.dialogue.views import review as views
from bot.dialogue.views import review_list as list_views
from bot.domain.records import FLAG_STATUSES, FlagFilter
from bot.understanding.privacy import redact

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STATUS_TYPED = {"new": "new", "seen": "seen", "action taken": "action-taken", "action-taken": "action-taken"}
_PAGE_TYPED = re.compile(r"(?:page\s*|p\s*)?(\d{1,6})")


def _narrowing(units: tuple[str, ...], unit: str, category: str, status: str) -> FlagFilter | None:
    """What a list button asks for, if the lead may see it: only their own units, a kind named like a
    situation id, a status a lead can set. Anything else (a forged or garbled value) is None."""
    if unit and unit not in units:
        return None
    if category and not (len(category) <= 64 and _ID.fullmatch(category)):
        return None
    if status and status not in FLAG_STATUSES:
        return None
    return FlagFilter(unit, category, status)


def _list(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: act.ReviewList | Plain) -> None:
    listing = action if isinstance(action, act.ReviewList) else act.ReviewList()
    where = _narrowing(units, listing.unit, listing.category, listing.status)
    if where is None:
        out.replies.append(list_views.not_yours())
        return
    out.effects.append(fx.ReviewFlags(units, page=max(1, listing.page), where=where))


def _filters(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: act.ReviewFilters) -> None:
    where = _narrowing(units, action.unit, action.category, action.status)
    if where is None:
        out.replies.append(list_views.not_yours())
        return
    out.effects.append(fx.ReviewFilters(units, where))


def review_typed(inp: TurnInput, out: TurnOutput, words: str) -> bool:
    """A lead's "review 2", "review page 2", "review new", "review ward 7" or "review" and a kind of flag;
    False for anyone else (their words are read as usual)."""
    units = inp.led_units
    if not units:
        return False
    out.state = NO_MODE
    listing = _typed_listing(inp, units, words)
    if listing is None:
        out.replies.append(list_views.review_words_not_understood())
    else:
        _list(inp, out, units, listing)
    return True


def _typed_listing(inp: TurnInput, units: tuple[str, ...], words: str) -> act.ReviewList | None:
    if page := _PAGE_TYPED.fullmatch(words):
        return act.ReviewList(int(page.group(1)))
    if words in _STATUS_TYPED:
        return act.ReviewList(status=_STATUS_TYPED[words])
    if words in {"all", "all flags"}:
        return act.ReviewList()
    org, content = inp.world.org, inp.world.content
    named = [u for u in units if _named(words, u, list_views.unit_name(org, u))]
    if len(named) == 1:
        return act.ReviewList(unit=named[0])
    kinds = [s.id for s in content.scripts.values() if _named(words, s.id, s.title)]
    return act.ReviewList(category=kinds[0]) if len(kinds) == 1 else None


def _named(words: str, ident: str, name: str) -> bool:
    """``words`` name this unit or kind: its id, or the start of its name ("ward 7" for "Ward 7 (acute …)")."""
    return words == ident or normalise(name).startswith(words)


def open_typed(inp: TurnInput, out: TurnOutput, words: str) -> bool:
    """A lead's "open 6": the flag numbered 6 on their whole list, newest first (the numbers every page
    shows); False for anyone else, or for words that are not a number."""
    if not inp.led_units or not (words.isascii() and words.isdigit() and len(words) <= 6):
        return False
    out.state = NO_MODE
    out.effects.append(fx.OpenNumbered(int(words), inp.led_units))
    return True


def _open(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: act.ReviewOpen) -> None:
    out.effects.append(fx.OpenFlag(action.flag_id, units))


def _summary(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: object) -> None:
    month = inp.now.astimezone(ZoneInfo(inp.world.org.timezone)).date().replace(day=1)
    out.effects.append(fx.FlagSummary(units, month))


def _dashboard(inp: TurnInput, out: TurnOutput, units: tuple[str, ...], action: object) -> None:
    out.effects.append(fx.DashboardLink(units))


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
    act.ReviewList: _for_leads(_list),
    act.ReviewFilters: _for_leads(_filters),
    act.ReviewOpen: _for_leads(_open),
    Plain.REVIEW_SUMMARY: _for_leads(_summary),
    Plain.DASHBOARD: _for_leads(_dashboard),
    act.ReviewReply: _for_leads(_reply),
    act.ReviewMark: _for_leads(_mark),
    act.ReviewUnrecognised: _for_leads(_unrecognised),
}
TEXT_MODES: dict[Mode, TextHandler] = {
    Mode.LEAD_REPLY: _lead_text(fx.LeadReply),
    Mode.LEAD_NOTE: _lead_text(fx.FlagNote),
}
