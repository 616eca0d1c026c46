"""What the triage model sees of a message: words, word pairs and letter runs.

One function, shared by training (:mod:`bot.understanding.triage.train` hands it to scikit-learn as the
analyser) and by the running bot (:mod:`bot.understanding.triage.model`), so both see exactly the same
features. Pronouns and small words are kept on purpose: "to me" and "to my colleague" are what tell
"it happened to me" from "I saw it". Letter runs (3 to 5 letters, across word boundaries) carry typos,
textspeak and word endings ("grop", "racis", " kms "). The script matcher's tokens come last: word stems,
their pairs, and the kind of incident a word points at ("~race", "~sexual", "~violence"), so that a word
the corpus never used still meets its neighbours (cross-validation on the corpus: script top-1 0.761 ->
0.770, at-risk recall 0.920 -> 0.929 at the same false alarms).
"""

from __future__ import annotations

import itertools
import re

from bot.understanding.safety.wording import normalise
from bot.understanding.scripts import tokens

__all__ = ["FEATURE_VERSION", "features"]

FEATURE_VERSION = "2"  # part of the model's fingerprint: change it whenever `features` changes
_WORD = re.compile(r"[a-z0-9]+")
_LETTER_RUNS = (3, 4, 5)


def features(text: str) -> list[str]:
    """The features of ``text``, repeated as often as they occur (the model counts them)."""
    words = _WORD.findall(normalise(text).replace("'", ""))
    found = ["w " + w for w in words]
    found += ["p " + a + " " + b for a, b in itertools.pairwise(words)]
    joined = " " + " ".join(words) + " "
    for n in _LETTER_RUNS:
        found += ["c" + joined[i : i + n] for i in range(len(joined) - n + 1)]
    return found + ["t " + t for t in tokens(text)]
