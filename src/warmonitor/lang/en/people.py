"""English phrasings that name the people of an incident: suspects ("John Smith, 24, was
arrested", "police identified the shooter as Robert Dear") and victims ("the victim was
identified as Rodney Jones", "Officer Jon Richey suffered three gunshot wounds").

Data for ``extract.assemble.people``. Each pattern has a named group ``name`` holding a person's
name as written (capitalised words, an initial allowed); the code decides what it attaches to.
No pattern ignores case: a name is known by its capitals.
"""

from __future__ import annotations

import re

from warmonitor.lang.en.casualties import KIN
from warmonitor.lang.en.words import CALENDAR_NAME

# Capitalised words that open a sentence or a title, not a name ("Three Americans were killed").
_NOT_A_FIRST_NAME = (
    r"The|A|An|Police|Authorities|Officers?|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|"
    r"Eleven|Twelve|Several|Many|Some|All|Both|Dozens|Hundreds|Scores|Most|Few|Other|Others|"
    # titles: the name starts after them ("Deputy Brad Garafola" is Brad Garafola)
    r"Deputy|Sgt|Sergeant|Detective|Trooper|Chief|Sheriff|Mayor|President|Governor|General|"
    r"Colonel|Captain|Lieutenant|Judge|Dr|Mr|Mrs|Ms|Miss|Firefighter|Agent|Private|Corporal"
)
# A person's name: two to four capitalised words, a middle initial allowed ("Cory Lee
# Henderson", "Paul J. Rayer"), not a weekday or month, not a title-cased phrase's "The".
_WORD = r"[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)*"
NAME = (
    rf"(?P<name>(?!(?:{CALENDAR_NAME}|{_NOT_A_FIRST_NAME})\b){_WORD}"
    rf"(?:\s+[A-Z]\.)?(?:\s+(?!(?:{CALENDAR_NAME})\b){_WORD}){{1,3}}(?:,?\s+(?:Jr|Sr|II|III)\.?)?)"
)
# What may stand between a name and what happened to it: an age or a short apposition.
_APPOSITION = (
    r"(?:,\s*(?:an?\s+)?\d{1,3}(?:-year-old)?\s*,|,\s*(?:an?|the|who)\s+[^,.;:()]{1,80},)?"
)
_AGE_BEFORE = r"(?:(?:an?\s+)?\d{1,3}-year-old\s+(?:(?:man|woman|male|female)\s+)?)?"
_ROLE_NOUN = r"(?i:(?:suspected\s+)?(?:suspect|shooter|gunman|gunwoman|killer|assailant|attacker))"

# Arrests and charges name a suspect only when the sentence ties them to a violent act
# (RELATED_RE): "Governor X was arrested last year on corruption charges" names none.
ARREST_RES = [
    # "John Smith, 24, was arrested", "Tracie Dierks, a 40-year-old woman ..., was taken into
    # custody and charged with manslaughter"
    re.compile(
        rf"{NAME}{_APPOSITION}\s+(?:was|were|has\s+been|had\s+been|have\s+been|is\s+being)\s+"
        r"(?:[a-z]+ly\s+|later\s+|also\s+|since\s+)?(?:arrested|charged|booked|indicted|jailed|detained|taken\s+into\s+custody)\b"
    ),
    # "John Smith, 24, is accused of", "Smith is charged with murder"
    re.compile(
        rf"{NAME}{_APPOSITION}\s+(?:is|was|stands|remains)\s+(?:[a-z]+ly\s+)?(?:accused|suspected|charged)\s+(?:of|with|in)\b"
    ),
    # "police arrested John Smith", "charged 20-year-old Oscar Ollervides with murder"
    re.compile(
        rf"\b(?:arrested|charged|booked|detained|indicted|apprehended)\s+{_AGE_BEFORE}{NAME}"
        r"(?=\s*(?:,|\bwith\b|\bin\b|\bon\b|\bafter\b|\bfor\b|\.|$))"
    ),
]
# A role noun says it by itself.
ROLE_RES = [
    # "identified the shooter as Robert Lewis Dear", "identified the suspects Thursday as ..."
    re.compile(
        rf"\b(?:identified|named)\s+(?:the\s+)?{_ROLE_NOUN}s?\s+(?:\w+\s+){{0,2}}?as\s+{_AGE_BEFORE}{NAME}"
        rf"(?:\s+and\s+{_AGE_BEFORE}(?P<second>{NAME.replace('?P<name>', '')}))?"
    ),
    # "Robert Rialmo, fatally shot LeGrier", "27-year-old Tiffany Segule shot ...": the act itself
    # (not "found Ladarrius Moody shot to death": a participle after "found" is what he suffered)
    re.compile(
        rf"(?<!found\s)(?<!find\s)(?<!left\s)(?<!saw\s){_AGE_BEFORE}{NAME}{_APPOSITION}\s+"
        r"(?:(?:allegedly|accidentally|fatally|then|later|reportedly)\s+)?"
        r"(?:(?:shot|stabbed|killed|gunned\s+down)(?!\s+(?:in|to|dead|on|multiple|several|twice|once|and\s+killed|by)\b)"
        r"|opened\s+fire|fired\s+(?:a|at|on|shots))\b"
    ),
    # "the suspect, identified as Phi Pham"
    re.compile(
        rf"\b{_ROLE_NOUN},?\s+(?:who\s+was\s+)?(?:identified\s+as|named\s+as|named)\s+{_AGE_BEFORE}{NAME}"
    ),
    # "the suspected shooter, Robert Dear,", "suspect Keith Lee"
    re.compile(rf"\b{_ROLE_NOUN},?\s+{_AGE_BEFORE}{NAME}(?=\s*(?:,|\.|\s+(?:was|is|had|has)\b))"),
]

