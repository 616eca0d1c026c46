"""The garbage collector, set for a long-running server once everything it keeps is loaded.

A started server holds hundreds of thousands of objects for its whole life (the content, the triage model,
compiled patterns, SQLAlchemy's and the SDKs' machinery), and Python's cyclic collector walks them all again
on every full collection, and the younger ones every few hundred allocations: under load that cost more than
a turn's SQL. :func:`settle` moves what start-up made out of the collector's sight (``gc.freeze``: it is never
freed anyway) and lets more allocations pass between collections of the young. Garbage without cycles is
freed at once as ever; cyclic garbage waits a little longer. Nothing a person sees changes.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 5000  # allocations between collections of the youngest generation (Python's default: 700)


def settle() -> None:
    """Call once start-up is done, just before serving."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
