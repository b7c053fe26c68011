"""Place names: ASCII folding, the normalised lookup key and the consonant skeleton.

Names are matched on a normalised key (``normalize``: diacritics, apostrophe-like
marks and Arabic articles removed) and, as a fallback, on a consonant skeleton
(``skeleton``) that makes common transliteration variants meet (Saraqeb/Saraqib,
Idleb/Idlib, Khmeimim/Hmeimim/Humaymim).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like marks that transliterations use for ayn/hamza: dropped, not spaced.
_MARKS = "'`´ʿʾʼʻ’‘′ʹ"
_MARKS_RE = re.compile(f"[{re.escape(_MARKS)}]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Arabic article forms; "al"/"el" also stand alone ("Al Bab"), the assimilated
# forms ("ash-Shaykh", "as-Suwayda") only when hyphen-attached.
_ARTICLE_FREE = {"al", "el"}
_ARTICLE_HYPHEN = re.compile(
    r"(?<![a-z])(?:al|el|ad|adh|an|ar|as|ash|at|ath|az|ud|ul|ul|ed|es|esh|et|ez|er|en)-(?=[a-z])"
)


# Latin letters that Unicode does not decompose into a base letter plus marks.
_FOLD = str.maketrans(
    {
        "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th",
        "Þ": "Th", "ħ": "h", "Ħ": "H", "ŋ": "ng", "ŧ": "t", "ĸ": "k", "ſ": "s",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
    }
)  # fmt: skip


def ascii_fold(name: str) -> str:
    """Latin-script text without diacritics ("Ḩalab" -> "Halab", "Łódź" -> "Lodz").

    Other scripts lose their letters: only Latin-script names are indexed.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """The lookup key of a name: ASCII, lower case, no marks, no Arabic article."""
    s = _MARKS_RE.sub("", name)
    s = ascii_fold(s).lower()
    s = s.replace("'", "").replace("`", "")
    s = _ARTICLE_HYPHEN.sub(" ", s)
    tokens = [t for t in _NON_ALNUM.split(s) if t]
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in _ARTICLE_FREE] or tokens
    return " ".join(tokens)


# Transliteration rules, applied in order. French "ou" is English "u"/"w"
# (Ouagadougou/Wagadugu); Cyrillic "zh" is also written "j" (Zaporizhzhia/Zaporojie);
# "kh"/"h", "q"/"k", "sh"/"ch", "j"/"y" join Arabic romanisations.
_SKELETON_SUBS = (
    ("ou", "u"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("w", "u"),
    ("j", "y"),
)
_VOWELS = set("aeiouy")
_DROP_VOWELS = str.maketrans("", "", "aeiouy")
_DOUBLED_RE = re.compile(r"(.)\1+")
_SKELETON_ARTICLES = {
    "al",
    "el",
    "ad",
    "adh",
    "an",
    "ar",
    "as",
    "ash",
    "at",
    "ath",
    "az",
    "ez",
    "es",
    "ed",
    "er",
    "en",
    "esh",
    "ud",
    "ul",
}


def skeleton(key: str) -> str:
    """A coarse key of consonants that lets transliteration variants meet.

    "saraqeb" and "saraqib" -> "srkb"; "khmeimim", "hmeimim", "humaymim" -> "hmmm".
    The first letter is kept; an initial vowel becomes "a" ("idlib", "edleb" -> "adlb").
    """
    parts = []
    words = key.split()
    if len(words) > 1:
        # Spaced assimilated articles ("Deir ez Zor") only matter for this fallback key.
        words = [w for w in words if w not in _SKELETON_ARTICLES] or words
    for word in words:
        w = _DOUBLED_RE.sub(r"\1", word)  # doubled letters (Aleppo/Alepo)
        if w.endswith("ah") and len(w) > 3:
            w = w[:-1]  # Arihah/Ariha, Raqqah/Raqqa
        for a, b in _SKELETON_SUBS:
            w = w.replace(a, b)
        if not w:
            continue
        # Initial vowels are one class ("Idlib"/"Edleb", "Ouagadougou"/"Wagadugu").
        w = _DOUBLED_RE.sub(r"\1", w)  # doubles the rules made ("zhzh" -> "jj")
        head = "a" if w[0] in _VOWELS else w[0]
        w = head + w[1:].translate(_DROP_VOWELS)
        parts.append(w)
    return " ".join(parts)


# Letters outside the Latin blocks (Basic Latin to Latin Extended-B, IPA and
# modifier letters, combining marks, Latin Extended Additional, punctuation).
_NON_LATIN_RE = re.compile(r"[^\u0000-\u036F\u1E00-\u1EFF\u2000-\u206F]")


def is_latin(name: str) -> bool:
    if name.isascii():
        return True
    if not _NON_LATIN_RE.search(name):
        return True
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def useful_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing for English text.

    GeoNames alternate lists carry other scripts, lower-case romanisations of
    them ("adlb", "yi de li bo") and airport codes ("ALP"): none of them is how
    an English article writes the place, and each would add false matches.
    """
    if len(name) < 2 or not is_latin(name):
        return False
    if not name[0].isupper():
        return False
    letters = [c for c in name if c.isalpha()]
    return not (len(letters) <= 4 and all(c.isupper() for c in letters))


def _initial_vowel(key: str) -> bool:
    """Starts with a vowel sound: a vowel, or "w"/"ou" before a vowel (Wagadugu)."""
    return key[:1] in _VOWELS or (key[:1] == "w" and key[1:2] in _VOWELS)


def close_enough(a: str, b: str) -> bool:
    """Skeleton hits must still look alike: same first letter, similar length."""
    from rapidfuzz.fuzz import ratio

    if (
        a[:1] != b[:1]
        and not (a[:2] == "kh" and b[:1] == "h")
        and not (b[:2] == "kh" and a[:1] == "h")
        and not (_initial_vowel(a) and _initial_vowel(b))
    ):
        return False
    # Short skeletons ("nrb") join unrelated names (Nayrab/Nairobi), so they need a
    # closer spelling than long ones ("hmmm": Humaymim/Hmeimim).
    consonants = len(skeleton(a).replace(" ", ""))
    return ratio(a, b) >= (60 if consonants >= 4 else 72)
