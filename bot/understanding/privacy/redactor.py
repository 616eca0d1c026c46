"""`redact`: every kind of identifier, in order, then names on what is left."""

from __future__ import annotations

from bot.understanding.privacy.addresses import redact_addresses
from bot.understanding.privacy.identifiers import redact_identifiers
from bot.understanding.privacy.people import redact_names
from bot.understanding.privacy.workplace import redact_beds

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
    "staff-number",
    "address",
    "bed",
)


def redact(text: str) -> str:
    """Return `text` with personal identifiers replaced by placeholders (see `bot.understanding.privacy`).

    Structured identifiers go first (`redact_identifiers`), then street addresses and beds on a named
    ward, and names last, on what is left, so a word of an email address, a street or a number's label is
    never taken for a name.
    """
    if not text:
        return text
    return redact_names(redact_beds(redact_addresses(redact_identifiers(text))))
