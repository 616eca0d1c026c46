"""Neutral replies as Adaptive Cards (schema 1.5, the newest Teams renders), as plain dicts.

One :class:`~bot.domain.types.Reply` becomes one card, or a few when it is long:

- ``title``: a large, bold TextBlock (style ``heading``, so screen readers announce it as one).
- ``text``: one wrapping TextBlock per line, so line breaks survive every Teams client.
- ``buttons``: ``Action.Submit`` with ``data = {"action": value}``, in rows of a few (Teams hides the
  actions beyond its limit in an overflow menu, so long lists of choices are split into several rows).
- ``form``: ``Input.ChoiceSet`` / ``Input.Text`` with labels, ``isRequired`` and ``errorMessage``, and an
  ``Action.Submit`` whose data carries the form's submit id. A card with a form shows the form *instead of*
  the reply's buttons: the core offers those buttons as the step-by-step route to the same form, for
  adapters that cannot show one (see :class:`bot.domain.types.Form`).

Every card has ``fallbackText`` (the reply's text, made inert like the TextBlocks) and every activity a
``summary`` (the reply's text as is: it is never rendered as Markdown), for notifications, screen readers
and clients that cannot draw cards.

**All reply text is treated as plain text.** TextBlocks render a Markdown subset (bold, italic, links,
lists), and the core does not say which words a person wrote (a flag's description reaches a lead inside a
core sentence). :func:`plain` therefore neutralises the syntax that could format text or hide a link
target behind a label: ``*``, ``_``, ``~`` and backticks become look-alike characters, and the ``(`` straight
after a ``]`` becomes a full-width bracket, so ``[label](http://evil)`` shows as typed and is not a link.
Only that pair is touched: a link needs the ``(`` immediately after the ``]`` (CommonMark, markdown-it in
the web and desktop clients, and the Adaptive Cards parser of the mobile ones all agree), so ordinary text
such as a redacted ``[name] (bleep [phone])`` keeps its brackets and its space.
Look-alikes are used rather than backslash escapes because Teams clients disagree on backslashes (desktop
and mobile have rendered them differently). A bare URL is still shown as typed (Teams may make it
clickable, but the reader sees where it goes); lists and numbering stay, since they only lay text out.

**Off the record** (``Reply.off_record``: a flag's words or case code): every ``Action.Submit`` also carries
``{OFF_RECORD: true}``, and the last card gets a row with a "Done, hide this" button (:data:`HIDE`). When a
submit with that marker arrives, the adapter replaces the card it came from with :data:`CLEARED`
(:mod:`adapters.teams.off_record`); "Done, hide this" itself is never handed to the core. The activity's
``summary`` (what a notification shows, on a lock screen too) is then only the title, or a neutral line.

Size: Teams refuses bot messages much over 28 KB (far below the 80 KB card ceiling), so a card whose JSON
would pass :data:`CARD_BUDGET` is split into several, the title on the first and the actions on the last.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from bot.domain.types import Button, Field, Form, Reply

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_BUDGET = 20_000  # bytes of card JSON per message
SUMMARY_CHARS = 600  # notification preview; the card itself carries everything
ROW_BUTTONS = 3  # at most this many buttons side by side
ROW_CHARS = 40  # ... and at most this many characters of labels in one row
EXPANDED_CHOICES = 4  # up to this many options show as radio buttons, more as a drop-down
OFF_RECORD = "kinship_off_record"  # in the data of every button on an off-the-record card
HIDE = "kinship:hide"  # the "Done, hide this" button's action: handled by the adapter, never by the core
HIDE_LABEL = "Done, hide this"
OFF_RECORD_SUMMARY = "A private message from Kinship"

_LOOK_ALIKES = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})


def plain(text: str) -> str:
    """``text`` made inert for Adaptive Card Markdown: it renders as typed, with no formatting or links."""
    text = text.translate(_LOOK_ALIKES)
    return text.replace("](", "]（")  # where a link's text would meet its target; "] (" is never a link


def render(reply: Reply) -> list[dict[str, Any]]:
    """The Adaptive Card(s) for one reply: usually one; several, in order, for a very long reply."""
    head = _title(reply.title) if reply.title else []
    tail = _form(reply.form, reply.title) if reply.form else _buttons(reply.buttons)
    if reply.off_record:
        tail = _off_record(tail)
    lines = _text_blocks(reply.text)
    card = _card([*head, *lines, *tail], plain(reply.text))
    if _surely_fits(reply, len(lines)) or _size(card) <= CARD_BUDGET:
        return [card]
    return list(_split(head, lines, tail, reply.text))


def summary(reply: Reply) -> str:
    """Plain text for the activity's ``summary`` (notifications and previews). Off the record: the title only,
    or a neutral line, so that no notification shows a flag's words or code."""
    if reply.off_record:
        return reply.title or OFF_RECORD_SUMMARY
    text = f"{reply.title}: {reply.text}" if reply.title else reply.text
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def card_size(card: dict[str, Any]) -> int:
    """Bytes of the card as sent (UTF-8 JSON)."""
    return _size(card)


# --- pieces ---------------------------------------------------------------------------------------------


def _card(body: list[dict[str, Any]], fallback: str) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": fallback,
        "body": body,
    }


def _title(title: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "TextBlock",
            "text": plain(title),
            "size": "Large",
            "weight": "Bolder",
            "style": "heading",
            "wrap": True,
        }
    ]


