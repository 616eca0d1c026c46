"""Fitting the triage model from the corpus with scikit-learn (imported only here, only when training).

Why scikit-learn's logistic regression over word and letter-run features: it is well kept, runs offline,
trains on a few thousand messages in seconds on two cores, is deterministic (same corpus, same numbers),
and its fitted model is a table of weights that :mod:`bot.understanding.triage.model` can score without
importing scikit-learn at all. Static embeddings were considered and left aside: they place "this rota is
killing me" beside "I want to kill myself", which is exactly the confusion triage exists to avoid.

Three heads share one vocabulary: ``route`` (the five routes), ``script`` (which script fits a situation,
learned from the two situation routes) and ``other`` (what kind of "something else" a message is).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

from bot.understanding.triage.corpus import OTHER_TOPICS, ROUTES, SITUATION_ROUTES, Example
from bot.understanding.triage.features import FEATURE_VERSION, features
from bot.understanding.triage.model import Head, LinearModel

__all__ = ["SETTINGS", "train"]

# what decides the fitted numbers besides the corpus (all of it is part of the fingerprint)
SETTINGS: dict[str, Any] = {
    "features": FEATURE_VERSION,
    "min_df": 2,
    "C": {"route": 8.0, "script": 8.0, "other": 8.0},
    "balanced": {"route": True, "script": True, "other": True},
}


def _labelled(examples: Sequence[Example]) -> dict[str, tuple[list[int], list[str], tuple[str, ...]]]:
    """Each head's examples (as positions in ``examples``), labels and classes."""
    every = range(len(examples))
    situations = [i for i in every if examples[i].route in SITUATION_ROUTES and examples[i].topic]
    others = [i for i in every if examples[i].route == "other"]
    script_ids = tuple(sorted({examples[i].topic for i in situations}))
    return {
        "route": (list(every), [e.route for e in examples], ROUTES),
        "script": (situations, [examples[i].topic for i in situations], script_ids),
        "other": (others, [examples[i].topic for i in others], OTHER_TOPICS),
    }


def _fit(
    name: str, matrix: Any, labels: Sequence[str], classes: tuple[str, ...], width: int
) -> tuple[tuple[str, ...], tuple[float, ...], list[list[float]]]:
    """One head's classes (those with examples, in ``classes`` order), intercepts and weight columns."""
    from sklearn.linear_model import LogisticRegression

    present = [c for c in classes if c in set(labels)]
    if len(present) < 2:  # nothing to tell apart: one class, always certain
        return tuple(present), (0.0,) * len(present), [[0.0] * width for _ in present]
    weight = "balanced" if SETTINGS["balanced"][name] else None
    fitted = LogisticRegression(C=SETTINGS["C"][name], solver="newton-cg", max_iter=500, class_weight=weight)
    fitted.fit(matrix, labels)
    if len(present) == 2:  # scikit-learn keeps one row for two classes: softmax of (-z/2, z/2) is sigmoid(z)
        half = [float(w) / 2 for w in fitted.coef_[0]]
        b = float(fitted.intercept_[0]) / 2
        return tuple(fitted.classes_), (-b, b), [[-w for w in half], half]
    rows = {c: k for k, c in enumerate(fitted.classes_)}
    order = [rows[c] for c in present]
    return (
        tuple(present),
        tuple(float(fitted.intercept_[k]) for k in order),
        [list(map(float, fitted.coef_[k])) for k in order],
    )


def train(examples: Sequence[Example], fingerprint: str) -> LinearModel:
    """The model fitted to ``examples`` (every head needs examples of at least two of its classes)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=SETTINGS["min_df"])
    matrix = vectoriser.fit_transform([e.text for e in examples])
    names = list(vectoriser.get_feature_names_out())
    columns: list[list[float]] = []
    heads = []
    offset = 0
    for name, (rows, labels, classes) in _labelled(examples).items():
        kept, intercept, coef = _fit(name, matrix[rows], labels, classes, len(names))
        heads.append(Head(name, kept, intercept, offset))
        columns += coef
        offset += len(kept)
    import numpy

    weights = array("f", numpy.asarray(columns, dtype=numpy.float32).T.tobytes())  # one row per feature
    return LinearModel(fingerprint, names, array("f", map(float, vectoriser.idf_)), weights, heads)
