"""Structured identifiers: emails, mentions, NHS, hospital and phone numbers, postcodes and dates of birth.

Decisions and trade-offs (each one deliberate):

* **Labels stay, values go.** ``MRN 1234567`` → ``MRN [hospital-number]``, ``ext 4321`` → ``ext [phone]``,
  ``NHS number 943 476 5919`` → ``NHS number [nhs-number]``: the lead still sees what kind of thing was
  there. A phone number and its extension are one ``[phone]``.
* **Every 10-digit number is an NHS number**, checksum or not: a mistyped NHS number still identifies
  someone, and the lead must not see it either way. `nhs_checksum_ok` is provided for callers that want to
  know. A 10–11 digit number starting ``0`` or ``+44`` is a phone number (so a Scottish CHI number, which
  can start with 0, is only labelled ``[nhs-number]`` when written after ``CHI``/``NHS``; otherwise it is
  still redacted, as ``[phone]``). Every phone number is redacted, public helplines included.
* **Bleep and pager numbers count as ``[phone]``**: on a given shift they lead straight to one person.
  Bare 4–8 digit numbers with no label (``Datix 48213``, ``bed 12``) are left alone.
* **Postcodes and dates of birth.** Only full postcodes, with the letters Royal Mail allows in each
  place, so ``3PM`` or ``T2DM`` never match; an outward code alone (``LS6``) is left. A date is a date
  of birth only after ``DOB``/``date of birth``/``born``: incident dates (``on 3 March``, ``14/03/2026``,
  ``yesterday``) and ``born at 32 weeks`` stay.
"""

from __future__ import annotations

import re

from bot.understanding.privacy.workplace import redact_staff_numbers, redact_staff_shapes

__all__ = ["nhs_checksum_ok", "redact_identifiers"]

# Every boundary treats "[" and "]" like letters, so a placeholder written by an earlier step (or an earlier
# call) never creates a match that was not there before: that is what keeps `redact` idempotent.

