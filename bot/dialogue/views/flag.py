"""The reporter's side of a flag: the form and its steps, the preview, the case code, status and replies.

Neither side of a relayed conversation is ever named: the reporter sees "a lead". Relayed words were
redacted when they were written and are shown as plain text by every adapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Literal

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain, encode
from bot.dialogue.model import FlagDraft
from bot.dialogue.views.common import HELP, SCRIPT
from bot.domain.case_codes import display
from bot.domain.content import Content, Signpost
from bot.domain.org import Organisation
from bot.domain.records import FlagMessage, FlagRecord
from bot.domain.types import Button, Field, Form, Option, Reply
from bot.understanding.privacy import identifying_description

OCCURRED = {"today": "Today", "this-week": "This week", "earlier": "Earlier"}


STATUS_WORDS = {
    "new": "sent, not yet seen by a lead",
    "seen": "seen by a lead",
    "action-taken": "a lead has taken action",
    "withdrawn": "withdrawn",
}


SOMETHING_ELSE = "something-else"
CANCEL = Button("Cancel", Plain.FLAG_CANCEL.value)


def flag_form(content: Content, org: Organisation, description: str = "") -> Form:
    """The whole flag form at once, for adapters that can show one (a modal or a card); ``description``
    (already redacted) is offered as the words, for a flag started from a message."""
    return Form(
        title="Flag something",
        submit=Plain.FLAG_FORM_SUBMITTED.value,
        submit_label="Preview",
        fields=(
            Field("category", "What kind of thing happened?", "choice", category_options(content)),
            Field("unit", "Which unit or team?", "choice", tuple(Option(u.name, u.id) for u in org.units)),
            Field("occurred", "Roughly when?", "choice", tuple(Option(v, k) for k, v in OCCURRED.items())),
            Field("danger", "Is anyone in danger right now?", "choice", (Option("No", "no"), Option("Yes", "yes"))),
            replace(DESCRIPTION_FIELD, initial=description),
        ),
    )


def category_options(content: Content) -> tuple[Option, ...]:
    return (*(Option(s.title, s.id) for s in content.scripts.values()), Option("Something else", SOMETHING_ELSE))


def category_title(content: Content, category: str) -> str:
    s = content.scripts.get(category)
    return s.title if s else "Something else"


# said when a flag starts and when it is sent: staff must never believe they have formally reported
NOT_A_FORMAL_REPORT = (
    "A flag helps leads see patterns. It is not a formal incident report or a Freedom to Speak Up concern: "
    "for those, use your incident reporting system or talk to your Freedom to Speak Up Guardian."
)


# said before anyone writes a flag: what Kinship keeps out of the chat, and what the platform still keeps
WHAT_ADMINS_SEE = (
    "Where it can, Kinship keeps your flag's words and case code out of this chat. Your Slack or Teams admins "
    "can still see that you use Kinship, and anything you type straight into this chat."
)


def lead_replied() -> Reply:
    """What the chat's history keeps of a lead's reply: that there is one, never its words or the code."""
    return Reply(
        text="A lead has replied about one of your flags. To read it again, type status and your case code.",
        buttons=(Button("Check a flag", encode(act.Status())),),
    )


def flag_sent_note() -> Reply:
    """What the chat's history keeps of a sent flag: that one was sent, never its words or code."""
    return Reply(text="Your flag was sent. Keep your case code somewhere safe: it isn't kept in this chat.")


def flag_intro_and_category(content: Content, org: Organisation, description: str = "") -> Reply:
    buttons = act.buttons(*((o.label, act.FlagCategory(o.value)) for o in category_options(content)))
    return Reply(
        title="Flag something",
        text=(
            "Thank you for speaking up. This takes about a minute. Your flag goes to the leads of the unit you "
            "choose, without your name, and you'll get a case code to check on it.\n"
            f"{NOT_A_FORMAL_REPORT}\n"
            f"{WHAT_ADMINS_SEE}\n"
            "First: what kind of thing happened?"
        ),
        buttons=(*buttons, CANCEL),
        form=flag_form(content, org, description),
        private=True,
        off_record=bool(description),  # a message shortcut's words, prefilled: a flag's words once sent
    )


def flag_ask_unit(org: Organisation) -> Reply:
    buttons = act.buttons(*((u.name, act.FlagUnit(u.id)) for u in org.units))
    return Reply(text="Which unit or team was it in?", buttons=(*buttons, CANCEL), private=True)


def flag_ask_when() -> Reply:
    buttons = act.buttons(*((label, act.FlagWhen(key)) for key, label in OCCURRED.items()))
    return Reply(text="Roughly when did it happen?", buttons=(*buttons, CANCEL), private=True)


