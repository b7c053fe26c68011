"""Bytes to text: UTF-8, else a detected legacy encoding if the result reads like language.

Random bytes decode "successfully" in some legacy code page almost every time (cp1251, mac_greek,
shift_jis...), so a detected encoding is trusted only when the text it gives is made of letters of
one script family, spaces and ordinary punctuation; anything else is binary data.
"""

from __future__ import annotations

import unicodedata

from warmonitor.sources.base import InputError

_SAMPLE_CHARS = 4000
_MIN_LEGACY_BYTES = 16  # shorter than this, any byte soup "decodes"; only UTF-8 is believed
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK"}  # Japanese mixes these


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16) or many control characters in the first 8 KB."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def reads_like_language(text: str) -> bool:
    """Letters of one script family with spaces and punctuation, as any human text is."""
    sample = text[:_SAMPLE_CHARS]
    if not sample.strip():
        return False
    families: dict[str, int] = {}
    letters = odd = spaces = 0
    for ch in sample:
        category = unicodedata.category(ch)
        if ch.isspace():
            spaces += 1
        elif category[0] == "L":
            letters += 1
            family = unicodedata.name(ch, "OTHER").split(" ")[0]
            family = _SCRIPT_FAMILY.get(family, family)
            families[family] = families.get(family, 0) + 1
        elif category[0] in "NMP":
            continue
        else:  # symbols, controls, private use, unassigned: rare in prose, common in noise
            odd += 1
    if letters == 0 or odd / len(sample) > 0.05:
        return False
    main = max(families.values())
    # A text may mix Latin with its own script (names, acronyms), not three scripts at random.
    latin = families.get("LATIN", 0)
    if (main + (latin if main != latin else 0)) / letters < 0.9:
        return False
    cjk = (families.get("CJK", 0) + families.get("HANGUL", 0)) / letters > 0.5
    return cjk or len(sample) < 40 or spaces / len(sample) > 0.03


def decode_bytes(source: str, data: bytes, warnings: list[str]) -> str:
    """Text from bytes: UTF-8 if it is, else a detected encoding that reads like language."""
    if looks_binary(data):
        raise InputError(source, "binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:  # valid UTF-8 by chance is common for short random bytes; ASCII needs no second look
        if text.isascii() or reads_like_language(text):
            return text
        raise InputError(source, "binary data, not text (no language reads like this)")
    if len(data) >= _MIN_LEGACY_BYTES:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding and reads_like_language(str(best)):
            warnings.append(f"decoded as {best.encoding}, not UTF-8")
            return str(best)
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") / len(text) > 0.02 or not reads_like_language(text):
        raise InputError(source, "binary data, not text (not UTF-8 and no encoding fits)")
    warnings.append("undecodable bytes replaced")
    return text
