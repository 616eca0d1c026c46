"""A message goes through the dialogue in one direction: router, one flow, its views. Following one direct
message from its text to the replies the adapter posts enters each dialogue module at most twice (the model
when the turn's input is built and when its state is stored; a flow's views once)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from bot.dialogue import World
from bot.domain.types import Address, Incoming
from bot.store import Store
from bot.turns.handler import Bot

DIALOGUE = str(Path(__file__).resolve().parent.parent / "bot" / "dialogue")
MESSAGES = [
    "a patient just made a racist comment to my colleague",
    "lesson",
    "help",
    "settings",
    "flag",
    "status",
    "reflect",
    "reflections",
    "pause",
    "scripts",
    "review",
    "delete my data",
    "what's this about?",
]


def _entries_into_the_dialogue(calls: Counter[str]) -> Any:
    """A profiler counting calls into a dialogue module from code outside that module."""

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event != "call" or not frame.f_code.co_filename.startswith(DIALOGUE):
            return
        caller = frame.f_back.f_code.co_filename if frame.f_back else ""
        if caller != frame.f_code.co_filename:
            calls[frame.f_code.co_filename.removeprefix(DIALOGUE)] += 1

    return profile


@pytest.mark.parametrize("lead", [False, True], ids=["staff", "lead"])
async def test_a_message_enters_each_dialogue_module_at_most_twice(tmp_path: Path, world: World, lead: bool) -> None:
    store = await Store.open(f"sqlite:///{tmp_path / 'k.db'}")
    bot = Bot(store, world)
    address = Address("slack", "T1", "lead" if lead else "U1", "D1")
    await bot.handle(Incoming(address, text="hello"))  # first contact: the welcome
    try:
        for text in MESSAGES:
            calls: Counter[str] = Counter()
            sys.setprofile(_entries_into_the_dialogue(calls))
            try:
                replies = await bot.handle(Incoming(address, text=text))
            finally:
                sys.setprofile(None)
            assert replies, text
            assert "/flows/router.py" in calls, text  # the profiler saw the dialogue at all
            assert max(calls.values()) <= 2, (text, dict(calls))
            await bot.handle(Incoming(address, text="cancel"))
    finally:
        await store.close()
