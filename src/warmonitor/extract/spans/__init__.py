"""The span contract between finders and assembly: ``doc.spans`` groups and ``Span._`` extensions.

Finders are spaCy components (``extract.spans.components`` holds the rule ones); each
writes its findings to one ``doc.spans`` group under an agreed key, and assembly
(``extract.assemble.mentions``) reads only those groups. A component that writes the
same keys, labels and extensions (a trained one, say) replaces a rule component by
naming it in the list of finders (``RuleExtractor(finders=...)``). See docs/spans.md.

Offsets: a Span is made with ``doc.char_span(..., alignment_mode="expand")`` so it is
always a Span of whole tokens; the finder's exact character offsets, which may fall
inside a token ("killing" of "killings"), are kept in ``span._.exact``, so the
evidence assembly builds stays byte-identical to what the finder matched.

Extension values are kept per span, not per stretch: spaCy keys a plain ``Span._``
value by the span's character range alone, so two findings over the same tokens
("attack" and "attack " of one sentence, an event word that is also a casualty's
verb) would share one value. These extensions are getter/setter pairs keyed by the
range, the label and ``span.id`` (``group_span`` gives each span its own id).
"""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc, Span

# The group keys, one per kind of finding.
EVENTS = "events"  # label: an EventType name
CASUALTIES = "casualties"  # label: killed | injured | abducted | unknown
ACTORS = "actors"  # label: perpetrator
TARGETS = "targets"  # label: target
EQUIPMENT = "equipment"  # label: weapon | aircraft
DATES = "dates"  # label: the date expression's kind (day, dmy, yesterday, ...)
PLACES = "places"  # label: place
REFERENCES = "references"  # label: anaphora | new_incident
SOURCES = "sources"  # label: source (over the sentence) | scope (a say-verb's stretch) | hedge
GROUP_KEYS = (EVENTS, CASUALTIES, ACTORS, TARGETS, EQUIPMENT, DATES, PLACES, REFERENCES, SOURCES)

# Span extensions: name -> default. ``exact`` is on every span a finder writes.
SPAN_EXTENSIONS: dict[str, Any] = {
    "exact": None,  # (start, end): the finder's document char offsets; None = the Span's own
    "strong": False,  # events: the word can open a report on its own ("killed", not "fighting")
    "priority": 0,  # events: among strong (or weak) words, the lower wins the sentence's type
    "aggregate": None,  # events: the word sits in a clause totalling over time; None = assembly decides
    "count": None,  # casualties: a records.Count (low, best, high)
    "victim": None,  # casualties: the victim phrase ("civilians")
    "victim_kind": None,  # casualties: a lexicon.VICTIM_NOUNS value
    "via_shot": False,  # casualties: "N were shot" (killed plus injured)
    "date": None,  # dates: the resolved date (range and precision)
    "name": None,  # equipment, targets: the normalised name
    "actor": None,  # actors: a records.Actor
    "hedged": False,  # actors: the attribution is hedged ("suspected militants")
    "noun": None,  # references: an anaphor's noun, lower-cased ("helicopter")
    "place": None,  # places: the gazetteer's records.Place; None = unresolved
    "qualifier": None,  # places: "near", "in", "western countryside of", ...
    "source": None,  # sources: the normalised outlet or monitor ("SANA")
}
# Doc extensions the rule finders read: the triaged sentences, every sentence (attribution
# carries a source over), the publication date, the Document (geoparsing failures are
# recorded on it) and the geoparser's tokenizer-only Doc.
DOC_EXTENSIONS: dict[str, Any] = {
    "wm_sentences": None,
    "wm_all_sentences": None,
    "wm_published": None,
    "wm_document": None,
    "wm_geo_doc": None,
}


_VALUES = "wm_span_values"  # doc.user_data key of the extension values
_NEXT_ID = "wm_next_span_id"


def _key(span: Span) -> tuple[int, int, int, int]:
    return (span.start_char, span.end_char, span.label, span.id)


def _accessors(name: str, default: Any) -> tuple[Any, Any]:
    def getter(span: Span) -> Any:
        values = span.doc.user_data.get(_VALUES)
        return default if values is None else values.get((name, *_key(span)), default)

    def setter(span: Span, value: Any) -> None:
        span.doc.user_data.setdefault(_VALUES, {})[(name, *_key(span))] = value

    return getter, setter


def register_extensions() -> None:
    """Declare the extensions (idempotent: a second call changes nothing)."""
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            getter, setter = _accessors(name, default)
            Span.set_extension(name, getter=getter, setter=setter)
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def group_span(doc: Doc, start: int, end: int, label: str) -> Span:
    """A token Span over document offsets ``start``..``end``, the exact offsets kept in ``_.exact``."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None or not len(span):  # an empty or all-space stretch: the token at ``start``
        starts = [t.idx for t in doc]
        i = max(0, min(len(doc) - 1, bisect.bisect_right(starts, start) - 1))
        span = Span(doc, i, i + 1, label=label)
    span.id = doc.user_data[_NEXT_ID] = doc.user_data.get(_NEXT_ID, 0) + 1
    span._.exact = (start, end)
    return span


def clear(doc: Doc) -> None:
    """Drop every group and extension value (a Doc read a second time starts afresh)."""
    for key in GROUP_KEYS:
        if key in doc.spans:
            del doc.spans[key]
    doc.user_data.pop(_VALUES, None)


def offsets(span: Span) -> tuple[int, int]:
    """The document char offsets a span states: the finder's exact ones, else the Span's."""
    exact = span._.exact
    return exact if exact is not None else (span.start_char, span.end_char)


def add(doc: Doc, key: str, spans: list[Span]) -> None:
    """Append ``spans`` to group ``key`` (created if missing), keeping the finder's order."""
    if key in doc.spans:
        doc.spans[key].extend(spans)
    else:
        doc.spans[key] = spans


__all__ = [
    "ACTORS",
    "CASUALTIES",
    "DATES",
    "DOC_EXTENSIONS",
    "EQUIPMENT",
    "EVENTS",
    "GROUP_KEYS",
    "PLACES",
    "REFERENCES",
    "SOURCES",
    "SPAN_EXTENSIONS",
    "TARGETS",
    "add",
    "clear",
    "group_span",
    "offsets",
    "register_extensions",
]
