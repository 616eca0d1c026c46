"""Neutral replies and forms rendered as Block Kit, within Slack's limits.

Escaping policy. The core does not say which text a person wrote (a flag description shown to a lead, a
lead's note relayed to a reporter), so every piece of reply text is treated as untrusted:

- Body text and titles are sent as ``plain_text`` (section and header blocks). Slack never parses
  ``plain_text`` for mentions, links or mrkdwn, so ``<!channel>``, ``<@U123>``, ``<https://x|y>`` and
  ``*bold*`` show as the characters typed and notify or link nothing.
- The ``text`` field of a message (the fallback used for notifications and screen readers) *is* parsed as
  mrkdwn by Slack, so it is escaped (``&``, ``<``, ``>`` as Slack asks): a mention or link in it becomes
  inert text. Formatting characters there are harmless: the fallback is not shown beside blocks.
- The only mrkdwn we send is our own fixed wording (a context line in a modal or on the Home tab), built
  with :func:`escape` around anything that is not a literal.

Limits honoured (https://docs.slack.dev/reference/block-kit): 50 blocks per message (longer replies are split
across messages at block boundaries, buttons last), 100 per modal or Home tab, 3,000 characters per
section, 150 per header, 75 per button or option label, 2,000 per button value, 150 per option value,
25 elements per actions block, 100 options per select, 24 characters for modal title, submit and close.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.types import Button, Field, Form, Reply

log = logging.getLogger(__name__)

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_LABEL_CHARS = 75
MAX_BUTTON_VALUE = 2000
MAX_OPTION_VALUE = 150
MAX_ACTION_ELEMENTS = 25
MAX_SELECT_OPTIONS = 100
MAX_VIEW_TITLE = 24
MAX_FALLBACK_CHARS = 3000
MAX_INPUT_CHARS = 3000
MAX_PRIVATE_METADATA = 3000
MAX_RADIO_OPTIONS = 5  # more choices than this in a form become a drop-down
INLINE_BUTTONS = 8  # more buttons than this in a message: the plain choices become one drop-down

BUTTON_ACTION_PREFIX = "kinship.b"
SELECT_ACTION_ID = "kinship.select"
INPUT_ACTION_ID = "value"
FORM_CALLBACK_ID = "kinship_form"

Block = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """One ``chat.postMessage``: the escaped fallback text and at most 50 blocks."""

    text: str
    blocks: list[Block]


def escape(text: str) -> str:
    """Slack's three control characters as entities, so the text cannot mention, link or address anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plain(text: str, limit: int = MAX_SECTION_CHARS) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit) or " "}


