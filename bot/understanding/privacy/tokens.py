"""The words of a text as the name rules see them, and how neighbouring words join up.

A name is a run of words joined by single spaces; punctuation or a possessive "'s" ends it.
"""

from __future__ import annotations

import re

from bot.understanding.privacy.lexicon import (
    ALL_NAMES,
    COMMON_WORDS,
    FIRST_NAMES,
    PARTICLES,
    PLACE_AFTER,
    SURNAME_WORDS,
    SURNAMES,
    TITLES,
    fold,
)

# A word: letters, perhaps joined by apostrophes or hyphens ("O'Neill", "Chloe-Ann").
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


class Tok:
    """One word of the text: `base` is the word without a possessive ending, `key` its lookup form."""

    __slots__ = ("base", "end", "key", "start")

    def __init__(self, start: int, end: int, base: str) -> None:
        self.start = start
        self.end = end
        self.base = base
        self.key = fold(base)
        if "-" in base and self.key not in ALL_NAMES:
            # Double-barrelled first names read as their listed part: Chloe-Ann, Jean-Paul.
            parts = base.split("-")
            if all(p[:1].isupper() and len(p) > 1 for p in parts):
                listed = [fold(p) for p in parts if fold(p) in FIRST_NAMES or fold(p) in SURNAMES]
                if listed:
                    self.key = listed[0]

    @property
    def capitalised(self) -> bool:
        b = self.base
        return b[0].isupper() and (len(b) == 1 or any(c.islower() for c in b))

    @property
    def lower(self) -> bool:
        return self.base.islower()


def tokens(text: str) -> list[Tok]:
    """The words of `text` in order, leaving out the words inside placeholders ("[name]")."""
    toks = []
    for m in _WORD_RE.finditer(text):
        start, end, word = m.start(), m.end(), m.group(0)
        if start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]":
            continue  # inside a placeholder
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            word = word[:-2]  # possessive: Sarah's -> Sarah (the 's stays in the text)
        toks.append(Tok(start, start + len(word), word))
    return toks


def gap(text: str, left: Tok, right: Tok) -> str:
    """What stands between two words: " ", ", ", ". "..."""
    return text[left.end : right.start]


def joined(text: str, left: Tok, right: Tok, allow_dot: bool = False) -> bool:
    """True when `right` follows `left` after one space (or '. ' after an abbreviation or initial)."""
    if text[left.end : left.end + 2] in ("'s", "’s"):
        return False  # a possessive ends the name
    between = gap(text, left, right)
    return between == " " or (allow_dot and between == ". ")


def sentence_start(text: str, tok: Tok) -> bool:
    """True when `tok` opens a sentence, a quotation, a bracket or a list item."""
    before = text[: tok.start]
    if before.endswith(('"', "“", "‘", "'", "(")) and (len(before) < 2 or not before[-2].isalnum()):
        return True
    stripped = before.rstrip(" \t")
    if not stripped or stripped[-1] in ".!?:;\n…":
        return True
    if stripped[-1] in "-*•" and (not stripped[:-1].strip(" \t") or stripped[:-1].rstrip(" \t")[-1] == "\n"):
        return True
    return False


def surname_like(tok: Tok, after_title: bool = False) -> bool:
    """A capitalised word that can be part of a name: not a title, place word or everyday word (after a
    title, a few everyday words are surnames all the same: "Dr Black")."""
    if not tok.capitalised or len(tok.base) < 2:
        return False
    if tok.key in TITLES or tok.key in PLACE_AFTER:
        return False
    if tok.key in COMMON_WORDS and tok.key not in FIRST_NAMES:
        return after_title and tok.key in SURNAME_WORDS
    return True


def name_words_after(text: str, toks: list[Tok], i: int, limit: int, after_title: bool = False) -> int:
    """Index just past up to `limit` surname-like words (with particles such as 'de') from `toks[i]`."""
    j = i
    taken = 0
    while j < len(toks) and taken < limit:
        tok = toks[j]
        if j > 0:
            prev = toks[j - 1]
            allow_dot = after_title and (j == i or len(prev.base) == 1)
            if not joined(text, prev, tok, allow_dot=allow_dot):
                break
        if tok.key in PARTICLES and tok.lower and j + 1 < len(toks) and joined(text, tok, toks[j + 1]):
            if surname_like(toks[j + 1], after_title):
                j += 2
                taken += 1
                continue
            break
        if not surname_like(tok, after_title):
            break
        j += 1
        taken += 1
    return j


def next_keys(text: str, toks: list[Tok], i: int, n: int) -> list[str]:
    """Keys of up to `n` words straight after `toks[i]`, stopping at punctuation."""
    keys = []
    for k in range(i + 1, min(i + 1 + n, len(toks))):
        if not joined(text, toks[k - 1], toks[k]):
            break
        keys.append(toks[k].key)
    return keys
