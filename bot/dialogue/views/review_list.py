"""A lead's list of flags in chat: a page at a time, newest first, narrowed by unit, kind or status.

Each flag keeps its number on the lead's whole list (newest first), whatever page or narrowing shows it, so
"Open 6" (pressed or typed) is always the same flag. The lead sees "the reporter", never who it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.effects import FlagPage
from bot.dialogue.views.common import DASHBOARD, HELP
from bot.dialogue.views.flag import STATUS_WORDS, category_title, week_label
from bot.dialogue.views.review import REVIEW, month_totals_heading, unit_total_lines
from bot.domain.content import Content
from bot.domain.org import Organisation
from bot.domain.records import EVERY_FLAG, FLAG_STATUSES, FlagFilter, FlagRecord
from bot.domain.types import Button, Reply

SUMMARY = Button("Monthly summary", Plain.REVIEW_SUMMARY.value)
ALL_FLAGS = Button("All flags", Plain.REVIEW.value)
STATUS_NAMES = {"new": "new", "seen": "seen", "action-taken": "action taken"}
MAX_UNIT_CHOICES = 20  # a lead of more units types "review" and a unit's name instead
MAX_KIND_CHOICES = 25


def unit_name(org: Organisation, unit_id: str) -> str:
    unit = org.unit(unit_id)
    return unit.name if unit else unit_id


def describe(where: FlagFilter, content: Content, org: Organisation) -> str:
    """The narrowing in words: "Ward 7, new"; empty for every flag."""
    parts = [unit_name(org, where.unit)] if where.unit else []
    if where.category:
        parts.append(category_title(content, where.category))
    if where.status:
        parts.append(STATUS_NAMES.get(where.status, where.status))
    return ", ".join(parts)


def review(page: FlagPage, where: FlagFilter, per_page: int, content: Content, org: Organisation) -> Reply:
    narrowed = describe(where, content, org)
    lines = _heading(page, per_page, narrowed)
    for number, flag in page.flags:
        mark = " — the reporter has replied" if flag.id in page.replied else ""
        lines.append(_flag_line(number, flag, content, org) + mark)
    totals = page.totals
    if any(totals.values()) or None in totals.values():
        lines += ["", month_totals_heading(org), *unit_total_lines(totals, org)]
    opens = act.buttons(*((f"Open {number}", act.ReviewOpen(flag.id)) for number, flag in page.flags))
    return Reply(
        title="Flags to review",
        text="\n".join(lines),
        buttons=(*opens, *_paging(page, where), SUMMARY, DASHBOARD, HELP),
        private=True,
    )


def _heading(page: FlagPage, per_page: int, narrowed: str) -> list[str]:
    if not page.flags:
        if narrowed:
            return [f"No flags for your units match that right now ({narrowed}). Press All flags to see them all."]
        return ["There are no flags for your units right now."]
    first = (page.page - 1) * per_page + 1
    shown = f"{first}–{first + len(page.flags) - 1}" if len(page.flags) > 1 else str(first)
    lines = ["Flags for your units, newest first. Names, contact details and numbers are hidden."]
    if narrowed:
        return [
            *lines,
            f"Showing only {narrowed}: flags {shown} of {page.total} that match{_page_words(page)}. Each keeps its "
            "number from your full list, so the numbers may skip.",
        ]
    noun = "Flags" if len(page.flags) > 1 else "Flag"
    return [*lines, f"{noun} {shown} of {page.total}{_page_words(page)}."]


def _page_words(page: FlagPage) -> str:
    return f" (page {page.page} of {page.pages})" if page.pages > 1 else ""


def _paging(page: FlagPage, where: FlagFilter) -> tuple[Button, ...]:
    def to(number: int) -> act.ReviewList:
        return act.ReviewList(number, where.unit, where.category, where.status)

    newer = [("Newer flags", to(page.page - 1))] if page.page > 1 else []
    older = [("Older flags", to(page.page + 1))] if page.page < page.pages else []
    narrow = act.ReviewFilters(where.unit, where.category, where.status)
    again = (ALL_FLAGS,) if where != EVERY_FLAG else ()
    return (*act.buttons(*newer, *older, ("Filter", narrow)), *again)


def _flag_line(number: int, flag: FlagRecord, content: Content, org: Organisation) -> str:
    return (
        f"{number}. {unit_name(org, flag.unit)}: {category_title(content, flag.category)} "
        f"(week of {week_label(flag.submitted_week)}, {STATUS_WORDS.get(flag.status, flag.status)})"
    )


def filters(
    where: FlagFilter, units: Sequence[str], kinds: Sequence[str], content: Content, org: Organisation
) -> Reply:
    """A button for each of the lead's units (when they lead more than one), each kind of flag on the list,
    and each status; a choice keeps the others already made."""
    now = describe(where, content, org) or "all flags"
    text = (
        f"Which flags would you like to see? Now showing: {now}.\n"
        "Choose a unit, a kind of flag or a status. Your choices add up, so you can choose a unit and then a "
        "status. All flags starts again."
    )
    if not kinds:
        text += "\nThere are no flags for your units right now, so there are no kinds to choose from."

    def narrowed(unit: str, category: str, status: str) -> act.ReviewList:
        return act.ReviewList(1, unit, category, status)

    by_unit = [(f"Unit: {unit_name(org, u)}", narrowed(u, where.category, where.status)) for u in units]
    by_kind = [(f"Kind: {category_title(content, c)}", narrowed(where.unit, c, where.status)) for c in kinds]
    by_status = [(f"Status: {STATUS_NAMES[s]}", narrowed(where.unit, where.category, s)) for s in FLAG_STATUSES]
    choices = (*(by_unit[:MAX_UNIT_CHOICES] if len(units) > 1 else ()), *by_kind[:MAX_KIND_CHOICES], *by_status)
    return Reply(
        title="Choose which flags to see",
        text=text,
        buttons=(*act.buttons(*choices), ALL_FLAGS),
        private=True,
    )


def not_yours() -> Reply:
    """A list asked for by a button no list of theirs made (another unit, a status that does not exist)."""
    return Reply(
        text="I can't show that list: it isn't one of yours. Press All flags to see the flags for your units.",
        buttons=(ALL_FLAGS, HELP),
        private=True,
    )


def no_such_number(number: int) -> Reply:
    return Reply(
        text=(
            f"There's no flag {number} on your list right now. Type review to see your flags, newest first, "
            "and press Open beside the one you want."
        ),
        buttons=(REVIEW, HELP),
        private=True,
    )


def review_words_not_understood() -> Reply:
    return Reply(
        text=(
            "I'm not sure which flags you'd like to see. You can type review 2 for the second page, review new, "
            "review seen or review action taken, or review and a unit's name. Or press Filter to choose."
        ),
        buttons=(*act.buttons(("Filter", act.ReviewFilters())), ALL_FLAGS, HELP),
        private=True,
    )
