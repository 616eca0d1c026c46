"""The understanding layer (text in, meaning out) imports only the standard library, bot.domain and
`english_words`, a data-only dictionary package, besides its own modules. The one exception is training the
triage model (bot/understanding/triage/train.py), which imports scikit-learn and numpy inside the function
that trains: reading messages never does."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.helpers import imported_modules

LAYER = Path(__file__).resolve().parent.parent / "bot" / "understanding"
ALLOWED = {*sys.stdlib_module_names, "english_words"}
TRAINING = LAYER / "triage" / "train.py"


def test_every_module_of_the_layer_imports_only_the_stdlib_the_domain_and_itself() -> None:
    paths = sorted(LAYER.rglob("*.py"))
    assert len(paths) > 10
    offenders = [
        f"{path.relative_to(LAYER.parent.parent)} imports {name}"
        for path in paths
        for name in imported_modules(path)
        if name.split(".")[0] not in ALLOWED
        and not name.startswith(("bot.domain", "bot.understanding"))
        and not (path == TRAINING and name.split(".")[0] in {"sklearn", "numpy"})
    ]
    assert offenders == []
