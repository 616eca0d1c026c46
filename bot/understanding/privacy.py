"""Redact personal identifiers from free text staff write when flagging an incident.

`redact(text)` replaces anything that could identify a person with a placeholder, so the lead who reads an
incident can act on it without knowing who was involved:

==========================  ===================================================================
placeholder                 what it replaces
==========================  ===================================================================
``[email]``                 email addresses
``[mention]``               chat mentions: ``@jane.smith``, ``@Dr_Patel``, Slack ``<@U123ABC>``
``[nhs-number]``            NHS numbers (and Scottish CHI / NI H&C numbers): any 10 digits in up
                            to four groups, e.g. ``943 476 5919``, ``9434765919``, ``401-023-2137``
``[hospital-number]``       MRNs / hospital, unit and patient numbers: after a label (``MRN``,
                            ``hospital number``, ``patient number``, ...), or 1–4 letters + 6–8
                            digits on their own (``K1234567``, ``RXH1234567``)
``[phone]``                 UK phone numbers (07…, 01…/02…/03…/08…, +44, brackets, spaces, dashes)
                            with any extension; ``ext``/``extension``/``bleep``/``pager`` numbers
``[name]``                  people's names (see below)
``[postcode]``              full UK postcodes (``LS6 3QW``; any case after ``postcode``)
``[date-of-birth]``         a date written after ``DOB``, ``date of birth`` or ``born`` (``DOB
                            12/04/1957``, ``born 3rd May 1948``, ``born in 1941``)
==========================  ===================================================================

Decisions and trade-offs (each one deliberate):

* **Titles go with the name.** ``Dr Okafor``, ``Sister Jones``, ``Mr Smith``, ``Charge Nurse Adeyemi``
  all become one ``[name]``. Mr/Mrs/Ms/Miss/Sister reveal gender, and in a small team "the Prof" or "the
  Matron" is as identifying as the surname, so the title is never left dangling (``Dr [name]``). A first
  name and surname together are one ``[name]``; a possessive keeps its ending (``[name]'s``). A title on
  its own (``Sister said``, ``the Registrar``, ``Ring Matron``) is a role, not a person, and survives.
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
* **Names** come from lists in `bot.understanding.privacy_names`: about 2,500 first names and nicknames common in the
  UK across backgrounds (English, Welsh, Scottish, Irish, South Asian incl. Keralan, Tamil and Nepali,
  West, East and Southern African, Caribbean, Eastern European, Mediterranean, Turkish and Iranian,
  Chinese, Vietnamese, Filipino, Arabic) and about 900 surnames that are not everyday words
  (``Patel``, ``Nowak``, ``Okafor``, ``McKenzie``), plus context:

  - a listed first name is redacted wherever it is capitalised, or when written all in lower case
    (``told sarah``); capitalised words straight after it are its surname (``John Smith`` is one
    ``[name]``); double-barrelled forms count (``Chloe-Ann``);
  - first names that are also ordinary words (Will, Grace, Hope, Mark, Rose, Jack, Precious...) are only
    redacted when context says "person": capitalised mid-sentence, or at the start of a sentence when
    followed by a verb such as *said/told/was*, a surname, ``'s`` or ``from``. Months, seasons, colours
    and places (May, April, June, Summer, Amber, India...) need stronger evidence still: a speech/action
    verb after (``May said``), a surname, or *told/asked* before (``asked May``). So ``Will the HCA be
    back?``, ``Hope you're ok``, ``In May`` and ``Amber flag`` survive;
  - a listed surname is a name wherever it is capitalised (``Patel from ortho``, ``I think Hughes
    knew``), in lower case only after *told/asked...* (``told mcdonald``); an unlisted word or a dotted
    initial just before it goes with it (``Thandeka Nkosi``, ``K. Mensah``);
  - after a title, any capitalised word is a name (``Dr Black``, ``Mrs Young``), and ``Sr`` and compound
    titles count (``Nurse Practitioner Adams``). Lower-case titles count for unambiguous ones (``dr
    nwosu``) and before a listed name (``matron gill``, but not ``the nurse will``), while family words
    only act as titles before a surname (``sister Jones`` is redacted whole, ``my sister Sarah`` keeps
    "sister"); an all-capitals title takes an all-capitals name (``DR KHAN``, not ``DR ON CALL``);
  - a capitalised word that is in no list, not an English dictionary word (`_english_words`), not a known
    clinical/department word and not shaped like one (``-ology``, ``-ics``, ``-ment``, ``-ly``...) is a
    name only in person-only contexts: a person verb after (``Okafor shouted``, ``Nowicki started
    shouting``), *told/asked/Hi/Thanks* before (``told Nowak``), incident wording done to a person
    (``Halima was shouted at``), ``from`` a team after (``Frankie from housekeeping``), a job just
    before or described after (``HCA Marisol was``, ``Olumide, the F2,``), ``'s`` with something only a
    person has (``Tamsin's mum``), or joined by *and*/a comma to another name or to *I*/*me* (``Sarah
    and Bex``, ``Kofi and I``). This catches surnames used alone and unlisted first names, at the price
    of occasionally redacting a team or product name the lists and the dictionary do not know;
  - place rules win: after ``St``/``Royal``/``Queen``/``the``, or before ``Ward``/``Hospital``/``Unit``/
    ``Line``…, a name is a place (``Rose Ward``, ``Royal Victoria Infirmary``, ``the John Radcliffe``); a
    few well-known NHS eponyms (``Martha's Rule``, ``Oliver McGowan`` training, ``Alder Hey``) survive.

  Known limits: an unlisted first name with no person context is missed (``Tamsin in ED was great``),
  and so is one that is also an English word; an ambiguous name at the start of a sentence needs a verb
  after it (``Grace in ED was fantastic`` is kept, ``Patience is wearing thin`` is redacted); a person
  whose surname is a place word reads as a place (``Sarah Ward`` is kept whole); an undotted lone initial
  after a title is kept (``Mrs O was confused``); lower-case surnames are not joined to lower-case first
  names; all-caps words are treated as acronyms unless a title leads (``SARAH SHOUTED`` is kept). Street
  addresses other than the postcode are not redacted.

* **Idempotent and minimal.** ``redact(redact(x)) == redact(x)``: placeholders are never matched again,
  and everything that is not an identifier (whitespace, punctuation, clinical words) is left exactly as
  written.

Besides the standard library, only `english_words` (a data-only package: the GCIDE dictionary shipped in
the wheel, nothing fetched at run time) is used, loaded on the first guess at an unlisted word; all
patterns and name sets are built at import.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from english_words import get_english_words_set

from bot.understanding.privacy_names import (
    AMBIGUOUS_NAMES_TEXT,
    FIRST_NAMES_TEXT,
    NICKNAMES_TEXT,
    STRICT_NAMES_TEXT,
    SURNAMES_TEXT,
)

__all__ = ["KINDS", "nhs_checksum_ok", "redact", "redaction_scores"]

#: Placeholder kinds, in the order `redaction_scores` reports them.
KINDS: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "nhs-number",
    "hospital-number",
    "mention",
    "postcode",
    "date-of-birth",
)

_PLACEHOLDER_RE = re.compile(r"\[(?:" + "|".join(re.escape(k) for k in KINDS) + r")\]")

# ---------------------------------------------------------------------------------------------------
# Word lists (names in `bot.understanding.privacy_names`). Everything is stored lower case without accents (`_key`).
# ---------------------------------------------------------------------------------------------------


def _key(word: str) -> str:
    """Lower-case, accent-free, apostrophe-free form used for every list lookup (Siân → sian)."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("'", "").replace("’", "").replace("ł", "l")


