"""Bring informal wording to one plain form before the support screen's patterns look at it.

The text is lower-cased, curly quotes straightened, apostrophes dropped ("can't" and "cant" both become
"cant"), some textspeak and common misspellings expanded ("wanna", "gonna", "cnt", "tonite", "cba", "what
is" -> "whats") and filler words dropped ("tbh", "ngl", "lol", "x"), so that "i cant keep going tbh" ends
where "i cant keep going" does. Quotation marks are straightened by `normalise` and still there, so
quotations can be told apart (`bot.understanding.safety.guards`) before `strip_apostrophes` runs.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "strip_apostrophes"]

_QUOTE_MAP = {
    0x2018: "'",  # ‘
    0x2019: "'",  # ’
    0x201B: "'",  # ‛
    0x2032: "'",  # ′
    0x0060: "'",  # `
    0x201C: '"',  # “
    0x201D: '"',  # ”
}


def normalise(text: str) -> str:
    """Unicode-normalised, case-folded text with straight quotes and single spaces (tabs too)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = t.translate(_QUOTE_MAP)
    return re.sub(r"[ \t]+", " ", t)


# Textspeak, common misspellings and filler words, after apostrophes are gone. Fillers ("tbh", "lol", "x")
# are dropped so that "i cant keep going tbh" ends where "i cant keep going" does; "lol" is no sign of
# safety ("i wanna die lol. no but seriously i do").
_WORDS = {
    "any more": "anymore",
    "no more": "anymore",
    "nomore": "anymore",
    "anymor": "anymore",
    "wanna": "want to",
    "wana": "want to",
    "gonna": "going to",
    "gunna": "going to",
    "gna": "going to",
    "goin": "going",
    "u": "you",
    "i m": "im",
    "iam": "i am",
    "can not": "cannot",
    "cnt": "cant",
    "cannt": "cant",
    "carnt": "cant",
    "cudnt": "couldnt",
    "dnt": "dont",
    "wnt": "want",
    "wud": "would",
    "cud": "could",
    "thnk": "think",
    "kil": "kill",
    "nvr": "never",
    "what is": "whats",
    "wats": "whats",
    "tonite": "tonight",
    "2nite": "tonight",
    "2day": "today",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "rn": "right now",
    "idk": "i dont know",
    "dunno": "dont know",
    "cba": "cant be arsed",
    "myslef": "myself",
    "mysef": "myself",
    "meself": "myself",
    "suicdal": "suicidal",
    "sucidal": "suicidal",
    "suicidel": "suicidal",
    "suicidle": "suicidal",
    "suacidal": "suicidal",
    "agian": "again",
    "no1": "no one",
    "noone": "no one",
    "every1": "everyone",
    "some1": "someone",
    "any1": "anyone",
    "tbh": "",
    "tbf": "",
    "ngl": "",
    "icl": "",
    "lol": "",
    "lmao": "",
    "haha": "",
    "hahaha": "",
    "fr": "",
    "tho": "",
    "honestly": "",
    "x": "",
    "xx": "",
    "xxx": "",
}
_WORDS_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")\b")
_TO_RE = re.compile(r"\b(want|wanted|going|need|have|got|like|used|trying|tried|wish) 2\b")


def strip_apostrophes(t: str) -> str:
    """Drop apostrophes inside words ("can't" -> "cant"), expand a little textspeak and drop fillers."""
    t = re.sub(r"(?<=\w)'(?=\w)", "", t)
    t = _WORDS_RE.sub(lambda m: _WORDS[m.group(0)], t)
    t = _TO_RE.sub(r"\1 to", t)
    return re.sub(r" {2,}", " ", t).strip()
