"""People's names: find them and replace each with ``[name]``.

Decisions and trade-offs (each one deliberate):

* **Titles go with the name.** ``Dr Okafor``, ``Sister Jones``, ``Mr Smith``, ``Charge Nurse Adeyemi``
  all become one ``[name]``. Mr/Mrs/Ms/Miss/Sister reveal gender, and in a small team "the Prof" or "the
  Matron" is as identifying as the surname, so the title is never left dangling (``Dr [name]``). A first
  name and surname together are one ``[name]``; a possessive keeps its ending (``[name]'s``). A title on
  its own (``Sister said``, ``the Registrar``, ``Ring Matron``) is a role, not a person, and survives.
* **Names** come from lists in `bot.understanding.privacy.names`: about 2,500 first names and nicknames
  common in the UK across backgrounds (English, Welsh, Scottish, Irish, South Asian incl. Keralan, Tamil and Nepali,
  West, East and Southern African, Caribbean, Eastern European, Mediterranean, Turkish and Iranian,
  Chinese, Vietnamese, Filipino, Arabic) and about 900 surnames that are not everyday words
  (``Patel``, ``Nowak``, ``Okafor``, ``McKenzie``), plus context:

  - a listed first name is redacted wherever it is capitalised, or when written all in lower case
    (``told sarah``); capitalised words straight after it are its surname (``John Smith`` is one
    ``[name]``); double-barrelled forms count (``Chloe-Ann``);
  - first names that are also ordinary words (Will, Grace, Hope, Mark, Rose, Jack, Precious...) are only
    redacted when context says "person": capitalised mid-sentence, or at the start of a sentence when
    followed by a verb such as *said/told/was*, a surname, ``'s`` or ``from``. Months, seasons, colours
    and places (May, April, June, Summer, Amber, India...) need stronger evidence still: a speech/action
    verb after (``May said``), a surname, or *told/asked* before (``asked May``). So ``Will the HCA be
    back?``, ``Hope you're ok``, ``In May`` and ``Amber flag`` survive;
  - a listed surname is a name wherever it is capitalised (``Patel from ortho``, ``I think Hughes
    knew``), in lower case only after *told/asked...* (``told mcdonald``); an unlisted word or a dotted
    initial just before it goes with it (``Thandeka Nkosi``, ``K. Mensah``);
  - after a title, any capitalised word is a name (``Dr Black``, ``Mrs Young``), and ``Sr`` and compound
    titles count (``Nurse Practitioner Adams``). Lower-case titles count for unambiguous ones (``dr
    nwosu``) and before a listed name (``matron gill``, but not ``the nurse will``), while family words
    only act as titles before a surname (``sister Jones`` is redacted whole, ``my sister Sarah`` keeps
    "sister"); an all-capitals title takes an all-capitals name (``DR KHAN``, not ``DR ON CALL``);
  - a capitalised word that is in no list, not an English dictionary word (`dictionary_words`), not a known
    clinical/department word and not shaped like one (``-ology``, ``-ics``, ``-ment``, ``-ly``...) is a
    name only in person-only contexts: a person verb after (``Okafor shouted``, ``Nowicki started
    shouting``), *told/asked/Hi/Thanks* before (``told Nowak``), incident wording done to a person
    (``Halima was shouted at``), ``from`` a team after (``Frankie from housekeeping``), a job just
    before or described after (``HCA Marisol was``, ``Olumide, the F2,``), ``'s`` with something only a
    person has (``Tamsin's mum``), or joined by *and*/a comma to another name or to *I*/*me* (``Sarah
    and Bex``, ``Kofi and I``). This catches surnames used alone and unlisted first names, at the price
    of occasionally redacting a team or product name the lists and the dictionary do not know;
  - place rules win: after ``St``/``Royal``/``Queen``/``the``, or before ``Ward``/``Hospital``/``Unit``/
    ``Line``…, a name is a place (``Rose Ward``, ``Royal Victoria Infirmary``, ``the John Radcliffe``); a
    few well-known NHS eponyms (``Martha's Rule``, ``Oliver McGowan`` training, ``Alder Hey``) survive.

  Known limits: an unlisted first name with no person context is missed (``Tamsin in ED was great``),
  and so is one that is also an English word; an ambiguous name at the start of a sentence needs a verb
  after it (``Grace in ED was fantastic`` is kept, ``Patience is wearing thin`` is redacted); a person
  whose surname is a place word reads as a place (``Sarah Ward`` is kept whole); an undotted lone initial
  after a title is kept (``Mrs O was confused``); lower-case surnames are not joined to lower-case first
  names. In capitals, a listed first name of three letters or more is a name (``SARAH shouted``)
  unless it is an everyday word or a clinical abbreviation (``TIA``, ``ABI``); ambiguous names, surnames
  and unlisted words in capitals are treated as acronyms unless a title leads (``DR KHAN``). Street
  addresses are `bot.understanding.privacy.addresses`.

The rules for one word are in `bot.understanding.privacy.person_context`, titles in
`bot.understanding.privacy.titles`; this module walks the text and joins the pieces into spans.
"""

from __future__ import annotations

import re

from bot.understanding.privacy.lexicon import (
    ALL_NAMES,
    PARTICLES,
    PLACE_AFTER,
    PLACE_BEFORE,
    PROTECTED_PHRASES,
    SURNAMES,
)
from bot.understanding.privacy.person_context import could_be_name, is_person, surname_is_person, unknown_is_person
from bot.understanding.privacy.titles import title_span
from bot.understanding.privacy.tokens import Tok, gap, joined, name_words_after, tokens

__all__ = ["redact_names"]