def _words(text: str) -> frozenset[str]:
    return frozenset(_key(w) for w in text.split())


_STRICT_NAMES = _words(STRICT_NAMES_TEXT)
_AMBIGUOUS_NAMES = _words(AMBIGUOUS_NAMES_TEXT) | _STRICT_NAMES
_FIRST_NAMES = _words(FIRST_NAMES_TEXT + NICKNAMES_TEXT) - _AMBIGUOUS_NAMES
_ALL_NAMES = _FIRST_NAMES | _AMBIGUOUS_NAMES

# Titles that introduce a name. Abbreviations may be written in lower case ("dr nwosu").
_TITLES = _words("dr doctor mr mrs ms miss mx prof professor sister sr nurse matron") | _words(
    "father fr rev reverend imam rabbi pastor sir dame"
)
# Titles that are also family or everyday words: in lower case they only count before a surname, so "my
# sister Sarah" keeps "sister" while "sister Jones" is a title.
_FAMILY_TITLES = _words("sister father miss")
# Titles that name a role rather than a person, which the prefix words below can extend.
_ROLE_TITLES = _words("nurse sister sr matron")
# Words that make "Nurse" part of a longer title before the name ("Nurse Practitioner Adams").
_TITLE_SUFFIXES = _words("practitioner consultant specialist associate manager")
# Titles that still count in lower case ("dr nwosu", "staff nurse Adeyemi").
_LOWER_CASE_TITLES = _words("dr doctor mr mrs ms mx prof professor nurse matron")
_ABBREV_TITLES = _words("dr mr mrs mx prof")  # not "ms": lower-case "ms" is usually MS
# Words that combine with nurse/sister/matron into one title ("Charge Nurse", "Ward Sister").
_TITLE_PREFIXES = _words(
    "charge staff student senior junior ward head deputy modern community chief lead clinical specialist"
    " practice district theatre scrub research registered bank agency night"
)
_PARTICLES = _words("de da di du dos das del della van von der den le la al el bin ibn ap")

_DETERMINERS = _words("the a an our my your their his her this that")
# Ambiguous first names that read as verbs or nouns after a lower-case title ("nurse will", "nurse mark").
_VERB_LIKE_NAMES = _words("will mark hope grant frank bill rob drew max pat nick sue guy miles ray don")
# Jobs: a capitalised word straight after one is a person ("HCA Marisol", "Porter Dave", "F1 Aarav").
_ROLE_WORDS = _words(
    """hca hcas porter physio physiotherapist student nurse rn rmn midwife f1 f2 fy1 fy2 sho reg registrar
    consultant clerk cleaner domestic housekeeper receptionist paramedic colleague mentor preceptor
    preceptee manager coordinator ot therapist pharmacist technician radiographer phlebotomist assistant
    associate starter volunteer chaplain doctor anaesthetist surgeon carer supervisor secretary sister
    matron lead deputy educator apprentice trainee locum fellow dietitian podiatrist operative"""
)
# Words that belong to a person, after an unlisted word with "'s" ("Tamsin's mum", "Nowicki's bay").
_POSSESSED = _words(
    """mum dad mother father wife husband partner son daughter sister brother family kids children baby
    boyfriend girlfriend fiance fiancee badge locker car phone mobile bag accent hijab turban headscarf
    name break shift bay patients patient mentor preceptor manager colleague colleagues friend friends
    team rota annual leave sickness appraisal english"""
)
# Capitalised words that often stand before "from" without being anyone ("Far from ideal").
_NOT_BEFORE_FROM = _words(
    """far different free safe separate distinct exempt missing absent away apart aside cover input advice
    update word escalation admission apology delay report sample response reply visit answer permission
    approval authorisation invitation contact correspondence information info evidence statement quote
    photo picture screenshot video recording notification alert absence release help message note call"""
)
# Words that make a following capitalised word a place, not a person ("Royal Victoria", "St George's").
_PLACE_BEFORE = _words("st saint royal queen queens king kings prince princess lady the")
# Words that make a preceding name a place ("Rose Ward", "John Radcliffe Hospital", "Victoria line").
_PLACE_AFTER = _words(
    """ward wards unit hospital house wing centre center building suite infirmary clinic hospice lodge
    court road street lane avenue close drive way park surgery practice trust line block theatre
    theatres department institute college university school station rule"""
)

# Well-known eponyms that are not about a person in the incident. Matched case-insensitively.
_PROTECTED_PHRASES = (
    "martha's rule",
    "jess's rule",
    "oliver mcgowan",
    "florence nightingale",
    "mary seacole",
    "john radcliffe",
    "alder hey",
    "great ormond street",
    "james cook",
    "william harvey",
    "george eliot",
    "marie curie",
    "christmas eve",
    "new year's eve",
    "hong kong",
    "st john ambulance",
    "sue ryder",
    "macmillan",
    # eponymous conditions, scores and kit: a surname, but not a person in the incident
    "parkinson's",
    "parkinsons",
    "crohn's",
    "hodgkin's",
    "addison's",
    "cushing's",
    "down's syndrome",
    "bell's palsy",
    "huntington's",
    "alzheimer's",
    "raynaud's",
    "asperger's",
    "tourette's",
    "wilson's disease",
    "paget's",
    "graves' disease",
    "hashimoto's",
    "barrett's",
    "foley catheter",
    "glasgow coma",
    "hartmann's",
    "whipple's",
)

