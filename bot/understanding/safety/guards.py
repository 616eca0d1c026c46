"""The support screen's guards: reasons a pattern's match does not count.

Guarded patterns are checked against the nearest subject before them in the same sentence: "I"/"I'm"/none
counts, "he", "she", "they", "we", "who", "the patient", "my colleague", "my son's mate"... do not
(`speaker_is_other`). Then four guards, for every pattern:

* quotations are ignored when the speaker before them is someone else, when they are named as a mention
  ("phrases like '...'") or when "she said" follows them (`drop_others_quotes`); so is first-person
  wording straight after "he said", "she keeps saying", "my manager said I'm..." and similar (`reported`);
* a denial straight before the wording ("I am not going to hurt myself", "I'd never...") cancels it,
  unless the message goes on with "but", "scared", "might" and the like (`denied`);
* suicide and self-harm wording that the sentence puts in the past and over ("I used to self harm as a
  teenager", "I was suicidal years ago and came through it") is ignored, unless the message brings it
  back ("again", "still", "started", "coming back", "lately"...) (`in_the_past`);
* guarded wording straight after a teaching or policy topic in the same clause ("explain the difference
  between self-harm and suicidal intent for my essay") is ignored, unless the writer comes in between
  (`topic`).

Every function takes the normalised text (`bot.understanding.safety.wording`).
"""

from __future__ import annotations

import re

__all__ = ["denied", "drop_others_quotes", "in_the_past", "reported", "speaker_is_other", "topic"]

# Words that can be the subject the guarded patterns check. "me"/"my" are not subjects.
_SELF = frozenset({"i", "im", "ive", "id", "ill", "myself"})
_OTHER_PRONOUNS = frozenset(
    """he she they hes shes theyre theyve hed shed theyd hell shell theyll we were weve wed well who whos
    someone somebody people everyone everybody anyone anybody""".split()
)
# Nouns also count with an "s" on the end, for plurals ("the patients said..."). After "my", "his"... an
# "s" form is usually a possessive ("my sons mate", "my mums pills"), so there it counts only before a verb
# ("my colleagues are...").
_OTHER_NOUNS = frozenset(
    """patient pt resident client user colleague relative son daughter husband wife partner boyfriend
    girlfriend mum dad mother father brother sister friend mate pal bestie flatmate housemate cousin aunt
    uncle nan grandma grandad niece nephew person man woman lady gentleman guy boy girl child kid lad lass
    bloke fella teenager staff nurse doctor student trainee family team manager reg registrar matron
    consultant hca carer neighbour""".split()
)
_NOUNS = "(?:" + "|".join(sorted(_OTHER_NOUNS, key=len, reverse=True)) + ")"
_SUBJECT_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted(_SELF | _OTHER_PRONOUNS, key=len, reverse=True))
    + r"|(?<!no )one|"  # "one of the patients said...", but "no one" is nobody
    + _NOUNS
    + r"|(?<!my )(?<!his )(?<!her )(?<!their )(?<!our )(?<!your )"
    + _NOUNS
    + r"s|"
    + _NOUNS
    + r"s(?= (?:are|were|have|had|has|keep|kept|took|take|said|say|is|was|do|did|dont|didnt|cant|wont|will"
    r"|would|been|both|all|always|never|keeps))"
    r")\b"
)
_REPORTING_RE = re.compile(
    r"\b(?:said|says|saying|told me|tells me|telling me|told us|told everyone|stated|states|screamed"
    r"|screaming"
    r"|shouted|shouting|yelled|yelling|wrote|writes|texted|messaged|disclosed|mentioned|repeated|repeating"
    r"|keeps saying|kept saying|was saying|is saying|asked|asks|asking)(?: that)?[ ,:]*$"
)
_SENTENCE_END_RE = re.compile(r"[.!?;\n]")
# Words that introduce a mention rather than the writer's own words: "the e-learning said phrases like '...'".
_MENTION_RE = re.compile(
    r"\b(?:like|such as|eg|e\.g\.|called|phrases?|words?|statements?|lines?|examples?|for example|said|says"
    r"|saying|reads|read|wrote|writes)[ ,:]*$"
)
_SPEAKER_AFTER_RE = re.compile(
    r"[\s,]*(?:(?:he|she|they|(?:the|my|a|our|his|her) \w+) (?:said|says|says to me|told me|shouted|screamed"
    r"|wrote|texted|messaged|kept saying|keeps saying)|(?:said|says|shouted|screamed|wrote) (?:he|she|they"
    r"|the \w+|my \w+))\b"
)
# Denials straight before risk wording: "I am not going to hurt myself", "I'd never kill myself".
_DENIAL_RE = re.compile(
    r"\b(?:not|never|wont|will not|no intention of|no plans? (?:to|of)|not planning (?:to|on))(?: (?:going to"
    r"|about to|ever|really|actually|planning to|trying to|gonna|be))*\s*$"
)
# ...unless the message goes on to qualify the denial ("...but I keep thinking about it").
_DENIAL_UNDONE_RE = re.compile(
    r"\b(?:but|though|although|unless|scared|afraid|worried|frightened|might|tempted|urges?|dont know"
    r"|not sure)\b"
)
# Risk in the past and over: "I used to self harm as a teenager", "I was suicidal years ago and came through
# it". Only for wording about suicide and self-harm; harm from someone else counts whenever it happened.
_PAST_RE = re.compile(
    r"\b(?:used to|years ago|a long time ago|as a (?:teen|teenager|kid|child|student)|when i was (?:younger"
    r"|little|a (?:teen|teenager|kid|child|student)|at (?:school|uni|university|college)|in my (?:teens"
    r"|twenties|20s)|\d+)|in my (?:teens|twenties|20s|past)|(?:came|come|got|get) through (?:it|that)"
    r"|recovered from|in recovery)\b"
)
# ...unless it is back ("I used to cut and I've started again").
_PAST_UNDONE_RE = re.compile(
    r"\b(?:again|still|relapsed|relapsing|relapse|lately|recently|these days|at the moment|right now"
    r"|tonight|come back|coming back|came back|started|starting|urges?|feel (?:it|that|the same)"
    r"|same way)\b"
)
# Teaching, study and policy wording before a risk word in the same clause: "explain the difference between
# self-harm and suicidal intent for my essay". It only applies to guarded patterns, and not when the writer
# comes between ("after the training I realised I'm suicidal").
_TOPIC_RE = re.compile(
    r"\b(?:difference between|explain|explaining|definition of|define|essay|assignment|dissertation|teaching"
    r"|training|lecture|e-?learning|module|policy|policies|guidance|guidelines?|leaflet|poster|resources?"
    r"|audit|research|statistics|stats|rates|awareness|prevention|webinar|course|workshop|study day"
    r"|presentation|quiz|exam|osce|scenario|case study|simulation)\b"
)
_CLAUSE_END_RE = re.compile(r"[.!?;,\n]|\bbut\b")
_WRITER_RE = re.compile(r"\b(?:i|im|ive|id|ill|myself|my|me)\b")
_QUOTE_RE = re.compile(r"(?:^|(?<=[\s(\[:,]))([\"'])(.+?)\1(?=$|[\s.,!?;:)\]])")


