"""`sources`: where the last lesson or script shown comes from (or the one whose Sources button was pressed)."""

from __future__ import annotations

from bot.dialogue import actions as act
from bot.dialogue.flows.common import ActionHandler, ActionKey
from bot.dialogue.model import TurnInput, TurnOutput
from bot.dialogue.views import sources as views
from bot.domain.content import Content
from bot.domain.types import Reply

SOURCES_PREFIX = "sources:"  # a button value that offers an item's sources (see remember_shown)


def _sources(inp: TurnInput, out: TurnOutput, action: act.Sources) -> None:
    item = action.item or inp.person.last_shown or ""
    if not item and inp.person.last_lesson_id:
        item = f"lesson:{inp.person.last_lesson_id}"
    out.replies.append(_sources_of(inp.world.content, item))


def _sources_of(content: Content, item: str) -> Reply:
    kind, _, item_id = item.partition(":")
    if kind == "lesson" and (position := content.lesson_position(item_id)) >= 0:
        lesson = content.lessons[position]
        title, reference_ids = lesson.title, lesson.references
    elif kind == "script" and item_id in content.scripts:
        script = content.scripts[item_id]
        title, reference_ids = script.title, script.references
    else:
        return views.nothing_shown()
    references = [content.references[r] for r in reference_ids if r in content.references]
    return views.sources(kind, title, references)


def remember_shown(inp: TurnInput, out: TurnOutput) -> None:
    """What `sources` will explain next: the last lesson or script this turn showed (its Sources button)."""
    for reply in reversed(out.replies):
        for button in reply.buttons:
            if button.value.startswith(SOURCES_PREFIX):
                shown = button.value.removeprefix(SOURCES_PREFIX)
                if shown != inp.person.last_shown:
                    out.person_changes["last_shown"] = shown
                return


ACTIONS: dict[ActionKey, ActionHandler] = {act.Sources: _sources}
