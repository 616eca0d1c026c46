"""Redaction: replace personal identifiers in free text staff write when flagging an incident.

Part of the understanding layer: imports only the standard library and `english_words` (a data-only
package: the GCIDE dictionary shipped in the wheel, nothing fetched at run time, loaded on the first guess
at an unlisted word). All patterns and name sets are built at import.

`redact(text)` replaces anything that could identify a person with a placeholder, so the lead who reads an
incident can act on it without knowing who was involved:

==========================  ===================================================================
placeholder                 what it replaces
==========================  ===================================================================
``[email]``                 email addresses
``[mention]``               chat mentions: ``@jane.smith``, ``@Dr_Patel``, Slack ``<@U123ABC>``
``[nhs-number]``            NHS numbers (and Scottish CHI / NI H&C numbers): any 10 digits in up
                            to four groups, e.g. ``943 476 5919``, ``9434765919``, ``401-023-2137``
``[hospital-number]``       MRNs / hospital, unit and patient numbers: after a label (``MRN``,
                            ``hospital number``, ``patient number``, ...), or 1–4 letters + 6–8
                            digits on their own (``K1234567``, ``RXH1234567``)
``[phone]``                 UK phone numbers (07…, 01…/02…/03…/08…, +44, brackets, spaces, dashes)
                            with any extension, ``44…`` with the "+" left off; ``ext``/``extension``/
                            ``bleep``/``pager`` numbers
``[name]``                  people's names (`bot.understanding.privacy.people`), listed first names
                            in capitals too (``SARAH shouted``)
``[postcode]``              full UK postcodes (``LS6 3QW``; any case after ``postcode``)
``[date-of-birth]``         a date written after ``DOB``, ``date of birth``, ``born`` or ``birthday``,
                            perhaps with whose it is between (``DOB 12/04/1957``, ``dob of patient
                            03/04/1951``, ``born 3rd May 1948``); a full date in numbers before 1990
``[staff-number]``          staff, employee, payroll, ESR, assignment, badge and smartcard numbers
                            after their label (``staff ID [staff-number]``), and ``E-482913`` and
                            ``1234 5678 9012`` shapes on their own
``[address]``               a street address with its house (and flat) number (``14 Acacia Avenue``,
                            ``Flat 2, 33 Mill Lane``)
``[bed]``                   a bed number in a sentence that names a ward (``bed [bed] on Harrier Ward``)
==========================  ===================================================================

**Idempotent and minimal.** ``redact(redact(x)) == redact(x)``: placeholders are never matched again, and
everything that is not an identifier (whitespace, punctuation, clinical words) is left exactly as written.

`identifying_description(text)` is separate: it changes nothing, and returns a warning to show the
reporter before sending when words could identify someone without a name ("the only male midwife on
Delivery Suite"), else None.

The modules, one job each: `identifiers` (structured identifiers: emails, mentions, numbers, postcodes,
dates of birth), `workplace` (staff numbers, a bed on a named ward), `addresses` (street addresses),
`identifying` (descriptions that identify without a name), `people` (names, with `titles`,
`person_context` and `tokens` for the rules and `lexicon` and `names` for the word lists), `redactor`
(`redact`, the order they run in) and `scores` (`redaction_scores`, for the evaluation). `identifiers`,
`workplace`, `addresses` and `people` each say what they decided and why.
"""

from __future__ import annotations

from bot.understanding.privacy.identifiers import hide_platform_mentions, nhs_checksum_ok
from bot.understanding.privacy.identifying import identifying_description
from bot.understanding.privacy.redactor import KINDS, redact
from bot.understanding.privacy.scores import redaction_scores

__all__ = [
    "KINDS",
    "hide_platform_mentions",
    "identifying_description",
    "nhs_checksum_ok",
    "redact",
    "redaction_scores",
]
