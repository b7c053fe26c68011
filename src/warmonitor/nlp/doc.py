"""Parsing the triaged sentences and the one whole-text Doc the geoparser reads."""

from __future__ import annotations

import bisect
import contextlib
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.util import filter_spans as spacy_filter_spans

from warmonitor.extract.sentences import Sentence


def whole_doc(parsed: list[Sentence], text: str, all_sentences: list[Sentence], nlp: Any) -> Any:
    """A tokenizer-only Doc of ``text`` with the parsed sentences' entities and all sentence starts."""
    doc = nlp.make_doc(text)
    spans = []
    for s in parsed:
        for ent in s.span.ents:
            span = doc.char_span(
                s.start + ent.start_char,
                s.start + ent.end_char,
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


def parse_sentences(
    sentences: list[Sentence],
    text: str,
    nlp_doc: Any,
    all_sentences: list[Sentence] | None = None,
) -> Any:
    """Attach spaCy analyses to the sentences; returns a Doc over the whole text for geoparsing."""
    if nlp_doc is not None:
        for s in sentences:
            span = nlp_doc.char_span(s.start, s.end, alignment_mode="expand")
            s.span = span
            s.offset = 0
        return nlp_doc
    if not sentences:
        return None
    from warmonitor.nlp import load_nlp

    # The model reads only the triaged sentences (nlp.pipe batches them); the
    # geoparser gets a cheap Doc of the whole text (tokenizer only) carrying the
    # entities and sentence starts found here, so nothing is run twice.
    nlp = load_nlp(_DISABLED)
    for s, doc in zip(
        sentences, nlp.pipe([s.text for s in sentences], batch_size=256), strict=True
    ):
        s.span = doc
        s.offset = s.start
    return whole_doc(sentences, text, all_sentences or sentences, nlp)
