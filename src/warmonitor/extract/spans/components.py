"""The rule finders as spaCy components, each writing one ``doc.spans`` group.

Each reads the triaged sentences from ``doc._.wm_sentences`` (``Sentence`` objects whose
``span`` is a Span of this Doc, or None where triage kept a sentence the model did not
read) and ``doc._.wm_published``. The actors and targets finders need the sentence's
event words and their type, so they read what the earlier groups say through the same
reader assembly uses (``assemble.mentions.base_mention``): a learned events finder
feeds them as well as the rule one.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from warmonitor.extract import spans as sp
from warmonitor.extract.findings import Mention
from warmonitor.extract.rules.actors import find_perpetrators
from warmonitor.extract.rules.attribution import attribute, source_context
from warmonitor.extract.rules.casualties import find_casualties, named_victims, parsed_fates
from warmonitor.extract.rules.dates import find_event_dates
from warmonitor.extract.rules.equipment import find_aircraft, find_weapons
from warmonitor.extract.rules.events import find_triggers
from warmonitor.extract.rules.places import attach_places
from warmonitor.extract.rules.targets import find_targets
from warmonitor.extract.sentences import Sentence


def _sentences(doc: Doc) -> list[Sentence]:
    return doc._.wm_sentences or []


@Language.component(
    "wm_rule_events",
    assigns=["doc.spans", "span._.exact", "span._.strong", "span._.priority", "span._.aggregate"],
)
def rule_events(doc: Doc) -> Doc:
    """``events``: every trigger match, label = its event type; ``references`` and ``sources`` cues."""
    events, references, sources = [], [], []
    for sent in _sentences(doc):
        cues = find_triggers(sent)
        for match in cues.triggers:
            span = sp.group_span(doc, match.start, match.end, match.trigger.event_type)
            span._.strong, span._.priority = match.trigger.strong, match.trigger.priority
            span._.aggregate = match.aggregate
            events.append(span)
        for start, end, noun in cues.anaphora:
            span = sp.group_span(doc, start, end, "anaphora")
            span._.noun = noun
            references.append(span)
        if cues.new_incident is not None:
            references.append(sp.group_span(doc, *cues.new_incident, "new_incident"))
        if cues.hedge is not None:
            sources.append(sp.group_span(doc, *cues.hedge, "hedge"))
    sp.add(doc, sp.EVENTS, events)
    sp.add(doc, sp.REFERENCES, references)
    sp.add(doc, sp.SOURCES, sources)
    return doc


@Language.component(
    "wm_rule_casualties",
    assigns=["doc.spans", "span._.count", "span._.victim", "span._.victim_kind", "span._.via_shot"],
)
def rule_casualties(doc: Doc) -> Doc:
    """``casualties``: label = killed, injured, abducted or unknown; the count in ``_.count``."""
    found = []
    for sent in _sentences(doc):
        casualties = find_casualties(sent)
        casualties += named_victims(sent, casualties)
        casualties += parsed_fates(sent, casualties)
        for c in casualties:
            span = sp.group_span(doc, c.start, c.end, c.status)
            span._.count, span._.victim, span._.victim_kind = c.count, c.victim, c.kind
            span._.via_shot = c.via_shot
            found.append(span)
    sp.add(doc, sp.CASUALTIES, found)
    return doc


@Language.component("wm_rule_dates", assigns=["doc.spans", "span._.date"])
def rule_dates(doc: Doc) -> Doc:
    """``dates``: the dates that may be the event's; label = the expression's kind."""
    found = []
    for sent in _sentences(doc):
        for d in find_event_dates(sent, doc._.wm_published):
            span = sp.group_span(doc, d.start, d.end, d.kind)
            span._.date = d.date
            found.append(span)
    sp.add(doc, sp.DATES, found)
    return doc


@Language.component("wm_rule_equipment", assigns=["doc.spans", "span._.name"])
def rule_equipment(doc: Doc) -> Doc:
    """``equipment``: label = weapon or aircraft; the normalised name in ``_.name``."""
    found = []
    for sent in _sentences(doc):
        for label, hits in (("weapon", find_weapons(sent)), ("aircraft", find_aircraft(sent))):
            for hit in hits:
                span = sp.group_span(doc, hit.start, hit.end, label)
                span._.name = hit.value
                found.append(span)
    sp.add(doc, sp.EQUIPMENT, found)
    return doc


@Language.component(
    "wm_rule_actors", requires=["doc.spans"], assigns=["doc.spans", "span._.actor", "span._.hedged"]
)
def rule_actors(doc: Doc) -> Doc:
    """``actors``: perpetrators (label = perpetrator), read off the parse around the event words."""
    from warmonitor.extract.assemble.mentions import base_mention, sentence_groups

    found = []
    for sent, groups in sentence_groups(doc):
        if sent.span is None:
            continue
        for hit in find_perpetrators(base_mention(sent, groups)):
            span = sp.group_span(doc, hit.start, hit.end, "perpetrator")
            span._.actor, span._.hedged = hit.value, hit.hedged
            found.append(span)
    sp.add(doc, sp.ACTORS, found)
    return doc


@Language.component("wm_rule_targets", requires=["doc.spans"], assigns=["doc.spans", "span._.name"])
def rule_targets(doc: Doc) -> Doc:
    """``targets``: what was hit near the event words (label = target; the noun phrase in ``_.name``)."""
    from warmonitor.extract.assemble.mentions import base_mention, sentence_groups

    found = []
    for sent, groups in sentence_groups(doc):
        if sent.span is None:
            continue
        for hit in find_targets(base_mention(sent, groups)):
            span = sp.group_span(doc, hit.start, hit.end, "target")
            span._.name = hit.value
            found.append(span)
    sp.add(doc, sp.TARGETS, found)
    return doc


@Language.component("wm_rule_places", assigns=["doc.spans", "span._.place", "span._.qualifier"])
def rule_places(doc: Doc) -> Doc:
    """``places``: the geoparser's mentions (else NER's), resolved where the gazetteer knows them."""
    mentions = [Mention(sentence=sent) for sent in _sentences(doc)]
    if mentions and doc._.wm_document is not None:
        attach_places(mentions, doc._.wm_document, doc._.wm_geo_doc)
    found = []
    for m in mentions:
        for pm in m.places:
            span = sp.group_span(doc, pm.start, pm.end, "place")
            span._.place, span._.qualifier = pm.place, pm.qualifier
            found.append(span)
    sp.add(doc, sp.PLACES, found)
    return doc


@Language.component(
    "wm_rule_sources", requires=["doc.spans"], assigns=["doc.spans", "span._.source"]
)
def rule_sources(doc: Doc) -> Doc:
    """``sources``: each sentence's source (label = source, over the sentence) and say-verb scopes."""
    from warmonitor.extract.assemble.mentions import base_mention, sentence_groups

    mentions = [base_mention(sent, groups) for sent, groups in sentence_groups(doc)]
    attribute(mentions, doc._.wm_all_sentences or _sentences(doc), source_context(doc.text))
    found = []
    for m in mentions:
        if m.source is not None:
            span = sp.group_span(doc, m.sentence.start, m.sentence.end, "source")
            span._.source = m.source
            found.append(span)
        for scope in m.scopes:
            span = sp.group_span(doc, scope.start, scope.end, "scope")
            span._.source = scope.label
            found.append(span)
    sp.add(doc, sp.SOURCES, found)
    return doc


# The rule finders in the order their groups are read; a name here can be replaced by any
# registered component that writes the same group.
RULE_FINDERS = (
    "wm_rule_events",
    "wm_rule_casualties",
    "wm_rule_dates",
    "wm_rule_equipment",
    "wm_rule_actors",
    "wm_rule_targets",
    "wm_rule_places",
    "wm_rule_sources",
)

__all__ = ["RULE_FINDERS"]
