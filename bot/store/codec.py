"""Replies and addresses as JSON, for replies a turn still owes (``processed_events.replies``/``address``).

Only ever written to the database, never to a log: a reply can quote what the person wrote.
"""

from __future__ import annotations

import json
from dataclasses import fields
from functools import cache
from typing import Any

from bot.domain.types import Address, Button, Field, Form, Option, Reply


def encode_replies(replies: list[Reply]) -> str:
    return json.dumps(replies, default=_as_dict, separators=(",", ":"))


def decode_replies(text: str | None) -> list[Reply]:
    return [_reply(item) for item in json.loads(text or "[]")]


def encode_address(address: Address) -> str:
    return json.dumps(address, default=_as_dict, separators=(",", ":"))


def _as_dict(value: Any) -> dict[str, Any]:
    """A reply's parts for ``json.dumps``, which calls this for each dataclass it meets (tuples become lists).
    What ``dataclasses.asdict`` gives, without its deep copy of every field, which cost more than the turn."""
    kind: type = type(value)  # annotated, or mypy takes type(Any) for an unhashable argument
    return {name: getattr(value, name) for name in _field_names(kind)}


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def decode_address(text: str) -> Address:
    return Address(**json.loads(text))


def _reply(item: dict[str, Any]) -> Reply:
    form = item.get("form")
    return Reply(
        text=item["text"],
        title=item.get("title", ""),
        buttons=tuple(Button(**button) for button in item.get("buttons", ())),
        form=_form(form) if form else None,
        private=bool(item.get("private", False)),
        off_record=bool(item.get("off_record", False)),
    )


def _form(item: dict[str, Any]) -> Form:
    fields = tuple(
        Field(**{**field, "options": tuple(Option(**option) for option in field.get("options", ()))})
        for field in item["fields"]
    )
    return Form(
        title=item["title"], fields=fields, submit=item["submit"], submit_label=item.get("submit_label", "Send")
    )
