"""The lead's side of flags: the list, one flag, marking it, a note, replying, the monthly summary.

The lead sees "the reporter", never who it is; counts of fewer than k flags are hidden, and no count or rule
depends on who sent a flag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.views.common import FLAG, HELP, REVIEW_FLAGS
from bot.dialogue.views.flag import STATUS_WORDS, category_title, occurred_words, thread_lines, week_label
from bot.domain.content import Content
from bot.domain.org import Organisation
from bot.domain.records import FlagMessage, FlagRecord
from bot.domain.summary import UnitSummary
from bot.domain.types import Button, Reply

REVIEW = Button("Back to flags", Plain.REVIEW.value)


TREND_WORDS = {"up": "up", "down": "down", "same": "no change", "": ""}


def nothing_added() -> Reply:
    return Reply(text="OK, nothing was added.", buttons=(REVIEW, HELP))


def not_a_lead() -> Reply:
    return Reply(
        text=(
            "Reviewing flags is only for the leads of a unit. If you think you should have access, please ask "
            "whoever runs Kinship in your organisation."
        ),
        buttons=(FLAG, HELP),
    )


def month_totals_heading(org: Organisation) -> str:
    k = org.min_group_size
    return f"Flags this month, by unit (a number under {k} is not shown, so no one can be picked out):"


def unit_total_lines(totals: Mapping[str, int | None], org: Organisation) -> list[str]:
    lines = []
    for unit_id, total in totals.items():
        unit = org.unit(unit_id)
        shown = f"fewer than {org.min_group_size}" if total is None else str(total)
        lines.append(f"• {unit.name if unit else unit_id}: {shown}")
    return lines


def flag_detail(
    flag: FlagRecord | None,
    content: Content,
    org: Organisation,
    messages: Sequence[FlagMessage] = (),
    can_reply: bool = False,
) -> Reply:
    if flag is None:
        return Reply(
            text="That flag isn't available to you. It may have been withdrawn.",
            buttons=(REVIEW, HELP),
            private=True,
        )
    unit = org.unit(flag.unit)
    lines = [
        f"Unit: {unit.name if unit else flag.unit}",
        f"What: {category_title(content, flag.category)}",
        f"When: {occurred_words(flag.occurred)}, sent in the week of {week_label(flag.submitted_week)}",
        f"Danger at the time: {'yes' if flag.danger else 'no'}",
        f"In their words: {flag.description or '(no description)'}",
        f"Status: {STATUS_WORDS.get(flag.status, flag.status)}",
    ]
    if flag.lead_note:
        lines.append(f"Note: {flag.lead_note}")
    lines += thread_lines(messages, for_lead=True)
    lines.append(
        "The reporter asked to hear back: you can reply, and I'll pass it on without names."
        if can_reply
        else "The reporter didn't ask to hear back, or the case is closed."
    )
    reply = [("Reply to the reporter", act.ReviewReply(flag.id))] if can_reply else []
    return Reply(
        title="Flag",
        text="\n".join(lines),
        buttons=(
            *act.buttons(
                ("Mark seen", act.ReviewMark(flag.id, "seen")),
                ("Action taken", act.ReviewMark(flag.id, "action-taken"), "primary"),
                *reply,
            ),
            REVIEW,
        ),
        private=True,
    )


def flag_marked(found: bool, status: str) -> Reply:
    text = f"Marked as {STATUS_WORDS.get(status, status)}." if found else "That flag isn't available to you."
    return Reply(text=text, buttons=(REVIEW, HELP), private=True)


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


def ask_note() -> Reply:
    return Reply(
        text=(
            "Marked as action taken. Would you like to add a short note about what was done? Whoever has the case "
            "code will see it, and I'll hide names and contact details. Type skip for no note."
        ),
        buttons=(Button("No note", Plain.REVIEW.value),),
        private=True,
    )


def note_saved(found: bool) -> Reply:
    text = "Thank you. The note is saved with the case." if found else "That flag isn't available to you."
    return Reply(text=text, buttons=(REVIEW, HELP), private=True)


def relay_to_lead(unit_name: str) -> Reply:
    return Reply(
        title="A reporter replied",
        text=f"The reporter of a flag for {unit_name} has replied. Open your flags to read it.",
        buttons=(REVIEW_FLAGS,),
        private=True,
    )


def dashboard_link(url: str) -> Reply:
    if not url:
        return Reply(
            text=(
                "The lead dashboard isn't switched on here yet: whoever runs Kinship needs to set its web address "
                "(KINSHIP_PUBLIC_URL). You can still review flags here in the chat."
            ),
            buttons=(REVIEW, HELP),
            private=True,
        )
    return Reply(
        title="Your lead dashboard",
        text=(
            f"Here is your link to the lead dashboard: {url}\n"
            "It works once, for the next 5 minutes. If it runs out, type dashboard for a new one. "
            "Please don't share it: whoever opens it first sees the flags for your units."
        ),
        buttons=(REVIEW, HELP),
        private=True,
        off_record=True,
    )


def month_label(month: date) -> str:
    return month.strftime("%B %Y")


def summary(summaries: Sequence[UnitSummary], content: Content, org: Organisation) -> Reply:
    k = org.min_group_size
    if not summaries:
        return Reply(text="You don't lead any units.", buttons=(HELP,), private=True)
    month = summaries[0].month
    lines = [
        f"Flags sent in {month_label(month)}, beside the month before. A count under {k} is hidden, and "
        "sometimes one more beside it, so no one can be worked out from the numbers.",
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
    return f"fewer than {k}" if value is None else f"{value} in all"


def _count(value: int | None) -> str:
    return "hidden" if value is None else str(value)