def split_text(text: str, limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Pieces of at most ``limit`` characters, broken at paragraph, then line, then word boundaries."""
    pieces: list[str] = []
    current = ""
    for unit in _units(text, limit):
        candidate = f"{current}\n{unit}" if current else unit
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                pieces.append(current)
            current = unit
    if current:
        pieces.append(current)
    return pieces or [" "]


def _units(text: str, limit: int) -> Iterable[str]:
    """Lines of ``text``, each at most ``limit`` long (over-long lines broken at spaces where possible)."""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit + 1)
            cut = cut if cut > limit // 2 else limit
            yield line[:cut].rstrip()
            line = line[cut:].lstrip()
        yield line


def _button(button: Button, index: int) -> Block | None:
    if len(button.value) > MAX_BUTTON_VALUE:
        # the core's values are short by construction; a longer one would be refused by Slack with the
        # whole message, so this one button is left out rather than losing the reply
        log.warning(
            "button left out: its value is %d characters (Slack allows %d)", len(button.value), MAX_BUTTON_VALUE
        )
        return None
    element: Block = {
        "type": "button",
        "action_id": f"{BUTTON_ACTION_PREFIX}{index}",
        "text": _plain(button.label, MAX_LABEL_CHARS),
        "value": button.value,
    }
    if button.style != "default":
        element["style"] = button.style
    return element


def _option(label: str, value: str) -> Block:
    return {"text": _plain(label, MAX_LABEL_CHARS), "value": value}


def action_blocks(buttons: Sequence[Button]) -> list[Block]:
    """Buttons as actions blocks. Long lists of plain choices (a category, a script, a flag to open) become
    one drop-down, which reads better on a phone; styled buttons and the last one (Help, Cancel) stay."""
    buttons = list(buttons)
    select: list[Button] = []
    if len(buttons) > INLINE_BUTTONS:
        select = [b for b in buttons[:-1] if b.style == "default" and len(b.value) <= MAX_OPTION_VALUE]
        select = select[:MAX_SELECT_OPTIONS]
        chosen = {id(b) for b in select}
        buttons = [b for b in buttons if id(b) not in chosen]
    blocks: list[Block] = []
    if select:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "static_select",
                        "action_id": SELECT_ACTION_ID,
                        "placeholder": _plain("Choose one…"),
                        "options": [_option(b.label, b.value) for b in select],
                    }
                ],
            }
        )
    elements = [e for i, b in enumerate(buttons) if (e := _button(b, i)) is not None]
    for start in range(0, len(elements), MAX_ACTION_ELEMENTS):
        blocks.append({"type": "actions", "elements": elements[start : start + MAX_ACTION_ELEMENTS]})
    return blocks


def reply_blocks(reply: Reply) -> list[Block]:
    """Header (the title), sections (the text, plain), then the buttons."""
    blocks: list[Block] = []
    if reply.title:
        blocks.append({"type": "header", "text": _plain(reply.title, MAX_HEADER_CHARS)})
    blocks += [{"type": "section", "text": _plain(piece)} for piece in split_text(reply.text)]
    return blocks + action_blocks(reply.buttons)


def fallback(reply: Reply) -> str:
    text = f"{reply.title}\n{reply.text}" if reply.title else reply.text
    return escape(clip(text, MAX_FALLBACK_CHARS))


def _block_text(block: Block) -> str:
    text = block.get("text")
    return text["text"] if isinstance(text, dict) else ""


def render(replies: Sequence[Reply]) -> list[Message]:
    """Each reply becomes one message, or several when it needs more than 50 blocks (buttons stay last)."""
    messages: list[Message] = []
    for reply in replies:
        blocks = reply_blocks(reply)
        if len(blocks) <= MAX_MESSAGE_BLOCKS:
            messages.append(Message(fallback(reply), blocks))
            continue
        for start in range(0, len(blocks), MAX_MESSAGE_BLOCKS):
            part = blocks[start : start + MAX_MESSAGE_BLOCKS]
            words = "\n".join(t for b in part if (t := _block_text(b)).strip())
            messages.append(Message(escape(clip(words, MAX_FALLBACK_CHARS)) if words else fallback(reply), part))
    return messages


# --- modals ---------------------------------------------------------------------------------------------


def _input(field: Field) -> Block:
    element: Block
    if field.kind == "choice":
        options = [_option(o.label, o.value) for o in field.options if len(o.value) <= MAX_OPTION_VALUE]
        options = options[:MAX_SELECT_OPTIONS]
        many = len(options) > MAX_RADIO_OPTIONS
        element = {
            "type": "static_select" if many else "radio_buttons",
            "action_id": INPUT_ACTION_ID,
            "options": options,
        }
        if many:
            element["placeholder"] = _plain(field.placeholder or "Choose one…", MAX_LABEL_CHARS * 2)
        initial = next((o for o in options if o["value"] == field.initial), None)
        if initial is not None:
            element["initial_option"] = initial
    else:
        limit = min(field.max_length or MAX_INPUT_CHARS, MAX_INPUT_CHARS)
        element = {"type": "plain_text_input", "action_id": INPUT_ACTION_ID, "multiline": field.multiline}
        element["max_length"] = limit
        if field.placeholder:
            element["placeholder"] = _plain(field.placeholder, 150)
        if field.initial:
            element["initial_value"] = field.initial[:limit]
    return {
        "type": "input",
        "block_id": field.name,
        "optional": field.optional,
        "label": _plain(field.label, 2000),
        "element": element,
    }


def modal(form: Form, metadata: dict[str, Any], note: str = "") -> Block:
    """A neutral form as a modal. ``metadata`` (JSON, at most 3,000 characters) comes back on submission."""
    blocks = [_input(f) for f in form.fields][: MAX_VIEW_BLOCKS - 1]
    if note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(note)}]})
    private = json.dumps(metadata, separators=(",", ":"), sort_keys=True)
    if len(private) > MAX_PRIVATE_METADATA:
        raise ValueError("modal metadata is longer than Slack allows")
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK_ID,
        "title": _plain(form.title, MAX_VIEW_TITLE),
        "submit": _plain(form.submit_label, MAX_VIEW_TITLE),
        "close": _plain("Cancel", MAX_VIEW_TITLE),
        "private_metadata": private,
        "blocks": blocks,
    }


# --- App Home -------------------------------------------------------------------------------------------

HOME_MENU = (
    Button("Today's lesson", "lesson", "primary"),
    Button("Words to use", "script"),
    Button("Flag something", "flag"),
    Button("Settings", "settings"),
    Button("Help", "help"),
)
HOME_INTRO = (
    "Two minutes a day of kindness, kinship and allyship, for the people you work with and care for. "
    "Press a button and I'll answer in our direct messages, or write to me there at any time."
)


def home(extra: Sequence[Reply] = ()) -> Block:
    """The App Home tab: a short introduction and the menu; then anything the core adds for this person
    (their settings, a lead's summary), cut to fit the 100-block limit."""
    blocks: list[Block] = [
        {"type": "header", "text": _plain("Kinship", MAX_HEADER_CHARS)},
        {"type": "section", "text": _plain(HOME_INTRO)},
        {"type": "actions", "elements": [e for i, b in enumerate(HOME_MENU) if (e := _button(b, i))]},
    ]
    for reply in extra:
        part = [{"type": "divider"}, *reply_blocks(reply)]
        if len(blocks) + len(part) > MAX_VIEW_BLOCKS:
            break
        blocks += part
    if not extra:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "Unit leads: write *review* to me to see anonymised flags for your units.",
                    }
                ],
            }
        )
    return {"type": "home", "blocks": blocks}
