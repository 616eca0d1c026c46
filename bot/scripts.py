"""Matching a described situation to bystander scripts.

A small TF-IDF ranker over each script's title, summary, keywords and example phrasings: it runs offline in
microseconds, needs no model download, and is easy to reason about. Stems are crude suffix trimming, which
is enough for the way people describe incidents ("belittled", "belittling" -> "belittl").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from bot.content import Script

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    """a about after again all am an and any are as at be been being but by can could did do does doing
    don't for from had has have having he her here hers him his how i i'm i've if in into is it it's its
    just me my myself now of off on once only or our out over own same she so some than that that's the
    their them then there these they this those to too up very was we were what when where which while who
    whom why will with would you your just really today yesterday got get getting keep kept one also
    should""".split()
)
_SUFFIXES = ("ingly", "ments", "ement", "ness", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")
# words that matter more in a short description than their frequency suggests
_KEYWORD_WEIGHT = 2.0
MIN_CONFIDENT_SCORE = 0.12


def _stem(word: str) -> str:
    word = word.replace("'", "")
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP]
    stems = [_stem(w) for w in words]
    return stems + [f"{a}_{b}" for a, b in itertools.pairwise(stems)]


@dataclass(frozen=True, slots=True)
class Match:
    script_id: str
    score: float


class ScriptMatcher:
    def __init__(self, scripts: Mapping[str, Script]) -> None:
        docs: dict[str, Counter[str]] = {}
        for script in scripts.values():
            bag: Counter[str] = Counter()
            for text in (script.title, script.summary, *script.examples):
                bag.update(tokens(text))
            for keyword in script.keywords:
                for token in tokens(keyword):
                    bag[token] += _KEYWORD_WEIGHT
            docs[script.id] = bag
        df: Counter[str] = Counter()
        for bag in docs.values():
            df.update(set(bag))
        n = max(len(docs), 1)
        self._idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
        # an inverted index: for each term, the scripts that use it and the term's weight there
        self._postings: dict[str, list[tuple[str, float]]] = {}
        for script_id, bag in docs.items():
            vector = {t: (1 + math.log(c)) * self._idf[t] for t, c in bag.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            for term, value in vector.items():
                self._postings.setdefault(term, []).append((script_id, value / norm))

    def rank(self, text: str) -> list[Match]:
        """Scripts that share any meaningful word with ``text``, best first (ties by id, for stability)."""
        counts = Counter(t for t in tokens(text) if t in self._idf)
        if not counts:
            return []
        query = {t: (1 + math.log(c)) * self._idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        scores: dict[str, float] = {}
        for term, weight in query.items():
            for script_id, value in self._postings[term]:
                scores[script_id] = scores.get(script_id, 0.0) + weight * value
        ranked = [Match(script_id, round(score / norm, 6)) for script_id, score in scores.items()]
        ranked.sort(key=lambda m: (-m.score, m.script_id))
        return ranked

    def match(self, text: str) -> list[str]:
        return [m.script_id for m in self.rank(text)]

    def confident(self, text: str) -> list[str]:
        """Script ids when the best match is strong enough to answer free text with a script."""
        ranked = self.rank(text)
        if not ranked or ranked[0].score < MIN_CONFIDENT_SCORE:
            return []
        return [m.script_id for m in ranked]
