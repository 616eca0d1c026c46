"""A reporter's flag: writing one step by step (or as one form), sending it, and following it up by case code
(status, withdrawing it, answering a lead).

The raw words are never kept, not even in dialogue state: a description is redacted as it arrives, and the
draft leaves dialogue state the moment the flag is sent or cancelled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.dialogue import actions as act
from bot.dialogue import effects as fx
from bot.dialogue.actions import Plain
from bot.dialogue.flows.common import ActionHandler, ActionKey, TextHandler, action_key, case_code
from bot.dialogue.model import NO_MODE, DialogueState, FlagDraft, FlagStep, Mode, TurnInput, TurnOutput
from bot.dialogue.views import common
from bot.dialogue.views import flag as views
from bot.dialogue.views import report as report_views
from bot.dialogue.views import welcome as welcome_views
from bot.domain import batches
from bot.domain.types import Reply
from bot.understanding.privacy import redact

FOLLOW_UP_DAYS = 90
ASKING_FOR_CODE = DialogueState(Mode.STATUS)


def _at(step: FlagStep, draft: FlagDraft) -> DialogueState:
    return DialogueState(Mode.FLAG, step=step, draft=draft)


def start(inp: TurnInput, out: TurnOutput, category: str | None = None) -> None:
    """A new flag; from a script's "Flag this" its category is chosen already. A flag begun afresh first asks
    the store whether today's allowance is used up, and then says so instead of asking anything
    (:func:`bot.dialogue.results.state_after`); a category chosen within a flag already begun just goes on."""
    world = inp.world
    if category:
        out.state = _at(FlagStep.UNIT, FlagDraft(category=category))
        form = [views.flagging(views.category_title(world.content, category)), views.flag_ask_unit(world.org)]
    else:
        words = inp.incoming.values.get("description", "")  # a message shortcut's words: only ever kept redacted
        offered = redact(words) if words else ""
        out.state = _at(FlagStep.CATEGORY, FlagDraft())
        form = [views.flag_intro_and_category(world.content, world.org, offered)]
    if _in_flag(inp):
        out.replies += form
    else:
        out.effects.append(fx.FlagAllowance(tuple(form)))


def report_routes(inp: TurnInput, out: TurnOutput, action: object = None) -> None:
    out.replies.append(report_views.report_routes(inp.world.org))


def _step_reply(inp: TurnInput) -> Reply:
    """The question for the step the flag is at, asked again."""
    world, draft = inp.world, inp.state.draft
    asks = {
        FlagStep.CATEGORY: lambda: views.flag_intro_and_category(world.content, world.org),
        FlagStep.UNIT: lambda: views.flag_ask_unit(world.org),
        FlagStep.WHEN: views.flag_ask_when,
        FlagStep.DANGER: views.flag_ask_danger,
        FlagStep.DESCRIPTION: views.flag_ask_description,
        FlagStep.PREVIEW: lambda: views.flag_preview(draft, world.content, world.org),
    }
    return asks[inp.state.step]()


def _in_flag(inp: TurnInput) -> bool:
    return inp.state.mode is Mode.FLAG


def _not_in_flag(inp: TurnInput, out: TurnOutput) -> None:
    out.replies += [common.stale_button(), welcome_views.help_reply(bool(inp.led_units))]


def _not_a_step(inp: TurnInput, out: TurnOutput, action: object = None) -> None:
    """A flag button no step has (or a category that no longer exists)."""
    if not _in_flag(inp):
        _not_in_flag(inp, out)
        return
    out.replies.append(common.unknown_button())


def _category(inp: TurnInput, out: TurnOutput, action: act.FlagCategory) -> None:
    if action.category not in inp.world.content.scripts and action.category != views.SOMETHING_ELSE:
        _not_a_step(inp, out)
    elif _in_flag(inp) and inp.state.step is not FlagStep.CATEGORY:
        out.replies += [common.stale_button(), _step_reply(inp)]
    else:
        start(inp, out, action.category)


def _cancel(inp: TurnInput, out: TurnOutput, action: object) -> None:
    if not _in_flag(inp):
        _not_in_flag(inp, out)
        return
    out.state = NO_MODE
    out.replies.append(views.flag_cancelled())


def _unit(inp: TurnInput, out: TurnOutput, action: act.FlagUnit) -> None:
    org = inp.world.org
    if org.unit(action.unit) is None:
        out.replies += [common.stale_button(), views.flag_ask_unit(org)]
        return
    out.state = _at(FlagStep.WHEN, replace(inp.state.draft, unit=action.unit))
    out.replies.append(views.flag_ask_when())


def _when(inp: TurnInput, out: TurnOutput, action: act.FlagWhen) -> None:
    if action.occurred not in views.OCCURRED:
        out.replies.append(common.unknown_button())
        return
    out.state = _at(FlagStep.DANGER, replace(inp.state.draft, occurred=action.occurred))
    out.replies.append(views.flag_ask_danger())


def _danger(inp: TurnInput, out: TurnOutput, action: act.FlagDanger) -> None:
    if action.answer not in {"yes", "no"}:
        out.replies.append(common.unknown_button())
        return
    out.state = _at(FlagStep.DESCRIPTION, replace(inp.state.draft, danger=action.answer))
    if action.answer == "yes":
        out.replies.append(views.flag_urgent(inp.world.signposts))
    out.replies.append(views.flag_ask_description())


def _skip_description(inp: TurnInput, out: TurnOutput, action: object) -> None:
    draft = replace(inp.state.draft, description="")
    out.state = _at(FlagStep.PREVIEW, draft)
    out.replies.append(views.flag_preview(draft, inp.world.content, inp.world.org))


def _edit(inp: TurnInput, out: TurnOutput, action: object) -> None:
    out.state = _at(FlagStep.DESCRIPTION, inp.state.draft)
    out.replies.append(views.flag_ask_description())


def _send(inp: TurnInput, out: TurnOutput, action: act.FlagSend) -> None:
    org, draft = inp.world.org, inp.state.draft
    local_today = inp.now.astimezone(ZoneInfo(org.timezone)).date()
    release_at = batches.release_at(inp.now, org)  # a batch, never the moment sent
    out.state = NO_MODE  # the draft leaves dialogue state the moment the flag is sent
    out.effects.append(
        fx.SubmitFlag(
            unit=draft.unit or "",
            category=draft.category or "",
            occurred=draft.occurred or "",
            danger=draft.danger == "yes",
            description=draft.description or "",
            submitted_week=local_today - timedelta(days=local_today.weekday()),
            release_at=release_at,
            wants_reply=action.wants_reply,
            handle_expires_at=release_at + timedelta(days=FOLLOW_UP_DAYS),  # a batch time, like the rest
        )
    )


# each step's buttons: the step they answer, and what they do there
_STEPS: dict[ActionKey, tuple[FlagStep, ActionHandler]] = {
    act.FlagUnit: (FlagStep.UNIT, _unit),
    act.FlagWhen: (FlagStep.WHEN, _when),
    act.FlagDanger: (FlagStep.DANGER, _danger),
    Plain.FLAG_SKIP_DESCRIPTION: (FlagStep.DESCRIPTION, _skip_description),
    act.FlagSend: (FlagStep.PREVIEW, _send),
    Plain.FLAG_EDIT: (FlagStep.PREVIEW, _edit),
}


def step(inp: TurnInput, out: TurnOutput, action: act.Action) -> None:
    """A button of one step: only while writing a flag, and only at that step."""
    expected, handle = _STEPS[action_key(action)]
    if not _in_flag(inp):
        _not_in_flag(inp, out)
    elif inp.state.step is not expected:
        out.replies += [common.stale_button(), _step_reply(inp)]
    else:
        handle(inp, out, action)


def _form_problems(inp: TurnInput) -> list[str]:
    values, world = inp.incoming.values, inp.world
    checks = (
        (
            values.get("category", "") in world.content.scripts or values.get("category") == views.SOMETHING_ELSE,
            "what kind of thing happened",
        ),
        (world.org.unit(values.get("unit", "")) is not None, "which unit"),
        (values.get("occurred", "") in views.OCCURRED, "roughly when"),
        (values.get("danger", "") in {"yes", "no"}, "whether anyone is in danger"),
    )
    return [problem for fine, problem in checks if not fine]


def _form_submitted(inp: TurnInput, out: TurnOutput, action: object) -> None:
    """A whole form arrived at once (a modal or a card): check it, then show the same preview. A form holding
    only the words answers the step that asked for them."""
    values, world = inp.incoming.values, inp.world
    if inp.state.mode is Mode.FLAG and inp.state.step is FlagStep.DESCRIPTION and set(values) <= {"description"}:
        words = values.get("description", "").strip()[: common.MAX_MESSAGE_CHARS]
        draft = replace(inp.state.draft, description=redact(words) if words else "")
        out.state = _at(FlagStep.PREVIEW, draft)
        out.replies.append(views.flag_preview(draft, world.content, world.org))
        return
    problems = _form_problems(inp)
    if problems:
        out.replies.append(views.form_incomplete(problems, world.content, world.org))
        return
    description = values.get("description", "").strip()[: common.MAX_MESSAGE_CHARS]
    draft = FlagDraft(
        category=values["category"],
        unit=values["unit"],
        occurred=values["occurred"],
        danger=values["danger"],
        description=redact(description) if description else "",
    )
    out.state = _at(FlagStep.PREVIEW, draft)
    if draft.danger == "yes":
        out.replies.append(views.flag_urgent(world.signposts))
    out.replies.append(views.flag_preview(draft, world.content, world.org))


def _flag_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    if inp.state.step is FlagStep.DESCRIPTION:
        # the raw words are never stored, not even in dialogue state
        draft = replace(inp.state.draft, description=redact(text))
        out.state = _at(FlagStep.PREVIEW, draft)
        out.replies.append(views.flag_preview(draft, inp.world.content, inp.world.org))
        return
    out.replies += [views.please_choose(), _step_reply(inp)]


# --- following a flag up by its case code ----------------------------------------------------------------


def status(inp: TurnInput, out: TurnOutput, text: str) -> None:
    """'status CODE' typed, the answer to "what's the case code?", or a Check status button."""
    out.state = NO_MODE
    code = case_code(text)
    if not code:
        out.state = ASKING_FOR_CODE
        out.replies.append(views.ask_case_code())
        return
    out.effects.append(fx.FlagStatus(code))


def _status_pressed(inp: TurnInput, out: TurnOutput, action: act.Status) -> None:
    status(inp, out, action.code)


def withdraw_typed(inp: TurnInput, out: TurnOutput, text: str) -> None:
    code = case_code(text)
    out.reporters_turn = True
    out.replies.append(views.confirm_withdraw(code) if code else views.ask_case_code())


def _withdraw(inp: TurnInput, out: TurnOutput, action: act.Withdraw) -> None:
    code = case_code(action.code)
    if not code:
        out.replies.append(views.ask_case_code())
        out.state = ASKING_FOR_CODE
        return
    if action.confirmed:
        out.effects.append(fx.WithdrawFlag(code))
    else:
        out.replies.append(views.confirm_withdraw(code))


def reply_to_lead(inp: TurnInput, out: TurnOutput, text: str) -> None:
    """'reply CODE' typed, or a Reply button under a lead's words: asked for the words only if they can be
    passed on (see :func:`bot.dialogue.results.state_after`)."""
    code = case_code(text)
    if not code:
        out.state = ASKING_FOR_CODE
        out.replies.append(views.ask_case_code())
        return
    out.state = DialogueState(Mode.REPORTER_REPLY, code=code)
    out.effects.append(fx.MayReply(code))


def _reporter_reply_text(inp: TurnInput, out: TurnOutput, text: str) -> None:
    code = inp.state.code
    out.state = NO_MODE
    out.effects.append(fx.ReporterReply(code, redact(text)))


def _words_form(inp: TurnInput, out: TurnOutput, action: object) -> None:
    """Words written in a one-field form (a Slack modal, a Teams card) instead of typed into the chat: they
    answer whatever is waiting for them, exactly as typed words would."""
    answer = TEXT_MODES.get(inp.state.mode) if inp.state.mode is not None and not inp.question_expired else None
    if answer is None:
        out.replies.append(common.stale_button())
        return
    answer(inp, out, inp.incoming.values.get("words", "").strip()[: common.MAX_MESSAGE_CHARS])


ACTIONS: dict[ActionKey, ActionHandler] = {
    Plain.FLAG_START: lambda inp, out, action: start(inp, out),
    Plain.REPORT: report_routes,
    act.FlagCategory: _category,
    Plain.FLAG_FORM_SUBMITTED: _form_submitted,
    Plain.FLAG_WORDS: _words_form,
    Plain.FLAG_CANCEL: _cancel,
    act.FlagUnrecognised: _not_a_step,
    **{key: step for key in _STEPS},
    act.Status: _status_pressed,
    act.Withdraw: _withdraw,
    act.ReplyToLead: lambda inp, out, action: reply_to_lead(inp, out, action.code),
}


TEXT_MODES: dict[Mode, TextHandler] = {
    Mode.FLAG: _flag_text,
    Mode.STATUS: status,
    Mode.REPORTER_REPLY: _reporter_reply_text,
}
