"""Candidate events beyond the rules: sentences no strong trigger opens that the model calls events.

The rule triggers miss many ways of telling an arrest, an agreement or a change of territory
("Police rounded up 40 youths at the market"). This finder runs after the rule events and dates
finders and, for each triaged sentence without a strong event word that states a date, scores
the sentence as the training script scored the sentences the rules gave no report for (its
words, its cues, ``rule:none``). A specific event that happened is told with its time; an
undated sentence with no event word is background far more often than an event, and the model
has seen little such neutral text. A dated sentence the relevance head calls a specific event,
with a type the type head gives some weight,
gets an event span of that type over the word that pushed the type most (the exact evidence);
assembly then takes its dates, places and casualties from the sentence's other span groups
like any rule trigger's. Pure: it reads the sentences and writes the ``events`` group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from warmonitor.classify.features import cue_features, rule_features, text_features
from warmonitor.classify.model import LinearModel, load_model
from warmonitor.extract import spans as sp
from warmonitor.extract.sentences import Sentence
from warmonitor.settings import active_settings

LEARNED_EVENTS = "wm_learned_events"
# The layer retypes every report afterwards; this only keeps out sentences of no clear type.
MIN_TYPE_PROBABILITY = 0.2
# After every rule trigger (lowest priority wins), so a rule's type stays where one fired.
PRIORITY = 95
_WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")


@dataclass(frozen=True, slots=True)
class LearnedCandidate:
    """One sentence the model calls a specific event: its type, scores and evidence word."""

    event_type: str
    event_probability: float
    type_probability: float
    start: int  # document offsets of the evidence word
    end: int


def score_sentence(
    sentence: Sentence, model: LinearModel, published
) -> tuple[float, str, float, list[int]]:
    """P(event), the best type, its probability and the sentence's known feature rows."""
    feats = text_features(sentence.text) | cue_features(sentence.text, published)
    rows = model.rows(feats | rule_features(None))
    relevance = model.relevance.scores(rows)
    types = model.event_type.scores(rows)
    p_event = float(relevance[model.relevance.labels.index("event")])
    best = int(types.argmax())
    return p_event, model.event_type.labels[best], float(types[best]), rows


def _evidence_word(sentence: Sentence, model: LinearModel, label: str) -> tuple[int, int]:
    """The word of the sentence whose own feature pushes most towards ``label`` (doc offsets)."""
    column = model.event_type.labels.index(label)
    best, best_weight = None, -np.inf
    for match in _WORD_RE.finditer(sentence.text):
        row = model.vocabulary.get(f"w:{match.group(0).lower()}")
        if row is None:
            continue
        weight = float(model.event_type.weights[row, column])
        if weight > best_weight:
            best, best_weight = match, weight
    if best is None:
        return sentence.start, sentence.end
    return sentence.at(best.start()), sentence.at(best.end())


def learned_candidate(
    sentence: Sentence, model: LinearModel, published, min_event_probability: float
) -> LearnedCandidate | None:
    """The sentence as a candidate event, or None when the model is not sure it tells one
    (``classify.min_candidate_probability``: stricter than the keep threshold, as no rule
    vouches for the sentence; training picks it out of fold)."""
    p_event, label, p_type, _ = score_sentence(sentence, model, published)
    if p_event < min_event_probability or p_type < MIN_TYPE_PROBABILITY:
        return None
    start, end = _evidence_word(sentence, model, label)
    return LearnedCandidate(label, p_event, p_type, start, end)


def _dated_sentences(doc: Doc, sentences: list[Sentence]) -> set[int]:
    """Indexes of the sentences holding a date the dates finder found."""
    dated: set[int] = set()
    if sp.DATES not in doc.spans:
        return dated
    for span in doc.spans[sp.DATES]:
        start, _ = sp.offsets(span)
        for sent in sentences:
            if sent.start <= start < sent.end:
                dated.add(sent.index)
                break
    return dated


def _strong_sentences(doc: Doc, sentences: list[Sentence]) -> set[int]:
    """Indexes of the sentences that already hold a strong event word."""
    held: set[int] = set()
    if sp.EVENTS not in doc.spans:
        return held
    for span in doc.spans[sp.EVENTS]:
        if not span._.strong:
            continue
        start, _ = sp.offsets(span)
        for sent in sentences:
            if sent.start <= start < sent.end:
                held.add(sent.index)
                break
    return held


@Language.component(
    LEARNED_EVENTS,
    assigns=["doc.spans", "span._.exact", "span._.strong", "span._.priority", "span._.aggregate"],
)
def learned_events(doc: Doc) -> Doc:
    """``events``: a strong span per sentence the model calls an event and no rule opened."""
    config = active_settings().classify
    sentences: list[Sentence] = doc._.wm_sentences or []
    if not config.enabled or not sentences:
        return doc
    model = load_model(config.model)
    held = _strong_sentences(doc, sentences)
    dated = _dated_sentences(doc, sentences)
    found = []
    for sent in sentences:
        if sent.index in held or sent.index not in dated or sent.quoted:
            continue
        candidate = learned_candidate(
            sent, model, doc._.wm_published, config.min_candidate_probability
        )
        if candidate is None:
            continue
        span = sp.group_span(doc, candidate.start, candidate.end, candidate.event_type)
        span._.strong, span._.priority, span._.aggregate = True, PRIORITY, False
        found.append(span)
    sp.add(doc, sp.EVENTS, found)
    return doc


__all__ = [
    "LEARNED_EVENTS",
    "LearnedCandidate",
    "learned_candidate",
    "learned_events",
    "score_sentence",
]
