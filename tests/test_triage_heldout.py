"""Triage on held-out sets written before the tuning they judge, and never trained on.

Three sets, each written by someone who could not see the corpus or the other sets, and each scored once
when the code it judged was final; after that scoring its misses could be read, so from then on its figures
flatter the code. v1 (tests/data/triage_heldout/) judged the first model; v2 the second (a bigger corpus,
the matcher's tokens as features); v3 (tests/data/triage_heldout_v3/) the last round (more corpus, nothing
else changed) and is the honest figure. The bars are today's figures, kept as floors, so any later change
that reads people worse fails here. `python -m bench.triage_eval` prints every figure.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bench.triage_eval import PARTS, SETS, figures, heldout
from bot.dialogue import World
from bot.understanding.scripts import ScriptMatcher
from bot.understanding.triage import Reading, Triager
from bot.understanding.triage.built import default_model
from bot.understanding.triage.corpus import corpus_files, read_examples

# (figure, bar, at least?): at least for rates we want high, at most for false alarms and confusions.
# First scorings, for the record: v1 with the first model: route 0.932, at-risk recall 0.941 ('unlike' 0.886),
# work-talk false alarms 0.140, script top-1 0.873, top-3 0.968, 2 discriminatory lines sent to a sexual
# script. v2 with the second: 0.921, 0.965 (0.952), 0.133, 0.870, 0.932, and 3 (0 once those three had been
# read and the words about who someone is widened). v3 with the last: exactly its bars below.
BARS = {
    "v1": [
        ("route accuracy", 0.956, True),
        ("at-risk recall", 1.0, True),
        ("at-risk recall, 'unlike' set", 1.0, True),
        ("at risk: support or one tap away", 1.0, True),
        ("false alarms on work talk", 0.116, False),
        ("false alarms, all not at risk", 0.048, False),
        ("script top-1", 0.887, True),
        ("script top-3", 0.958, True),
        ("discriminatory -> sexual script (count)", 0, False),
    ],
    "v2": [
        ("route accuracy", 0.924, True),
        ("at-risk recall", 0.965, True),
        ("at-risk recall, 'unlike' set", 0.951, True),
        ("at risk: support or one tap away", 1.0, True),
        ("false alarms on work talk", 0.121, False),
        ("false alarms, all not at risk", 0.053, False),
        ("script top-1", 0.877, True),
        ("script top-3", 0.938, True),
        ("discriminatory -> sexual script (count)", 0, False),
    ],
    "v3": [
        ("route accuracy", 0.910, True),
        ("at-risk recall", 0.962, True),
        ("at-risk recall, 'unlike' set", 0.930, True),
        ("at risk: support or one tap away", 0.984, True),
        ("false alarms on work talk", 0.096, False),
        ("false alarms, all not at risk", 0.060, False),
        ("script top-1", 0.873, True),
        ("script top-3", 0.924, True),
        ("discriminatory -> sexual script (count)", 0, False),
    ],
}


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
    trained = {" ".join(e.text.lower().split()) for e in read_examples(corpus_files())}
    leaked = [e.text for part in sets.values() for e in part if " ".join(e.text.lower().split()) in trained]
    assert not leaked, leaked
