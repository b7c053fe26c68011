"""Mentions read from the span groups: what assembly knows of each triaged sentence.

Assembly reads only ``doc.spans`` (keys and extensions in ``extract.spans``), never a
finder's own objects, so any component writing the same groups can stand in for a
rule finder. A span belongs to the sentence holding its first character.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from warmonitor.extract import spans as sp
from warmonitor.extract.assemble.clauses import secondary_events
from warmonitor.extract.findings import Casualty, Hit, Mention, in_aggregate_clause
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en.dates import DateMention
from warmonitor.records import PlaceMention

Groups = dict[str, list[SpacySpan]]
_COMBATANTS = ("soldiers", "militants", "police")


def sentence_groups(doc: Doc) -> list[tuple[Sentence, Groups]]:
    """Each triaged sentence of ``doc._.wm_sentences`` with its spans of every group, in group order."""
    sentences: list[Sentence] = doc._.wm_sentences or []
    starts = [s.start for s in sentences]
    by_sentence: list[Groups] = [{key: [] for key in sp.GROUP_KEYS} for _ in sentences]
    for key in sp.GROUP_KEYS:
        if key not in doc.spans:
            continue
        for span in doc.spans[key]:
            start = sp.offsets(span)[0]
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and start < sentences[i].end:
                by_sentence[i][key].append(span)
    return list(zip(sentences, by_sentence, strict=True))


def _text(span: SpacySpan, sent: Sentence) -> tuple[int, int, str]:
    """The span's document offsets and the text they state."""
    start, end = sp.offsets(span)
    if sent.start <= start and end <= sent.end:
        return start, end, sent.text[start - sent.start : end - sent.start]
    return start, end, span.doc.text[start:end]  # ``Doc.text`` joins every token: rarely


def _read_events(m: Mention, groups: Groups) -> None:
    """Event words, the sentence's type (strong before weak, then priority, then first) and cues."""
    sent = m.sentence
    best: SpacySpan | None = None
    for span in groups[sp.EVENTS]:
        start, end, _ = _text(span, sent)
        m.types.add(span.label_)
        m.trigger_spans.append(sent.marked(start, end, span.label_))
        key = (0 if span._.strong else 1, span._.priority)
        if best is None or key < (0 if best._.strong else 1, best._.priority):
            best = span
    if best is not None:
        start, end, _ = _text(best, sent)
        m.event_type, m.strong = best.label_, bool(best._.strong)
        m.trigger = sent.stretch(start, end)
        aggregate = best._.aggregate
        m.aggregate = (
            in_aggregate_clause(sent.text, start - sent.start) if aggregate is None else aggregate
        )
    for span in groups[sp.REFERENCES]:
        start, end, _ = _text(span, sent)
        if span.label_ == "anaphora":
            m.anaphora.append(sent.marked(start, end, span._.noun or ""))
        elif span.label_ == "new_incident":
            m.new_incident = True
    m.hedged = any(span.label_ == "hedge" for span in groups[sp.SOURCES])


def _casualty(span: SpacySpan, sent: Sentence) -> Casualty:
    start, end, text = _text(span, sent)
    count, victim, kind = span._.count, span._.victim, span._.victim_kind
    return Casualty(span.label_, count, victim, kind, start, end, text, bool(span._.via_shot))


def _hit(span: SpacySpan, sent: Sentence, value: object) -> Hit:
    start, end, text = _text(span, sent)
    return Hit(value, start, end, text, bool(span._.hedged))


def base_mention(sent: Sentence, groups: Groups) -> Mention:
    """What the events, casualties and dates groups say of ``sent`` (all the actors and targets finders need)."""
    m = Mention(sentence=sent)
    _read_events(m, groups)
    m.casualties = [_casualty(span, sent) for span in groups[sp.CASUALTIES]]
    if not m.aggregate:
        # "... killed 5 on Monday, the latest of attacks that have killed hundreds since January".
        m.casualties = [
            c for c in m.casualties if not in_aggregate_clause(sent.text, c.start - sent.start)
        ]
    m.dates = [
        DateMention(*_text(span, sent), span.label_, span._.date) for span in groups[sp.DATES]
    ]
    if m.event_type == "attack" and m.strong:
        killed = [c for c in m.casualties if c.status in ("killed", "injured")]
        combatants = killed and all(c.kind in _COMBATANTS for c in killed)
        if combatants or "armed_clash" in m.types:
            # Killing combatants, or killing "during the fighting", is a battle in ACLED's terms.
            m.event_type = "armed_clash"
    return m


def _read_places_and_sources(m: Mention, groups: Groups) -> None:
    for span in groups[sp.PLACES]:
        start, end, text = _text(span, m.sentence)
        m.places.append(
            PlaceMention(text, start, end, place=span._.place, qualifier=span._.qualifier)
        )
    for span in groups[sp.SOURCES]:
        if span.label_ == "source" and m.source is None:
            m.source = span._.source
        elif span.label_ == "scope":
            start, end, _ = _text(span, m.sentence)
            m.scopes.append(m.sentence.marked(start, end, span._.source or ""))


def read_mentions(doc: Doc) -> list[Mention]:
    """One ``Mention`` per triaged sentence, with its second events split off, from the span groups."""
    mentions = []
    for sent, groups in sentence_groups(doc):
        m = base_mention(sent, groups)
        equipment = groups[sp.EQUIPMENT]
        m.weapons = [_hit(s, sent, s._.name) for s in equipment if s.label_ == "weapon"]
        m.aircraft = [_hit(s, sent, s._.name) for s in equipment if s.label_ == "aircraft"]
        m.perpetrators = [_hit(s, sent, s._.actor) for s in groups[sp.ACTORS]]
        m.targets = [_hit(s, sent, s._.name) for s in groups[sp.TARGETS]]
        # Second events are split off before places and sources are read: they keep
        # neither (places and the source are the main mention's, as drafts expect).
        m.subs = secondary_events(m)
        _read_places_and_sources(m, groups)
        mentions.append(m)
    return mentions


__all__ = ["base_mention", "read_mentions", "sentence_groups"]