# Ordinary words, job titles, places, teams and clinical words that are never surnames or unknown names.
# Deliberately generous: a word here only stops a *guess*; listed first names are decided separately.
_COMMON_WORDS = _words(
    """a about above after again against ago all almost alone along already also although always am
    among an and another any anybody anyone anything anyway anywhere are around as at away back be
    because been before behind being below beside besides between beyond both but by can cannot could did
    do does doing done down during each either else enough even ever every everybody everyone everything
    everywhere few for from further had has have having he her here hers herself him himself his how
    however i if in inside instead into is it its itself just last least less like lot lots many maybe
    me meanwhile might mine more most much must my myself near nearly neither never next no nobody none
    noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our
    ours ourselves out outside over own perhaps please quite rather really same several shall she should
    since so some somebody someone something sometimes somewhere soon still such than that the their
    theirs them themselves then there these they this those though through throughout thus till to
    today together tomorrow tonight too towards under unless until up upon us very via was we well were
    what whatever when whenever where whereas wherever whether which while whilst who whoever whole whom
    whose why with within without would yes yesterday yet you your yours yourself yourselves
    im ive id ill youre theyre hes shes its dont doesnt didnt cant couldnt wouldnt shouldnt wont isnt
    arent wasnt werent hasnt havent hadnt thats whats lets theres
    hi hello hey dear thanks thank cheers sorry ok okay yeah yep nope morning evening afternoon night
    goodnight bye regards best kind wishes all team everyone folks guys sir madam colleagues
    then later eventually finally suddenly apparently obviously basically honestly literally actually
    clearly definitely probably certainly unfortunately luckily hopefully thankfully sadly afterwards
    earlier recently currently also again instead anyway meanwhile overall
    said says say saying told tell tells telling asked ask asks asking shouted yelled screamed swore
    snapped laughed replied answered rang ring phoned phone called call emailed email messaged message
    texted text refused agreed complained reported mentioned explained admitted apologised apologized
    threatened pushed grabbed hit kicked slapped punched shoved touched hugged helped saw see seen heard
    noticed found covered thinks think thought felt feel feels wants want wanted keeps keep kept made
    make makes went go goes going came come comes cried muttered whispered walked left ignored blamed
    mocked stayed got get gets gave give given took take taken put let need needs needed tried try
    know knew known looked look seemed seems became become started start stopped stop moved move
    escalated escalate reviewed review admitted discharged transferred bleeped paged bleep page
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat
    sun january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec christmas easter eid diwali ramadan hanukkah vaisakhi new
    year years bank holiday weekend spring summer autumn winter
    ward wards bay bays bed beds side room rooms cubicle cubicles theatre theatres recovery resus majors
    minors triage reception corridor clinic unit department dept hospital hospitals infirmary trust
    practice surgery pharmacy lab labs laboratory canteen car park lift lifts sluice office station
    desk hdu itu icu ccu nicu picu scbu amu sau cdu ed ae maternity labour delivery suite outpatients
    inpatients endoscopy radiology xray ct mri ultrasound dialysis oncology haematology cardiology
    respiratory gastro neurology neuro stroke frailty elderly care paeds paediatrics children childrens
    mental health psych psychiatry liaison community district home hospice gp gps nhs uk a&e
    consultant consultants registrar reg regs sho shos fy1 fy2 f1 f2 doctor doctors dr nurse nurses
    sister sisters matron matrons charge staff student students senior junior deputy head lead leads
    manager managers director directors chief executive exec chair chaplain chaplaincy hca hcas
    healthcare assistant assistants porter porters portering physio physios physiotherapist
    physiotherapy ot ots therapist therapists therapy paramedic paramedics midwife midwives anaesthetist
    anaesthetists anaesthetics surgeon surgeons medic medics pharmacist pharmacists technician
    technicians radiographer radiographers receptionist receptionists clerk clerks housekeeper
    housekeeping domestic domestics cleaner cleaners carer carers practitioner practitioners associate
    associates specialist specialists advanced agency bank locum locums teams coordinator coordinators
    holder security police pals hr it estates facilities catering finance governance safeguarding legal
    complaints occupational outreach switchboard site management bureau transport microbiology micro
    pathology medicine surgeons ortho orthopaedics urology renal gynae obstetrics ent ophthalmology
    dermatology rheumatology palliative discharge lounge flow capacity ambulance crew control
    mum mom dad mother father parent parents son daughter wife husband partner brother family families
    relative relatives visitor visitors patient patients resident residents client clients service user
    users people person man woman men women lady ladies gentleman gentlemen guy guys lad lads girl girls
    boy boys baby child kid kids friend friends neighbour
    sepsis covid norovirus flu obs news news2 datix ecg bp hr rr sats temp bm iv im po prn dnacpr
    respect niv cpap peg catheter cannula paracetamol morphine oramorph insulin hypostop tto ttos epr
    english british welsh scottish irish polish romanian indian pakistani bangladeshi nigerian
    ghanaian filipino chinese black white asian muslim christian jewish hindu sikh african caribbean
    arab european brown mixed
    london manchester birmingham leeds liverpool glasgow edinburgh cardiff belfast bristol sheffield
    newcastle nottingham leicester swansea aberdeen dundee england scotland wales northern ireland
    philippines nigeria ghana india pakistan poland romania
    good great fine sure right wrong new old first second third other another big small bad awful
    yes no not great terrible lovely nice anyway apparently private personal important urgent
    neonates neonatal haem onc resp cardio derm vascular plastics maxfax admin rota rostering staffing
    samaritans grandma gran nan grandad granddad grandpa auntie aunt uncle niece nephew cousin league
    friends guardian freedom speak safety code red six opel controlled drugs medical duty chief clinical
    crash bloods cafe shop chapel prayer multifaith library gym
    trauma sterile supplies risk workforce unison union staffside tissue viability payroll medicolegal
    neurosurgeons intensivists admissions coroner housing social services work wellbeing education
    recruitment procurement infection prevention ipc salt bereavement mortuary secretary secretaries
    nursing catering training imaging accounting commissioning rostering contracting booking bookings
    neurosurgery endocrinology gynaecology hepatology gastroenterology cardiothoracics neonatology
    geriatrics orthogeriatrics midwifery dietetics dietitian dietitians podiatry audiology phlebotomy
    phlebotomist phlebotomists radiotherapy chemotherapy chemo immunology virology genetics sexual
    pain acute medical surgical emergency urgent assessment ambulatory admissions discharges
    x-ray x-rays infirmary hospice council nhsbt blood transfusion donor organ speech language diabetes
    allergy allergies switch rehab dental dentistry optometry orthotics prosthetics wheelchair continence
    stoma tissue wound respiratory sleep memory falls fracture bone spinal burns dementia learning
    disability disabilities autism eating disorders addiction substance alcohol drug drugs homeless
    therefore furthermore moreover nonetheless nevertheless hence overnight beforehand thereafter
    regardless whereas otherwise initially plus anyhow
    referral referrals letter letters transfer transfers feedback complaint request requests results
    support pressure abuse comments comment handover apart aside nobody somebody anyone
    waterlow braden rockwood apgar guedel venturi heimlich doppler holter seldinger caesarean
    costa greggs boots starbucks subway tesco asda sainsburys morrisons aldi lidl amazon uber
    teams slack zoom outlook whatsapp facebook instagram twitter tiktok google microsoft
    """
) - (_AMBIGUOUS_NAMES - _STRICT_NAMES)

