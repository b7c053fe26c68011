"""English place cues: the words around a name that say it is a place, and what kind.

Qualifiers before a name ("near", "the town of", "north of"), area words after it
("Idlib province"), datelines ("PATERSON --") and reporting agencies ("Richmond
Police said"), words that look like names but are not places. The geoparser keeps
cues of its own in ``geo/geoparse.py`` (a different owner's module; see the report
that moved these).
"""

from __future__ import annotations

import re

from warmonitor.lang.en.words import MONTH_NAMES, WEEKDAY_NAMES

# A qualifier ending right before a place name: "near", "in the town of", "north of".
LOCATIVE_RE = re.compile(
    r"(?P<q>near|close\s+to|outside|on\s+the\s+outskirts\s+of|in|at|over|above|across|around|into|from|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:of|countryside\s+of)|"
    r"(?:\w+ern\s+)?countryside\s+of|(?:the\s+)?(?:town|village|city|district|province|region|governorate|"
    r"neighbou?rhood|suburb|areas?|parts?|outskirts|camp|county)\s+of)\s+(?:the\s+)?$",
    re.I,
)
TOWN_OF_RE = re.compile(
    r"\b(?:town|village|city|district|province|governorate|neighbou?rhood|suburb|camp)\s+of\s+(?P<n>[A-Z][\w'’-]+(?:[\s-](?:al|el|ad|as|ar|ash|at|de|del|la|le|[A-Z][\w'’-]+))*)"
)

# Words after a name that make it an area (province or larger); "state" counts only
# for a name the gazetteer lacks.
AREA_WORDS = "province|governorate|region|oblast|county|department"
AREA_OF_BEFORE_RE = re.compile(
    r"(?:province|governorate|region|countryside)\s+of\s+(?:the\s+)?$", re.I
)

# Country names pycountry lacks or spells otherwise.
COUNTRY_ALIASES = frozenset(
    {
        "syria",
        "russia",
        "iran",
        "us",
        "u.s.",
        "united states",
        "america",
        "britain",
        "uk",
        "turkey",
        "south korea",
        "north korea",
        "vietnam",
        "laos",
        "congo",
        "the united states",
        "el salvador",
    }
)

# A name after "near"/"close to" that neither NER nor the gazetteer caught.
LOCATIVE_NAME_RE = re.compile(
    r"\b(?:near|close\s+to|outside|on\s+the\s+outskirts\s+of|in\s+the\s+(?:town|village|city|district|neighbou?rhood)\s+of|"
    r"near\s+the\s+(?:town|village|city)\s+of)\s+(?P<n>[A-Z][\w'\u2019-]+(?:[\s-](?:al|el|ad|as|ar|ash|at|[A-Z][\w'\u2019-]+))*)"
)
NOT_PLACE_WORDS = {w.lower() for w in (*WEEKDAY_NAMES, *MONTH_NAMES)} | {
    "the", "a", "an", "his", "her", "their",
}  # fmt: skip

# Words NER and gazetteers take for places that are languages or peoples.
NOT_A_PLACE_RE = re.compile(
    r"^(?:English|French|Arabic|Spanish|Russian|German|Chinese|Mandarin|Persian|Farsi|Turkish|Kurdish|Hebrew|"
    r"Urdu|Pashto|Dari|Portuguese|Hindi|Swahili|Amharic|Somali|Hausa|Italian|Japanese|Korean)$"
)

# Story datelines and local reporting agencies, for a main report with no other place.
DATELINE_RE = re.compile(
    r"(?P<n>[A-Z][A-Z.'-]+(?:[ -][A-Z][A-Z.'-]+){0,3})(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?"
    r"\s*(?:\([^)\n]{1,30}\))?\s*(?:--|\u2013|\u2014|-)\s"
)
AGENCY_RE = re.compile(
    r"\b(?:the\s+)?(?P<n>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}?)(?:\s+County)?\s+(?:Police|Sheriff'?s?|Fire|Metro\s+Police)"
    r"(?:\s+(?:Department|Dept\.?|Office|Bureau))?\b"
)
