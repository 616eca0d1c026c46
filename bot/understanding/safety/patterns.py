"""Data only: the phrase patterns the support screen (`bot.understanding.safety.screen`) looks for.

Patterns are written for the normalised text (`bot.understanding.safety.wording`): lower case, no apostrophes,
textspeak expanded. Each entry is (pattern, guarded). Guarded patterns only count when the nearest subject
before them in the sentence is the writer (or there is none); see `bot.understanding.safety.guards`.
Two lists, in the order they are tried: risk to oneself (suicide and self-harm, where wording in the past and
over is ignored) and being unsafe or hurt now (which counts whenever it happened).
"""

from __future__ import annotations

# Pieces shared by several patterns.
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

# Suicidal thoughts and plans, then self-harm. Wording the sentence puts in the past and over is ignored.
SELF_RISK_PATTERNS: tuple[tuple[str, bool], ...] = (
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
)

# Unsafe now or being hurt now. The past guard does not apply: harm from someone else counts whenever it
# happened.
HARM_PATTERNS: tuple[tuple[str, bool], ...] = (
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
