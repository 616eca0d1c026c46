"""Lessons, reflection (only the person sees their answers), the "still useful?" check-in and recaps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue.actions import Plain, encode
from bot.dialogue.views.common import HELP, LESSON, LESSONS_ON, REFLECT, SETTINGS, shorten
from bot.domain.content import Content, Lesson, Prompt
from bot.domain.records import ReflectionRecord
from bot.domain.types import Button, Reply


def lesson(lesson: Lesson, content: Content, subscribed: bool, looking_back: Sequence[str] = ()) -> Reply:
    """A lesson, with a look back at earlier lessons (by id) when some are due, all in one message."""
    text = f"{lesson.body}\n\nTry this today: {lesson.try_today}"
    earlier = _known(content, looking_back)
    if len(earlier) == 1:
        text += f"\n\nA quick look back: {earlier[0].recap_question}"
    elif earlier:
        questions = "\n".join(f"{n}. {e.recap_question}" for n, e in enumerate(earlier, start=1))
        text += f"\n\nA quick look back:\n{questions}"
    third = SETTINGS if subscribed else LESSONS_ON
    choices: list[tuple[str, act.Action]] = [("Reflect on this", act.Reflect(lesson.prompts[0]))]
    if earlier:
        label = "Show the answer" if len(earlier) == 1 else "Show the answers"
        choices.append((label, act.Recap(tuple(e.id for e in earlier))))
    choices.append(("Sources", act.Sources(f"lesson:{lesson.id}")))
    return Reply(title=lesson.title, text=text, buttons=(*act.buttons(*choices), third, HELP))


def _known(content: Content, lesson_ids: Iterable[str]) -> list[Lesson]:
    """The lessons of these ids that are still in the content (and have a look-back question), in order."""
    positions = (content.lesson_position(lesson_id) for lesson_id in lesson_ids)
    return [content.lessons[p] for p in positions if p >= 0 and content.lessons[p].recap_question]


def prompt(p: Prompt, following_id: str) -> Reply:
    return Reply(
        title="A moment to reflect",
        text=f"{p.text}\n\nType your answer when you're ready. Only you can see it. Or press Skip.",
        buttons=(
            Button("Another question", encode(act.Reflect(following_id))),
            Button("Skip", Plain.SKIP_REFLECTION.value),
            HELP,
        ),
        private=True,
    )


def reflection_saved() -> Reply:
    return Reply(
        text="Thank you. I've saved that for you. Only you can see your reflections, and you can delete them any time.",
        buttons=(Button("My reflections", Plain.MY_REFLECTIONS.value), LESSON, HELP),
        private=True,
    )


def reflection_skipped() -> Reply:
    return Reply(text="No problem. Nothing was saved.", buttons=(LESSON, HELP))


def reflections(items: Sequence[ReflectionRecord], total: int, content: Content, zone: ZoneInfo) -> Reply:
    if not items:
        return Reply(text="You haven't saved any reflections yet.", buttons=(REFLECT, HELP), private=True)
    lines = [f"Your reflections, newest first ({len(items)} of {total}). Only you can see these."]
    deletes: list[tuple[str, act.Action, Literal["danger"]]] = []
    for number, item in enumerate(items, start=1):
        when = item.created_at.astimezone(zone).strftime("%-d %b")
        p = content.prompts.get(item.prompt_id)
        question = f" ({shorten(p.text, 60)})" if p else ""
        lines.append(f"{number}. {when}{question}: {shorten(item.text, 200)}")
        deletes.append((f"Delete {number}", act.DeleteReflection(item.id), "danger"))
    deletes.append(("Delete all", act.DeleteAllReflections(), "danger"))
    return Reply(title="Your reflections", text="\n".join(lines), buttons=(*act.buttons(*deletes), HELP), private=True)


def reflection_deleted(found: bool) -> Reply:
    text = "Deleted. It's gone for good." if found else "That reflection was already deleted."
    return Reply(text=text, buttons=(Button("My reflections", Plain.MY_REFLECTIONS.value), HELP), private=True)


def confirm_delete_reflections() -> Reply:
    return Reply(
        text="Delete all your reflections? This can't be undone.",
        buttons=(
            Button("Yes, delete them all", encode(act.DeleteAllReflections(confirmed=True)), "danger"),
            Button("No, keep them", Plain.MY_REFLECTIONS.value),
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
            *act.buttons(
                ("Carry on", act.Checkin(), "primary"),
                ("Three days a week", act.Checkin(slower=True)),
                ("Pause", act.Pause()),
            ),
            Button("Stop", Plain.STOP.value),
        ),
    )


def carry_on() -> Reply:
    return Reply(text="Lovely. Lessons carry on as before.", buttons=(LESSON, SETTINGS))


def recap_answer(content: Content, lesson_ids: Sequence[str]) -> Reply:
    earlier = [content.lessons[p] for p in map(content.lesson_position, lesson_ids) if p >= 0]
    if not earlier:
        return Reply(text="Sorry, I can't find that lesson any more.", buttons=(LESSON, HELP))
    if len(earlier) == 1:
        only = earlier[0]
        return Reply(
            title=f"Looking back: {only.title}", text=only.recap_answer or only.try_today, buttons=(LESSON, HELP)
        )
    text = "\n\n".join(f"{n}. {e.title}: {e.recap_answer or e.try_today}" for n, e in enumerate(earlier, start=1))
    return Reply(title="Looking back", text=text, buttons=(LESSON, HELP))
