"""The rule-based extractor: triage, parse, read sentences, assemble reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from warmonitor.extract.assemble.drafts import build_drafts
from warmonitor.extract.assemble.reports import draft_to_report
from warmonitor.extract.rules.attribution import attribute, source_context
from warmonitor.extract.rules.places import attach_places
from warmonitor.extract.rules.sentence import read_sentence
from warmonitor.extract.sentences import LEAD_SENTENCES, split_sentences
from warmonitor.lang.en import lexicon as lx
from warmonitor.nlp.doc import parse_sentences
from warmonitor.records import (
    Document,
    Report,
)


def extract_reports(document: Document, *, nlp_doc: Any = None) -> list[Report]:
    """The incident reports one document gives, each value with its evidence.

    Pure: no database, no network. ``nlp_doc`` is an optional spaCy Doc of
    ``document.text`` to reuse; without it only the sentences that pass the
    trigger triage are run through the model.
    """
    text = document.text or ""
    if not text.strip():
        return []
    sentences = split_sentences(text)
    # The title and lead always go to the model: datelines name the place of the story.
    kept = [s for s in sentences if s.index < LEAD_SENTENCES or lx.TRIAGE_RE.search(s.text)]
    if not kept:
        return []
    full_doc = parse_sentences(kept, text, nlp_doc, sentences)
    published = document.published
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = source_context(text)
    mentions = [read_sentence(s, published) for s in kept]
    attach_places(mentions, document, full_doc)
    attribute(mentions, sentences, ctx)
    drafts = build_drafts(mentions, published)
    lead = [m for m in mentions if m.sentence.index < LEAD_SENTENCES]
    reports = []
    first_event = True
    for i, d in enumerate(drafts):
        reports.append(
            draft_to_report(
                d, document, i, published, lead if first_event and not d.aggregate else []
            )
        )
        first_event = first_event and d.aggregate
    return reports


def iter_reports(documents: Iterable[Document]) -> Iterable[tuple[Document, list[Report]]]:
    """Reports for many documents, in order (convenience for scripts and the benchmark)."""
    for document in documents:
        yield document, extract_reports(document)
