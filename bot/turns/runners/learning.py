"""Runners for lessons asked for (with their look-backs) and a person's own reflections."""

from __future__ import annotations

from bot.dialogue import effects as fx
from bot.domain.records import ReflectionRecord
from bot.turns.runners.context import EffectContext


def give_lesson(ctx: EffectContext, effect: fx.GiveLesson) -> list[str]:
    """Note the lesson as given today and take today's look-back, unless they have had one today."""
    person, today = ctx.person, ctx.inp.today
    if not effect.again:
        ctx.tx.lesson_given(person.id, effect.lesson_id, today)
    if person.last_recap_on == today:
        return []
    due = ctx.tx.due_recaps(person.id, today, leave_out=effect.lesson_id)
    if due:
        ctx.tx.recalled(person.id, due, today)
        ctx.tx.update_person(person.id, {"last_recap_on": today})
    return due


def save_reflection(ctx: EffectContext, effect: fx.SaveReflection) -> int:
    return ctx.tx.add_reflection(ctx.person.id, effect.prompt_id, effect.text, ctx.now)


def list_reflections(ctx: EffectContext, effect: fx.ListReflections) -> tuple[list[ReflectionRecord], int]:
    """The latest ``limit`` reflections and how many there are in all."""
    return ctx.tx.reflections(ctx.person.id, effect.limit), ctx.tx.count_reflections(ctx.person.id)


def delete_reflection(ctx: EffectContext, effect: fx.DeleteReflection) -> bool:
    return ctx.tx.delete_reflection(ctx.person.id, effect.reflection_id)


def delete_all_reflections(ctx: EffectContext, effect: fx.DeleteAllReflections) -> int:
    return ctx.tx.delete_reflections(ctx.person.id)