# Surnames that are not everyday words (`privacy_names`): a person when capitalised, wherever they stand.
_SURNAMES = _words(SURNAMES_TEXT) - _COMMON_WORDS - _ALL_NAMES


# Every English word in the GNU Collaborative International Dictionary of English (about 115,000, shipped
# by the `english-words` package, no download). A capitalised word in no name list is only ever guessed to
# be a name when it is not one of these, so "Breakfast from the kitchen" or "Interpreter from the agency"
# stay as written while "Frankie from housekeeping" goes. Listed names are decided before this is asked.
# Loaded on first use (~0.1 s), so importing this module does not slow down starting the bot.
@functools.cache
def _english_words() -> frozenset[str]:
    return frozenset(get_english_words_set(["gcide"], lower=True))


# After a title, these ordinary words are surnames all the same ("Dr Black", "Mrs Young").
_SURNAME_WORDS = _words("black white brown green grey gray young long hall wood little king bell price")

# A capitalised word right before one of these reads as a person ("Okafor shouted", "May said").
_PERSON_VERBS = _words(
    """said says told tells shouted yelled screamed swore snapped laughed sneered smirked mocked muttered
    whispered sighed hit punched pushed shoved grabbed kicked slapped spat groped touched threatened
    refused asked asks apologised apologized cried blamed ignored complained replied rang phoned emailed
    messaged texted knew insisted claimed denied joked commented suggested demanded questioned criticised
    criticized humiliated belittled undermined bullied harassed intimidated promised stormed barged
    snatched stared glared winked"""
)
# "X started shouting", "X keeps calling", "X was laughing": an activity only a person does.
_ONGOING_AUX = _words("started starts began begins keeps kept was is were carried went")
_PERSON_ACTIVITY = _words(
    """shouting screaming swearing laughing crying sobbing yelling calling making mocking ignoring
    touching staring texting messaging bullying undermining picking talking complaining threatening
    pushing grabbing hitting kicking joking muttering whispering sniggering criticising belittling
    harassing intimidating filming recording following"""
)
# ...and, for names in `_AMBIGUOUS_NAMES` only, these too ("Hope was upset", "Sky from the agency").
_NAME_CONTEXT_AFTER = _PERSON_VERBS | _words(
    """was is has had did does didnt doesnt isnt wasnt hasnt hadnt wont cant couldnt wouldnt would
    could can should might must needs needed got gets keeps kept made makes went came walked left felt
    feels thinks thought wants wanted helped saw heard noticed found covered stayed agreed reported
    mentioned explained admitted called seemed looks looked from"""
)
# "X was shouted at", "X got pushed", "X has been bullied", "X was crying" (see `_done_to_person`).
_PASSIVE_AUX = _words("was got gets is has had keeps kept were are")
_DONE_TO_PERSON = _words(
    """told shouted sworn screamed yelled pushed shoved grabbed hit punched kicked slapped spat groped
    touched harassed bullied abused assaulted attacked threatened mocked laughed ignored excluded blamed
    humiliated belittled crying sobbing shaking targeted singled picked called asked sent left"""
)
# A capitalised word right after one of these reads as a person ("told Nowak", "Hi Ewa").
_ADDRESS_BEFORE = _words(
    """told tell asked ask thanked thank messaged message emailed email texted text phoned phone rang
    ring bleeped bleep paged page called call saw hi hello hey dear thanks cheers cc ping"""
)

# ---------------------------------------------------------------------------------------------------
# Patterns for the structured identifiers.
# ---------------------------------------------------------------------------------------------------
# Every boundary treats "[" and "]" like letters, so a placeholder written by an earlier step (or an earlier
# call) never creates a match that was not there before: that is what keeps `redact` idempotent.

