"""Sentence splitting: a regular expression, good enough for triage and for scoping attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from warmonitor.lang.en import cues
from warmonitor.records import Span

_SENT_END = re.compile(
    r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*\s+(?=[a-z])(?<=[!?]\s)"
)
LEAD_SENTENCES = 3  # sentences at the top of a document that are always read
_QUOTE_CHARS = '"“”'


@dataclass(frozen=True, slots=True)
class LabelledSpan(Span):
    """A stretch of the document with what it says: an event word and its type, an
    anaphor and its noun ("the helicopter" -> "helicopter"), a say-verb's scope and its source."""

    label: str = ""


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    quoted: bool = False  # inside (or opening) a quotation
    span: Any = None  # the sentence's spaCy Span of the document Doc, once parsed
    ents: list[Any] = field(default_factory=list)  # its entities (Spans), once parsed

    def at(self, local: int) -> int:
        """The document offset of position ``local`` in the sentence's text."""
        return self.start + local

    def stretch(self, start: int, end: int) -> Span:
        """The ``records.Span`` of document offsets ``start``..``end`` inside this sentence."""
        return Span(start, end, self.text[start - self.start : end - self.start])

    def marked(self, start: int, end: int, label: str) -> LabelledSpan:
        """A labelled stretch of this sentence (document offsets)."""
        return LabelledSpan(start, end, self.text[start - self.start : end - self.start], label)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with document offsets; paragraphs (line breaks) always split.

    A regular expression is enough here: it only has to be good enough for
    triage and for scoping attribution, and it is fast.
    """
    out: list[Sentence] = []
    para = 0
    lower_text = text.islower()
    for pm in re.finditer(r"[^\n]+", text):
        ptext = pm.group(0)
        if not ptext.strip():
            continue
        pos = 0
        pieces: list[tuple[int, int]] = []
        splitter = re.compile(r"[.!?]+[\"”’')\]]*\s+") if lower_text else _SENT_END
        for m in splitter.finditer(ptext):
            before = ptext[pos : m.start()]
            word = re.search(r"([\w.]+)$", before)
            if word and ptext[m.start()] == "." and m.group(0).strip() == ".":
                w = word.group(1).lower().rstrip(".")
                if w in cues.ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
            end = m.end()
            pieces.append((pos, end))
            pos = end
        if pos < len(ptext):
            pieces.append((pos, len(ptext)))
        open_quote = False
        for a, b in pieces:
            raw = ptext[a:b]
            stripped = raw.rstrip()
            lead = len(raw) - len(raw.lstrip())
            s_start = pm.start() + a + lead
            s_end = pm.start() + a + len(stripped)
            if s_end <= s_start:
                continue
            stext = text[s_start:s_end]
            quoted = open_quote or stext[:1] in "\"“'‘"
            # Track whether a quotation stays open into the next sentence.
            straight = stext.count('"')
            opens, closes = stext.count("“"), stext.count("”")
            if straight % 2 == 1:
                open_quote = not open_quote
            elif opens > closes:
                open_quote = True
            elif closes > opens:
                open_quote = False
            out.append(Sentence(len(out), s_start, s_end, stext, para, quoted))
        para += 1
    return out


# ----------------------------------------------------------------- mentions


def inside_quote(sent: Sentence, local: int) -> bool:
    """Whether a position in the sentence is inside quoted speech."""
    before = sent.text[:local]
    inside = sent.quoted and sent.text[:1] not in "\"“'‘"
    straight = before.count('"')
    curly = before.count("“") - before.count("”")
    return inside ^ (straight % 2 == 1) or curly > 0


def sentence_around(text: str, pos: int) -> tuple[int, int]:
    """The sentence of ``text`` holding offset ``pos``: from the last stop or line break before it
    to the next one after it (a plain splitter; evidence offsets are what matter here)."""
    start = 0
    for match in _SENTENCE_BREAK.finditer(text, 0, pos):
        start = match.end()
    following = _SENTENCE_BREAK.search(text, pos)
    end = following.start() + 1 if following else len(text)
    return start, min(max(end, pos), len(text))


# A stop that ends a sentence: not after an initial ("U.S.") or a title ("Gen.").
_SENTENCE_BREAK = re.compile(
    r"(?<![A-Z])(?<!\bMr)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bCol)(?<!\bNo)(?<!\bLt)(?<!\bSgt)"
    r"[.!?][\"'\u201d)]?\s+|\n+"
)
