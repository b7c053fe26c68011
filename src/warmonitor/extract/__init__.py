"""Incident extraction: one report per incident per document.

``extract_reports(document)`` turns a cleaned document into typed incident
reports. Every value carries evidence: the char span that states it, the source
the text attributes it to ("SANA said", "according to the Syrian Observatory")
and whether it is hedged ("appears to be", "may have").

How it works, cheapest first:

1. Split the text into sentences with a regular expression and keep only those
   that contain a trigger word (``lexicon.TRIAGE_RE``); the rest never reach
   the statistical model.
2. Run spaCy once over the kept sentences (``nlp.pipe``, without the
   lemmatizer and attribute ruler) for entities and the dependency parse. The
   geoparser gets a tokenizer-only Doc of the whole text carrying those
   entities, so nothing runs twice. The title and lead are always kept.
3. Run the finders, spaCy components, over the kept sentences: each writes a
   ``doc.spans`` group (events, casualties, dates, equipment, actors, targets,
   places, sources; see docs/spans.md), and assembly reads only those groups
   back into one ``Mention`` per sentence.
4. Walk the mentions in order and merge those about the same incident (same
   type and compatible date/place, or a definite reference such as "the
   helicopter" or "the incident") into drafts; "a similar incident", another
   day or an explicit past year start a new one; a second event in another
   clause of a sentence ("..., where they burned the houses") is its own;
   background totals ("in the past ten days", "since 2011") become aggregate
   reports, and threats or conditionals none.
5. Turn drafts into ``Report`` records with their evidence. Each value is
   attributed to the innermost say-verb that governs it ("SANA said",
   "according to ...", "activists saying ..."), pronouns and continued
   quotations carry the previous source, and generic references ("a war
   monitor", "state media") link to the monitor or agency the text names.
   A text that states no date leaves the date unknown.

Layout: ``base`` (the ``Extractor`` protocol), ``sentences`` (splitting),
``findings`` (``Mention``: what assembly knows of a sentence), ``rules`` (one
finder per field and the rule extractor, registered as "rules"), ``spans`` (the
span-group contract and the rule finders as spaCy components), ``assemble``
(mentions read from the groups, drafts, counts, places, reports: shared by every
extractor) and ``serialize`` (the JSON shape). Model loading and parsing live in ``warmonitor.nlp``.
"""

from __future__ import annotations

from warmonitor.extract.base import Extractor, FunctionExtractor, as_extractor
from warmonitor.extract.rules import RuleExtractor, extract_reports, iter_reports
from warmonitor.extract.sentences import Sentence, split_sentences
from warmonitor.extract.serialize import place_json, report_to_json

__all__ = [
    "Extractor",
    "FunctionExtractor",
    "RuleExtractor",
    "Sentence",
    "as_extractor",
    "extract_reports",
    "iter_reports",
    "place_json",
    "report_to_json",
    "split_sentences",
]

# `warmonitor.extract(text)` is the public API function; this package answers to that name.
from warmonitor.public import make_extract_callable  # noqa: E402

make_extract_callable(__name__)
