"""What every journey's replies share: the menu buttons, the "I didn't follow" replies, shortening."""

from __future__ import annotations

from bot.dialogue.actions import Plain, Reflect, Script, encode
from bot.dialogue.model import MAX_MESSAGE_CHARS
from bot.domain.types import Button, Reply

HELP = Button("Help", Plain.HELP.value)
LESSON = Button("Today's lesson", Plain.LESSON.value)
SCRIPT = Button("Words to use", encode(Script()))
FLAG = Button("Flag something", Plain.FLAG_START.value)
SETTINGS = Button("Settings", Plain.SETTINGS.value)
REFLECT = Button("Reflect", encode(Reflect()))
SUPPORT = Button("Support for you", Plain.SUPPORT.value)
LESSONS_ON = Button("Daily lessons on", Plain.START.value)
REVIEW_FLAGS = Button("Review flags", Plain.REVIEW.value)
DASHBOARD = Button("Dashboard", Plain.DASHBOARD.value)  # a lead's sign-in link to the lead dashboard


def menu_buttons(is_lead: bool = False) -> tuple[Button, ...]:
    return (LESSON, SCRIPT, FLAG, REVIEW_FLAGS if is_lead else SETTINGS)


def empty_message() -> Reply:
    return Reply(text="I didn't catch anything there. Type help to see what I can do.", buttons=(HELP,))


def too_long(length: int) -> Reply:
    return Reply(
        text=(
            f"That message is {length:,} characters, and I can take up to {MAX_MESSAGE_CHARS:,}. "
            "Could you shorten it? Nothing has been saved."
        ),
        buttons=(HELP,),
    )


def stale_button() -> Reply:
    return Reply(
        text="That button is from an earlier message, so I've left everything as it was. Here's where we are now.",
        buttons=(HELP,),
    )


def unknown_button() -> Reply:
    return Reply(text="Sorry, I don't recognise that button. Nothing has changed.", buttons=(HELP,))


def nothing_to_cancel(is_lead: bool) -> Reply:
    return Reply(text="There's nothing to cancel. What would you like to do?", buttons=menu_buttons(is_lead))


def shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# What the shell says when the database cannot be reached: nothing was saved, and where support is.
DATABASE_TROUBLE = Reply(
    text=(
        "Sorry, I can't reach my records just now, so nothing was saved. Please try again in a minute. "
        "If you need support now, call Samaritans on 116 123, or 999 in an emergency."
    )
)
HOME_UNAVAILABLE = Reply(
    text=(
        "I can't reach my records just now, so your lessons and settings can't be shown. Please look again in "
        "a minute. If you need support now, call Samaritans on 116 123, or 999 in an emergency."
    )
)

# for anyone who may be harmed at home: whoever shares their device may read this chat
DEVICE_SAFETY = (
    "Staying safe with this chat: if someone else uses or checks this device, they could see these messages. You "
    "can hide or close this chat in your chat app. Typing delete my data removes what Kinship keeps about you, but "
    "the chat app may keep its own copy."
)
