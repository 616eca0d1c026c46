"""Spot messages where the person writing may be at risk now and should be offered support straight away.

`needs_support(text)` is True for suicidal thoughts or plans, self-harm, not being able to go on, feeling
unsafe right now, or being hurt right now, when the words are in the first person or plainly about the
writer, in plain and informal UK wording ("I can't do this anymore", "cant take it anymore", "I've been
cutting again", "he's hitting me", "I'm not safe at home"). It is deliberately *not* True for clinical
descriptions of patients ("a patient took an overdose"), worry about someone else ("my friend who
self-harms"), quoted words of others ("she said 'I want to die'"), or everyday work talk that borrows the
same words ("I'm dying for a coffee", "this rota is killing me", "kill the alarm", "I'm so tired").

How it works: the text is lower-cased, curly quotes straightened, apostrophes dropped ("can't" and "cant"
both become "cant") and a little textspeak expanded ("wanna", "gonna", "any more"). A list of phrase
patterns then looks for risk wording. Patterns without a built-in "me/my/myself" are checked against the
nearest subject before them in the same sentence: "I"/"I'm"/none counts, "he", "she", "they", "we",
"who", "the patient", "my colleague"... do not. Quotations are ignored when the speaker before them is
someone else, as is first-person wording straight after "he said", "she keeps saying" and similar.

Honest limits:

* This is a keyword screen, not an assessment. It cannot read tone, irony or history, and it will miss
  risk expressed in words it has no pattern for ("I've sorted out my will and given the cat away").
  Anything that reaches people must treat a False as "no signal found", never as "safe".
* It errs towards offering support when wording is ambiguous but first person: "I want to die", "I can't
  cope", "I'd rather kill myself than do another night" (hyperbole) and "I want to end it" (could be a
  relationship) all return True. Offering support to someone who did not need it costs little; missing
  someone who did costs a great deal.
* Known hyperbole is excluded only in narrow forms ("killing myself trying to...", "could kill myself for
  forgetting...", "cut myself on an ampoule", "hurt myself lifting a patient"). "I'm not suicidal" is
  treated as a denial and returns False.
* Being hurt at work in the past ("a patient hit me yesterday, how do I report it?") returns False: it is
  an incident to report rather than a risk right now. Being hurt right now ("he's hitting me") returns
  True whoever "he" is; harm from a partner or family member ("my husband hits me", "he won't let me
  leave") returns True whenever it happened.
* Subjects are found with a short word list, so long or unusual sentences can defeat the guard in either
  direction.
"""

from __future__ import annotations

import re
import re._parser as _sre  # the regex parser (Python 3.11+), to find each pattern's required text
import unicodedata

__all__ = ["needs_support"]

# Patterns are written for the normalised text (see `_normalise`): lower case, no apostrophes.
# Each entry is (pattern, guarded). Guarded patterns only count when the nearest subject before them in
# the sentence is the writer (or there is none).
_ALL_OF = r"(?:all|all of|the whole|a whole|every one of|loads of|a load of|too many|too many of|a bunch of)"
_MEDS = (
    r"(?:tablets|pills|meds|medication|medicine|paracetamol|painkillers|sleeping pills|insulin"
    r"|antidepressants"
    r"|co-?codamol|codeine|tramadol|morphine|oramorph|oxycodone|sertraline|citalopram|fluoxetine|mirtazapine"
    r"|amitriptyline|diazepam|zopiclone|ibuprofen|aspirin|propranolol|lithium|quetiapine)"
)
_OWN = r"(?:my |the |these |those |of my |of the |me )?"
_PARTNER = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|fiance|fiancee|dad|father|stepdad|mum|mother"
    r"|stepmum|brother|son|daughter)"
)
_HARM_ING = (
    r"(?:hitting|hurting|beating|beating up|kicking|punching|choking|strangling|slapping|attacking|abusing"
    r"|raping)"
)
_HARM_S = r"(?:hits|hurts|beats|kicks|punches|chokes|strangles|slaps|attacks|abuses|rapes|controls|threatens)"
_HARM_ED = (
    r"(?:hit|hurt|beat|kicked|punched|choked|strangled|slapped|attacked|assaulted|raped|pushed"
    r"|battered)"
)
_END = r"(?=\s*(?:$|[.!?,;)]))"
_NO_LONGER = r"(?=\s*(?:anymore|any longer|at all|like this|living|$|[.!?,;]))"