_EMAIL_RE = re.compile(
    r"(?<![\w.+'\]-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# Slack <@U123|name>, Teams <at>Jane Smith</at>, and plain @handles (a dot only counts inside the handle).
_PLATFORM_MENTION_RE = re.compile(r"<@[A-Z0-9]+(?:\|[^>\n]*)?>|<at>[^<\n]{1,80}</at>")


def hide_platform_mentions(text: str) -> str:
    """A chat app's mention markup (Slack ``<@U123>``, Teams ``<at>Name</at>``) as ``[mention]``: for words a
    person keeps for themselves (a reflection), which should not hold a colleague's platform id. Names typed as
    plain words are theirs to keep."""
    return _PLATFORM_MENTION_RE.sub("[mention]", text)


_MENTION_RE = re.compile(
    r"<@[A-Z0-9]+(?:\|[^>\n]*)?>"
    r"|<at>[^<\n]{1,80}</at>"
    r"|(?<![\w@.\[\]])@[A-Za-z_](?:[\w-]|\.(?=\w))*"
)

# A run of digits in at most 4 groups separated by single spaces or dashes; checked for exactly 10 below.
_DIGIT_RUN = r"\d++(?:[ \-]\d++){0,6}+"
# After a label the digits may come in any grouping ("nhs number 94 34 76 59 19").
_NHS_LABEL_RE = re.compile(
    r"(?i:(?<![\w\]])(?:NHS|CHI|H\s?&\s?C)(?:[ \t]*(?:number|num|no\.?|#))?"
    r"(?:[ \t]+(?:is|was))?[ \t]*[:=\-#(]?[ \t]*)"
    r"(?P<value>\d++(?:[ \-]\d++){0,9}+)(?![\w/:\[]|[.,]\d)"
)
_NHS_BARE_RE = re.compile(r"(?<![\w.,/:+\-\[\]])(?P<value>" + _DIGIT_RUN + r")(?![\w/:\[]|[.,]\d)")

_HOSPITAL_LABEL_RE = re.compile(
    r"(?i:(?<![\w\]])(?:MRN|M\.R\.N\.?|RM2|PAS(?:[ \t]+(?:number|no\.?|id))?"
    r"|(?:hospital|hosp\.?|patient|unit|case|record)[ \t]+(?:number|num|no\.?|id|identifier|#))"
    r"(?:[ \t]+(?:is|was))?[ \t]*[:=#\-]?[ \t]*)"
    r"(?P<value>[A-Za-z]{0,4}\d{4,10}[A-Za-z]?)(?![\w/\[])"
)
_HOSPITAL_BARE_RE = re.compile(r"(?<![\w@./\-\[\]])(?P<value>[A-Z]{1,4}\d{6,8})(?![\w/\[])")
# More numbers of the same shape listed after a labelled one: "MRN 556677 and 556678".
_HOSPITAL_LIST_RE = re.compile(
    r"(?<=\[hospital-number\])(?P<sep>[ \t]*(?:,|/|&|and|or)[ \t]*)(?P<value>[A-Za-z]{0,4}\d{4,10}[A-Za-z]?)"
    r"(?![\w/\[])"
)

_EXT = r"(?:[ \t]*,?[ \t]*(?i:ext|extn|extension|x)\.?[ \t]*\d{2,6}(?!\d))?"
_PHONE_RE = re.compile(
    r"(?<![\w+\]])(?:"
    r"(?:\+44|0044)[ \t]?(?:\(0\)[ \t]?)?\d(?:[ \-]?\d){8,9}"  # +44 7700 900123, +44 (0)20 7946 0958
    r"|\(0\d{2,4}\)[ \t]?\d(?:[ \-]?\d){5,7}"  # (0161) 496 0123
    r"|0\d(?:[ \-]?\d){8,9}"  # 07700 900123, 0121-496-0000, 029 2018 0000
    r"|(?<![\w.,/:\-])44[ \t]?[1237](?:[ \-]?\d){8,9}"  # 447700900123, 44 7700 900123: "+" left off
    r")(?!\d)" + _EXT
)
_EXTENSION_RE = re.compile(
    r"(?i:(?<![\w\]])(?:ext|extn|extension|bleep|pager)\.?[ \t]?(?:no\.?|number|#)?[ \t]?(?:is[ \t]|was[ \t])?"
    r"[ \t]?:?[ \t]?)"
    r"(?P<value>\d{3,6})(?![\w/:\[]|[.,]\d)"
)
_X_EXTENSION_RE = re.compile(r"(?<![\w\]])[xX]\d{4,5}(?![\w/:\[]|[.,]\d)")  # "the on-call phone is x4471"

# UK postcodes in full (outward and inward code), with the letters Royal Mail allows in each place, so
# "3PM" is never an inward code. Capitals only, unless written after "postcode".
_POSTCODE = r"(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?|GIR)[ \t]?\d[ABD-HJLNP-UW-Z]{2}"
_POSTCODE_RE = re.compile(r"(?<![\w\[\]])" + _POSTCODE + r"(?![\w\[])")
_POSTCODE_LABEL_RE = re.compile(
    r"(?i:(?<![\w\]])post[ \t]?code[ \t]*(?:is|was)?[ \t]*[:=\-]?[ \t]*)"
    r"(?P<value>(?i:" + _POSTCODE + r"|[a-z]{1,2}\d[a-z\d]?))(?![\w\[])"
)

# A date written after "DOB", "date of birth", "born": 12/04/1957, 1 June 1988, June 1st 1988, 1957.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?" + _MONTH + r"(?:[ \t]*,?[ \t]*(?:\d{4}|'?\d{2}))?"
    r"|" + _MONTH + r"[ \t]+\d{1,2}(?:st|nd|rd|th)?(?:[ \t]*,?[ \t]*\d{4})?"
    r"|" + _MONTH + r"[ \t]+\d{4}"
    r"|\d{8}|\d{6}|(?:19|20)\d{2})"
)
# Whose date it is may come between the label and the date: "dob of patient", "DOB for this lady".
_WHOSE = (
    r"(?:[ \t]+(?:of|for)(?:[ \t]+(?:the|this|that|our|my|his|her|their))?[ \t]+(?:patient|pt|resident|client"
    r"|service[ \t]user|lady|man|gentleman|gent|woman|person|child|baby|boy|girl|him|her|them|relative|son"
    r"|daughter|husband|wife|partner|mother|father|mum|dad))?"
)
_DOB_RE = re.compile(
    r"(?i:(?<![\w\]])(?:d\.?[ \t]?o\.?[ \t]?b\.?|date[ \t]+of[ \t]+birth|birth[ \t]?date|birthday"
    r"|born(?:[ \t]+(?:on|in))?)" + _WHOSE + r"(?:[ \t]+(?:is|was|of))?[ \t]*[:=\-]?[ \t]*(?:the[ \t]+)?)"
    r"(?P<value>(?i:" + _DATE + r"))(?![\w/\[]|[.,]\d)"
)
# With no label, a full date in numbers from before 1990 is taken for a date of birth: incident dates are
# recent, and "03/04/1951" in a flag is almost always someone's birthday.
_DOB_SHAPE_RE = re.compile(r"(?<![\w/.\-\[\]])\d{1,2}([/.\-])\d{1,2}\1(?:19[0-8]\d)(?![\w/\[]|[.,]\d)")

