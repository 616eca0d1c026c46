"""Matching a described situation to bystander scripts.

A small TF-IDF ranker over each script's title, summary, keywords and example phrasings: it runs offline in
tens of microseconds, needs no model download, and is easy to reason about. On top of plain word overlap it
knows three things about how staff describe incidents:

* **Shorthand and word forms.** "pt", "reg", "para" are read as patient, registrar, paramedic; stems are
  crude suffix trimming with a little repair ("grabbed" -> "grab", "bullied" -> "bully"), enough for
  "belittled" and "belittling" to meet.
* **Kinds of words** (``_CONCEPTS``): a short thesaurus groups words that point at the same kind of incident
  (violence, sexual behaviour, race, faith, identity, put-downs, distress, exclusion, clinical risk,
  dignity...). Each such word also counts as its group, so "slapped" meets "punched" and "Filipino" meets
  "Polish" even when no example uses that exact word.
* **Who did it.** The first person named in a description ("a relative...", "the registrar...", or whoever
  comes after "by" or "from") is usually the one who acted. Each script learns from its own examples how
  often the one who acted is a member of the public (patient, relative, visitor...) or staff, and a match is
  nudged towards scripts that fit (``ACTOR_WEIGHT``). This is what tells a patient's sexual comment from a
  colleague's, and a patient's racist abuse from a colleague's discriminatory remark.

``confident`` decides whether free text is a situation at all, so that "good morning" or "where is the
staff toilet" are not answered with a script. The best score must be at least ``MIN_CONFIDENT_SCORE`` and
the text must show that something happened: a word that names harm ("groped", "humiliated", "racist",
"overwhelmed"...), one of the best script's telling keywords, or, in a statement rather than a question,
someone named together with a word that sets the scene ("the patient said he doesn't want a *black* nurse",
"a relative *grabbed* my arm"). Time words ("weeks", "always") never count on their own. What is not
confident gets the gentle "not sure I understood" reply, which still offers the closest script.

``bench/scripts_eval.py`` measures all of this on held-out phrasings (tests/data/script_heldout.yaml) that
must never be copied into the scripts' examples.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.content import Script

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    """a about after again all am an and any are as at be been being but by can could did do does doing
    don't for from had has have having he her here hers him his how i i'm i've if in into is it it's its
    just me my myself now of off on once only or our out over own same she so some than that that's the
    their them then there these they this those to too up very was we were what when where which while who
    whom why will with would you your just really today yesterday got get getting keep kept one also
    should""".split()
)
# shorthand people type on a ward, read as the word the scripts use
_ALIASES = {
    "pt": "patient",
    "pts": "patients",
    "reg": "registrar",
    "regs": "registrars",
    "doc": "doctor",
    "docs": "doctors",
    "para": "paramedic",
    "paras": "paramedics",
    "rels": "relatives",
    "mgr": "manager",
    "cons": "consultant",
    "hcsw": "hca",
    "hcas": "hca",
    "fy1": "f1",
    "fy2": "f2",
}
_SUFFIXES = ("ingly", "ments", "ement", "ness", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")
_UNDOUBLE = ("ing", "ings", "ingly", "ed", "edly")  # "grabbed" -> "grabb" -> "grab"
_DOUBLED = re.compile(r"([bdfgkmnprtvz])\1$")

# Words that point at a kind of incident. Each also counts as "~group", so a word no example uses still
# meets its neighbours. Single words only (phrases belong in a script's keywords).
_CONCEPT_WORDS = {
    "sexual": """sex sexual sexually sexualised sexy kiss kissed kissing grope groped groping flash flashed
        flashing flasher explicit nude nudes naked porn pornographic breast breasts boobs bum backside bottom
        crotch groin genitals erection lewd obscene innuendo flirt flirting flirty flirted proposition
        propositioned gorgeous leer leering wolf whistle whistling wink winked
        winking undress undressing lingerie bra knickers""",
    "race": """race racial racially racist racism ethnic ethnicity black brown white asian african caribbean
        colour coloured skin foreign foreigner foreigners immigrant immigrants migrant migrants refugee asylum
        nationality accent nigerian ghanaian zimbabwean kenyan somali indian pakistani bangladeshi filipino
        filipina chinese japanese polish romanian bulgarian lithuanian portuguese jamaican arab turkish
        kurdish european gypsy traveller roma slur slurs""",
    "faith": """muslim muslims islam islamic islamophobic islamophobia jewish jew jews antisemitic antisemitism
        sikh sikhs hindu hindus hijab headscarf turban niqab burka kippah mosque religion religious""",
    "identity": """gay lesbian bisexual trans transgender queer lgbt lgbtq homophobic homophobia transphobic
        transphobia misgender misgendered misgendering sexist sexism women female male pregnant pregnancy
        maternity disabled disability disabilities wheelchair autism autistic ableist ableism ageist ageism
        older""",
    "violence": """hit hitting punch punched punching kick kicked kicking slap slapped spit spat spitting bite
        biting headbutt headbutted shove shoved push pushed grab grabbed grabbing throw threw thrown
        throwing assault assaulted attack attacked violent violence fist scratch scratched strangle choke
        weapon knife smash smashed lunge lunged pinned""",
    "threat": """threat threats threaten threatened threatening intimidate intimidating intimidated menacing
        squaring""",
    "anger": """shout shouting shouted scream screaming screamed yell yelled yelling swear swearing swore sworn
        abuse abusive angry aggressive aggression rage furious irate""",
    "putdown": """humiliate humiliated humiliating belittle belittled belittling mock mocked mocking ridicule
        ridiculed sarcastic condescending patronising embarrass embarrassed stupid idiot useless incompetent
        pathetic snapped snap""",
    "distress": """cry crying cried tears tearful sob sobbing weeping upset shaken shaking trembling overwhelmed
        struggling cope coping exhausted burnt burnout anxious anxiety panic breakdown withdrawn grief
        grieving traumatised trauma traumatic""",
    "exclude": """excluded exclude exclusion ignored ignore ignoring isolated alone lonely clique cliques invited
        invite invites""",
    "clinical": """deteriorating deteriorate deteriorated worse obs sats saturations sepsis septic dose
        doses drug drugs medication meds prescribed prescription pump infusion fluids chart checklist allergy
        allergic fall escalate escalated escalation unsafe risk error mistake pressure sore ulcer hoist insulin
        overdose observations bleeding""",
    "dignity": """dignity privacy exposed uncovered gown curtain curtains undignified commode soiled wet
        incontinent incontinence wee pee toilet pad wash washing washed rough roughly dementia confused
        elderly frail""",
    "repeat": """always constantly constant repeatedly months weeks ages ongoing every""",
}
# Which words show that a text describes something that happened (see ScriptMatcher.confident). Words of
# these groups only set the scene ("black", "meds", "toilet", "weeks"), except the ones listed after them.
_SCENE_GROUPS = frozenset({"race", "faith", "identity", "clinical", "dignity", "repeat"})
_INCIDENT_SCENE_WORDS = """racist racism racially slur slurs islamophobic islamophobia antisemitic antisemitism
    homophobic homophobia transphobic transphobia misgender misgendered misgendering sexist sexism ableist
    ableism ageist ageism deteriorating deteriorated worse unsafe error mistake overdose sepsis septic exposed
    uncovered undignified soiled rough roughly"""
# everyday words that show an incident only when someone is named doing it: "a relative grabbed my arm",
# not "could you grab me a coffee"
_WITH_SOMEONE_WORDS = """grab grabbed grabbing push pushed throw threw thrown throwing hit hitting kick kicked
    snap snapped alone invite invited invites ignore ignored"""

# who acted: the first of these named (or the one after "by"/"from") is taken as the one who acted
_PUBLIC_WORDS = """patient patients relative relatives visitor visitors family son daughter wife husband mum dad
    mother father resident residents client clients man woman lady gentleman guy bloke lad caller parent
    parents""".split()
_STAFF_WORDS = """colleague colleagues staff nurse nurses hca doctor doctors consultant registrar f1 f2 sho
    junior senior manager sister matron surgeon surgeons anaesthetist gp physio ot porter porters
    receptionist paramedic crewmate tech technician carer carers supervisor lead leader deputy mentor student
    band odp pharmacist phlebotomist cleaner midwife locum agency bank trainee boss coordinator
    radiographer""".split()
PUBLIC, STAFF = "public", "staff"

# words that matter more in a short description than their frequency suggests
_KEYWORD_WEIGHT = 2.0
# how far who-acted moves a score: x(1 - w) when no example of a script has that kind of actor, x(1 + w)
# when all do, unchanged when half do (settled by leave-one-out over the scripts' own examples)
ACTOR_WEIGHT = 0.3
MIN_CONFIDENT_SCORE = 0.08


@lru_cache(maxsize=16384)  # stemming is most of the time a rank call takes; people reuse words
def _stem(word: str) -> str:
    word = word.removesuffix("'s").replace("'", "")
    if len(word) > 4 and word.endswith(("ied", "ies")):
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            stem = word[: -len(suffix)]
            if suffix in _UNDOUBLE and _DOUBLED.search(stem):
                stem = stem[:-1]
            return stem
    return word


_CONCEPTS = {_stem(word): "~" + name for name, words in _CONCEPT_WORDS.items() for word in words.split()}
_WITH_SOMEONE = frozenset(_stem(word) for word in _WITH_SOMEONE_WORDS.split())
_SCENE = frozenset(_stem(word) for name in _SCENE_GROUPS for word in _CONCEPT_WORDS[name].split()) - frozenset(
    _stem(word) for word in _INCIDENT_SCENE_WORDS.split()
)
_TIME = frozenset(_stem(word) for word in _CONCEPT_WORDS["repeat"].split())
_INCIDENT = frozenset(_CONCEPTS) - _SCENE - _WITH_SOMEONE
_ACTORS = {_stem(word): STAFF for word in _STAFF_WORDS} | {_stem(word): PUBLIC for word in _PUBLIC_WORDS}


def _words(text: str) -> list[str]:
    raw = _WORD.findall(text.lower().replace("’", "'").replace("a&e", "ae"))
    return [_ALIASES.get(word.removesuffix("'s"), word) for word in raw]


def _actor(words: list[str]) -> str:
    """PUBLIC or STAFF for whoever seems to have acted ("" when nobody is named)."""
    for i, word in enumerate(words):
        if word in ("by", "from"):
            for after in words[i + 1 : i + 4]:
                if (actor := _ACTORS.get(_stem(after))) is not None:
                    return actor
    for word in words:
        if (actor := _ACTORS.get(_stem(word))) is not None:
            return actor
    return ""


def tokens(text: str) -> list[str]:
    """Stems, pairs of neighbouring stems ("talk_down") and the groups of incident words (``~violence``)."""
    stems = [_stem(w) for w in _words(text) if w not in _STOP]
    found = stems + [f"{a}_{b}" for a, b in itertools.pairwise(stems)]
    return found + [_CONCEPTS[s] for s in stems if s in _CONCEPTS]


def _phrase(words: list[str]) -> str:
    """Every word's stem, stop words included, between spaces: for finding a keyword phrase in a text."""
    return " " + " ".join(_stem(w) for w in words) + " "