_PATTERNS: tuple[tuple[str, bool], ...] = (
    # --- suicidal thoughts and plans -----------------------------------------------------------------
    (
        r"\bkill(?:ing)? myself\b"
        r"(?! (?:for(?! real)|over|with|trying|to (?:get|keep|make|cover|finish)|doing|working|laughing|at"
        r" work))",
        False,
    ),
    (r"\b(?:kms|unalive myself|unaliving myself|off myself|top myself|topping myself)\b", False),
    (r"\b(?:end|ending|take|taking|took|finish|finishing) (?:my|my own) life\b", False),
    (r"\bend(?:ing)? it all\b", True),
    (
        r"\b(?:thinking|thought|thoughts|think|plan|planning|going|want|wanting|feel like|felt like|feeling"
        r" like)"
        r" (?:about |of |to |on )?(?:ending|end) (?:it|things|everything)\b(?! (?:with|off))",
        True,
    ),
    (
        r"\b(?:cant|cannot) face (?:going on|carrying on|it anymore|another day|living|life|tomorrow"
        r"|anything anymore)\b",
        True,
    ),
    (
        r"\b(?:written|writing|wrote|left|leaving) (?:a |my )?(?:suicide note|goodbye (?:note|letter)s?"
        r"|(?:notes?|letters?)"
        r" (?:to|for) (?:my (?:kids|children|family|parents|mum|dad|husband|wife|partner)|everyone))\b",
        False,
    ),
    (r"\b(?:want|going|need) to end (?:it|things|everything)" + _END, True),
    (
        r"\b(?:ive got|i have|ive made|i have made|ive come up with) a plan"
        + r"(?=\s*(?:$|[.!,;]|and i know|for (?:how|when)"
        r"|to do it|to end|to kill))",
        True,
    ),
    (r"\bnot (?:going to be|be) (?:here|around) (?:much )?(?:longer|for long|tomorrow)\b", True),
    (r"\bthis is (?:my )?goodbye\b", True),
    (r"\bgiving up on (?:life|living|everything|myself)\b", True),
    (
        r"\b(?:scared|afraid|frightened|terrified) (?:of )?what i (?:might|could|will|am going to|m going"
        r" to|may) do\b",
        True,
    ),
    (
        r"(?<!not )(?<!never )(?<!not feeling )(?<!not really )(?<!no longer )(?<!not actually"
        r" )\bsuicidal\b(?! (?:patient|patients|person|people|colleague|colleagues|man|woman|client"
        r"|clients|resident|residents|friend|son|daughter|relative|child|young|teen|teenager|service))",
        True,
    ),
    (
        r"\b(?:thinking|thought|thoughts|think|considering|contemplating|attempt|attempted|attempting|tried) "
        r"(?:about |of |at )?(?:suicide|taking my life)\b(?! (?:prevention|awareness|training|policy|risk"
        r"|rates?))",
        True,
    ),
    (
        r"\b(?:want|wanted|wanting|going|ready|deserve|deserving|wish I could|need) to die\b(?! (?:of|for"
        r"|laughing))",
        True,
    ),
    (r"\bwish (?:i was|i were|i could be) dead\b", False),
    (r"\bwish i (?:wasnt|werent|hadnt been) (?:here|alive|born)\b", False),
    (r"\bwish i could (?:just )?(?:disappear|die|not wake up|go to sleep forever|stop existing)\b", False),
    (r"\bbetter off without me\b", False),
    (
        r"\b(?:better off|happier|easier|better|fine|ok|okay)\b[^.!?]{0,12}\bif i (?:just )?(?:wasnt|werent"
        r"|was not"
        r"|was gone|were gone|was dead|were dead|didnt exist|died|disappeared|wasnt (?:here|around|alive))\b",
        False,
    ),
    (r"\bbetter off dead\b", True),
    (
        r"\b(?:dont|do not|never) want to (?:be here|be around)" + _NO_LONGER,
        True,
    ),
    (
        r"\b(?:dont|do not) want to (?:be alive|exist|wake up(?! (?:at|early|for|so))|live(?= ?(?:anymore"
        r"|any longer|"
        r"like this|$|[.!?,;])))",
        True,
    ),
    (
        r"\b(?:dont|do not) want to (?:go on|carry on)" + _NO_LONGER,
        True,
    ),
    (
        r"\b(?:cant|cannot|couldnt|dont think i can|not sure i can|dont know if i can|dont know how (?:much"
        r" )?(?:longer )?i can)"
        r" (?:go on|carry on|keep going|keep living|go on living|carry on living)(?= ?(?:like this|anymore"
        r"|any longer|living"
        r"|with (?:life|this|it|everything)|$|[.!?,;]))",
        True,
    ),
    (
        r"\b(?:going to|might|could|will|about to|scared ill|afraid ill|worried ill|scared i will|scared im"
        r" going to)"
        r" do something (?:stupid|silly|drastic|dangerous|i (?:will|ll|might) regret)\b",
        True,
    ),
    (r"\b(?:want(?:ing)?|wish(?:ing)?|like) (?:to )?(?:just )?not (?:exist|be alive)\b", True),
    (r"\b(?:want(?:ing)?|wish(?:ing)?|like) (?:to )?(?:just )?not (?:be here anymore|wake up)\b", True),
    (r"\bstop existing\b", True),
    (r"\b(?:my )?life (?:isnt|is not|aint|wasnt|is no longer) worth (?:living|it anymore)\b", True),
    (
        r"\bnothing (?:left )?for me(?: here| anymore| in this world| in life)?" + _END,
        True,
    ),
    (r"\b(?:cant|cannot|can not) do (?:this|it|any of this|life)(?: anymore| any longer)?" + _END, True),
    (r"\b(?:cant|cannot|can not) do (?:this|it|any of this|life) (?:anymore|any longer)\b", True),
    (
        r"\b(?:cant|cannot|can not) (?:take|cope with|handle|bear|deal with) (?:it|this|life|any of it"
        r"|everything)"
        r"(?: anymore| any longer)?(?=\s*(?:$|[.!?,;]|anymore))",
        True,
    ),
    (
        r"\b(?:cant|cannot|can not) (?:take|cope|handle|bear) (?:it )?(?:anymore|any longer)(?=\s*(?:$"
        r"|[.!?,;]|of))",
        True,
    ),
    (r"\b(?:cant|cannot|can not) cope(?=\s*(?:$|[.!?,;]|with (?:life|it all|anything|everything)))", True),
    (
        r"\bwhats the point (?:of |in )?(?:going on|living|life|carrying on|anything|it all|being (?:here"
        r"|alive)|me"
        r"|existing|any of it|anymore|trying anymore)\b",
        True,
    ),
    (r"\bwhats the point anymore\b", True),
    (
        r"\b(?:dont|do not|cant|cannot|can not|no longer) see (?:the |any )?point (?:in |of )?(?:anything"
        r"|living|life"
        r"|going on|carrying on|it all|any of it|me|being here|anymore|trying anymore)\b",
        True,
    ),
    (
        r"\bno point (?:in |to )?(?:living|going on|carrying on|(?:me )?being (?:here|alive)|anymore)\b",
        True,
    ),
    (r"\b(?:nothing|nothing left|no reason|no reason left) to live for\b", True),
    (r"\bno reason to (?:live|go on|carry on|be here|stay alive)\b", True),
    (r"\b(?:tired|sick|done) (?:of|with) (?:living|life|being alive|existing)\b", True),
    (r"\b(?:so|really|just) (?:tired|done) (?:of|with) (?:everything|it all)" + _END, True),
    (
        r"\b(?:im|i am|i feel like|i feel|feel like|feeling like|ive become|i have become)(?: im| i am)?"
        r"(?: such| just| only| nothing but| a total| a massive| a huge)* (?:a )?burden\b",
        False,
    ),
    (r"\b(?:want to|going to|could|wish i could) (?:just )?disappear\b", True),
    (r"\bdisappear (?:forever|for good|for ever)\b", True),
    (r"\bwant (?:it|it all|everything|the pain|all of it) to (?:stop|end)\b", True),
    (r"\b(?:go to sleep|sleep|fall asleep) and (?:never|not) wake up\b", True),
    (r"\b(?:notice|care|miss me|matter) if i (?:was|were|wasnt|werent) (?:gone|here|dead|around)\b", False),
    (r"\bif i (?:died|was dead|were dead)\b", True),
    # overdose and method wording
    (r"\b(?:take|took|taken|taking|do|did|done|doing) an? (?:overdose|od)\b", True),
    (
        r"\b(?:took|taken|take|taking|swallowed|swallow|downed|had) (?:about |like |over |around"
        r" )?(?:\d{2,}|a handful of"
        r"|handful of|lots of|a lot of) (?:of )?(?:my )?" + _MEDS + r"\b",
        True,
    ),
    (
        r"\b(?:going to|want to|gonna|will|might|could|thinking of|thinking about|planning to) overdose\b",
        True,
    ),
    (
        r"\b(?:take|taking|took|taken|swallow|swallowed|swallowing|down|downed) "
        + _ALL_OF
        + " "
        + _OWN
        + _MEDS
        + r"\b",
        True,
    ),
    (
        r"\b(?:take|taking|took|taken|swallow(?:ed)?) (?:a|the) (?:whole |full )?(?:packet|box|bottle) of\b",
        True,
    ),
    (
        r"\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected) (?:up )?(?:my "
        r"|some |all my |)" + _MEDS + r"\b",
        True,
    ),
    (
        r"\b(?:jump|jumping|throw myself|throwing myself|step|stepping|walk|walking) (?:off|from|in front"
        r" of|under|into)"
        r" (?:a |the |an )?(?:bridge|roof|building|car park|multi ?storey|multi-storey|cliff|train|bus"
        r"|lorry|car|balcony"
        r"|window|tower|motorway|traffic|river|sea)\b",
        True,
    ),
    (r"\b(?:hang|hanging|drown|drowning|strangle|suffocate|gas|poison|shoot) myself\b", False),
    (r"\b(?:slit|slitting|cut|cutting|slash|slashing) my (?:wrists?|throat)\b", False),
    (
        r"\b(?:cut|cutting|burnt|burned|burning|scratched|scratching|carved|carving) (?:up )?my (?:arms?"
        r"|legs?|thighs?"
        r"|skin|stomach|body|hips?)\b(?! (?:on|with|while|whilst|when|shaving|at work|opening|on the))",
        True,
    ),
    (r"\bdrive (?:my car )?(?:into|off) (?:a |the )?(?:wall|tree|bridge|lorry|river|cliff|motorway)\b", True),
    # --- self-harm --------------------------------------------------------------------------------------
    (
        r"\b(?:i|im|ive|i have|i had|i am|been|started|start|keep|kept|my|me)\b[^.!?]{0,25}?\bself[ -]?harm",
        True,
    ),
    (
        r"\b(?:cutting|cut|burning|burn|burnt|hurting|hurt|harming|harm|hitting|punching|scratching"
        r"|starving|bruising)"
        r" myself\b(?! (?:on|with|while|whilst|when|shaving|cooking|lifting|moving|turning|at|accidentally"
        r"|by accident"
        r"|doing|playing|running|falling|slipping|in the|at the|opening|changing|handling))",
        True,
    ),
    (
        r"\b(?:been|started|start|keep|kept|keeps) cutting(?! (?:back|down|corners|costs|hours|shifts|it"
        r"|the|out|up"
        r"|in|off|my hours|through|bits))\b",
        True,
    ),
    (r"\bcutting again\b", True),
    (
        r"\b(?:want|wanting|urge|urges|need|needing|tempted|itching) to (?:cut|hurt|harm|burn)(?: myself|"
        r" again)?" + _END,
        True,
    ),
    (
        r"\b(?:want|wanting|urge|urges|need|needing|tempted) to (?:cut|hurt|harm|burn) (?:myself|again)\b",
        True,
    ),
    # --- unsafe now / being hurt now -----------------------------------------------------------------------
    (
        r"\b(?:(?:i dont|i do not|i never|dont|i no longer|im not|i am not|not) (?:feel|feeling)"
        r"|im not|i am not|i feel|im feeling|i am feeling|im|i am) (?:very |really |completely |at all "
        r"|entirely |so )?"
        r"(?:unsafe|(?<=not feel )safe|(?<=not feeling )safe|(?<=dont feel )safe|(?<=never feel )safe"
        r"|(?<=longer feel )safe|(?<=im not )safe|(?<=am not )safe)\b"
        r"(?! (?:with|on|in|about|to practi[sc]e|working|to work|staffing|practice|levels|ratios|skill mix"
        r"|on this shift"
        r"|raising|to raise|speaking|to speak|reporting|to report|challenging|to challenge|saying|to say"
        r"|telling"
        r"|to tell|asking|to ask|sharing|to share|admitting|to admit|giving|to give|making|to make"
        r"|escalating|to escalate)"
        r"(?! (?:him|her|them|my (?:partner|husband|wife|boyfriend|girlfriend|ex|dad|mum)|at home|home)))",
        True,
    ),
    (
        r"\bnot safe (?:at home|with (?:him|her|them|my \w+)|right now|here|tonight|to go home|anymore|in"
        r" my (?:own )?"
        r"(?:home|house|flat))\b",
        True,
    ),
    (
        r"\b(?:scared|afraid|frightened|terrified) (?:to go home|of going home|of (?:him|her|them|my "
        + _PARTNER
        + r"))\b",
        True,
    ),
    (r"\b(?:scared|afraid|frightened|terrified|fear|fearing) for my (?:life|safety)\b", False),
    (r"\b(?:im|i am|i think im|i feel like im|i might be) in danger\b", False),
    (
        r"\b(?:locked|hiding|hidden|barricaded)(?: myself)? (?:in|inside) (?:the |my |a )?(?:bathroom"
        r"|toilet|loo|bedroom|car"
        r"|cupboard|wardrobe)\b",
        True,
    ),
    (r"\bhiding from (?:him|her|them|my " + _PARTNER + r")\b", False),
    (
        r"\b(?:he|she|they|"
        + _PARTNER
        + r")(?: \w+)? (?:locked|locks|shut|shuts|trapped|traps) me (?:in|out|inside)\b",
        False,
    ),
    (
        r"\b(?:he|she|they|" + _PARTNER + r") (?:is|s|are|re|keeps|has been|been) (?:outside|at|banging on"
        r"|watching)"
        r" my (?:house|flat|door|home|window|work|car)\b",
        False,
    ),
    (
        r"\b(?:hes|shes|theyre|he is|she is|they are)(?: \w+)?(?: and)? (?:smashing|throwing|breaking)"
        r" (?:things|stuff"
        r"|everything|the house|plates)\b",
        False,
    ),
    (
        r"\b(?:hes|shes|theyve|theyre|he has|she has|they have) (?:got|holding|pulled|pulling|waving) a"
        r" (?:knife|gun"
        r"|weapon|blade)\b",
        False,
    ),
    (
        r"\b(?:im|i am|stood|standing|sat|sitting|climbed|got up|went up)(?: \w+){0,2}? (?:at|on|by|onto"
        r"|to) (?:the |a )?"
        r"(?:bridge|roof(?! terrace| garden| top bar)|cliff|cliff edge|edge of|ledge|railway line|train"
        r" tracks|tracks"
        r"|top of the car park|top of the multi ?storey)\b",
        True,
    ),
    (
        r"\b(?:hell|shell|theyll|he will|she will|they will|hed|shed|theyd|is going to|are going to|gonna) "
        r"(?:kill|hurt|hit|beat|beat up|attack) me\b",
        False,
    ),
    (r"\bthreaten(?:ed|ing|s)? to (?:kill|hurt|stab|hit|beat) me\b", False),
    (
        r"\bthreaten(?:ed|ing|s)? me with (?:a |his |her |their )?(?:knife|gun|weapon|blade|bottle|hammer)\b",
        False,
    ),
    (
        r"\b(?:pulled|held|waved|put|pointed) (?:a |his |her )?(?:knife|gun|blade) (?:to|at|on|against) me\b",
        False,
    ),
    (
        r"\b(?:is|are|hes|shes|theyre|keeps|keep|been|started|starting|starts|always|still|now)(?: \w+)? "
        + _HARM_ING
        + r" (?:me\b|me and|(?:\w+ ){1,3}and me\b)",
        False,
    ),
    (r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? (?:strangled|choked|strangles|chokes) me\b", False),
    (r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? " + _HARM_S + r" me\b", False),
    (r"\b" + _PARTNER + r"(?: \w+)? " + _HARM_ED + r" me\b", False),
    (r"\b(?:he|she|they) " + _HARM_ED + r" me (?:again|last night|this morning|tonight|today)\b", False),
    (
        r"\b(?:he|she|they|"
        + _PARTNER
        + r") (?:wont|will not|doesnt|does not|never) let me (?:leave|go out|go|see|have|out)\b",
        False,
    ),
    (
        r"\b(?:i was|ive been|i have been|i got|i think i was|i think ive been|been|i was just) (?:raped"
        r"|sexually assaulted)\b",
        False,
    ),
    (
        r"\b(?:im|i am|ive been|i have been) being (?:abused|hurt|beaten|hit|controlled|threatened|followed"
        r"|stalked)\b",
        False,
    ),
)


def _required_text(pattern: str) -> str:
    """The longest piece of plain text every match of ``pattern`` must contain ("" if none is certain).

    This runs on every message, and nearly all messages match none of the patterns: checking for this text
    with ``in`` first skips most regex searches without changing a single result, since a match is
    impossible without it. Zero-width parts (``\\b``, lookarounds) keep a run of text going; anything
    optional or alternative ends it, and a group that must occur is searched for a run of its own.
    """
    try:
        parsed = _sre.parse(pattern)
    except Exception:  # an unexpected construct only costs speed: search with the regex every time
        return ""
    return max(_runs(list(parsed)), key=len, default="")


def _runs(items: list[tuple[object, object]]) -> list[str]:
    found, run = [], ""
    for op, arg in items:
        if op is _sre.LITERAL:
            run += chr(arg)  # type: ignore[arg-type]
            continue
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue
        found.append(run)
        run = ""
        if op is _sre.SUBPATTERN:
            found += _runs(list(arg[-1]))  # type: ignore[index]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
            found += _runs(list(arg[2]))  # type: ignore[index]
    return [*found, run]


_COMPILED: tuple[tuple[re.Pattern[str], bool, str], ...] = tuple(
    (re.compile(p), g, _required_text(p)) for p, g in _PATTERNS
)

# Words that can be the subject the guarded patterns check. "me"/"my" are not subjects.
_SELF = frozenset({"i", "im", "ive", "id", "ill", "myself"})
_OTHERS = frozenset(
    """he she they hes shes theyre theyve hed shed theyd hell shell theyll we were weve wed well who whos
    patient patients pt pts resident residents client clients user users colleague colleagues relative
    relatives son daughter husband wife partner boyfriend girlfriend mum dad mother father brother sister
    friend friends someone somebody person people man woman lady gentleman guy boy girl child kid kids lad
    staff nurse nurses doctor doctors student students family team everyone everybody anyone anybody one
    manager reg consultant hca carer carers neighbour""".split()
)
_SUBJECT_RE = re.compile(r"\b(?:" + "|".join(sorted(_SELF | _OTHERS, key=len, reverse=True)) + r")\b")
_REPORTING_RE = re.compile(
    r"\b(?:said|says|saying|told me|tells me|telling me|told us|told everyone|stated|states|screamed"
    r"|screaming"
    r"|shouted|shouting|yelled|yelling|wrote|writes|texted|messaged|disclosed|mentioned|repeated|repeating"
    r"|keeps saying|kept saying|was saying|is saying|asked|asks|asking)(?: that)?[ ,:]*$"
)
_SENTENCE_END_RE = re.compile(r"[.!?;\n]")
_QUOTE_RE = re.compile(r"(?:^|(?<=[\s(\[:,]))([\"'])(.+?)\1(?=$|[\s.,!?;:)\]])")


_QUOTE_MAP = {
    0x2018: "'",  # ‘
    0x2019: "'",  # ’
    0x201B: "'",  # ‛
    0x2032: "'",  # ′
    0x0060: "'",  # `
    0x201C: '"',  # “
    0x201D: '"',  # ”
}


def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).casefold()
    t = t.translate(_QUOTE_MAP)
    return re.sub(r"[ \t]+", " ", t)


def _strip_apostrophes(t: str) -> str:
    """Drop apostrophes inside words ("can't" -> "cant") and expand a little textspeak."""
    t = re.sub(r"(?<=\w)'(?=\w)", "", t)
    t = re.sub(r"\b(?:any|no) more\b", "anymore", t)
    t = re.sub(r"\bwanna\b", "want to", t)
    t = re.sub(r"\bgonna\b", "going to", t)
    t = re.sub(r"\bu\b", "you", t)
    t = re.sub(r"\bi m\b", "im", t)
    return re.sub(r"\bcan not\b", "cannot", t)


def _clause_start(t: str, pos: int) -> int:
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(t, 0, pos)]
    return ends[-1] if ends else 0