_EMAIL_RE = re.compile(
    r"(?<![\w.+'\]-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# Slack <@U123|name>, Teams <at>Jane Smith</at>, and plain @handles (a dot only counts inside the handle).
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
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?" + _MONTH + r"(?:[ \t]*,?[ \t]*(?:\d{4}|'?\d{2}))?"
    r"|" + _MONTH + r"[ \t]+\d{1,2}(?:st|nd|rd|th)?(?:[ \t]*,?[ \t]*\d{4})?"
    r"|" + _MONTH + r"[ \t]+\d{4}"
    r"|\d{8}|\d{6}|(?:19|20)\d{2})"
)
_DOB_RE = re.compile(
    r"(?i:(?<![\w\]])(?:d\.?[ \t]?o\.?[ \t]?b\.?|date[ \t]+of[ \t]+birth|birth[ \t]?date|born(?:[ \t]+(?:on|in))?)"
    r"(?:[ \t]+(?:is|was|of))?[ \t]*[:=\-]?[ \t]*)"
    r"(?P<value>(?i:" + _DATE + r"))(?![\w/\[]|[.,]\d)"
)

# Endings of department and common-noun words ("Neurosurgery", "Dietetics", "Procurement") that are
# almost never surnames; only used when guessing at words that are in no list.
_NOT_NAME_SUFFIX_RE = re.compile(
    r"(?:ology|ologist|ologists|ogy|istry|ics|ists|ians|ment|ments|ness|ity|ities|tion|tions|sion|sions|ery|ism"
    r"|ship|hood|ance|ence|ly)$"
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_DIGITS_RE = re.compile(r"\d+")
# The one or two words after a possessive "'s" ("Tamsin's mum", "Tamsin's new mentor").
_POSSESSED_RE = re.compile(r"['’]s[ \t]+(?P<a>\w+)(?:[ \t]+(?P<b>\w+))?")
# What may follow a name given straight after a job: punctuation or a lower-case word ("HCA Joy was"),
# or, after "the HCA, Zsofia", a closing comma or a verb.
_AFTER_ROLE_NAME_RE = re.compile(r"\s*[,.;:!?)]|\s*$|[ \t]+[a-z]")
_AFTER_APPOSITION_RE = re.compile(r"\s*[,;)]|[ \t]+(?:was|is|has|had|who|said|told)\b")
# ", the F2", " (the SHO)", ", our new HCA" after a name (optionally after a second, surname word).
_ROLE_AFTER_RE = re.compile(
    r"(?:[ \t]+[A-Z][\w'’-]+)?(?:,[ \t]*|[ \t]*\()(?:the|our|a|an|my)[ \t]+(?:\w+[ \t]+)?(?P<role>\w+)"
)
_PROTECTED_RE = re.compile(
    r"(?i)\b(?:" + "|".join(re.escape(p).replace("'", "['’]") for p in _PROTECTED_PHRASES) + r")\b"
)


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


# ---------------------------------------------------------------------------------------------------
# Names.
# ---------------------------------------------------------------------------------------------------


class _Tok:
    """One word of the text: `base` is the word without a possessive ending, `key` its lookup form."""

    __slots__ = ("base", "end", "key", "start")

    def __init__(self, start: int, end: int, base: str) -> None:
        self.start = start
        self.end = end
        self.base = base
        self.key = _key(base)
        if "-" in base and self.key not in _ALL_NAMES:
            # Double-barrelled first names read as their listed part: Chloe-Ann, Jean-Paul.
            parts = base.split("-")
            if all(p[:1].isupper() and len(p) > 1 for p in parts):
                listed = [_key(p) for p in parts if _key(p) in _FIRST_NAMES or _key(p) in _SURNAMES]
                if listed:
                    self.key = listed[0]

    @property
    def capitalised(self) -> bool:
        b = self.base
        return b[0].isupper() and (len(b) == 1 or any(c.islower() for c in b))

    @property
    def lower(self) -> bool:
        return self.base.islower()


def _tokens(text: str) -> list[_Tok]:
    toks = []
    for m in _WORD_RE.finditer(text):
        start, end, word = m.start(), m.end(), m.group(0)
        if start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]":
            continue  # inside a placeholder
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            word = word[:-2]  # possessive: Sarah's -> Sarah (the 's stays in the text)
        toks.append(_Tok(start, start + len(word), word))
    return toks


def _gap(text: str, left: _Tok, right: _Tok) -> str:
    return text[left.end : right.start]


def _joined(text: str, left: _Tok, right: _Tok, allow_dot: bool = False) -> bool:
    """True when `right` follows `left` after one space (or '. ' after an abbreviation or initial)."""
    if text[left.end : left.end + 2] in ("'s", "’s"):
        return False  # a possessive ends the name
    gap = _gap(text, left, right)
    return gap == " " or (allow_dot and gap == ". ")


def _sentence_start(text: str, tok: _Tok) -> bool:
    before = text[: tok.start]
    if before.endswith(('"', "“", "‘", "'", "(")) and (len(before) < 2 or not before[-2].isalnum()):
        return True
    stripped = before.rstrip(" \t")
    if not stripped or stripped[-1] in ".!?:;\n…":
        return True
    if stripped[-1] in "-*•" and (not stripped[:-1].strip(" \t") or stripped[:-1].rstrip(" \t")[-1] == "\n"):
        return True
    return False


def _surname_like(tok: _Tok, after_title: bool = False) -> bool:
    if not tok.capitalised or len(tok.base) < 2:
        return False
    if tok.key in _TITLES or tok.key in _PLACE_AFTER:
        return False
    if tok.key in _COMMON_WORDS and tok.key not in _FIRST_NAMES:
        return after_title and tok.key in _SURNAME_WORDS
    return True


def _name_words_after(text: str, toks: list[_Tok], i: int, limit: int, after_title: bool = False) -> int:
    """Index just past up to `limit` surname-like words (with particles such as 'de') from `toks[i]`."""
    j = i
    taken = 0
    while j < len(toks) and taken < limit:
        tok = toks[j]
        if j > 0:
            prev = toks[j - 1]
            allow_dot = after_title and (j == i or len(prev.base) == 1)
            if not _joined(text, prev, tok, allow_dot=allow_dot):
                break
        if tok.key in _PARTICLES and tok.lower and j + 1 < len(toks) and _joined(text, tok, toks[j + 1]):
            if _surname_like(toks[j + 1], after_title):
                j += 2
                taken += 1
                continue
            break
        if not _surname_like(tok, after_title):
            break
        j += 1
        taken += 1
    return j


def _title_start(text: str, toks: list[_Tok], i: int) -> int:
    """Index of the first word of the title at `toks[i]`, taking in "Charge", "Staff", "Student"..."""
    tok = toks[i]
    prev = toks[i - 1] if i > 0 else None
    if tok.key in _ROLE_TITLES and prev is not None and prev.key in _TITLE_PREFIXES:
        if _joined(text, prev, tok):
            return i - 1
    return i


def _lower_name_after_title(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """A lower-case word after a title: any unlisted word after "dr"/"mr"/"prof" ("dr nwosu"); after
    "nurse"/"matron" only a listed name, and never after "the"/"a"/"our" ("the nurse will ring")."""
    tok, word = toks[i], toks[j]
    if word.key in _COMMON_WORDS and word.key not in _SURNAME_WORDS:
        return False
    if tok.key in _ABBREV_TITLES:
        return True
    if tok.key not in _LOWER_CASE_TITLES or word.key in _STRICT_NAMES or word.key in _VERB_LIKE_NAMES:
        return False
    if i > 0 and _joined(text, toks[i - 1], tok) and toks[i - 1].key in _DETERMINERS:
        return False
    return word.key in _FIRST_NAMES or word.key in _SURNAMES or word.key in _AMBIGUOUS_NAMES


def _shouted_title_span(text: str, toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """ "DR KHAN", "MRS O'NEILL": an all-capitals title with an all-capitals word after it that is not an
    everyday word ("DR ON CALL" and "MR REVIEW" stay)."""
    end = i + 1
    while end < len(toks) and end - i <= 2:
        word = toks[end]
        if not (word.base.isupper() and len(word.base) > 1 and _joined(text, toks[end - 1], word)):
            break
        if word.key in _COMMON_WORDS or word.key in _TITLES or word.key in _PLACE_AFTER:
            break
        end += 1
    return (i, end) if end > i + 1 else None


def _title_span(text: str, toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """If `toks[i]` is a title followed by a name, return (first token, token past the name)."""
    tok = toks[i]
    if tok.key not in _TITLES:
        return None
    j = i + 1
    if j >= len(toks) or not _joined(text, tok, toks[j], allow_dot=True):
        return None
    if tok.base.isupper() and len(tok.base) > 1 and toks[j].base.isupper():
        return _shouted_title_span(text, toks, i)
    if (
        tok.key in _ROLE_TITLES
        and toks[j].key in _TITLE_SUFFIXES
        and toks[j].capitalised == tok.capitalised
        and j + 1 < len(toks)
        and _joined(text, toks[j], toks[j + 1])
        and _surname_like(toks[j + 1], after_title=True)
    ):
        j += 1  # "Nurse Practitioner Adams", "Nurse Consultant Obi"
    if not tok.capitalised:
        if tok.key in _FAMILY_TITLES:
            # "my sister Sarah" is family; "sister Jones" is a title; "miss the handover" is a verb.
            if not (_surname_like(toks[j]) and toks[j].key not in _ALL_NAMES):
                return None
        elif tok.key not in _LOWER_CASE_TITLES:
            return None  # "yes sir", "the imam"
    k = j
    while k < len(toks) and len(toks[k].base) == 1 and toks[k].base.isupper():
        if k > j and not _joined(text, toks[k - 1], toks[k], allow_dot=True):
            break
        k += 1
    if k > j:  # initials: "Dr A. Patel", "Dr J P Smith", "Mrs P."
        if k < len(toks) and _joined(text, toks[k - 1], toks[k], allow_dot=True) and _surname_like(toks[k]):
            j = k
        elif text[toks[k - 1].end : toks[k - 1].end + 1] == ".":
            return _title_start(text, toks, i), k  # "Mrs P. was upset": the initials are the name
        else:
            return None  # "Matron I think", "Dr A said": too little to go on
    end = _name_words_after(text, toks, j, limit=3, after_title=True)
    if end == j and toks[j].lower and _lower_name_after_title(text, toks, i, j):
        end = j + 1  # "dr nwosu", "matron gill"
    if end == j:
        return None  # a title on its own ("Sister said", "Ring Matron") is a role, not a person
    return _title_start(text, toks, i), end


def _is_person(text: str, toks: list[_Tok], i: int) -> bool:
    """Decide whether the listed first name at `toks[i]` refers to a person here."""
    tok = toks[i]
    prev = toks[i - 1] if i > 0 and _joined(text, toks[i - 1], tok) else None
    nxt = toks[i + 1] if i + 1 < len(toks) and _joined(text, tok, toks[i + 1]) else None
    possessive = text[tok.end : tok.end + 2] in ("'s", "’s")

    if prev is not None and prev.key in _PLACE_BEFORE and (prev.capitalised or prev.key == "the"):
        return False  # "St George's", "Royal Victoria", "the John Radcliffe"
    end = _name_words_after(text, toks, i + 1, limit=2) if tok.capitalised else i + 1
    after = toks[end] if end < len(toks) and _joined(text, toks[end - 1], toks[end]) else None
    if after is not None and after.key in _PLACE_AFTER and not possessive:
        return False  # "Rose Ward", "Victoria line"

    if tok.key in _FIRST_NAMES:
        if tok.capitalised:
            return True
        return tok.lower and tok.key not in _COMMON_WORDS

    # Ambiguous names: never in lower case, never all caps.
    if not tok.capitalised:
        return False
    has_surname = nxt is not None and _surname_like(nxt) and nxt.key not in _ALL_NAMES
    if tok.key in _STRICT_NAMES:
        return bool(
            has_surname
            or (nxt is not None and (nxt.key in _PERSON_VERBS or nxt.key == "from") and not possessive)
            or (prev is not None and prev.key in _ADDRESS_BEFORE)
        )
    if not _sentence_start(text, tok):
        return True
    return bool(has_surname or possessive or (nxt is not None and nxt.key in _NAME_CONTEXT_AFTER))


def _initial_before(text: str, toks: list[_Tok], i: int, spans: list[tuple[int, int]]) -> bool:
    """True when a dotted initial ("K. ") stands right before the name at `toks[i]`."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if spans and spans[-1][1] > prev.start:
        return False
    return len(prev.base) == 1 and prev.base.isupper() and _gap(text, prev, toks[i]) == ". "


def _surname_is_person(text: str, toks: list[_Tok], i: int) -> bool:
    """A listed surname ("Patel", "Nowak", "McKenzie"): a person when capitalised, unless place wording
    says otherwise ("the Freeman", "Hughes Ward"); in lower case only after an addressing verb or a title
    ("told mcdonald")."""
    tok = toks[i]
    prev = toks[i - 1] if i > 0 and _joined(text, toks[i - 1], tok) else None
    if prev is not None and prev.key in _PLACE_BEFORE and (prev.capitalised or prev.key == "the"):
        return False
    if tok.capitalised:
        end = _name_words_after(text, toks, i + 1, limit=2)
        after = toks[end] if end < len(toks) and _joined(text, toks[end - 1], toks[end]) else None
        possessive = text[tok.end : tok.end + 2] in ("'s", "’s")
        return not (after is not None and after.key in _PLACE_AFTER and not possessive)
    return tok.lower and prev is not None and prev.key in _ADDRESS_BEFORE


def _could_be_name(tok: _Tok) -> bool:
    """A capitalised word in no list that could still be a surname or an unlisted first name."""
    return bool(
        tok.capitalised
        and len(tok.base) >= 2
        and tok.key not in _COMMON_WORDS
        and tok.key not in _TITLES
        and tok.key not in _ALL_NAMES
        and tok.key not in _PLACE_AFTER
        and not _NOT_NAME_SUFFIX_RE.search(tok.key)
        and tok.key not in _english_words()
    )


def _unknown_is_person(text: str, toks: list[_Tok], i: int) -> bool:
    """A capitalised word not in any list: a surname used alone, or an unlisted first name."""
    tok = toks[i]
    if len(tok.base) < 3 or not _could_be_name(tok):
        return False
    prev = toks[i - 1] if i > 0 and _joined(text, toks[i - 1], tok) else None
    if prev is not None and (prev.key in _PLACE_BEFORE or prev.key in _PARTICLES or prev.key in _DETERMINERS):
        return False
    if text[tok.end : tok.end + 2] in ("'s", "’s"):
        # Only before a word that belongs to a person: "Tamsin's mum", "Nowicki's new bay" (not "Costa's").
        owned = _POSSESSED_RE.match(text, tok.end)
        return owned is not None and any(_key(w or "") in _POSSESSED for w in owned.group("a", "b"))
    nxt = toks[i + 1] if i + 1 < len(toks) and _joined(text, tok, toks[i + 1]) else None
    if prev is None and i > 0 and _gap(text, toks[i - 1], tok) == ", " and toks[i - 1].key in _ADDRESS_BEFORE:
        prev = toks[i - 1]  # "Thanks, Okafor"
    return bool(
        (nxt is not None and nxt.key == "from" and _from_is_person(text, toks, i))
        or (nxt is not None and nxt.key in _PERSON_VERBS)
        or (prev is not None and prev.key in _ADDRESS_BEFORE)
        or _done_to_person(text, toks, i)
        or _doing_person_thing(text, toks, i)
        or _after_role(text, toks, i)
        or _before_role(text, toks, i)
        or _paired_with_person(text, toks, i)
    )


def _from_is_person(text: str, toks: list[_Tok], i: int) -> bool:
    """ "Frankie from housekeeping", "Bernie from the League of Friends": a word before "from" that is not
    shaped like a common noun or adjective ("Referrals from", "Missing from", "Far from ideal")."""
    key = toks[i].key
    return not (key.endswith(("s", "ed", "ent")) or key in _NOT_BEFORE_FROM) and i + 2 < len(toks)


def _next_keys(text: str, toks: list[_Tok], i: int, n: int) -> list[str]:
    """Keys of up to `n` words straight after `toks[i]`, stopping at punctuation."""
    keys = []
    for k in range(i + 1, min(i + 1 + n, len(toks))):
        if not _joined(text, toks[k - 1], toks[k]):
            break
        keys.append(toks[k].key)
    return keys


def _doing_person_thing(text: str, toks: list[_Tok], i: int) -> bool:
    """True for "X started shouting", "X keeps calling", "X was laughing", "X carried on swearing"."""
    seq = _next_keys(text, toks, i, 3)
    if not seq or seq[0] not in _ONGOING_AUX:
        return False
    rest = seq[2:] if seq[1:2] == ["on"] else seq[1:]
    return bool(rest) and rest[0] in _PERSON_ACTIVITY


def _after_role(text: str, toks: list[_Tok], i: int) -> bool:
    """True for a word straight after a job ("HCA Marisol was", "Porter Dave", "the agency nurse, Tendai,")
    when what follows it is not another capitalised word (which would make a team or place name)."""
    tok = toks[i]
    if i == 0:
        return False
    prev = toks[i - 1]
    gap = _gap(text, prev, tok)
    if prev.key not in _ROLE_WORDS or gap not in (" ", ", ") or (_sentence_start(text, prev) and gap == " "):
        return False
    follows = _AFTER_APPOSITION_RE if gap == ", " else _AFTER_ROLE_NAME_RE
    return follows.match(text, tok.end) is not None


def _before_role(text: str, toks: list[_Tok], i: int) -> bool:
    """True for "X, the F2, was blamed", "X (the SHO)", "X, our HCA": a word described by a job."""
    m = _ROLE_AFTER_RE.match(text, toks[i].end)
    return m is not None and _key(m.group("role")) in _ROLE_WORDS


def _paired_with_person(text: str, toks: list[_Tok], i: int) -> bool:
    """True for both words of "Agata and Ileana were told", "Kofi and Ama shouted": two unlisted words
    joined by "and" and followed by wording that is only ever about people."""
    nxt = toks[i + 1] if i + 1 < len(toks) and _joined(text, toks[i], toks[i + 1]) else None
    prev = toks[i - 1] if i > 0 and _joined(text, toks[i - 1], toks[i]) else None
    if nxt is not None and nxt.key == "and" and i + 2 < len(toks) and _joined(text, nxt, toks[i + 2]):
        if toks[i + 2].key in ("i", "me", "myself"):
            return True  # "Kofi and I were on the late"
        other = i + 2
    elif prev is not None and prev.key == "and" and i >= 2 and _joined(text, toks[i - 2], prev):
        other = i - 2
    else:
        return False
    if other < i and toks[other].key in ("me", "myself"):
        return True  # "me and Tamsin found her"
    if not (_could_be_name(toks[other]) or toks[other].key in _ALL_NAMES or toks[other].key in _SURNAMES):
        return False
    last = max(i, other)
    after = toks[last + 1] if last + 1 < len(toks) and _joined(text, toks[last], toks[last + 1]) else None
    return bool(
        (after is not None and after.key in _PERSON_VERBS)
        or _done_to_person(text, toks, last)
        or _doing_person_thing(text, toks, last)
    )


def _done_to_person(text: str, toks: list[_Tok], i: int) -> bool:
    """True for "X was shouted at", "X got pushed", "X has been bullied", "X was crying": incident wording
    that is only ever about a person."""
    seq = []
    for k in range(i + 1, min(i + 4, len(toks))):
        if not _joined(text, toks[k - 1], toks[k]):
            break
        seq.append(toks[k].key)
    if not seq or seq[0] not in _PASSIVE_AUX:
        return False
    rest = seq[2:] if seq[0] in ("has", "had") and seq[1:2] == ["been"] else seq[1:]
    return bool(rest) and rest[0] in _DONE_TO_PERSON


def _span_end(text: str, last: _Tok) -> int:
    """End offset of a name ending at `last`, taking the dot of a final initial when the sentence goes on."""
    if len(last.base) == 1 and last.base.isupper():
        following = text[last.end : last.end + 3]
        if len(following) == 3 and following[:2] == ". " and following[2].islower():
            return last.end + 1
    return last.end


def _name_spans(text: str) -> list[tuple[int, int]]:
    toks = _tokens(text)
    protected = [m.span() for m in _PROTECTED_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if any(s <= tok.start < e for s, e in protected):
            i += 1
            continue
        title = _title_span(text, toks, i)
        if title is not None:
            start, end = title
            if spans and spans[-1][1] > toks[start].start:
                start = i  # the prefix word was already part of an earlier name
            spans.append((toks[start].start, _span_end(text, toks[end - 1])))
            i = end
            continue
        if tok.key in _ALL_NAMES:
            is_name = _is_person(text, toks, i)
        elif tok.key in _SURNAMES:
            is_name = _surname_is_person(text, toks, i)
        else:
            is_name = _unknown_is_person(text, toks, i)
        if is_name:
            end = _name_words_after(text, toks, i + 1, limit=2) if tok.capitalised else i + 1
            start = i
            if i > 0 and tok.key in _SURNAMES and _could_be_name(toks[i - 1]) and _joined(text, toks[i - 1], tok):
                if not (spans and spans[-1][1] > toks[i - 1].start):
                    start = i - 1  # an unlisted first name before a listed surname: "Thandeka Nkosi"
            if start < i and spans and spans[-1][1] >= toks[start].start:
                start = i
            if start == i and tok.capitalised and _initial_before(text, toks, i, spans):
                start = i - 1  # "K. Mensah", "J. Smith"
            spans.append((toks[start].start, toks[end - 1].end))
            i = end
            continue
        i += 1
    return _coordinated_names(text, toks, spans, protected)


_CONNECTOR_BEFORE_RE = re.compile(r"(?:,[ \t]+and|,|[ \t]+and|[ \t]+&|[ \t]+or)[ \t]+$")
_CONNECTOR_AFTER_RE = re.compile(r"(?:,[ \t]+and|,|[ \t]+and|[ \t]+&|[ \t]+or)[ \t]+")
_PERSON_PLACEHOLDER_RE = re.compile(r"\[(?:name|mention)\]")


def _coordinated_names(
    text: str, toks: list[_Tok], spans: list[tuple[int, int]], protected: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Add unlisted capitalised words joined by 'and', '&', 'or' or a comma to a name ("Sarah and Bex").

    Repeats until nothing changes, so a list ("Sarah, Bex and Okoro") is taken whole; placeholders from
    earlier passes count as names, which keeps `redact` idempotent.
    """
    known = spans + [m.span() for m in _PERSON_PLACEHOLDER_RE.finditer(text)]
    blocked = known + protected
    candidates = [
        idx
        for idx, tok in enumerate(toks)
        if _could_be_name(tok) and not any(start <= tok.start < end for start, end in blocked)
    ]
    ends = {e for _, e in known}
    starts = {s for s, _ in known}
    changed = True
    while changed and candidates:
        changed = False
        for idx in candidates:
            tok = toks[idx]
            prev = toks[idx - 1] if idx > 0 and _joined(text, toks[idx - 1], tok) else None
            if prev is not None and (prev.key in _PLACE_BEFORE or prev.key in _PARTICLES):
                continue
            end_idx = _name_words_after(text, toks, idx + 1, limit=2)
            end_pos = toks[end_idx - 1].end
            if end_idx < len(toks) and _joined(text, toks[end_idx - 1], toks[end_idx]):
                if toks[end_idx].key in _PLACE_AFTER:
                    continue
            before = _CONNECTOR_BEFORE_RE.search(text, max(0, tok.start - 12), tok.start)
            following = _CONNECTOR_AFTER_RE.match(text, end_pos)
            joined_before = before is not None and before.start() in ends
            joined_after = following is not None and following.end() in starts
            if joined_before or joined_after:
                spans.append((tok.start, end_pos))
                ends.add(end_pos)
                starts.add(tok.start)
                candidates = [c for c in candidates if not tok.start <= toks[c].start < end_pos]
                changed = True
                break
    return sorted(spans)


def _redact_names(text: str) -> str:
    out = text
    for start, end in reversed(_name_spans(text)):
        out = out[:start] + "[name]" + out[end:]
    return out


# ---------------------------------------------------------------------------------------------------
# Public API.
# ---------------------------------------------------------------------------------------------------


def redact(text: str) -> str:
    """Return `text` with personal identifiers replaced by placeholders (see the module docstring).

    Order matters: emails before mentions (both contain '@'), labelled numbers before bare ones (so "CHI
    0101011234" is an NHS number, not a phone number, and "MRN 1234567" is not mistaken for anything
    else), phone numbers before bare 10-digit NHS numbers, and names last, on what is left.
    """
    if not text:
        return text
    text = _EMAIL_RE.sub("[email]", text)
    text = _MENTION_RE.sub("[mention]", text)
    text = _replace_value(_DOB_RE, "[date-of-birth]", text)
    text = _replace_value(_NHS_LABEL_RE, "[nhs-number]", text, ten_digits=True, max_groups=10)
    text = _replace_value(_HOSPITAL_LABEL_RE, "[hospital-number]", text)
    text = _replace_value(_HOSPITAL_LIST_RE, "[hospital-number]", text)
    text = _PHONE_RE.sub("[phone]", text)
    text = _replace_value(_EXTENSION_RE, "[phone]", text)
    text = _X_EXTENSION_RE.sub("[phone]", text)
    text = _replace_value(_NHS_BARE_RE, "[nhs-number]", text, ten_digits=True)
    text = _replace_value(_HOSPITAL_BARE_RE, "[hospital-number]", text)
    text = _replace_value(_POSTCODE_LABEL_RE, "[postcode]", text)
    text = _POSTCODE_RE.sub("[postcode]", text)
    return _redact_names(text)


_SCORE_TOKEN_RE = re.compile(_PLACEHOLDER_RE.pattern + r"|\w+|[^\w\s]")


def _placeholder_counts(tokens: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for t in tokens:
        if t.startswith("[") and t.endswith("]") and t[1:-1] in counts:
            counts[t[1:-1]] += 1
    return counts


def redaction_scores(items: Iterable[Mapping[str, Any] | tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """(recall, precision) per placeholder kind of `redact` over labelled items.

    Each item is ``{"text": ..., "expected": ...}`` or a ``(text, expected)`` pair. Expected and actual
    output are split into words, punctuation and placeholders and aligned with `difflib`, so a placeholder
    only counts as a hit when it stands where the expected one does: redacting "Ward" instead of "Sarah"
    is one miss and one false alarm, not a hit. Within a region that differs, placeholders of the same
    kind on both sides are matched up. A kind with nothing expected has recall 1.0; a kind never produced
    has precision 1.0.
    """
    tp = dict.fromkeys(KINDS, 0)
    fn = dict.fromkeys(KINDS, 0)
    fp = dict.fromkeys(KINDS, 0)
    for item in items:
        text, expected = (item["text"], item["expected"]) if isinstance(item, Mapping) else item
        exp = _SCORE_TOKEN_RE.findall(expected)
        act = _SCORE_TOKEN_RE.findall(redact(text))
        matcher = difflib.SequenceMatcher(None, exp, act, autojunk=False)
        for op, e1, e2, a1, a2 in matcher.get_opcodes():
            ce = _placeholder_counts(exp[e1:e2])
            ca = _placeholder_counts(act[a1:a2])
            for kind in KINDS:
                hit = ce[kind] if op == "equal" else min(ce[kind], ca[kind])
                tp[kind] += hit
                fn[kind] += ce[kind] - hit
                fp[kind] += ca[kind] - hit
    return {
        kind: (
            tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 1.0,
            tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 1.0,
        )
        for kind in KINDS
    }
