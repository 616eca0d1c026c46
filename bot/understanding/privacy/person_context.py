"""Whether a word is a person's name here, going by the words around it.

Listed first names (`is_person`), listed surnames (`surname_is_person`) and capitalised words in no list
(`unknown_is_person`) each need their own kind of evidence; see `bot.understanding.privacy.people`.
"""

from __future__ import annotations

import re

from bot.understanding.privacy.lexicon import (
    ADDRESS_BEFORE,
    ALL_NAMES,
    COMMON_WORDS,
    DETERMINERS,
    DONE_TO_PERSON,
    FIRST_NAMES,
    NAME_CONTEXT_AFTER,
    NOT_BEFORE_FROM,
    ONGOING_AUX,
    PARTICLES,
    PASSIVE_AUX,
    PERSON_ACTIVITY,
    PERSON_VERBS,
    PLACE_AFTER,
    PLACE_BEFORE,
    POSSESSED,
    ROLE_WORDS,
    SHOUTED_NOT_NAMES,
    STRICT_NAMES,
    SURNAMES,
    TITLES,
    dictionary_words,
    fold,
)
from bot.understanding.privacy.tokens import (
    Tok,
    gap,
    joined,
    name_words_after,
    next_keys,
    sentence_start,
    surname_like,
)

# Endings of department and common-noun words ("Neurosurgery", "Dietetics", "Procurement") that are
# almost never surnames; only used when guessing at words that are in no list.
_NOT_NAME_SUFFIX_RE = re.compile(
    r"(?:ology|ologist|ologists|ogy|istry|ics|ists|ians|ment|ments|ness|ity|ities|tion|tions|sion|sions|ery|ism"
    r"|ship|hood|ance|ence|ly)$"
)
# The one or two words after a possessive "'s" ("Tamsin's mum", "Tamsin's new mentor").
_POSSESSED_RE = re.compile(r"['’]s[ \t]+(?P<a>\w+)(?:[ \t]+(?P<b>\w+))?")
# What may follow a name given straight after a job: punctuation or a lower-case word ("HCA Joy was"),
# or, after "the HCA, Zsofia", a closing comma or a verb.
_AFTER_ROLE_NAME_RE = re.compile(r"\s*[,.;:!?)]|\s*$|[ \t]+[a-z]")
_AFTER_APPOSITION_RE = re.compile(r"\s*[,;)]|[ \t]+(?:was|is|has|had|who|said|told)\b")
# ", the F2", " (the SHO)", ", our new HCA" after a name (optionally after a second, surname word).
_ROLE_AFTER_RE = re.compile(
    r"(?:[ \t]+[A-Z][\w'’-]+)?(?:,[ \t]*|[ \t]*\()(?:the|our|a|an|my)[ \t]+(?:\w+[ \t]+)?(?P<role>\w+)"
)


def is_person(text: str, toks: list[Tok], i: int) -> bool:
    """Decide whether the listed first name at `toks[i]` refers to a person here."""
    tok = toks[i]
    prev = toks[i - 1] if i > 0 and joined(text, toks[i - 1], tok) else None
    nxt = toks[i + 1] if i + 1 < len(toks) and joined(text, tok, toks[i + 1]) else None
    possessive = text[tok.end : tok.end + 2] in ("'s", "’s")

    if prev is not None and prev.key in PLACE_BEFORE and (prev.capitalised or prev.key == "the"):
        return False  # "St George's", "Royal Victoria", "the John Radcliffe"
    end = name_words_after(text, toks, i + 1, limit=2) if tok.capitalised else i + 1
    after = toks[end] if end < len(toks) and joined(text, toks[end - 1], toks[end]) else None
    if after is not None and after.key in PLACE_AFTER and not possessive:
        return False  # "Rose Ward", "Victoria line"

    if tok.key in FIRST_NAMES:
        if tok.capitalised or shouted_name(tok):
            return True
        return tok.lower and tok.key not in COMMON_WORDS

    # Ambiguous names: never in lower case, never all caps.
    if not tok.capitalised:
        return False
    has_surname = nxt is not None and surname_like(nxt) and nxt.key not in ALL_NAMES
    if tok.key in STRICT_NAMES:
        return bool(
            has_surname
            or (nxt is not None and (nxt.key in PERSON_VERBS or nxt.key == "from") and not possessive)
            or (prev is not None and prev.key in ADDRESS_BEFORE)
        )
    if not sentence_start(text, tok):
        return True
    return bool(has_surname or possessive or (nxt is not None and nxt.key in NAME_CONTEXT_AFTER))