def _speaker_is_other(t: str, start: int) -> bool:
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


def _drop_others_quotes(t: str) -> str:
    """Blank out quotations whose speaker is someone else ("the lady keeps saying 'I want to end it all'")."""

    def sub(m: re.Match[str]) -> str:
        if _speaker_is_other(t, m.start()):
            return " " * len(m.group(0))
        return m.group(0)

    return _QUOTE_RE.sub(sub, t)


def _reported(t: str, pos: int) -> bool:
    """True for someone else's first-person words reported without quote marks ("she said I want to die")."""
    clause = t[_clause_start(t, pos) : pos]
    subjects = list(_SUBJECT_RE.finditer(clause))
    if not subjects or subjects[-1].group(0) not in _SELF:
        return False
    before = clause[: subjects[-1].start()]
    if not _REPORTING_RE.search(before):
        return False
    earlier = list(_SUBJECT_RE.finditer(before))
    return bool(earlier) and earlier[-1].group(0) not in _SELF


def needs_support(text: str) -> bool:
    """True when the writer of `text` may be at risk now and should be offered support (see module doc)."""
    if not text or not text.strip():
        return False
    t = _strip_apostrophes(_drop_others_quotes(_normalise(text)))
    for pattern, guarded, required in _COMPILED:
        if required not in t:
            continue
        for m in pattern.finditer(t):
            # Guarded wording counts only when its subject (found up to the end of the match, so "my
            # colleague who self-harms" reads as the colleague) is the writer or unstated.
            if guarded and _speaker_is_other(t, m.end()):
                continue
            if _reported(t, m.start()):
                continue
            return True
    return False
