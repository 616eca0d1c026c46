"""Triage: who a message is about and whether it is a situation at all, before anything is said.

Two readers, and the decision between them:

* the **phrase screen** (:mod:`bot.understanding.safety`): high precision on wording it foresaw. Its
  self-risk family means ``support``; its harm family (being hurt, threatened or controlled by someone)
  means ``domestic-abuse`` unless the model is sure it is a situation at work ("the resident keeps
  hitting me");
* the **trained model** (:mod:`bot.understanding.triage.model`): a route for any wording, with
  probabilities. For risk, either reader firing means ``support``: the model fires at
  :data:`RISK_THRESHOLD`, set low on purpose because missing someone costs far more than offering support
  to someone who did not need it.

When the reading is unsure, :attr:`Reading.ask` says which one question to ask instead of guessing:
``"who"`` when "it happened to me" and "I saw it" are close, ``"feeling"`` when a message may be about the
writer's own state (some chance of risk, below the threshold), unless it is plainly about someone else.
The thresholds were chosen by cross-validation on the training corpus only (``python -m bench.triage_eval
--tune``), except :data:`HOME_TOO_THRESHOLD`, chosen later on the first two held-out sets (v1, v2), which are
therefore tuning sets for it; the last held-out set (v3) was never used to choose one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from bot.understanding.safety.guards import drop_others_quotes
from bot.understanding.safety.screen import HARM, SELF_RISK, risk_kind
from bot.understanding.safety.wording import normalise
from bot.understanding.scripts import ScriptMatcher, tokens
from bot.understanding.triage.corpus import SITUATION_ROUTES
from bot.understanding.triage.model import LinearModel

__all__ = ["ASK_FEELING", "ASK_WHO", "RISK_THRESHOLD", "Reading", "Triager"]

RISK_THRESHOLD = 0.2  # the model's support probability at which support is offered
FEELING_THRESHOLD = 0.1  # ... at which we ask whether it is about how they feel
WHO_MARGIN = 0.2  # "happened to me" and "I saw it" closer than this: ask
WORK_SURE = 0.6  # how sure the model must be that harm wording is a work situation, not harm at home
MATCHER_WEIGHT = 0.15  # the phrase matcher's say in which script fits, beside the model's probabilities
# the model's harm-at-home probability at which a support card also gives the routes for harm at home (chosen on
# the tuned sets v1 and v2: every harm-at-home message read as support got them, 5 of 334 others did)
HOME_TOO_THRESHOLD = 0.2
REMEMBERED = 1024  # at most this many spellings of known words have their readings remembered

SEXUAL_SCRIPTS = frozenset({"patient-sexual-harassment", "colleague-sexual-harassment"})
# words about who someone is (race, faith, sexuality, gender identity, disability): abuse that names these and
# nothing sexual is discrimination, and never gets a sexual-harassment script first
_WHO_SOMEONE_IS = re.compile(
    r"\b(gay|lesbian|bisexual|trans|transgender|queer|lgbt\w*|homophob\w*|transphob\w*|misgender\w*|"
    r"dead ?nam\w*|pronouns?|dyke|fag\w*|poof|bender|lezz?a|tranny|shemale|"
    r"disab\w*|wheelchair|autis\w*|ableis\w*|deaf|blind|stammer\w*|tics?|"
    r"grand(dad|ad|ma|pa)|granny|too old|past it|ageis\w*|"
    r"(own|your|their|her|his|my) country|where (you|she|he|they|i) came from|you people|really from|"
    r"(the|a) (cleaner|tea lady))\b|[\"'‘“]it[\"'’”]"
)
_SEXUAL_CUES = re.compile(r"\b(inappropriate(ly)?|sex\w*|kiss\w*|grop\w*|flash\w*|expos\w*|wank\w*|masturbat\w*)\b")
ASK_WHO = "who"
ASK_FEELING = "feeling"


@dataclass(frozen=True, slots=True)
class Reading:
    route: str  # one of corpus.ROUTES
    confidence: float  # 0..1: how sure the reading is of `route`
    routes: Mapping[str, float] = field(default_factory=dict)  # the model's probability of each route
    scripts: tuple[str, ...] = ()  # for a situation: script ids, best first
    topic: str = ""  # for "other": question | thanks | greeting | clinical | wellbeing | chat
    ask: str = ""  # "", ASK_WHO or ASK_FEELING
    screened: str | None = None  # the phrase screen's family, when it fired

    @property
    def harm_at_home_too(self) -> bool:
        """Read as someone at risk, with signs it may come from home: their support card adds those routes."""
        return self.routes.get("domestic-abuse", 0.0) >= HOME_TOO_THRESHOLD


class Triager:
    """Reads messages with one model (loaded once per process), the phrase screen and, for which script
    fits, the content's phrase matcher (:data:`MATCHER_WEIGHT`; it also knows scripts the model does not).

    A reading depends on the text alone, so the readings of ``known`` words (the command words, typed on
    every other turn) are remembered, by their exact text: the same reading, without the work. Nothing else
    is kept, so no one's own words stay in memory."""

    def __init__(self, model: LinearModel, matcher: ScriptMatcher | None = None, known: Iterable[str] = ()) -> None:
        self._model = model
        self._matcher = matcher
        self._known = frozenset(_plain(word) for word in known)
        self._remembered: dict[str, Reading] = {}

    def read(self, text: str) -> Reading:
        reading = self._remembered.get(text)
        if reading is None:
            reading = self._read(text)
            if len(self._remembered) < REMEMBERED and _plain(text) in self._known:
                self._remembered[text] = reading
        return reading

    def _read(self, text: str) -> Reading:
        vector = self._model.vector(text)
        routes = self._model.probabilities(vector, "route")
        screened = risk_kind(text)
        if not screened and routes["support"] >= RISK_THRESHOLD:
            routes = self._without_others_words(text, routes)
        route, confidence = _route(routes, screened)
        scripts: tuple[str, ...] = ()
        topic = ""
        if route in SITUATION_ROUTES or (route == "domestic-abuse" and screened == HARM):
            scripts = self._scripts(self._model.probabilities(vector, "script"), text)
        elif route == "other":
            kinds = self._model.probabilities(vector, "other")
            topic = max(kinds, key=kinds.__getitem__)
        reading = Reading(route, confidence, routes, scripts, topic, screened=screened)
        return replace(reading, ask=_question(reading))

    def _without_others_words(self, text: str, routes: dict[str, float]) -> dict[str, float]:
        """Someone else's quoted words are not the writer's risk ("bed 3 keeps saying 'I want to end it
        all'"): the support probability is read again without them, the other routes kept as read."""
        plain = normalise(text)
        own = drop_others_quotes(plain)
        if own == plain:
            return routes
        support = self._model.probabilities(self._model.vector(own), "route")["support"]
        return {**routes, "support": min(routes["support"], support)}

    def _scripts(self, learned: dict[str, float], text: str) -> tuple[str, ...]:
        """Script ids, best first: the model's probabilities, nudged by the matcher's scores (as a share of
        its best), over the scripts this content has."""
        if self._matcher is None:
            ranked = sorted(learned, key=learned.__getitem__, reverse=True)
        else:
            found = {m.script_id: m.score for m in self._matcher.rank(text)}
            best = max(found.values(), default=0.0) or 1.0
            known = self._matcher.script_ids
            score = {sid: learned.get(sid, 0.0) + MATCHER_WEIGHT * found.get(sid, 0.0) / best for sid in known}
            ranked = sorted(score, key=score.__getitem__, reverse=True)
        if ranked and ranked[0] in SEXUAL_SCRIPTS and _discrimination_not_sexual(text):
            ranked = [sid for sid in ranked if sid not in SEXUAL_SCRIPTS] + [s for s in ranked if s in SEXUAL_SCRIPTS]
        return tuple(ranked)


