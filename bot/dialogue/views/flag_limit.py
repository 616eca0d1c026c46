"""Said when someone starts a flag after reaching the day's limit: up front, before they write anything."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue.actions import Plain
from bot.dialogue.views.common import HELP
from bot.domain.content import Signpost
from bot.domain.types import Button, Reply

OTHER_ROUTES = Button("Other ways to raise it", Plain.REPORT.value)


def flag_limit_up_front(sent_today: int, signposts: Sequence[Signpost]) -> Reply:
    """Instead of the flag form, when today's allowance is used up (nothing is asked, nothing is kept)."""
    urgent = [f"• {s.name} — {s.detail}" for s in signposts if s.urgent]
    flags = "flag" if sent_today == 1 else "flags"
    return Reply(
        title="No more flags today",
        text=(
            f"You've sent {sent_today} {flags} today, the most one account can send in a day, so I can't take "
            "another one until tomorrow. If it can't wait, you can still speak to your manager or your Freedom "
            "to Speak Up Guardian.\nIf someone is in danger now:\n" + "\n".join(urgent)
        ),
        buttons=(OTHER_ROUTES, HELP),
        private=True,
    )
