"""The trained triage model at run time: a linear model over :func:`features`, scored in plain Python.

Training needs scikit-learn (:mod:`bot.understanding.triage.train`), but importing it takes about a second,
so the running bot never does: training writes the fitted numbers (each feature's idf and its weight for
every class of every head) to one binary file, and this module reads them back and does the arithmetic
scikit-learn would (sublinear term frequency times idf, L2 normalised, a dot product per class, softmax).
A test holds the two to the same probabilities.

File layout: ``MAGIC``, the header's length (8 bytes, little-endian), a JSON header (fingerprint, byte order,
feature names, heads), then float32 numbers: every feature's idf, then the weight matrix row by row (one row
per feature, one column per class of every head, heads side by side).
"""

from __future__ import annotations

import functools
import json
import math
import operator
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.understanding.triage.features import features

__all__ = ["MAGIC", "Head", "LinearModel", "ModelFileError"]

MAGIC = b"KINSHIP-TRIAGE-1\n"

Vector = list[tuple[int, float]]  # (feature index, normalised tf-idf) for the features a text has


class ModelFileError(ValueError):
    """A model file that cannot be read (damaged, or written by another version)."""


@dataclass(frozen=True, slots=True)
class Head:
    """One classifier sharing the features: its classes, their intercepts, where its columns start."""

    name: str
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    offset: int


def _one_or_none(index: int, column: array) -> tuple[float, ...]:
    return (column[index],) if index >= 0 else ()


class LinearModel:
    def __init__(
        self, fingerprint: str, names: Sequence[str], idf: array, weights: array, heads: Sequence[Head]
    ) -> None:
        self.fingerprint = fingerprint
        self._index = {name: i for i, name in enumerate(names)}
        self._names = tuple(names)
        self._idf = idf
        self._weights = weights
        self._width = sum(len(h.classes) for h in heads)
        self.heads: Mapping[str, Head] = {h.name: h for h in heads}
        if len(idf) != len(names) or len(weights) != len(names) * self._width:
            raise ModelFileError("the model's numbers do not fit its features and classes")
        # one array per class, over every feature: a class's score is then a sparse dot product done by
        # C-level map() calls, several times faster than walking the rows in Python
        self._columns = [weights[k :: self._width] for k in range(self._width)]

    def vector(self, text: str) -> Vector:
        """``text`` as the model sees it: the known features, weighted and normalised."""
        idf, index = self._idf, self._index
        found = [
            (i, (1.0 + math.log(n)) * idf[i])
            for f, n in Counter(features(text)).items()
            if (i := index.get(f)) is not None
        ]
        norm = math.sqrt(sum(v * v for _, v in found)) or 1.0
        return [(i, v / norm) for i, v in found]

    def probabilities(self, vector: Vector, head: str) -> dict[str, float]:
        """Each class of ``head`` with its probability, for a text's :meth:`vector`."""
        h = self.heads[head]
        columns = self._columns[h.offset : h.offset + len(h.classes)]
        values = [v for _, v in vector]
        gather: Callable[[array], Sequence[float]]
        if len(vector) > 1:
            gather = operator.itemgetter(*(i for i, _ in vector))  # one C call gathers a column's weights
        else:  # itemgetter of one index gives a number, not a tuple
            gather = functools.partial(_one_or_none, vector[0][0] if vector else -1)
        scores = [
            b + sum(map(operator.mul, values, gather(column))) for b, column in zip(h.intercept, columns, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(h.classes, exps, strict=True)}

    # --- the file ------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        header = {
            "fingerprint": self.fingerprint,
            "byteorder": sys.byteorder,
            "features": list(self._names),
            "heads": [{"name": h.name, "classes": h.classes, "intercept": h.intercept} for h in self.heads.values()],
        }
        head = json.dumps(header, separators=(",", ":")).encode()
        return MAGIC + len(head).to_bytes(8, "little") + head + self._idf.tobytes() + self._weights.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearModel:
        if not data.startswith(MAGIC):
            raise ModelFileError("not a Kinship triage model file")
        start = len(MAGIC) + 8
        size = int.from_bytes(data[len(MAGIC) : start], "little")
        try:
            header = json.loads(data[start : start + size])
            names = header["features"]
            numbers = array("f")
            numbers.frombytes(data[start + size :])
        except (ValueError, KeyError) as exc:
            raise ModelFileError(f"the model file is damaged: {exc}") from None
        if header.get("byteorder") != sys.byteorder:
            numbers.byteswap()
        heads, offset = [], 0
        for h in header["heads"]:
            heads.append(Head(h["name"], tuple(h["classes"]), tuple(h["intercept"]), offset))
            offset += len(h["classes"])
        return cls(header["fingerprint"], names, numbers[: len(names)], numbers[len(names) :], heads)

    @classmethod
    def read(cls, path: Path) -> LinearModel:
        return cls.from_bytes(path.read_bytes())
