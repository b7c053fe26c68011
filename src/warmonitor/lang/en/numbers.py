"""Counting words: how many people a phrase says were killed or hurt.

News writes counts as digits ("42"), words ("five", "twenty-one"), vague
quantities ("dozens", "hundreds") and bounded phrases ("at least nine", "more
than 800", "between 10 and 15", "up to 30"). ``parse_count`` turns one such
phrase into a UCDP-style :class:`~warmonitor.records.Count` (low/best/high,
with ``best`` the conservative reading, as ACLED codes it). ``QUANTITY`` is the
regular expression the extractor uses to find those phrases inside sentences.
"""

from __future__ import annotations

import re

from warmonitor.records import Count

UNITS: dict[str, int] = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "lone": 1,
    "two": 2,
    "both": 2,
    "pair": 2,
    "couple": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, int] = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}

# Vague plurals: (the least the word says, the figure ACLED codes it as). "Several killed" is at
# least three, and ACLED records it as 10: "dozens" 12, "hundreds" 100, "several"/"many" 10.
VAGUE: dict[str, tuple[int, int]] = {
    "dozens": (12, 12),
    "scores": (20, 20),
    "hundreds": (100, 100),
    "thousands": (1000, 1000),
    "tens of thousands": (10_000, 10_000),
    "hundreds of thousands": (100_000, 100_000),
    "millions": (1_000_000, 1_000_000),
    "several": (3, 10),
    "many": (3, 10),
    "numerous": (3, 10),
    "a few": (2, 3),
    "few": (2, 3),
    "a handful of": (2, 3),
    "a number of": (2, 3),
}

_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(sorted(list(TENS) + [w for w in UNITS if len(w) > 2], key=len, reverse=True))
    + r")(?:[\s-]+(?:and[\s-]+)?(?:"
    + "|".join(sorted(list(TENS) + list(UNITS) + list(SCALES), key=len, reverse=True))
    + r"))*)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:thousand|million))?"
NUMBER = rf"(?:{_DIGITS}|{_WORD_NUMBER}|a\s+dozen|a\s+hundred|a\s+thousand|an?)"
_VAGUE_RE = (
    r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores|hundreds|thousands|"
    r"millions|several|many|numerous|a\s+few|a\s+handful\s+of|a\s+number\s+of)"
)
_LOWER = r"(?:at\s+least|no\s+(?:fewer|less)\s+than|more\s+than|over|in\s+excess\s+of|upwards\s+of|a\s+minimum\s+of)"
_UPPER = r"(?:up\s+to|as\s+many\s+as|nearly|almost|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|under)"
_APPROX = (
    r"(?:about|around|approximately|roughly|some|an\s+estimated|estimated|close\s+to|nearly|almost)"
)
_RANGE = (
    rf"(?:between\s+{NUMBER}\s+and\s+{NUMBER}|from\s+{NUMBER}\s+to\s+{NUMBER}"
    rf"|{_DIGITS}\s*(?:-|–)\s*{_DIGITS}|{NUMBER}\s+(?:to|or)\s+{NUMBER})"
)

# A count phrase as it appears in running text; the extractor anchors it to victim nouns.
QUANTITY = (
    rf"(?:all\s+(?:the\s+)?(?:{NUMBER})?|{_RANGE}|(?:(?:{_LOWER}|{_UPPER}|{_APPROX})\s+)?{NUMBER}"
    rf"|{_VAGUE_RE}(?:\s+of)?)"
)

