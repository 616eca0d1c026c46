"""The labelled messages the triage model learns from: text files in ``corpus/``, one message a line.

Each line is ``ROUTE | TOPIC | message``; blank lines and ``#`` comments are skipped, and the message may
hold a ``|`` of its own. ROUTE is one of :data:`ROUTES`; TOPIC is a script id for the two situation routes,
one of :data:`OTHER_TOPICS` for ``other``, and ``-`` where nothing more is said. Held-out sets
(tests/data/triage_heldout/) use the same format and this reader, and are never read by training.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "OTHER_TOPICS",
    "ROUTES",
    "SITUATION_ROUTES",
    "CorpusError",
    "Example",
    "corpus_files",
    "fingerprint",
    "read_examples",
]

ROUTES = ("support", "domestic-abuse", "happened-to-me", "witnessed", "other")
SITUATION_ROUTES = frozenset({"happened-to-me", "witnessed"})
OTHER_TOPICS = ("question", "thanks", "greeting", "clinical", "wellbeing", "chat")
NO_TOPIC = "-"


class CorpusError(ValueError):
    """A corpus line that cannot be read: the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Example:
    route: str
    topic: str  # a script id, an OTHER_TOPICS word, or "" for none
    text: str


def corpus_files() -> list[Path]:
    """The training corpus shipped with the package, in a fixed order."""
    folder = Path(str(resources.files("bot.understanding.triage") / "corpus"))
    return sorted(folder.glob("*.txt"))


def fingerprint(files: Iterable[Path], *parts: str) -> str:
    """A short hash of the corpus and of whatever else (``parts``) decides the trained model."""
    digest = hashlib.sha256("\0".join(parts).encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _example(path: Path, number: int, line: str) -> Example:
    fields = line.split("|", 2)
    if len(fields) != 3:
        raise CorpusError(f"{path}:{number}: expected 'ROUTE | TOPIC | message', found {len(fields)} field(s)")
    route, topic, text = (f.strip() for f in fields)
    if route not in ROUTES:
        raise CorpusError(f"{path}:{number}: unknown route {route!r} (one of {', '.join(ROUTES)})")
    if route == "other" and topic not in OTHER_TOPICS:
        raise CorpusError(f"{path}:{number}: topic {topic!r} for 'other' must be one of {', '.join(OTHER_TOPICS)}")
    if not text:
        raise CorpusError(f"{path}:{number}: the message is empty")
    return Example(route, "" if topic == NO_TOPIC else topic, text)


def read_examples(files: Iterable[Path]) -> list[Example]:
    """Every example in ``files``; a malformed line stops the read with its file and line."""
    examples = []
    for path in files:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if line and not line.startswith("#"):
                examples.append(_example(path, number, line))
    return examples
