"""Where the trained model lives: built once from the corpus, kept beside it, read in milliseconds.

The file is named after the corpus's fingerprint (its text plus the training settings), so a changed
corpus is never answered by a stale model. When the file is missing (a fresh checkout before ``make
install``, a freshly installed wheel, or a new corpus) the first process to need it trains the model (a few
seconds, scikit-learn) and writes it atomically, so several processes starting together do no harm. It is
written beside the corpus (``built/`` in the package folder: a checkout, or a virtualenv the user owns); when
that folder cannot be written (a read-only installed package) it goes to the user's cache instead
(``$XDG_CACHE_HOME/kinship``, else ``~/.cache/kinship``). If neither can be written, the model is kept in
memory for this process and a warning says so: each process will then train at start-up until ``python -m
bot triage build`` is run where it can write.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from bot.understanding.triage.corpus import corpus_files, fingerprint, read_examples
from bot.understanding.triage.model import LinearModel, ModelFileError

__all__ = ["build", "built_path", "cache_folder", "default_model"]

log = logging.getLogger(__name__)


def _settings_text() -> str:
    from bot.understanding.triage import train  # its settings only; scikit-learn is imported when it trains

    return json.dumps(train.SETTINGS, sort_keys=True)


def built_path(files: Sequence[Path]) -> Path:
    """The model's place beside the corpus, in the package folder (the first place looked and written)."""
    folder = Path(str(resources.files("bot.understanding.triage"))) / "built"
    return folder / f"triage-{fingerprint(files, _settings_text())}.bin"


def cache_folder(env: Mapping[str, str] | None = None) -> Path:
    """The user's cache for the model when the package folder cannot be written."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "kinship"


def _places(files: Sequence[Path]) -> list[Path]:
    """Where the model for ``files`` may be kept, in the order they are read and tried for writing."""
    beside = built_path(files)
    return [beside, cache_folder() / beside.name]


def _write(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` atomically and remove older models there; raises OSError if it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(data)
    os.chmod(part.name, 0o644)  # readable by every user of the installed package, like the corpus
    os.replace(part.name, path)
    for old in path.parent.glob("triage-*.bin"):
        if old != path:
            old.unlink(missing_ok=True)


def build(files: Sequence[Path] | None = None) -> tuple[LinearModel, Path | None]:
    """Train from ``files`` (the shipped corpus by default) and save beside it, or in the user's cache when
    the package folder cannot be written; the path, or None when neither could be written."""
    from bot.understanding.triage.train import train

    files = list(corpus_files() if files is None else files)
    places = _places(files)
    model = train(read_examples(files), places[0].stem.removeprefix("triage-"))
    data = model.to_bytes()
    failures = []
    for path in places:
        try:
            _write(data, path)
        except OSError as exc:
            failures.append(f"{path.parent}: {exc.strerror or exc}")
            continue
        if failures:
            log.info("triage model written to %s (%s cannot be written)", path, "; ".join(failures))
        return model, path
    log.warning("triage model kept in memory only (cannot be written: %s)", "; ".join(failures))
    return model, None


def _read_built(files: Sequence[Path]) -> LinearModel | None:
    """The model for ``files`` from the first place that holds a readable one, else None."""
    for path in _places(files):
        try:
            return LinearModel.read(path)
        except FileNotFoundError:
            continue
        except OSError as exc:  # not a folder, or not readable by this user: the next place may do
            log.warning("triage model %s cannot be read (%s)", path, exc.strerror or exc)
        except ModelFileError as exc:
            log.warning("triage model %s is unreadable (%s): training it again", path, exc)
    return None


@cache
def default_model() -> LinearModel:
    """The model for the shipped corpus: read if built, else trained now (and kept) — once per process."""
    files = corpus_files()
    model = _read_built(files)
    if model is not None:
        return model
    log.info("training the triage model (first use of this corpus)")
    return build(files)[0]
