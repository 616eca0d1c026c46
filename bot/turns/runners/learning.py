"""Runners for a person's own reflections: save, list, delete one, delete all."""

from __future__ import annotations

from bot.dialogue import effects as fx
from bot.domain.records import ReflectionRecord
from bot.turns.runners.context import EffectContext


def save_reflection(ctx: EffectContext, effect: fx.SaveReflection) -> int:
    return ctx.tx.add_reflection(ctx.person.id, effect.prompt_id, effect.text, ctx.now)


def list_reflections(ctx: EffectContext, effect: fx.ListReflections) -> tuple[list[ReflectionRecord], int]:
    """The latest ``limit`` reflections and how many there are in all."""
    return ctx.tx.reflections(ctx.person.id, effect.limit), ctx.tx.count_reflections(ctx.person.id)


def delete_reflection(ctx: EffectContext, effect: fx.DeleteReflection) -> bool:
    return ctx.tx.delete_reflection(ctx.person.id, effect.reflection_id)


def delete_all_reflections(ctx: EffectContext, effect: fx.DeleteAllReflections) -> int:
    return ctx.tx.delete_reflections(ctx.person.id)
