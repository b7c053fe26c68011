"""Cleaning: the text of a news page without the page around it.

Real pages carry gallery counters and captions, photo credits, "Read more"
links, social-media footers, reading-time lines and paragraphs split by page
breaks. Later stages point their spans into the text this module returns, so
cleaning happens once, here, and the cleaned text is what the store keeps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Photo agencies and the shapes their credit lines take ("AFP via Getty Images",
# "EPA", "Syrian civil defense White helmets via AP", "Photo: Reuters").
_AGENCY = (
    r"(?:AFP|AP|EPA(?:-EFE)?|Reuters|Getty(?:\s+Images)?|Anadolu(?:\s+Agency)?|"
    r"Shutterstock|Xinhua|SANA|PA(?:\s+Images)?|Alamy|dpa|TASS|Sputnik|UPI|NurPhoto|"
    r"SOPA\s+Images|LightRocket|Zuma(?:\s+Press)?|Pool|File|Handout)"
)
_CREDIT_LINE = re.compile(
    rf"^(?:(?:photo|image|picture|credit|source)s?\s*(?:credit)?\s*[:/]\s*)?"
    rf"(?:(?:[\w.'’-]+\s+){{0,6}}(?:via|/)\s*)?{_AGENCY}"
    rf"(?:\s*(?:via|/|,)\s*{_AGENCY})*\s*(?:photo|images?)?\s*$",
    re.IGNORECASE,
)
# A caption ending in a bracketed or parenthesised credit: "... in the week [AFP/Getty]".
_CAPTIONED_CREDIT = re.compile(
    rf"[\[(]\s*{_AGENCY}(?:\s*(?:/|via|,)\s*{_AGENCY})*\s*[\])]\s*$", re.I
)
_GALLERY_COUNTER = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")
_READ_MORE = re.compile(
    r"^(?:\*\*)?(?:read|see|watch|listen)\s+(?:more|also|next|this)\s*[:>-]", re.IGNORECASE
)
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:stories|articles|coverage|content))?|recommended)\s*:", re.I
)
_FOLLOW_US = re.compile(r"^(?:follow|like|join)\s+us\s+on\b", re.IGNORECASE)
_SHARE = re.compile(
    r"^(?:share\s+(?:this|on)|click\s+here\s+to|sign\s+up\s+for|subscribe\s+to)\b", re.I
)
_CONTACT = re.compile(
    r"^(?:to\s+contact\b|contact\s+us\b|for\s+(?:more\s+information|inquiries),?\s+contact\b)", re.I
)
_READING_TIME = re.compile(r"^\d{1,3}\s*(?:min(?:ute)?s?)\.?\s+read$", re.IGNORECASE)
_WITH_AGENCIES = re.compile(
    r"^[–—-]?\s*(?:with\s+(?:agencies|wires)|additional\s+reporting\s+by\b.*)$", re.I
)
# Linear-time patterns (hostile input: 100 KB of "_" once took minutes). A link-only line is its
# emphasis marks and spaces stripped by str.strip, then one anchored, unambiguous fullmatch; a
# Markdown link's text and target cannot hold the brackets that open another, and an emphasis
# span cannot hold its own marker, so no match attempt scans past the next opening.
_LINK_MARKS = "*_ \t\n\r\f\v"
_LINK_CORE = re.compile(
    r"\[[^\[\]]*\]\([^()]*\)|<?https?://\S+>?|www\.\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/\S*"
)
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = (
    re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"),
    re.compile(r"__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"),
    re.compile(r"\*(?=\S)([^*]+?)(?<=\S)\*"),
    re.compile(r"_(?=\S)([^_]+?)(?<=\S)_"),
)
MAX_RUN_CHARS = 200
_OVERLONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_END_OF_SENTENCE = re.compile(r"[.!?:;\"”’')\]…]$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True, slots=True)
class CleanResult:
    text: str
    title: str | None
    removed: tuple[str, ...]  # the paragraphs dropped as noise, for audit and tests


def normalize_text(raw: str) -> str:
    """Unicode NFC, one kind of newline, no control characters, no trailing blanks."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\u00a0", " ").replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def strip_markdown(line: str) -> str:
    """Links to their text, emphasis markers and heading marks removed."""
    line = _MD_HEADING.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    for emphasis in _MD_EMPHASIS:
        line = emphasis.sub(r"\1", line)
    return line


def is_link_only(paragraph: str) -> bool:
    """A paragraph that is nothing but a link or a URL, perhaps in emphasis marks."""
    return bool(_LINK_CORE.fullmatch(paragraph.strip(_LINK_MARKS)))


