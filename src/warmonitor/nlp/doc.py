"""The document's Docs: one parsed where triage says, one tokenizer-only for the geoparser.

Both have the character offsets of ``Document.text`` (see docs/spans.md).
"""

from __future__ import annotations

import bisect
import contextlib
from typing import Any

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LENGTH, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans as spacy_filter_spans

from warmonitor.extract.sentences import Sentence


def whole_doc(parsed: list[Sentence], text: str, all_sentences: list[Sentence], nlp: Any) -> Any:
    """A tokenizer-only Doc of ``text`` with the parsed sentences' entities and all sentence starts."""
    doc = nlp.make_doc(text)
    spans = []
    for s in parsed:
        for ent in s.ents:
            span = doc.char_span(
                ent.start_char,
                ent.end_char,
                label=ent.label_,
                alignment_mode="contract",
            )
            if span is not None and len(span):
                spans.append(span)
    with contextlib.suppress(ValueError):
        doc.set_ents(spacy_filter_spans(spans), default="outside")
    # Sentence starts, set in one pass: only the first token of each sentence is
    # marked (the rest stay unset, which spaCy reads as "not a start"). Setting
    # ``token.is_sent_start`` sentence by sentence is quadratic on long texts.
    token_starts = [t.idx for t in doc]
    starts = numpy.zeros((len(doc), 1), dtype="uint64")
    for s in all_sentences:
        i = bisect.bisect_right(token_starts, s.start) - 1
        if 0 <= i < len(doc):
            starts[i, 0] = 1
    if len(doc) and all_sentences:
        starts[0, 0] = 1  # a Doc's first token always starts a sentence
        doc.from_array([SENT_START], starts)
    return doc


_DISABLED = ("attribute_ruler", "lemmatizer")
# What the parsed sentences lend the document's Doc: tags, the parse, entities.
_ANALYSES = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE]


def _lines_up(
    positions: numpy.ndarray, first: int, last: int, parsed: Doc, sentence: Sentence
) -> bool:
    """Whether the sentence's own Doc has exactly the document Doc's tokens ``first:last``.

    ``positions`` is the document Doc's (IDX, LENGTH) array. Sentences end at whitespace,
    so tokenizing one alone gives the same tokens (checked on the 38,553 sentences of
    gva-dev and muc4-dev); checked all the same, since a mismatch would misplace every head.
    """
    if last - first != len(parsed) or not len(parsed):
        return False
    theirs = parsed.to_array([IDX, LENGTH])
    theirs[:, 0] += sentence.start
    return bool(numpy.array_equal(positions[first:last], theirs))


def _entities_by_sentence(doc: Doc, bounds: list[tuple[int, int]]) -> list[list[Span]]:
    """Each sentence's entities, from one pass over ``doc.ents`` (``Span.ents`` rescans them all)."""
    firsts = [first for first, _ in bounds]
    found: list[list[Span]] = [[] for _ in bounds]
    for ent in doc.ents:
        k = bisect.bisect_right(firsts, ent.start) - 1
        if k >= 0 and ent.end <= bounds[k][1]:
            found[k].append(ent)
    return found


def parse_document(sentences: list[Sentence], text: str, nlp: Language) -> Doc:
    """One Doc of ``text`` (offsets are the document's) with the triaged sentences' analyses.

    The model reads only the triaged sentences (``nlp.pipe`` batches their texts); their
    tags, parses and entities are copied into a tokenizer-only Doc of the whole text in
    one ``from_array`` pass, and each sentence's ``span`` becomes a Span of that Doc. A
    sentence whose tokens would not line up is parsed again as a Doc of the document's
    own tokens (slower, never seen on the dev sets).
    """
    doc = nlp.make_doc(text)
    positions = doc.to_array([IDX, LENGTH]).reshape(-1, 2)
    token_starts = positions[:, 0].tolist()
    bounds = [
        (bisect.bisect_left(token_starts, s.start), bisect.bisect_left(token_starts, s.end))
        for s in sentences
    ]
    analyses = numpy.zeros((len(doc), len(_ANALYSES)), dtype="uint64")
    parses = nlp.pipe([s.text for s in sentences], batch_size=256)
    for sentence, (first, last), parsed in zip(sentences, bounds, parses, strict=True):
        if not _lines_up(positions, first, last, parsed, sentence):  # pragma: no cover - see above
            parsed = nlp(doc[first:last].as_doc())
        analyses[first:last] = parsed.to_array(_ANALYSES)
    doc.from_array(_ANALYSES, analyses)
    entities = _entities_by_sentence(doc, bounds)
    for sentence, (first, last), ents in zip(sentences, bounds, entities, strict=True):
        sentence.span, sentence.ents = doc[first:last], ents
    return doc


def parse_sentences(
    sentences: list[Sentence],
    text: str,
    nlp_doc: Any,
    all_sentences: list[Sentence] | None = None,
) -> Any:
    """Attach spaCy analyses to the sentences; returns a Doc over the whole text for geoparsing."""
    if nlp_doc is not None:
        for s in sentences:
            s.span = nlp_doc.char_span(s.start, s.end, alignment_mode="expand")
            s.ents = list(s.span.ents) if s.span is not None else []
        return nlp_doc
    if not sentences:
        return None
    from warmonitor.nlp import load_nlp

    # The geoparser gets a second, tokenizer-only Doc carrying the entities found here
    # and the splitter's sentence starts (a parsed Doc's sentence starts cannot be set),
    # so nothing is run twice.
    nlp = load_nlp(_DISABLED)
    parse_document(sentences, text, nlp)
    return whole_doc(sentences, text, all_sentences or sentences, nlp)
