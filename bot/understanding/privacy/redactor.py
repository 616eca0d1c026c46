"""`redact`: every kind of identifier, in order, then names on what is left."""

from __future__ import annotations

from bot.understanding.privacy.identifiers import redact_identifiers
from bot.understanding.privacy.people import redact_names

__all__ = ["KINDS", "redact"]

#: Placeholder kinds, in the order `redaction_scores` reports them.
KINDS: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "nhs-number",
    "hospital-number",
    "mention",
    "postcode",
    "date-of-birth",
)


def redact(text: str) -> str:
    """Return `text` with personal identifiers replaced by placeholders (see `bot.understanding.privacy`).

    Structured identifiers go first (`redact_identifiers`), and names last, on what is left, so a word of
    an email address or a number's label is never taken for a name.
    """
    if not text:
        return text
    return redact_names(redact_identifiers(text))
