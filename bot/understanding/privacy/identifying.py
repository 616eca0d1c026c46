"""Descriptions that could identify someone without a name: a warning to show before a flag is sent.

`redact` takes out names and numbers, but "the only male midwife on Delivery Suite" names nobody and
still points at one person. `identifying_description(text)` looks for the wordings that do this and
returns a short plain-English warning quoting the words, or None. It never changes the text: the reporter
decides. What it looks for:

* **"the only …" a person**: ``the only Irish nurse on nights``, ``the only one who speaks Tagalog``,
  ``I'm the only band 7 on the unit`` (a person word, perhaps with describing words before it, such as
  a nationality, gender, faith, grade or ``agency``). ``the only way to fix it`` and ``the only thing``
  are not about a person and pass;
* **"the one who …"**: ``the one who wears a hijab``. ``the one thing I'd say`` passes;
* **"only" with a describing word**: ``only male nurse``, ``only Black consultant``, ``only woman``. A
  count (``only one nurse``, ``only two HCAs``) or a time (``only on nights``) passes;
* **a describing word or a rare role with a small team or a shift**: ``the Polish HCA on nights``, ``our
  Muslim porter on the night shift``, ``the chaplain on Larch Ward``. The same words with no team or
  shift (``the Polish HCA said``) pass: on a big site they point at many people.

The warning is the first match only; the lead's copy is not affected (this runs on the reporter's side).
"""

from __future__ import annotations

import re

__all__ = ["identifying_description"]

_PERSON_NOUNS = """
nurse midwife doctor consultant registrar reg sho f1 f2 fy1 fy2 surgeon
anaesthetist physio physiotherapist ot therapist pharmacist hca hcsw healthcare assistant support worker
porter cleaner domestic receptionist clerk student apprentice associate paramedic technician radiographer
sonographer dietitian slt manager matron sister carer care assistant volunteer chaplain guard man woman
guy girl lad lady bloke person member worker colleague locum trainee acp anp cns fellow interpreter
odp cook driver coordinator educator psychologist podiatrist phlebotomist housekeeper practitioner
""".split()
# Roles there is usually one of on a team or a shift: with a team or shift named they identify alone.
_RARE_ROLES = """
chaplain interpreter dietitian dietician slt psychologist podiatrist orthoptist educator housekeeper
pharmacist phlebotomist clerk coordinator acp anp cns
""".split()
_NATIONALITIES = """
irish scottish welsh english british polish romanian bulgarian lithuanian latvian hungarian czech slovak
ukrainian russian german french dutch spanish portuguese italian greek turkish iranian afghan syrian
kurdish egyptian arab nigerian ghanaian zimbabwean kenyan ugandan somali eritrean ethiopian sudanese
african jamaican caribbean indian pakistani bangladeshi nepali nepalese tamil keralan malayali punjabi
gujarati goan filipino filipina chinese vietnamese malaysian thai japanese korean australian american
canadian brazilian european international overseas foreign
""".split()
_IDENTITIES = """
male female trans transgender non-binary nonbinary gay lesbian bisexual pregnant disabled deaf blind
black asian white brown mixed-race muslim hindu sikh jewish christian catholic buddhist older oldest
youngest eldest newest
""".split()
_GRADES = """
senior junior qualified registered newly agency bank student trainee night day locum staff charge
specialist theatre scrub community new part-time full-time permanent experienced
""".split()


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_PERSON = r"(?:" + _alternation(_PERSON_NOUNS) + r")"
_DESCRIBING = r"(?:" + _alternation(_NATIONALITIES + _IDENTITIES) + r")"
_MODIFIER = r"(?:" + _alternation(_NATIONALITIES + _IDENTITIES + _GRADES) + r"|band[ \t]?\d[a-d]?)"
_RARE = r"(?:" + _alternation(_RARE_ROLES) + r")"
# A small team or a shift after the person word: "on nights", "on Delivery Suite", "on the late shift".
_TEAM = (
    r"(?:[ \t]+(?:on|in|at|from)[ \t]+(?:(?:the|our|my)[ \t]+)?"
    r"(?:nights|days|lates|earlies|weekends|(?:night|day|late|early|weekend|bank)(?:[ \t]+shift)?"
    r"|(?:ward|unit|team|department|floor|bay|theatre|theatres)(?:[ \t]+\d{1,3}[A-Za-z]?)?"
    r"|(?:Ward|Unit|Bay)[ \t]+\d{1,3}[A-Za-z]?"
    r"|[A-Z][\w&'’\-]*(?:[ \t]+[A-Z&][\w&'’\-]*){0,3}))"
)
_WORD_END = r"(?![\w\-])"
# "the only ..." a person, perhaps with describing words before the person word, and "who ..." after.
_WHO = r"(?:[ \t]+who(?:[ \t]+[\w'’\-]+){1,3})"
_THE_ONLY_RE = re.compile(
    r"(?i:\bthe[ \t]+only[ \t]+(?:(?:" + _MODIFIER + r")[ \t]+){0,3}"
    r"(?:(?:" + _PERSON + r"|band[ \t]?\d[a-d]?)" + _WORD_END + r"|one(?=[ \t]+(?:who|on|in|from)\b)))"
    r"(?:" + _WHO + r"|" + _TEAM + r")?"
)
_ONE_WHO_RE = re.compile(r"(?i:\bthe[ \t]+one" + _WHO + r")")
# "only" (no "the") with a describing word, or a word that is itself gendered: "only male nurse", "only woman".
_GENDERED = r"(?:man|woman|guy|girl|lad|lady|bloke)"
_ONLY_DESCRIBED_RE = re.compile(
    r"(?i:\bonly[ \t]+(?:(?:" + _MODIFIER + r")[ \t]+){0,2}"
    r"(?:(?:"
    + _DESCRIBING
    + r")[ \t]+(?:(?:"
    + _MODIFIER
    + r")[ \t]+){0,2}(?:"
    + _PERSON
    + r")|"
    + _GENDERED
    + r")"
    + _WORD_END
    + r")(?:"
    + _TEAM
    + r")?"
)
_DESCRIBED_ON_TEAM_RE = re.compile(
    r"(?i:\b(?:the|our|their|a|an)[ \t]+(?:(?:" + _MODIFIER + r")[ \t]+){0,2}(?:" + _DESCRIBING + r")[ \t]+"
    r"(?:(?:" + _MODIFIER + r")[ \t]+){0,2}(?:" + _PERSON + r")" + _WORD_END + r")" + _TEAM
)
_RARE_ON_TEAM_RE = re.compile(r"(?i:\b(?:the|our|their)[ \t]+(?:" + _RARE + r")" + _WORD_END + r")" + _TEAM)

_PATTERNS = (_THE_ONLY_RE, _ONE_WHO_RE, _ONLY_DESCRIBED_RE, _DESCRIBED_ON_TEAM_RE, _RARE_ON_TEAM_RE)

_WARNING = "This might identify someone even without a name (‘{words}’). You can change the words before sending."


def _first_match(text: str) -> str | None:
    found: list[re.Match[str]] = [m for m in (p.search(text) for p in _PATTERNS) if m is not None]
    if not found:
        return None
    first = min(found, key=lambda m: (m.start(), -m.end()))
    return first.group(0).strip()


def identifying_description(text: str) -> str | None:
    """A short warning quoting words of `text` that could identify someone without a name, else None.

    For "It was the only male midwife on Delivery Suite." it returns "This might identify someone even
    without a name (‘the only male midwife on Delivery Suite’). You can change the words before sending."
    """
    if not text:
        return None
    words = _first_match(text)
    return None if words is None else _WARNING.format(words=words)
