"""Someone wants to report something: the formal routes first, so a flag is never taken for one of them."""

from __future__ import annotations

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain
from bot.dialogue.views.common import HELP
from bot.domain.org import Organisation
from bot.domain.types import Reply


def report_routes(org: Organisation) -> Reply:
    """Someone wants to report something: the formal routes first, so nobody takes a flag for one of them."""
    lines = [
        "There are different ways to report something. You choose:",
        "• A formal incident report: your organisation's incident reporting system. "
        + org.links.get("incident_reporting", "Ask your line manager or the nurse in charge where it is."),
        "• A concern about safety or how people are treated: your organisation's Freedom to Speak Up Guardian. "
        + org.links.get("freedom_to_speak_up", ""),
        "• A crime (an assault, hate crime or sexual assault): the police on 999 in an emergency, or 101.",
        "• An anonymous flag in Kinship, so the leads of a unit can see patterns. It is not a formal report, and "
        "nobody is told who sent it.",
    ]
    return Reply(
        title="Reporting something",
        text="\n".join(line.rstrip() for line in lines),
        buttons=(
            *act.buttons(("Flag it anonymously", Plain.FLAG_START), ("Words for what happened", act.Script())),
            HELP,
        ),
    )
