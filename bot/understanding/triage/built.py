"""Where the trained model lives: built once from the corpus, kept beside it, read in milliseconds.

The file is named after the corpus's fingerprint (its text plus the training settings), so a changed
corpus is never answered by a stale model. When the file is missing (a fresh checkout before ``make
install``, or a new corpus) the first process to need it trains the model (a few seconds, scikit-learn) and
writes it atomically, so several processes starting together do no harm. If the package folder cannot be
written (an installed, read-only package), the model is kept in memory for this process and a warning says
that each process will train at start-up until ``python -m bot triage build`` is run where it can write.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from bot.understanding.triage.corpus import corpus_files, fingerprint, read_examples
from bot.understanding.triage.model import LinearModel, ModelFileError

__all__ = ["build", "built_path", "default_model"]

log = logging.getLogger(__name__)


def _settings_text() -> str:
    from bot.understanding.triage import train  # its settings only; scikit-learn is imported when it trains

    return json.dumps(train.SETTINGS, sort_keys=True)


def built_path(files: Sequence[Path]) -> Path:
    folder = Path(str(resources.files("bot.understanding.triage"))) / "built"
    return folder / f"triage-{fingerprint(files, _settings_text())}.bin"


def build(files: Sequence[Path] | None = None) -> tuple[LinearModel, Path | None]:
    """Train from ``files`` (the shipped corpus by default) and save beside it; the path, or None when the
    folder could not be written."""
    from bot.understanding.triage.train import train

    files = list(corpus_files() if files is None else files)
    path = built_path(files)
    model = train(read_examples(files), path.stem.removeprefix("triage-"))
    try:
        path.parent.mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
            part.write(model.to_bytes())
        os.chmod(part.name, 0o644)  # readable by every user of the installed package, like the corpus
        os.replace(part.name, path)
        for old in path.parent.glob("triage-*.bin"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("triage model kept in memory only (%s cannot be written: %s)", path.parent, exc.strerror)
        return model, None
    return model, path


@cache
def default_model() -> LinearModel:
    """The model for the shipped corpus: read if built, else trained now (and kept) — once per process."""
    files = corpus_files()
    path = built_path(files)
    try:
        return LinearModel.read(path)
    except FileNotFoundError:
        log.info("training the triage model (first use of this corpus)")
    except ModelFileError as exc:
        log.warning("triage model %s is unreadable (%s): training it again", path.name, exc)
    return build(files)[0]