def shouted_name(tok: Tok) -> bool:
    """A listed first name written in capitals ("SARAH shouted"): a name unless it is also an everyday
    word or a clinical abbreviation (``TIA``, ``ABI``, ``NED``), and at least three letters long."""
    return (
        len(tok.base) >= 3 and tok.base.isupper() and tok.key not in COMMON_WORDS and tok.key not in SHOUTED_NOT_NAMES
    )


def surname_is_person(text: str, toks: list[Tok], i: int) -> bool:
    """A listed surname ("Patel", "Nowak", "McKenzie"): a person when capitalised, unless place wording
    says otherwise ("the Freeman", "Hughes Ward"); in lower case only after an addressing verb or a title
    ("told mcdonald")."""
    tok = toks[i]
    prev = toks[i - 1] if i > 0 and joined(text, toks[i - 1], tok) else None
    if prev is not None and prev.key in PLACE_BEFORE and (prev.capitalised or prev.key == "the"):
        return False
    if tok.capitalised:
        end = name_words_after(text, toks, i + 1, limit=2)
        after = toks[end] if end < len(toks) and joined(text, toks[end - 1], toks[end]) else None
        possessive = text[tok.end : tok.end + 2] in ("'s", "’s")
        return not (after is not None and after.key in PLACE_AFTER and not possessive)
    return tok.lower and prev is not None and prev.key in ADDRESS_BEFORE


def could_be_name(tok: Tok) -> bool:
    """A capitalised word in no list that could still be a surname or an unlisted first name."""
    return bool(
        tok.capitalised
        and len(tok.base) >= 2
        and tok.key not in COMMON_WORDS
        and tok.key not in TITLES
        and tok.key not in ALL_NAMES
        and tok.key not in PLACE_AFTER
        and not _NOT_NAME_SUFFIX_RE.search(tok.key)
        and tok.key not in dictionary_words()
    )


def unknown_is_person(text: str, toks: list[Tok], i: int) -> bool:
    """A capitalised word not in any list: a surname used alone, or an unlisted first name."""
    tok = toks[i]
    if len(tok.base) < 3 or not could_be_name(tok):
        return False
    prev = toks[i - 1] if i > 0 and joined(text, toks[i - 1], tok) else None
    if prev is not None and (prev.key in PLACE_BEFORE or prev.key in PARTICLES or prev.key in DETERMINERS):
        return False
    if text[tok.end : tok.end + 2] in ("'s", "’s"):
        # Only before a word that belongs to a person: "Tamsin's mum", "Nowicki's new bay" (not "Costa's").
        owned = _POSSESSED_RE.match(text, tok.end)
        return owned is not None and any(fold(w or "") in POSSESSED for w in owned.group("a", "b"))
    nxt = toks[i + 1] if i + 1 < len(toks) and joined(text, tok, toks[i + 1]) else None
    if prev is None and i > 0 and gap(text, toks[i - 1], tok) == ", " and toks[i - 1].key in ADDRESS_BEFORE:
        prev = toks[i - 1]  # "Thanks, Okafor"
    return bool(
        (nxt is not None and nxt.key == "from" and _from_is_person(text, toks, i))
        or (nxt is not None and nxt.key in PERSON_VERBS)
        or (prev is not None and prev.key in ADDRESS_BEFORE)
        or _done_to_person(text, toks, i)
        or _doing_person_thing(text, toks, i)
        or _after_role(text, toks, i)
        or _before_role(text, toks, i)
        or _paired_with_person(text, toks, i)
    )


