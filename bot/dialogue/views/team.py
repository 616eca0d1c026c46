"""What Kinship says about team reflection in a channel: the weekly question, its summary, and the answers to
a lead's commands. Replies meant for the whole channel say ``audience="channel"``; everything else goes to
the person alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.domain.content import Prompt
from bot.domain.org import Unit
from bot.domain.team_practice import MIN_PEOPLE, TeamAnswerHeld, TeamSchedule, describe_when
from bot.domain.types import Button, Reply

EXAMPLE = "@Kinship every Monday at 10:00"
COMMANDS = "pause, resume, change to Friday at 14:00, status or remove"


def to_channel(text: str, title: str = "", buttons: tuple[Button, ...] = ()) -> Reply:
    return Reply(text=text, title=title, buttons=buttons, audience="channel")


def to_person(text: str) -> Reply:
    return Reply(text=text, audience="person", private=True)


def only_for_them(replies: Sequence[Reply]) -> list[Reply]:
    """Replies from a one-to-one turn started in a channel (a button pressed there): for the person alone."""
    return [replace(reply, audience="person") for reply in replies]


def _day(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return "not yet"
    return f"{moment.astimezone(ZoneInfo(timezone)):%A %-d %b at %H:%M}"


def question(prompt: Prompt) -> Reply:
    return to_channel(
        title="This week's team reflection",
        text=(
            f"{prompt.text}\n\n"
            "Reply in this thread to share your thoughts with the team. If you'd rather keep your answer to "
            "yourself, press Answer privately and only you will see it. At the end of the week I'll share a few "
            f"words and phrases that came up (never names), as long as at least {MIN_PEOPLE} people join in."
        ),
        buttons=(Button("Answer privately", act.encode(act.Reflect(prompt.id))),),
    )


def summary(people: int, themes: Sequence[str], thanks: int | None) -> Reply:
    lines = [f"Thank you to the {people} people who joined in this week."]
    if themes:
        lines.append("Words and phrases that came up more than once: " + ", ".join(themes) + ".")
    else:
        lines.append("Everyone brought something different this time, which is worth noticing too.")
    if thanks is not None:
        lines.append(f"Thank-yous sent in your unit this week: {thanks}.")
    lines.append("I've now deleted this week's answers. A new question comes next week.")
    return to_channel(title="This week's reflection: what came up", text="\n".join(lines))


def set_up(schedule_when: tuple[int, time], first: datetime, timezone: str, unit: Unit | None) -> Reply:
    weekday, at = schedule_when
    team = f" for {unit.name}" if unit else ""
    return to_channel(
        title="Team reflection is on",
        text=(
            f"Lovely, I'm set up in this channel{team}. E{describe_when(weekday, at)[1:]} ({timezone} time) "
            f"I'll post one question to think about together. The first comes on {_day(first, timezone)}.\n"
            "Reply in the question's thread to answer, or press Answer privately to keep it to yourself. At the "
            f"end of each week I'll share a few words and phrases that came up, never names, if at least "
            f"{MIN_PEOPLE} people took part.\n"
            f"To change things, mention me with: {COMMANDS}."
        ),
    )


def changed(schedule_when: tuple[int, time], following: datetime | None, timezone: str) -> Reply:
    weekday, at = schedule_when
    later = f" The next one comes on {_day(following, timezone)}." if following else ""
    return to_channel(f"Done. Questions now come {describe_when(weekday, at)}.{later}")


def paused() -> Reply:
    return to_channel("Paused. I won't post new questions here until someone mentions me with resume.")


def already_paused() -> Reply:
    return to_person("Team reflection is already paused here. Mention me with resume to start it again.")


def resumed(following: datetime | None, timezone: str) -> Reply:
    return to_channel(f"Welcome back. The next question comes on {_day(following, timezone)}.")


def not_paused(following: datetime | None, timezone: str) -> Reply:
    return to_person(f"Team reflection isn't paused. The next question comes on {_day(following, timezone)}.")


def removed() -> Reply:
    return to_channel(
        "I've stopped team reflection here, and deleted this channel's schedule and any answers I was holding. "
        "Thank you for having me. You can still message me directly any time."
    )


def status(schedule: TeamSchedule, unit: Unit | None, answerers: int) -> Reply:
    lines = [f"Team reflection here: {describe_when(schedule.weekday, schedule.at)} ({schedule.timezone} time)."]
    if unit is not None:
        lines.append(f"It's linked to {unit.name}.")
    if schedule.paused:
        lines.append("It's paused just now. Mention me with resume to start it again.")
    else:
        lines.append(f"Next question: {_day(schedule.next_post_at, schedule.timezone)}.")
    if schedule.thread:
        noun = "person has" if answerers == 1 else "people have"
        lines.append(f"This week, {answerers} {noun} answered in the thread so far.")
    return to_person(" ".join(lines))


def not_set_up() -> Reply:
    return to_person(
        "I'm not set up in this channel yet. A team lead can mention me with a day and time, like: " + EXAMPLE + "."
    )


def only_leads() -> Reply:
    return to_person(
        "Only a team lead can set up or change team reflection in this channel. If you'd like it here, ask your "
        f"lead to mention me with a day and time, like: {EXAMPLE}."
    )


def not_your_unit(unit: Unit) -> Reply:
    return to_person(f"You can link team reflection only to a unit you lead, and you don't lead {unit.name}.")


def which_time() -> Reply:
    return to_person(f"Which day and time would suit your team? Mention me with something like: {EXAMPLE}.")


def help_text(is_set_up: bool) -> Reply:
    start = (
        "I post one reflection question a week here"
        if is_set_up
        else "I can post one reflection question a week in this channel"
    )
    return to_person(
        f"Hello! {start} for your team to think about together. People answer in the thread, or privately if "
        f'they prefer. A lead can mention me with: every Monday at 10:00 (add "for" and a unit\'s name to link '
        f"it), {COMMANDS}. For anything personal, message me directly instead."
    )


def introduction() -> Reply:
    """Said in the channel when Kinship is added to it."""
    return to_channel(
        "Hello, everyone. I'm Kinship. Once a week I can post one question here for the team to think about "
        "together, about kindness and looking out for each other at work. You answer in the thread, or privately "
        "if you'd rather. At the end of the week I share a few words and phrases that came up, never names.\n"
        "A team lead can start it by mentioning me with a day and time, like: @Kinship every Monday at 10:00. "
        "Anything you tell me in a private message stays private: I never repeat it here.",
        title="Kinship has joined",
    )


def my_answers(answers: Sequence[TeamAnswerHeld], zone: ZoneInfo) -> list[str]:
    """For ``my data``: the answers they gave in a team channel's thread that Kinship still holds."""
    if not answers:
        return []
    lines = [
        f"Your answers in team reflection threads: {len(answers)}. I keep them (with names taken out) only until "
        "that week's summary, and type delete my data to remove them now:"
    ]
    lines += [f"• {a.created_at.astimezone(zone):%-d %b %Y} in channel {a.channel}: {a.words}" for a in answers]
    return ["\n".join(lines)]
