"""Finding the short answer a question asks for ("what is the virtuous circle?", "who wrote Intelligent
Kindness?") among the content's answers.

Each answer lists the ways people ask it. A question is compared with every listed way by cosine similarity
of idf-weighted word stems (the script matcher's :func:`tokens`, so "authors" meets "author" and stop words
do not count); the best answer wins when its similarity reaches :data:`MIN_SIMILARITY`, else there is none
and the person gets "I'm not sure" with the menu rather than a guess.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from bot.domain.answers import Answer
from bot.understanding.scripts import tokens

__all__ = ["MIN_SIMILARITY", "AnswerFinder"]

MIN_SIMILARITY = 0.5


class AnswerFinder:
    def __init__(self, answers: Sequence[Answer]) -> None:
        asked = [(a, Counter(tokens(q))) for a in answers for q in a.questions]
        df = Counter(t for _, bag in asked for t in bag)
        self._idf = {t: math.log((1 + len(asked)) / (1 + n)) + 1 for t, n in df.items()}
        self._asked = [(a, self._unit(bag)) for a, bag in asked]

    def _unit(self, bag: Counter[str]) -> dict[str, float]:
        weighted = {t: n * self._idf.get(t, 0.0) for t, n in bag.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        return {t: v / norm for t, v in weighted.items()}

    def find(self, question: str) -> Answer | None:
        """The answer ``question`` asks for, or None when nothing is close enough."""
        wanted = self._unit(Counter(tokens(question)))
        best, score = None, 0.0
        for answer, asked in self._asked:
            similarity = sum(v * asked.get(t, 0.0) for t, v in wanted.items())
            if similarity > score:
                best, score = answer, similarity
        return best if score >= MIN_SIMILARITY else None
