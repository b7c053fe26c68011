"""Folding surface forms into lookup keys, and stripping the junk around broken actor phrases.

Keys are built the same way for dictionary aliases and for surface forms, so spelling variants
meet: lowercase, no diacritics, no punctuation, no possessive ``'s``, no Arabic article
(``al-``/``el-``/``ash-``...), doubled letters collapsed (Shabaab = Shabab).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"(?<=\w)['’ʼ`]s\b", re.IGNORECASE)
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`‘](?=\w)")
# A sun-letter article written as pronounced (ad-Dawla, ash-Sham) is the article al-.
_SUN_ARTICLE = re.compile(r"\b(?:el|ad|adh|as|ash|at|ath|az|an|ar|ul)-(?=\w)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DOUBLED = re.compile(r"(.)\1+")
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
# Names whose final -s is not a plural ("Hamas" must not meet the city of Hama).
_SINGULAR_S = frozenset({"hamas", "abbas", "homs", "texas", "paris", "tunis", "damascus", "lagos"})
# Dropped from keys on both sides: the article and a lone "s" left of a split possessive.
_DROPPED_TOKENS = frozenset({"al", "s"})


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for word lists kept readable)."""
    return frozenset(text.split())


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of ``text`` in their original case, possessives and inner apostrophes removed."""
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)  # U.S. -> US
    text = _POSSESSIVE.sub("", text)
    text = _INNER_APOSTROPHE.sub("", text)
    text = _SUN_ARTICLE.sub("al-", text)
    return _WORD.findall(strip_diacritics(text))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One word as it appears in keys ("" when the word is dropped from keys)."""
    low = word.casefold()
    if low in _DROPPED_TOKENS:
        return ""
    if len(low) <= 3:  # short acronyms stay as written (AA, M23)
        return low
    # Doubled letters are spelling noise in transliterated names; a plural -s is number, not
    # name ("separatist"/"separatists"): both sides of a lookup drop them alike.
    low = _DOUBLED.sub(r"\1", low)
    if len(low) > 4 and low.endswith("s") and not low.endswith("ss") and low not in _SINGULAR_S:
        low = low[:-1]
    return low


def fold(text: str) -> str:
    """The lookup key of a phrase: ``"al-Shabaab's"`` and ``"AL SHABAB"`` give ``"shabab"``."""
    return " ".join(w for w in (fold_word(x) for x in words(text)) if w)


# Leading words that are never part of an actor's name: broken sentence fragments ("then",
# "and"), articles, quantifiers, hedges ("suspected", "so-called") and framing ("belonging to").
LEADING_JUNK = wordset("""
    then and or but s the a an by of to from with as when while after before that which who
    whom whose were was are had has have been being also even reportedly allegedly alleged
    suspected presumed purported apparent so called self styled proclaimed declared banned
    outlawed proscribed illegal notorious feared dreaded local rival some several many few
    dozens dozen hundreds scores numerous least at more than about around nearly almost over
    up other another two three four five six seven eight nine ten eleven twelve fifteen twenty
    thirty forty fifty hundred thousands both all these those their its his her them belonging
    members member including among
    """)
# Multi-word framings removed as a whole (folded form).
LEADING_PHRASES = (
    "belonging to",
    "linked to",
    "affiliated with",
    "loyal to",
    "members of",
    "member of",
    "fighters of",
    "fighters from",
    "militants from",
    "militants of",
    "so called",
    "self styled",
    "self proclaimed",
)


_PHRASE_PARTS = tuple(tuple(phrase.split()) for phrase in LEADING_PHRASES)


def strip_leading_junk(tokens: list[str]) -> list[str]:
    """``["then", "gunmen"]`` -> ``["gunmen"]``; tokens are words (any case); digits go too."""
    low = [t.casefold() for t in tokens]
    at, n = 0, len(tokens)
    while at < n - 1:
        for parts in _PHRASE_PARTS:
            size = len(parts)
            if n - at > size and tuple(low[at : at + size]) == parts:
                at += size
                break
        else:
            if low[at] in LEADING_JUNK or low[at].isdigit():
                at += 1
                continue
            break
    return list(tokens[at:])
