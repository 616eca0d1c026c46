"""Spot messages where the person writing may be at risk now and should be offered support straight away.

`needs_support(text)` is True for suicidal thoughts or plans, self-harm, not being able to go on, feeling
unsafe right now, or being hurt right now, when the words are in the first person or plainly about the
writer, in plain and informal UK wording ("I can't do this anymore", "cant take it anymore", "I've been
cutting again", "he's hitting me", "I'm not safe at home"). It is deliberately *not* True for clinical
descriptions of patients ("a patient took an overdose"), worry about someone else ("my friend who
self-harms"), quoted words of others ("she said 'I want to die'"), or everyday work talk that borrows the
same words ("I'm dying for a coffee", "this rota is killing me", "kill the alarm", "I'm so tired").

How it works: the text is lower-cased, curly quotes straightened, apostrophes dropped ("can't" and "cant"
both become "cant"), some textspeak and common misspellings expanded ("wanna", "gonna", "cnt", "tonite",
"cba", "what is" -> "whats") and filler words dropped ("tbh", "ngl", "lol", "x"), so that "i cant keep
going tbh" ends where "i cant keep going" does. A list of phrase patterns then looks for risk wording, in
families: wanting to die or not to exist, ending it, not going on, hopelessness and being a burden, plans,
goodbyes and methods (notes, stockpiled tablets or tablets bought in several shops, researching ways,
a rope in the car, bridges and trains, giving things away), not being able to keep yourself safe,
self-harm (including "to feel something", habit wording and relapse), and being hurt, threatened,
followed or controlled by someone else. Patterns without a built-in "me/my/myself" are
checked against the nearest subject before them in the same sentence: "I"/"I'm"/none counts, "he",
"she", "they", "we", "who", "the patient", "my colleague", "my son's mate"... do not. Then four guards:

* quotations are ignored when the speaker before them is someone else, when they are named as a mention
  ("phrases like '...'") or when "she said" follows them; so is first-person wording straight after "he
  said", "she keeps saying", "my manager said I'm..." and similar;
* a denial straight before the wording ("I am not going to hurt myself", "I'd never...") cancels it,
  unless the message goes on with "but", "scared", "might" and the like;
* suicide and self-harm wording that the sentence puts in the past and over ("I used to self harm as a
  teenager", "I was suicidal years ago and came through it") is ignored, unless the message brings it
  back ("again", "still", "started", "coming back", "lately"...);
* guarded wording straight after a teaching or policy topic in the same clause ("explain the difference
  between self-harm and suicidal intent for my essay") is ignored, unless the writer comes in between.

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
    r"|amitriptyline|diazepam|zopiclone|ibuprofen|aspirin|propranolol|lithium|quetiapine|tabs|sleepers"
    r"|sleeping tablets|pregabalin|gabapentin|olanzapine|venlafaxine|promethazine|zolpidem|temazepam"
    r"|lorazepam|methadone|fentanyl|naproxen|warfarin|digoxin|nytol)"
)
# "my", "the", "my mums" (apostrophes are already gone)...
_OWN = r"(?:(?:my|the|these|those|of my|of the|me|his|her) (?:\w+s )?)?"
_PARTNER = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|fiance|fiancee|dad|father|stepdad|mum|mother"
    r"|stepmum|brother|son|daughter)"
)
_HARM_ING = (
    r"(?:hitting|hurting|beating|beating up|kicking|punching|choking|strangling|slapping|attacking|abusing"
    r"|raping|harassing|stalking)"
)
_HARM_S = r"(?:hits|hurts|beats|kicks|punches|chokes|strangles|slaps|attacks|abuses|rapes|controls|threatens)"
_HARM_ED = (
    r"(?:hit|hurt|beat|kicked|punched|choked|strangled|slapped|attacked|assaulted|raped|pushed"
    r"|battered|shoved|dragged|headbutted|pinned down|stamped on)"
)
_END = r"(?=\s*(?:$|[.!?,;)]))"
# The end of a phrase, or a word saying when ("im going to end it tonight").
_END_WHEN = (
    r"(?=\s*(?:$|[.!?,;)]|(?:tonight|today|tomorrow|now|soon|this (?:time|week|weekend)|for good"
    r"|once and for all|after (?:this|my|the) shift)\b))"
)
# What a blade, lighter or the like is called after "with" ("I burnt myself with a lighter").
_BLADE_RE = (
    r"(?:a |the |my )?(?:blade|razor|razor blade|knife|lighter|cigarette|compass|scissors|glass|pencil sharpener blade)"
)
# "disappear" that is a holiday wish ("I wish I could disappear for a fortnight to a beach somewhere").
_DISAPPEAR_NOT = (
    r"(?! (?:for (?:a |the |two |a few |a couple of )?(?:fortnight|weeks?|weekend|months?|holiday|few days"
    r"|days)|to (?:a |the )?\w+|on holiday|abroad|off to))"
)
# Threats at work that are incidents to report ("a patient threatened to stab me last year, Datix done").
_NOT_A_CLIENT = r"(?<!patient )(?<!relative )(?<!visitor )(?<!resident )(?<!client )"
_NOT_AN_INCIDENT = r"(?![^.!?]*\b(?:datix|report|incident|last (?:year|month|week)|yesterday|at work|years ago)\b)"
# "following me" that is work ("he keeps following me around the ward asking for tea").
_NOT_AT_WORK = r"(?! (?:a?round|about|on|in|up and down) the (?:ward|bay|unit|department|corridor|hospital|shop))"
_NO_LONGER = r"(?=\s*(?:anymore|any longer|at all|like this|living|$|[.!?,;]))"

_UNSAFE_FROM = ("", False)  # a marker in _PATTERNS, taken out again below

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
        r" like|considering|contemplating|planning on)"
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
    (
        r"\b(?:(?:want|wanted|going|need|ready|about|planning|plan|decided|tempted|trying) to|might|may|could"
        r"|will|ill|id) (?:just )?end (?:it|things|everything)(?: all)?" + _END_WHEN,
        True,
    ),
    (r"\b(?:to|could|would|just|id rather) (?:just )?not be (?:here|alive|around)" + _NO_LONGER, True),
    (r"\b(?:cant|cannot) be (?:here|alive|around) (?:anymore|any longer)\b", True),
    (
        r"\b(?:tired|sick|done|exhausted) (?:of|with|from) (?:fighting|trying|struggling|pretending|feeling like"
        r" this|being me)(?=\s*(?:$|[.!?,;]|anymore|so|and i))",
        True,
    ),
    (
        r"\b(?:decided|deciding|think|know|feel like|sure) (?:that )?(?:tonights|tonight is|todays|today is) the"
        r" (?:night|day)" + _END,
        True,
    ),
    (
        r"\b(?:ive got|i have|ive made|i have made|ive come up with) a plan"
        + r"(?=\s*(?:$|[.!,;]|and i know|for (?:how|when)"
        r"|to do it|to end|to kill))",
        True,
    ),
    (
        r"\b(?:not (?:going to be|be)|wont be|will not be|dont think ill be|dont think i will be|not sure ill be"
        r"|might not be) (?:here|around|alive) (?:for )?(?:much )?(?:longer|for long|tomorrow|by (?:the morning"
        r"|tomorrow|monday|the weekend))\b",
        True,
    ),
    (r"\bthis is (?:my )?goodbye\b", True),
    (r"\b(?:giving|give|gave|given) up on (?:life|living|everything|myself)\b", True),
    (
        r"\b(?:feel like|want to|going to|ready to|about to|i just want to|im) (?:just )?giv(?:e|ing) up"
        r"(?=\s*(?:$|[.!?,;]|on (?:everything|life|living|myself|it all)))",
        True,
    ),
    (r"\b(?:im|i am) not coping(?: at all| anymore)?(?=\s*(?:$|[.!?,;]|and|i))", True),
    (r"\b(?:having|had|have|get|getting|been having|full of|dealing with)(?: \w+){0,2} dark thoughts\b", True),
    (
        r"\b(?:im|i am|been|feeling|im feeling|i feel like im) in (?:a |such a |a really |a very )?dark"
        r" (?:place|headspace)\b",
        True,
    ),
    (
        r"\b(?:want|wanting|wanted) out of (?:life|this life|living|this world|existence)\b",
        True,
    ),
    (
        r"\b(?:hate|hating) (?:being alive|living|existing|being me|myself so much)\b(?! (?:at \d|at this time"
        r"|on (?:a )?(?:monday|mondays|nights|earlies|lates)|before))",
        True,
    ),
    (
        r"\b(?:my )?(?:life|living|existence|everything|it all) (?:is|feels|seems) (?:so |completely |totally "
        r"|just |utterly )?(?:pointless|meaningless)\b(?! (?:without|on|at))",
        True,
    ),
    (r"\b(?:imagining|imagine|picturing|planning|planned|plan) my (?:own )?funeral\b", True),
    (r"\b(?:im|i am) (?:going to|finally going to) do it (?:tonight|today|now|this weekend)" + _END, False),
    (
        r"\b(?:scared|afraid|frightened|terrified) (?:of )?what (?:i (?:might|could|will|would|am going to|m going"
        r" to|may)|ill|id|im going to) do\b",
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
        r"\b(?:want|wants|wanted|wanting|going|ready|deserve|deserving|wish i could|need) to die\b(?! (?:of|for"
        r"|laughing))",
        True,
    ),
    (
        r"\bwish (?:i was|i were|i could be) dead\b(?! (?:good|jealous|lucky|excited|chuffed|happy|keen|proud|busy"
        r"|quiet|funny|nice|easy|hard|posh|good at))",
        False,
    ),
    (
        r"\bwish (?:i (?:wasnt|werent|hadnt been|had never been|was never)|id never been|id not been)"
        r" (?:here|alive|born)\b",
        False,
    ),
    (
        r"\bwish i could (?:just )?(?:disappear" + _DISAPPEAR_NOT + r"|die|not wake up|go to sleep forever"
        r"|stop existing)\b",
        False,
    ),
    # "my kids would be better off with their dad, without me around", "everyone would be better without me"
    (
        r"\b(?:better|happier|easier)(?: off)?\b[^.!?]{0,40}?\bwithout me\b(?! (?:on|there|at|in|for|to"
        r"|tomorrow|today|as|doing|covering|running))",
        False,
    ),
    (
        r"\b(?:better off|happier|easier|better|fine|ok|okay|a favour)\b[^.!?]{0,30}\bif i (?:just )?(?:(?:wasnt|werent"
        r"|was not|were not)(?: (?:here|around|alive|in the picture|in (?:their|the|your|his|her) lives?"
        r"|on this earth|in the world|in the way))?(?=\s*(?:$|[.!?,;]|anymore|any more|at all))"
        r"|was gone|were gone|was dead|were dead|didnt exist|died|disappeared|wasnt born)\b",
        False,
    ),
    (r"\bbetter off dead\b", True),
    (r"\bbetter off (?:not (?:waking up|being here|being alive|existing|here|alive|born)|gone)\b", True),
    (r"\bcant be (?:arsed|bothered) (?:with|to) (?:life|living|exist|existing|be alive|being alive)\b", True),
    (r"\b(?:cant|cannot|couldnt) (?:keep )?(?:live|living|go on living) like this\b", True),
    (
        r"\b(?:dont|do not|never) want to (?:be here|be around)" + _NO_LONGER,
        True,
    ),
    (
        r"\b(?:dont|do not)(?: think i| really| even| actually| honestly| know if i)* want to (?:be alive|exist"
        r"|wake up(?! (?:at|early|for|so))|live(?= ?(?:anymore"
        r"|any longer|"
        r"like this|$|[.!?,;])))",
        True,
    ),
    (
        r"\b(?:dont|do not) want to (?:go on|carry on)" + _NO_LONGER,
        True,
    ),
    (
        r"\b(?:cant|cannot|couldnt|dont think i can|not sure i can|dont know if i can|(?:dont know|not sure"
        r"|no idea|unsure) how (?:much )?(?:longer )?i can)"
        r" (?:go on|carry on|keep going|keep living|go on living|carry on living)(?= ?(?:like this(?! with"
        r" (?:no|only|just|one|two|three|\d+|these|those|this|the (?:staffing|rota)|staffing|short|half|agency))"
        r"|anymore"
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
        r"\b(?:cant|cannot) do (?:this|it|any of this) (?:on my own|alone|by myself) (?:anymore|any longer)\b(?!,?"
        r" (?:need|we need|can (?:someone|we|i get)|send|any chance|is there))",
        True,
    ),
    (r"\b(?:want|wanting|wanted) out(?=\s*(?:$|[.!?,;]|of (?:life|this life|everything|it all|this world)))", True),
    (
        r"\b(?:lifes|life is|life feels|living is) (?:too hard|too much|unbearable|not worth it)(?=\s*(?:$|[.!?,;]"
        r"|and|i|right now|at the moment|anymore))",
        True,
    ),
    (r"\bwant to (?:stop|end) (?:everything|it all|all of it|existing|living|breathing)" + _END_WHEN, True),
    (
        r"\b(?:easier|better) (?:for (?:everyone|them|all of them|my family) )?(?:to|if i) (?:just )?(?:go|went"
        r"|disappear|disappeared)(?=\s*(?:$|[.!?,;]|forever|for good|now))",
        True,
    ),
    (
        r"\b(?:i )?should (?:be dead|have died|not be alive|not be here)(?=\s*(?:$|[.!?,;]|instead|not (?:him"
        r"|her|them)|too|as well))",
        True,
    ),
    (
        r"\b(?:want|wanting|going|ready|need) to join (?:her|him|them|my \w+)(?=\s*(?:$|[.!?,;]|in heaven"
        r"|up there|again|wherever))",
        True,
    ),
    (
        r"\b(?:im done|i am done|had enough(?! of (?!life|everything|it all))|cant do this)\b[^.!?]{0,30}"
        r"\b(?:goodbye|bye everyone|bye all)(?=\s*(?:$|[.!]))",
        True,
    ),
    (
        r"\b(?:cant|cannot|can not) (?:take|cope with|handle|bear|deal with|live with) (?:it|this|life|any of it"
        r"|everything|(?:this|the) (?:pain|feeling|hurt)|the way i feel|how i feel|feeling like this|this life)"
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
    # stopping treatment out of hopelessness: "I've stopped taking my meds because what's the point"
    (
        r"\b(?:stopped|stopping|quit|given up|not) (?:taking )?my (?:meds|medication|tablets|antidepressants"
        r"|insulin)\b[^.!?]{0,30}\b(?:whats the point|no point|why bother|what point)\b",
        True,
    ),
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
    (
        r"\bno reason to (?:live|go on|carry on|be here|stay alive|keep going|keep living|exist|be alive|wake"
        r" up)\b",
        True,
    ),
    (r"\b(?:tired|sick|done|had enough|fed up) (?:of|with) (?:living|life|being alive|existing)\b", True),
    (r"\b(?:so|really|just) (?:tired|done) (?:of|with) (?:everything|it all)" + _END, True),
    (
        r"\b(?:im|i am|i feel like|i feel|feel like|feeling like|ive become|i have become)(?: im| i am)?"
        r"(?: such| just| only| nothing but| a total| a complete| a massive| a huge)* (?:a )?(?:burden"
        r"|waste of (?:space|oxygen|air|a life))\b(?! (?:asking|when i ask|for asking|by asking))",
        True,
    ),
    (r"\b(?:want to|going to|could|wish i could) (?:just )?disappear\b" + _DISAPPEAR_NOT, True),
    (r"\bdisappear (?:forever|for good|for ever)\b", True),
    (r"\bwant (?:it|it all|everything|the pain|all of it) to (?:stop|end|be over|all be over|be all over)\b", True),
    (
        r"\b(?:urges?|urge) to (?:cut|self[ -]?harm|hurt myself|harm myself|burn myself|die|kill myself|end it)\b",
        True,
    ),
    (
        r"\bmy (?:arms?|legs?|thighs?|wrists?|stomach|skin|body) (?:are|is) (?:covered in|full of|all) (?:cuts"
        r"|scars|burns|scratches)\b(?! from)",
        False,
    ),
    (
        r"\bif i (?:wasnt|werent|was gone|was dead|died|disappeared)(?: here| around| anymore)?,? (?:no one|nobody"
        r"|none of them|they|everyone) (?:would|will|d)(?: even)? (?:care|notice|miss me|be better|be happier)\b",
        False,
    ),
    (r"\b(?:go(?:ing)? to sleep|sleep(?:ing)?|fall(?:ing)? asleep) and (?:never|not) wak(?:e|ing) up\b", True),
    (r"\b(?:go to sleep|sleep|fall asleep) (?:forever|for ever|for good|permanently)\b", True),
    # passive wishes to die: "sometimes i hope i dont wake up", "I wish a bus would hit me"
    (r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?i (?:dont|do not|never|wont) wake up\b", True),
    (
        r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?i (?:die|would die|could die|get killed)\b"
        r"(?! before)",
        True,
    ),
    (
        r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?(?:a |the )?(?:bus|car|lorry|truck|train"
        r"|van|someone|something) (?:would |will |could |might )?(?:just )?(?:hits?|runs? me over|kills?"
        r"|knocks? me (?:down|over)|takes? me out)(?: me)?\b",
        True,
    ),
    (r"\b(?:want|wanted|wanting|rather|prefer|wish i could) (?:to )?be dead\b", True),
    (
        r"\b(?:cant stop|cannot stop|keep|been|always|constantly|often|sometimes|i|im|ive been|keeps?) (?:thinking"
        r"|think|thought|dreaming|fantasi[sz]ing|obsessing) (?:about|of) (?:dying|death|being dead|my (?:own )?"
        r"death|not being (?:here|alive|around)|not existing|not waking up)\b(?! (?:matters|well|patients?"
        r"|people|and dying|cafe|my hair|her hair|his hair))",
        True,
    ),
    # hopelessness: "I feel so hopeless", "theres no way out of this for me", "I cant see a future for myself"
    (
        r"\b(?:i feel|im feeling|feeling|i am|im|i just feel|feel)(?: so| completely| totally| utterly| really"
        r"| just| absolutely| fucking)* (?:hopeless|worthless)\b(?! (?:at|with|about|when|for))",
        True,
    ),
    (
        r"\b(?:theres|there is|i see|i can see|cant see|cannot see|dont see|i have|ive got|i got) (?:no|a|any)"
        r" (?:way out|way forward|escape|future|hope|light at the end)(?: of (?:this|it|here))?"
        r"(?: for (?:me|myself))?(?=\s*(?:$|[.!?,;]|anymore|and|so|apart from|except|other than|besides|but))",
        True,
    ),
    (r"\bno (?:way out|way forward|escape|future|hope) for me\b", True),
    # not trusting yourself: "I cant keep myself safe tonight", "I dont trust myself tonight"
    (
        r"\b(?:cant|cannot|couldnt|dont think i can|not sure i can|dont know if i can|unable to|struggling to"
        r"|dont know how to) keep (?:myself|me) safe\b",
        False,
    ),
    (
        r"\b(?:cant|cannot|dont think i can|not sure i can|dont feel (?:like )?i can|wont be able to) (?:stay|be)"
        r" safe\b(?! (?:at work|on (?:the|this) (?:ward|shift|unit)|with (?:these|this|the) (?:staffing|numbers)))",
        True,
    ),
    (
        r"\b(?:cant|cannot|wont be able to|couldnt|not able to|unable to|dont think i can|dont know if i can)"
        r" stop myself(?=\s*(?:$|[.!?,;]|tonight|this time|from (?:hurting|cutting|doing (?:it|something)"
        r"|killing|taking)))",
        False,
    ),
    (
        r"\b(?:got|have|carry|carrying|keep|keeping|hid|hidden|hiding) (?:a |the |my |some )?(?:blades?|razor"
        r" blades?|razors?)\b[^.!?]{0,25}\b(?:just )?in case" + _END,
        True,
    ),
    (
        r"\b(?:dont|do not|cant|cannot|no longer) trust myself(?=\s*(?:$|[.!?,;]|tonight|right now|anymore"
        r"|at the moment|alone|on my own|around|with (?:the |my |all )?(?:tablets|pills|meds|knives|a knife"
        r"|blades?|razors?)|not to))",
        False,
    ),
    # plans and goodbyes: "I've said my goodbyes", "been researching ways to end it"
    (r"\b(?:ive|i have|i|just|already) (?:said|written|sent|done|made) my goodbyes\b", False),
    (
        r"\b(?:sorry|forgive me) for everything(?=\s*(?:$|[.!]|,? (?:i love|love"
        r" you|please|goodbye|bye)))",
        False,
    ),
    (r"\bput(?:ting)? my affairs in order\b", False),
    (
        r"\b(?:tonights|tonight is|todays|today is) the (?:night|day)\b[^.!?]{0,40}\b(?:sorry|goodbye"
        r"|love you all|forgive me)\b",
        True,
    ),
    (
        r"\b(?:looking up|looked up|look up|looking into|googling|googled|google|researching|researched|reading"
        r" up on|searching|searched|searching for) (?:for )?(?:\w+ )?(?:ways|methods|how) to (?:end it"
        r"|end my life|die|kill myself|overdose|do it|not wake up|end things|end everything)\b",
        True,
    ),
    (r"\b(?:painless|quick|quickest|easiest|best|easy|surest) (?:way|ways) to (?:die|go|end it)\b", True),
    (
        r"\bhow many (?:of )?" + _OWN + _MEDS + r" (?:it would|would it|it will|will it|do you need to|would i"
        r" need to|i would need to|id need to|it takes|to) (?:take|need|kill|die|be fatal|do it)"
        r"(?=\s*(?:$|[.!?,;]|to (?:die|kill|end|do it|be fatal)))",
        True,
    ),
    (
        r"\b(?:thinking|thought|planned|planning|worked out|work out|decided|figured out|figuring out"
        r"|researching|know) (?:about |out )?(?:how|when|where) (?:to|i(?:d| would|ll| will| could| might| am"
        r" going to| m going to|m going to)) do it(?=\s*(?:$|[.!?,;]|tonight|and|without))",
        True,
    ),
    (r"\b(?:ive|i have|ive now|i) (?:picked|chosen|set|decided on) (?:the|a) (?:day|date|night)" + _END, True),
    (r"\b(?:just|only) need to (?:pick|choose|set|decide on) (?:the|a) (?:day|date|night)" + _END, True),
    (r"\b(?:tied|made|making|tying|bought|got|have) (?:a |the |myself a )?(?:noose|ligature)\b", True),
    (r"\bhow (?:to|do you|do i|you) (?:tie|make) (?:a |the )?(?:noose|ligature)\b", True),
    (
        r"\b(?:rope|ligature|noose|hosepipe|hose pipe) (?:in|under|hidden in|in the boot of) (?:the|my) (?:boot|car"
        r"|bag|room|bedroom|wardrobe|drawer|garage|shed|loft)\b",
        True,
    ),
    (r"\b(?:feel|feeling|felt) like dying\b(?! (?:of|from|laughing|after|with embarrassment|inside))", True),
    (r"\b(?:ive|i have|i|i just|just|ive just) (?:cut|harmed|self harmed|relapsed)(?: myself)? again\b", True),
    (
        r"\b(?:got|have|put|laid|lined) (?:the |my |some |all the |all my )?(?:rope|tablets|pills|meds|blades?"
        r"|razors?|knife|belt)(?: \w+)? (?:ready|out|lined up|set out|counted out|in front of me)(?: (?:in front"
        r" of me|next to me|on the (?:table|side|bed|floor)))?(?=\s*(?:$|[.!?,;]|tonight|now|and|just in case))",
        True,
    ),
    (r"\b(?:drink|drinking|drank) myself to death\b", False),
    (
        r"\b(?:going to|gonna|about to|want to|might|could|will|planning to|thinking of|thinking about"
        r"|tempted to) jump(?:ing)?(?=\s*(?:$|[.!?,;]|tonight|now|off(?:"
        r" (?:it|here|something|this))?(?:$|[.!?,;])))",
        True,
    ),
    (r"\b(?:notice|care|miss me|matter) if i (?:was|were|wasnt|werent) (?:gone|here|dead|around)\b", False),
    (r"\b(?:care|cares|matter|matters|notice|notices) (?:if|whether) i (?:live or die|lived or died)\b", False),
    (
        r"\b(?:no one|nobody|noone) (?:would|will|d|is going to)(?: even| ever| really)? (?:miss me|notice (?:im"
        r"|i was|if i was|if i wasnt|if i died)|care (?:if|when|that) i (?:die|died|was gone|wasnt|am gone))\b"
        r"(?! (?:if i (?:called|rang|phoned|took|went|left|skipped|was off|didnt (?:go|come|turn up))|at|on|in))",
        False,
    ),
    (
        r"\b(?:i|ive|i have|i just|just|i think i|i might have|i may have|i think ive) (?:overdosed\b|(?:took"
        r"|taken) too many(?=\s*(?:$|[.!?,;]|and|of (?:my |the |them)|" + _MEDS + r")))",
        False,
    ),
    (
        r"\ba bottle of (?:vodka|wine|gin|whisky|whiskey|rum|spirits)\b[^.!?]{0,40}\b(?:took|taken|swallowed"
        r"|and) (?:all |some |a few |my |the )?(?:\w+ )?" + _MEDS + r"\b",
        True,
    ),
    (
        r"\b(?:written|wrote|writing|left|leaving) (?:a|my) note(?=\s*(?:$|[.!?,;]|for (?:my|everyone|when)|to"
        r" (?:my|everyone)))",
        True,
    ),
    (r"\bif i (?:died|was dead|were dead)\b", True),
    # overdose and method wording
    (r"\b(?:take|took|taken|taking|do|did|done|doing) an? (?:overdose|od)\b", True),
    (
        r"\b(?:took|taken|take|taking|swallowed|swallow|downed|had) (?:about |like |over |around"
        r" )?(?:\d{2,}|a handful of"
        r"|handful of|lots of|a lot of|a load of|loads of|a pile of|a few packets of|a few boxes of) (?:of )?"
        + _OWN
        + _MEDS
        + r"\b",
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
        r"\b(?:take|taking|took|taken|swallow|swallowed|down|downed) (?:the lot|the whole lot|them all|all of"
        r" them)(?=\s*(?:$|[.!?,;]|tonight|now|and|at once))",
        True,
    ),
    (
        r"\b(?:take|taking|took|taken|swallow(?:ed)?) (?:a|the) (?:whole |full )?(?:packet|box|bottle) of\b",
        True,
    ),
    (
        r"\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected|got a stash of"
        r"|a stash of|a stockpile of) (?:up )?(?:my |some |all my |)" + _MEDS + r"\b",
        True,
    ),
    (
        r"\b(?:jump|jumping|throw myself|throwing myself|step|stepping|walk|walking|lie|lying|lay) (?:out )?"
        r"(?:off|from|in front of|under|into|onto|on)"
        r" (?:a |the |an |the next |my )?(?:next )?(?:bridge|roof|building|car park|multi ?storey|multi-storey"
        r"|cliff|train|bus|lorry|car|balcony|window|tower|motorway|traffic|river|sea|tracks|railway"
        r"|train line|railway line)\b",
        True,
    ),
    (r"\b(?:hang|hanging|drown|drowning|strangle|suffocate|gas|poison|shoot) myself\b", False),
    (
        r"\b(?:slit|slitting|cut|cutting|slash|slashing|sliced|slicing|scratched|scratching|carved|carving"
        r"|scraped|scraping) my (?:wrists?|throat)\b",
        False,
    ),
    (
        r"\b(?:cut|cutting|burnt|burned|burning|scratched|scratching|carved|carving|sliced|slicing) (?:up )?my"
        r" (?:arms?|legs?|thighs?|skin|stomach|body|hips?|wrists?)\b(?! (?:on|with(?! " + _BLADE_RE + r")"
        r"|while|whilst|when|shaving|at work|opening|on the))",
        True,
    ),
    (
        r"\b(?:drive|driving|drove|crash|crashing|swerve|swerving|steer|steering)(?: my car| the car)? (?:into"
        r"|off|in front of|under) (?:the back of |the side of )?(?:a |the |an )?(?:wall|tree|bridge|lorry|truck"
        r"|bus|river|cliff|motorway|oncoming traffic|traffic|barrier|central reservation)\b",
        True,
    ),
    # rehearsal: "I sat in the bath with a razor", "held a knife to my wrist"
    (
        r"\b(?:sat|sitting|stood|standing|lay|lying|was|been|im|i am) (?:in|on|at|by) (?:the|my) (?:bath|bathroom"
        r"|kitchen|bed|bedroom|floor|edge|car|garage|loft|woods|garden|shed)\b[^.!?]{0,20}\bwith (?:a |the |my"
        r" |some |all my )?(?:razor|blade|knife|knives|tablets|pills|rope|belt|ligature|scarf|hosepipe|hose"
        r"|charcoal|bbq|cable)s?\b(?! (?:to shave|shaving))",
        True,
    ),
    # thinking about the means: "i keep thinking about the pills in the cupboard", "looked at the tracks"
    (
        r"\b(?:thinking|think|thought|obsessing) about (?:the |my |all the |all my |those )?(?:pills|tablets|meds"
        r"|medication) (?:in (?:the|my) (?:cupboard|drawer|bathroom|bag|car|kitchen|house|locker)|ive (?:got"
        r"|saved|kept)|i have (?:saved|kept))(?=\s*(?:$|[.!?,;]|and|again|tonight|all the time|a lot|every))",
        True,
    ),
    (
        r"\b(?:looked|looking|staring|stared|stood|standing) (?:at|over|down at|by) (?:the )?(?:train tracks"
        r"|railway line|railway tracks|edge of the (?:bridge|roof|platform|cliff|car park)|drop)(?=\s*(?:$"
        r"|[.!?,;]|for (?:a long time|ages|hours|an hour|a while)|and (?:thought|wondered|wanted|considered)"
        r"|tonight|on the way home|again))",
        True,
    ),
    (
        r"\b(?:bought|buying|buy|got|getting) (?:loads of |lots of |extra |more |a lot of |boxes of |packets of"
        r" )?" + _MEDS + r" (?:from|in|at) (?:\w+ )?(?:different|several|a few|lots of|loads of|multiple|two|three"
        r"|four|\d+) (?:shops|chemists|pharmacies|places|supermarkets)\b",
        True,
    ),
    (
        r"\b(?:thinking of|thinking about|want to|wanted to|going to|tempted to|could easily|urge to|keep thinking"
        r" about) (?:just )?(?:driving|drive|crashing|crash|swerving|swerve|steering|steer)(?: my car| the car)?"
        r" (?:off|into|in front of|under) (?:the back of |the side of )?(?:a |the |an |oncoming )?(?:wall|tree"
        r"|bridge|lorry|truck|bus|river|cliff|motorway|traffic|barrier|central reservation|road|sea|lake|reservoir"
        r"|canal|train|car)\b",
        True,
    ),
    (
        r"\b(?:started|been|ive been|i have been|ive|im) giving (?:all )?my (?:things|stuff|belongings"
        r"|possessions) away\b(?! (?:before|to charity|as|because|since|for (?:the )?(?:move|moving)))",
        True,
    ),
    (r"\bgiven away (?:all )?my (?:things|stuff|belongings|possessions)\b", False),
    (
        r"\b(?:picking|picked|pick|scratching|scratched|scratch|pulling|pulled|biting|bit|digging|dug) (?:at )?"
        r"(?:my )?(?:skin|arms?|legs?|hair|nails|scabs?)\b[^.!?]{0,30}\b(?:bleed|bleeds|bled|bleeding|raw)\b",
        True,
    ),
    (
        r"\b(?:made|making|make|did|done|left) (?:some |a few |more |new |deep |loads of )?(?:cuts|marks|burns"
        r"|scratches) (?:on|in|to|into|across) my \w+\b(?! (?:by accident|accidentally|opening|from|at work|with"
        r" the|on the|when))",
        False,
    ),
    (
        r"\b(?:held|holding|hold|put|pressed) (?:a |the |my )?(?:razor|blade|knife|scissors) (?:to|against|over)"
        r" my\b",
        False,
    ),
    # --- self-harm --------------------------------------------------------------------------------------
    (
        r"\b(?:i|im|ive|i have|i had|i am|been|started|start|keep|kept|my|me)\b[^.!?]{0,25}?\bself[ -]?harm",
        True,
    ),
    (
        r"\b(?:cutting|cut|burning|burn|burnt|burned|hurting|hurt|harming|harm|hitting|hit|punching|punched"
        r"|scratching|scratched"
        r"|starving|bruising)"
        r" myself\b(?! (?:on(?! purpose)|with(?! (?:a |my |the )?(?:lighter|cigarette|razor|blade|knife"
        r"|compass|scissors|glass|hair straighteners))|while|whilst|when(?! (?:i get|i got|im|i am|i feel|i felt"
        r"|no one|nobody|everyone|things|it gets|i cant))|shaving|cooking|lifting|moving"
        r"|turning|at|accidentally"
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
    # habit wording counts whatever follows: "I've been burning myself with the iron"
    (
        r"\b(?:been|keep|kept|started|start|starting) (?:cutting|burning|hurting|hitting|scratching|punching"
        r"|harming|starving|bruising) myself\b",
        True,
    ),
    (
        r"\b(?:cut|burnt|burned|hurt|hit|scratched|punched|bruised|harmed|starved) (?:myself|my \w+)\b[^.!?]{0,30}"
        r"\b(?:on purpose|deliberately|to feel (?:something|anything|real|better)|to punish myself|to cope)\b",
        True,
    ),
    (
        r"\b(?:punch|punching|punched|hit|hitting|smash|smashing|bang|banging|banged) (?:the |a |my )?"
        r"(?:walls?|head|fists?)\b[^.!?]{0,40}\b(?:bleed|bled|bleeding|bleeds|bruised)\b",
        True,
    ),
    (r"\b(?:relapsed|relapsing|had a relapse)\b[^.!?]{0,40}\b(?:self[ -]?harm|cutting|cut)", True),
    (r"\b(?:clean|free) (?:from|of) self[ -]?harm\b[^.!?]{0,30}\b(?:did it again|relapsed|slipped)", True),
    (
        r"\b(?:want|wanting|urge|urges|need|needing|tempted|itching) to (?:cut|hurt|harm|burn)(?: myself|"
        r" again)?(?=\s*(?:$|[.!?,;)]|so bad|so badly|really bad|tonight|right now|now))",
        True,
    ),
    (
        r"\b(?:want|wanting|urge|urges|need|needing|tempted) to (?:cut|hurt|harm|burn) (?:myself|again)\b",
        True,
    ),
    # --- unsafe now / being hurt now (the past guard does not apply from here on) ---------------------------
    _UNSAFE_FROM,
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
        r"|escalating|to escalate|doing|visiting|lone|covering|prescribing|handling|carrying|staying late)"
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
        r"\b(?:scared|afraid|frightened|terrified) (?:to go (?:back )?home|of going (?:back )?home|to go back"
        r" in(?=\s*(?:$|[.!?,;]|there|tonight))|of (?:him|her|them))\b(?! (?:in the dark|late at night|on the"
        r" bus|on the train|through the|after (?:a |my )?(?:late|lates|nights|night shift)))",
        True,
    ),
    (r"\b(?:scared|afraid|frightened|terrified) of my " + _PARTNER + r"\b", False),
    (
        r"\b(?:scared|afraid|frightened|terrified|worried) (?:that )?(?:my " + _PARTNER + r"|he|she|they)"
        r" (?:will|is going to|might|would|wants to|could) (?:kill|hurt|hit|beat|find|strangle) me\b",
        False,
    ),
    (r"\b(?:knows|found out|finds out|has found out) where i (?:live|am staying|am)\b", False),
    (r"\b(?:scared|afraid|frightened|terrified|fear|fearing) for my (?:life|safety)\b", False),
    (r"\b(?:im|i am|i think im|i feel like im|i might be) in danger\b", False),
    (
        r"\b(?:locked|hiding|hidden|barricaded)(?: myself)? (?:in|inside) (?:the |my |a )?(?:\w+ )?(?:bathroom"
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
        r"|watching|kicking|trying to get in|trying to break)"
        r" (?:my|the|our) (?:house|flat|door|front door|back door|bedroom door|home|window|work|car)\b(?! of)",
        False,
    ),
    (
        r"\b(?:scared|afraid|frightened|terrified|worried) (?:that )?(?:hell|shell|theyll|he will|she will|he"
        r" might|she might|hes going to|shes going to|he is going to|she is going to) (?:get in|break in|break"
        r" (?:down )?the door|find me|get me|kill me|hurt me|hit me)\b",
        False,
    ),
    (
        r"\b(?:scared|afraid|frightened|terrified) (?:of )?what (?:(?:my " + _PARTNER + r"|he|she|they) (?:will"
        r"|would|might|could|is going to|s going to)|hell|shell|theyll|he will|she will|he might"
        r"|she might|he would|she would|hed|shed|he could|she could|they will|they might|they would) do\b(?!"
        r" to (?:the|him|her|them|himself|herself|themselves|a|another|other))",
        False,
    ),
    (
        r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? (?:grabbed|grabs|held|holds|had|pinned|pins|squeezed"
        r"|squeezes|pulled|pulls|dragged|drags) me (?:by|round|around) (?:the |my )?(?:throat|neck|hair)\b",
        False,
    ),
    (
        r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? (?:put|puts|had|has) (?:his|her|their) hands?"
        r" (?:round|around|on) my (?:throat|neck)\b",
        False,
    ),
    # stalking and control: "he's been following me", "he goes through my phone", "my partner takes all my
    # wages", "I'm not allowed out without him"
    (
        r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? (?:keeps|kept|has been|s been|been|is|s|started|keeps on"
        r"|are|re|have been|ve been) (?:following|stalking|tracking) me\b" + _NOT_AT_WORK,
        False,
    ),
    (
        r"\b(?:" + _PARTNER + r"|ex-partner|ex partner) (?:\w+ )?(?:turned|turns|showed|shows|keeps turning"
        r"|keeps showing|has turned|has shown) up (?:at|on|outside) (?:my|the) (?:work|ward|house|flat|door"
        r"|home|car)\b",
        False,
    ),
    (
        r"\b(?:he|she|they|hes|shes|theyve|" + _PARTNER + r")\b[^.!?]{0,40}\b(?:goes|keeps going|checks|reads|tracks"
        r"|monitors|controls"
        r"|takes|took|has taken|keeps|keeps taking|went)(?: through| all| all of| away)? my (?:phone|messages"
        r"|texts|emails|bank|money|wages|salary|pay|bank cards?|cards?|location|keys|passport)\b",
        False,
    ),
    (
        r"\b(?:he|she|they|hes|shes|theyve|" + _PARTNER + r")\b[^.!?]{0,40}\b(?:wont|will not|doesnt|does not"
        r"|never) let me"
        r" (?:leave(?! (?:early|on time|until|till|before|at|work|the (?:bay|ward|room|unit|office|side room|station"
        r"|meeting|building|car park)))|go out|out of|see (?:my )?(?:friends"
        r"|family|mum|dad|sister|brother|parents)|have (?:my own )?(?:money|phone|keys|car|bank card)"
        r"|talk to (?:anyone|my|friends|family)|speak to (?:anyone|my)|use (?:my )?phone)\b",
        False,
    ),
    (
        r"\bnot allowed (?:out|to go out|to leave the house|to see (?:my )?(?:friends|family)|to have (?:my own )?"
        r"(?:money|a phone|friends)|to talk to (?:anyone|my friends|my family))(?: \w+)? without (?:him|her|them"
        r"|his permission|her permission|asking)\b",
        True,
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
    (
        _NOT_A_CLIENT + r"\b(?:hell|shell|theyll|he will|she will|hed|shed|said hed|said shed|says hell|says shell"
        r"|threatened to|threatens to)\b[^.!?]{0,30}\b(?:kill|hurt|stab|strangle|beat) me\b" + _NOT_AN_INCIDENT,
        False,
    ),
    (
        r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? (?:threw|throws|chucked|chucks|hurled) (?:a |the |his |her"
        r" |their )?\w+ (?:at|on) me\b",
        False,
    ),
    (r"\b(?:locked|hiding|barricaded)(?: myself)? in my (?:room|flat|house)\b", True),
    (
        r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? (?:follows|stalks|tracks|watches) me\b" + _NOT_AT_WORK,
        False,
    ),
    (
        r"\b(?:been|keeps|keep|is|are|hes|shes|theyre|theyve been|started|still) threatening me\b(?! with (?:a |the"
        r" )?(?:complaint|complaints|solicitor|lawyer|legal|ombudsman|cqc|pals|letter|formal|the press|the"
        r" paper))",
        False,
    ),
    (
        _NOT_A_CLIENT + r"\bthreaten(?:ed|ing|s)? to (?:kill|hurt|stab|hit|beat) me\b" + _NOT_AN_INCIDENT,
        False,
    ),
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
    (r"\b" + _PARTNER + r"(?: \w+)? " + _HARM_S + r" (?:my \w+|him|her|them) and me\b", False),
    (
        r"\b(?:he|she|they|" + _PARTNER + r")(?: \w+)? (?:controls|monitors|decides) (?:everything|all of|what"
        r"|where|who|how much) (?:i|ive|im|i do|i spend|i wear|i see|i go|i eat)\b",
        False,
    ),
    (
        r"\b(?:scared|afraid|frightened|terrified) (?:to be|of being) (?:at home|alone|in the house|home)(?: alone)?"
        r" with (?:him|her|them|my " + _PARTNER + r")\b",
        False,
    ),
    (
        r"\b(?:he|she|they|hes|shes|theyve|"
        + _PARTNER
        + r")\b[^.!?]{0,30}\b(?:smashed|broke|broken|took|taken|hid|hidden"
        r"|destroyed) my (?:phone|keys|car keys|passport)\b[^.!?]{0,20}\b(?:so i cant|so i couldnt|and i cant"
        r"|so i have no)\b",
        False,
    ),
    (
        r"\bthreaten(?:s|ed|ing)? to (?:kill|hurt|harm) (?:himself|herself|themselves) if i (?:leave|go|tell"
        r"|break up|end it|report)\b",
        False,
    ),
    (r"\b" + _PARTNER + r"(?: \w+)? " + _HARM_ED + r" me\b", False),
    (
        r"\b(?:he|she|they) " + _HARM_ED + r" me(?: (?:in|on|round|across) the (?:face|head|stomach|chest|ribs"
        r"|back|arm|legs?))? (?:again|last night|this morning|tonight|today|at home)\b",
        False,
    ),
    # "he/she hit me" with no time counts unless the message reads as an incident at work
    (
        r"\b(?:he|she|they) " + _HARM_ED + r" me\b(?![^.!?]*\b(?:datix|report|incident|shift|ward|bay|restraint"
        r"|by accident|accidentally|by mistake"
        r"|yesterday|at work|patient|relative|visitor|resident|service user|client)\b)",
        False,
    ),
    (r"\b(?:raped|sexually assaulted|molested) me\b", False),
    (
        r"\b(?:he|she|they|"
        + _PARTNER
        + r") (?:wont|will not|doesnt|does not|never) let me (?:leave|go out|go|see|have|out)\b(?! (?:early|on time"
        r"|until|till|before|at|work|the (?:bay|ward|room|unit|office|side room|station|meeting|building|car"
        r" park)))",
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


_WORD_LIST_RE = re.compile(r"\(\?:([a-z |]+)\)")
_TOKEN_RE = re.compile(r"[a-z]+")
# Words too common to be worth checking for: a gate with one of these lets nearly every message through.
_COMMON_WORDS = frozenset("i im ive id ill me my a the to of and is it in on so just not dont cant he she they".split())


def _skip_group(pattern: str, i: int) -> int:
    """The index just after the group that opens at ``pattern[i]`` (a "(")."""
    depth = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(pattern, i)
            continue
        depth += c == "("
        depth -= c == ")"
        i += 1
        if depth == 0:
            return i
    return i


def _skip_class(pattern: str, i: int) -> int:
    """The index just after the character class that opens at ``pattern[i]`` (a "[")."""
    j = i + 1
    j += pattern.startswith("^", j)
    j += pattern.startswith("]", j)
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _opens_with_space(pattern: str, i: int) -> bool:
    """True when every alternative of the "(?:" group at ``pattern[i]`` starts with a space."""
    end = _skip_group(pattern, i) - 1
    j, depth, at_start = i + 3, 0, True
    while j < end:
        c = pattern[j]
        if at_start and c != " ":
            return False
        at_start = False
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _skip_class(pattern, j)
            continue
        depth += c == "("
        depth -= c == ")"
        at_start = c == "|" and depth == 0
        j += 1
    return not at_start


def _word_gate(pattern: str) -> frozenset[str]:
    """Words one of which every match of ``pattern`` must contain as a whole word (empty if unknown).

    Many patterns have no long required text (it is "" or " "), and checking a message's set of words
    against a small set is much quicker than a regex search that finds nothing. The words come from a plain
    list of wordings, ``(?:i feel|im|...)``, that every match must go through (it is not inside another
    group, not optional, and the pattern has no "|" of its own), that starts after a space or at the
    opening ``\\b``, and that is followed by a space or ``\\b`` (perhaps after optional groups that open
    with a space): the first word of whichever wording matched then stands alone in the text.
    """
    # a plain list that is a whole alternative of a list, "(?:he|she|(?:partner|husband))", can be flattened
    flat = re.sub(r"(?<=[|(])\(\?:([a-z |]+)\)(?=[|)])", r"\1", pattern)
    candidates: list[frozenset[str]] = []
    i = 0
    while i < len(flat):
        c = flat[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _skip_class(flat, i)
        elif c == "|":
            return frozenset()  # an alternative at the top: nothing is certain
        elif c == "(":
            end = _skip_group(flat, i)
            m = _WORD_LIST_RE.fullmatch(flat, i, end)
            if m and (flat[i - 1 : i] == " " or flat[:i] == "\\b"):
                j = end
                while flat.startswith("(?:", j) and _opens_with_space(flat, j):  # (perhaps optional) groups
                    j = _skip_group(flat, j)
                    j += flat.startswith(("?", "*"), j)
                if not flat.startswith(("?", "*", "{", "+"), end) and flat.startswith((" ", "\\b"), j):
                    candidates.append(frozenset(alt.split(" ")[0] for alt in m.group(1).split("|")))
            i = end
        else:
            i += 1
    if not candidates:
        return frozenset()
    return max(candidates, key=lambda g: (not (g & _COMMON_WORDS), min(map(len, g)), -len(g)))


_N_SELF_RISK = _PATTERNS.index(_UNSAFE_FROM)  # patterns before this are about suicide and self-harm
_PATTERNS = tuple(p for p in _PATTERNS if p is not _UNSAFE_FROM)

_COMPILED: tuple[tuple[re.Pattern[str], bool, str], ...] = tuple(
    (re.compile(p), g, _required_text(p)) for p, g in _PATTERNS
)
_GATES: tuple[frozenset[str], ...] = tuple(_word_gate(p) for p, _g in _PATTERNS)

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


# Textspeak, common misspellings and filler words, after apostrophes are gone. Fillers ("tbh", "lol", "x")
# are dropped so that "i cant keep going tbh" ends where "i cant keep going" does; "lol" is no sign of
# safety ("i wanna die lol. no but seriously i do").
_WORDS = {
    "any more": "anymore",
    "no more": "anymore",
    "nomore": "anymore",
    "anymor": "anymore",
    "wanna": "want to",
    "wana": "want to",
    "gonna": "going to",
    "gunna": "going to",
    "gna": "going to",
    "goin": "going",
    "u": "you",
    "i m": "im",
    "iam": "i am",
    "can not": "cannot",
    "cnt": "cant",
    "cannt": "cant",
    "carnt": "cant",
    "cudnt": "couldnt",
    "dnt": "dont",
    "wnt": "want",
    "wud": "would",
    "cud": "could",
    "thnk": "think",
    "kil": "kill",
    "nvr": "never",
    "what is": "whats",
    "wats": "whats",
    "tonite": "tonight",
    "2nite": "tonight",
    "2day": "today",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "rn": "right now",
    "idk": "i dont know",
    "dunno": "dont know",
    "cba": "cant be arsed",
    "myslef": "myself",
    "mysef": "myself",
    "meself": "myself",
    "suicdal": "suicidal",
    "sucidal": "suicidal",
    "suicidel": "suicidal",
    "suicidle": "suicidal",
    "suacidal": "suicidal",
    "agian": "again",
    "no1": "no one",
    "noone": "no one",
    "every1": "everyone",
    "some1": "someone",
    "any1": "anyone",
    "tbh": "",
    "tbf": "",
    "ngl": "",
    "icl": "",
    "lol": "",
    "lmao": "",
    "haha": "",
    "hahaha": "",
    "fr": "",
    "tho": "",
    "honestly": "",
    "x": "",
    "xx": "",
    "xxx": "",
}
_WORDS_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")\b")
_TO_RE = re.compile(r"\b(want|wanted|going|need|have|got|like|used|trying|tried|wish) 2\b")


def _strip_apostrophes(t: str) -> str:
    """Drop apostrophes inside words ("can't" -> "cant"), expand a little textspeak and drop fillers."""
    t = re.sub(r"(?<=\w)'(?=\w)", "", t)
    t = _WORDS_RE.sub(lambda m: _WORDS[m.group(0)], t)
    t = _TO_RE.sub(r"\1 to", t)
    return re.sub(r" {2,}", " ", t).strip()


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
        clause = t[_clause_start(t, m.start()) : m.start()]
        if not _SUBJECT_RE.search(clause) and (_MENTION_RE.search(clause) or _SPEAKER_AFTER_RE.match(t, m.end())):
            return " " * len(m.group(0))
        return m.group(0)

    return _QUOTE_RE.sub(sub, t)


def _reported(t: str, pos: int) -> bool:
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


def _denied(t: str, m: re.Match[str]) -> bool:
    """True for risk wording straight after a denial that the rest of the message leaves standing."""
    before = t[_clause_start(t, m.start()) : m.start()]
    return bool(_DENIAL_RE.search(before)) and not _DENIAL_UNDONE_RE.search(t, m.end())


def _in_the_past(t: str, m: re.Match[str]) -> bool:
    """True when the sentence puts the risk in the past and nothing in the message brings it back."""
    start = _clause_start(t, m.start())
    end_m = _SENTENCE_END_RE.search(t, m.end())
    sentence = t[start : end_m.start() if end_m else len(t)]
    return bool(_PAST_RE.search(sentence)) and not _PAST_UNDONE_RE.search(t)


def _topic(t: str, m: re.Match[str]) -> bool:
    """True when the clause names a topic of study or policy before the risk word, and not the writer."""
    ends = [e.end() for e in _CLAUSE_END_RE.finditer(t, 0, m.start())]
    clause = t[ends[-1] if ends else 0 : m.start()]
    topics = list(_TOPIC_RE.finditer(clause))
    return bool(topics) and not _WRITER_RE.search(clause, topics[-1].end())


def needs_support(text: str) -> bool:
    """True when the writer of `text` may be at risk now and should be offered support (see module doc)."""
    if not text or not text.strip():
        return False
    t = _strip_apostrophes(_drop_others_quotes(_normalise(text)))
    words = set(_TOKEN_RE.findall(t))
    for n, (pattern, guarded, required) in enumerate(_COMPILED):
        if required not in t or (_GATES[n] and words.isdisjoint(_GATES[n])):
            continue
        for m in pattern.finditer(t):
            # Guarded wording counts only when its subject (found up to the end of the match, so "my
            # colleague who self-harms" reads as the colleague) is the writer or unstated.
            if guarded and (_speaker_is_other(t, m.end()) or _topic(t, m)):
                continue
            if _reported(t, m.start()) or _denied(t, m):
                continue
            if n < _N_SELF_RISK and _in_the_past(t, m):
                continue
            return True
    return False