def _plain(text: str) -> str:
    """Enough normalising to know a command word however it was typed ("Lesson.", " MENU ")."""
    return " ".join(text.casefold().replace("’", "'").strip(" .!?").split())


def _discrimination_not_sexual(text: str) -> bool:
    """Words about race, faith, sexuality, gender identity or disability, and nothing sexual."""
    groups = {t for t in tokens(text) if t.startswith("~")}
    if "~sexual" in groups:
        return False
    lowered = text.lower()
    if _SEXUAL_CUES.search(lowered):
        return False
    return bool(groups & {"~race", "~faith"}) or bool(_WHO_SOMEONE_IS.search(lowered))


def _route(routes: Mapping[str, float], screened: str | None) -> tuple[str, float]:
    best = max(routes, key=routes.__getitem__)
    if screened == SELF_RISK:
        return "support", max(routes["support"], 0.9)
    if routes["support"] >= RISK_THRESHOLD:
        return "support", routes["support"]
    if screened == HARM:
        if best in SITUATION_ROUTES and routes[best] >= WORK_SURE:
            return best, routes[best]
        return "domestic-abuse", max(routes["domestic-abuse"], 0.9)
    return best, routes[best]


def _question(reading: Reading) -> str:
    if reading.route == "support" or reading.screened:
        return ""
    routes = reading.routes
    if reading.route in SITUATION_ROUTES and abs(routes["happened-to-me"] - routes["witnessed"]) < WHO_MARGIN:
        return ASK_WHO
    if routes["support"] >= FEELING_THRESHOLD and reading.route != "witnessed":  # not about someone else
        return ASK_FEELING
    return ""