def _text_blocks(text: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    gap = False
    for line in text.splitlines():
        if not line.strip():
            gap = True
            continue
        block: dict[str, Any] = {"type": "TextBlock", "text": plain(line), "wrap": True}
        block["spacing"] = "Medium" if gap or not blocks else "Small"
        blocks.append(block)
        gap = False
    return blocks


def _submit(title: str, value: str, style: str = "default") -> dict[str, Any]:
    action: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": {"action": value}}
    if style == "primary":
        action["style"] = "positive"
    elif style == "danger":
        action["style"] = "destructive"
    return action


def _rows(buttons: Sequence[Button]) -> Iterator[list[Button]]:
    row: list[Button] = []
    for button in buttons:
        width = sum(len(b.label) for b in row) + len(button.label)
        if row and (len(row) >= ROW_BUTTONS or width > ROW_CHARS):
            yield row
            row = []
        row.append(button)
    if row:
        yield row


def _buttons(buttons: Sequence[Button]) -> list[dict[str, Any]]:
    return [
        {"type": "ActionSet", "actions": [_submit(b.label, b.value, b.style) for b in row]} for row in _rows(buttons)
    ]


def _off_record(tail: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``tail`` (action sets and form inputs) with the marker in every submit's data, then "Done, hide this"."""
    marked = [
        {**element, "actions": [{**a, "data": {**a["data"], OFF_RECORD: True}} for a in element["actions"]]}
        if element.get("type") == "ActionSet"
        else element
        for element in tail
    ]
    hide = {"type": "Action.Submit", "title": HIDE_LABEL, "data": {"action": HIDE, OFF_RECORD: True}}
    return [*marked, {"type": "ActionSet", "actions": [hide]}]


def _form(form: Form, reply_title: str = "") -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    if form.title and form.title != reply_title:
        body.append(
            {"type": "TextBlock", "text": plain(form.title), "weight": "Bolder", "wrap": True, "spacing": "Large"}
        )
    body += [_input(f) for f in form.fields]
    body.append({"type": "ActionSet", "actions": [_submit(form.submit_label, form.submit, "primary")]})
    return body


def _input(f: Field) -> dict[str, Any]:
    """One form field. Input ids are the field names, so a submission's ``activity.value`` is
    ``{"action": submit, <field>: <value>, ...}``: ``action`` is reserved and never a field name."""
    if f.name == "action":
        raise ValueError("a form field cannot be called 'action': that key carries the submit id")
    element: dict[str, Any] = {"id": f.name, "label": plain(f.label), "isRequired": not f.optional}
    if not f.optional:
        element["errorMessage"] = "Please choose one." if f.kind == "choice" else "Please fill this in."
    if f.kind == "choice":
        element.update(
            type="Input.ChoiceSet",
            choices=[{"title": o.label, "value": o.value} for o in f.options],
            style="expanded" if len(f.options) <= EXPANDED_CHOICES else "compact",
        )
        if f.initial:
            element["value"] = f.initial
        elif element["style"] == "compact":
            element["placeholder"] = f.placeholder or "Choose…"
        return element
    element["type"] = "Input.Text"
    if f.multiline:
        element["isMultiline"] = True
    if f.max_length:
        element["maxLength"] = f.max_length
    if f.placeholder:
        element["placeholder"] = f.placeholder
    if f.initial:
        element["value"] = f.initial  # never escaped: it comes back as the person's answer
    return element


def _split(
    head: list[dict[str, Any]], lines: list[dict[str, Any]], tail: list[dict[str, Any]], text: str
) -> Iterator[dict[str, Any]]:
    """Several cards for one long reply, each within budget (fallback text included), in order."""

    def fits(body: list[dict[str, Any]]) -> bool:
        return _size(_card(body, _fallback_of(body))) <= CARD_BUDGET

    body: list[dict[str, Any]] = list(head)
    for block in lines:
        for piece in _chunks_of(block):
            if body and not fits([*body, piece]):
                yield _card(body, _fallback_of(body))
                body = []
            body.append(piece)
    if body and not fits([*body, *tail]):
        yield _card(body, _fallback_of(body))
        body = []
    body += tail
    yield _card(body, _fallback_of(body) or plain(text[:200]))


def _chunks_of(block: dict[str, Any], limit: int = CARD_BUDGET // 16) -> Iterator[dict[str, Any]]:
    """A single TextBlock longer than ``limit`` characters, cut at spaces into several. A piece is in the card
    twice (block and fallback text) and a character can take 6 bytes of JSON, so a piece of ``limit``
    characters always fits a card, whatever it is made of."""
    text = block["text"]
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        yield {**block, "text": text[:cut]}
        text = text[cut:].lstrip()
        block = {**block, "spacing": "None"}
    yield {**block, "text": text}


def _fallback_of(body: list[dict[str, Any]]) -> str:
    return "\n".join(b["text"] for b in body if b.get("type") == "TextBlock")


def _surely_fits(reply: Reply, blocks: int) -> bool:
    """True when even the worst case is within :data:`CARD_BUDGET`, so the card need not be measured: the
    text is there twice (blocks and fallback), a character is at most 6 bytes of JSON (``\\u001f``), and each
    block, button or the rest of the card adds well under the allowance given here. Forms are measured."""
    if reply.form is not None:
        return False
    chars = len(reply.text) + len(reply.title) + sum(len(b.label) + len(b.value) for b in reply.buttons)
    return 12 * chars + 150 * (blocks + 2) + 250 * (len(reply.buttons) + reply.off_record) + 500 <= CARD_BUDGET


def _size(card: dict[str, Any]) -> int:
    return len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode())
