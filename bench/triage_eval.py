"""How well triage reads people: ``python -m bench.triage_eval`` (``--tune`` for cross-validation).

Default: the held-out figures of the shipped model and content, per held-out set (tests/data/), each written
before the tuning it judges and never trained on: route accuracy, at-risk recall (the routes set's at-risk
lines together with the "unlike" set, and the "unlike" set alone), false alarms on ordinary work talk and on
everything not at risk, script top-1 / top-3, discriminatory abuse sent to a sexual-harassment script, how
often a question is asked; then the speed of a reading and of loading the model.

Three held-out sets (v1, v2, v3), each scored once when the code it judged was final and read afterwards:
v1 judged the first model, v2 the second, v3 the last. Only the newest set's figures are honest; the older
ones were seen while tuning (tests/test_triage_heldout.py keeps the record).

``--tune``: five-fold cross-validation on the training corpus only (what thresholds were chosen on).
``--misses SET`` lists the lines of one held-out set that were read wrongly.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.domain.config import DEFAULT_CONTENT_DIR
from bot.domain.content import load_content
from bot.understanding.scripts import ScriptMatcher
from bot.understanding.triage import Reading, Triager
from bot.understanding.triage.built import built_path, default_model
from bot.understanding.triage.corpus import SITUATION_ROUTES, Example, corpus_files, read_examples
from bot.understanding.triage.model import LinearModel
from bot.understanding.triage.reading import SEXUAL_SCRIPTS
from bot.understanding.triage.train import train

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "v1": ROOT / "tests" / "data" / "triage_heldout",
    "v2": ROOT / "tests" / "data" / "triage_heldout_v2",
    "v3": ROOT / "tests" / "data" / "triage_heldout_v3",
}
PARTS = ("routes", "at_risk_unlike", "work_talk", "scripts")
DISCRIMINATORY = frozenset(
    {"patient-racist-abuse", "patient-discriminatory-abuse", "discriminatory-remarks", "microaggression"}
)
Figures = dict[str, float]


def heldout(version: str) -> dict[str, list[Example]]:
    return {part: read_examples([SETS[version] / f"{part}.txt"]) for part in PARTS}


def figures(read: Callable[[str], Reading], sets: dict[str, list[Example]]) -> Figures:
    """Every figure the issue names, for one reader over one held-out set's parts."""
    routes, unlike, work, scripts = (sets.get(p, []) for p in PARTS)
    readings = {e.text: read(e.text) for part in sets.values() for e in part}
    at_risk = [e for e in (*routes, *unlike) if e.route == "support"]
    calm = [e for e in (*routes, *work, *scripts) if e.route != "support"]
    situations = [e for e in (*routes, *scripts) if e.route in SITUATION_ROUTES and e.topic]

    def ranked(e: Example) -> tuple[str, ...]:
        return readings[e.text].scripts

    def supported(e: Example) -> bool:
        return readings[e.text].route == "support"

    return {
        "route accuracy": _mean([readings[e.text].route == e.route for e in routes]),
        "at-risk recall": _mean([supported(e) for e in at_risk]),
        "at-risk recall, 'unlike' set": _mean([supported(e) for e in unlike]),
        "at risk: support or one tap away": _mean([supported(e) or readings[e.text].ask == "feeling" for e in at_risk]),
        "false alarms on work talk": _mean([supported(e) for e in work if e.route != "support"]),
        "false alarms, all not at risk": _mean([supported(e) for e in calm]),
        "script top-1": _mean([ranked(e)[:1] == (e.topic,) for e in situations]),
        "script top-3": _mean([e.topic in ranked(e)[:3] for e in situations]),
        "discriminatory -> sexual script (count)": float(
            sum(e.topic in DISCRIMINATORY and bool(ranked(e)) and ranked(e)[0] in SEXUAL_SCRIPTS for e in situations)
        ),
        "a question asked": _mean([bool(readings[e.text].ask) for e in routes]),
    }


