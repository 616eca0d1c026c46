"""Matching a described situation to bystander scripts.

A small TF-IDF ranker over each script's title, summary, keywords and example phrasings: it runs offline in
microseconds, needs no model download, and is easy to reason about. Stems are crude suffix trimming, which
is enough for the way people describe incidents ("belittled", "belittling" -> "belittl").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from bot.content import Script

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    """a about after again all am an and any are as at be been being but by can could did do does doing
    don't for from had has have having he her here hers him his how i i'm i've if in into is it it's its
    just me my myself now of off on once only or our out over own same she so some than that that's the
    their them then there these they this those to too up very was we were what when where which while who
    whom why will with would you your just really today yesterday got get getting keep kept one also
    should""".split()
)
_SUFFIXES = ("ingly", "ments", "ement", "ness", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")
# words that matter more in a short description than their frequency suggests
_KEYWORD_WEIGHT = 2.0
MIN_CONFIDENT_SCORE = 0.12

# ---- experimental knobs (to be settled) ----
OPTS = {
    "stem2": True,
    "alias": True,
    "concepts": True,
    "actor": True,
    "knn": 0.0,
    "prior": 0.0,
    "cw": 1.0,
    "aw": 1.0,
    "passive": False,
}

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
    "sis": "sister",
}


def _stem_old(word: str) -> str:
    word = word.replace("'", "")
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


_DOUBLE = re.compile(r"([bdfgklmnprtvz])\1$")


def _stem_new(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if OPTS.get("ies", True) and len(word) > 4 and word.endswith(("ied", "ies")):
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + OPTS.get("stem_min", 2) and word.endswith(suffix):
            stem = word[: -len(suffix)]
            if (
                OPTS.get("undouble", True)
                and suffix in ("ing", "ed", "ings", "edly", "ingly")
                and _DOUBLE.search(stem)
                and not stem.endswith(("ll", "ss", "zz"))
            ):
                stem = stem[:-1]
            return stem
    return word


def _stem(word: str) -> str:
    return _stem_new(word) if OPTS["stem2"] else _stem_old(word)


_CONCEPT_WORDS = {
    "sexual": """sex sexual sexually sexualised sexy kiss kissed kissing grope groped groping flash flashed
        flashing flasher explicit nude nudes naked porn pornographic breast breasts boobs bum backside bottom
        crotch groin genitals erection masturbating lewd obscene innuendo flirt flirting flirty flirted
        proposition propositioned date single gorgeous pretty fit hot leer leering wolf whistle wink winked
        winking undress undressing lingerie bra knickers""",
    "race": """race racial racially racist racism ethnic ethnicity black brown white asian african caribbean
        colour skin foreign foreigner foreigners immigrant immigrants migrant migrants refugee asylum
        nationality accent nigerian ghanaian zimbabwean kenyan somali indian pakistani bangladeshi filipino
        filipina chinese japanese polish romanian bulgarian lithuanian portuguese jamaican arab turkish
        kurdish european gypsy traveller roma slur slurs""",
    "faith": """muslim muslims islam islamic islamophobic islamophobia jewish jew jews antisemitic antisemitism
        sikh sikhs hindu hindus hijab headscarf turban niqab burka kippah mosque religion religious""",
    "identity": """gay lesbian bisexual trans transgender queer lgbt lgbtq homophobic homophobia transphobic
        transphobia misgender misgendered misgendering sexist sexism women woman pregnant pregnancy maternity
        disabled disability disabilities wheelchair autism autistic ableist ableism ageist ageism older""",
    "violence": """hit hitting punch punched punching kick kicked kicking slap slapped spit spat spitting bite
        bit biting headbutt headbutted shove shoved push pushed grab grabbed grabbing throw threw thrown
        throwing assault assaulted attack attacked violent violence fist scratch scratched strangle choke
        weapon knife smash smashed lunge lunged""",
    "threat": """threat threats threaten threatened threatening intimidate intimidating intimidated menacing
        squaring""",
    "anger": """shout shouting shouted scream screaming screamed yell yelled yelling swear swearing swore sworn
        abuse abusive angry aggressive aggression rage furious irate""",
    "putdown": """humiliate humiliated humiliating belittle belittled belittling mock mocked mocking ridicule
        ridiculed sarcastic condescending patronising talked down put down embarrass embarrassed stupid idiot
        useless thick incompetent snapped snap tore ripped""",
    "distress": """cry crying cried tears tearful sob sobbing weeping upset shaken shaking trembling overwhelmed
        struggling cope coping exhausted burnt burnout low anxious anxiety panic breakdown quiet withdrawn
        grief grieving traumatised trauma traumatic sleep sleeping""",
    "repeat": """always constantly constant repeatedly months weeks ages ongoing every""",
    "exclude": """excluded exclude exclusion left out ignored ignore ignoring isolated alone clique cliques
        invited invite invites lunch freeze frozen""",
    "clinical": """deteriorating deteriorate deteriorated worse news obs sats saturations sepsis septic dose
        doses drug drugs medication meds prescribed prescription pump infusion fluids chart checklist allergy
        allergic fall escalate escalated escalation unsafe risk error mistake pressure sore ulcer hoist insulin
        overdose observations bleeding""",
    "dignity": """dignity privacy exposed uncovered gown curtain curtains undignified commode soiled wet
        incontinent incontinence wee pee toilet pad wash washing washed rough roughly dementia confused
        elderly frail""",
}
_PUBLIC = """patient patients relative relatives visitor visitors family son daughter wife husband mum dad mother
    father resident residents client clients man woman lady gentleman guy bloke lad caller parent parents
    public member service user customer""".split()
_STAFF = """colleague colleagues staff nurse nurses hca doctor doctors consultant registrar f1 f2 sho junior senior
    manager sister charge matron surgeon surgeons anaesthetist gp physio ot porter porters receptionist
    paramedic crewmate tech technician carer carers supervisor lead leader deputy mentor student band odp
    pharmacist phlebotomist cleaner midwife locum agency bank trainee boss coordinator radiographer
    someone""".split()


def _build_concepts() -> dict[str, str]:
    table = {}
    for name, words in _CONCEPT_WORDS.items():
        for w in words.split():
            table[_stem(w)] = "~" + name
    return table


_CONCEPTS: dict[str, str] = {}
_ROLE: dict[str, str] = {}


def _refresh() -> None:
    _CONCEPTS.clear()
    _CONCEPTS.update(_build_concepts())
    _ROLE.clear()
    _ROLE.update({_stem(w): "@staff" for w in _STAFF})
    _ROLE.update({_stem(w): "@public" for w in _PUBLIC})
    _ROLE.pop(_stem("someone"), None)


_refresh()


def tokens(text: str) -> list[str]:
    raw = _WORD.findall(text.lower().replace("’", "'").replace("a&e", "ae"))
    if OPTS["alias"]:
        raw = [_ALIASES.get(w.removesuffix("'s"), w) for w in raw]
    words = [w for w in raw if w not in _STOP]
    stems = [_stem(w) for w in words]
    out = stems + [f"{a}_{b}" for a, b in itertools.pairwise(stems)]
    if OPTS["concepts"]:
        out += [_CONCEPTS[s] for s in stems if s in _CONCEPTS]
    if OPTS["actor"]:
        actor = _actor(raw)
        if actor:
            out.append(actor)
    return out


def _actor(raw: list[str]) -> str:
    stems = [_stem(w) for w in raw]
    if OPTS["passive"]:
        for i, w in enumerate(raw):
            if w in ("by", "from"):
                for s in stems[i + 1 : i + 4]:
                    if s in _ROLE:
                        return _ROLE[s]
    for s in stems:
        if s in _ROLE:
            return _ROLE[s]
    return ""


@dataclass(frozen=True, slots=True)
class Match:
    script_id: str
    score: float


def _w(t: str) -> float:
    if t[0] == "~":
        return OPTS["cw"]
    if t[0] == "@":
        return OPTS["aw"]
    if t in _ROLE or t == "someone":
        return OPTS.get("rw", 1.0)
    return 1.0


def _vector(bag: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    vector = {t: (1 + math.log(c)) * idf[t] * _w(t) for t, c in bag.items() if t in idf}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


class ScriptMatcher:
    def __init__(self, scripts: Mapping[str, Script]) -> None:
        docs: dict[str, Counter[str]] = {}
        examples: list[tuple[str, Counter[str]]] = []
        for script in scripts.values():
            bag: Counter[str] = Counter()
            for text in (script.title, script.summary, *script.examples):
                bag.update(tokens(text))
            for keyword in script.keywords:
                for token in tokens(keyword):
                    bag[token] += _KEYWORD_WEIGHT
            docs[script.id] = bag
            for text in (*script.examples,):
                examples.append((script.id, Counter(tokens(text))))
        self._prior: dict[str, dict[str, float]] = {}
        for script in scripts.values():
            seen = Counter(
                a for a in (_actor(_WORD.findall(e.lower().replace("’", "'"))) for e in script.examples) if a
            )
            total = seen["@public"] + seen["@staff"]
            self._prior[script.id] = {a: (seen[a] + 1) / (total + 2) for a in ("@public", "@staff")}
        df: Counter[str] = Counter()
        for bag in docs.values():
            df.update(set(bag))
        n = max(len(docs), 1)
        self._idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
        self._postings: dict[str, list[tuple[str, float]]] = {}
        for script_id, bag in docs.items():
            for term, value in _vector(bag, self._idf).items():
                self._postings.setdefault(term, []).append((script_id, value))
        self._ex_postings: dict[str, list[tuple[int, float]]] = {}
        self._ex_script: list[str] = []
        for i, (script_id, bag) in enumerate(examples):
            self._ex_script.append(script_id)
            for term, value in _vector(bag, self._idf).items():
                self._ex_postings.setdefault(term, []).append((i, value))

    def rank(self, text: str) -> list[Match]:
        """Scripts that share any meaningful word with ``text``, best first (ties by id, for stability)."""
        counts = Counter(t for t in tokens(text) if t in self._idf)
        if not counts:
            return []
        query = _vector(counts, self._idf)
        scores: dict[str, float] = {}
        for term, weight in query.items():
            for script_id, value in self._postings[term]:
                scores[script_id] = scores.get(script_id, 0.0) + weight * value
        alpha = OPTS["knn"]
        if alpha:
            ex: dict[int, float] = {}
            for term, weight in query.items():
                for i, value in self._ex_postings.get(term, ()):
                    ex[i] = ex.get(i, 0.0) + weight * value
            best: dict[str, float] = {}
            for i, s in ex.items():
                sid = self._ex_script[i]
                if s > best.get(sid, 0.0):
                    best[sid] = s
            scores = {sid: (1 - alpha) * sc + alpha * best.get(sid, 0.0) for sid, sc in scores.items()}
        beta = OPTS["prior"]
        if beta:
            actor = next((t for t in counts if t[0] == "@"), "")
            if actor:
                scores = {sid: sc * (1 - beta + 2 * beta * self._prior[sid][actor]) for sid, sc in scores.items()}
        ranked = [Match(script_id, round(score, 6)) for script_id, score in scores.items()]
        ranked.sort(key=lambda m: (-m.score, m.script_id))
        return ranked

    def evidence(self, text: str, script_id: str) -> float:
        counts = Counter(t for t in tokens(text) if t in self._idf)
        if not counts:
            return 0.0
        query = _vector(counts, self._idf)
        total = 0.0
        for term, weight in query.items():
            if term[0] == "@" or term in _ROLE:
                continue
            for sid, value in self._postings[term]:
                if sid == script_id:
                    total += weight * value
        return total

    def match(self, text: str) -> list[str]:
        return [m.script_id for m in self.rank(text)]

    def confident(self, text: str) -> list[str]:
        """Script ids when the best match is strong enough to answer free text with a script."""
        ranked = self.rank(text)
        if not ranked or ranked[0].score < MIN_CONFIDENT_SCORE:
            return []
        return [m.script_id for m in ranked]
