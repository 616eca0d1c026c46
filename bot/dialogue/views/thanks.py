"""What a thank-you between colleagues says: to the sender while they write it, to the person thanked, to a
lead as a copy, and back to the sender (a thank-you back, or that it could not be passed on)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.actions import buttons
from bot.dialogue.thanks_draft import SIGNED, UNSIGNED, ThanksDraft
from bot.dialogue.views.common import FLAG, HELP
from bot.domain.org import Organisation
from bot.domain.types import Button, Reply

SOMEONE = "Someone you work with"
_FOR = ("for ", "so much", "very much", "loads", "so ")
TITLE = "A thank-you"


def note_text(signed_as: str, words: str) -> str:
    """The thank-you itself, exactly as the person gets it."""
    who = signed_as or SOMEONE
    if not words:
        return f"{who} says thank you."
    if words.casefold().startswith(_FOR):
        ending = "" if words[-1] in ".!?" else "."
        return f"{who} says thank you {words}{ending}"
    return f"{who} says thank you: “{words}”"


def _will(draft: ThanksDraft) -> str:
    return f"{draft.label} will" if draft.label else "they'll"


def _cancel() -> tuple[str, act.Action]:
    return ("Cancel", act.ThanksChoice("cancel"))


# --- writing it ---------------------------------------------------------------------------------------------


def ask_who(typed_names: bool, named: str = "") -> Reply:
    if typed_names:
        text = "Who would you like to thank? Type their user name, the one they use with Kinship."
    elif named:
        text = (
            f"Which {named} do you mean? Mention them with @ (type @ and pick them from the list), so your thanks "
            "reaches the right person."
        )
    else:
        text = "Who would you like to thank? Mention them with @ (type @ and pick them from the list)."
    return Reply(title=TITLE, text=text, buttons=buttons(_cancel()))


def preview_sign(draft: ThanksDraft) -> Reply:
    example = note_text("[your name]", draft.words)
    return Reply(
        title=TITLE,
        text=(
            f"Here's what {_will(draft)} get:\n\n{example}\n\n"
            f"Would you like to put your name to it? Without it, it says “{SOMEONE}”."
        ),
        buttons=buttons(
            ("Send with my name", act.ThanksChoice("sign", SIGNED), "primary"),
            ("Send without my name", act.ThanksChoice("sign", UNSIGNED)),
            _cancel(),
        ),
        private=True,
    )


def ask_name() -> Reply:
    return Reply(
        title=TITLE,
        text="What name should I sign it with? Type it just as you'd like them to see it.",
        buttons=buttons(("Send without my name", act.ThanksChoice("sign", UNSIGNED)), _cancel()),
    )


def preview_ready(draft: ThanksDraft, org: Organisation) -> Reply:
    unit = org.unit(draft.unit) if draft.unit else None
    lines = [f"This is exactly what {_will(draft)} get:", "", note_text(draft.name, draft.words), ""]
    if unit is not None:
        lines.append(
            f"A copy goes to the leads of {unit.name}, marked as a copy. It also counts towards "
            f"{unit.name}'s weekly number of thanks (just a number, never who)."
        )
        copy: tuple[str, act.Action] = ("No copy", act.ThanksChoice("nocopy"))
    else:
        lines.append("You can also send a copy to their lead, if you'd like them to know.")
        copy = ("Also send a copy to a lead", act.ThanksChoice("copy"))
    return Reply(
        title=TITLE,
        text="\n".join(lines),
        buttons=buttons(("Send", act.ThanksChoice("send"), "primary"), copy, _cancel()),
        private=True,
    )


def ask_unit(org: Organisation) -> Reply:
    units = [(u.name, act.ThanksChoice("unit", u.id)) for u in org.units]
    return Reply(
        title=TITLE,
        text=(
            "Which team should get a copy? Its leads will see it, and it counts towards that team's weekly number "
            "of thanks. Only the number is shown, never who."
        ),
        buttons=buttons(*units, ("No copy", act.ThanksChoice("nocopy"))),
    )


def please_choose() -> Reply:
    return Reply(text="Please choose one of the options below, or type cancel to leave it.")


def not_sent() -> Reply:
    return Reply(text="OK, I haven't sent anything.", buttons=(HELP,))


def to_yourself() -> Reply:
    return Reply(
        text=(
            "That's you! Being kind to yourself matters too, but I can only pass thanks on to someone else. "
            "Who else would you like to thank?"
        ),
        buttons=(HELP,),
    )


def to_kinship() -> Reply:
    return Reply(
        text=(
            "That's kind of you, thank you. I'm only a bot, though: save your thanks for the people you work "
            "with. Type thanks @name for … and I'll pass it on."
        ),
        buttons=(HELP,),
    )


def before_you_send() -> Reply:
    return Reply(
        text=(
            "Before your thank-you: it sounds like something hard happened too. This is just for you, and "
            "nothing has been sent."
        ),
        private=True,
    )


def flag_offer() -> Reply:
    return Reply(
        text="If a lead should know about what happened, you can flag it without your name.",
        buttons=(FLAG,),
        private=True,
    )


def still_send() -> Reply:
    return Reply(
        title=TITLE,
        text=(
            "Do you still want to send your thank-you? If you do, I'll show you exactly what they'll get "
            "before anything goes."
        ),
        buttons=buttons(
            ("Yes, carry on", act.ThanksChoice("go"), "primary"), ("No, not now", act.ThanksChoice("cancel"))
        ),
        private=True,
    )


# --- once sent ------------------------------------------------------------------------------------------------


def sent(label: str, unit_id: str, org: Organisation) -> Reply:
    unit = org.unit(unit_id) if unit_id else None
    copy = f", with a copy for the leads of {unit.name}" if unit else ""
    return Reply(
        text=f"Sent. I'll pass your thanks on to {label or 'them'} now{copy}. Small thanks make a big difference.",
        buttons=(HELP,),
    )


def after_send(effect: fx.SendThanks, kept: bool, org: Organisation) -> Reply:
    return sent(effect.label, effect.unit, org) if kept else limit_reached(effect.per_day)


def limit_reached(per_day: int) -> Reply:
    return Reply(
        text=(
            f"You've sent {per_day} thank-yous today, which is as many as I can pass on in one day. It's lovely "
            "that you notice so much. You can send more tomorrow, or tell them in person."
        ),
        buttons=(HELP,),
    )


def thanked_back(result: str) -> Reply:
    texts = {
        "sent": "Done. I'll let them know you said thank you back.",
        "already": "You've already said thank you back for this one, so I haven't sent it again.",
    }
    default = "I can't pass that on any more: thank-yous are only kept for two weeks. Nothing has been sent."
    return Reply(text=texts.get(result, default), buttons=(HELP,))


# --- sent by the worker -----------------------------------------------------------------------------------------


def for_person(thanks_id: int, signed_as: str, words: str) -> Reply:
    return Reply(
        title=TITLE,
        text=f"{note_text(signed_as, words)}\n\nSent through Kinship, which passes on thanks between colleagues.",
        buttons=(Button("Say thank you back", act.encode(act.ThanksBack(thanks_id)), "primary"),),
    )


def copy_for_lead(signed_as: str, label: str, words: str, unit_name: str) -> Reply:
    whom = label or "someone in your team"
    return Reply(
        title="A copy of a thank-you",
        text=(
            f"A copy for you, as a lead of {unit_name}. This thank-you went to {whom}:\n\n"
            f"{note_text(signed_as, words)}\n\n"
            "They have it already, so there's nothing you need to do. A kind word from you too would go a long way."
        ),
    )


def _day(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%A %-d %B")


def back_to_sender(given_at: datetime, zone: str) -> Reply:
    return Reply(
        title=TITLE,
        text=f"The person you thanked on {_day(given_at, zone)} says thank you back. Your thanks reached them.",
        private=True,
    )


def undelivered(given_at: datetime, zone: str) -> Reply:
    return Reply(
        text=(
            f"I couldn't pass on your thank-you from {_day(given_at, zone)}: I can't reach that person through "
            "this chat app. I haven't kept your words. Telling them in person works just as well."
        ),
        private=True,
    )
