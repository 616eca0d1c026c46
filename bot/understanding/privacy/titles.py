"""A title and the name after it: "Dr Okafor", "Charge Nurse Adeyemi", "dr nwosu", "DR KHAN", "Mrs P."."""

from __future__ import annotations

from bot.understanding.privacy.lexicon import (
    ABBREV_TITLES,
    ALL_NAMES,
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    DETERMINERS,
    FAMILY_TITLES,
    FIRST_NAMES,
    LOWER_CASE_TITLES,
    PLACE_AFTER,
    ROLE_TITLES,
    STRICT_NAMES,
    SURNAME_WORDS,
    SURNAMES,
    TITLE_PREFIXES,
    TITLE_SUFFIXES,
    TITLES,
    VERB_LIKE_NAMES,
)
from bot.understanding.privacy.tokens import Tok, joined, name_words_after, surname_like


def _title_start(text: str, toks: list[Tok], i: int) -> int:
    """Index of the first word of the title at `toks[i]`, taking in "Charge", "Staff", "Student"..."""
    tok = toks[i]
    prev = toks[i - 1] if i > 0 else None
    if tok.key in ROLE_TITLES and prev is not None and prev.key in TITLE_PREFIXES:
        if joined(text, prev, tok):
            return i - 1
    return i


def _lower_name_after_title(text: str, toks: list[Tok], i: int, j: int) -> bool:
    """A lower-case word after a title: any unlisted word after "dr"/"mr"/"prof" ("dr nwosu"); after
    "nurse"/"matron" only a listed name, and never after "the"/"a"/"our" ("the nurse will ring")."""
    tok, word = toks[i], toks[j]
    if word.key in COMMON_WORDS and word.key not in SURNAME_WORDS:
        return False
    if tok.key in ABBREV_TITLES:
        return True
    if tok.key not in LOWER_CASE_TITLES or word.key in STRICT_NAMES or word.key in VERB_LIKE_NAMES:
        return False
    if i > 0 and joined(text, toks[i - 1], tok) and toks[i - 1].key in DETERMINERS:
        return False
    return word.key in FIRST_NAMES or word.key in SURNAMES or word.key in AMBIGUOUS_NAMES


def _shouted_title_span(text: str, toks: list[Tok], i: int) -> tuple[int, int] | None:
    """ "DR KHAN", "MRS O'NEILL": an all-capitals title with an all-capitals word after it that is not an
    everyday word ("DR ON CALL" and "MR REVIEW" stay)."""
    end = i + 1
    while end < len(toks) and end - i <= 2:
        word = toks[end]
        if not (word.base.isupper() and len(word.base) > 1 and joined(text, toks[end - 1], word)):
            break
        if word.key in COMMON_WORDS or word.key in TITLES or word.key in PLACE_AFTER:
            break
        end += 1
    return (i, end) if end > i + 1 else None


def title_span(text: str, toks: list[Tok], i: int) -> tuple[int, int] | None:
    """If `toks[i]` is a title followed by a name, return (first token, token past the name)."""
    tok = toks[i]
    if tok.key not in TITLES:
        return None
    j = i + 1
    if j >= len(toks) or not joined(text, tok, toks[j], allow_dot=True):
        return None
    if tok.base.isupper() and len(tok.base) > 1 and toks[j].base.isupper():
        return _shouted_title_span(text, toks, i)
    j = _past_title_suffix(text, toks, i, j)
    if not tok.capitalised and not _lower_case_title_counts(tok, toks[j]):
        return None
    return _name_after_title(text, toks, i, j)


def _past_title_suffix(text: str, toks: list[Tok], i: int, j: int) -> int:
    """Index of the word after the title at `toks[i]`, past a second title word ("Nurse Practitioner Adams",
    "Nurse Consultant Obi") when a name follows it; `j` is the word straight after the title."""
    tok = toks[i]
    if (
        tok.key in ROLE_TITLES
        and toks[j].key in TITLE_SUFFIXES
        and toks[j].capitalised == tok.capitalised
        and j + 1 < len(toks)
        and joined(text, toks[j], toks[j + 1])
        and surname_like(toks[j + 1], after_title=True)
    ):
        return j + 1
    return j


def _lower_case_title_counts(title: Tok, word: Tok) -> bool:
    """Whether a title written in lower case introduces `word`: family words only before a surname ("my
    sister Sarah" is family, "sister Jones" a title, "miss the handover" a verb); otherwise only the titles
    that still count in lower case (not "yes sir", "the imam")."""
    if title.key in FAMILY_TITLES:
        return surname_like(word) and word.key not in ALL_NAMES
    return title.key in LOWER_CASE_TITLES


def _initials_end(text: str, toks: list[Tok], j: int) -> int:
    """Index just past the single capital letters from `toks[j]` ("A. Patel", "J P Smith"); `j` if none."""
    k = j
    while k < len(toks) and len(toks[k].base) == 1 and toks[k].base.isupper():
        if k > j and not joined(text, toks[k - 1], toks[k], allow_dot=True):
            break
        k += 1
    return k


def _name_after_title(text: str, toks: list[Tok], i: int, j: int) -> tuple[int, int] | None:
    """The span of the title at `toks[i]` and the name from `toks[j]`, if there is a name there."""
    k = _initials_end(text, toks, j)
    if k > j:  # initials: "Dr A. Patel", "Dr J P Smith", "Mrs P."
        if k < len(toks) and joined(text, toks[k - 1], toks[k], allow_dot=True) and surname_like(toks[k]):
            j = k
        elif text[toks[k - 1].end : toks[k - 1].end + 1] == ".":
            return _title_start(text, toks, i), k  # "Mrs P. was upset": the initials are the name
        else:
            return None  # "Matron I think", "Dr A said": too little to go on
    end = name_words_after(text, toks, j, limit=3, after_title=True)
    if end == j and toks[j].lower and _lower_name_after_title(text, toks, i, j):
        end = j + 1  # "dr nwosu", "matron gill"
    if end == j:
        return None  # a title on its own ("Sister said", "Ring Matron") is a role, not a person
    return _title_start(text, toks, i), end
