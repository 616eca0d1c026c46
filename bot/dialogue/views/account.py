"""Daily lessons on and off, pausing and snoozing them, and a copy of everything Kinship holds, or deleting it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain, encode
from bot.dialogue.views import team as team_views
from bot.dialogue.views.common import HELP, LESSON, LESSONS_ON, SETTINGS, shorten
from bot.dialogue.views.settings import BACK_TO_SETTINGS
from bot.domain.content import Content
from bot.domain.records import HeldData, PersonRecord, ReflectionRecord
from bot.domain.schedule import Schedule, describe_days
from bot.domain.types import Button, Reply


def started(schedule: Schedule, next_due: datetime | None) -> Reply:
    when = ""
    if next_due:
        when = f" The next one comes {next_due.astimezone(ZoneInfo(schedule.timezone)).strftime('%a %-d %b at %H:%M')}."
    return Reply(
        text=(
            f"Daily lessons are on: {schedule.at.strftime('%H:%M')}, {describe_days(schedule.days)} "
            f"({schedule.timezone}).{when} You can change the time or pause whenever you like."
        ),
        buttons=(Button("Change time", encode(act.SetTime())), SETTINGS, LESSON),
    )


def stopped() -> Reply:
    return Reply(
        text=(
            "Daily lessons are off. Nothing else changes: you can still ask for a lesson or words to use at any "
            "time. Type start to turn them back on."
        ),
        buttons=(LESSONS_ON, HELP),
    )


def ask_pause() -> Reply:
    return Reply(
        text="Pause daily lessons for how long? You can also type a date, like pause until 2026-12-24.",
        buttons=(
            *act.buttons(("One week", act.Pause(7)), ("Two weeks", act.Pause(14)), ("Four weeks", act.Pause(28))),
            BACK_TO_SETTINGS,
        ),
    )


def paused(until: date) -> Reply:
    return Reply(
        text=f"Paused. No lessons until after {until.strftime('%A %-d %B')}. Type resume to start again sooner.",
        buttons=(Button("Resume", Plain.RESUME.value), HELP),
    )


def bad_pause(text: str) -> Reply:
    return Reply(
        text=f"Sorry, I couldn't read “{shorten(text, 40)}”. Try pause for 7 days, or pause until 2026-12-24.",
        buttons=(Button("Pause", encode(act.Pause())), HELP),
    )


def resumed(subscribed: bool) -> Reply:
    if not subscribed:
        return Reply(
            text="Nothing was paused. Daily lessons are off: would you like them on?",
            buttons=(LESSONS_ON, HELP),
        )
    return Reply(text="Welcome back. Daily lessons are on again.", buttons=(LESSON, SETTINGS, HELP))


def snoozed(until: date, subscribed: bool) -> Reply:
    if not subscribed:
        return Reply(
            text="Daily lessons are off, so there's nothing to snooze.",
            buttons=(LESSONS_ON, HELP),
        )
    return Reply(text=f"Snoozed: no lesson on {until.strftime('%A %-d %B')}.", buttons=(SETTINGS, HELP))


def confirm_delete_data() -> Reply:
    return Reply(
        text=(
            "This deletes your settings, progress and private reflections from Kinship, and any way a lead could "
            "reply to a flag of yours. The flags themselves stay, because they were never linked to you (you can "
            "withdraw one with its case code). Delete everything?"
        ),
        buttons=(
            Button("Yes, delete my data", encode(act.DeleteData(confirmed=True)), "danger"),
            Button("See my data first", Plain.MY_DATA.value),
            Button("No, keep it", Plain.HELP.value),
        ),
        private=True,
    )


def data_deleted() -> Reply:
    return Reply(
        text="Done. Everything Kinship held about you is deleted. If you message me again, we'll start fresh.",
        private=True,
    )


# --- my data: a copy of everything Kinship holds about the person -----------------------------------------------

MY_DATA_REPLY_CHARS = 3000  # each reply of the copy stays within one Slack section and one Teams card
_PLATFORMS = {"slack": "Slack", "teams": "Microsoft Teams", "console": "console"}
_RECAPS = 3  # look-backs per lesson (about 1, 7 and 21 days after it)


def my_data(held: HeldData, content: Content, zone: ZoneInfo, is_new: bool = False) -> list[Reply]:
    """Everything held about them, as private replies of at most about 3,000 characters each: who they are to
    Kinship, their settings, lessons, daily messages, flags (counted, never named), and their reflections in
    full (their own words, shown only to them)."""
    person = held.person
    if person is None or (is_new and held.nothing_else):
        return [_nothing_held(person is not None)]
    parts = [
        *_intro(held, is_new),
        *_settings(person, zone),
        *_lessons(held, content, zone),
        *_nudges(held),
        *_flags(held),
        *_other_records(held, zone),
        *team_views.my_answers(held.team_answers, zone),
        _reflections_count(held),
    ]
    parts += [_reflection(item, content, zone) for item in held.reflections]
    parts.append("To delete all of this, type delete my data.")
    return _pack(parts, "What Kinship holds about you", buttons=(DELETE_MY_DATA, HELP))


DELETE_MY_DATA = Button("Delete my data", encode(act.DeleteData()))


def _nothing_held(started_now: bool) -> Reply:
    text = "Kinship holds nothing about you."
    if started_now:
        text = (
            "Kinship held nothing about you before this message. Writing to me just now started a new record: "
            "your chat account, how to reach you, and the usual settings (daily lessons off). Type delete my "
            "data to remove it again."
        )
    return Reply(title="What Kinship holds about you", text=text, buttons=(HELP,), private=True)


def _day(moment: date | datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "none"
    if isinstance(moment, datetime):
        moment = moment.astimezone(zone).date()
    return moment.strftime("%-d %b %Y")


def _intro(held: HeldData, is_new: bool) -> list[str]:
    person = held.person
    assert person is not None
    where = _PLATFORMS.get(person.platform, person.platform)
    tenant = f" in workspace or tenant {person.tenant}" if person.tenant else ""
    first = (
        "Kinship held nothing about you before this message, apart from what is listed below."
        if is_new
        else "Here is everything Kinship holds about you. Only you can see this."
    )
    return [
        first,
        f"Who you are: your {where} account {person.user_id}{tenant}, and the chat I use to reach you. "
        f"First message: {person.created_at:%-d %b %Y}.",
    ]


def _settings(person: PersonRecord, zone: ZoneInfo) -> list[str]:
    schedule = person.schedule
    chosen = "you chose it" if person.timezone_chosen else "the usual one, or your chat app's"
    quiet = f"{schedule.quiet_start:%H:%M} to {schedule.quiet_end:%H:%M}" if schedule.quiet_start else "none"
    lines = [
        "Your settings:",
        f"• Daily lessons: {'on' if person.subscribed else 'off'}, {schedule.at:%H:%M}, {describe_days(schedule.days)}",
        f"• Time zone: {schedule.timezone} ({chosen})",
        f"• Quiet hours: {quiet}",
    ]
    if person.paused_until:
        lines.append(f"• Paused until: {_day(person.paused_until, zone)}")
    if person.subscribed and person.next_due_at:
        lines.append(f"• Next lesson due: {person.next_due_at.astimezone(zone):%-d %b %Y, %H:%M}")
    if person.unanswered:
        lines.append(f"• Daily messages since you last wrote: {person.unanswered}")
    if person.state.get("mode"):
        lines.append("• I'm waiting for your answer to a question (it's forgotten after 2 hours)")
    return ["\n".join(lines)]


def _lesson_title(content: Content, lesson_id: str | None) -> str:
    position = content.lesson_position(lesson_id or "")
    return content.lessons[position].title if position >= 0 else (lesson_id or "none")


def _shown(content: Content, item: str | None) -> str:
    kind, _, ident = (item or "").partition(":")
    script = content.scripts.get(ident) if kind == "script" else None
    return script.title if script else _lesson_title(content, ident if kind == "lesson" else None)


def _lessons(held: HeldData, content: Content, zone: ZoneInfo) -> list[str]:
    person = held.person
    assert person is not None
    lines = [f"Lessons you've had: {len(held.lessons)}"]
    for had in held.lessons:
        due = f", next look-back {_day(had.due_on, zone)}" if had.due_on else ""
        lines.append(
            f"• {_lesson_title(content, had.lesson_id)}: first on {_day(had.first_on, zone)}, "
            f"{had.recalled} of {_RECAPS} look-backs{due}"
        )
    if person.last_lesson_id:
        lines.append(
            f"Last lesson: {_lesson_title(content, person.last_lesson_id)}, {_day(person.last_lesson_on, zone)}"
        )
    if person.last_shown:
        lines.append(f"The last thing I showed you (for sources): {_shown(content, person.last_shown)}")
    return ["\n".join(lines)]


def _nudges(held: HeldData) -> list[str]:
    if not held.nudges:
        return ["Daily messages: none yet."]
    by_status: dict[str, int] = {}
    for nudge in held.nudges:
        by_status[nudge.status] = by_status.get(nudge.status, 0) + 1
    counts = ", ".join(f"{n} {status}" for status, n in sorted(by_status.items()))
    first, last = held.nudges[0].local_date, held.nudges[-1].local_date
    return [f"Daily messages: {counts}, from {first:%-d %b %Y} to {last:%-d %b %Y}."]


def _flags(held: HeldData) -> list[str]:
    lines = [
        "Flags: the flags you send are not linked to you. No flag holds your name or your account, so none is "
        "listed here."
    ]
    if held.follow_ups:
        noun = "flag" if held.follow_ups == 1 else "flags"
        until = f" until {held.follow_ups_until:%-d %b %Y}" if held.follow_ups_until else ""
        lines.append(
            f"You asked to hear back on {held.follow_ups} {noun}. Kinship keeps a way to pass replies on to you"
            f"{until}. This message doesn't say which, so nothing in this chat links you to them."
        )
    person = held.person
    if person is not None and person.state.get("mode") == "flag":
        lines.append("You're part-way through a flag. Its words go when you send or cancel it, and aren't shown here.")
    return [" ".join(lines)]


def _other_records(held: HeldData, zone: ZoneInfo) -> list[str]:
    lines = []
    if held.lead_actions:
        lines.append(
            f"As a lead: {_count(held.lead_actions, 'entry', 'entries')} in the lead audit log, since "
            f"{_day(held.lead_actions_since, zone)}. "
            "It records who looked at flags, for your organisation, and delete my data does not remove it."
        )
    if held.installations:
        lines.append("You installed Kinship in your Slack workspace, so its install record names you.")
    if held.thanks_sent or held.thanks_received:
        lines.append(
            f"Thank-yous: {held.thanks_sent} sent by you and {held.thanks_received} sent to you. Who sent each one "
            "to whom is kept for two weeks, so a thank-you back can reach the sender, and isn't shown here."
        )
    if held.replies_owed:
        lines.append(
            f"Not yet confirmed as delivered: {_count(held.replies_owed, 'reply', 'replies')} from me. Until they "
            "are, they are kept with your chat address, for a day at most."
        )
    if held.left_at:
        lines.append(f"You removed Kinship on {_day(held.left_at, zone)}: unless you come back, all this is deleted.")
    return lines


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _reflections_count(held: HeldData) -> str:
    count = len(held.reflections)
    if not count:
        return "Your private reflections: none."
    return f"Your private reflections: {count}, in full below. Only you can see them."


def _reflection(item: ReflectionRecord, content: Content, zone: ZoneInfo) -> str:
    prompt = content.prompts.get(item.prompt_id)
    question = f" ({prompt.text})" if prompt else ""
    return f"{_day(item.created_at, zone)}{question}:\n{item.text}"


def _pack(parts: list[str], title: str, buttons: tuple[Button, ...]) -> list[Reply]:
    """The parts, in order, in as few replies as fit ``MY_DATA_REPLY_CHARS`` each (a longer part on its own);
    the title on the first, the buttons on the last, every one private."""
    texts: list[str] = []
    for part in parts:
        if texts and len(texts[-1]) + 2 + len(part) <= MY_DATA_REPLY_CHARS:
            texts[-1] += "\n\n" + part
        else:
            texts.append(part)
    last = len(texts) - 1
    return [
        Reply(
            text=text,
            title=title if i == 0 else "",
            buttons=buttons if i == last else (),
            private=True,
        )
        for i, text in enumerate(texts)
    ]
