"""Wording for following up a flag: relayed replies, a lead's note, daily limits and monthly summaries.

Neither side of a relayed conversation is ever named: the reporter sees "a lead", the lead sees "the
reporter". Relayed words were redacted when they were written and are shown as plain text by every adapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.dialogue.views import HELP, category_title
from bot.domain.content import Content, Signpost
from bot.domain.org import Organisation
from bot.domain.summary import UnitSummary
from bot.domain.types import Button, Reply

REVIEW = Button("Back to flags", "review")
TREND_WORDS = {"up": "up", "down": "down", "same": "no change", "": ""}


def flag_limit_reached(per_day: int, signposts: Sequence[Signpost]) -> Reply:
    urgent = [f"• {s.name} — {s.detail}" for s in signposts if s.urgent]
    return Reply(
        title="Flag not sent",
        text=(
            f"I can only take {per_day} flags a day from one person, and you've reached that today, so this one "
            "wasn't sent or kept. Please try again tomorrow, or speak to your manager or Freedom to Speak Up "
            "Guardian.\nIf someone is in danger now:\n" + "\n".join(urgent)
        ),
        buttons=(HELP,),
        private=True,
    )


def ask_lead_reply() -> Reply:
    return Reply(
        text=(
            "What would you like to say to the reporter? I'll pass it on without your name, and I'll hide names "
            "and contact details in it. Type cancel to stop."
        ),
        private=True,
    )


def lead_reply_sent(sent: bool) -> Reply:
    text = (
        "Sent. I'll pass it on to the reporter without saying who you are."
        if sent
        else "I can't pass that on: the reporter didn't ask to hear back, or the case is closed or withdrawn."
    )
    return Reply(text=text, buttons=(REVIEW, HELP), private=True)


def ask_reporter_reply(code: str) -> Reply:
    return Reply(
        text=(
            f"What would you like to say to the lead about {code}? They won't see your name, and I'll hide names "
            "and contact details. Type cancel to stop."
        ),
        private=True,
    )


def reporter_reply_sent(sent: bool, code: str) -> Reply:
    text = (
        "Sent. The leads for that unit can read it; they still won't know who you are."
        if sent
        else f"I can't pass that on: {code} doesn't exist, was withdrawn, is closed, or was sent from another account."
    )
    return Reply(text=text, buttons=(Button("Check status", f"status:{code}"), HELP), private=True)


def ask_note() -> Reply:
    return Reply(
        text=(
            "Marked as action taken. Would you like to add a short note about what was done? Whoever has the case "
            "code will see it, and I'll hide names and contact details. Type skip for no note."
        ),
        buttons=(Button("No note", "review"),),
        private=True,
    )


def note_saved(found: bool) -> Reply:
    text = "Thank you. The note is saved with the case." if found else "That flag isn't available to you."
    return Reply(text=text, buttons=(REVIEW, HELP), private=True)


def relay_to_reporter(code: str, text: str) -> Reply:
    return Reply(
        title="A reply about your flag",
        text=f"A lead replied about your flag {code}:\n{text}\nThey don't know who you are.",
        buttons=(Button("Reply", f"flag-reply:{code}"), Button("Check status", f"status:{code}")),
        private=True,
    )


def relay_to_lead(unit_name: str) -> Reply:
    return Reply(
        title="A reporter replied",
        text=f"The reporter of a flag for {unit_name} has replied. Open your flags to read it.",
        buttons=(Button("Review flags", "review"),),
        private=True,
    )


def month_label(month: date) -> str:
    return month.strftime("%B %Y")


def summary(summaries: Sequence[UnitSummary], content: Content, org: Organisation) -> Reply:
    k = org.min_group_size
    if not summaries:
        return Reply(text="You don't lead any units.", buttons=(HELP,), private=True)
    month = summaries[0].month
    lines = [
        f"Flags sent in {month_label(month)}, beside the month before. A count from fewer than {k} people is "
        "hidden, and sometimes one more beside it, so no one can be worked out from the numbers.",
    ]
    quiet = []
    for s in summaries:
        unit = org.unit(s.unit)
        name = unit.name if unit else s.unit
        if not s.lines:
            quiet.append(name)
            continue
        lines += ["", f"{name}: {_total(s.total_this, k)} (before: {_total(s.total_last, k)})"]
        for line in s.lines:
            trend = TREND_WORDS[line.trend]
            lines.append(
                f"• {category_title(content, line.category)}: {_count(line.this_month)} "
                f"(before: {_count(line.last_month)}{', ' + trend if trend else ''})"
            )
    if quiet:
        lines += ["", "No flags in either month: " + ", ".join(quiet) + "."]
    return Reply(title="Monthly summary", text="\n".join(lines), buttons=(REVIEW, HELP), private=True)


def _total(value: int | None, k: int) -> str:
    return f"fewer than {k} people" if value is None else f"{value} in all"


def _count(value: int | None) -> str:
    return "hidden" if value is None else str(value)
