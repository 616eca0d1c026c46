"""How well ``bot.understanding.privacy.redact`` finds identifiers: ``python -m bench.redaction_eval``.

Prints recall and precision per placeholder kind (``bot.understanding.privacy.redaction_scores``: a placeholder only
counts where the label has one of the same kind) on six labelled sets in ``tests/data``:

- ``redaction_eval.yaml``: the tuned set, written in batches and tuned on after each (flatters the redactor);
- ``redaction_heldout.yaml``: written before the last round of changes; improved on by kinds of wording,
  never sentence by sentence (its "before" figures are in its header);
- ``redaction_unseen2.yaml``: written after that round and never tuned on;
- ``redaction_tune_v3.yaml``: issue 16's tuning set for staff numbers, addresses, beds on a named ward,
  phone numbers without "+", dates of birth, names in capitals and less common names (tuned on);
- ``redaction_heldout_v3.yaml``: written before the issue-16 changes and never tuned on: the honest figure
  for those kinds ("before" and "after" figures in its header);
- ``redaction_probe_v3.yaml``: written after the issue-16 changes in different wording, never tuned on.

Labels that issue 16 changed on purpose in the older sets are applied from ``redaction_relabels_v3.yaml``.

Goals (from the issue): recall ≥ 0.95 for email, phone and NHS number, ≥ 0.9 for names; precision ≥ 0.9
for every kind. Hospital numbers, mentions, postcodes and dates of birth are held to 0.9 recall here.
A kind with nothing labelled in a set is left out of that set's rows unless the redactor produced it
there (a false alarm). Then ``redact()`` throughput in sentences per second over the first three sets'
texts (the figure earlier rounds reported) and over all six.

``--misses`` lists every sentence whose output differs from its label.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from bot.understanding.privacy import KINDS, redact, redaction_scores

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SETS = (
    ("tuned", DATA / "redaction_eval.yaml"),
    ("held-out", DATA / "redaction_heldout.yaml"),
    ("unseen2", DATA / "redaction_unseen2.yaml"),
    ("tune-v3", DATA / "redaction_tune_v3.yaml"),
    ("held-out-v3", DATA / "redaction_heldout_v3.yaml"),
    ("probe-v3", DATA / "redaction_probe_v3.yaml"),
)
RELABELS = DATA / "redaction_relabels_v3.yaml"
#: How many of SETS, from the start, the first throughput figure covers (the sets earlier rounds timed).
OLDER_SETS = 3
RECALL_GOAL = {"email": 0.95, "phone": 0.95, "nhs-number": 0.95}
OTHER_RECALL_GOAL = 0.9
PRECISION_GOAL = 0.9


def load(path: Path) -> list[dict[str, str]]:
    """The items of a labelled set, with any label issue 16 changed on purpose (`RELABELS`) applied."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    relabels = {i["text"]: i["expected"] for i in yaml.safe_load(RELABELS.read_text(encoding="utf-8"))["items"]}
    return [{"text": i["text"], "expected": relabels.get(i["text"], i["expected"])} for i in items]


def sentences_per_second(texts: list[str], min_seconds: float = 1.0) -> float:
    """Best of three timed passes over `texts`, each repeated until it takes at least `min_seconds`."""
    best = 0.0
    for _ in range(3):
        done = 0
        started = time.perf_counter()
        while True:
            for text in texts:
                redact(text)
            done += len(texts)
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds:
                break
        best = max(best, done / elapsed)
    return best


def run() -> list[tuple[str, str, str]]:
    """Rows of (figure, value, goal) for every set, then throughput."""
    rows: list[tuple[str, str, str]] = []
    texts: list[list[str]] = []
    for label, path in SETS:
        items = load(path)
        texts.append([i["text"] for i in items])
        rows += set_rows(label, items)
    older = [t for ts in texts[:OLDER_SETS] for t in ts]
    everything = [t for ts in texts for t in ts]
    for name, sample in (("the first three sets", older), ("all six sets", everything)):
        rate = sentences_per_second(sample)
        figure = f"redaction: redact() throughput, {name} ({len(sample)} sentences, sentences/s)"
        rows.append((figure, f"{rate:,.0f}", ""))
    return rows


def set_rows(label: str, items: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """Rows for one labelled set: sentences exactly as labelled, then recall and precision per kind."""
    scores = redaction_scores(items)
    expected = "\n".join(i["expected"] for i in items)
    produced = "\n".join(redact(i["text"]) for i in items)
    exact = sum(1 for i in items if redact(i["text"]) == i["expected"])
    rows = [(f"redaction, {label} ({len(items)} sentences): exactly as labelled", f"{exact / len(items):.3f}", "")]
    for kind in KINDS:
        count = expected.count(f"[{kind}]")
        if not count and f"[{kind}]" not in produced:
            continue
        recall, precision = scores[kind]
        goal = RECALL_GOAL.get(kind, OTHER_RECALL_GOAL)
        if count:
            rows.append((f"redaction, {label}: {kind} recall ({count} labelled)", f"{recall:.3f}", f"≥ {goal}"))
        rows.append((f"redaction, {label}: {kind} precision", f"{precision:.3f}", f"≥ {PRECISION_GOAL}"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every sentence not redacted as labelled")
    parser.add_argument(
        "--no-heldout-misses",
        action="store_true",
        help="with --misses, leave out the never-tuned sets (unseen2, held-out-v3, probe-v3)",
    )
    args = parser.parse_args()
    rows = run()
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>8}  goal")
    print("-" * (width + 18))
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:>8}  {goal}")
    if args.misses:
        for label, path in SETS:
            if args.no_heldout_misses and label in ("unseen2", "held-out-v3", "probe-v3"):
                continue
            print(f"\nmisses, {label}:")
            for item in load(path):
                out = redact(item["text"])
                if out != item["expected"]:
                    print(f"  text:     {item['text']}\n  expected: {item['expected']}\n  got:      {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