def _mean(values: Sequence[bool]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _matcher() -> ScriptMatcher:
    return ScriptMatcher(load_content(DEFAULT_CONTENT_DIR).scripts)


def cross_validate(folds: int = 5, seed: int = 7) -> Figures:
    """Train on four fifths of the corpus, read the fifth; figures averaged over the folds."""
    examples = read_examples(corpus_files())
    random.Random(seed).shuffle(examples)
    totals: dict[str, list[float]] = {}
    for k in range(folds):
        test = examples[k::folds]
        model = train([e for i, e in enumerate(examples) if i % folds != k], f"fold{k}")
        parts = {"routes": test, "at_risk_unlike": [], "work_talk": [], "scripts": []}
        for name, value in figures(Triager(model, _matcher()).read, parts).items():
            totals.setdefault(name, []).append(value)
    return {name: statistics.fmean(v) for name, v in totals.items()}


def speed(model: LinearModel, texts: Sequence[str]) -> tuple[float, float]:
    """Median milliseconds per reading (phrase screen, model and matcher), and seconds to load the model."""
    reader = Triager(model, _matcher()).read
    times = []
    for text in texts:
        started = time.perf_counter()
        reader(text)
        times.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    LinearModel.read(built_path(corpus_files()))
    return statistics.median(times), time.perf_counter() - started


# the support screen's own held-out sets (tests/data/support_*.yaml: text, support true/false), never trained on
SCREEN_SETS = ("support_heldout", "support_unseen2")


def screen_figures(name: str, needs_support: Callable[[str], bool]) -> Figures:
    """Recall and false alarms of ``needs_support`` on one of the support screen's held-out sets."""
    import yaml

    items = yaml.safe_load((ROOT / "tests" / "data" / f"{name}.yaml").read_text(encoding="utf-8"))["items"]
    said = [(bool(i["support"]), needs_support(i["text"])) for i in items]
    return {
        "recall": _mean([got for want, got in said if want]),
        "false alarms": _mean([got for want, got in said if not want]),
    }


GOALS = {
    "route accuracy": "≥ 0.90",
    "at-risk recall": "≥ 0.95",
    "false alarms on work talk": "≤ 0.10",
    "script top-1": "≥ 0.90",
    "script top-3": "≥ 0.97",
    "discriminatory -> sexual script (count)": "0",
}


def rows() -> list[tuple[str, str, str]]:
    """`make bench` rows: each held-out set's figures, then speed."""
    model = default_model()
    read = Triager(model, _matcher()).read
    found: list[tuple[str, str, str]] = []
    texts: list[str] = []
    for version, folder in SETS.items():
        if not folder.exists():
            continue
        sets = heldout(version)
        texts += [e.text for part in sets.values() for e in part]
        found += [(f"triage {version}: {n}", f"{v:.3f}", GOALS.get(n, "")) for n, v in figures(read, sets).items()]
    import bot

    for name in SCREEN_SETS:
        found += [
            (f"needs_support on {name}: {n}", f"{v:.3f}", "")
            for n, v in screen_figures(name, bot.needs_support).items()
        ]
    median_ms, load_s = speed(model, texts)
    found.append(("triage: median ms per message", f"{median_ms:.3f}", "≤ 1"))
    found.append(("triage: model load (s)", f"{load_s:.3f}", "≤ 0.3"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="cross-validate on the training corpus only")
    parser.add_argument("--misses", choices=sorted(SETS), help="list one held-out set's lines read wrongly")
    args = parser.parse_args()
    if args.tune:
        for name, value in cross_validate().items():
            print(f"{name:40} {value:.3f}   (cross-validation on the training corpus)")
        return
    if args.misses:
        read = Triager(default_model(), _matcher()).read
        for e in (x for part in heldout(args.misses).values() for x in part):
            r = read(e.text)
            if r.route != e.route or (e.topic and e.route in SITUATION_ROUTES and r.scripts[:1] != (e.topic,)):
                print(f"{e.route}/{e.topic} -> {r.route}/{r.scripts[:1]} {r.ask}: {e.text}")
        return
    for name, value, goal in rows():
        print(f"{name:46} {value:>8}  {goal}")


if __name__ == "__main__":
    main()
