"""Test doubles that stand in for the outside world, never for the thing under test.

- :class:`FixedClock`: time that only moves when a test moves it.
- :class:`RecordingChannel`: a Channel that records what is sent proactively.
- :class:`Chat`: one person talking to a real :class:`~bot.turns.handler.Bot`, read like a conversation::

      reply = await chat.send("lesson")
      reply.expect("Try this today")
      await chat.press("Reflect on this")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain.channel import Handler
from bot.domain.types import Address, Button, Incoming, Reply


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # a Wednesday morning in London

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def set(self, when: datetime) -> None:
        self.now = when


@dataclass
class RecordingChannel:
    """A Channel that keeps every proactive send, in order."""

    name: str = "recording"
    sent: list[tuple[Address, tuple[Reply, ...]]] = field(default_factory=list)

    def mount(self, web_app: Any) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        self.sent.append((address, tuple(replies)))


@dataclass
class Turn:
    """The replies to one message, with assertions that say what a person would notice."""

    replies: list[Reply]

    @property
    def text(self) -> str:
        return "\n".join(f"{r.title}\n{r.text}" if r.title else r.text for r in self.replies)

    @property
    def buttons(self) -> list[Button]:
        return [b for r in self.replies for b in r.buttons]

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.buttons]

    def expect(self, *fragments: str) -> Turn:
        for fragment in fragments:
            assert fragment.lower() in self.text.lower(), f"expected {fragment!r} in the reply:\n{self.text}"
        return self

    def expect_not(self, *fragments: str) -> Turn:
        for fragment in fragments:
            assert fragment.lower() not in self.text.lower(), f"did not expect {fragment!r} in:\n{self.text}"
        return self

    def button(self, label: str) -> Button:
        for b in self.buttons:
            if b.label.lower() == label.lower() or b.label.lower().startswith(label.lower()):
                return b
        raise AssertionError(f"no button {label!r}; buttons are {self.labels}")


class Chat:
    """One person in one conversation with the bot."""

    def __init__(
        self, handle: Handler, clock: FixedClock, user: str = "amy", platform: str = "console", tenant: str = "local"
    ) -> None:
        self.handle = handle
        self.clock = clock
        self.address = Address(platform, tenant, user, f"{platform}:{user}")
        self.timezone = ""  # the time zone the platform reports for this person, if any
        self.last: Turn | None = None

    async def send(self, text: str) -> Turn:
        return await self._turn(Incoming(self.address, text=text, timezone=self.timezone))

    async def act(self, value: str, values: dict[str, str] | None = None, event_id: str = "") -> Turn:
        return await self._turn(
            Incoming(self.address, action=value, values=values or {}, event_id=event_id, timezone=self.timezone)
        )

    async def press(self, label: str) -> Turn:
        assert self.last is not None, "nothing has been said yet"
        return await self.act(self.last.button(label).value)

    async def _turn(self, incoming: Incoming) -> Turn:
        self.last = Turn(list(await self.handle(incoming)))
        return self.last
