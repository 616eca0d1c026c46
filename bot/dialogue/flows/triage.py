"""Free text that is no command and answers no question, answered by what triage read in it.

The risk screen has already run (:mod:`bot.dialogue.flows.router`): a message that may come from someone at
risk never reaches here. What does: harm at home gets routes for that, never advice to confront anyone;
something that happened to the writer gets the script's words for them; something they saw gets the
bystander script; anything else gets a short answer of its own, or "I'm not sure" with the menu. When the
reading is unsure, one question with buttons comes first, and the buttons carry the scripts it matched so
that nothing the person wrote needs keeping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.dialogue import actions as act
from bot.dialogue.flows.common import ActionHandler, ActionKey, normalise, support_card
from bot.dialogue.flows.scripts import ASKING, show_best
from bot.dialogue.flows.welcome import show_help
from bot.dialogue.model import NO_MODE, TurnInput, TurnOutput
from bot.dialogue.views import common
from bot.dialogue.views import scripts as script_views
from bot.dialogue.views import triage as views
from bot.dialogue.views import welcome as welcome_views
from bot.understanding.triage import ASK_FEELING, ASK_WHO, Reading

UNSURE = 0.4  # below this a situation's reading gets "not sure, did you mean…" rather than a script
_THANKING_KINSHIP = frozenset(
    "thanks|thank you|thankyou|cheers|ta|thx|ty|thank u|thanks a lot|thanks kinship|cheers kinship".split("|")
)


def free_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    reading = inp.world.triager.read(text) if inp.reading is None else inp.reading
    if reading.ask == ASK_WHO:
        out.replies.append(views.who_was_it(reading.scripts))
    elif reading.ask == ASK_FEELING:
        out.replies.append(views.how_are_you(_about_work(reading)))
    elif reading.route == "other":
        _other(inp, out, text, reading)
    elif reading.route in _SITUATIONS and reading.confidence < UNSURE:
        _not_sure(inp, out, reading.scripts[:1])
    else:
        _ROUTES[reading.route](inp, out, reading.scripts)


def described(inp: TurnInput, out: TurnOutput, text: str) -> None:
    """'script …' typed (or sent from a shortcut), or the answer to "what happened?": they asked for words,
    so whatever is not clearly about someone at risk or harm at home gets the closest script."""
    out.state = NO_MODE
    reading = inp.world.triager.read(text)
    if reading.route == "support":
        out.replies.append(support_card(inp, reading))
    elif reading.route == "domestic-abuse":
        out.replies.append(views.harmed_at_home(inp.world.home_signposts))
    elif reading.route in _SITUATIONS and reading.scripts:
        # they asked for bystander words: only a clear "it happened to me" gets the words for them (the
        # script offers those too, with one press)
        to_them = reading.route == "happened-to-me" and reading.ask != ASK_WHO
        _situation(inp, out, reading.scripts, to_them=to_them)
    else:
        show_best(inp, out, text)


def _situation(inp: TurnInput, out: TurnOutput, script_ids: Sequence[str], *, to_them: bool) -> None:
    scripts = inp.world.content.scripts
    ids = [sid for sid in script_ids if sid in scripts]
    if not ids:
        out.state = ASKING
        out.replies.append(script_views.ask_situation())
        return
    out.state = NO_MODE
    chosen = scripts[ids[0]]
    if to_them and chosen.for_you is not None:
        out.replies.append(views.happened_to_you(chosen, inp.world.org))
    else:
        out.replies.append(script_views.script(chosen, ids[1:4], inp.world.org))


def _happened_to_me(inp: TurnInput, out: TurnOutput, script_ids: Sequence[str]) -> None:
    _situation(inp, out, script_ids, to_them=True)


def _witnessed(inp: TurnInput, out: TurnOutput, script_ids: Sequence[str]) -> None:
    _situation(inp, out, script_ids, to_them=False)


def _at_home(inp: TurnInput, out: TurnOutput, script_ids: Sequence[str]) -> None:
    out.replies.append(views.harmed_at_home(inp.world.home_signposts))


def _at_risk(inp: TurnInput, out: TurnOutput, script_ids: Sequence[str]) -> None:
    out.replies.append(support_card(inp))


_SITUATIONS = frozenset({"happened-to-me", "witnessed"})
_ROUTES: dict[str, Callable[[TurnInput, TurnOutput, Sequence[str]], None]] = {
    "support": _at_risk,
    "domestic-abuse": _at_home,
    "happened-to-me": _happened_to_me,
    "witnessed": _witnessed,
}


def _about_work(reading: Reading) -> act.Triaged:
    """The "It's about work" answer to the feeling question: the situation it read, if any."""
    if reading.route in _SITUATIONS and reading.scripts:
        return act.Triaged("me" if reading.route == "happened-to-me" else "saw", reading.scripts[:4])
    return act.Triaged("work")


def _not_sure(inp: TurnInput, out: TurnOutput, script_ids: Sequence[str]) -> None:
    out.generic = True
    scripts = inp.world.content.scripts
    out.replies.append(
        welcome_views.not_understood([scripts[s] for s in script_ids if s in scripts], bool(inp.led_units))
    )


def _other(inp: TurnInput, out: TurnOutput, text: str, reading: Reading) -> None:
    """Not a situation: what the content answers, else a short reply for its kind."""
    # only a question is answered from the content ("thanks kinship" names a subject but asks nothing)
    found = inp.world.answers.find(text) if reading.topic == "question" or "?" in text else None
    is_lead = bool(inp.led_units)
    if found is not None:
        out.replies.append(views.answer(found, inp.world.content))
    elif reading.topic == "thanks":
        out.replies.append(views.thanks(_plain_words(text) in _THANKING_KINSHIP))
    elif reading.topic == "greeting":
        out.replies.append(views.greeting(is_lead))
    elif reading.topic == "question":  # about Kinship itself ("what can you do?"): what it can do
        show_help(inp, out)
    elif reading.topic == "clinical":
        out.replies.append(views.clinical_question("unsafe-care-concern" in inp.world.content.scripts))
    elif reading.topic == "wellbeing":
        out.replies.append(welcome_views.support_routes(inp.world.signposts, worn_out=True))
    else:
        _not_sure(inp, out, ())


def _plain_words(text: str) -> str:
    """The words as command words are read, without exclamation marks or a closing kiss: "Thanks!! x"."""
    words = normalise(text.replace("!", "")).split()
    return " ".join(words[:-1] if len(words) > 1 and words[-1] in {"x", "xx"} else words)


def _triaged(inp: TurnInput, out: TurnOutput, action: act.Triaged) -> None:
    """An answer to triage's one question."""
    if action.answer in {"me", "saw"}:
        _situation(inp, out, action.script_ids, to_them=action.answer == "me")
    elif action.answer == "struggling":
        out.replies.append(welcome_views.support(inp.world.signposts))
    elif action.answer == "ok":
        out.replies.append(views.glad_you_are_ok(bool(inp.led_units)))
    elif action.answer == "work":
        out.state = ASKING
        out.replies.append(script_views.ask_situation())
    else:
        out.replies.append(common.unknown_button())


ACTIONS: dict[ActionKey, ActionHandler] = {act.Triaged: _triaged}
