"""Triage on held-out sets written before the tuning they judge, and never trained on.

Three sets, each written by someone who could not see the corpus or the other sets, and each scored once
when the code it judged was final; after that scoring its misses could be read, so from then on its figures
flatter the code. v1 (tests/data/triage_heldout/) judged the first model; v2 the second (a bigger corpus,
the matcher's tokens as features); v3 (tests/data/triage_heldout_v3/) the last round (more corpus, nothing
else changed) and is the honest figure. The bars are today's figures, kept as floors, so any later change
that reads people worse fails here. `python -m bench.triage_eval` prints every figure.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest

from bench.triage_eval import PARTS, SETS, figures, heldout, screen_figures
from bot.dialogue import World
from bot.understanding.scripts import ScriptMatcher
from bot.understanding.triage import Reading, Triager
from bot.understanding.triage.built import default_model
from bot.understanding.triage.corpus import corpus_files, read_examples

# (figure, bar, at least?): at least for rates we want high, at most for false alarms and confusions.
# First scorings, for the record (route accuracy, at-risk recall ('unlike' set), work-talk false alarms, script
# top-1, top-3, discriminatory lines sent to a sexual script):
#   v1 on the first model: 0.932, 0.941 (0.886), 0.140, 0.873, 0.968, 2;
#   v2 on the second: 0.921, 0.965 (0.952), 0.133, 0.870, 0.932, 3 (0 once those three had been read and the
#   words about who someone is widened);
#   v3 on the third: 0.911, 0.962 (0.931), 0.096, 0.874, 0.925, 0; then, once the support screen's tuning set
#   and near-miss lines were added to the corpus and quoted words of others taken out of the risk reading
#   (chosen by cross-validation, before v3 was scored again), the figures below.
BARS = {
    "v1": [
        ("route accuracy", 0.959, True),
        ("at-risk recall", 1.000, True),
        ("at-risk recall, 'unlike' set", 1.000, True),
        ("at risk: support or one tap away", 1.000, True),
        ("false alarms on work talk", 0.098, False),
        ("false alarms, all not at risk", 0.044, False),
        ("script top-1", 0.896, True),
        ("script top-3", 0.964, True),
        ("discriminatory -> sexual script (count)", 0, False),
    ],
    "v2": [
        ("route accuracy", 0.927, True),
        ("at-risk recall", 0.944, True),
        ("at-risk recall, 'unlike' set", 0.915, True),
        ("at risk: support or one tap away", 0.993, True),
        ("false alarms on work talk", 0.091, False),
        ("false alarms, all not at risk", 0.040, False),
        ("script top-1", 0.887, True),
        ("script top-3", 0.945, True),
        ("discriminatory -> sexual script (count)", 0, False),
    ],
    "v3": [
        ("route accuracy", 0.897, True),
        ("at-risk recall", 0.962, True),
        ("at-risk recall, 'unlike' set", 0.930, True),
        ("at risk: support or one tap away", 0.984, True),
        ("false alarms on work talk", 0.096, False),
        ("false alarms, all not at risk", 0.064, False),
        ("script top-1", 0.866, True),
        ("script top-3", 0.921, True),
        ("discriminatory -> sexual script (count)", 0, False),
    ],
}
# bot.needs_support (triage or the phrase screen) on the support screen's own held-out sets, never trained on
SCREEN_BARS = {"support_heldout": (1.0, 0.270), "support_unseen2": (0.863, 0.350)}  # (recall at least, alarms at most)


Read = Callable[[str], Reading]


@pytest.fixture(scope="module")
def read(world: World) -> Read:
    return Triager(default_model(), ScriptMatcher(world.content.scripts)).read


@pytest.mark.parametrize("version", sorted(BARS))
def test_held_out_figures_keep_the_bar_they_reached(read: Read, version: str) -> None:
    reached = figures(read, heldout(version))
    shortfalls = [
        f"{name}: {reached[name]:.3f} (bar {bar})"
        for name, bar, at_least in BARS[version]
        if (reached[name] < bar - 1e-9 if at_least else reached[name] > bar + 1e-9)
    ]
    assert not shortfalls, shortfalls


@pytest.mark.parametrize("name", sorted(SCREEN_BARS))
def test_needs_support_on_the_support_screens_held_out_sets(name: str) -> None:
    import bot

    reached = screen_figures(name, bot.needs_support)
    recall, alarms = SCREEN_BARS[name]
    assert reached["recall"] >= recall and reached["false alarms"] <= alarms + 1e-9, reached


@pytest.mark.parametrize("version", sorted(SETS))
def test_held_out_sets_are_big_enough_and_never_in_the_corpus(version: str) -> None:
    sets = heldout(version)
    assert set(sets) == set(PARTS)
    routes = sets["routes"]
    assert len(routes) >= 300 and {e.route for e in routes} == {
        "support",
        "domestic-abuse",
        "happened-to-me",
        "witnessed",
        "other",
    }
    assert len(sets["at_risk_unlike"]) >= 60 and {e.route for e in sets["at_risk_unlike"]} == {"support"}
    trained = _trained()
    leaked = [e.text for part in sets.values() for e in part if " ".join(e.text.lower().split()) in trained]
    assert not leaked, leaked


@functools.cache
def _trained() -> frozenset[str]:
    return frozenset(" ".join(e.text.lower().split()) for e in read_examples(corpus_files()))


@pytest.mark.parametrize("name", sorted(SCREEN_BARS))
def test_the_support_screens_held_out_sets_are_never_in_the_corpus(name: str) -> None:
    import yaml

    items = yaml.safe_load((SETS["v1"].parent / f"{name}.yaml").read_text(encoding="utf-8"))["items"]
    trained = _trained()
    leaked = [i["text"] for i in items if " ".join(i["text"].lower().split()) in trained]
    assert not leaked, leaked
