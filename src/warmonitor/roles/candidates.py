"""Candidate role fillers of one report: the noun phrases of its parsed sentences.

Each noun chunk gives a few *variants* (the whole phrase, without its determiner or count,
its head with compounds, its head alone, the phrase with an "of" complement), because the
filler a reader expects is sometimes the bare head ("bomb") and sometimes the whole phrase
("group of armed men"). The ranker scores every variant; decoding keeps at most one per chunk.
Offsets are document offsets of whole tokens, so evidence built from them is exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from warmonitor.extract.findings import Mention
from warmonitor.extract.sentences import LEAD_SENTENCES
from warmonitor.nlp.tokens import coarse_pos

# Words a filler does not start with: determiners, counts, vague quantities.
_LEADING = frozenset(
    [
        "the",
        "a",
        "an",
        "some",
        "other",
        "several",
        "many",
        "its",
        "their",
        "his",
        "her",
        "our",
        "these",
        "those",
        "this",
        "that",
        "any",
        "approximately",
        "about",
        "around",
        "nearly",
        "almost",
        "least",
        "at",
        "more",
        "than",
        "unidentified",
        "unknown",
        "number",
        "of",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "dozens",
        "hundreds",
    ]
)
_MAX_TOKENS = 12


@dataclass(frozen=True, slots=True)
class Candidate:
    """One variant of one noun phrase in one sentence of a report (document offsets)."""

    chunk: int  # the noun phrase it is a variant of (index within the report's candidates)
    variant: str  # full | bare | core | head | of
    start: int
    end: int
    text: str
    head: Any  # the spaCy head token
    first: Any  # the first spaCy token of the variant
    mention: Mention  # the sentence's mention (trigger, scopes, event type)
    sentence_place: int  # 0 the report's, 1 a neighbour, 2 a lead sentence, 3 elsewhere


def _tokens_text(doc_text: str, first: Any, last: Any) -> tuple[int, int, str]:
    start, end = first.idx, last.idx + len(last.text)
    return start, end, doc_text[start:end]


def _bare_start(tokens: list[Any]) -> int:
    """Index of the first token after a leading determiner, count or quantity."""
    i = 0
    while i < len(tokens) - 1 and (
        tokens[i].lower_ in _LEADING or coarse_pos(tokens[i]) in ("NUM", "DET", "PUNCT")
    ):
        i += 1
    return i


# Left dependents that belong to a noun phrase (the pipeline runs without the attribute ruler,
# so spaCy's own noun_chunks, which read coarse tags, find nothing).
_NP_LEFT = frozenset(
    ["det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet", "case", "advmod"]
)


@dataclass(frozen=True, slots=True)
class NounPhrase:
    """A noun phrase: its head and first token (spaCy tokens)."""

    root: Any
    first: Any

    def __iter__(self) -> Iterable[Any]:
        doc = self.root.doc
        return iter(doc[self.first.i : self.root.i + 1])


def noun_phrases(sentence_span: Any) -> list[NounPhrase]:
    """Each noun head of the sentence (not a compound inside another) with its left modifiers."""
    out = []
    for tok in sentence_span:
        if coarse_pos(tok) not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "nmod"):
            continue
        first = tok
        for child in tok.lefts:
            if child.dep_ in _NP_LEFT and child.left_edge.i < first.i:
                first = child.left_edge
        if first.i < sentence_span.start:
            first = sentence_span[0]
        out.append(NounPhrase(tok, first))
    return out


def chunk_variants(chunk: Any, doc_text: str) -> list[tuple[str, int, int, str, Any]]:
    """(variant, start, end, text, first token) for one noun chunk, without duplicates."""
    tokens = [t for t in chunk if not t.is_space]
    if not tokens or len(tokens) > _MAX_TOKENS:
        return []
    head = chunk.root
    out: list[tuple[str, int, int, str, Any]] = []
    seen: set[tuple[int, int]] = set()

    def add(name: str, first: Any, last: Any) -> None:
        s, e, text = _tokens_text(doc_text, first, last)
        if (s, e) not in seen and text.strip() and first.i <= last.i:
            seen.add((s, e))
            out.append((name, s, e, text, first))

    while tokens and coarse_pos(tokens[-1]) == "PUNCT":
        tokens = tokens[:-1]
    if not tokens or coarse_pos(head) == "PRON":
        return []
    add("full", tokens[0], tokens[-1])
    b = _bare_start(tokens)
    add("bare", tokens[b], tokens[-1])
    compounds = [t for t in tokens[b:] if t.i < head.i and t.dep_ in ("compound", "amod", "nmod")]
    core_first = compounds[0] if compounds else head
    add("core", core_first, head)
    add("head", head, head)
    # Every tail ending at the head ("journalist enrique lopez albujar" -> "enrique lopez
    # albujar"): the parse often reads a title or a place as a compound of a name.
    for t in tokens[b + 1 :]:
        if t.i < head.i:
            add("tail", t, head)
    # The modifier naming what the head is of ("fmln guerrillas" -> "fmln", "bomb attack"
    # -> "bomb", "salvadoran air force helicopters" -> "salvadoran air force").
    before = [t for t in tokens[b:] if t.i < head.i]
    if before and coarse_pos(before[-1]) in ("NOUN", "PROPN"):
        add("modifier", before[0], before[-1])
    # "group of armed men", "members of the fmln", "army of national liberation".
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs:
                last = max(objs[0].subtree, key=lambda t: t.i)
                if last.i - tokens[b].i < _MAX_TOKENS:
                    add("of", tokens[b], last)
    return out


# Sentences this close to one of a report's own sentences are read too: who did it and to whom
# is often told in the sentence before or after the event word.
NEIGHBOUR_SENTENCES = 2


def role_sentences(
    own: list[Mention], context: list[Mention], taken: set[int], lead: bool
) -> list[tuple[Mention, int]]:
    """The mentions whose sentences a report's candidates come from, each with its place:
    0 the report's own sentences, 1 a parsed neighbour that no other report holds; for a
    document's main report also 2 a lead sentence and 3 any other parsed sentence no other
    report holds (who did it is often said apart from the event: "The FMLN claimed
    responsibility", "Police identified the gunman as ...")."""
    out: list[tuple[Mention, int]] = []
    seen: set[int] = set()
    for m in own:
        if m.sentence.index not in seen:
            seen.add(m.sentence.index)
            out.append((m, 0))
    indices = sorted(seen)
    for m in context:
        i = m.sentence.index
        if i in seen or i in taken:
            continue
        near = any(abs(i - j) <= NEIGHBOUR_SENTENCES for j in indices)
        if near or lead:
            seen.add(i)
            out.append((m, 1 if near else 2 if i < LEAD_SENTENCES else 3))
    return out


def gather_candidates(sentences: list[tuple[Mention, int]], doc_text: str) -> list[Candidate]:
    """Every variant of every noun phrase in the given parsed sentences (``role_sentences``)."""
    out: list[Candidate] = []
    chunk = 0
    for m, place in sentences:
        sent = m.sentence
        if sent.span is None:
            continue
        for nc in noun_phrases(sent.span):
            variants = chunk_variants(nc, doc_text)
            if not variants:
                continue
            for name, s, e, text, first in variants:
                out.append(Candidate(chunk, name, s, e, text, nc.root, first, m, place))
            chunk += 1
    return out


__all__ = [
    "NEIGHBOUR_SENTENCES",
    "Candidate",
    "NounPhrase",
    "chunk_variants",
    "gather_candidates",
    "noun_phrases",
    "role_sentences",
]