def drop_overlong_runs(paragraph: str, removed: list[str]) -> str:
    """The paragraph without runs of over MAX_RUN_CHARS non-space characters.

    No word or readable URL is that long; such a run is a rule line ("_____"), an encoded blob
    or a pasted dump. Left in, it costs the tokenizer time quadratic in its length (a 20,000
    character run of "_" took two minutes to parse), so it goes, recorded in ``removed``.
    """
    if len(paragraph) <= MAX_RUN_CHARS:
        return paragraph

    def cut(match: re.Match[str]) -> str:
        removed.append(match.group()[:80] + "…")
        return " "

    return _OVERLONG_RUN.sub(cut, paragraph)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; lines inside one are joined by a space."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if lines:
            # Hard-wrapped prose is one paragraph; a block of short standalone lines
            # (headline, byline, dateline, caption) is judged line by line.
            paragraphs.extend([" ".join(lines)] if _is_prose(lines) else lines)
    return paragraphs


def _is_prose(lines: list[str]) -> bool:
    # Hard-wrapped prose (lines ending mid-sentence) is joined; short standalone
    # lines (headline + dateline) stay apart so each can be judged on its own.
    return (
        len(lines) > 1
        and all(not _END_OF_SENTENCE.search(ln) for ln in lines[:-1])
        and all(len(ln) > 40 for ln in lines[:-1])
    )


def is_credit(paragraph: str) -> bool:
    return len(paragraph) <= 120 and bool(_CREDIT_LINE.match(paragraph))


def is_boilerplate(paragraph: str) -> bool:
    """Lines that are never part of a report, wherever they stand."""
    p = paragraph.strip()
    return bool(
        is_credit(p)
        or _READ_MORE.match(p)
        or _RELATED.match(p)
        or _FOLLOW_US.match(p)
        or _SHARE.match(p)
        or _CONTACT.match(p)
        or _READING_TIME.match(p)
        or _WITH_AGENCIES.match(p)
        or is_link_only(p)
        or (len(p) < 300 and _CAPTIONED_CREDIT.search(p))
    )


def gallery_spans(paragraphs: list[str]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of photo galleries: counters "1/23" with their captions.

    A gallery is two or more counters of the same total. Each item is a counter,
    an optional caption and an optional credit; after the last counter only a
    credit, or a caption followed by a credit, still belongs to it.
    """
    counters = [
        (i, m.group(2))
        for i, p in enumerate(paragraphs)
        if (m := _GALLERY_COUNTER.match(p.strip()))
    ]
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(counters):
        start, total = counters[k]
        j = k
        while (
            j + 1 < len(counters)
            and counters[j + 1][1] == total
            and counters[j + 1][0] - counters[j][0] <= 3
        ):
            j += 1
        if j > k:
            end = counters[j][0] + 1
            if end < len(paragraphs) and is_credit(paragraphs[end]):
                end += 1
            elif (
                end + 1 < len(paragraphs)
                and is_credit(paragraphs[end + 1])
                and len(paragraphs[end]) < 400
            ):
                end += 2
            spans.append((start, end))
        k = j + 1
    return spans


def rejoin_page_breaks(paragraphs: list[str]) -> list[str]:
    """Re-join a sentence split across paragraphs ("the embattled Islamist" / "forces in ...")."""
    joined: list[str] = []
    for p in paragraphs:
        if (
            joined
            and p[:1].islower()
            and not _END_OF_SENTENCE.search(joined[-1])
            and len(joined[-1]) > 60  # a headline or label is short; a cut sentence is not
        ):
            joined[-1] = f"{joined[-1]} {p}"
        else:
            joined.append(p)
    return joined


def clean_text(raw: str, title: str | None = None) -> CleanResult:
    """The report text, paragraphs separated by one blank line."""
    text = normalize_text(raw)
    removed: list[str] = []
    paragraphs: list[str] = []
    for p in split_paragraphs(text):
        if is_link_only(p) or not any(ch.isalnum() for ch in p):
            removed.append(p)  # a bare link or a stray mark left by a page template
        elif p := re.sub(r"[ ]{2,}", " ", drop_overlong_runs(strip_markdown(p), removed).strip()):
            paragraphs.append(p)

    drop: set[int] = set()
    for start, end in gallery_spans(paragraphs):
        drop.update(range(start, end))
    for i, p in enumerate(paragraphs):
        if i not in drop and is_boilerplate(p):
            drop.add(i)
    kept: list[str] = []
    for i, p in enumerate(paragraphs):
        if i in drop:
            removed.append(p)
        else:
            kept.append(p)

    if title is None and kept and _looks_like_headline(kept[0]):
        title = kept[0]
    # The headline repeated as the first line(s) of the body.
    while title and len(kept) > 1 and _same_line(kept[0], title) and _same_line(kept[1], title):
        removed.append(kept.pop(0))

    kept = rejoin_page_breaks(kept)
    return CleanResult(text="\n\n".join(kept), title=title, removed=tuple(removed))


def _looks_like_headline(line: str) -> bool:
    return 3 <= len(line) <= 200 and "\n" not in line and not line.endswith((".", ",", ";"))


def _same_line(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    return norm(a) == norm(b)
