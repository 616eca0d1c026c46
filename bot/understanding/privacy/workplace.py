"""Workplace identifiers: staff, payroll, employee and smartcard numbers, and a bed on a named ward.

Decisions and trade-offs (each one deliberate):

* **Staff numbers by the words around them.** After ``staff``/``employee``/``emp``/``pay``/``ESR``/
  ``assignment``/``personnel`` + ``number``/``no``/``ID``, and after ``payroll``, ``smartcard``/``smart
  card``, ``badge`` or ``ID badge``, a value with 3–12 digits (perhaps a letter or two and a dash before
  it, digit groups after it, a ``-2`` assignment suffix) becomes ``[staff-number]``; the label stays
  (``payroll no. [staff-number]``), as for every other kind.
* **Staff numbers by shape**, with no label: a letter or two, a dash and 5–8 digits (``E-482913``) and
  three groups of four digits (``1234 5678 9012``, the shape of a smartcard number). Other bare numbers
  (``Datix 204817``) stay: without a label they are more often a reference than a person.
* **A bed on a named ward is ``[bed]``.** ``bed 14 on Harrier Ward`` → ``bed [bed] on Harrier Ward``:
  a ward and a bed number together point at one patient, while the ward alone is what a lead needs to
  act. The bed number is hidden when a ward (``Harrier Ward``, ``Ward 6``) is named anywhere in the same
  sentence; a bed or a bay with no ward (``bed 12 is free``, ``Bay 3 bed 5``) stays.
"""

from __future__ import annotations

import re

__all__ = ["redact_beds", "redact_staff_numbers", "redact_staff_shapes"]

_STAFF_LABEL = (
    r"(?:(?:staff|employee|emp|pay|esr|assignment|personnel)[ \t]*(?:number|num|no\.?|id|#|ref)"
    r"|payroll(?:[ \t]*(?:number|num|no\.?|id|#))?"
    r"|smart[ \t\-]?card(?:[ \t]*(?:number|num|no\.?|id|#))?"
    r"|(?:id[ \t]+)?badge(?:[ \t]*(?:number|num|no\.?|#))?)"
)
_STAFF_LABEL_RE = re.compile(
    r"(?i:(?<![\w\]])" + _STAFF_LABEL + r"(?:[ \t]+(?:is|was))?[ \t]*[:=#\-]?[ \t]*\(?[ \t]*)"
    r"(?P<value>[A-Za-z]{0,3}-?\d{3,12}(?:[ \-]\d{3,8}){0,3}(?:-\d{1,2})?)(?![\w/\[]|[.,]\d)"
)
_STAFF_SHAPE_RE = re.compile(r"(?<![\w.,/:+\-\[\]])(?:[A-Z]{1,2}-\d{5,8}|\d{4} \d{4} \d{4})(?![\w\-\[]|[ .,]\d)")

# Cheap first looks: most text has no staff-number label and no number of those shapes.
_STAFF_HINTS = ("staff", "emp", "pay", "esr", "assign", "personnel", "smart", "badge")
_SHAPE_HINT_RE = re.compile(r"[A-Z]-\d|\d{4} \d{4} ")

# A ward named with a number or a name: "Ward 6", "ward 12b", "Harrier Ward", "Larch Ward".
_NOT_WARD_NAME = r"(?!(?:The|This|That|Our|My|Your|Their|His|Her|Each|Every|Which|Same|Other|Another|Next)\b)"
_WARD_RE = re.compile(
    r"(?<![\w\[])(?:(?i:ward)[ \t]?\d{1,3}[A-Za-z]?(?![\w\[])|" + _NOT_WARD_NAME + r"[A-Z][a-z]+[ \t]Ward\b)"
)
_BED_RE = re.compile(
    r"(?<![\w\]])(?P<label>(?i:bed)[ \t]?(?:no\.?[ \t]?)?)(?P<value>\d{1,3}[A-Za-z]?)(?![\w/\[]|[.,]\d)"
)
# Sentence ends: ".", "!" or "?" then a space and a capital (so "no. 118823" does not end one), or a newline.
_SENTENCE_END_RE = re.compile(r"[.!?]+[ \t]+(?=[A-Z\"'‘“])|\n")


def redact_staff_numbers(text: str) -> str:
    """Replace staff, payroll, employee and smartcard numbers after their labels, keeping the label."""

    lowered = text.lower()
    if not any(hint in lowered for hint in _STAFF_HINTS):
        return text

    def sub(m: re.Match[str]) -> str:
        start = m.start("value") - m.start()
        return m.group(0)[:start] + "[staff-number]"

    return _STAFF_LABEL_RE.sub(sub, text)


def redact_staff_shapes(text: str) -> str:
    """Replace unlabelled numbers shaped like staff numbers (``E-482913``, ``1234 5678 9012``)."""
    if not _SHAPE_HINT_RE.search(text):
        return text
    return _STAFF_SHAPE_RE.sub("[staff-number]", text)


def _beds_in_sentence(sentence: str) -> str:
    if not _WARD_RE.search(sentence):
        return sentence
    return _BED_RE.sub(lambda m: m.group("label") + "[bed]", sentence)


def redact_beds(text: str) -> str:
    """Replace a bed number with ``[bed]`` in every sentence that also names a ward."""
    if "bed" not in text.lower():
        return text
    pieces: list[str] = []
    last = 0
    for m in _SENTENCE_END_RE.finditer(text):
        pieces.append(_beds_in_sentence(text[last : m.end()]))
        last = m.end()
    pieces.append(_beds_in_sentence(text[last:]))
    return "".join(pieces)
