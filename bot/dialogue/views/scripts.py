"""Bystander scripts: words to use when you see something wrong, by the five Ds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.views.common import HELP, SUPPORT
from bot.domain.content import FIVE_DS, Script
from bot.domain.org import Organisation
from bot.domain.types import Button, Reply

_DS_TITLES = {
    "distract": "Distract",
    "delegate": "Delegate",
    "document": "Document",
    "delay": "Delay",
    "direct": "Direct",
}


def ask_situation() -> Reply:
    return Reply(
        text=(
            "What happened? Tell me in a few words, for example: a patient made a racist comment to my "
            "colleague. Please leave out names."
        ),
        buttons=(Button("Show all situations", Plain.ALL_SCRIPTS.value), HELP),
    )


def script(s: Script, others: Sequence[str], org: Organisation) -> Reply:
    safety = s.safety if s.safety.lower().startswith("safety first") else f"Safety first: {s.safety}"
    lines = [safety, ""]
    steps = dict(s.steps)
    for d in FIVE_DS:
        for i, line in enumerate(steps.get(d, ())):
            lines.append(f"{_DS_TITLES[d]}: {line}" if i == 0 else f"   {line}")
    lines += ["", "Check in with them:"] + [f"• {line}" for line in s.check_in]
    lines += ["", "Record and escalate:"] + [f"• {line}" for line in s.record]
    for key, label in (("incident_reporting", "Incident reporting"), ("freedom_to_speak_up", "Freedom to Speak Up")):
        if org.links.get(key):
            lines.append(f"• {label}: {org.links[key]}")
    lines += ["", "Try to avoid:"] + [f"• {line}" for line in s.avoid]
    lines += ["", "Seeing this can stay with you. Look after yourself too."]
    choices: list[tuple[str, act.Action]] = [
        ("Not quite — show others", act.OtherScripts(tuple(others[:3])) if others else Plain.ALL_SCRIPTS),
        ("Flag this", act.FlagCategory(s.id)),
    ]
    if s.for_you is not None:  # words for the person it happened to, if that is who is reading
        choices.append(("It happened to me", act.Triaged("me", (s.id,))))
    choices.append(("Sources", act.Sources(f"script:{s.id}")))
    buttons = [*act.buttons(*choices), SUPPORT]
    return Reply(title=s.title, text="\n".join(lines), buttons=tuple(buttons))


def script_choices(scripts: Iterable[Script], intro: str) -> Reply:
    options = act.buttons(*((s.title, act.Script(s.id)) for s in scripts))
    return Reply(text=intro, buttons=(*options, HELP))


def other_scripts(scripts: Iterable[Script]) -> Reply:
    """Scripts that might fit better than the one shown, and a way to every situation."""
    reply = script_choices(scripts, "Here are some others that might fit better:")
    every = Button("See every situation", Plain.ALL_SCRIPTS.value)
    return Reply(text=reply.text, buttons=(*reply.buttons[:-1], every, HELP))
