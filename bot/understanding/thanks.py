"""Whether a message is a thank-you to a colleague ("thanks @sam for covering my break", "I want to say thanks
to Priya", "shout out to @jo"), who it names and what it thanks them for.

Only the shape is read here: a thanks word at the start (perhaps after "I want to say"), then who. Plain
"thanks" or "thanks, that helped" is no thank-you to a colleague: it thanks Kinship, and is left to triage.
Whether the words also tell of something worrying is triage's question, asked by the flow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding.privacy.addresses import redact_addresses
from bot.understanding.privacy.identifiers import redact_identifiers
from bot.understanding.privacy.workplace import redact_beds

__all__ = ["ThanksWords", "read_thanks", "tidy_words"]

_I_WANT = r"(?:i\s+)?(?:just\s+|really\s+)?(?:want(?:ed)?|need)\s+to|i(?:\s+would|'d|’d)\s+(?:really\s+)?like\s+to"
_LEAD = (
    rf"(?i:(?:(?:so\s+|just\s+|honestly\s+)?(?:{_I_WANT})\s+|can\s+i\s+|could\s+i\s+|please\s+|let\s+me\s+)?"
    r"(?:say\s+|send\s+|give\s+|pass\s+on\s+)?(?:an?\s+)?)"
)
_WORD = (
    r"(?i:(?:(?:big|huge|massive|special|a\s+big|a\s+huge)\s+)?"
    r"(?:thanks|thank\s*you|thank\s*u|thx|ta|cheers|shout[- ]?outs?|kudos))"
)
_MENTION = r"<@[A-Za-z0-9_]+(?:\|[^>]*)?>|<at>[^<]{1,80}</at>|@[\w.\-]{1,80}"
_NAME = r"(?:(?i:my\s+(?:colleague|mentor|friend|buddy)\s+))?[A-Z][a-z'’\-]{1,30}"
_WHO = rf"(?P<who>{_MENTION}|{_NAME})"
_REST = r"(?P<rest>(?:[\s,.!:;…-].*)?)$"

_THANKS_WHO = re.compile(rf"^\s*{_LEAD}{_WORD}\s+(?i:to\s+)?{_WHO}{_REST}", re.DOTALL)
_THANK_WHO = re.compile(rf"^\s*{_LEAD}(?i:thank)\s+{_WHO}{_REST}", re.DOTALL)
# a thank-you to someone not named: "thanks to the night team", "I want to say thanks"
_THANKS_SOMEONE = re.compile(
    rf"^\s*(?:{_LEAD}{_WORD}\s+(?i:to)\s+\S|(?i:(?:{_I_WANT})\s+(?:say\s+(?:a\s+)?(?:big\s+)?(?:thanks|thank\s*you)|thank)\b))",
    re.DOTALL,
)
# capitalised words after "thanks" that are no one's name
_NOT_NAMES = frozenset(
    "again so for everyone everybody all team guys lots loads very you much ever a the that this it i we".split()
)
_SLACK_ID = re.compile(r"^<@([A-Za-z0-9_]+)")
_LEADING = re.compile(r"^[\s,.!:;…-]+")
KINSHIP = "kinship"


@dataclass(frozen=True, slots=True)
class ThanksWords:
    """A thank-you read from a message: who it names (as written, perhaps empty) and the rest of the words."""

    who: str  # "@sam", "<@U123>", "Priya", "" when no one is named
    rest: str  # what follows who: "for covering my break"

    @property
    def platform_id(self) -> str:
        """The user id in a raw Slack mention (``<@U123>``), when that is how they were named."""
        found = _SLACK_ID.match(self.who)
        return found.group(1) if found else ""

    @property
    def typed_name(self) -> str:
        """The name as typed, without "@" or "my colleague" (empty for a platform mention)."""
        if self.who.startswith("<"):
            return ""
        name = self.who.lstrip("@")
        return re.sub(r"(?i)^my\s+\w+\s+", "", name).strip()


def read_thanks(text: str, mentioned: bool = False) -> ThanksWords | None:
    """The thank-you in ``text``, or None when it is not one. ``mentioned``: the platform says the message
    @-mentions someone (then a thanks word at the start is enough, wherever the mention is)."""
    for pattern in (_THANKS_WHO, _THANK_WHO):
        found = pattern.match(text)
        if found and _names_someone(found.group("who")):
            return ThanksWords(found.group("who"), _LEADING.sub("", found.group("rest")).strip())
    if _THANKS_SOMEONE.match(text) or (mentioned and re.match(rf"^\s*{_LEAD}{_WORD}\b", text)):
        return ThanksWords("", _after_thanks(text))
    return None


def _names_someone(who: str) -> bool:
    return who.startswith(("@", "<")) or who.split()[-1].casefold() not in _NOT_NAMES


def _after_thanks(text: str) -> str:
    """The words after the thanks itself and any mention: "thanks <@U1> for the tea" is "for the tea"."""
    words = re.sub(_MENTION, " ", text)
    words = re.sub(rf"^\s*{_LEAD}(?:{_WORD}|(?i:thank))\s*(?i:to\b)?", "", words)
    return _LEADING.sub("", " ".join(words.split())).strip()


def tidy_words(text: str) -> str:
    """The words of a thank-you as they may be passed on: numbers, emails, addresses, beds and any other
    mention replaced as in a flag; names kept, because a thank-you is not anonymous reporting."""
    plain = " ".join(re.sub(_MENTION, " ", text).split())
    return redact_beds(redact_addresses(redact_identifiers(plain))) if plain else ""