_PROTECTED_RE = re.compile(
    r"(?i)\b(?:" + "|".join(re.escape(p).replace("'", "['’]") for p in PROTECTED_PHRASES) + r")\b"
)


def _initial_before(text: str, toks: list[Tok], i: int, spans: list[tuple[int, int]]) -> bool:
    """True when a dotted initial ("K. ") stands right before the name at `toks[i]`."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if spans and spans[-1][1] > prev.start:
        return False
    return len(prev.base) == 1 and prev.base.isupper() and gap(text, prev, toks[i]) == ". "


def _span_end(text: str, last: Tok) -> int:
    """End offset of a name ending at `last`, taking the dot of a final initial when the sentence goes on."""
    if len(last.base) == 1 and last.base.isupper():
        following = text[last.end : last.end + 3]
        if len(following) == 3 and following[:2] == ". " and following[2].islower():
            return last.end + 1
    return last.end


def _name_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of every name in `text`, in order: titled names, listed and guessed names, then lists."""
    toks = tokens(text)
    protected = [m.span() for m in _PROTECTED_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if any(s <= tok.start < e for s, e in protected):
            i += 1
            continue
        # the rule for this kind of word: a listed first name, a listed surname, or a word in no list
        rule = is_person if tok.key in ALL_NAMES else surname_is_person if tok.key in SURNAMES else unknown_is_person
        title = title_span(text, toks, i)
        if title is not None:
            span, i = _titled_span(text, toks, i, title, spans)
        elif rule(text, toks, i):
            span, i = _plain_span(text, toks, i, spans)
        else:
            i += 1
            continue
        spans.append(span)
    return _coordinated_names(text, toks, spans, protected)


def _titled_span(
    text: str, toks: list[Tok], i: int, title: tuple[int, int], spans: list[tuple[int, int]]
) -> tuple[tuple[int, int], int]:
    """Offsets of the title and name `title_span` found at `toks[i]`, and the index of the word after it."""
    start, end = title
    if spans and spans[-1][1] > toks[start].start:
        start = i  # the prefix word was already part of an earlier name
    return (toks[start].start, _span_end(text, toks[end - 1])), end


def _plain_span(text: str, toks: list[Tok], i: int, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], int]:
    """Offsets of the name at `toks[i]` with its surname words, and the index of the word after it. An
    unlisted first name or a dotted initial just before it belongs to it, unless an earlier name took it."""
    tok = toks[i]
    end = name_words_after(text, toks, i + 1, limit=2) if tok.capitalised else i + 1
    start = i
    if i > 0 and tok.key in SURNAMES and could_be_name(toks[i - 1]) and joined(text, toks[i - 1], tok):
        if not (spans and spans[-1][1] > toks[i - 1].start):
            start = i - 1  # an unlisted first name before a listed surname: "Thandeka Nkosi"
    if start < i and spans and spans[-1][1] >= toks[start].start:
        start = i
    if start == i and tok.capitalised and _initial_before(text, toks, i, spans):
        start = i - 1  # "K. Mensah", "J. Smith"
    return (toks[start].start, toks[end - 1].end), end


_CONNECTOR_BEFORE_RE = re.compile(r"(?:,[ \t]+and|,|[ \t]+and|[ \t]+&|[ \t]+or)[ \t]+$")
_CONNECTOR_AFTER_RE = re.compile(r"(?:,[ \t]+and|,|[ \t]+and|[ \t]+&|[ \t]+or)[ \t]+")
_PERSON_PLACEHOLDER_RE = re.compile(r"\[(?:name|mention)\]")


def _coordinated_names(
    text: str, toks: list[Tok], spans: list[tuple[int, int]], protected: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Add unlisted capitalised words joined by 'and', '&', 'or' or a comma to a name ("Sarah and Bex").

    Repeats until nothing changes, so a list ("Sarah, Bex and Okoro") is taken whole; placeholders from
    earlier passes count as names, which keeps `redact` idempotent.
    """
    known = spans + [m.span() for m in _PERSON_PLACEHOLDER_RE.finditer(text)]
    blocked = known + protected
    candidates = [
        idx
        for idx, tok in enumerate(toks)
        if could_be_name(tok) and not any(start <= tok.start < end for start, end in blocked)
    ]
    ends = {e for _, e in known}
    starts = {s for s, _ in known}
    changed = True
    while changed and candidates:
        changed = False
        for idx in candidates:
            tok = toks[idx]
            prev = toks[idx - 1] if idx > 0 and joined(text, toks[idx - 1], tok) else None
            if prev is not None and (prev.key in PLACE_BEFORE or prev.key in PARTICLES):
                continue
            end_idx = name_words_after(text, toks, idx + 1, limit=2)
            end_pos = toks[end_idx - 1].end
            if end_idx < len(toks) and joined(text, toks[end_idx - 1], toks[end_idx]):
                if toks[end_idx].key in PLACE_AFTER:
                    continue
            before = _CONNECTOR_BEFORE_RE.search(text, max(0, tok.start - 12), tok.start)
            following = _CONNECTOR_AFTER_RE.match(text, end_pos)
            joined_before = before is not None and before.start() in ends
            joined_after = following is not None and following.end() in starts
            if joined_before or joined_after:
                spans.append((tok.start, end_pos))
                ends.add(end_pos)
                starts.add(tok.start)
                candidates = [c for c in candidates if not tok.start <= toks[c].start < end_pos]
                changed = True
                break
    return sorted(spans)


def redact_names(text: str) -> str:
    """`text` with every person's name (and any title before it) replaced by ``[name]``."""
    out = text
    for start, end in reversed(_name_spans(text)):
        out = out[:start] + "[name]" + out[end:]
    return out
