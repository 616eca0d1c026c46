"""Bystander scripts: reading one ``scripts/<id>.yaml`` file into a :class:`Script`, with its optional
``for_you`` block (what to say to the person it happened to)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from bot.domain.content_limits import LIMITS, MIN_SCRIPT_EXAMPLES
from bot.domain.content_rules import check_direct_safety, check_record_consent
from bot.domain.yamlfields import FieldReader
from bot.domain.yamlfile import LineMap, Problem, load_yaml

FIVE_DS = ("distract", "delegate", "document", "delay", "direct")
FOR_YOU_KEYS = ("opening", "now", "tell", "support")


@dataclass(frozen=True, slots=True)
class ForYou:
    """For the person it happened to: believe and name it, then their choices (trauma-informed)."""

    opening: str  # "That shouldn't have happened to you. It isn't your fault." in this script's words
    now: tuple[str, ...]  # what you can do now, including words you could use yourself
    tell: tuple[str, ...]  # who to tell and how to report, each said to be their choice
    support: tuple[str, ...]  # support for you

    def words(self) -> int:
        return sum(len(part.split()) for part in (self.opening, *self.now, *self.tell, *self.support))


@dataclass(frozen=True, slots=True)
class Script:
    id: str
    title: str
    summary: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    safety: str
    steps: tuple[tuple[str, tuple[str, ...]], ...]  # (one of FIVE_DS, lines) in FIVE_DS order
    check_in: tuple[str, ...]
    record: tuple[str, ...]
    avoid: tuple[str, ...]
    references: tuple[str, ...]
    for_you: ForYou | None = None  # only where the writer can be the one targeted

    def visible_words(self) -> int:
        parts = [self.title, self.safety, *self.check_in, *self.record, *self.avoid]
        parts += [line for _, lines in self.steps for line in lines]
        return sum(len(p.split()) for p in parts)


# a script file's keys are the Script's fields
SCRIPT_KEYS = frozenset(f.name for f in fields(Script))


def _read_steps(r: FieldReader, m: LineMap) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A script's 5Ds, in :data:`FIVE_DS` order."""
    raw_steps = m.get("steps")
    if raw_steps is None:
        r.problem(m.line, "missing 'steps' (the 5Ds: distract, delegate, document, delay, direct)")
        return ()
    steps_map = r.mapping(raw_steps, m.line_of("steps"), "'steps'")
    if steps_map is None:
        return ()
    r.unknown_keys(steps_map, FIVE_DS)
    return tuple((d, r.texts(steps_map, d, minimum=1, maximum=3)) for d in FIVE_DS)


def read_for_you(r: FieldReader, m: LineMap) -> ForYou | None:
    """A script's optional ``for_you`` block; every part is required once the block is there."""
    if "for_you" not in m:
        return None
    block = r.mapping(m["for_you"], m.line_of("for_you"), "'for_you'")
    if block is None:
        return None
    r.unknown_keys(block, FOR_YOU_KEYS)
    for_you = ForYou(
        opening=r.text(block, "opening", max_words=40),
        now=r.texts(block, "now", minimum=1, maximum=4),
        tell=r.texts(block, "tell", minimum=1, maximum=6),
        support=r.texts(block, "support", minimum=1, maximum=4),
    )
    if for_you.words() > LIMITS["for_you_words"]:
        r.problem(block.line, f"'for_you' is {for_you.words()} words; the limit is {LIMITS['for_you_words']}")
    return for_you


def read_script(path: Path, problems: list[Problem]) -> tuple[Script, LineMap] | None:
    """One script file, checked; None when it cannot be read as a mapping at all."""
    r = FieldReader(path, problems)
    try:
        data = load_yaml(path)
    except Problem as exc:
        problems.append(exc)
        return None
    m = r.mapping(data, 1, "a script file")
    if m is None:
        return None
    r.unknown_keys(m, SCRIPT_KEYS)
    script_id = r.ident(m)
    if script_id and script_id != path.stem:
        r.problem(m.line_of("id"), f"id {script_id!r} must match the file name {path.stem!r}")
    steps = _read_steps(r, m)
    script = Script(
        id=script_id,
        title=r.text(m, "title", max_chars=LIMITS["title_chars"]),
        summary=r.text(m, "summary", max_words=LIMITS["summary_words"]),
        examples=r.texts(m, "examples", minimum=MIN_SCRIPT_EXAMPLES),
        keywords=r.texts(m, "keywords", minimum=0, required=False),
        safety=r.text(m, "safety"),
        steps=steps,
        check_in=r.texts(m, "check_in", minimum=1, maximum=3),
        record=r.texts(m, "record", minimum=1, maximum=3),
        avoid=r.texts(m, "avoid", minimum=1, maximum=3),
        references=r.texts(m, "references", minimum=1),
        for_you=read_for_you(r, m),
    )
    check_record_consent(path, script.record, m.line_of("record"), problems)
    check_direct_safety(path, dict(script.steps).get("direct", ()), m.line_of("steps"), problems)
    words = script.visible_words()
    if words > LIMITS["script_visible_words"]:
        r.problem(m.line, f"visible text is {words} words; the limit is {LIMITS['script_visible_words']}")
    return script, m