def _telling_keywords(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords that on their own show a text describes an incident, as phrases to look for.

    Phrases of two or more words count ("left out", "tore into"); single words count unless they only set the
    scene ("black", "weeks") or need someone named doing them ("grabbed").
    """
    found = []
    for keyword in keywords:
        stems = _phrase(_words(keyword)).split()
        meaningful = [s for s in stems if s not in _STOP]
        if len(stems) == 1 and (stems[0] in _SCENE or stems[0] in _WITH_SOMEONE):
            continue
        if meaningful:
            found.append(" " + " ".join(stems) + " ")
    return tuple(found)


_QUESTION_START = frozenset(
    """where when who whose which what how is are do does did can could will would
    should shall has have""".split()
)


def _is_question(words: list[str]) -> bool:
    """A request for information ("where is the staff toilet", "is the female doctor in today")."""
    return bool(words) and words[0] in _QUESTION_START


def _unit(bag: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    vector = {t: (1 + math.log(c)) * idf[t] for t, c in bag.items() if c > 0 and t in idf}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


@dataclass(frozen=True, slots=True)
class Match:
    script_id: str
    score: float


class ScriptMatcher:
    def __init__(self, scripts: Mapping[str, Script]) -> None:
        self.script_ids = tuple(scripts)
        docs: dict[str, dict[str, float]] = {}
        self._keywords: dict[str, tuple[str, ...]] = {}
        self._actor_share: dict[str, dict[str, float]] = {}
        for script in scripts.values():
            # each term's count in the script's text, plus a weight for each time it is a keyword
            bag: dict[str, float] = dict(
                Counter(token for text in (script.title, script.summary, *script.examples) for token in tokens(text))
            )
            for keyword in script.keywords:
                for token in tokens(keyword):
                    bag[token] = bag.get(token, 0) + _KEYWORD_WEIGHT
            docs[script.id] = bag
            self._keywords[script.id] = _telling_keywords(script.keywords)
            actors = Counter(_actor(_words(example)) for example in script.examples)
            named = actors[PUBLIC] + actors[STAFF]
            self._actor_share[script.id] = {a: (actors[a] + 1) / (named + 2) for a in (PUBLIC, STAFF)}
        df: Counter[str] = Counter()
        for bag in docs.values():
            df.update(set(bag))
        n = max(len(docs), 1)
        self._idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
        # an inverted index: for each term, the scripts that use it and the term's weight there
        self._postings: dict[str, list[tuple[str, float]]] = {}
        for script_id, bag in docs.items():
            for term, value in _unit(bag, self._idf).items():
                self._postings.setdefault(term, []).append((script_id, value))

    def _rank(self, text: str) -> tuple[list[Match], list[str]]:
        words = _words(text)
        stems = [_stem(w) for w in words if w not in _STOP]
        found = stems + [f"{a}_{b}" for a, b in itertools.pairwise(stems)]
        found += [_CONCEPTS[s] for s in stems if s in _CONCEPTS]
        counts = Counter(t for t in found if t in self._idf)
        if not counts:
            return [], words
        scores: dict[str, float] = {}
        for term, weight in _unit(counts, self._idf).items():
            for script_id, value in self._postings[term]:
                scores[script_id] = scores.get(script_id, 0.0) + weight * value
        if actor := _actor(words):
            low, span = 1 - ACTOR_WEIGHT, 2 * ACTOR_WEIGHT
            scores = {sid: s * (low + span * self._actor_share[sid][actor]) for sid, s in scores.items()}
        ranked = [Match(script_id, round(score, 6)) for script_id, score in scores.items()]
        ranked.sort(key=lambda m: (-m.score, m.script_id))
        return ranked, words

    def rank(self, text: str) -> list[Match]:
        """Scripts that share any meaningful word with ``text``, best first (ties by id, for stability)."""
        return self._rank(text)[0]

    def match(self, text: str) -> list[str]:
        return [m.script_id for m in self.rank(text)]

    def confident(self, text: str) -> list[str]:
        """Script ids when ``text`` describes a situation and the best match is strong enough to answer it."""
        ranked, words = self._rank(text)
        if not ranked or ranked[0].score < MIN_CONFIDENT_SCORE:
            return []
        return [m.script_id for m in ranked] if self._describes_incident(words, ranked[0].script_id) else []

    def _describes_incident(self, words: list[str], script_id: str) -> bool:
        stems = {_stem(w) for w in words}
        if stems & _INCIDENT:
            return True
        if stems & (_WITH_SOMEONE | _SCENE) - _TIME and _actor(words) and not _is_question(words):
            return True
        said = _phrase(words)
        return any(keyword in said for keyword in self._keywords[script_id])
