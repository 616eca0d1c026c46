"""Support routes (signposts): what each is for (its topics) and where it applies (its nations).

A signpost serves one or more topics (``distress``, ``domestic-abuse``, ``sexual-assault``) and, when it is
run for only part of the UK, names its nations. :func:`signposts_for` picks the routes for one topic and one
organisation's nation, keeping their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.domain.content_limits import LIMITS
from bot.domain.yamlfields import FieldReader
from bot.domain.yamlfile import LineMap, Problem

TOPICS = ("distress", "domestic-abuse", "sexual-assault")
NATIONS = ("england", "wales", "scotland", "northern-ireland")
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


@dataclass(frozen=True, slots=True)
class Signpost:
    id: str
    name: str
    detail: str
    urgent: bool = False
    reference: str = ""
    topics: tuple[str, ...] = ("distress",)
    nations: tuple[str, ...] = ()  # empty: every nation

    def applies(self, topic: str, nation: str | None) -> bool:
        return topic in self.topics and (not nation or not self.nations or nation in self.nations)


def signposts_for(signposts: Iterable[Signpost], topic: str, nation: str | None) -> tuple[Signpost, ...]:
    """The signposts for ``topic`` in ``nation`` (None: every nation), in their given order.

    Raises ValueError for a topic or nation that is not one of :data:`TOPICS` / :data:`NATIONS`, so a typo in
    a caller fails loudly rather than showing no routes.
    """
    if topic not in TOPICS:
        raise ValueError(f"unknown signpost topic {topic!r} (expected one of: {', '.join(TOPICS)})")
    if nation is not None and nation not in NATIONS:
        raise ValueError(f"unknown nation {nation!r} (expected one of: {', '.join(NATIONS)})")
    return tuple(s for s in signposts if s.applies(topic, nation))


def _choices(
    r: FieldReader, m: LineMap, key: str, allowed: tuple[str, ...], default: tuple[str, ...]
) -> tuple[str, ...]:
    if key not in m:
        return default
    values = r.texts(m, key, minimum=1)
    for value in values:
        if value not in allowed:
            expected = ", ".join(allowed)
            r.problem(m.line_of(key), f"unknown {key[:-1]} {value!r} in {key!r} (expected one of: {expected})")
    if len(set(values)) != len(values):
        r.problem(m.line_of(key), f"{key!r} lists the same value twice")
    return tuple(v for v in dict.fromkeys(values) if v in allowed) or default


def read_nation(r: FieldReader, m: LineMap, key: str = "nation") -> str | None:
    """An optional single nation (the organisation's), checked against :data:`NATIONS`."""
    nation = r.text(m, key, required=False)
    if not nation:
        return None
    if nation not in NATIONS:
        r.problem(m.line_of(key), f"unknown {key} {nation!r} (expected one of: {', '.join(NATIONS)})")
        return None
    return nation


def read_signpost(r: FieldReader, m: LineMap) -> Signpost:
    r.unknown_keys(m, ("id", "name", "detail", "urgent", "reference", "topics", "nations"))
    signpost = Signpost(
        id=r.ident(m),
        name=r.text(m, "name", max_chars=LIMITS["title_chars"]),
        detail=r.text(m, "detail", max_chars=LIMITS["signpost_detail_chars"]),
        urgent=r.flag(m, "urgent"),
        reference=r.text(m, "reference", required=False),
        topics=_choices(r, m, "topics", TOPICS, ("distress",)),
        nations=_choices(r, m, "nations", NATIONS, ()),
    )
    unnamed = [NATION_NAMES[n] for n in signpost.nations if NATION_NAMES[n] not in signpost.name]
    if signpost.name and unnamed:
        # with no nation set, an organisation sees every nation's routes: the name must say whose it is
        r.problem(m.line_of("name"), f"name {signpost.name!r} must say the nation it serves: {', '.join(unnamed)}")
    return signpost


def signposts_from(path: Path, listed: Any, line: int, problems: list[Problem]) -> list[tuple[Signpost, int]]:
    """Signposts from an already-parsed list (used by the organisation file's overrides too)."""
    r = FieldReader(path, problems)
    if not isinstance(listed, list):
        r.problem(line, "'signposts' must be a list")
        return []
    out = []
    for item in listed:
        m = r.mapping(item, getattr(listed, "line", line), "each signpost")
        if m is not None:
            out.append((read_signpost(r, m), m.line))
    return out
