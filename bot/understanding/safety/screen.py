"""Spot messages where the person writing may be at risk now and should be offered support straight away.

`needs_support(text)` is True for suicidal thoughts or plans, self-harm, not being able to go on, feeling
unsafe right now, or being hurt right now, when the words are in the first person or plainly about the
writer, in plain and informal UK wording ("I can't do this anymore", "cant take it anymore", "I've been
cutting again", "he's hitting me", "I'm not safe at home"). It is deliberately *not* True for clinical
descriptions of patients ("a patient took an overdose"), worry about someone else ("my friend who
self-harms"), quoted words of others ("she said 'I want to die'"), or everyday work talk that borrows the
same words ("I'm dying for a coffee", "this rota is killing me", "kill the alarm", "I'm so tired").

How it works, one module per step:

* `bot.understanding.safety.wording` brings the text to one plain form: lower case, straight quotes, no
  apostrophes, textspeak and common misspellings expanded, filler words ("tbh", "lol") dropped;
* `bot.understanding.safety.patterns` lists phrase patterns for risk wording, in families: wanting to die
  or not to exist, ending it, not going on, hopelessness and being a burden, plans, goodbyes and methods
  (notes, stockpiled tablets or tablets bought in several shops, researching ways, a rope in the car,
  bridges and trains, giving things away), not being able to keep yourself safe, self-harm (including "to
  feel something", habit wording and relapse), and being hurt, threatened, followed or controlled by
  someone else;
* `bot.understanding.safety.guards` sets aside a match that is someone else's (by the nearest subject
  before it, or a quotation or report of their words), denied, in the past and over, or a teaching topic;
* `bot.understanding.prefilter` skips, without changing any result, the patterns a message cannot match.

Honest limits:

* This is a keyword screen, not an assessment. It cannot read tone, irony or history, and it will miss
  risk expressed in words it has no pattern for ("I've sorted out my will and given the cat away", "I'm
  parked by the reservoir"). On a set written after this code was final (tests/data/support_unseen2.yaml)
  it found only 10 of 22 at-risk messages (the code before the phrase families were added found 9): most
  new wording is not what any pattern foresaw, and near misses ("I wish I wouldn't wake up", "disappeared
  for good", "safe from myself") fail as surely as anything else. Figures on sets it was tuned on are far
  higher and do not carry over. Anything that reaches people must treat a False as "no signal found",
  never as "safe".
* It errs towards offering support when wording is ambiguous but first person: "I want to die", "I can't
  cope", "I can't take it", "I'd rather kill myself than do another night" (hyperbole), "I want to end it"
  (could be a relationship), "I feel hopeless", "I'm scared to go home" and "I can't be here anymore"
  (could be a job) all return True. Offering support to someone who did not need it costs little; missing
  someone who did costs a great deal.
* Known hyperbole is excluded only in narrow forms ("killing myself trying to...", "could kill myself for
  forgetting...", "cut myself on an ampoule", "hurt myself lifting a patient", "I wish I could disappear
  for a fortnight", "life is pointless without chocolate", "I wish I was dead good at cannulas"). "I'm not
  suicidal" and "I'm not going to hurt myself" are treated as denials and return False. The denial and
  past guards can be wrong in the other direction: "I used to self-harm" with nothing to say it is back
  returns False.
* Being hurt at work in the past ("a patient hit me yesterday, how do I report it?", "he hit me with the
  door by accident") returns False: it is an incident to report rather than a risk right now. Being hurt
  right now ("he's hitting me", "the resident keeps hitting me") returns True whoever "he" is; harm,
  threats or control from a partner or family member ("my husband hits me", "he won't let me leave",
  "he goes through my phone", "she'll kill me if I leave") return True whenever they happened, and so
  do jokes in the same words ("she said she'd kill me if I ate her yoghurt").
* Subjects are found with a short word list, so long or unusual sentences can defeat the guard in either
  direction, and bed and bay numbers are not subjects ("bay 3 keeps saying I want to die" returns True).
"""

from __future__ import annotations

import re

from bot.understanding.prefilter import WORD_RE, required_text, word_gate
from bot.understanding.safety.guards import (
    denied,
    drop_others_quotes,
    in_the_past,
    reported,
    speaker_is_other,
    topic,
)
from bot.understanding.safety.patterns import HARM_PATTERNS, SELF_RISK_PATTERNS
from bot.understanding.safety.wording import normalise, strip_apostrophes

__all__ = ["HARM", "SELF_RISK", "needs_support", "risk_kind"]

SELF_RISK = "self"  # suicide, self-harm, not going on: the writer's own risk
HARM = "harm"  # being hurt, threatened, followed or controlled by someone else

_PATTERNS = SELF_RISK_PATTERNS + HARM_PATTERNS
_N_SELF_RISK = len(SELF_RISK_PATTERNS)  # patterns before this are about suicide and self-harm

# Each pattern compiled, with whether it is guarded and the text every match contains; then the words one of
# which every match contains (`bot.understanding.prefilter`).
_COMPILED: tuple[tuple[re.Pattern[str], bool, str], ...] = tuple(
    (re.compile(p), g, required_text(p)) for p, g in _PATTERNS
)
_GATES: tuple[frozenset[str], ...] = tuple(word_gate(p) for p, _g in _PATTERNS)


def needs_support(text: str) -> bool:
    """True when the writer of `text` may be at risk now and should be offered support (see module doc)."""
    return risk_kind(text) is not None


def risk_kind(text: str) -> str | None:
    """Which family of risk wording `text` matches first (`SELF_RISK` or `HARM`), or None."""
    if not text or not text.strip():
        return None
    t = strip_apostrophes(drop_others_quotes(normalise(text)))
    words = set(WORD_RE.findall(t))
    for n, (pattern, guarded, required) in enumerate(_COMPILED):
        if required not in t or (_GATES[n] and words.isdisjoint(_GATES[n])):
            continue
        for m in pattern.finditer(t):
            # Guarded wording counts only when its subject (found up to the end of the match, so "my
            # colleague who self-harms" reads as the colleague) is the writer or unstated.
            if guarded and (speaker_is_other(t, m.end()) or topic(t, m)):
                continue
            if reported(t, m.start()) or denied(t, m):
                continue
            if n < _N_SELF_RISK and in_the_past(t, m):
                continue
            return SELF_RISK if n < _N_SELF_RISK else HARM
    return None
