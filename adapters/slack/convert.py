"""Pure converters from Slack payloads to the pieces of a neutral :class:`~bot.domain.types.Incoming`.

Nothing here calls Slack or the core, so every rule (who the person is, which text counts, what a form
submitted) is testable as plain data.

The boundary: a field we read must have the shape Slack documents (ids and text are strings), else
:func:`text_fields` raises ``TypeError`` and the request is refused (Bolt's error handler answers 400), so a
list or a number never reaches the core or the database. Text is mended, not refused: a lone surrogate
(JSON allows ``"\\ud800"``; no database can store it) becomes U+FFFD (:func:`adapters.mending.mend`), so
what a person wrote is kept.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from adapters.slack.blocks import INPUT_ACTION_ID
from bot.domain.types import Place

# message subtypes that are a person writing to us; every other subtype (edits, deletions, joins, bot
# posts, our own messages) is not a turn
_PERSON_SUBTYPES = {None, "", "file_share", "thread_broadcast"}
_MARKUP = re.compile(r"<([^<>]*)>")
_PERSON = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")
DM_TYPES = frozenset({"im"})
CHANNEL_TYPES = frozenset({"channel", "group"})  # a public channel (message.channels), a private one (.groups)


def text_fields(mapping: Mapping[str, Any], *names: str) -> None:
    """Refuse (``TypeError``) a payload whose ``names`` are present but not strings."""
    for name in names:
        if mapping.get(name) is not None and not isinstance(mapping.get(name), str):
            raise TypeError(f"{name} is not a string")


def user_of(body: Mapping[str, Any]) -> str:
    """``body.user.id`` of an interactive payload (a button, a shortcut, a form): a string, else TypeError."""
    user = body.get("user")
    if not isinstance(user, Mapping) or not isinstance(user.get("id"), str) or not user["id"]:
        raise TypeError("user.id is not a string")
    return str(user["id"])


@dataclass(frozen=True)
class Workspace:
    """Where a payload came from: enough to find the installation (OAuth) and to key the person.

    For an org-wide (Enterprise Grid) install Slack sends no team, and user ids are the same in every
    workspace of the organisation, so the enterprise id is the tenant; otherwise the team id is.
    """

    enterprise_id: str
    team_id: str
    is_org: bool

    @property
    def tenant(self) -> str:
        if self.is_org or not self.team_id:
            return self.enterprise_id or self.team_id
        return self.team_id

    def ref(self) -> str:
        """``Address.ref``: what a proactive send needs to find the right token (stable, so the core does
        not rewrite the person's row on every message)."""
        return _ref(self.enterprise_id, self.is_org, self.team_id)

    @classmethod
    def from_ref(cls, ref: str, tenant: str = "") -> Workspace:
        try:
            data = json.loads(ref) if ref else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(str(data.get("e") or ""), str(data.get("t") or tenant), bool(data.get("org")))

    @classmethod
    def from_context(cls, context: Mapping[str, Any]) -> Workspace:
        text_fields(context, "enterprise_id", "team_id")
        return cls(
            str(context.get("enterprise_id") or ""),
            str(context.get("team_id") or ""),
            bool(context.get("is_enterprise_install")),
        )


@lru_cache(maxsize=1024)  # a few workspaces send every message: the same text each time
def _ref(enterprise_id: str, is_org: bool, team_id: str) -> str:
    return json.dumps({"e": enterprise_id, "org": is_org, "t": team_id}, sort_keys=True)


def slack_to_plain(text: str, *, keep_people: bool = False) -> str:
    """Slack's encoded message text as the words a person sees, for the core (never for display).

    ``<@U123>`` becomes ``[mention]`` (the placeholder ``bot.redact`` uses: who was mentioned is not ours to
    keep), or with ``keep_people`` stays ``<@U123>`` (its label dropped) for the core to read and redact;
    ``<#C1|ward-7>`` becomes ``#ward-7``, ``<!here>`` becomes ``@here``, ``<https://x|label>`` becomes
    ``label (https://x)``, and ``&lt;``, ``&gt;``, ``&amp;`` become the characters typed.
    """

    def plain(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith(("@U", "@W", "@B")):
            return f"<{target}>" if keep_people and target.startswith(("@U", "@W")) else "[mention]"
        if target.startswith("#"):
            return f"#{label}" if label else "#channel"
        if target.startswith("!"):
            if label:
                return label
            name = target[1:].split("^")[0]
            return f"@{name}" if name in {"here", "channel", "everyone"} else ""
        if target.startswith("mailto:"):
            return target.removeprefix("mailto:")
        return f"{label} ({target})" if label and label != target else target

    return html.unescape(_MARKUP.sub(plain, text)).strip() if "<" in text or "&" in text else text.strip()


def command_words(text: str) -> str:
    """``/kinship <words>``: the words, or ``help`` for the bare command."""
    words = " ".join(slack_to_plain(text or "").split())
    return words or "help"


@dataclass(frozen=True, slots=True)
class Said:
    """A person's message as the core takes it: the words (people's mentions kept as ``<@U…>``, Kinship's own
    removed), who else it mentions, and whether it mentions Kinship."""

    text: str = field(repr=False)
    mentions: tuple[str, ...] = ()
    mentioned: bool = False


def said(text: str, bot_user: str = "") -> Said:
    """Slack's message text for the core: the thanks recogniser reads ``<@U…>``, so people's mentions stay
    (label dropped, listed in ``mentions`` once each, in order); Kinship's own (``bot_user``) goes, and sets
    ``mentioned``. Everything else as :func:`slack_to_plain`."""
    if "<@" not in text:  # nearly every message: no work beyond slack_to_plain's
        return Said(slack_to_plain(text))
    found = _PERSON.findall(text)
    mentions = tuple(dict.fromkeys(user for user in found if user != bot_user))
    mentioned = bool(bot_user) and bot_user in found
    if mentioned:
        text = re.sub(rf"<@{re.escape(bot_user)}(?:\|[^<>]*)?>[,:]?", "", text)
    return Said(slack_to_plain(text, keep_people=True), mentions, mentioned)


def message_said(event: Mapping[str, Any], kinds: frozenset[str], bot_user: str = "") -> Said | None:
    """What a person said in a ``message`` event from a conversation of one of these ``kinds`` (``im``, or
    ``channel`` and ``group``), or None for anything that is not a person writing. TypeError when a field we
    read (or pass on: user, channel, thread, ts) is not a string."""
    text_fields(event, "channel_type", "bot_id", "user", "subtype", "text", "channel", "thread_ts", "ts")
    if event.get("channel_type") not in kinds or event.get("bot_id") or not event.get("user"):
        return None
    if event.get("subtype") not in _PERSON_SUBTYPES:
        return None
    return said(event.get("text") or "", bot_user)


def mention_said(event: Mapping[str, Any], bot_user: str) -> Said | None:
    """An ``app_mention`` event (no ``channel_type``: always a channel Kinship is in), as :func:`message_said`."""
    return message_said({**event, "channel_type": "channel"}, CHANNEL_TYPES, bot_user)


def dm_text(event: Mapping[str, Any]) -> str | None:
    """The text of a direct message a person wrote to us, or None for anything that is not one."""
    found = message_said(event, DM_TYPES)
    return None if found is None else found.text


def action_value(action: Mapping[str, Any]) -> str | None:
    """The neutral ``Button.value`` of a pressed button or a chosen drop-down option."""
    if action.get("type") == "button":
        return action.get("value")
    selected = action.get("selected_option")
    if isinstance(selected, Mapping):
        return selected.get("value")
    return None


def interaction_id(body: Mapping[str, Any]) -> str:
    """A stable id for an interactive payload, for the core's retry de-duplication.

    Slack gives each interaction a fresh ``trigger_id``, and a retried delivery repeats it; events carry an
    ``event_id``. Falls back to the action timestamp for payloads without a trigger.
    """
    if body.get("event_id"):
        return str(body["event_id"])
    if body.get("trigger_id"):
        return f"t:{body['trigger_id']}"
    actions = body.get("actions") or [{}]
    ts = actions[0].get("action_ts") or body.get("action_ts") or ""
    user = (body.get("user") or {}).get("id", "")
    return f"a:{user}:{ts}" if ts else ""


def form_values(view: Mapping[str, Any]) -> dict[str, str]:
    """A submitted modal's values by field name (our input blocks use the field name as block id)."""
    values: dict[str, str] = {}
    state = ((view.get("state") or {}).get("values")) or {}
    for block_id, actions in state.items():
        entry = (actions or {}).get(INPUT_ACTION_ID)
        if entry is None and actions:
            entry = next(iter(actions.values()))
        if not isinstance(entry, Mapping):
            continue
        if entry.get("type") in {"static_select", "radio_buttons"}:
            values[block_id] = str((entry.get("selected_option") or {}).get("value") or "")
        else:
            values[block_id] = str(entry.get("value") or "")
    return values


def missing_answers(view: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, str]:
    """``response_action: errors`` for the required inputs left empty (Slack's own check can be bypassed)."""
    errors: dict[str, str] = {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input" or block.get("optional"):
            continue
        block_id = block.get("block_id", "")
        if not values.get(block_id, "").strip():
            kind = (block.get("element") or {}).get("type")
            errors[block_id] = "Please fill this in." if kind == "plain_text_input" else "Please choose one."
    return errors


def first_input(view: Mapping[str, Any]) -> str:
    return next((b.get("block_id", "") for b in view.get("blocks") or [] if b.get("type") == "input"), "")


def metadata(view: Mapping[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def dm_channel_of(body: Mapping[str, Any]) -> str:
    """The person's direct-message channel with us, when the payload shows it (else ``""``).

    A button on one of our messages in a ``D…`` channel can only be in our DM with the presser (an app
    cannot post in a DM between people, and Slack sends a button's press only to the app that posted it).
    That holds for our ephemeral messages too (``container.is_ephemeral``: the off-record replies, posted only
    in that DM), so they count. A slash command's channel may be anyone's DM, so it is not used.
    """
    channel = body.get("channel") or {}
    channel_id = channel.get("id", "") if isinstance(channel, Mapping) else ""
    container = body.get("container") or {}
    if channel_id.startswith("D") and isinstance(container, Mapping) and container.get("type") == "message":
        return channel_id
    return ""


def pressed_in_channel(body: Mapping[str, Any]) -> Place | None:
    """Where a button was pressed, when it was on a message in a team's channel (public or private: not a
    ``D…`` DM), such as the weekly question's "Answer privately"; else None."""
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    if not isinstance(channel, Mapping) or not isinstance(container, Mapping) or container.get("type") != "message":
        return None
    channel_id = channel.get("id")
    if not isinstance(channel_id, str) or not channel_id or channel_id.startswith("D"):
        return None
    message = body.get("message") if isinstance(body.get("message"), Mapping) else {}
    thread = (message or {}).get("thread_ts") or container.get("thread_ts") or ""
    return Place(channel_id, thread=thread if isinstance(thread, str) else "")
