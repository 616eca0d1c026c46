"""Bolt's listeners: DMs, ``/kinship``, buttons, the two shortcuts, modal submissions and the App Home; what
is said in team channels, and Kinship joining or leaving one, in :mod:`adapters.slack.in_channel`.

Each converts Slack's payload to the core's input (:mod:`adapters.slack.convert`), starts the turn
(:mod:`adapters.slack.turns`) and acks once it is saved. A modal submission acks last of all: Slack wants
validation errors *in* the ack.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.mending import may_need_mending, mend
from adapters.slack import blocks, convert
from adapters.slack.app import FLAG_SHORTCUT, SCRIPT_SHORTCUT
from adapters.slack.convert import CHANNEL_TYPES, DM_TYPES, Workspace
from adapters.slack.delivery import ELSEWHERE_NOTE, FORM_NOTE, Delivery
from adapters.slack.http import with_request_id
from adapters.slack.in_channel import InChannel, bot_user
from adapters.slack.people import Directory, Recent
from adapters.slack.turns import Answered, Turns
from bot.domain.channel import PLATFORM_OPENED
from bot.domain.logs import where
from bot.domain.types import Field, Form

log = logging.getLogger(__name__)

# the global shortcut's own small form: what happened, in a few words (sent on as "script <words>")
SCRIPT_FORM = Form(
    title="Words to use",
    submit="script",
    submit_label="Get words",
    fields=(
        Field(
            "situation",
            "What happened? A few words are enough. Please leave out names.",
            multiline=True,
            max_length=500,
            placeholder="For example: a patient made a racist comment to my colleague",
        ),
    ),
)


class Listeners:
    """The handlers Bolt calls (by the names of their parameters), for one channel's turns and directory."""

    def __init__(self, turns: Turns, delivery: Delivery, directory: Directory) -> None:
        self.turns = turns
        self.delivery = delivery
        self.directory = directory
        self._home_shown: Recent[tuple[str, str], bool] = Recent(ttl=3600)
        self.in_channel = InChannel(turns)

    def register(self, app: AsyncApp, *, revocation: bool) -> None:
        """Every listener on ``app``; ``revocation`` (OAuth) adds Bolt's own uninstall listeners."""
        app.use(Mended())
        app.event("message")(self.on_message)
        app.event("app_mention")(self.in_channel.on_mention)
        app.event("member_joined_channel")(self.in_channel.on_member_joined)
        app.event("member_left_channel")(self.in_channel.on_member_left)
        app.event("channel_left")(self.in_channel.on_left)
        app.event("group_left")(self.in_channel.on_left)
        app.event("app_home_opened")(self.on_home_opened)
        app.command(re.compile(r"^/kinship"))(self.on_command)
        app.action(re.compile(r"^kinship\."))(self.on_action)
        app.shortcut(SCRIPT_SHORTCUT)(self.on_script_shortcut)
        app.shortcut(FLAG_SHORTCUT)(self.on_flag_shortcut)
        app.view(blocks.FORM_CALLBACK_ID)(self.on_form)
        if revocation:
            app.enable_token_revocation_listeners()
        app.error(on_bolt_error)
        # last: any other event is acknowledged and dropped (an unhandled one would be a 404, which Slack
        # counts as a failure and retries)
        app.event(re.compile(r".*"))(ignore)

    async def on_message(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> BoltResponse | None:
        convert.text_fields(event, "channel_type")
        if event.get("channel_type") in CHANNEL_TYPES:
            return await self.in_channel.on_message(body, event, context)
        said = convert.message_said(event, DM_TYPES, bot_user(context))
        if said is None:
            return None  # edits, deletions, bot posts, group DMs: not a turn
        workspace = Workspace.from_context(context)
        user, channel = event["user"], event["channel"]
        self.directory.remember_channel(workspace.tenant, user, channel)
        saved = await self.turns.start(
            context.client,
            workspace,
            user,
            text=said.text,
            mentions=said.mentions,
            event_id=str(body.get("event_id") or ""),
            thread=event.get("thread_ts"),
        )
        return None if saved else BoltResponse(status=500, body="")  # not saved: Slack will send it again

    async def on_command(self, ack: Any, body: dict[str, Any], command: dict[str, Any], context: Any) -> None:
        workspace = Workspace.from_context(context)
        user = command["user_id"]
        known = self.directory.channels.get((workspace.tenant, user))
        in_our_dm = bool(known) and command.get("channel_id") == known
        await self.turns.start(
            context.client,
            workspace,
            user,
            text=convert.command_words(command.get("text", "")),
            event_id=convert.interaction_id(body),
            trigger=body.get("trigger_id"),
        )
        await ack(text="" if in_our_dm else ELSEWHERE_NOTE)  # outside our DM: a note only they see

    async def on_action(self, ack: Any, body: dict[str, Any], action: dict[str, Any], context: Any) -> None:
        value = convert.action_value(action)
        if not value:
            await ack()
            return
        workspace = Workspace.from_context(context)
        user = convert.user_of(body)
        self.directory.remember_channel(workspace.tenant, user, convert.dm_channel_of(body))
        await self.turns.start(
            context.client,
            workspace,
            user,
            action=value,
            event_id=convert.interaction_id(body),
            trigger=body.get("trigger_id"),
            place=convert.pressed_in_channel(body),  # on a channel's message: the core answers in their DM
        )
        await ack()

    async def on_script_shortcut(self, ack: Any, body: dict[str, Any], context: Any) -> None:
        await ack()
        view = blocks.modal(SCRIPT_FORM, {"as_text": SCRIPT_FORM.submit}, FORM_NOTE)
        self.turns.spawn(context.client.views_open(trigger_id=body["trigger_id"], view=view))

    async def on_flag_shortcut(self, ack: Any, body: dict[str, Any], context: Any) -> None:
        """The message shortcut: the flag form, with that message's words sent on as the description; the core
        redacts them and offers them in the form. Its author is never read: only the text goes on."""
        words = convert.slack_to_plain(str((body.get("message") or {}).get("text") or ""))
        await self.turns.start(
            context.client,
            Workspace.from_context(context),
            convert.user_of(body),
            action="flag",
            values={"description": words} if words else None,
            event_id=convert.interaction_id(body),
            trigger=body.get("trigger_id"),
        )
        await ack()

    async def on_form(self, ack: Any, body: dict[str, Any], view: dict[str, Any], context: Any) -> None:
        values = convert.form_values(view)
        missing = convert.missing_answers(view, values)
        if missing:
            await ack(response_action="errors", errors=missing)
            return
        meta = convert.metadata(view)
        workspace = Workspace.from_context(context)
        user = convert.user_of(body)
        event_id = convert.interaction_id(body)
        if meta.get("as_text"):  # one of our own small forms, sent on as the command words it stands for
            words = " ".join(" ".join(values.values()).split())
            as_text = f"{meta['as_text']} {words}"
            await self.turns.start(context.client, workspace, user, text=as_text, event_id=event_id)
            await ack()
            return
        submit = str(meta.get("submit") or "")
        task = self.turns.spawn(
            self.turns.answer(context.client, workspace, user, action=submit, values=values, event_id=event_id)
        )
        done, _ = await asyncio.wait({task}, timeout=self.turns.reply_budget)
        if not done:  # slow: close the modal now; the replies follow in the DM when the turn ends
            await ack()
            task.add_done_callback(lambda t: self.turns.deliver_later(context.client, t))
            return
        await self._answer_form(ack, view, context, submit, task.result())

    async def _answer_form(
        self, ack: Any, view: dict[str, Any], context: Any, submit: str, answered: Answered | None
    ) -> None:
        """Ack a submission the core answered in time: its refusal of the form goes back as the modal's errors
        (and counts as shown); the other replies follow in the DM."""
        if answered is None:
            await ack()
            return
        incoming, replies = answered
        refused = {i for i, r in enumerate(replies) if r.form is not None and r.form.submit == submit}
        if refused:
            first = convert.first_input(view)
            await ack(response_action="errors", errors={first: blocks.clip(replies[min(refused)].text, 200)})
        else:
            await ack()
        self.turns.spawn(self.delivery.deliver(context.client, incoming, replies, shown=refused))

    async def on_home_opened(self, event: dict[str, Any], context: Any) -> None:
        convert.text_fields(event, "user", "channel", "tab")
        workspace = Workspace.from_context(context)
        user = event["user"]
        self.directory.remember_channel(workspace.tenant, user, event.get("channel", ""))
        key = (workspace.tenant, user)
        if event.get("tab") != "home" and self._home_shown.get(key):
            return  # the Messages tab opens often; the Home view only needs publishing once in a while
        if not self._home_shown.get(key):  # first open seen by this process: welcome them if they are new
            self.turns.spawn(self.turns.run(context.client, workspace, user, action=PLATFORM_OPENED))
        self._home_shown.put(key, True)
        self.turns.spawn(self.delivery.publish_home(context.client, workspace, user))


async def ignore() -> None:
    return None


class Mended(AsyncMiddleware):
    """Our one Bolt middleware: a request id for a Socket Mode envelope (:func:`with_request_id`), and lone
    surrogates in the payload (and the context read from it) made U+FFFD before any listener reads them, over HTTP
    and Socket Mode alike (see :func:`adapters.mending.mend`). A class, so Bolt calls it directly: a function
    middleware has its parameters matched by name on every request. A payload parsed straight from JSON text is
    only walked if that text could hold a surrogate at all (:func:`adapters.mending.may_need_mending`)."""

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        with_request_id()
        raw = req.raw_body
        from_json = bool(raw) and (raw.startswith("{") or req.content_type == "application/json")
        if not from_json or may_need_mending(raw):
            req.body = mend(req.body)
        for key, value in list(req.context.items()):
            if isinstance(value, str):
                req.context[key] = mend(value)
        return await next()


async def on_bolt_error(error: Exception) -> BoltResponse:
    """A signed payload of a shape nobody expects (Bolt's matchers and our listeners index its parts) is the
    sender's mistake: a 400 and one line naming where it broke, not Bolt's 500 and a traceback. Turns run
    after the ack, in tasks that log their own failures (:func:`adapters.slack.turns._guarded`)."""
    log.warning("slack: refused a request of an unexpected shape (%s%s)", type(error).__name__, where(error))
    return BoltResponse(status=400, body="")
