"""What Kinship says once triage has read a message: harm at home, words for the person it happened to,
the one question asked when unsure, and the short answers to something that is not a situation."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.views.common import DEVICE_SAFETY, HELP, SUPPORT, menu_buttons
from bot.domain.answers import Answer
from bot.domain.content import Content, Script, Signpost
from bot.domain.org import Organisation
from bot.domain.types import Reply

_ORG_LINKS = (("incident_reporting", "Incident reporting"), ("freedom_to_speak_up", "Freedom to Speak Up"))


def harmed_at_home(signposts: Sequence[Signpost]) -> Reply:
    """Routes for someone harmed or controlled at home: never advice to confront anyone."""
    lines = [
        "I'm so sorry this is happening. It isn't your fault, and you don't have to deal with it alone.",
        "You can talk to someone in confidence. They won't tell you what to do, and it's free:",
    ]
    # urgent first, then the lines for harm at home, then what also serves other needs (the employer's own)
    ordered = sorted(signposts, key=lambda s: (not s.urgent, "distress" in s.topics))
    lines += [f"• {s.name} — {s.detail}" for s in ordered]
    lines += [
        "",
        DEVICE_SAFETY,
    ]
    return Reply(title="You deserve to be safe", text="\n".join(lines), buttons=(SUPPORT, HELP), private=True)


def happened_to_you(s: Script, org: Organisation) -> Reply:
    """A script's first-person journey (``for_you``): for the person it happened to."""
    assert s.for_you is not None  # the flow chooses this view only for a script that has one
    mine = s.for_you
    lines = [mine.opening, "", "What you can do now:"] + [f"• {line}" for line in mine.now]
    lines += ["", "Who to tell, when you're ready (it's your choice):"] + [f"• {line}" for line in mine.tell]
    lines += [f"• {label}: {org.links[key]}" for key, label in _ORG_LINKS if org.links.get(key)]
    lines += ["", "Support for you:"] + [f"• {line}" for line in mine.support]
    buttons = act.buttons(
        ("Flag it anonymously", act.FlagCategory(s.id)),
        ("It happened to someone else", act.Script(s.id)),
        ("Support for you", Plain.SUPPORT),
        ("Sources", act.Sources(f"script:{s.id}")),
    )
    return Reply(title=s.title, text="\n".join(lines), buttons=buttons, private=True)


def who_was_it(script_ids: Sequence[str]) -> Reply:
    ids = tuple(script_ids[:4])
    return Reply(
        text="I want to get this right. Did this happen to you, or did you see it happen to someone else?",
        buttons=act.buttons(
            ("It happened to me", act.Triaged("me", ids)),
            ("I saw it happen", act.Triaged("saw", ids)),
            ("Something else", Plain.HELP),
        ),
    )


def how_are_you(work: act.Triaged) -> Reply:
    """For ambiguous distress: one gentle question rather than a guess either way."""
    return Reply(
        text="That sounds hard. Is it about how you're feeling right now?",
        buttons=act.buttons(
            ("I'm struggling", act.Triaged("struggling")),
            ("It's about work", work),
            ("I'm OK", act.Triaged("ok")),
        ),
        private=True,
    )


def glad_you_are_ok(is_lead: bool) -> Reply:
    return Reply(
        text="I'm glad. If that changes, type support at any time. What would you like to do?",
        buttons=(*menu_buttons(is_lead), HELP),
    )


def clinical_question(has_speak_up_script: bool) -> Reply:
    lines = [
        "I can't advise on clinical care, sorry: I'm not a clinical tool.",
        "Please ask the nurse in charge, the doctor on call or your pharmacist, or check your local clinical "
        "guidelines. If a patient is getting worse or at risk now, escalate straight away.",
    ]
    if has_speak_up_script:
        lines.append("If you're worried nobody is listening, I can give you words for speaking up.")
        buttons = act.buttons(("Words for speaking up", act.Script("unsafe-care-concern")), ("Help", Plain.HELP))
    else:
        buttons = (HELP,)
    return Reply(text="\n".join(lines), buttons=buttons)


def thanks(to_kinship: bool) -> Reply:
    if to_kinship:
        text = "You're welcome. I'm here whenever you need me."
    else:
        text = (
            "That's lovely. Thanks mean most when they reach the person: tell them what they did and what "
            "it meant to you, in a message or a quick word at handover."
        )
    return Reply(text=text, buttons=(HELP,))


def greeting(is_lead: bool) -> Reply:
    return Reply(text="Hello! What would you like to do?", buttons=(*menu_buttons(is_lead), HELP))


def answer(found: Answer, content: Content) -> Reply:
    """A short answer from the content, its sources, and the lesson it comes from with something to try."""
    cited = [content.references[r].citation for r in found.references if r in content.references]
    lines = [found.answer]
    if cited:
        lines += ["", "Source: " + "; ".join(cited)]
    position = content.lesson_position(found.lesson) if found.lesson else -1
    if position < 0:
        return Reply(text="\n".join(lines), buttons=(HELP,))
    lesson = content.lessons[position]
    lines += ["", f"From the lesson ‘{lesson.title}’. Try this today: {lesson.try_today}"]
    return Reply(
        text="\n".join(lines), buttons=(*act.buttons(("Reflect on this", act.Reflect(lesson.prompts[0]))), HELP)
    )
