"""Lessons, reflection, the "still useful?" check-in and recaps."""

from __future__ import annotations

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler
from bot.dialogue.flows.settings import DAYS, apply_setting
from bot.dialogue.model import NO_MODE, DialogueState, Mode, TurnInput, TurnOutput
from bot.dialogue.views import common
from bot.dialogue.views import learning as views
from bot.understanding.privacy import hide_platform_mentions


def _lesson(inp: TurnInput, out: TurnOutput, action: object) -> None:
    lessons = inp.world.content.lessons
    person = inp.person
    current = inp.world.content.lesson_position(person.last_lesson_id or "")
    again = person.last_lesson_on == inp.today and current >= 0
    if again:
        chosen = lessons[current]
    else:
        chosen = lessons[person.lesson_position % len(lessons)]
        out.person_changes.update(
            lesson_position=person.lesson_position + 1, last_lesson_id=chosen.id, last_lesson_on=inp.today
        )
    out.state = NO_MODE
    if person.last_shown != f"lesson:{chosen.id}":
        out.person_changes["last_shown"] = f"lesson:{chosen.id}"
    out.effects.append(fx.GiveLesson(chosen.id, person.subscribed, again=again))


def _reflect(inp: TurnInput, out: TurnOutput, action: act.Reflect) -> None:
    content = inp.world.content
    prompts = content.prompts
    chosen = prompts.get(action.prompt_id)
    if chosen is None:  # today's lesson's question if they read it today, else the question of the day
        last = content.lesson_position(inp.person.last_lesson_id or "")
        if last >= 0 and inp.person.last_lesson_on == inp.today:
            chosen = prompts[content.lessons[last].prompts[0]]
        else:
            chosen = list(prompts.values())[inp.today.toordinal() % len(prompts)]
    ids = list(prompts)
    following = ids[(ids.index(chosen.id) + 1) % len(ids)]
    out.state = DialogueState(Mode.REFLECT, prompt_id=chosen.id)
    out.replies.append(views.prompt(chosen, following))


def _skip_reflection(inp: TurnInput, out: TurnOutput, action: object) -> None:
    if inp.state.mode is not Mode.REFLECT:
        out.replies.append(common.stale_button())
        return
    out.state = NO_MODE
    out.replies.append(views.reflection_skipped())


def _reflection_answer(inp: TurnInput, out: TurnOutput, text: str) -> None:
    prompt_id = inp.state.prompt_id
    out.state = NO_MODE
    out.effects.append(fx.SaveReflection(prompt_id, hide_platform_mentions(text)))  # no colleague's platform id


def list_reflections(inp: TurnInput, out: TurnOutput, action: object = None) -> None:
    out.state = NO_MODE
    out.effects.append(fx.ListReflections())


def _delete_all(inp: TurnInput, out: TurnOutput, action: act.DeleteAllReflections) -> None:
    out.state = NO_MODE
    if action.confirmed:
        out.effects.append(fx.DeleteAllReflections())
    else:
        out.replies.append(views.confirm_delete_reflections())


def _delete_one(inp: TurnInput, out: TurnOutput, action: act.DeleteReflection) -> None:
    out.effects.append(fx.DeleteReflection(action.reflection_id))


def _checkin(inp: TurnInput, out: TurnOutput, action: act.Checkin) -> None:
    out.state = NO_MODE
    if action.slower:
        apply_setting(inp, out, DAYS, "mon wed fri")
    else:
        out.replies.append(views.carry_on())


def _recap(inp: TurnInput, out: TurnOutput, action: act.Recap) -> None:
    out.replies.append(views.recap_answer(inp.world.content, action.lesson_ids))


ACTIONS: dict[ActionKey, ActionHandler] = {
    Plain.LESSON: _lesson,
    act.Reflect: _reflect,
    Plain.SKIP_REFLECTION: _skip_reflection,
    Plain.MY_REFLECTIONS: list_reflections,
    act.DeleteAllReflections: _delete_all,
    act.DeleteReflection: _delete_one,
    act.Checkin: _checkin,
    act.Recap: _recap,
}
TEXT_MODES: dict[Mode, TextHandler] = {Mode.REFLECT: _reflection_answer}
