"""Held-out score of the thank-you recogniser (``bot.understanding.thanks``), on messages written before its
code was read and never used to tune it (``tests/data/thanks_heldout.yaml``): ``python -m bench.thanks_eval``.

A message counts as read as a thank-you to a colleague when :func:`read_thanks` finds one that does not name
Kinship itself (the flow thanks Kinship back instead).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.understanding.thanks import KINSHIP, read_thanks

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "thanks_heldout.yaml"


def is_thanks(text: str) -> bool:
    found = read_thanks(text, mentioned="<@" in text)
    return found is not None and found.typed_name.casefold() != KINSHIP


def score() -> tuple[int, int, int, int, list[str]]:
    """True positives, false positives, false negatives, true negatives, and the misread messages."""
    tp = fp = fn = tn = 0
    misread = []
    for item in yaml.safe_load(HELD_OUT.read_text(encoding="utf-8")):
        said, meant = is_thanks(item["text"]), bool(item["thanks"])
        tp, fp, fn, tn = (
            tp + (said and meant),
            fp + (said and not meant),
            fn + (meant and not said),
            tn + (not said and not meant),
        )
        if said != meant:
            misread.append(f"{'missed' if meant else 'false alarm'}: {item['text']}")
    return tp, fp, fn, tn, misread


if __name__ == "__main__":
    tp, fp, fn, tn, misread = score()
    print(f"thank-you recogniser, held out ({tp + fp + fn + tn} messages, scored once):")
    print(
        f"  recall {tp}/{tp + fn} = {tp / max(1, tp + fn):.0%}, precision {tp}/{tp + fp} = {tp / max(1, tp + fp):.0%}"
    )
    print(f"  other messages left alone: {tn}/{tn + fp}")
    for line in misread:
        print("  " + line)
