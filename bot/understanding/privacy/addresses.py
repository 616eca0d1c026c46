"""Street addresses: a house (and perhaps flat) number with its street, as one ``[address]``.

Decisions and trade-offs (each one deliberate):

* **A number and a street word make an address.** ``14 Acacia Avenue``, ``41B Chapel Street``, ``Flat 2,
  33 Mill Lane`` and ``Apt 3, 15 Harbour Way`` each become one ``[address]``: a house number, one to three
  capitalised words and a street word (Road, Street, Lane, Close, Grove, Terrace...). A town or postcode
  after it is left to its own rule (the town stays; a full postcode is ``[postcode]``).
* **Lower case only after an address cue.** ``at 7 hazel grove`` or ``lives at 9 orchard close`` is an
  address; a lower-case number and street word anywhere else is not (``4 staff down the road``), and
  neither is a street named without a number (``the car park on Queens Road``, ``the Mill Lane site``):
  a street alone rarely points at one home.
* **Not a ward, bay or bed.** A number right after ``Ward``, ``Bay``, ``Bed``, ``Room``, ``Level``,
  ``Band``... is part of that place, never a house number.
"""

from __future__ import annotations

import re

__all__ = ["redact_addresses"]

_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Way|Crescent|Cres|Court|Ct|Gardens|Gdns|Grove"
    r"|Place|Pl|Terrace|Square|Sq|Mews|Row|Walk|Rise|View|Hill|Park|Green|Parade|Vale|Gate|Wharf|Yard"
    r"|Croft|Fold|Wynd|Boulevard|Chase|Meadows|Heights|Mount|Approach|Drove|Brae|Quay|Grange)"
)
_HOUSE = r"\d{1,4}[A-Za-z]?(?:[\-–]\d{1,4})?,?[ \t]+"
_WORD = r"[A-Za-z][A-Za-z'’\-]*"
# One pass, from the house number: whether the words make an address is decided in `_address_start`.
_ADDRESS_RE = re.compile(
    _HOUSE + r"(?P<words>(?:" + _WORD + r"[ \t]+){1,3})(?P<street>(?i:" + _STREET + r"))(?![\w\[])"
)
_CAPITALISED_RE = re.compile(r"(?:[A-Z][a-z'’]*(?:-[A-Za-z][a-z'’]+)*[ \t]+){1,3}")
# In lower case, a street's words may not be everyday words ("4 staff down the road").
_STOP_WORDS = frozenset(
    "the a an in on at of to by and or for my our his her their car back front main staff ward bay bed".split()
)
_UNIT_BEFORE_RE = re.compile(r"(?i:(?<![\w\]])(?:flat|apartment|apt|unit)\.?[ \t]*\d{1,4}[A-Za-z]?[ \t]*,?[ \t]*)$")
_CUE_BEFORE_RE = re.compile(
    r"(?i:(?<![\w\]])(?:at|to|from|lives?[ \t]+(?:at|on)|lived[ \t]+at|address(?:[ \t]+(?:is|was))?[ \t]*:?)[ \t]+)$"
)
_PLACE_BEFORE_RE = re.compile(
    r"(?i:\b(?:ward|bay|bed|beds|room|level|floor|band|theatre|pod|cubicle|gate|platform|step|steps)[ \t]*)$"
)
_BOUNDARY_BEFORE = frozenset("]-/.,:£$€")


def _address_start(text: str, m: re.Match[str]) -> int | None:
    """Where the address matched by `m` starts (taking a flat number before it), or None if it is not one."""
    start = m.start()
    before = text[max(0, start - 24) : start]
    if before and (before[-1].isalnum() or before[-1] in _BOUNDARY_BEFORE or before[-1] == "_"):
        return None
    if _PLACE_BEFORE_RE.search(before):
        return None
    unit = _UNIT_BEFORE_RE.search(before)
    if unit is not None:
        start -= len(unit.group(0))
    capitalised = _CAPITALISED_RE.fullmatch(m.group("words")) and m.group("street")[0].isupper()
    if capitalised:
        return start
    words = m.group("words").lower().split()
    if any(w in _STOP_WORDS for w in words):
        return None
    return start if unit is not None or _CUE_BEFORE_RE.search(before) else None


def redact_addresses(text: str) -> str:
    """Replace street addresses (house number, street and any flat number) with ``[address]``."""
    out: list[str] = []
    last = 0
    for m in _ADDRESS_RE.finditer(text):
        start = _address_start(text, m)
        if start is None or start < last:
            continue
        out.append(text[last:start])
        out.append("[address]")
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)
