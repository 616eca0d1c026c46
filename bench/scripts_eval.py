"""How well free text finds the right bystander script: ``python -m bench.scripts_eval``.

Prints, for ``bot.understanding.scripts.ScriptMatcher`` over the shipped scripts:

- top-1 and top-3 accuracy on ``tests/data/script_heldout.yaml``: phrasings written apart from the
  scripts and never copied into their examples, so this is the figure that says how the matcher does on
  words it has not seen; and the same for the smaller ``after_tuning`` sample in that file, written after
  the matcher was tuned (the first set's misses were seen while tuning, so this one is the fairer check);
- leave-one-out accuracy over the scripts' own ``examples``: each example is taken out of its script, the
  matcher is rebuilt without it, and the example is then matched (a check that the examples generalise to
  each other, not just to themselves);
- how many held-out phrasings ``confident`` answers (and answers rightly), and whether small talk and work
  talk that describes nothing stay "not confident";
- microseconds per ``rank`` call (it runs on every message the bot does not otherwise recognise).

``--misses`` lists every held-out phrasing whose right script is not ranked first.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from bot.domain.config import DEFAULT_CONTENT_DIR
from bot.domain.content import Script, load_content
from bot.understanding.scripts import ScriptMatcher

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "data" / "script_heldout.yaml"

# free text that is not a situation: the matcher must not answer it with a script (`confident` is empty)
NOT_SITUATIONS = (
    "what time is handover",
    "good morning",
    "thanks",
    "where is the canteen",
    "hello",
    "ok thanks",
    "how do I change my password",
    "is the car park full",
    "can you remind me tomorrow",
    "what's on the menu today",
    # work talk that names people and places the scripts use, but describes nothing
    "the patient is on the ward",
    "who is the nurse in charge today",
    "I'm on nights this week",
    "we have a new starter on the ward today",
    "how do I book annual leave",
    "the doctor is running late",
    "my colleague is on leave",
    "is the consultant in today",
    "the relatives are here to visit",
    "can I swap my shift",
    "where is the staff toilet",
    "is the female doctor in today",
    "do we have any gowns",
    "can someone help me wash bed 4",
    "the 10 o'clock meds are due",
    "the black folder is on the desk",
    "can you grab me a coffee",
    "the wifi is down again",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Case:
    text: str
    script: str


def load_heldout(path: Path = HELDOUT, part: str = "cases") -> list[Case]:
    """The held-out phrasings (``part="after_tuning"``: the smaller sample written after tuning)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(str(item["text"]), str(item["script"])) for item in data.get(part) or []]


def accuracy(matcher: ScriptMatcher, cases: Sequence[Case]) -> tuple[float, float, list[tuple[Case, list[str]]]]:
    """(top-1, top-3, misses) where a miss is a case whose script is not ranked first."""
    top1 = top3 = 0
    misses = []
    for case in cases:
        ranked = matcher.match(case.text)
        if ranked[:1] == [case.script]:
            top1 += 1
        else:
            misses.append((case, ranked[:3]))
        if case.script in ranked[:3]:
            top3 += 1
    n = max(len(cases), 1)
    return top1 / n, top3 / n, misses


def leave_one_out(scripts: Mapping[str, Script]) -> tuple[float, float]:
    """Top-1 and top-3 over every example, each matched by a matcher built without it."""
    top1 = top3 = total = 0
    for script in scripts.values():
        for i, example in enumerate(script.examples):
            rest = script.examples[:i] + script.examples[i + 1 :]
            matcher = ScriptMatcher({**scripts, script.id: dataclasses.replace(script, examples=rest)})
            ranked = matcher.match(example)
            top1 += ranked[:1] == [script.id]
            top3 += script.id in ranked[:3]
            total += 1
    return top1 / max(total, 1), top3 / max(total, 1)


def microseconds_per_rank(matcher: ScriptMatcher, texts: Sequence[str], rounds: int = 30) -> float:
    per_round = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            matcher.rank(text)
        per_round.append((time.perf_counter() - started) / len(texts))
    return statistics.median(per_round) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list held-out phrasings not ranked first")
    args = parser.parse_args(argv)

    scripts = load_content(DEFAULT_CONTENT_DIR).scripts
    matcher = ScriptMatcher(scripts)
    cases = load_heldout()
    top1, top3, misses = accuracy(matcher, cases)
    later = load_heldout(part="after_tuning")
    later1, later3, later_misses = accuracy(matcher, later)
    loo1, loo3 = leave_one_out(scripts)
    confident_small_talk = [t for t in NOT_SITUATIONS if matcher.confident(t)]
    answered = [c for c in cases if matcher.confident(c.text)]
    answered_right = [c for c in answered if matcher.confident(c.text)[0] == c.script]
    texts = [c.text for c in cases] + list(NOT_SITUATIONS)
    micros = microseconds_per_rank(matcher, texts)

    rows = [
        (f"held-out top-1 ({len(cases)} phrasings)", f"{top1:.3f}", "≥ 0.80"),
        ("held-out top-3", f"{top3:.3f}", "≥ 0.95"),
        (f"written after tuning: top-1 ({len(later)} phrasings)", f"{later1:.3f}", ""),
        ("written after tuning: top-3", f"{later3:.3f}", ""),
        (f"leave-one-out top-1 ({sum(len(s.examples) for s in scripts.values())} examples)", f"{loo1:.3f}", ""),
        ("leave-one-out top-3", f"{loo3:.3f}", ""),
        ("held-out answered with a script (confident)", f"{len(answered) / len(cases):.3f}", ""),
        ("held-out answered with the right script", f"{len(answered_right) / len(cases):.3f}", ""),
        (f"not-situations answered with a script (of {len(NOT_SITUATIONS)})", f"{len(confident_small_talk)}", "0"),
        ("µs per rank call (median)", f"{micros:.1f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>8}  goal")
    print("-" * (width + 18))
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:>8}  {goal}")
    wrong_first = Counter(f"{case.script} -> {ranked[0] if ranked else '(none)'}" for case, ranked in misses)
    if wrong_first:
        print("\nmost common confusions (expected -> ranked first):")
        for pair, count in wrong_first.most_common(8):
            print(f"  {count:>2}  {pair}")
    if confident_small_talk:
        print("\nnot-situations the matcher was confident about:", ", ".join(confident_small_talk))
    if args.misses:
        print("\nmisses:")
        for case, ranked in misses:
            print(f"  [{case.script}] {case.text!r} -> {ranked}")
        print("\nmisses among those written after tuning:")
        for case, ranked in later_misses:
            print(f"  [{case.script}] {case.text!r} -> {ranked}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
