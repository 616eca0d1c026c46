"""The dispatch table: one runner per effect type, and :func:`run_effect`, the one way the shell runs them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.dialogue import effects as fx
from bot.turns.runners import account, flags, learning, review, review_list, thanks
from bot.turns.runners.context import EffectContext

# A runner takes the context and an effect of its own type, and returns what bot.dialogue.after expects for it.
Runner = Callable[[EffectContext, Any], Any]

RUNNERS: Mapping[type[fx.Effect], Runner] = {
    fx.GiveLesson: learning.give_lesson,
    fx.SaveReflection: learning.save_reflection,
    fx.ListReflections: learning.list_reflections,
    fx.DeleteReflection: learning.delete_reflection,
    fx.DeleteAllReflections: learning.delete_all_reflections,
    fx.FlagAllowance: flags.flag_allowance,
    fx.SubmitFlag: flags.submit_flag,
    fx.FlagStatus: flags.flag_status,
    fx.WithdrawFlag: flags.withdraw_flag,
    fx.MayReply: flags.may_reply,
    fx.ReporterReply: flags.reporter_reply,
    fx.ReviewFlags: review_list.review_flags,
    fx.ReviewFilters: review_list.review_filters,
    fx.OpenFlag: review.open_flag,
    fx.OpenNumbered: review_list.open_numbered,
    fx.MarkFlag: review.mark_flag,
    fx.FlagNote: review.flag_note,
    fx.LeadReply: review.lead_reply,
    fx.FlagSummary: review.flag_summary,
    fx.DashboardLink: review.dashboard_link,
    fx.DeleteMyData: account.delete_my_data,
    fx.MyData: account.my_data,
    fx.SendThanks: thanks.send_thanks,
    fx.ThankBack: thanks.thank_back,
}


def run_effect(ctx: EffectContext, effect: fx.Effect) -> Any:
    """Carry out one effect in the turn's transaction; the result goes to :func:`bot.dialogue.after`."""
    runner = RUNNERS.get(type(effect))
    if runner is None:
        raise TypeError(f"unknown effect {type(effect).__name__}")  # never its words
    return runner(ctx, effect)