# The act an arrest or charge is for.
RELATED_RE = re.compile(
    r"\b(?:in\s+connection\s+with|in\s+the\s+(?:[\w-]+\s+){0,3}?(?:shooting|killing|death|deaths|murder|attack|stabbing|slaying|homicide)"
    r"|charged\s+with\s+(?:[\w-]+\s+){0,5}?(?:murder|manslaughter|homicide|assault|shooting|killing|attempted)"
    r"|(?:murder|manslaughter|homicide)\s+charges?"
    r"|for\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:shooting|killing|death|murder|attack|stabbing)"
    r"|accused\s+of\s+(?:[\w-]+\s+){0,2}?(?:killing|shooting|murdering|stabbing|attacking|wounding|firing)"
    r"|suspicion\s+of\s+(?:[\w-]+\s+)?(?:murder|manslaughter|homicide|assault|shooting))\b",
    re.I,
)

# "police said" in the suspect's sentence: whom the claim is attributed to.
SAID_BY_RE = re.compile(
    r"\b(?P<source>police|authorities|investigators|prosecutors|officials|detectives|(?:the\s+)?sheriff'?s?\s+office)"
    r"\s+(?:said|say|says|told)\b",
    re.I,
)


# A victim named where the text identifies the dead or wounded (no count: the casualty
# phrase elsewhere counted them). Groups ``name`` (and ``second`` where two are named).
_VICTIM_NOUN = (
    r"(?i:victims?|deceased|dead\s+(?:man|woman)|man|woman|boy|girl|teen(?:ager)?|toddler|"
    rf"infant|driver|officer|deputy|student|{KIN})"  # relatives: the casualty patterns' own list
)
VICTIM_ID_RES = [
    # "identified the victim as Zakareia Husein", "identified the girl as Kimi Reylander"
    re.compile(
        rf"\b(?:identified|named)\s+(?:the\s+)?(?:(?:[\w-]+\s+){{0,3}}?){_VICTIM_NOUN}s?\s+"
        rf"(?:(?:[\w-]+\s+){{0,4}}?)as\s+{_AGE_BEFORE}{NAME}"
    ),
    # "the 42-year-old man, identified as Rodney Jones", "the victim has been identified as ..."
    re.compile(
        rf"\b{_VICTIM_NOUN},?\s+(?:(?:who\s+)?(?:was|has\s+been|had\s+been)\s+)?identified\s+as\s+{_AGE_BEFORE}{NAME}"
    ),
    # "killed a neighbor, 55-year-old Bettie Jones", "killing officer Sean Bolton"
    re.compile(
        rf"\b(?:killed|killing|shot|shooting|wounded|wounding|murdered)\s+(?:an?\s+|his\s+|her\s+|their\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?{_VICTIM_NOUN},?\s+{_AGE_BEFORE}{NAME}"
    ),
    # "left 25-year-old Courtney Taylor dead"
    re.compile(rf"\b(?:left|leaving)\s+{_AGE_BEFORE}{NAME}\s+(?:dead|wounded|injured)\b"),
    # "Officer Jon Richey suffered three gunshot wounds", "21-year-old Tavon Goff, of York City,
    # was injured"
    re.compile(
        rf"{_AGE_BEFORE}{NAME}(?:,\s*of\s+[^,.;]{{1,40}},)?{_APPOSITION}\s+(?:(?:was|were|had\s+been)\s+(?:[a-z]+ly\s+)?"
        r"(?:injured|wounded|killed|shot|struck|hit|hospitali[sz]ed|pronounced\s+dead|found\s+dead)"
        r"|suffered\s+(?:[\w-]+\s+){0,3}?(?:gunshot|stab|bullet)\s+wounds?|died)\b"
    ),
]
# The fate a victim's sentence states, when it states one.
KILLED_WORD_RE = re.compile(
    r"\b(?:killed|killing|dead|died|death|slain|murdered|homicide|body)\b", re.I
)
INJURED_WORD_RE = re.compile(
    r"\b(?:injured|wounded|wounding|hospitali[sz]ed|gunshot\s+wounds?|hurt|treated)\b", re.I
)
