"""English cue words the finders share: abbreviations, hit verbs, cues around dates.

Triggers, victim and actor nouns, weapons and attribution cues are in ``lexicon``;
casualty patterns in ``casualties``; place cues in ``places``; calendar words in ``words``.
"""

from __future__ import annotations

import re

# Words whose full stop does not end a sentence ("Gen. Petraeus", "U.S. forces").
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "cpl", "pvt", "st", "no", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k",
    "inc", "corp", "co", "jr", "sr", "gov", "sen", "rep", "rev", "vs", "etc", "e.g", "i.e", "mt", "ft",
    "a.m", "p.m", "approx", "dept", "est", "fig", "pres", "prof", "adm", "brig", "cmdr", "supt", "insp",
}  # fmt: skip

# Verbs (lemmas) whose object or passive subject is what an attack hit.
HIT_VERBS = {
    "hit", "strike", "target", "attack", "bomb", "shell", "destroy", "damage", "burn", "torch", "storm",
    "raid", "shoot", "down", "loot", "blow", "set", "explode", "ambush", "fire", "kill", "gun", "bring",
    "take", "knock", "lose",
}  # fmt: skip

# Words right before a date that make it something other than the event's day.
BIRTH_DATE_BEFORE_RE = re.compile(r"\b(?:DOB|D\.O\.B|born|birth)\W*$", re.I)
REPORTING_DATE_BEFORE_RE = re.compile(
    r"\b(?:said|says|told|reported|announced|stated|added|confirmed|claimed|arrested|charged|identified|"
    r"searching|searched|sentenced|released|arraigned|indicted|detained|booked|investigating)\s+(?:\w+\s+)?(?:on\s+)?$",
    re.I,
)
NAME_BEFORE_TODAY_RE = re.compile(r"[A-Z][\w.]*\s*\*?$")  # "Russia Today", "USA Today"

# A sentence telling an arrest as the follow-up of a crime ("arrested in connection with the
# shooting", "charged with murder"): the crime is the event, the arrest opens no report of its own.
CRIME_FOLLOW_UP_RE = re.compile(
    r"\b(?:shooting|shootings|shot|murder\w*|homicide|killing|stabbing|robber\w*|robbing|theft|"
    r"burglar\w*|carjack\w*|suspect\w*|in\s+connection\s+with|crash)\b",
    re.I,
)
