"""Support routes (signposts): what each is for (its topics) and where it applies (its nations).

A signpost serves one or more topics (``distress``, ``domestic-abuse``, ``sexual-assault``), names the nations
it serves (``[uk]`` is shorthand for all four) and the date its number and details were last checked.
:func:`signposts_for` picks the routes for one topic and one organisation's nation, keeping their order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain.content_limits import LIMITS
from bot.domain.yamlfields import FieldReader
from bot.domain.yamlfile import LineMap, Problem

TOPICS = ("distress", "domestic-abuse", "sexual-assault")
NATIONS = ("england", "wales", "scotland", "northern-ireland")
UK = "uk"  # shorthand in a signpost's nations: all four
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


@dataclass(frozen=True, slots=True)
class Signpost:
    id: str
    name: str
    detail: str
    urgent: bool = False
    reference: str = ""
    topics: tuple[str, ...] = ("distress",)
    nations: tuple[str, ...] = ()  # read from YAML: always named ([uk] is all four); empty: every nation
    checked: date | None = None  # when its number and details were last checked; always set when read from YAML

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
    return _checked_choices(r, m, key, r.texts(m, key, minimum=1), allowed, default)


def _checked_choices(
    r: FieldReader, m: LineMap, key: str, values: tuple[str, ...], allowed: tuple[str, ...], default: tuple[str, ...]
) -> tuple[str, ...]:
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


def _read_nations(r: FieldReader, m: LineMap) -> tuple[str, ...]:
    """A signpost's nations (required); ``[uk]`` is all four."""
    if "nations" not in m:
        r.problem(m.line, "missing 'nations' (england, wales, scotland, northern-ireland, or [uk] for all four)")
        return ()
    values = r.texts(m, "nations", minimum=1)
    if UK not in values:
        return _checked_choices(r, m, "nations", values, NATIONS, ())
    if len(values) > 1:
        r.problem(m.line_of("nations"), "'uk' already means every nation: list it alone, as [uk]")
    return NATIONS


def _read_checked(r: FieldReader, m: LineMap, today: date) -> date | None:
    """When a signpost was last checked: an ISO date (YYYY-MM-DD), not in the future."""
    value = m.get("checked")
    if value is None:
        r.problem(m.line, "missing 'checked' (the date its number and details were last checked, YYYY-MM-DD)")
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if not isinstance(value, date):
        r.problem(m.line_of("checked"), f"'checked' must be a date written YYYY-MM-DD, not {value!r}")
        return None
    checked = date(value.year, value.month, value.day)  # a date-time counts as its day
    if checked > today:
        r.problem(m.line_of("checked"), f"'checked' {checked.isoformat()} is in the future")
    return checked


def read_signpost(r: FieldReader, m: LineMap, today: date | None = None) -> Signpost:
    r.unknown_keys(m, ("id", "name", "detail", "urgent", "reference", "topics", "nations", "checked"))
    signpost = Signpost(
        id=r.ident(m),
        name=r.text(m, "name", max_chars=LIMITS["title_chars"]),
        detail=r.text(m, "detail", max_chars=LIMITS["signpost_detail_chars"]),
        urgent=r.flag(m, "urgent"),
        reference=r.text(m, "reference", required=False),
        topics=_choices(r, m, "topics", TOPICS, ("distress",)),
        nations=_read_nations(r, m),
        checked=_read_checked(r, m, today or date.today()),
    )
    some = signpost.nations if set(signpost.nations) != set(NATIONS) else ()
    unnamed = [NATION_NAMES[n] for n in some if NATION_NAMES[n] not in signpost.name]
    if signpost.name and unnamed:
        # with no nation set, an organisation sees every nation's routes: the name must say whose it is
        r.problem(m.line_of("name"), f"name {signpost.name!r} must say the nation it serves: {', '.join(unnamed)}")
    return signpost


def signposts_from(
    path: Path, listed: Any, line: int, problems: list[Problem], today: date | None = None
) -> list[tuple[Signpost, LineMap]]:
    """Signposts from an already-parsed list, each with its mapping (used by the organisation file too)."""
    r = FieldReader(path, problems)
    if not isinstance(listed, list):
        r.problem(line, "'signposts' must be a list")
        return []
    out = []
    for item in listed:
        m = r.mapping(item, getattr(listed, "line", line), "each signpost")
        if m is not None:
            out.append((read_signpost(r, m, today), m))
    return out
