"""One report per event per document: merge a document's kept reports that tell the same event.

Conservative on purpose: two reports merge only when they are of one ACLED event type (both
"Explosions/Remote violence", ...), their dates and places do not disagree, the later one does not
announce another event ("a similar attack earlier this week", "in a separate incident"), and
something ties them: the same named place, or words pointing back ("the bombing", "the toll").
A death toll that rises in the document ("killed 5 ... the toll rose to 8") keeps the latest
figure as best, with the range.
"""

from __future__ import annotations

import re

from warmonitor import taxonomy
from warmonitor.records import Count, DateRange, Document, PlaceMention, Report

_ANOTHER_EVENT = re.compile(
    r"\b(?:another|separate(?:ly)?|similar|earlier|previous|prior|elsewhere|second|last\s+(?:week|month|year)|"
    r"a\s+day\s+(?:earlier|before)|days\s+(?:earlier|before)|in\s+\d{4})\b",
    re.I,
)


_POINTS_BACK = re.compile(
    r"\b(?:the|this|that|[A-Z][a-z]+day's|today's|yesterday's)\s+(?:\w+\s+)?(?:attack|bombing|blast|explosion|"
    r"strike|airstrike|air\s+strike|raid|ambush|shelling|assault|incident|toll|death\s+toll|bomber|"
    r"kidnapping|abduction|riot|downing|massacre|killings?|attackers|assailants|gunmen|rioters|kidnappers)\b",
    re.I,
)


def _dates_agree(a: DateRange, b: DateRange) -> bool:
    if a.start is None or b.start is None:
        return True
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end and b.start <= a_end


def _place_key(mention: PlaceMention | None) -> str | None:
    if mention is None:
        return None
    if mention.place is not None and mention.place.geonames_id is not None:
        return f"geo:{mention.place.geonames_id}"
    name = mention.place.name if mention.place is not None and mention.place.name else mention.text
    return name.strip().lower()


def _places_agree(a: Report, b: Report) -> bool:
    ka, kb = _place_key(a.location), _place_key(b.location)
    return ka is None or kb is None or ka == kb


def _mention_text(document: Document, report: Report) -> str:
    explanation = report.explanation or {}
    sentences = explanation.get("sentences") or []
    return " ".join(s.get("text", "") for s in sentences) or " ".join(
        document.text[e.start : e.end] for e in report.evidence
    )


def same_event(document: Document, base: Report, later: Report) -> bool:
    """Whether ``later`` retells the event of ``base`` (an earlier report of the same document)."""
    if base.aggregate or later.aggregate:
        return False
    text = _mention_text(document, later)
    if _ANOTHER_EVENT.search(text):
        return False
    same_type = (base.acled or {}).get("event_type") == (later.acled or {}).get("event_type")
    if not (same_type or _generic_retelling(base, later)):
        return False
    if not _places_agree(base, later):
        return False
    points_back = bool(_POINTS_BACK.search(text))
    if not _dates_agree(base.date, later.date):
        # "denied on Saturday that they had shelled ..." then "Friday's shelling": the first date
        # was the telling's, not the event's. A definite reference back to one type ties them.
        return same_type and points_back and _days_apart(base.date, later.date) <= 3
    # Something must tie the two: the same named place, or words that point back at the event
    # ("the bombing", "the toll"). Nothing disagreeing is not enough: "800 militants were killed
    # during the fighting" is no retelling of a helicopter downed that day.
    same_place = base.location is not None and _place_key(base.location) == _place_key(
        later.location
    )
    if not same_type:
        return (
            points_back  # "the attack killed 60" after "a bomb killed 63": only when it points back
        )
    return same_place or points_back


def _earlier_and_as_precise(a: DateRange, b: DateRange) -> bool:
    """Whether ``a`` starts before ``b`` (or ``b`` has no date) and spans no more days."""
    if a.start is None:
        return False
    if b.start is None:
        return True
    width_a = ((a.end or a.start) - a.start).days
    width_b = ((b.end or b.start) - b.start).days
    return a.start < b.start and width_a <= width_b


def _days_apart(a: DateRange, b: DateRange) -> int:
    if a.start is None or b.start is None:
        return 0
    return abs((a.start - b.start).days)


def elaborates(document: Document, previous: Report, later: Report) -> bool:
    """A sentence that only adds to the report just before it: no date or place of its own,
    typed only by generic words ("Five officers were injured by stones", "the army said four
    were killed"), and announcing no other event."""
    if previous.aggregate or later.aggregate:
        return False
    if later.date.start is not None or later.location is not None:
        return False
    if later.event_type not in taxonomy.generic_types():
        return False
    return not _ANOTHER_EVENT.search(_mention_text(document, later))


def _generic_retelling(base: Report, later: Report) -> bool:
    """A later mention in generic words ("the attack", "the violence") of a violent event the
    document has already typed finer (a bombing, an air strike): one family, one generic side."""
    if taxonomy.link_family(base.event_type) != taxonomy.link_family(later.event_type):
        return False
    generic = taxonomy.generic_types()
    return later.event_type in generic or base.event_type in generic


def _merge_count(first: Count, latest: Count) -> Count:
    """The latest stated figure as best; low and high span every figure stated."""
    values = [v for c in (first, latest) for v in (c.low, c.best, c.high) if v is not None]
    if not values:
        return first if not first.is_empty() else latest
    best = latest.best if latest.best is not None else first.best
    low, high = min(values), max(values)
    return Count(
        low=low if low != best else None,
        best=best,
        high=high if high != best else None,
        phrase=first.phrase or latest.phrase,
    )


def absorb(base: Report, later: Report) -> None:
    generic = taxonomy.generic_types()
    if base.event_type in generic and later.event_type not in generic:
        base.event_type, base.acled = later.event_type, dict(later.acled)  # the finer telling wins
    if _earlier_and_as_precise(later.date, base.date):
        base.date = later.date  # an event comes before its retellings: the earliest date
    if base.location is None and later.location is not None:
        base.location = later.location
    seen_places = {(p.start, p.end) for p in base.places}
    base.places.extend(p for p in later.places if (p.start, p.end) not in seen_places)
    base.fatalities = _merge_count(base.fatalities, later.fatalities)
    base.injured = _merge_count(base.injured, later.injured)
    names = {(a.normalized or a.name).lower() for a in base.perpetrators}
    base.perpetrators.extend(
        a for a in later.perpetrators if (a.normalized or a.name).lower() not in names
    )
    base.victims.extend(v for v in later.victims if v not in base.victims)
    for attr in ("targets", "weapons", "aircraft"):
        values = getattr(base, attr)
        values.extend(v for v in getattr(later, attr) if v not in values)
    base.evidence.extend(later.evidence)
    if base.explanation is not None:
        merged = base.explanation.setdefault("merged", [])
        merged.append(later.explanation or {"event_type": later.event_type})


def merge_reports(document: Document, reports: list[Report]) -> list[Report]:
    """The reports with each later retelling of an event folded into its first report."""
    kept: list[Report] = []
    for report in reports:
        base = next((b for b in kept if same_event(document, b, report)), None)
        if base is None and kept and elaborates(document, kept[-1], report):
            base = kept[-1]
        if base is None:
            kept.append(report)
        else:
            absorb(base, report)
    for index, report in enumerate(kept):
        report.index = index
    return kept


__all__ = ["absorb", "elaborates", "merge_reports", "same_event"]
