"""Text patterns around a place name: locative cues before it, kind words after it."""

from __future__ import annotations

import re

_DIRECTIONS = (
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?"
)
_NAME_WORD = r"[A-Z][\w'’ʿ]*(?:-[A-Za-z][\w'’ʿ]*)*"
_ARTICLE = r"(?:al|el|ad|adh|an|ar|as|ash|at|ath|az|ad-d|es|ash-sh)-"
_NAME = rf"{_NAME_WORD}(?:[ \u00a0](?:{_ARTICLE}[A-Za-z][\w'’ʿ]*|{_NAME_WORD}))*"

# Words after a name that say what kind of place it is.
_ADMIN_SUFFIX = re.compile(
    r"^\s+(province|governorate|region|district|countryside|county|state|oblast|prefecture)\b",
    re.I,
)
# "Aleppo's western countryside", "the Idlib countryside", "Hama's northern outskirts".
_COUNTRYSIDE_SUFFIX = re.compile(
    rf"^(?:'s|’s)?\s+(?P<q>(?:{_DIRECTIONS}\s+)?(?:countryside|outskirts|suburbs))\b", re.I
)
_AIR_SUFFIX = re.compile(
    r"^\s+(air\s?base|airbase|air\s+force\s+base|airport|airfield|military\s+airport|air\s+field)\b",
    re.I,
)
# Cues before a name, longest first; group "q" is the qualifier kept.
_AIR_TAIL = re.compile(
    r"\s+(air\s?base|airbase|air\s+force\s+base|airport|airfield|military\s+airport|air\s+field)$",
    re.I,
)
_TARGET_VERBS = {
    "shelled", "bombed", "bombarded", "struck", "attacked", "stormed", "captured", "seized",
    "recaptured", "retook", "besieged", "raided", "overran", "liberated", "shelling", "bombing",
    "pounded", "targeted", "hit", "invaded", "occupied", "evacuated", "encircled",
}  # fmt: skip
_CUES = [
    (
        re.compile(
            rf"(?<!\w)(?P<q>(?:the\s+)?(?:{_DIRECTIONS}\s+)?countryside\s+of)\s+(?:the\s+)?$",
            re.I,
        ),
        "countryside",
    ),
    # Outskirts and suburbs are of the town itself: near it, not its province.
    (
        re.compile(
            rf"(?<!\w)(?P<q>(?:the\s+)?(?:{_DIRECTIONS}\s+)?(?:outskirts|suburbs)\s+of)\s+(?:the\s+)?$",
            re.I,
        ),
        "near",
    ),
    (
        re.compile(
            r"(?<!\w)(?P<q>(?:near|close\s+to|outside|around|nearby)\s+(?:the\s+)?(?:town|village|city|hamlet|settlement)\s+of)\s+$",
            re.I,
        ),
        "near",
    ),
    (
        re.compile(
            r"(?<!\w)(?P<q>(?:the\s+)?(?:town|village|city|hamlet|settlement|district|province|governorate|region)\s+of)\s+$",
            re.I,
        ),
        "of",
    ),
    (
        re.compile(
            rf"(?<!\w)(?P<q>(?:\d+\s*(?:km|kilometres|kilometers|miles|mi)\s+)?{_DIRECTIONS}\s+of)\s+$",
            re.I,
        ),
        "near",
    ),
    (
        re.compile(
            r"(?<!\w)(?P<q>near|close\s+to|outside|nearby|on\s+the\s+outskirts\s+of|just\s+outside)\s+$",
            re.I,
        ),
        "near",
    ),
    (re.compile(r"(?<!\w)(?P<q>over|above)\s+(?:the\s+)?$", re.I), "over"),
    (
        re.compile(
            r"(?<!\w)(?P<q>in|at|into|from|across|towards?|around|inside|throughout)\s+(?:the\s+)?$",
            re.I,
        ),
        "in",
    ),
    # Where a person named just before lives: "Jeremy Watson, 30, of Ten Mile".
    (re.compile(r"(?<=[\w.]),\s+(?P<q>of)\s+$"), "in"),
    # The object of a verb of attack or capture is where it happened ("shelled
    # Saraqib", "recaptured Kherson"): NER often calls such a town ORG.
    (
        re.compile(rf"(?<!\w)(?P<q>{'|'.join(sorted(_TARGET_VERBS))})\s+$", re.I),
        "in",
    ),
]
_HALFWAY = re.compile(r"\b(?:halfway|midway|half-way)\s+between\s+$", re.I)
_CANDIDATE_RE = re.compile(_NAME)

_STRONG_LABELS = {"GPE", "LOC", "FAC"}
_WEAK_LABELS = {"NORP", "ORG", "PERSON"}
_STRONG_CUES = {"near", "countryside", "of"}
_STOP_NAMES = {
    "the", "a", "an", "this", "that", "these", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "i", "we", "he", "she",
    "it", "they", "mr", "mrs", "ms", "dr", "president", "state", "god", "west", "east",
    "north", "south", "the west", "the east", "the north", "the south", "earth", "city",
    "central", "southern", "northern", "eastern", "western", "union", "metro", "commonwealth",
    "centre", "center", "saint", "national", "international", "united", "county",
}  # fmt: skip


_CUE_LAST_WORDS = {
    "of", "near", "to", "outside", "nearby", "over", "above", "in", "at", "into", "from",
    "across", "toward", "towards", "around", "inside", "throughout", *_TARGET_VERBS,
}  # fmt: skip


def _cue_before(text: str, start: int) -> tuple[str | None, str | None]:
    window = text[max(0, start - 60) : start]
    # Cheap test first: every cue ends with one of a few words (before "the").
    words = window[-20:].lower().split()
    if words and words[-1] == "the":
        words.pop()
    if not words or words[-1] not in _CUE_LAST_WORDS:
        return None, None
    for pattern, kind in _CUES:
        m = pattern.search(window)
        if m:
            return kind, re.sub(r"\s+", " ", m.group("q")).strip().lower()
    return None, None


_LEADING_THE = re.compile(r"(?i)the\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ADMIN_QUALIFIER = re.compile(r"province|governorate|region|district")


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim articles, possessives and punctuation that NER leaves on a span."""
    s = text[start:end]
    m = _LEADING_THE.match(s)
    if m and len(s) > m.end():
        start += m.end()
    s = text[start:end]
    m = _POSSESSIVE.search(s)
    if m:
        end -= len(m.group(0))
    while end > start and text[end - 1] in '.,;:!?"”)':
        end -= 1
    return start, end
