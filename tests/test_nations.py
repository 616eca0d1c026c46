"""The organisation's nation picks the support routes people see, and an organisation can replace any route.

Tried as someone would meet them: `support` typed in a chat with the bot of a trust in each nation, and a
disclosure of harm at home."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue import World
from bot.domain.config import DEFAULT_CONTENT_DIR
from bot.domain.content import load_content
from bot.domain.org import load_organisation
from bot.store import Store
from bot.turns.handler import Bot
from tests.fakes import Chat, FixedClock

ORG = """organisation:
  name: Test Trust
  nation: {nation}
  units:
    - {{id: ward-1, name: Ward 1}}
  leads:
    - {{platform: console, user: lead, units: ["*"]}}
{extra}"""

# what someone in each nation sees first among the routes for distress, and what they must not be sent to
EXPECTED = {
    "england": (["NHS 111", "option 2", "Samaritans", "116 123"], ["Breathing Space", "Lifeline", "NHS 24"]),
    "wales": (["NHS 111 Wales", "Samaritans"], ["Breathing Space", "Lifeline", "NHS 24", "NHS 111 (England)"]),
    "scotland": (["NHS 24", "Breathing Space", "0800 83 85 87", "Samaritans"], ["Lifeline", "NHS 111 Wales"]),
    "northern-ireland": (["Lifeline", "0808 808 8000", "Samaritans"], ["Breathing Space", "NHS 24", "option 2"]),
}
HOME = {
    "england": "0808 2000 247",
    "wales": "0808 80 10 800",
    "scotland": "0800 027 1234",
    "northern-ireland": "0808 802 1414",
}


def _world(tmp_path: Path, nation: str, extra: str = "") -> World:
    org = tmp_path / "org.yaml"
    org.write_text(ORG.format(nation=nation, extra=extra))
    return World.build(load_content(DEFAULT_CONTENT_DIR), load_organisation(org))


@pytest.mark.parametrize("nation", sorted(EXPECTED))
async def test_support_shows_the_routes_of_the_organisations_nation(
    tmp_path: Path, store: Store, clock: FixedClock, nation: str
) -> None:
    world = _world(tmp_path, nation)
    chat = Chat(Bot(store, world, clock).handle, clock)
    shown, not_shown = EXPECTED[nation]
    turn = await chat.send("support")
    turn.expect("999", *shown).expect_not(*not_shown)
    home = await chat.send("my partner hits me when he's been drinking and I'm scared to go home")
    home.expect(HOME[nation], "press 55")


async def test_an_organisation_can_replace_any_default_route(tmp_path: Path, store: Store, clock: FixedClock) -> None:
    extra = """  signposts:
    - id: samaritans
      name: Samaritans (our local branch)
      detail: Call our local branch on 01234 567890, or 116 123 any time.
      urgent: false
      nations: [uk]
      checked: 2026-12-01
"""
    world = _world(tmp_path, "scotland", extra)
    chat = Chat(Bot(store, world, clock).handle, clock)
    (await chat.send("support")).expect("our local branch", "01234 567890", "Breathing Space")
