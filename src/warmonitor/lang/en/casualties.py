"""English casualty patterns: a count, the victims and their fate.

Data for ``extract.rules.casualties``: "42 civilians had been killed", "killing two
pilots", "the victim later died", "Jefferson Rivers, 45, was shot and killed".
"""

from __future__ import annotations

import re

from warmonitor.lang.en import lexicon as lx
from warmonitor.lang.en.numbers import QUANTITY
from warmonitor.lang.en.words import CALENDAR_NAME

Q = rf"(?<![\w-])(?P<q>{QUANTITY})"
AGE = r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ](?:year|month|week)s?[- ]old"
# Modifiers of a victim noun: words, but not the function words that would let a
# number reach across a clause ("NewsChannel 15 that a child was shot").
MODIFIER = r"(?:(?!(?:that|which|who|whom|whose|a|an|the|and|or|but|of|to|in|on|at|for|with|from|by|as|was|were|is|are|had|has|have)\b)[\w'-]+\s+)"
# Two modifiers may be joined ("military and paramilitary personnel"), but not two groups
# ("soldiers and civilians": the first word may not itself name victims).
_JOINED_MODIFIER = rf"(?:(?!{lx.VICTIM_NOUN}\b){MODIFIER}(?:and|or)\s+)"
VICTIM = rf"(?P<v>{_JOINED_MODIFIER}??{MODIFIER}{{0,3}}?(?:{lx.VICTIM_NOUN}|{AGE}))(?![\w-])"
KIN = r"wife|husband|son|daughter|mother|father|brother|sister|girlfriend|boyfriend|fiancee?|child|baby|stepson|stepdaughter|stepfather|stepmother|grandson|granddaughter|grandmother|grandfather|cousin|uncle|aunt|nephew|niece|neighbou?r|roommate|friend|partner"
# One relative, or a number of them ("son", "teenage son", "four children").
KIN_PLURAL = r"children|sons|daughters|kids|brothers|sisters|parents|grandchildren|stepchildren"
KIN_ITEM = rf"(?:(?:{QUANTITY})\s+)?(?:[\w'-]+\s+){{0,2}}?(?:{KIN}|{KIN_PLURAL})"
SINGULAR = r"victim|man|woman|boy|girl|teen|teenager|child|toddler|infant|baby|person|driver|officer|deputy|student|suspect|gunman|shooter|father|mother|son|daughter"
# The gender a one-person noun or pronoun names: "she later died" is the woman who was shot.
MALE = frozenset(
    [
        "he",
        "him",
        "man",
        "boy",
        "father",
        "son",
        "husband",
        "brother",
        "grandfather",
        "grandson",
        "uncle",
        "nephew",
        "stepson",
        "stepfather",
        "boyfriend",
    ]
)
FEMALE = frozenset(
    [
        "she",
        "her",
        "woman",
        "girl",
        "mother",
        "daughter",
        "wife",
        "sister",
        "grandmother",
        "granddaughter",
        "aunt",
        "niece",
        "stepdaughter",
        "stepmother",
        "girlfriend",
    ]
)
KILLED = r"killed|dead|died|slain|executed|murdered|massacred|beheaded|shot\s+dead|lost\s+their\s+lives|perished"
INJURED = (
    r"wounded|injured|hurt|shot|hospitali[sz]ed|maimed|hit|struck|grazed"
    r"|suffer(?:ed|ing|s)?\s+(?:from\s+)?(?:[\w-]+\s+){0,3}?(?:gunshot|stab|bullet|shrapnel)\s+wounds?"
    r"|in\s+(?:critical|serious|stable|fair|grave|guarded|life-threatening)\s+condition"
)
ABDUCTED = r"kidnapped|abducted|taken\s+hostage|held\s+hostage"
STATUS_VERB = rf"(?P<verb>{KILLED}|{INJURED}|{ABDUCTED})"
CASUALTY_RES = [
    # "42 civilians had been killed", "five Russian servicemen were killed"
    re.compile(
        rf"{Q}\s+{VICTIM}(?:\s*(?:,|--|\u2014|\u2013)\s*(?:including|among\s+them)\s+[^,.;]{{1,60}}?(?:,|--|\u2014|\u2013))?(?:\s+who\s+(?:was|were|had\s+been|has\s+been|have\s+been))?(?:\s+(?!and\b|but\b|who\b|whose\b)[\w'-]+){{0,4}}?\s+{STATUS_VERB}\b",
        re.I,
    ),
    # "shot and killed his teenage son", "killed his wife, son and daughter", "killing his wife
    # and their four children": the relatives listed, each counted (KIN_LIST_RE)
    re.compile(
        rf"\b(?:(?:shot|shoot|shooting|stabbed|stabbing)\s+and\s+)?(?P<verb>killing|killed|kills|kill|murdering|murdered|executing|executed|strangling|strangled|wounding|wounded|injuring|injured|shooting|shot|stabbing|stabbed|(?:shooting\s+)?death\s+of|murder\s+of|killing\s+of)\s+(?P<q>his|her|their)\s+"
        rf"(?P<v>{KIN_ITEM}(?:\s*,\s*{KIN_ITEM})*(?:\s*,?\s+and\s+(?:(?:his|her|their)\s+)?{KIN_ITEM})?)(?![\w-])",
        re.I,
    ),
    # "killing two pilots", "killed at least nine civilians", "executed four people"
    re.compile(
        rf"\b(?P<verb>killing|killed|kills|kill|murdering|murdered|massacring|massacred|slaughtering|slaughtered|wounding|wounded|injuring|injured|shot|shooting|stabbed|stabbing|executing|executed|kidnapping|kidnapped|abducting|abducted|leaving|left|claimed)\s+(?:the\s+)?{Q}\s+{VICTIM}",
        re.I,
    ),
    # "killing all crew on board", "killing all four"
    re.compile(
        r"\b(?P<verb>killing|killed|kills)\s+(?P<q>all\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:crew|passengers|people|occupants|soldiers|servicemen|personnel|troops)(?:\s+members)?(?:\s+(?:on\s+board|aboard))?|all\s+(?:the\s+)?\w+)\b",
        re.I,
    ),
    # "leaving one dead and two injured", "42 killed"
    re.compile(
        rf"{Q}\s+(?:others?\s+|more\s+)?(?:were\s+|was\s+|is\s+|are\s+)?(?P<verb>killed|dead|wounded|injured|hurt)\b",
        re.I,
    ),
    # "her 13-year-old son accidentally shot himself"
    re.compile(
        rf"\b(?P<q>an?|his|her|their|the)\s+(?P<v>(?:[\w'-]+\s+){{0,2}}?(?:{lx.VICTIM_NOUN}|{AGE}|{KIN}))\s+(?:\w+\s+)?(?P<verb>fatally\s+shot|shot|killed)\s+(?:himself|herself)\b",
        re.I,
    ),
    # "The shooting also injured Tillie Turner, 65"
    re.compile(
        rf"\b(?P<verb>killed|killing|injured|injuring|wounded|wounding|shot|shooting)\s+(?P<q>(?P<v>(?!(?:{CALENDAR_NAME})\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{1,2}}))\b"
    ),
    # "the victim later died", "the man was pronounced dead"
    re.compile(
        rf"\b(?P<q>the)\s+(?P<v>(?:[\w'-]+\s+){{0,2}}?(?:{SINGULAR}))\s+(?:\w+\s+){{0,3}}?(?P<verb>died|was\s+pronounced\s+dead|was\s+killed|was\s+fatally\s+(?:shot|wounded|injured|stabbed)|succumbed)\b",
        re.I,
    ),
    # "one of the victims who was shot in the head later died"
    re.compile(
        rf"\b(?P<q>[Oo]ne)\s+of\s+the\s+(?P<v>{lx.VICTIM_NOUN})\s+(?:[\w'-]+\s+){{0,10}}?(?P<verb>died|was\s+pronounced\s+dead|was\s+killed|succumbed)\b"
    ),
    # "accused of killing 15-year-old Jaylen" / "shot a 16-year-old": one person by age
    re.compile(
        rf"\b(?P<verb>killing|killed|murdering|murdered|shooting|shot|wounding|wounded|stabbing|stabbed)\s+(?P<q>(?:an?\s+)?(?P<v>{AGE}))(?![\w-])(?!\s+(?:and|or|[a-z]+s)\b)",
        re.I,
    ),
    # "He died at the hospital": one person, named earlier
    re.compile(
        r"\b(?P<q>he|she)\s+(?:later\s+|then\s+|also\s+)?(?P<verb>died|was\s+pronounced\s+dead|was\s+killed|was\s+fatally\s+(?:shot|wounded|injured|stabbed)|succumbed)\b",
        re.I,
    ),
    # "after he was shot", "shot him in the leg": one person hurt, named earlier (counted once
    # with whoever the text named: see counts.injured_total)
    re.compile(
        r"\b(?P<q>he|she)\s+(?:was|had\s+been|has\s+been)\s+(?:\w+ly\s+)?(?P<verb>shot|wounded|injured|stabbed|grazed|struck)\b(?!\s+(?:and\s+killed|dead|to\s+death|at)\b)",
        re.I,
    ),
    re.compile(
        r"\b(?P<verb>shot|shooting|wounded|wounding|stabbed|stabbing)\s+(?P<q>him|her)\s+(?:once\s+|twice\s+)?in\s+the\s+(?:leg|legs|foot|arm|arms|hand|shoulder|back|chest|stomach|abdomen|hip|thigh|buttocks|neck|face|head|side|knee|torso)\b",
        re.I,
    ),
    # "the shooting death of an 18-year-old girl"
    re.compile(
        rf"\b(?P<verb>death|deaths|killing|killings|murder|murders|fatal\s+shooting|fatal\s+stabbing)\s+of\s+{Q}\s+{VICTIM}",
        re.I,
    ),
    # "then killed herself", "shot himself"
    re.compile(r"\b(?P<verb>killed|killing|shot)\s+(?P<q>himself|herself)\b", re.I),
    # "left De Guzman dead"
    re.compile(
        r"\b(?:leaving|left)\s+(?P<q>(?P<v>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}))\s+(?P<verb>dead)\b"
    ),
    # "A popular nightclub owner was killed": one person, whatever noun names them; the
    # verb says it is a person (things are destroyed or damaged, not killed or wounded).
    re.compile(
        rf"(?<![\w-])(?P<q>[Aa]n?)\s+(?P<v>(?:[\w'-]+\s+){{0,3}}?(?!{lx.TARGET_NOUN}\b)[a-z][\w'-]*[a-rt-z])\s+(?:who\s+)?was\s+(?:\w+\s+)?"
        r"(?P<verb>shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death|stabbed\s+to\s+death|fatally\s+(?:shot|stabbed|wounded)|"
        r"killed|murdered|slain|wounded|injured|shot(?!\s+(?:at|up|down)\b))\b"
    ),
    # "An Opelousas teen hospitalized after a weekend shooting has died": one person, who died
    re.compile(
        rf"(?<![\w-])(?P<q>[Aa]n?)\s+(?P<v>{MODIFIER}{{0,3}}?(?:{SINGULAR}|{KIN}))\s+(?:(?!and\b|or\b|whose\b)[\w'-]+\s+){{0,8}}?"
        r"(?:has\s+|had\s+|later\s+)?(?P<verb>died|succumbed)\b"
    ),
    # "killed a neighbor", "shot his wife's brother": one relative or neighbour as object
    re.compile(
        rf"\b(?:(?:shot|shoot|shooting|stabbed|stabbing)\s+and\s+)?(?P<verb>killing|killed|kills|kill|wounding|wounded|injuring|injured|shooting|shot)\s+(?P<q>an?)\s+(?P<v>(?:[\w'-]+\s+){{0,2}}?(?:{KIN}))\b",
        re.I,
    ),
    # "the shooting death of 5-year-old Austin Ramos Jr.": one named person
    re.compile(
        rf"\b(?P<verb>death|killing|murder|fatal\s+shooting|fatal\s+stabbing)\s+of\s+(?:(?:an?\s+)?{AGE}\s+)?(?P<q>(?P<v>(?!(?:{CALENDAR_NAME})\b)[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){{1,3}}))"
    ),
    # "cost 400,000 lives"
    re.compile(rf"\b(?P<verb>cost|claimed|took)\s+{Q}\s+(?P<v>lives)\b", re.I),
    # "death toll rose to 12"
    re.compile(
        rf"\b(?P<verb>death\s+toll|toll|number\s+of\s+(?:fatalities|dead|deaths))\s+(?:\w+\s+){{0,3}}?(?:to|at|of|is|was)\s+{Q}",
        re.I,
    ),
]
ACTIVE_OBJECT_RE = re.compile(
    r"\s+(?:and\s+(?:killed|wounded|injured)\s+)?(?:his|her|their|its|a|an|the|two|three|four|five|six|\d+|"
    rf"(?!(?:{CALENDAR_NAME})\b)[A-Z][a-z]+)\b"
)
PASSIVE_AUX_RE = re.compile(r"\b(?:was|were|been|being|are|is|got|get|gets)\b", re.I)
INCLUDING_RE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\s+(?:\w+\s+)?$", re.I
)


