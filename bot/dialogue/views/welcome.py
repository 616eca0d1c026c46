"""First words and ways round: the welcome, help, "not understood", support, and an app's home page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.dialogue import actions as act
from bot.dialogue.actions import encode
from bot.dialogue.views.common import (
    DASHBOARD,
    DEVICE_SAFETY,
    FLAG,
    HELP,
    LESSON,
    LESSONS_ON,
    REFLECT,
    REVIEW_FLAGS,
    SCRIPT,
    menu_buttons,
)
from bot.dialogue.views.review import month_totals_heading, unit_total_lines
from bot.dialogue.views.settings import settings
from bot.domain.content import Content, Lesson, Script, Signpost
from bot.domain.org import Organisation
from bot.domain.records import PersonRecord
from bot.domain.schedule import Schedule
from bot.domain.types import Button, Reply


def welcome(org: Organisation, is_lead: bool = False) -> Reply:
    """The first words to someone new; a lead also hears where their units' flags are."""
    lead = (
        "• As a lead, you can review the flags for your units here (type review), or on the lead dashboard.\n"
        if is_lead
        else ""
    )
    return Reply(
        title="Welcome to Kinship",
        text=(
            "Hello, I'm Kinship. I help with the small, kind things that make care safer for everyone.\n"
            "• A two-minute lesson a day, at a time that suits your shifts (only if you want it).\n"
            "• Words you could use when you see something that isn't right.\n"
            "• A private way to flag something to the leads of your unit, without your name.\n"
            f"{lead}Type help at any time."
        ),
        buttons=(LESSON, SCRIPT, FLAG, LESSONS_ON, *((DASHBOARD,) if is_lead else ())),
    )


def help_reply(is_lead: bool) -> Reply:
    lines = [
        "Here's what I can do. Type a word, or just tell me what happened in your own words.",
        "• lesson: today's two-minute lesson",
        "• reflect: a question to think about (only you see your answers)",
        "• script and what happened: words to use when you see something wrong",
        "• flag: tell your unit's leads about something, without your name",
        "• status and a case code: check on a flag you sent, read a lead's reply, or withdraw it",
        "• settings: your time, days and time zone; pause, snooze or stop",
        "• start / stop: daily lessons on or off",
        "• support: people to talk to, for you",
        "• thanks @name for …: pass on a thank-you to a colleague, with your name or without it",
        "• my data: a copy of everything Kinship holds about you; delete my data: delete it all",
    ]
    if is_lead:
        lines[5:5] = [
            "• review: anonymised flags for the units you lead",
            "• summary: this month's flags for your units, beside last month",
            "• dashboard: a link to see your units' flags in a web browser",
        ]
    return Reply(title="How I can help", text="\n".join(lines), buttons=menu_buttons(is_lead))


def not_understood(suggestions: Sequence[Script], is_lead: bool) -> Reply:
    if suggestions:
        best = suggestions[0]
        return Reply(
            text=(
                "I'm not sure I understood, sorry. Were you asking about this?\n"
                f"• {best.title}\nOr choose something else below."
            ),
            buttons=(Button(best.title, encode(act.Script(best.id))), SCRIPT, FLAG, HELP),
        )
    return Reply(
        text=(
            "I'm not sure what you need there, sorry. You can ask for today's lesson, describe something you "
            "saw to get words you could use, or flag something without your name."
        ),
        buttons=(*menu_buttons(is_lead)[:3], HELP),
    )


def support(signposts: Sequence[Signpost], home: Sequence[Signpost] = ()) -> Reply:
    """The card for someone who may be at risk; ``home``: the routes for harm at home too, when what they wrote
    may be about home (those the card does not already give)."""
    lines = [
        "I'm really sorry you're going through this. You don't have to face it on your own.",
        "If you might act on these thoughts, or you're in danger now, please get help straight away:",
    ]
    urgent = [s for s in signposts if s.urgent]
    other = [s for s in signposts if not s.urgent]
    lines += [f"• {s.name} — {s.detail}" for s in urgent]
    if other:
        lines.append("You can talk to someone, any time:")
        lines += [f"• {s.name} — {s.detail}" for s in other]
    given = {s.id for s in signposts}
    at_home = [s for s in home if s.id not in given]
    if at_home:
        lines.append("If someone at home is hurting, scaring or controlling you, these can help, in confidence:")
        lines += [f"• {s.name} — {s.detail}" for s in at_home]
        lines.append(DEVICE_SAFETY)
    lines.append("I'm a chat assistant, not a person, but I'm here if you want to carry on.")
    return Reply(title="Support is here", text="\n".join(lines), buttons=(HELP,))


def support_routes(signposts: Sequence[Signpost], worn_out: bool = False) -> Reply:
    """Support asked for (not a crisis detected): everyday routes first, urgent ones after."""
    opening = "Caring for others takes something out of you. Talking helps, and these are free and confidential:"
    if worn_out:
        opening = (
            "I'm sorry it's been so hard. Feeling like this after shifts like yours is common, and it isn't a "
            "failing. If you can, take a proper break and tell someone you trust on your team. " + opening
        )
    lines = [opening]
    lines += [f"• {s.name} — {s.detail}" for s in signposts if not s.urgent]
    lines.append("If you or someone else is in danger now:")
    lines += [f"• {s.name} — {s.detail}" for s in signposts if s.urgent]
    return Reply(title="Support for you", text="\n".join(lines), buttons=(HELP,), private=True)


def home(
    person: PersonRecord | None,
    schedule: Schedule,
    next_lesson: Lesson,
    today: date,
    totals: Mapping[str, int | None] | None,
    content: Content,
    org: Organisation,
) -> list[Reply]:
    """A person's own part of an app's home page: their lesson and settings; for leads, their units."""
    if person is not None and person.last_lesson_id and content.lesson_position(person.last_lesson_id) >= 0:
        lesson_line = f"Today's lesson: {content.lessons[content.lesson_position(person.last_lesson_id)].title}"
        if person.last_lesson_on != today:
            lesson_line = f"Your next lesson: {next_lesson.title}"
    else:
        lesson_line = f"Your first lesson: {next_lesson.title}"
    replies = [Reply(title="Your lesson", text=lesson_line, buttons=(LESSON, REFLECT))]
    if person is not None:
        replies.append(settings(person, schedule))
    else:
        replies.append(
            Reply(
                title="Daily lessons",
                text="Daily lessons are off. Turn them on for a two-minute "
                "lesson at 10:00 on weekdays; you can change the time.",
                buttons=(LESSONS_ON,),
            )
        )
    if totals is not None:
        lines = [month_totals_heading(org), *unit_total_lines(totals, org)]
        if not any(totals.values()) and None not in totals.values():
            lines = ["There are no flags for your units this month."]
        replies.append(
            Reply(title="Your units", text="\n".join(lines), buttons=(REVIEW_FLAGS, DASHBOARD), private=True)
        )
    return replies