# Endings of department and common-noun words ("Neurosurgery", "Dietetics", "Procurement") that are

_DIGITS_RE = re.compile(r"\d+")


def nhs_checksum_ok(number: str) -> bool:
    """True when the 10 digits in `number` pass the NHS Modulus 11 check (informational only)."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def _ten_digit_span(run: str, max_groups: int = 4) -> tuple[int, int] | None:
    """Offsets of exactly 10 digits in at most `max_groups` whole groups of `run`, from its start or end.

    Unlabelled, groups of two or fewer in a long run ("94 98 96 97 95" - a list of sats) are not an NHS
    number, hence the default of 4 groups; after an "NHS number" label any grouping counts.
    """
    groups = [m.span() for m in _DIGITS_RE.finditer(run)]
    for seq in (groups, groups[::-1]):
        count = 0
        for n, (start, end) in enumerate(seq, 1):
            count += end - start
            if n > max_groups or count > 10:
                break
            if count == 10:
                chosen = seq[:n]
                return min(s for s, _ in chosen), max(e for _, e in chosen)
    return None


def _replace_value(
    pattern: re.Pattern[str], placeholder: str, text: str, ten_digits: bool = False, max_groups: int = 4
) -> str:
    """Replace the ``value`` group of every match (keeping any label), optionally only 10-digit values."""

    def sub(m: re.Match[str]) -> str:
        start, end = m.span("value")
        if ten_digits:
            span = _ten_digit_span(m.group("value"), max_groups)
            if span is None:
                return m.group(0)
            start, end = start + span[0], start + span[1]
        whole_start = m.start()
        whole = m.group(0)
        return whole[: start - whole_start] + placeholder + whole[end - whole_start :]

    return pattern.sub(sub, text)


def redact_identifiers(text: str) -> str:
    """Replace every structured identifier in `text` with its placeholder (names are left for later).

    Order matters: emails before mentions (both contain '@'), labelled numbers before bare ones (so "CHI
    0101011234" is an NHS number, not a phone number, and "MRN 1234567" is not mistaken for anything
    else), and phone numbers before bare 10-digit NHS numbers.
    """
    text = _EMAIL_RE.sub("[email]", text)
    text = _MENTION_RE.sub("[mention]", text)
    text = _replace_value(_DOB_RE, "[date-of-birth]", text)
    if "19" in text:
        text = _DOB_SHAPE_RE.sub("[date-of-birth]", text)
    text = redact_staff_numbers(text)
    text = _replace_value(_NHS_LABEL_RE, "[nhs-number]", text, ten_digits=True, max_groups=10)
    text = _replace_value(_HOSPITAL_LABEL_RE, "[hospital-number]", text)
    text = _replace_value(_HOSPITAL_LIST_RE, "[hospital-number]", text)
    text = _PHONE_RE.sub("[phone]", text)
    text = _replace_value(_EXTENSION_RE, "[phone]", text)
    text = _X_EXTENSION_RE.sub("[phone]", text)
    text = _replace_value(_NHS_BARE_RE, "[nhs-number]", text, ten_digits=True)
    text = redact_staff_shapes(text)
    text = _replace_value(_HOSPITAL_BARE_RE, "[hospital-number]", text)
    text = _replace_value(_POSTCODE_LABEL_RE, "[postcode]", text)
    return _POSTCODE_RE.sub("[postcode]", text)