_NUM_TOKEN = re.compile(r"[a-z]+|\d[\d,]*(?:\.\d+)?", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """An integer from digits or English number words; None when it is not a number.

    >>> parse_number("twenty-one"), parse_number("1,200"), parse_number("2.5 million")
    (21, 1200, 2500000)
    """
    words = [w.lower() for w in _NUM_TOKEN.findall(text.replace("-", " "))]
    words = [w for w in words if w != "and"]
    if not words:
        return None
    total = 0
    current = 0
    seen = False
    for word in words:
        if word[0].isdigit():
            try:
                value = float(word.replace(",", ""))
            except ValueError:
                return None
            current += value  # type: ignore[assignment]
            seen = True
        elif word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word in SCALES:
            current = (current or 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    return int(round(total + current))


_RANGE_RE = re.compile(
    rf"^(?:between\s+(?P<a>{NUMBER})\s+and\s+(?P<b>{NUMBER})|from\s+(?P<c>{NUMBER})\s+to\s+(?P<d>{NUMBER})"
    rf"|(?P<e>{_DIGITS})\s*(?:-|–)\s*(?P<f>{_DIGITS})|(?P<g>{NUMBER})\s+(?:to|or)\s+(?P<h>{NUMBER}))$",
    re.IGNORECASE,
)
_QUALIFIED_RE = re.compile(
    rf"^(?:(?P<lower>{_LOWER})|(?P<upper>{_UPPER})|(?P<approx>{_APPROX}))\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ALL_RE = re.compile(r"^all\s+(?:the\s+|of\s+the\s+)?(?P<rest>.*)$", re.IGNORECASE)
_CREW_OF = re.compile(r"\b(?:a\s+)?crew\s+of\s+", re.IGNORECASE)
_NUMBER_RE = re.compile(rf"^{NUMBER}$", re.IGNORECASE)
_LEADING_NUMBER = re.compile(rf"^(?P<num>{NUMBER})(?=\s|$)", re.IGNORECASE)
_VAGUE_LEAD = re.compile(rf"^(?P<v>{_VAGUE_RE})(?:\s+of)?\b", re.IGNORECASE)


def _exact(n: int) -> Count:
    return Count(low=n, best=n, high=n)


def _parse_simple(phrase: str) -> Count | None:
    """One quantity without conjunctions: "at least nine", "dozens", "2 pilots"."""
    phrase = phrase.strip(" ,.;:")
    if not phrase:
        return None
    match = _ALL_RE.match(phrase)
    if match:
        rest = match.group("rest")
        lead = _LEADING_NUMBER.match(rest)
        if lead and lead.group("num").lower() not in ("a", "an"):
            n = parse_number(lead.group("num"))
            if n is not None:
                return _exact(n)
        # "all crew on board": the whole group, number not given.
        return Count(phrase=phrase)
    match = _RANGE_RE.match(phrase)
    if match:
        a = match.group("a") or match.group("c") or match.group("e") or match.group("g")
        b = match.group("b") or match.group("d") or match.group("f") or match.group("h")
        lo, hi = parse_number(a), parse_number(b)
        if lo is not None and hi is not None:
            lo, hi = min(lo, hi), max(lo, hi)
            return Count(low=lo, best=lo, high=hi)
    match = _QUALIFIED_RE.match(phrase)
    if match:
        inner = _parse_simple(match.group("rest"))
        if inner is None or inner.best is None:
            return None
        n = inner.best
        if match.group("lower"):
            return Count(low=n, best=n, high=None)
        if match.group("upper"):
            return Count(low=None, best=n, high=n)
        return Count(low=None, best=n, high=None)
    match = _VAGUE_LEAD.match(phrase)
    if match:
        key = re.sub(r"\s+", " ", match.group("v").lower())
        low, best = VAGUE[key]
        # The word stays as the phrase: the figure is coded from it, not stated (Count.is_vague).
        return Count(low=low, best=best, high=None, phrase=key)
    lead = _LEADING_NUMBER.match(phrase)
    if lead:
        n = parse_number(lead.group("num"))
        if n is not None:
            return _exact(n)
    return None


def parse_count(phrase: str) -> Count | None:
    """A count phrase to low/best/high; None when the phrase holds no count.

    Sums conjoined groups ("a crew of three and two officers" = 5) and keeps the
    phrase when the text names a group without a number ("all crew on board").
    """
    text = re.sub(r"\s+", " ", phrase.strip())
    text = _CREW_OF.sub("", text)
    parts = re.split(r",?\s+(?:and|plus)\s+|,\s+", text)
    if len(parts) > 1 and not _RANGE_RE.match(text) and not text.lower().startswith("between"):
        counts = [_parse_simple(p) for p in parts]
        numeric = [c for c in counts if c is not None and c.best is not None]
        if len(numeric) == len(parts):
            return _sum_counts(numeric)
    return _parse_simple(text)


def _sum_counts(counts: list[Count]) -> Count:
    def total(values: list[int | None]) -> int | None:
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    return Count(
        low=total([c.low for c in counts]),
        best=total([c.best for c in counts]),
        high=total([c.high for c in counts]),
        phrase=next((c.phrase for c in counts if c.phrase), None),  # a vague part: still vague
    )


def is_number(text: str) -> bool:
    """True when the whole text is one number (digits or words)."""
    return bool(_NUMBER_RE.match(text.strip())) and parse_number(text) is not None
