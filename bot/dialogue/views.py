"""Every message Kinship sends, as pure functions of content and data.

Wording follows ``content-style.md``: short, warm, plain; every reply makes the next step obvious and keeps
a way back to help.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.content import FIVE_DS, Content, Lesson, Prompt, Script, Signpost
from bot.domain.org import Organisation
from bot.domain.records import FlagMessage, FlagRecord, PersonRecord, ReflectionRecord
from bot.domain.schedule import Schedule, describe_days
from bot.domain.types import Button, Field, Form, Option, Reply

MAX_MESSAGE_CHARS = 4000

HELP = Button("Help", "help")
LESSON = Button("Today's lesson", "lesson")
SCRIPT = Button("Words to use", "script")
FLAG = Button("Flag something", "flag")
SETTINGS = Button("Settings", "settings")
REFLECT = Button("Reflect", "reflect")
SUPPORT = Button("Support for you", "support")

OCCURRED = {"today": "Today", "this-week": "This week", "earlier": "Earlier"}
STATUS_WORDS = {
    "new": "sent, not yet seen by a lead",
    "seen": "seen by a lead",
    "action-taken": "a lead has taken action",
    "withdrawn": "withdrawn",
}
SOMETHING_ELSE = "something-else"
_DS_TITLES = {
    "distract": "Distract",
    "delegate": "Delegate",
    "document": "Document",
    "delay": "Delay",
    "direct": "Direct",
}


def menu_buttons(is_lead: bool = False) -> tuple[Button, ...]:
    return (LESSON, SCRIPT, FLAG, Button("Review flags", "review") if is_lead else SETTINGS)


def welcome(org: Organisation) -> Reply:
    return Reply(
        title="Welcome to Kinship",
        text=(
            "Hello, I'm Kinship. I help with the small, kind things that make care safer for everyone.\n"
            "• A two-minute lesson a day, at a time that suits your shifts (only if you want it).\n"
            "• Words you could use when you see something that isn't right.\n"
            "• A private way to flag something to the leads of your unit, without your name.\n"
            "Type help at any time."
        ),
        buttons=(LESSON, SCRIPT, FLAG, Button("Daily lessons on", "start")),
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
        "• delete my data",
    ]
    if is_lead:
        lines[5:5] = [
            "• review: anonymised flags for the units you lead",
            "• summary: this month's flags for your units, beside last month",
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
            buttons=(Button(best.title, f"script:{best.id}"), SCRIPT, FLAG, HELP),
        )
    return Reply(
        text=(
            "I'm not sure what you need there, sorry. You can ask for today's lesson, describe something you "
            "saw to get words you could use, or flag something without your name."
        ),
        buttons=(*menu_buttons(is_lead)[:3], HELP),
    )


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


def support(signposts: Sequence[Signpost]) -> Reply:
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
                buttons=(Button("Daily lessons on", "start"),),
            )
        )
    if totals is not None:
        lines = [_month_totals_heading(org), *_unit_total_lines(totals, org)]
        if not any(totals.values()) and None not in totals.values():
            lines = ["There are no flags for your units this month."]
        replies.append(
            Reply(title="Your units", text="\n".join(lines), buttons=(Button("Review flags", "review"),), private=True)
        )
    return replies


# --- lessons and reflection -----------------------------------------------------------------------------


def lesson(lesson: Lesson, content: Content, subscribed: bool) -> Reply:
    text = f"{lesson.body}\n\nTry this today: {lesson.try_today}"
    prompt_id = lesson.prompts[0]
    third = SETTINGS if subscribed else Button("Daily lessons on", "start")
    return Reply(
        title=lesson.title, text=text, buttons=(Button("Reflect on this", f"reflect:{prompt_id}"), third, HELP)
    )


def prompt(p: Prompt, following_id: str) -> Reply:
    return Reply(
        title="A moment to reflect",
        text=f"{p.text}\n\nType your answer when you're ready. Only you can see it. Or press Skip.",
        buttons=(Button("Another question", f"reflect:{following_id}"), Button("Skip", "reflect:skip"), HELP),
        private=True,
    )


def reflection_saved() -> Reply:
    return Reply(
        text="Thank you. I've saved that for you. Only you can see your reflections, and you can delete them any time.",
        buttons=(Button("My reflections", "reflections"), LESSON, HELP),
        private=True,
    )


def reflection_skipped() -> Reply:
    return Reply(text="No problem. Nothing was saved.", buttons=(LESSON, HELP))


def reflections(items: Sequence[ReflectionRecord], total: int, content: Content, zone: ZoneInfo) -> Reply:
    if not items:
        return Reply(text="You haven't saved any reflections yet.", buttons=(REFLECT, HELP), private=True)
    lines = [f"Your reflections, newest first ({len(items)} of {total}). Only you can see these."]
    buttons = []
    for number, item in enumerate(items, start=1):
        when = item.created_at.astimezone(zone).strftime("%-d %b")
        p = content.prompts.get(item.prompt_id)
        question = f" ({_shorten(p.text, 60)})" if p else ""
        lines.append(f"{number}. {when}{question}: {_shorten(item.text, 200)}")
        buttons.append(Button(f"Delete {number}", f"reflection:delete:{item.id}", "danger"))
    buttons += [Button("Delete all", "reflections:delete-all", "danger"), HELP]
    return Reply(title="Your reflections", text="\n".join(lines), buttons=tuple(buttons), private=True)


def reflection_deleted(found: bool) -> Reply:
    text = "Deleted. It's gone for good." if found else "That reflection was already deleted."
    return Reply(text=text, buttons=(Button("My reflections", "reflections"), HELP), private=True)


def confirm_delete_reflections() -> Reply:
    return Reply(
        text="Delete all your reflections? This can't be undone.",
        buttons=(
            Button("Yes, delete them all", "reflections:delete-all:confirm", "danger"),
            Button("No, keep them", "reflections"),
        ),
        private=True,
    )


def reflections_deleted(count: int) -> Reply:
    noun = "reflection" if count == 1 else "reflections"
    return Reply(text=f"Deleted {count} {noun}. They're gone for good.", buttons=(REFLECT, HELP), private=True)


def checkin(unanswered: int) -> Reply:
    return Reply(
        title="Still useful?",
        text=(
            f"I've sent you {unanswered} lessons without hearing back, and that's completely fine: shifts are "
            "busy. Would you like to carry on, slow down to three days a week, or pause for a while? "
            "I won't ask again."
        ),
        buttons=(
            Button("Carry on", "checkin:carry-on", "primary"),
            Button("Three days a week", "checkin:slower"),
            Button("Pause", "pause"),
            Button("Stop", "stop"),
        ),
    )


def carry_on() -> Reply:
    return Reply(text="Lovely. Lessons carry on as before.", buttons=(LESSON, SETTINGS))


def recap_answer(lesson: Lesson | None) -> Reply:
    if lesson is None:
        return Reply(text="Sorry, I can't find that lesson any more.", buttons=(LESSON, HELP))
    return Reply(
        title=f"Looking back: {lesson.title}", text=lesson.recap_answer or lesson.try_today, buttons=(LESSON, HELP)
    )


# --- bystander scripts ----------------------------------------------------------------------------------


def ask_situation() -> Reply:
    return Reply(
        text=(
            "What happened? Tell me in a few words, for example: a patient made a racist comment to my "
            "colleague. Please leave out names."
        ),
        buttons=(Button("Show all situations", "scripts:all"), HELP),
    )


def script(s: Script, others: Sequence[str], org: Organisation) -> Reply:
    safety = s.safety if s.safety.lower().startswith("safety first") else f"Safety first: {s.safety}"
    lines = [safety, ""]
    steps = dict(s.steps)
    for d in FIVE_DS:
        for i, line in enumerate(steps.get(d, ())):
            lines.append(f"{_DS_TITLES[d]}: {line}" if i == 0 else f"   {line}")
    lines += ["", "Check in with them:"] + [f"• {line}" for line in s.check_in]
    lines += ["", "Record and escalate:"] + [f"• {line}" for line in s.record]
    for key, label in (("incident_reporting", "Incident reporting"), ("freedom_to_speak_up", "Freedom to Speak Up")):
        if org.links.get(key):
            lines.append(f"• {label}: {org.links[key]}")
    lines += ["", "Try to avoid:"] + [f"• {line}" for line in s.avoid]
    lines += ["", "Seeing this can stay with you. Look after yourself too."]
    buttons = [
        Button("Not quite — show others", "scripts:others:" + ",".join(others[:3]) if others else "scripts:all"),
        Button("Flag this", f"flag:cat:{s.id}"),
        SUPPORT,
    ]
    return Reply(title=s.title, text="\n".join(lines), buttons=tuple(buttons))


def script_choices(scripts: Iterable[Script], intro: str) -> Reply:
    options = [Button(s.title, f"script:{s.id}") for s in scripts]
    return Reply(text=intro, buttons=(*options, HELP))


# --- flags ----------------------------------------------------------------------------------------------


def flag_form(content: Content, org: Organisation) -> Form:
    """The whole flag form at once, for adapters that can show one (a modal or a card)."""
    return Form(
        title="Flag something",
        submit="flag:form",
        submit_label="Preview",
        fields=(
            Field("category", "What kind of thing happened?", "choice", category_options(content)),
            Field("unit", "Which unit or team?", "choice", tuple(Option(u.name, u.id) for u in org.units)),
            Field("occurred", "Roughly when?", "choice", tuple(Option(v, k) for k, v in OCCURRED.items())),
            Field("danger", "Is anyone in danger right now?", "choice", (Option("No", "no"), Option("Yes", "yes"))),
            Field(
                "description",
                "What happened, in your words (optional). Please leave out names.",
                "text",
                optional=True,
                multiline=True,
                max_length=2000,
            ),
        ),
    )


def category_options(content: Content) -> tuple[Option, ...]:
    return (*(Option(s.title, s.id) for s in content.scripts.values()), Option("Something else", SOMETHING_ELSE))


def category_title(content: Content, category: str) -> str:
    s = content.scripts.get(category)
    return s.title if s else "Something else"


def flag_intro_and_category(content: Content, org: Organisation) -> Reply:
    buttons = tuple(Button(o.label, f"flag:cat:{o.value}") for o in category_options(content))
    return Reply(
        title="Flag something",
        text=(
            "Thank you for speaking up. This takes about a minute. Your flag goes to the leads of the unit you "
            "choose, without your name, and you'll get a case code to check on it.\n"
            "First: what kind of thing happened?"
        ),
        buttons=(*buttons, Button("Cancel", "flag:cancel")),
        form=flag_form(content, org),
        private=True,
    )


def flag_ask_unit(org: Organisation) -> Reply:
    buttons = tuple(Button(u.name, f"flag:unit:{u.id}") for u in org.units)
    return Reply(
        text="Which unit or team was it in?", buttons=(*buttons, Button("Cancel", "flag:cancel")), private=True
    )


def flag_ask_when() -> Reply:
    buttons = tuple(Button(label, f"flag:when:{key}") for key, label in OCCURRED.items())
    return Reply(text="Roughly when did it happen?", buttons=(*buttons, Button("Cancel", "flag:cancel")), private=True)


def flag_ask_danger() -> Reply:
    return Reply(
        text="Is anyone in danger right now?",
        buttons=(
            Button("No", "flag:danger:no"),
            Button("Yes", "flag:danger:yes", "danger"),
            Button("Cancel", "flag:cancel"),
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


def flag_ask_description() -> Reply:
    return Reply(
        text=(
            "In a few words, what happened? Please leave out names: I'll hide any names, contact details or "
            "numbers I spot. Type it, or press Skip."
        ),
        buttons=(Button("Skip", "flag:desc:skip"), Button("Cancel", "flag:cancel")),
        private=True,
    )


def flag_preview(draft: Mapping[str, str], content: Content, org: Organisation) -> Reply:
    unit = org.unit(draft.get("unit", ""))
    description = draft.get("description") or "(no description)"
    text = (
        "Here's exactly what a lead will see:\n"
        f"• What: {category_title(content, draft.get('category', ''))}\n"
        f"• Where: {unit.name if unit else 'unknown unit'}\n"
        f"• When: {_when(draft.get('occurred', ''))}\n"
        f"• In your words: {description}\n"
        "Your name and account are never attached. Would you like to be able to hear back from a lead? "
        "They won't learn who you are."
    )
    return Reply(
        title="Check before sending",
        text=text,
        buttons=(
            Button("Send", "flag:send", "primary"),
            Button("Send, and let me hear back", "flag:send:reply"),
            Button("Change the words", "flag:edit"),
            Button("Cancel", "flag:cancel"),
        ),
        private=True,
    )


def flag_expired() -> Reply:
    return Reply(
        text="The flag you started earlier wasn't sent, and I've cleared it. You can start again with flag.",
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
            f"Your case code is {flag.case_code}. Please keep it: it's the only way to check on this flag, "
            f"because it isn't linked to you.\n{when}. {reply_line}"
        ),
        buttons=(Button("Check status", f"status:{flag.case_code}"), SCRIPT, HELP),
        private=True,
    )


def ask_case_code() -> Reply:
    return Reply(text="What's the case code? It's 8 letters and numbers, like K7QM4TXA.", buttons=(HELP,), private=True)


def flag_status(
    flag: FlagRecord | None,
    code: str,
    now: datetime,
    messages: Sequence[FlagMessage] = (),
    can_reply: bool = False,
) -> Reply:
    if flag is None:
        return Reply(
            text=f"I couldn't find a flag with the code {code}. Please check it and try again.",
            buttons=(HELP,),
            private=True,
        )
    status = STATUS_WORDS.get(flag.status, flag.status)
    if flag.status == "new" and flag.release_at > now:
        status = "waiting for the next daily batch to reach the leads"
    lines = [f"Flag {flag.case_code}: {status}."]
    if flag.lead_note:
        lines.append(f"Note from a lead: {flag.lead_note}")
    lines += thread_lines(messages, for_lead=False)
    buttons: tuple[Button, ...] = (HELP,)
    if flag.status != "withdrawn":
        buttons = (Button("Withdraw this flag", f"withdraw:{flag.case_code}", "danger"), HELP)
        if can_reply:
            buttons = (Button("Reply to the lead", f"flag-reply:{flag.case_code}"), *buttons)
    return Reply(text="\n".join(lines), buttons=buttons, private=True)


def confirm_withdraw(code: str) -> Reply:
    return Reply(
        text=f"Withdraw flag {code}? Your words will be deleted and leads will no longer see it.",
        buttons=(Button("Yes, withdraw it", f"withdraw:{code}:confirm", "danger"), Button("No, keep it", "help")),
        private=True,
    )


def flag_withdrawn(done: bool, code: str) -> Reply:
    text = (
        f"Flag {code} is withdrawn and its words are deleted."
        if done
        else f"I couldn't withdraw {code}: it doesn't exist or was already withdrawn."
    )
    return Reply(text=text, buttons=(HELP,), private=True)


# --- lead review ----------------------------------------------------------------------------------------


def not_a_lead() -> Reply:
    return Reply(
        text=(
            "Reviewing flags is only for the leads of a unit. If you think you should have access, please ask "
            "whoever runs Kinship in your organisation."
        ),
        buttons=(FLAG, HELP),
    )


def review(
    items: Sequence[FlagRecord],
    totals: Mapping[str, int | None],
    content: Content,
    org: Organisation,
    new_replies: Iterable[int] = (),
) -> Reply:
    replied = set(new_replies)
    lines = []
    if not items:
        lines.append("There are no flags for your units right now.")
    else:
        lines.append("Flags for your units, newest first. Names, contact details and numbers are hidden.")
        for number, flag in enumerate(items, start=1):
            mark = " — the reporter has replied" if flag.id in replied else ""
            lines.append(_flag_line(number, flag, content, org) + mark)
    if any(totals.values()) or None in totals.values():
        lines += ["", _month_totals_heading(org), *_unit_total_lines(totals, org)]
    buttons = tuple(Button(f"Open {n}", f"review:open:{f.id}") for n, f in enumerate(items, start=1))
    summary = Button("Monthly summary", "review:summary")
    return Reply(title="Flags to review", text="\n".join(lines), buttons=(*buttons, summary, HELP), private=True)


def _month_totals_heading(org: Organisation) -> str:
    k = org.min_group_size
    return f"Flags this month, by unit (a number from fewer than {k} people is not shown, so no one can be picked out):"


def _unit_total_lines(totals: Mapping[str, int | None], org: Organisation) -> list[str]:
    lines = []
    for unit_id, total in totals.items():
        unit = org.unit(unit_id)
        shown = f"fewer than {org.min_group_size} people" if total is None else str(total)
        lines.append(f"• {unit.name if unit else unit_id}: {shown}")
    return lines


def _flag_line(number: int, flag: FlagRecord, content: Content, org: Organisation) -> str:
    unit = org.unit(flag.unit)
    return (
        f"{number}. {unit.name if unit else flag.unit}: {category_title(content, flag.category)} "
        f"(week of {week_label(flag.submitted_week)}, {STATUS_WORDS.get(flag.status, flag.status)})"
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
            buttons=(Button("Back to flags", "review"), HELP),
            private=True,
        )
    unit = org.unit(flag.unit)
    lines = [
        f"Unit: {unit.name if unit else flag.unit}",
        f"What: {category_title(content, flag.category)}",
        f"When: {_when(flag.occurred)}, sent in the week of {week_label(flag.submitted_week)}",
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
    reply = (Button("Reply to the reporter", f"review:reply:{flag.id}"),) if can_reply else ()
    return Reply(
        title="Flag",
        text="\n".join(lines),
        buttons=(
            Button("Mark seen", f"review:mark:{flag.id}:seen"),
            Button("Action taken", f"review:mark:{flag.id}:action-taken", "primary"),
            *reply,
            Button("Back to flags", "review"),
        ),
        private=True,
    )


def flag_marked(found: bool, status: str) -> Reply:
    text = f"Marked as {STATUS_WORDS.get(status, status)}." if found else "That flag isn't available to you."
    return Reply(text=text, buttons=(Button("Back to flags", "review"), HELP), private=True)


def _when(occurred: str) -> str:
    return OCCURRED.get(occurred, "Earlier").lower()


def week_label(monday: date) -> str:
    return monday.strftime("%-d %b %Y")


# --- settings -------------------------------------------------------------------------------------------


def settings(person: PersonRecord, schedule: Schedule) -> Reply:
    status = "on" if person.subscribed else "off"
    lines = [
        f"Daily lessons: {status}",
        f"Time: {schedule.at.strftime('%H:%M')}",
        f"Days: {describe_days(schedule.days)}",
        f"Time zone: {schedule.timezone}",
        "Quiet hours: "
        + (f"{schedule.quiet_start:%H:%M} to {schedule.quiet_end:%H:%M}" if schedule.quiet_start else "none"),
    ]
    if person.paused_until:
        lines.append(f"Paused until: {person.paused_until.strftime('%-d %b %Y')} (inclusive)")
    if person.subscribed and person.next_due_at:
        local = person.next_due_at.astimezone(ZoneInfo(schedule.timezone))
        lines.append(f"Next lesson: {local.strftime('%a %-d %b, %H:%M')}")
    changes = (
        Button("Change time", "settings:time"),
        Button("Change days", "settings:days"),
        Button("Change time zone", "settings:tz"),
        Button("Quiet hours", "settings:quiet"),
    )
    if not person.subscribed:
        return Reply(
            title="Your settings", text="\n".join(lines), buttons=(*changes, Button("Daily lessons on", "start"), HELP)
        )
    pause = Button("Resume", "resume") if person.paused_until else Button("Pause", "pause")
    return Reply(
        title="Your settings",
        text="\n".join(lines),
        buttons=(*changes, pause, Button("Snooze a day", "snooze"), Button("Stop daily lessons", "stop"), HELP),
    )


def ask_time() -> Reply:
    times = ("07:00", "10:00", "13:00", "19:30", "22:00")
    return Reply(
        text="What time suits you? Choose one, or type any time, like 06:45 or 7pm. Night shifts are fine.",
        buttons=(*(Button(t, f"settings:time:{t}") for t in times), Button("Cancel", "settings")),
    )


def bad_time(text: str) -> Reply:
    return Reply(
        text=f"Sorry, “{_shorten(text, 40)}” isn't a time I can use. Try something like 07:30, 13:00 or 7pm.",
        buttons=(Button("Cancel", "settings"),),
    )


def ask_quiet() -> Reply:
    return Reply(
        text=(
            "When should I never message you? Type a range, like 22:00-07:00 or 8pm to 8am, or off. "
            "Lessons due in that time come when it ends."
        ),
        buttons=(
            Button("22:00 to 07:00", "settings:quiet:22:00-07:00"),
            Button("No quiet hours", "settings:quiet:off"),
            Button("Cancel", "settings"),
        ),
    )


def bad_quiet(text: str) -> Reply:
    return Reply(
        text=f"Sorry, I couldn't read “{_shorten(text, 40)}” as quiet hours. Try 22:00-07:00, or off.",
        buttons=(Button("Cancel", "settings"),),
    )


def ask_days() -> Reply:
    return Reply(
        text="Which days? Choose one, or type days like: mon wed fri.",
        buttons=(
            Button("Monday to Friday", "settings:days:weekdays"),
            Button("Every day", "settings:days:every-day"),
            Button("Weekends", "settings:days:weekends"),
            Button("Cancel", "settings"),
        ),
    )


def bad_days(text: str) -> Reply:
    return Reply(
        text=f"Sorry, I couldn't read “{_shorten(text, 40)}” as days. Try weekdays, every day, or mon wed fri.",
        buttons=(Button("Cancel", "settings"),),
    )


def ask_timezone(current: str) -> Reply:
    return Reply(
        text=f"Your time zone is {current}. Type a new one, like Europe/London, Europe/Dublin or Asia/Kolkata.",
        buttons=(Button("Keep " + current, "settings"),),
    )


def bad_timezone(text: str) -> Reply:
    return Reply(
        text=(
            f"Sorry, “{_shorten(text, 40)}” isn't a time zone I know. Use a name like Europe/London "
            "or America/New_York."
        ),
        buttons=(Button("Cancel", "settings"),),
    )


def schedule_changed(summary: str, person_subscribed: bool) -> Reply:
    tail = "" if person_subscribed else " Daily lessons are off at the moment: press Daily lessons on to start them."
    buttons = (SETTINGS, HELP) if person_subscribed else (Button("Daily lessons on", "start"), SETTINGS, HELP)
    return Reply(text=f"Done: {summary}.{tail}", buttons=buttons)


def started(schedule: Schedule, next_due: datetime | None) -> Reply:
    when = ""
    if next_due:
        when = f" The next one comes {next_due.astimezone(ZoneInfo(schedule.timezone)).strftime('%a %-d %b at %H:%M')}."
    return Reply(
        text=(
            f"Daily lessons are on: {schedule.at.strftime('%H:%M')}, {describe_days(schedule.days)} "
            f"({schedule.timezone}).{when} You can change the time or pause whenever you like."
        ),
        buttons=(Button("Change time", "settings:time"), SETTINGS, LESSON),
    )


def stopped() -> Reply:
    return Reply(
        text=(
            "Daily lessons are off. Nothing else changes: you can still ask for a lesson or words to use at any "
            "time. Type start to turn them back on."
        ),
        buttons=(Button("Daily lessons on", "start"), HELP),
    )


def ask_pause() -> Reply:
    return Reply(
        text="Pause daily lessons for how long? You can also type a date, like pause until 2026-12-24.",
        buttons=(
            Button("One week", "pause:7"),
            Button("Two weeks", "pause:14"),
            Button("Four weeks", "pause:28"),
            Button("Cancel", "settings"),
        ),
    )


def paused(until: date) -> Reply:
    return Reply(
        text=f"Paused. No lessons until after {until.strftime('%A %-d %B')}. Type resume to start again sooner.",
        buttons=(Button("Resume", "resume"), HELP),
    )


def bad_pause(text: str) -> Reply:
    return Reply(
        text=f"Sorry, I couldn't read “{_shorten(text, 40)}”. Try pause for 7 days, or pause until 2026-12-24.",
        buttons=(Button("Pause", "pause"), HELP),
    )


def resumed(subscribed: bool) -> Reply:
    if not subscribed:
        return Reply(
            text="Nothing was paused. Daily lessons are off: would you like them on?",
            buttons=(Button("Daily lessons on", "start"), HELP),
        )
    return Reply(text="Welcome back. Daily lessons are on again.", buttons=(LESSON, SETTINGS, HELP))


def snoozed(until: date, subscribed: bool) -> Reply:
    if not subscribed:
        return Reply(
            text="Daily lessons are off, so there's nothing to snooze.",
            buttons=(Button("Daily lessons on", "start"), HELP),
        )
    return Reply(text=f"Snoozed: no lesson on {until.strftime('%A %-d %B')}.", buttons=(SETTINGS, HELP))


# --- delete my data -------------------------------------------------------------------------------------


def confirm_delete_data() -> Reply:
    return Reply(
        text=(
            "This deletes your settings, progress and private reflections from Kinship, and any way a lead could "
            "reply to a flag of yours. The flags themselves stay, because they were never linked to you (you can "
            "withdraw one with its case code). Delete everything?"
        ),
        buttons=(Button("Yes, delete my data", "delete-data:confirm", "danger"), Button("No, keep it", "help")),
        private=True,
    )


def data_deleted() -> Reply:
    return Reply(
        text="Done. Everything Kinship held about you is deleted. If you message me again, we'll start fresh.",
        private=True,
    )


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
