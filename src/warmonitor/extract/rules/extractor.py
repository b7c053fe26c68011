"""The rule-based extractor: triage, parse, run the finders into span groups, assemble reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from warmonitor.extract import spans as sp
from warmonitor.extract.assemble.drafts import Draft, build_drafts
from warmonitor.extract.assemble.mentions import read_mentions
from warmonitor.extract.assemble.people import attach_named_people
from warmonitor.extract.assemble.reports import draft_to_report, role_contexts
from warmonitor.extract.findings import Mention
from warmonitor.extract.sentences import LEAD_SENTENCES, Sentence, split_sentences
from warmonitor.extract.spans.components import RULE_FINDERS
from warmonitor.lang.en import lexicon as lx
from warmonitor.nlp.doc import parse_sentences
from warmonitor.records import (
    Document,
    Report,
)
from warmonitor.settings import active_settings


@lru_cache(maxsize=8)
def finder_pipeline(finders: tuple[str, ...] = RULE_FINDERS) -> Language:
    """A blank English pipeline of the named finder components (registered spaCy components)."""
    nlp = spacy.blank("en")
    for name in finders:
        nlp.add_pipe(name)
    return nlp


@dataclass(frozen=True, slots=True)
class FinderInput:
    """What the rule finders read beside the Doc (set as ``doc._.wm_*`` extensions)."""

    document: Document
    kept: list[Sentence]  # the triaged sentences
    sentences: list[Sentence]  # every sentence
    published: dt.date | None
    geo_doc: Any  # the geoparser's Doc of the text, or None


def run_finders(doc: Doc, given: FinderInput, finders: tuple[str, ...]) -> Doc:
    """``doc`` with the finders' span groups (any earlier ones dropped)."""
    sp.clear(doc)
    doc._.wm_sentences, doc._.wm_all_sentences = given.kept, given.sentences
    doc._.wm_published, doc._.wm_document = given.published, given.document
    doc._.wm_geo_doc = given.geo_doc
    for _, component in finder_pipeline(finders).pipeline:
        doc = component(doc)
    return doc


def with_learned_candidates(finders: Sequence[str], learned: bool | None = None) -> tuple[str, ...]:
    """``finders`` with the learned events finder after the rule events and dates finders (it
    reads both), when the learned layer is on (``learned`` None: ``classify.enabled``) and the
    rule events finder is there."""
    # Imported here: classify.candidates reads the span contract of this package (a cycle at import).
    from warmonitor.classify.candidates import LEARNED_EVENTS

    finders = tuple(finders)
    if learned is None:
        learned = active_settings().classify.enabled
    if not learned or LEARNED_EVENTS in finders or "wm_rule_events" not in finders:
        return finders
    after = "wm_rule_dates" if "wm_rule_dates" in finders else "wm_rule_events"
    at = max(finders.index("wm_rule_events"), finders.index(after)) + 1
    return (*finders[:at], LEARNED_EVENTS, *finders[at:])


@dataclass(frozen=True, slots=True)
class DocumentDrafts:
    """What assembly makes of one document before the reports are written."""

    drafts: list[Draft]
    lead: list[
        Mention
    ]  # the mentions of the first sentences (for the main report's date and place)
    published: dt.date | None
    mentions: list[Mention]  # one per parsed sentence (what the role ranker may read)


def document_drafts(
    document: Document,
    *,
    nlp_doc: Any = None,
    finders: Sequence[str] = RULE_FINDERS,
    learned_candidates: bool | None = False,
) -> DocumentDrafts | None:
    """Triage, parse, run the finders and merge their mentions into drafts; None for no text.

    ``learned_candidates`` as in :func:`extract_reports`.
    """
    finders = with_learned_candidates(finders, learned_candidates)
    text = document.text or ""
    if not text.strip():
        return None
    sentences = split_sentences(text)
    # The title and lead always go to the model: datelines name the place of the story.
    kept = [s for s in sentences if s.index < LEAD_SENTENCES or lx.TRIAGE_RE.search(s.text)]
    if not kept:
        return None
    full_doc = parse_sentences(kept, text, nlp_doc, sentences)
    published = document.published
    if isinstance(published, dt.datetime):
        published = published.date()
    # The Doc the sentences' spans belong to (the parsed one), where the finders write.
    parsed = next((s.span.doc for s in kept if s.span is not None), None)
    if parsed is None:
        parsed = finder_pipeline(tuple(finders)).make_doc(text)
    given = FinderInput(document, kept, sentences, published, full_doc)
    mentions = read_mentions(run_finders(parsed, given, tuple(finders)))
    drafts = build_drafts(mentions, published)
    lead = [m for m in mentions if m.sentence.index < LEAD_SENTENCES]
    return DocumentDrafts(drafts, lead, published, mentions)


def extract_reports(
    document: Document,
    *,
    nlp_doc: Any = None,
    finders: Sequence[str] = RULE_FINDERS,
    learned_candidates: bool | None = False,
) -> list[Report]:
    """The incident reports one document gives, each value with its evidence.

    Pure: no database, no network. ``nlp_doc`` is an optional spaCy Doc of
    ``document.text`` to reuse; without it only the sentences that pass the
    trigger triage are run through the model. ``finders`` names the spaCy components
    that write the span groups assembly reads (``extract.spans``), in order.
    ``learned_candidates`` adds the learned events finder (``classify.candidates``: sentences
    no rule trigger opens that the model calls events); None follows ``classify.enabled``
    (what the registered extractor, and so ingest, runs); the default is the rules alone.
    """
    found = document_drafts(
        document, nlp_doc=nlp_doc, finders=finders, learned_candidates=learned_candidates
    )
    if found is None:
        return []
    reports = []
    first_event = True
    contexts = role_contexts(found.drafts, found.mentions)
    for i, (d, context) in enumerate(zip(found.drafts, contexts, strict=True)):
        lead = found.lead if first_event and not d.aggregate else []
        reports.append(draft_to_report(d, document, i, found.published, lead, context))
        first_event = first_event and d.aggregate
    attach_named_people(document, reports)
    return reports


def iter_reports(
    documents: Iterable[Document],
    finders: Sequence[str] = RULE_FINDERS,
    learned_candidates: bool | None = False,
) -> Iterable[tuple[Document, list[Report]]]:
    """Reports for many documents, in order (convenience for scripts and the benchmark)."""
    for document in documents:
        yield (
            document,
            extract_reports(document, finders=finders, learned_candidates=learned_candidates),
        )
