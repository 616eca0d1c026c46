"""How well `redact` does on labelled text: recall and precision per placeholder kind."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.understanding.privacy.redactor import KINDS, redact

__all__ = ["redaction_scores"]

_PLACEHOLDER_RE = re.compile(r"\[(?:" + "|".join(re.escape(k) for k in KINDS) + r")\]")

_SCORE_TOKEN_RE = re.compile(_PLACEHOLDER_RE.pattern + r"|\w+|[^\w\s]")


def _placeholder_counts(tokens: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for t in tokens:
        if t.startswith("[") and t.endswith("]") and t[1:-1] in counts:
            counts[t[1:-1]] += 1
    return counts


def redaction_scores(items: Iterable[Mapping[str, Any] | tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """(recall, precision) per placeholder kind of `redact` over labelled items.

    Each item is ``{"text": ..., "expected": ...}`` or a ``(text, expected)`` pair. Expected and actual
    output are split into words, punctuation and placeholders and aligned with `difflib`, so a placeholder
    only counts as a hit when it stands where the expected one does: redacting "Ward" instead of "Sarah"
    is one miss and one false alarm, not a hit. Within a region that differs, placeholders of the same
    kind on both sides are matched up. A kind with nothing expected has recall 1.0; a kind never produced
    has precision 1.0.
    """
    tp = dict.fromkeys(KINDS, 0)
    fn = dict.fromkeys(KINDS, 0)
    fp = dict.fromkeys(KINDS, 0)
    for item in items:
        text, expected = (item["text"], item["expected"]) if isinstance(item, Mapping) else item
        exp = _SCORE_TOKEN_RE.findall(expected)
        act = _SCORE_TOKEN_RE.findall(redact(text))
        matcher = difflib.SequenceMatcher(None, exp, act, autojunk=False)
        for op, e1, e2, a1, a2 in matcher.get_opcodes():
            ce = _placeholder_counts(exp[e1:e2])
            ca = _placeholder_counts(act[a1:a2])
            for kind in KINDS:
                hit = ce[kind] if op == "equal" else min(ce[kind], ca[kind])
                tp[kind] += hit
                fn[kind] += ce[kind] - hit
                fp[kind] += ca[kind] - hit
    return {
        kind: (
            tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 1.0,
            tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 1.0,
        )
        for kind in KINDS
    }