# What may stand between a name and its fate: an age (", 45,") or a short apposition
# (", a 24-year-old white female,"; ", who was sitting in his car,").
_NAME_APPOSITION = (
    r"(?:,\s*(?:an?\s+)?\d{1,3}(?:-year-old)?|,\s*(?:an?|the|who)\s+[^,.;:()]{1,60},)?,?"
)
NAMED_FATE_RE = re.compile(
    rf"^{_NAME_APPOSITION}\s+(?:who\s+)?(?:was|were|has\s+been|had\s+been|is|got)\s+(?:\w+\s+)?"
    r"(?P<verb>shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death|stabbed\s+to\s+death|fatally\s+(?:shot|stabbed|wounded)|"
    r"killed|murdered|found\s+dead|pronounced\s+dead|executed|assassinated|shot|wounded|injured|kidnapped|abducted)\b"
    rf"|^{_NAME_APPOSITION}\s+(?:later\s+)?(?P<died>died)\b",
    re.I,
)


# "four people were shot, one fatally": the killed among those shot.
SHOT_FATAL_RE = re.compile(
    rf",\s*{Q}\s+(?:of\s+(?:them|whom)\s+)?(?:fatally|(?:was|were)\s+(?:killed|dead)|died)\b", re.I
)
# "three people were killed and another critically injured"
ANOTHER_INJURED_RE = re.compile(
    r"\s*,?\s*(?:and|while)\s+(?:critically\s+|seriously\s+)?(?:wounding\s+|injuring\s+)?(?P<q>another|one\s+other)"
    r"(?:\s+(?:person|man|woman|victim|boy|girl))?(?:\s+(?:was|is))?(?:\s+(?:critically|seriously|also))?"
    r"(?:\s+(?P<verb>wounded|injured|hurt|shot))?",
    re.I,
)
# "42 civilians had been killed and 98 wounded": a second group, its own outcome.
SECOND_GROUP_FATE_RE = re.compile(
    rf"\s*,?\s*(?:and|while)\s+{Q}\s+(?:others?\s+|more\s+)?(?:{VICTIM}\s+)?(?:(?:were|was|are|is|have\s+been|had\s+been|has\s+been)\s+)?"
    r"(?:(?:also|badly|critically|seriously|severely|slightly|gravely)\s+)?"
    rf"(?P<verb>{INJURED}|{KILLED})\b",
    re.I,
)
# "three others - including two children - were wounded", "four others were in the hospital":
# the fate a second group states further on, after an aside (read from the group's end).
GROUP_OWN_FATE_RE = re.compile(
    rf"[^.;]{{0,60}}?\b(?:were|was|are|is|have\s+been|has\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?"
    rf"(?:(?P<verb>{INJURED}|{KILLED})\b|(?P<hospital>(?:in|at|taken\s+to)\s+(?:the\s+|a\s+)?(?:hospital|medical))\b)",
    re.I,
)
# "killed three soldiers and two civilians": a second group, same outcome.
SECOND_GROUP_RE = re.compile(rf"\s*,?\s*(?:and|as\s+well\s+as)\s+{Q}\s+{VICTIM}", re.I)
# "At least 21 passengers and four troops died": a group joined before the subject's own count,
# sharing its verb (searched in the text just before "four troops died").
FIRST_GROUP_RE = re.compile(rf"{Q}\s+{VICTIM}\s*,?\s+(?:and|as\s+well\s+as)\s+$", re.I)
# "Two soldiers, three policemen and four civilians were killed": the list's earlier groups.
LIST_GROUP_RE = re.compile(rf"{Q}\s+{VICTIM}\s*,\s*$", re.I)
# "..., and wounded 12": a second verb with its own count.
SECOND_VERB_RE = re.compile(
    rf"\s*,?\s*(?:and|while)\s+(?P<verb>wounded|injured|wounding|injuring|killed|killing)\s+{Q}(?:\s+{VICTIM})?",
    re.I,
)
# "... was taken to a hospital and pronounced dead": one person, named before.
PRONOUNCED_DEAD_RE = re.compile(
    r"\b(?:was|were)\s+(?:\w+\s+){0,12}?(?:and\s+)?pronounced\s+dead\b", re.I
)
PLURAL_SUBJECT_RE = re.compile(r"\b(?:were|both|all|two|three)\b", re.I)
# A status word right after a count phrase ("leaving one dead").
STATUS_AFTER_RE = re.compile(
    r"\s+(dead|killed|wounded|injured|in\s+(?:critical|serious|stable|grave|life-threatening)\s+condition)\b",
    re.I,
)
# "a teen hospitalized after a shooting has died": the wounded one died later in the clause
DIED_LATER_RE = re.compile(r"[^.;]{0,60}?\b(?:has|had|later|since)\s+died\b", re.I)
SHOT_KILLED_AFTER_RE = re.compile(r"\s+(?:and\s+killed|dead|to\s+death)", re.I)
FATALLY_BEFORE_RE = re.compile(r"(?:fatally|mortally)\s+$", re.I)
KILLED_VERB_RE = re.compile(
    r"kill|dead|died|slain|shooting\s+death|execut|murder|massacr|behead|shot\s+dead|lost|perish|cost|claimed|took|death|toll|number\s+of|was\s+pronounced|was\s+killed|was\s+fatally|fatally|fatal|succumbed"
)
ABDUCTED_VERB_RE = re.compile(r"kidnap|abduct|taken|held")
SUBJECT_FATE_RE = CASUALTY_RES[
    0
]  # "N <victims> were <verb>": the pattern the checks below single out
