"""Building a turn's input from a person record and a fixed clock, and reading what it decided."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

from bot.dialogue import TurnInput, TurnOutput, World, turn
from bot.domain.records import PersonRecord
from bot.domain.types import Address, Incoming

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday, 09:00 in London
TODAY = date(2026, 3, 10)
PERSON = PersonRecord(
    id=1,
    platform="console",
    tenant="",
    user_id="someone",
    conversation="c1",
    ref="",
    created_at=NOW,
    timezone="Europe/London",
    nudge_time=time(10, 0),
    nudge_days=frozenset(range(5)),
    subscribed=True,
    paused_until=None,
    next_due_at=datetime(2026, 3, 10, 10, 0, tzinfo=UTC),
    reachable=True,
    lesson_position=0,
    last_lesson_id=None,
    last_lesson_on=None,
)


def address(user: str = "someone") -> Address:
    return Address("console", "", user, "c1")


def decide(
    world: World,
    *,
    text: str | None = None,
    action: str | None = None,
    values: Mapping[str, str] | None = None,
    state: Mapping[str, Any] | None = None,
    lead: bool = False,
    now: datetime = NOW,
    **person: Any,
) -> TurnOutput:
    """One turn for a known person (``lead`` speaks as the demo organisation's lead of every unit)."""
    record = replace(PERSON, state=dict(state or {}), **person)
    incoming = Incoming(address=address("lead" if lead else "someone"), text=text, action=action, values=values or {})
    return turn(TurnInput(incoming=incoming, person=record, now=now, world=world))


def asking(mode: str, **fields: Any) -> dict[str, Any]:
    """A stored state that is waiting for an answer, asked a minute ago."""
    return {"mode": mode, **fields, "at": NOW.replace(minute=0).isoformat()}


def texts(out: TurnOutput) -> str:
    return "\n".join(reply.text for reply in out.replies)


def values(out: TurnOutput) -> list[str]:
    return [button.value for reply in out.replies for button in reply.buttons]


def stored(out: TurnOutput) -> dict[str, Any]:
    """The state as the store would keep it, without its time stamp."""
    mapping = out.state.to_mapping()
    mapping.pop("at", None)
    return mapping
