"""Thanking a colleague: "thanks @sam for covering my break" becomes a short note to Sam, with the sender's
name or without it, and if they like a copy to the leads of a unit they choose.

Triage comes first, as for every message: a thank-you that tells of something worrying gets the right route
first (words for a situation, routes for harm at home, a flag), privately, and the question whether to still
send it. Someone who may be at risk never gets this far (:mod:`bot.dialogue.flows.router`: support, and only
support: a farewell "thanks for everything" is a known warning sign, never a note to pass on).

Who: the platform's @-mention (``Incoming.mentions``); on the console, where a user name is what people type,
a typed name. The words keep names (a thank-you is not anonymous reporting) but lose numbers, emails,
addresses and the like (:func:`bot.understanding.thanks.tidy_words`). The unit a thanks counts for in the
weekly team number is the one chosen for the lead copy; one sent without a copy counts for no team.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler
from bot.dialogue.model import NO_MODE, DialogueState, Mode, TurnInput, TurnOutput
from bot.dialogue.thanks_draft import SIGNED, UNSIGNED, ThanksDraft, ThanksStep
from bot.dialogue.views import common
from bot.dialogue.views import scripts as script_views
from bot.dialogue.views import thanks as views
from bot.dialogue.views import triage as triage_views
from bot.dialogue.views import welcome as welcome_views
from bot.domain.types import Reply
from bot.understanding.thanks import KINSHIP, ThanksWords, read_thanks, tidy_words
from bot.understanding.triage import Reading

THANKS_PER_DAY = 20  # thank-yous one person may send in a day (in the organisation's time zone)
TYPED_NAMES = frozenset({"console"})  # platforms where a user name is typed, not @-mentioned
MAX_WORDS = 1000
MAX_NAME = 60
WORRYING = 0.4  # how sure triage must be that a thank-you also tells of a situation
_SITUATIONS = frozenset({"happened-to-me", "witnessed"})
_SLACK_MENTION = re.compile(r"^\s*<@([A-Za-z0-9_]+)(?:\|[^>]*)?>")
_TYPED = re.compile(r"^\s*@?([\w.\-]{1,80})\s*$")


def _at(draft: ThanksDraft, step: ThanksStep) -> DialogueState:
    return DialogueState(Mode.THANKS, thanks=replace(draft, step=step))


def _typed_names(inp: TurnInput) -> bool:
    return inp.incoming.address.platform in TYPED_NAMES


def recognised(inp: TurnInput, out: TurnOutput, text: str) -> bool:
    """A one-to-one message that thanks a colleague starts a thank-you (True); anything else is left (False)."""
    if inp.incoming.place is not None:
        return False
    found = read_thanks(text, bool(inp.incoming.mentions))
    if found is None or (found.typed_name.casefold() == KINSHIP and not found.rest):
        return False  # "Thanks Kinship": thanks to Kinship, answered as ever
    draft = _named(inp, found, _words(found))
    if _refused(inp, out, draft):
        return True
    routes = _routes(inp, inp.reading)
    if routes:
        out.state = _at(draft, ThanksStep.CHECK)
        out.replies += [views.before_you_send(), *routes, views.still_send()]
        return True
    _next(inp, out, draft)
    return True


def _words(found: ThanksWords) -> str:
    """What they are thanked for; without anyone named, only words that say what for ("for the tea")."""
    words = found.rest if found.who or found.rest.casefold().startswith("for ") else ""
    return common.shorten(tidy_words(words), MAX_WORDS)


def _named(inp: TurnInput, found: ThanksWords, words: str) -> ThanksDraft:
    """The draft with who it is for: the first @-mention, a raw Slack mention, or on the console a typed name;
    else nobody yet (with the name typed, to ask about)."""
    mentions = inp.incoming.mentions
    if mentions:
        return ThanksDraft(to=mentions[0], words=words)
    if found.platform_id:
        return ThanksDraft(to=found.platform_id, words=words)
    name = found.typed_name
    if name and _typed_names(inp):
        return ThanksDraft(to=name.casefold(), label=name, words=words)
    return ThanksDraft(label=name, words=words)


def _refused(inp: TurnInput, out: TurnOutput, draft: ThanksDraft) -> bool:
    """Thanks to themselves, or to Kinship: a kind no."""
    if draft.label.casefold() == KINSHIP or draft.to.casefold() == KINSHIP:
        out.replies.append(views.to_kinship())
    elif draft.to and draft.to.casefold() == inp.incoming.address.user.casefold():
        out.replies.append(views.to_yourself())
    else:
        return False
    out.state = NO_MODE
    return True


def _routes(inp: TurnInput, reading: Reading | None) -> list[Reply]:
    """The route for what the words tell of, if they tell of something worrying; empty for a plain thanks."""
    if reading is None:
        return []
    if reading.route == "domestic-abuse":
        return [triage_views.harmed_at_home(inp.world.home_signposts)]
    if reading.route not in _SITUATIONS or reading.confidence < WORRYING:
        return []
    world = inp.world
    found = [world.content.scripts[s] for s in reading.scripts if s in world.content.scripts]
    if not found:
        return [views.flag_offer()]
    chosen = found[0]
    if reading.route == "happened-to-me" and chosen.for_you is not None:
        return [replace(triage_views.happened_to_you(chosen, world.org), private=True)]
    return [replace(script_views.script(chosen, [s.id for s in found[1:4]], world.org), private=True)]


def _next(inp: TurnInput, out: TurnOutput, draft: ThanksDraft) -> None:
    """Who it is for, if that is not known yet; else the preview and how to sign it."""
    if not draft.to:
        out.state = _at(draft, ThanksStep.WHO)
        out.replies.append(views.ask_who(_typed_names(inp), draft.label))
        return
    out.state = _at(draft, ThanksStep.SIGN)
    out.replies.append(views.preview_sign(draft))


def _step_reply(inp: TurnInput, draft: ThanksDraft) -> Reply:
    asks: dict[ThanksStep, Callable[[], Reply]] = {
        ThanksStep.CHECK: views.still_send,
        ThanksStep.WHO: lambda: views.ask_who(_typed_names(inp), draft.label),
        ThanksStep.SIGN: lambda: views.preview_sign(draft),
        ThanksStep.NAME: views.ask_name,
        ThanksStep.READY: lambda: views.preview_ready(draft, inp.world.org),
        ThanksStep.UNIT: lambda: views.ask_unit(inp.world.org),
    }
    return asks[draft.step]()


# --- free text while writing one -------------------------------------------------------------------------------


def answered(inp: TurnInput, out: TurnOutput, text: str) -> None:
    """Who (at that step), the name to sign with (at that step), a new thank-you, or "please choose"."""
    draft = inp.state.thanks
    if draft.step is ThanksStep.WHO:
        _who(inp, out, draft, text)
    elif draft.step is ThanksStep.NAME:
        name = " ".join(text.split())[:MAX_NAME]
        _ready(inp, out, replace(draft, sign=SIGNED, name=name))
    elif not recognised(inp, out, text):
        out.replies += [views.please_choose(), _step_reply(inp, draft)]


def _who(inp: TurnInput, out: TurnOutput, draft: ThanksDraft, text: str) -> None:
    mentions = inp.incoming.mentions
    raw = _SLACK_MENTION.match(text)
    typed = _TYPED.match(text) if _typed_names(inp) else None
    if mentions:
        draft = replace(draft, to=mentions[0], label="")
    elif raw:
        draft = replace(draft, to=raw.group(1), label="")
    elif typed:
        draft = replace(draft, to=typed.group(1).casefold(), label=typed.group(1))
    else:
        out.replies.append(views.ask_who(_typed_names(inp), draft.label))
        return
    if not _refused(inp, out, draft):
        _next(inp, out, draft)


def _ready(inp: TurnInput, out: TurnOutput, draft: ThanksDraft) -> None:
    out.state = _at(draft, ThanksStep.READY)
    out.replies.append(views.preview_ready(draft, inp.world.org))


# --- buttons -----------------------------------------------------------------------------------------------------


def _go(inp: TurnInput, out: TurnOutput, draft: ThanksDraft, value: str) -> None:
    _next(inp, out, draft)


def _sign(inp: TurnInput, out: TurnOutput, draft: ThanksDraft, value: str) -> None:
    if value == UNSIGNED:
        _ready(inp, out, replace(draft, sign=UNSIGNED, name=""))
        return
    if value != SIGNED:
        out.replies.append(common.unknown_button())
        return
    incoming = inp.incoming
    name = incoming.display_name.strip() or (incoming.address.user if _typed_names(inp) else "")
    if not name:
        out.state = _at(draft, ThanksStep.NAME)
        out.replies.append(views.ask_name())
        return
    _ready(inp, out, replace(draft, sign=SIGNED, name=name[:MAX_NAME]))


def _copy(inp: TurnInput, out: TurnOutput, draft: ThanksDraft, value: str) -> None:
    out.state = _at(draft, ThanksStep.UNIT)
    out.replies.append(views.ask_unit(inp.world.org))


def _unit(inp: TurnInput, out: TurnOutput, draft: ThanksDraft, value: str) -> None:
    if inp.world.org.unit(value) is None:
        out.replies += [common.stale_button(), views.ask_unit(inp.world.org)]
        return
    _ready(inp, out, replace(draft, unit=value))


def _no_copy(inp: TurnInput, out: TurnOutput, draft: ThanksDraft, value: str) -> None:
    _ready(inp, out, replace(draft, unit=""))


def _send(inp: TurnInput, out: TurnOutput, draft: ThanksDraft, value: str) -> None:
    out.state = NO_MODE  # the draft leaves dialogue state the moment it is sent
    signed_as = draft.name if draft.sign == SIGNED else ""
    out.effects.append(fx.SendThanks(draft.to, draft.label, draft.words, signed_as, draft.unit, THANKS_PER_DAY))


_Choice = Callable[[TurnInput, TurnOutput, ThanksDraft, str], None]
# each button: the step it answers, and what it does there
_CHOICES: dict[str, tuple[frozenset[ThanksStep], _Choice]] = {
    "go": (frozenset({ThanksStep.CHECK}), _go),
    "sign": (frozenset({ThanksStep.SIGN, ThanksStep.NAME}), _sign),
    "copy": (frozenset({ThanksStep.READY}), _copy),
    "unit": (frozenset({ThanksStep.UNIT}), _unit),
    "nocopy": (frozenset({ThanksStep.READY, ThanksStep.UNIT}), _no_copy),
    "send": (frozenset({ThanksStep.READY}), _send),
}


def _choice(inp: TurnInput, out: TurnOutput, action: act.ThanksChoice) -> None:
    writing = inp.state.mode is Mode.THANKS
    if action.step == "cancel" and writing:
        out.state = NO_MODE
        out.replies.append(views.not_sent())
        return
    known = _CHOICES.get(action.step)
    if not writing:
        out.replies += [common.stale_button(), welcome_views.help_reply(bool(inp.led_units))]
    elif known is None:
        out.replies.append(common.unknown_button())
    elif inp.state.thanks.step not in known[0]:
        out.replies += [common.stale_button(), _step_reply(inp, inp.state.thanks)]
    else:
        known[1](inp, out, inp.state.thanks, action.value)


def _back(inp: TurnInput, out: TurnOutput, action: act.ThanksBack) -> None:
    """The person thanked says thank you back (the store checks it was theirs, and only once)."""
    out.effects.append(fx.ThankBack(action.thanks_id))


ACTIONS: dict[ActionKey, ActionHandler] = {act.ThanksChoice: _choice, act.ThanksBack: _back}
TEXT_MODES: dict[Mode, TextHandler] = {Mode.THANKS: answered}
