"""Where a lesson or a script comes from: its sources in plain words, each with the full reference."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue.views.common import HELP, LESSON
from bot.domain.content import Reference
from bot.domain.types import Reply

_WHAT = {"lesson": "lesson", "script": "words for what happened"}


def sources(kind: str, title: str, references: Sequence[Reference]) -> Reply:
    lines = [f"The {_WHAT.get(kind, kind)} ‘{title}’ is written in Kinship's own words. It draws on:"]
    for ref in references:
        lines.append(f"• {ref.citation}" + (f" {ref.url}" if ref.url else ""))
    lines += [
        "",
        "If something here looks wrong or out of date, please tell your learning and development team, so it "
        "can be checked and put right.",
    ]
    return Reply(title="Where this comes from", text="\n".join(lines), buttons=(LESSON, HELP))


def nothing_shown() -> Reply:
    return Reply(
        text=(
            "I can show where a lesson or a set of words comes from. Open one (type lesson or scripts), then "
            "press Sources under it, or type sources."
        ),
        buttons=(LESSON, HELP),
    )