def _clause_start(t: str, pos: int) -> int:
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(t, 0, pos)]
    return ends[-1] if ends else 0


def speaker_is_other(t: str, start: int) -> bool:
    """True when the words starting at `start` are someone else's, going by the nearest subject before them.

    "she said I want to die" and "the patient keeps saying I can't go on" count as someone else's even
    though they contain "I".
    """
    clause = t[_clause_start(t, start) : start]
    subjects = list(_SUBJECT_RE.finditer(clause))
    if not subjects:
        return False
    last = subjects[-1]
    if last.group(0) not in _SELF:
        return True
    before = clause[: last.start()]
    if _REPORTING_RE.search(before):
        earlier = list(_SUBJECT_RE.finditer(before))
        return bool(earlier) and earlier[-1].group(0) not in _SELF
    return False


def drop_others_quotes(t: str) -> str:
    """Blank out quotations whose speaker is someone else ("the lady keeps saying 'I want to end it all'")."""

    def sub(m: re.Match[str]) -> str:
        if speaker_is_other(t, m.start()):
            return " " * len(m.group(0))
        clause = t[_clause_start(t, m.start()) : m.start()]
        if not _SUBJECT_RE.search(clause) and (_MENTION_RE.search(clause) or _SPEAKER_AFTER_RE.match(t, m.end())):
            return " " * len(m.group(0))
        return m.group(0)

    return _QUOTE_RE.sub(sub, t)


def reported(t: str, pos: int) -> bool:
    """True for someone else's first-person words reported without quote marks ("she said I want to die")."""
    clause = t[_clause_start(t, pos) : pos]
    subjects = list(_SUBJECT_RE.finditer(clause))
    at_start = _SUBJECT_RE.match(t, pos)  # wording that starts with its own "I'm" ("...said I'm a burden")
    if at_start and at_start.group(0) in _SELF:
        before = clause
    elif not subjects or subjects[-1].group(0) not in _SELF:
        return False
    else:
        before = clause[: subjects[-1].start()]
    if not _REPORTING_RE.search(before):
        return False
    earlier = list(_SUBJECT_RE.finditer(before))
    return bool(earlier) and earlier[-1].group(0) not in _SELF


def denied(t: str, m: re.Match[str]) -> bool:
    """True for risk wording straight after a denial that the rest of the message leaves standing."""
    before = t[_clause_start(t, m.start()) : m.start()]
    return bool(_DENIAL_RE.search(before)) and not _DENIAL_UNDONE_RE.search(t, m.end())


def in_the_past(t: str, m: re.Match[str]) -> bool:
    """True when the sentence puts the risk in the past and nothing in the message brings it back."""
    start = _clause_start(t, m.start())
    end_m = _SENTENCE_END_RE.search(t, m.end())
    sentence = t[start : end_m.start() if end_m else len(t)]
    return bool(_PAST_RE.search(sentence)) and not _PAST_UNDONE_RE.search(t)


def topic(t: str, m: re.Match[str]) -> bool:
    """True when the clause names a topic of study or policy before the risk word, and not the writer."""
    ends = [e.end() for e in _CLAUSE_END_RE.finditer(t, 0, m.start())]
    clause = t[ends[-1] if ends else 0 : m.start()]
    topics = list(_TOPIC_RE.finditer(clause))
    return bool(topics) and not _WRITER_RE.search(clause, topics[-1].end())
