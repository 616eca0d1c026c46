"""What a turn says once an effect has run: :func:`after` (its replies) and :func:`state_after`.

Pure, like the rest of the dialogue: the bot's runner does the database work and hands its result back. Each
effect's result has one shape (the aliases below, the runner's contract), and one renderer typed for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from bot.dialogue import effects as fx
from bot.dialogue.model import NO_MODE, DialogueState, TurnInput
from bot.dialogue.views import account as account_views
from bot.dialogue.views import flag as flag_views
from bot.dialogue.views import flag_limit as flag_limit_views
from bot.dialogue.views import learning as learning_views
from bot.dialogue.views import review as review_views
from bot.dialogue.views import review_list as list_views
from bot.dialogue.views import thanks as thanks_views
from bot.domain.records import Cell, FlagMessage, FlagRecord, ReflectionRecord
from bot.domain.summary import summarise
from bot.domain.types import Reply

# the runner's result for each effect that has one worth reading
Reflections = tuple[Sequence[ReflectionRecord], int]  # newest first, and how many there are in all
SentOrLimit = FlagRecord | int  # the flag sent, or the daily limit that stopped it (nothing was kept)
Thread = tuple[FlagRecord | None, Sequence[FlagMessage], bool]  # the flag, its replies, whether one can reply
Kinds = Sequence[str]  # the kinds of flag (situation ids) on a lead's list, to narrow it by
Cells = Mapping[tuple[str, date, str], Cell]  # (unit, month, category) to its counts


def state_after(effect: fx.Effect, result: object, state: DialogueState) -> DialogueState:
    """The conversation state once an effect's result is known: usually ``state`` as the turn set it; a
    reply that cannot be passed on leaves nothing waiting for the words, and a flag begun after the day's
    limit nothing to write."""
    if isinstance(effect, fx.MayReply) and not result:
        return NO_MODE
    if isinstance(effect, fx.FlagAllowance) and result is not None:
        return NO_MODE  # today's allowance is used up: no flag to write
    return state


def after(effect: fx.Effect, result: object, inp: TurnInput) -> list[Reply]:
    """Replies for an effect's result (whatever the bot's runner returned for it)."""
    render = _RENDERERS.get(type(effect))
    if render is None:
        raise TypeError(f"no view for effect {type(effect).__name__}")  # never its words
    rendered = render(effect, result, inp)
    return list(rendered) if isinstance(rendered, list) else [rendered]  # a long answer comes in several


def _reflections(effect: fx.ListReflections, result: Reflections, inp: TurnInput) -> Reply:
    items, total = result
    return learning_views.reflections(items, total, inp.world.content, inp.zone)


def _lesson(effect: fx.GiveLesson, result: Sequence[str], inp: TurnInput) -> Reply:
    content = inp.world.content
    lesson = content.lessons[max(0, content.lesson_position(effect.lesson_id))]
    return learning_views.lesson(lesson, content, effect.subscribed, looking_back=result)


def _allowance(effect: fx.FlagAllowance, result: int | None, inp: TurnInput) -> list[Reply]:
    if result is None:
        return list(effect.form)
    return [flag_limit_views.flag_limit_up_front(result, inp.world.signposts)]


def _submitted(effect: fx.SubmitFlag, result: SentOrLimit, inp: TurnInput) -> Reply | list[Reply]:
    org = inp.world.org
    if isinstance(result, int):  # the reporter's daily allowance is used up: nothing was kept
        return flag_views.flag_limit_reached(result, inp.world.signposts)
    # the code and what it means, off the record; the chat's history keeps only that a flag was sent
    sent = flag_views.flag_sent(result, org, effect.wants_reply, org.flag_release == "immediate")
    return [sent, flag_views.flag_sent_note()]


def _status(effect: fx.FlagStatus, result: Thread, inp: TurnInput) -> Reply:
    flag, messages, can_reply = result
    return flag_views.flag_status(flag, effect.case_code, inp.now, messages, can_reply)


def _listed(effect: fx.ReviewFlags, result: fx.FlagPage, inp: TurnInput) -> Reply:
    return list_views.review(result, effect.where, effect.limit, inp.world.content, inp.world.org)


def _filters(effect: fx.ReviewFilters, result: Kinds, inp: TurnInput) -> Reply:
    return list_views.filters(effect.where, effect.units, result, inp.world.content, inp.world.org)


def _opened_numbered(effect: fx.OpenNumbered, result: Thread, inp: TurnInput) -> Reply:
    if result[0] is None:
        return list_views.no_such_number(effect.number)
    return _opened(fx.OpenFlag(result[0].id, effect.units), result, inp)


def _opened(effect: fx.OpenFlag, result: Thread, inp: TurnInput) -> Reply:
    flag, messages, can_reply = result
    return review_views.flag_detail(flag, inp.world.content, inp.world.org, messages, can_reply)


def _marked(effect: fx.MarkFlag, result: object, inp: TurnInput) -> Reply:
    if result and effect.status == "action-taken":
        return review_views.ask_note()
    return review_views.flag_marked(bool(result), effect.status)


def _summary(effect: fx.FlagSummary, result: Cells, inp: TurnInput) -> Reply:
    org = inp.world.org
    summaries = summarise(result, effect.units, effect.month, org.min_group_size)
    return review_views.summary(summaries, inp.world.content, org)


def _may_reply(effect: fx.MayReply, result: object, inp: TurnInput) -> Reply:
    if result:
        return flag_views.ask_reporter_reply(effect.case_code)
    return flag_views.reporter_reply_sent(False, effect.case_code)


_RENDERERS: dict[type, Callable[[Any, Any, TurnInput], Reply | list[Reply]]] = {
    fx.GiveLesson: _lesson,
    fx.SaveReflection: lambda effect, result, inp: learning_views.reflection_saved(),
    fx.ListReflections: _reflections,
    fx.DeleteReflection: lambda effect, result, inp: learning_views.reflection_deleted(bool(result)),
    fx.DeleteAllReflections: lambda effect, result, inp: learning_views.reflections_deleted(int(result)),
    fx.FlagAllowance: _allowance,
    fx.SubmitFlag: _submitted,
    fx.FlagStatus: _status,
    fx.WithdrawFlag: lambda effect, result, inp: flag_views.flag_withdrawn(bool(result), effect.case_code),
    fx.ReviewFlags: _listed,
    fx.ReviewFilters: _filters,
    fx.OpenFlag: _opened,
    fx.OpenNumbered: _opened_numbered,
    fx.MarkFlag: _marked,
    fx.FlagNote: lambda effect, result, inp: review_views.note_saved(bool(result)),
    fx.FlagSummary: _summary,
    fx.DashboardLink: lambda effect, url, inp: review_views.dashboard_link(str(url)),
    fx.LeadReply: lambda effect, result, inp: review_views.lead_reply_sent(bool(result)),
    fx.MayReply: _may_reply,
    fx.ReporterReply: lambda effect, result, inp: flag_views.reporter_reply_sent(bool(result), effect.case_code),
    fx.DeleteMyData: lambda effect, result, inp: account_views.data_deleted(),
    fx.MyData: lambda effect, held, inp: account_views.my_data(held, inp.world.content, inp.zone, inp.person.is_new),
    fx.SendThanks: lambda effect, kept, inp: thanks_views.after_send(effect, bool(kept), inp.world.org),
    fx.ThankBack: lambda effect, result, inp: thanks_views.thanked_back(str(result)),
}
