"""A cheap literal test that rules out most regex searches before they run.

A screen with a couple of hundred patterns runs on every message, and nearly every message matches none of
them. Reading each pattern once, at import, gives two facts that any match must satisfy:

* `required_text`: the longest piece of plain text every match contains, checked with ``in``;
* `word_gate`: a set of words one of which every match contains as a whole word, checked against the
  message's words (`WORD_RE`).

A message that fails either cannot match, so skipping the search changes no result; one that passes is
searched as before. Anything the analysis does not understand gives the empty answer ("" or no words), which
only costs speed. Patterns are expected in lower case (the words are ``[a-z]+``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sre_parse as _sre  # typeshed describes the regex parser under its old, deprecated name
else:
    import re._parser as _sre  # the regex parser (Python 3.11+), to find each pattern's required text

__all__ = ["WORD_RE", "required_text", "word_gate"]

#: The words of a (lower-case) message, to check against a `word_gate`.
WORD_RE = re.compile(r"[a-z]+")

_WORD_LIST_RE = re.compile(r"\(\?:([a-z |]+)\)")
# Words too common to be worth checking for: a gate with one of these lets nearly every message through.
_COMMON_WORDS = frozenset("i im ive id ill me my a the to of and is it in on so just not dont cant he she they".split())


def required_text(pattern: str) -> str:
    """The longest piece of plain text every match of ``pattern`` must contain ("" if none is certain).

    Zero-width parts (``\\b``, lookarounds) keep a run of text going; anything optional or alternative ends
    it, and a group that must occur is searched for a run of its own.
    """
    try:
        parsed = _sre.parse(pattern)
    except Exception:  # an unexpected construct only costs speed: search with the regex every time
        return ""
    return max(_runs(parsed.data), key=len, default="")


def _runs(items: Sequence[tuple[object, Any]]) -> list[str]:
    """Runs of literal text in a parsed pattern that every match goes through, in order.

    Each item is (opcode, argument); the argument's shape depends on the opcode, hence ``Any``.
    """
    found, run = [], ""
    for op, arg in items:
        if op is _sre.LITERAL:
            run += chr(arg)
            continue
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue
        found.append(run)
        run = ""
        if op is _sre.SUBPATTERN:
            found += _runs(list(arg[-1]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
            found += _runs(list(arg[2]))
    return [*found, run]


def _skip_group(pattern: str, i: int) -> int:
    """The index just after the group that opens at ``pattern[i]`` (a "(")."""
    depth = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(pattern, i)
            continue
        depth += c == "("
        depth -= c == ")"
        i += 1
        if depth == 0:
            return i
    return i


def _skip_class(pattern: str, i: int) -> int:
    """The index just after the character class that opens at ``pattern[i]`` (a "[")."""
    j = i + 1
    j += pattern.startswith("^", j)
    j += pattern.startswith("]", j)
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _opens_with_space(pattern: str, i: int) -> bool:
    """True when every alternative of the "(?:" group at ``pattern[i]`` starts with a space."""
    end = _skip_group(pattern, i) - 1
    j, depth, at_start = i + 3, 0, True
    while j < end:
        c = pattern[j]
        if at_start and c != " ":
            return False
        at_start = False
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _skip_class(pattern, j)
            continue
        depth += c == "("
        depth -= c == ")"
        at_start = c == "|" and depth == 0
        j += 1
    return not at_start


def word_gate(pattern: str) -> frozenset[str]:
    """Words one of which every match of ``pattern`` must contain as a whole word (empty if unknown).

    Many patterns have no long required text (it is "" or " "), and checking a message's set of words
    against a small set is much quicker than a regex search that finds nothing. The words come from a plain
    list of wordings, ``(?:i feel|im|...)``, that every match must go through (it is not inside another
    group, not optional, and the pattern has no "|" of its own), that starts after a space or at the
    opening ``\\b``, and that is followed by a space or ``\\b`` (perhaps after optional groups that open
    with a space): the first word of whichever wording matched then stands alone in the text.
    """
    # a plain list that is a whole alternative of a list, "(?:he|she|(?:partner|husband))", can be flattened
    flat = re.sub(r"(?<=[|(])\(\?:([a-z |]+)\)(?=[|)])", r"\1", pattern)
    candidates: list[frozenset[str]] = []
    i = 0
    while i < len(flat):
        c = flat[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _skip_class(flat, i)
        elif c == "|":
            return frozenset()  # an alternative at the top: nothing is certain
        elif c == "(":
            end = _skip_group(flat, i)
            gate = _gate_of_group(flat, i, end)
            if gate:
                candidates.append(gate)
            i = end
        else:
            i += 1
    if not candidates:
        return frozenset()
    return max(candidates, key=lambda g: (not (g & _COMMON_WORDS), min(map(len, g)), -len(g)))


def _gate_of_group(flat: str, i: int, end: int) -> frozenset[str]:
    """The first words of the plain word list ``flat[i:end]`` when every match must go through it whole.

    The list must start after a space or at the opening ``\\b``, must not be optional or repeated, and must
    be followed by a space or ``\\b`` (perhaps after optional groups that open with a space).
    """
    m = _WORD_LIST_RE.fullmatch(flat, i, end)
    if not m or not (flat[i - 1 : i] == " " or flat[:i] == "\\b"):
        return frozenset()
    j = end
    while flat.startswith("(?:", j) and _opens_with_space(flat, j):  # (perhaps optional) groups
        j = _skip_group(flat, j)
        j += flat.startswith(("?", "*"), j)
    if flat.startswith(("?", "*", "{", "+"), end) or not flat.startswith((" ", "\\b"), j):
        return frozenset()
    return frozenset(alt.split(" ")[0] for alt in m.group(1).split("|"))