def flag_ask_danger() -> Reply:
    return Reply(
        text="Is anyone in danger right now?",
        buttons=(
            *act.buttons(("No", act.FlagDanger("no")), ("Yes", act.FlagDanger("yes"), "danger")),
            CANCEL,
        ),
        private=True,
    )


def flag_urgent(signposts: Sequence[Signpost]) -> Reply:
    lines = [
        "Please act on that first: Kinship is not an emergency service, and no one reads flags straight away.",
        "• In your workplace: tell the nurse in charge or call security now, or use your emergency number.",
    ]
    lines += [f"• {s.name} — {s.detail}" for s in signposts if s.urgent]
    lines.append("When everyone is safe, you can carry on with this flag below.")
    return Reply(title="If someone is in danger now", text="\n".join(lines), private=True)


DESCRIPTION_FIELD = Field(
    "description",
    "What happened, in your words (optional). Please leave out names.",
    "text",
    optional=True,
    multiline=True,
    max_length=2000,
)


def flag_ask_description() -> Reply:
    """The words, asked for with a one-field form too: where a chat app can show one (a Slack modal, a Teams
    card), the words are written there and never typed into the chat's history."""
    return Reply(
        text=(
            "In a few words, what happened? Please leave out names: I'll hide any names, contact details or "
            "numbers I spot. Type it, or press Skip."
        ),
        buttons=(Button("Skip", Plain.FLAG_SKIP_DESCRIPTION.value), CANCEL),
        form=Form(
            title="In your words",
            submit=Plain.FLAG_FORM_SUBMITTED.value,
            submit_label="Preview",
            fields=(DESCRIPTION_FIELD,),
        ),
        private=True,
    )


def flag_preview(draft: FlagDraft, content: Content, org: Organisation) -> Reply:
    unit = org.unit(draft.unit or "")
    description = draft.description or "(no description)"
    text = (
        "Here's exactly what a lead will see:\n"
        f"• What: {category_title(content, draft.category or '')}\n"
        f"• Where: {unit.name if unit else 'unknown unit'}\n"
        f"• When: {occurred_words(draft.occurred or '')}\n"
        f"• In your words: {description}\n"
    )
    warning = identifying_description(draft.description or "")
    if warning:  # no name, but the words may still point to someone
        text += f"{warning}\n"
    text += (
        "Your name and account are never attached. Would you like to be able to hear back from a lead? "
        "They won't learn who you are."
    )
    return Reply(
        title="Check before sending",
        text=text,
        buttons=(
            *act.buttons(
                ("Send", act.FlagSend(), "primary"), ("Send, and let me hear back", act.FlagSend(wants_reply=True))
            ),
            Button("Change the words", Plain.FLAG_EDIT.value),
            CANCEL,
        ),
        private=True,
        off_record=True,
    )


def flag_expired() -> Reply:
    return Reply(
        text="The flag you started earlier wasn't sent, and I've cleared it. You can start again with flag.",
        private=True,
    )


def reply_not_sent() -> Reply:
    return Reply(text="OK, nothing was sent.", buttons=(HELP,))


def please_choose() -> Reply:
    return Reply(text="Please choose one of the options below, or type cancel.", private=True)


def flagging(category_title: str) -> Reply:
    return Reply(text=f"Flagging: {category_title}.", private=True)


def form_incomplete(problems: Sequence[str], content: Content, org: Organisation) -> Reply:
    return Reply(
        text="Please choose " + ", ".join(problems) + ", then try again.",
        form=flag_form(content, org),
        private=True,
    )


def flag_cancelled() -> Reply:
    return Reply(text="Cancelled. Nothing was sent or kept.", buttons=(SCRIPT, HELP), private=True)


def flag_sent(flag: FlagRecord, org: Organisation, wants_reply: bool, immediate: bool) -> Reply:
    unit = org.unit(flag.unit)
    when = (
        "Leads can see it now"
        if immediate
        else "Leads will see it with the next daily batch, so the time you sent it can't point to you"
    )
    reply_line = (
        "If a lead replies, I'll pass it on here without telling them who you are."
        if wants_reply
        else "You asked not to hear back, so nothing links this flag to you."
    )
    return Reply(
        title="Flag sent",
        text=(
            f"Thank you. Your flag for {unit.name if unit else 'your unit'} is sent.\n"
            f"Your case code is {display(flag.case_code)}. Please keep it: it's the only way to check on this flag, "
            f"because it isn't linked to you.\n{when}. {reply_line}\n{NOT_A_FORMAL_REPORT}"
        ),
        buttons=(Button("Check status", encode(act.Status(flag.case_code))), SCRIPT, HELP),
        private=True,
        off_record=True,
    )


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


