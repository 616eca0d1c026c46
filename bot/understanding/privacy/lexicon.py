"""The words the name rules look up: names, titles, jobs, places, person verbs and everyday words.

Every set holds the lookup form of its words (`fold`: lower case, no accents, no apostrophes). Name lists
themselves are in `bot.understanding.privacy.names`; the English dictionary behind guesses at unlisted words
comes from `english_words`, a data-only package.
"""

from __future__ import annotations

import functools
import unicodedata

from english_words import get_english_words_set

from bot.understanding.privacy.names import (
    AMBIGUOUS_NAMES_TEXT,
    FIRST_NAMES_TEXT,
    NICKNAMES_TEXT,
    STRICT_NAMES_TEXT,
    SURNAMES_TEXT,
)


def fold(word: str) -> str:
    """Lower-case, accent-free, apostrophe-free form used for every list lookup (Siân → sian)."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("'", "").replace("’", "").replace("ł", "l")


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in text.split())


STRICT_NAMES = _words(STRICT_NAMES_TEXT)
AMBIGUOUS_NAMES = _words(AMBIGUOUS_NAMES_TEXT) | STRICT_NAMES
FIRST_NAMES = _words(FIRST_NAMES_TEXT + NICKNAMES_TEXT) - AMBIGUOUS_NAMES
ALL_NAMES = FIRST_NAMES | AMBIGUOUS_NAMES

# Titles that introduce a name. Abbreviations may be written in lower case ("dr nwosu").
TITLES = _words("dr doctor mr mrs ms miss mx prof professor sister sr nurse matron") | _words(
    "father fr rev reverend imam rabbi pastor sir dame"
)
# Titles that are also family or everyday words: in lower case they only count before a surname, so "my
# sister Sarah" keeps "sister" while "sister Jones" is a title.
FAMILY_TITLES = _words("sister father miss")
# Titles that name a role rather than a person, which the prefix words below can extend.
ROLE_TITLES = _words("nurse sister sr matron")
# Words that make "Nurse" part of a longer title before the name ("Nurse Practitioner Adams").
TITLE_SUFFIXES = _words("practitioner consultant specialist associate manager")
# Titles that still count in lower case ("dr nwosu", "staff nurse Adeyemi").
LOWER_CASE_TITLES = _words("dr doctor mr mrs ms mx prof professor nurse matron")
ABBREV_TITLES = _words("dr mr mrs mx prof")  # not "ms": lower-case "ms" is usually MS
# Words that combine with nurse/sister/matron into one title ("Charge Nurse", "Ward Sister").
TITLE_PREFIXES = _words(
    "charge staff student senior junior ward head deputy modern community chief lead clinical specialist"
    " practice district theatre scrub research registered bank agency night"
)
PARTICLES = _words("de da di du dos das del della van von der den le la al el bin ibn ap")

DETERMINERS = _words("the a an our my your their his her this that")
# Ambiguous first names that read as verbs or nouns after a lower-case title ("nurse will", "nurse mark").
VERB_LIKE_NAMES = _words("will mark hope grant frank bill rob drew max pat nick sue guy miles ray don")
# Jobs: a capitalised word straight after one is a person ("HCA Marisol", "Porter Dave", "F1 Aarav").
ROLE_WORDS = _words(
    """hca hcas porter physio physiotherapist student nurse rn rmn midwife f1 f2 fy1 fy2 sho reg registrar
    consultant clerk cleaner domestic housekeeper receptionist paramedic colleague mentor preceptor
    preceptee manager coordinator ot therapist pharmacist technician radiographer phlebotomist assistant
    associate starter volunteer chaplain doctor anaesthetist surgeon carer supervisor secretary sister
    matron lead deputy educator apprentice trainee locum fellow dietitian podiatrist operative"""
)
# Words that belong to a person, after an unlisted word with "'s" ("Tamsin's mum", "Nowicki's bay").
POSSESSED = _words(
    """mum dad mother father wife husband partner son daughter sister brother family kids children baby
    boyfriend girlfriend fiance fiancee badge locker car phone mobile bag accent hijab turban headscarf
    name break shift bay patients patient mentor preceptor manager colleague colleagues friend friends
    team rota annual leave sickness appraisal english"""
)
# Capitalised words that often stand before "from" without being anyone ("Far from ideal").
NOT_BEFORE_FROM = _words(
    """far different free safe separate distinct exempt missing absent away apart aside cover input advice
    update word escalation admission apology delay report sample response reply visit answer permission
    approval authorisation invitation contact correspondence information info evidence statement quote
    photo picture screenshot video recording notification alert absence release help message note call"""
)
# Words that make a following capitalised word a place, not a person ("Royal Victoria", "St George's").
PLACE_BEFORE = _words("st saint royal queen queens king kings prince princess lady the")
# Words that make a preceding name a place ("Rose Ward", "John Radcliffe Hospital", "Victoria line").
PLACE_AFTER = _words(
    """ward wards unit hospital house wing centre center building suite infirmary clinic hospice lodge
    court road street lane avenue close drive way park surgery practice trust line block theatre
    theatres department institute college university school station rule"""
)

# Well-known eponyms that are not about a person in the incident. Matched case-insensitively.
PROTECTED_PHRASES = (
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
COMMON_WORDS = _words(
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
) - (AMBIGUOUS_NAMES - STRICT_NAMES)

# Surnames that are not everyday words (`names`): a person when capitalised, wherever they stand.
SURNAMES = _words(SURNAMES_TEXT) - COMMON_WORDS - ALL_NAMES


# Every English word in the GNU Collaborative International Dictionary of English (about 115,000, shipped
# by the `english-words` package, no download). A capitalised word in no name list is only ever guessed to
# be a name when it is not one of these, so "Breakfast from the kitchen" or "Interpreter from the agency"
# stay as written while "Frankie from housekeeping" goes. Listed names are decided before this is asked.
# Loaded on first use (~0.1 s), so importing this module does not slow down starting the bot.
@functools.cache
def dictionary_words() -> frozenset[str]:
    return frozenset(get_english_words_set(["gcide"], lower=True))


# After a title, these ordinary words are surnames all the same ("Dr Black", "Mrs Young").
SURNAME_WORDS = _words("black white brown green grey gray young long hall wood little king bell price")

# A capitalised word right before one of these reads as a person ("Okafor shouted", "May said").
PERSON_VERBS = _words(
    """said says told tells shouted yelled screamed swore snapped laughed sneered smirked mocked muttered
    whispered sighed hit punched pushed shoved grabbed kicked slapped spat groped touched threatened
    refused asked asks apologised apologized cried blamed ignored complained replied rang phoned emailed
    messaged texted knew insisted claimed denied joked commented suggested demanded questioned criticised
    criticized humiliated belittled undermined bullied harassed intimidated promised stormed barged
    snatched stared glared winked"""
)
# "X started shouting", "X keeps calling", "X was laughing": an activity only a person does.
ONGOING_AUX = _words("started starts began begins keeps kept was is were carried went")
PERSON_ACTIVITY = _words(
    """shouting screaming swearing laughing crying sobbing yelling calling making mocking ignoring
    touching staring texting messaging bullying undermining picking talking complaining threatening
    pushing grabbing hitting kicking joking muttering whispering sniggering criticising belittling
    harassing intimidating filming recording following"""
)
# ...and, for names in `AMBIGUOUS_NAMES` only, these too ("Hope was upset", "Sky from the agency").
NAME_CONTEXT_AFTER = PERSON_VERBS | _words(
    """was is has had did does didnt doesnt isnt wasnt hasnt hadnt wont cant couldnt wouldnt would
    could can should might must needs needed got gets keeps kept made makes went came walked left felt
    feels thinks thought wants wanted helped saw heard noticed found covered stayed agreed reported
    mentioned explained admitted called seemed looks looked from"""
)
# "X was shouted at", "X got pushed", "X has been bullied", "X was crying" (see `_done_to_person`).
PASSIVE_AUX = _words("was got gets is has had keeps kept were are")
DONE_TO_PERSON = _words(
    """told shouted sworn screamed yelled pushed shoved grabbed hit punched kicked slapped spat groped
    touched harassed bullied abused assaulted attacked threatened mocked laughed ignored excluded blamed
    humiliated belittled crying sobbing shaking targeted singled picked called asked sent left"""
)
# A capitalised word right after one of these reads as a person ("told Nowak", "Hi Ewa").
ADDRESS_BEFORE = _words(
    """told tell asked ask thanked thank messaged message emailed email texted text phoned phone rang
    ring bleeped bleep paged page called call saw hi hello hey dear thanks cheers cc ping"""
)
# Listed first names that, in capitals, are more often a clinical or NHS abbreviation than a person.
SHOUTED_NOT_NAMES = _words(
    """abi aba ada ali ama ana anca ari asa cara dai des dee eva ica ifa ima isa issa kai mel ned nia ola
    sam sid tia una uma val viv zak"""
)
