"""Case codes: made, shown and read back.

A case code is the reporter's only key to a flag, so it must not be guessable: 12 symbols from a
32-symbol alphabet (60 bits) drawn with :mod:`secrets`. The alphabet leaves out ``0``, ``1``, ``I`` and
``O``, which are read and heard as one another. A code is stored as 12 capitals without separators and
shown in groups of four for reading aloud (``K7QX-M2PA-9RTD``).

:func:`find_code` reads a code out of what someone typed: lower case, spaces and dashes are fine. It also
reads the 8-symbol codes made before (same alphabet, 40 bits), so flags sent then can still be followed.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: no 0/O, no 1/I
LENGTH = 12  # 12 x 5 bits = 60 bits
GROUP = 4
LEGACY_LENGTH = 8  # codes made before issue 16
_SYMBOLS = frozenset(ALPHABET)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_EDGES = ".,;:!?()[]{}<>\"'`\u2018\u2019\u201c\u201d"
_SPLIT = re.compile(r"[\s:;,/]+")


def new_case_code() -> str:
    """A fresh code: 12 symbols, stored without separators."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """A code as people see it: ``K7QX-M2PA-9RTD`` (an old 8-symbol code is shown as it always was)."""
    if len(code) != LENGTH:
        return code
    return "-".join(code[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def _symbols(token: str) -> str:
    """A typed word as code symbols (its dashes dropped), or empty when it holds anything else."""
    token = token.strip(_EDGES)
    chars = token.replace("-", "")
    return chars if chars and set(chars) <= _SYMBOLS else ""


def _grouped(parts: list[str]) -> str:
    """The first run of words that makes a whole code: each word a whole number of groups of four
    (``K7QX M2PA 9RTD``, ``K7QXM2PA 9RTD``), so ordinary words are not run together into a code."""
    for start in range(len(parts)):
        joined = ""
        for part in parts[start:]:
            if not part or len(part) % GROUP:
                break
            joined += part
            if len(joined) >= LENGTH:
                break
        if len(joined) == LENGTH:
            return joined
    return ""


def find_code(text: str) -> str:
    """The case code in ``text`` (capitals, no separators), or empty when there is none."""
    upper = text.upper().translate(_DASHES)
    parts = [_symbols(token) for token in _SPLIT.split(upper.strip()) if token.strip("-")]
    code = _grouped(parts)
    if code:
        return code
    legacy = next((part for part in parts if len(part) == LEGACY_LENGTH), "")
    if legacy:
        return legacy
    whole = _symbols(upper.replace(" ", ""))  # an old code typed in two halves, on its own
    return whole if len(whole) == LEGACY_LENGTH else ""