def ask_case_code() -> Reply:
    return Reply(
        text="What's the case code? It's 12 letters and numbers in three groups, like K7QX-M2PA-9RTD.",
        buttons=(HELP,),
        form=_words_form("Check a flag", "Case code", "Check", multiline=False),
        private=True,
    )


def lookups_refused() -> Reply:
    """Too many case codes that matched no flag: the look-up was refused without being tried."""
    return Reply(
        text="Too many case codes that didn't match. Please try again in an hour.",
        buttons=(HELP,),
        private=True,
    )


def flag_status(
    flag: FlagRecord | None,
    code: str,
    now: datetime,
    messages: Sequence[FlagMessage] = (),
    can_reply: bool = False,
) -> Reply:
    if flag is None:
        return Reply(
            text=f"I couldn't find a flag with the code {display(code)}. Please check it and try again.",
            buttons=(HELP,),
            private=True,
            off_record=True,
        )
    status = STATUS_WORDS.get(flag.status, flag.status)
    if flag.status == "new" and flag.release_at > now:
        status = "waiting for the next daily batch to reach the leads"
    lines = [f"Flag {display(flag.case_code)}: {status}."]
    if flag.lead_note:
        lines.append(f"Note from a lead: {flag.lead_note}")
    lines += thread_lines(messages, for_lead=False)
    if flag.status == "withdrawn":
        return Reply(text="\n".join(lines), buttons=(HELP,), private=True, off_record=True)
    withdraw: tuple[str, act.Action, Literal["danger"]] = ("Withdraw this flag", act.Withdraw(flag.case_code), "danger")
    reply = [("Reply to the lead", act.ReplyToLead(flag.case_code))] if can_reply else []
    return Reply(text="\n".join(lines), buttons=(*act.buttons(*reply, withdraw), HELP), private=True, off_record=True)


def confirm_withdraw(code: str) -> Reply:
    return Reply(
        text=f"Withdraw flag {display(code)}? Your words will be deleted and leads will no longer see it.",
        buttons=(
            Button("Yes, withdraw it", encode(act.Withdraw(code, confirmed=True)), "danger"),
            Button("No, keep it", Plain.HELP.value),
        ),
        private=True,
        off_record=True,
    )


def flag_withdrawn(done: bool, code: str) -> Reply:
    text = (
        f"Flag {display(code)} is withdrawn and its words are deleted."
        if done
        else f"I couldn't withdraw {display(code)}: it doesn't exist or was already withdrawn."
    )
    return Reply(text=text, buttons=(HELP,), private=True, off_record=True)


def ask_reporter_reply(code: str) -> Reply:
    return Reply(
        text=(
            f"What would you like to say to the lead about {display(code)}? They won't see your name, and I'll "
            "hide names and contact details. Type cancel to stop."
        ),
        form=_words_form("Reply to the lead", "Your reply (please leave out names)", "Send", multiline=True),
        private=True,
        off_record=True,
    )


def _words_form(title: str, label: str, submit_label: str, *, multiline: bool) -> Form:
    """A one-field form for words a reporter would otherwise type into the chat (and so into its history)."""
    field = Field("words", label, "text", multiline=multiline, max_length=2000 if multiline else 40)
    return Form(title=title, submit=Plain.FLAG_WORDS.value, submit_label=submit_label, fields=(field,))


def reporter_reply_sent(sent: bool, code: str) -> Reply:
    text = (
        "Sent. The leads for that unit can read it; they still won't know who you are."
        if sent
        else f"I can't pass that on: {display(code)} doesn't exist, was withdrawn, is closed, or was sent from "
        "another account."
    )
    return Reply(
        text=text, buttons=(Button("Check status", encode(act.Status(code))), HELP), private=True, off_record=True
    )


def relay_to_reporter(code: str, text: str) -> Reply:
    return Reply(
        title="A reply about your flag",
        text=f"A lead replied about your flag {display(code)}:\n{text}\nThey don't know who you are.",
        buttons=act.buttons(("Reply", act.ReplyToLead(code)), ("Check status", act.Status(code))),
        private=True,
        off_record=True,
    )


def thread_lines(messages: Sequence[FlagMessage], *, for_lead: bool) -> list[str]:
    if not messages:
        return []
    lines = ["", "Replies:"]
    for m in messages:
        if for_lead:
            who = "The reporter" if m.sender == "reporter" else "A lead"
        else:
            who = "You" if m.sender == "reporter" else "A lead"
        lines.append(f"• {who} ({m.created_at.strftime('%-d %b')}): {m.text}")
    return lines


def occurred_words(occurred: str) -> str:
    return OCCURRED.get(occurred, "Earlier").lower()


def week_label(monday: date) -> str:
    return monday.strftime("%-d %b %Y")