def _from_is_person(text: str, toks: list[Tok], i: int) -> bool:
    """ "Frankie from housekeeping", "Bernie from the League of Friends": a word before "from" that is not
    shaped like a common noun or adjective ("Referrals from", "Missing from", "Far from ideal")."""
    key = toks[i].key
    return not (key.endswith(("s", "ed", "ent")) or key in NOT_BEFORE_FROM) and i + 2 < len(toks)


def _doing_person_thing(text: str, toks: list[Tok], i: int) -> bool:
    """True for "X started shouting", "X keeps calling", "X was laughing", "X carried on swearing"."""
    seq = next_keys(text, toks, i, 3)
    if not seq or seq[0] not in ONGOING_AUX:
        return False
    rest = seq[2:] if seq[1:2] == ["on"] else seq[1:]
    return bool(rest) and rest[0] in PERSON_ACTIVITY


def _after_role(text: str, toks: list[Tok], i: int) -> bool:
    """True for a word straight after a job ("HCA Marisol was", "Porter Dave", "the agency nurse, Tendai,")
    when what follows it is not another capitalised word (which would make a team or place name)."""
    tok = toks[i]
    if i == 0:
        return False
    prev = toks[i - 1]
    between = gap(text, prev, tok)
    if prev.key not in ROLE_WORDS or between not in (" ", ", ") or (sentence_start(text, prev) and between == " "):
        return False
    follows = _AFTER_APPOSITION_RE if between == ", " else _AFTER_ROLE_NAME_RE
    return follows.match(text, tok.end) is not None


def _before_role(text: str, toks: list[Tok], i: int) -> bool:
    """True for "X, the F2, was blamed", "X (the SHO)", "X, our HCA": a word described by a job."""
    m = _ROLE_AFTER_RE.match(text, toks[i].end)
    return m is not None and fold(m.group("role")) in ROLE_WORDS


def _paired_with_person(text: str, toks: list[Tok], i: int) -> bool:
    """True for both words of "Agata and Ileana were told", "Kofi and Ama shouted": two unlisted words
    joined by "and" and followed by wording that is only ever about people."""
    nxt = toks[i + 1] if i + 1 < len(toks) and joined(text, toks[i], toks[i + 1]) else None
    prev = toks[i - 1] if i > 0 and joined(text, toks[i - 1], toks[i]) else None
    if nxt is not None and nxt.key == "and" and i + 2 < len(toks) and joined(text, nxt, toks[i + 2]):
        if toks[i + 2].key in ("i", "me", "myself"):
            return True  # "Kofi and I were on the late"
        other = i + 2
    elif prev is not None and prev.key == "and" and i >= 2 and joined(text, toks[i - 2], prev):
        other = i - 2
    else:
        return False
    if other < i and toks[other].key in ("me", "myself"):
        return True  # "me and Tamsin found her"
    if not (could_be_name(toks[other]) or toks[other].key in ALL_NAMES or toks[other].key in SURNAMES):
        return False
    last = max(i, other)
    after = toks[last + 1] if last + 1 < len(toks) and joined(text, toks[last], toks[last + 1]) else None
    return bool(
        (after is not None and after.key in PERSON_VERBS)
        or _done_to_person(text, toks, last)
        or _doing_person_thing(text, toks, last)
    )


def _done_to_person(text: str, toks: list[Tok], i: int) -> bool:
    """True for "X was shouted at", "X got pushed", "X has been bullied", "X was crying": incident wording
    that is only ever about a person."""
    seq = []
    for k in range(i + 1, min(i + 4, len(toks))):
        if not joined(text, toks[k - 1], toks[k]):
            break
        seq.append(toks[k].key)
    if not seq or seq[0] not in PASSIVE_AUX:
        return False
    rest = seq[2:] if seq[0] in ("has", "had") and seq[1:2] == ["been"] else seq[1:]
    return bool(rest) and rest[0] in DONE_TO_PERSON
