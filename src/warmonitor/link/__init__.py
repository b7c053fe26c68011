"""Linking: reports from different documents into incidents (one per real event).

How it works
------------
1. **Blocking.** :func:`blocking_key` turns a report into a :class:`Block`: a date
   window widened by the report's date precision, a point with a radius from the
   place precision, the country and the event-type family. The store fetches only
   incidents whose dates fall in the window (give or take
   :data:`DATE_TOLERANCE_DAYS`) in the same country, so the work per document stays
   bounded and the cost over a corpus grows near-linearly (bench/bench_link.py).
   A report with no date takes the window
   [published - :data:`UNKNOWN_DATE_WINDOW_DAYS`, published + 1] of its document;
   with no publication date either, ``date_lo = date_hi = None`` and the store
   fetches the incidents of the same country.

2. **Scoring.** :func:`score_pair` compares two reports on event type, date, place,
   casualties, named people, perpetrators, weapons, aircraft family and the words
   of their evidence (not the trigger and count phrases, which every report of a
   type shares). Points are rough log-likelihood ratios (:data:`WEIGHTS`). Some
   differences are *vetoes*: dates far apart, another country, incompatible event
   families, a weekday that does not fit, an undated report of a document that
   tells events a year later (:func:`annotate_context`), two reports of one
   document. A place resolved to a country that the rest of its report contradicts
   ("Nayrab" read as Nairobi) is replaced by the report's own area
   (:func:`trusted_place`); a report with no event place stands at the most
   precise place it names (:func:`named_place`).

3. **Clustering.** :func:`assign` re-clusters the small pool made of the new
   document's reports and the reports of the candidate incidents they could join,
   from singletons, by a deterministic greedy agglomeration: pairs are taken best
   score first (ties by report key) and two clusters merge only if every cross
   pair is linkable and scores at least :data:`MIN_PAIR_SCORE`, and their *average*
   cross score clears the threshold. The floor makes it complete-link for
   conflicts and the average keeps a vague report ("a helicopter was downed in
   Syria this week") from chaining two distinct events: it can join one of them,
   and the other then disagrees with that one's specific reports.
   A report with an unknown date or place needs a higher score (strong evidence)
   to join; an undated one then takes the incident's date in reconciliation.

   Two reports of the same document never share an incident: the extractor has
   already gathered within a document whatever it tells about one event, so two
   reports from one document are two events as that document tells it (e.g. "the
   second such incident this week").

4. **Stable ids.** An incident's id is a hash of its *anchor* report: the report
   first published (by the document's publication date; unknown dates sort last),
   ties broken by report key. It is a function of the cluster's content only, so
   any ingestion order gives the same ids, and a later-published report joining
   an incident does not change it. When new evidence merges, splits or re-anchors
   incidents, :class:`LinkResult` lists the change (old ids -> new ids, reason,
   score) for the store to record.

Everything here is pure: no database, no I/O. :class:`MemoryLinker` runs the same
loop as the store-backed pipeline in memory (used by tests and the evaluation).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from rapidfuzz import fuzz

from warmonitor import taxonomy
from warmonitor.records import Incident, Place, Report, report_key

# How far (days) the store should look around the document's publication date for
# incidents an undated report may join; with no publication date either, the
# store fetches every incident of the report's country and family.
UNKNOWN_DATE_WINDOW_DAYS = 31

# Slack (days) added on each side of a report's date range: relative dates ("on
# Tuesday") resolved against an approximate publication date are often a day or
# two off, and coarser dates are already wide.
DATE_SLACK_DAYS: dict[str | None, int] = {"day": 2, "week": 3, "month": 7, "year": 0, None: 0}

# Beyond the two windows' slack, dates this many days further apart still
# compare (with a penalty) before they veto.
DATE_TOLERANCE_DAYS = 4

# Uncertainty radius (km) of a resolved place by its precision (1 the town itself,
# 2 near it / part of a district, 3 province or larger).
PRECISION_RADIUS_KM: dict[int, float] = {1: 12.0, 2: 35.0, 3: 180.0}

# Points per piece of evidence. Calibrated as rough log-likelihood ratios on
# development data (same-event vs. different-event report pairs that blocking
# would compare); kept in one table so evaluation scripts can vary them.
WEIGHTS: dict[str, float] = {
    "type_same": 1.0,
    "type_same_sub": 0.7,
    "type_same_acled": 0.4,
    "date_gap0": 1.2,
    "date_gap1": 0.4,
    "date_gap2": -0.4,
    "date_gap_more": -1.0,
    "date_coarse_overlap": 0.4,
    "date_beyond": -2.0,
    "weekday_match": 0.6,
    "before_document_context": -2.0,
    "undated_recent": 0.5,
    "place_same": 1.6,
    "place_within_3km": 1.4,
    "place_towns_near": -0.3,
    "place_towns_far": -1.2,
    "place_near_scale": 0.9,
    "place_near_base": 0.2,
    "place_far": -1.0,
    "place_beyond": -2.5,
    "province_agree": 0.6,
    "province_disagree": -1.0,
    "name_same": 1.0,
    "name_other_admin1": -0.8,
    "count_equal": 1.0,
    "count_equal_zero": 0.4,
    "count_clash": -0.6,
    "count_differ": -0.3,
    "fatalities": 1.0,
    "injured": 0.7,
    "names_shared_each": 1.2,
    "names_shared_max": 2.5,
    "names_disjoint": -1.0,
    "perpetrators": 0.4,
    "weapons": 0.5,
    "aircraft_family": 1.0,
    "aircraft_model": 0.3,
    "aircraft_other_family": -1.2,
    "text_scale": 3.0,
    "text_offset": -0.4,
    "text_max": 3.0,
}

# Minimum (average) score for two clusters to merge.
LINK_THRESHOLD = 2.2
# Every cross pair of two merging clusters must score at least this: a vague
# report that fits two events cannot pull them together when they disagree.
MIN_PAIR_SCORE = 1.2
# A report with no place must bring this much more.
UNKNOWN_PLACE_EXTRA = 0.4
# An undated report must bring stronger evidence.
UNKNOWN_DATE_THRESHOLD = 2.8

# Families that can describe the same event in different words: a shooting can
# be told as an attack or a clash, an air strike as shelling; a protest and the
# riot it turned into are one event. Strategic developments stand apart.
_FAMILY: dict[str, str] = {
    "Battles": "violence",
    "Violence against civilians": "violence",
    "Explosions/Remote violence": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say nothing about which event a text is about.
_STOP = _words(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our out over own
    said same says she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your according told reported report reports news local
    monday tuesday wednesday thursday friday saturday sunday today yesterday night morning
    evening afternoon week weekend day days year years man woman men women people one two
    three four five six seven eight nine ten police officers officer killed dead death shot
    shooting shootings wounded injured hospital incident attack authorities say"""
)
_TOKEN_RE = re.compile(r"[a-z][a-z'-]+[a-z]")
_PROPER_RE = re.compile(r"\b[A-Z][a-z]{2,}(?:[-'][A-Z]?[a-z]+)?\b")
# Capitalised words that are not names of people.
_NOT_NAMES = _words(
    """The This That These Police Officers Officer Sheriff Department County City Street Avenue
    Road Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Man Woman Boy Girl Child Victim
    Victims Suspect Suspects Unknown Civilians Soldiers Rebels Forces Army Military Government
    Syrian Russian Turkish American Mr Mrs Ms Dr Sgt Lt Capt Jr Sr"""
)


# --------------------------------------------------------------------------- taxonomy


def acled_pair(event_type: str) -> tuple[str | None, str | None]:
    """The (ACLED event type, sub-event type) of one of our event types."""
    pair = taxonomy.ACLED_PAIRS.get(event_type)
    return pair if pair else (None, None)


def acled_event_type(report: Report) -> str | None:
    """ACLED event type of a report: its own pair, else the taxonomy's."""
    return report.acled.get("event_type") or acled_pair(report.event_type)[0]


def acled_sub_event_type(report: Report) -> str | None:
    return report.acled.get("sub_event_type") or acled_pair(report.event_type)[1]


def event_family(report: Report) -> str:
    """Coarse family for blocking: violence | demonstration | strategic | unknown."""
    return _FAMILY.get(acled_event_type(report) or "", "unknown")


def aircraft_family(model: str) -> str:
    """The airframe family of a model ("Mi-17" -> "Mi-8/17")."""
    return taxonomy.aircraft_family(model)


# --------------------------------------------------------------------------- blocking


@dataclass(frozen=True, slots=True)
class Block:
    """Where and when a report's incident can be: what the store indexes candidates by."""

    date_lo: dt.date | None  # None = unknown date
    date_hi: dt.date | None
    lat: float | None  # None when the place is unresolved
    lon: float | None
    radius_km: float | None
    country: str | None
    family: str  # violence | demonstration | strategic | unknown

    def overlaps_dates(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether an incident spanning [start, end] fits the window (unknown fits all)."""
        if self.date_lo is None or self.date_hi is None or start is None:
            return True
        return start <= self.date_hi and (end or start) >= self.date_lo


def date_window(report: Report) -> tuple[dt.date | None, dt.date | None]:
    """The report's date range widened by the slack of its precision."""
    d = report.date
    if d.start is None:
        return None, None
    slack = dt.timedelta(days=DATE_SLACK_DAYS.get(d.precision, 0))
    return d.start - slack, (d.end or d.start) + slack


def blocking_key(report: Report, *, published: dt.date | None = None) -> Block:
    """The block of a report. ``published`` (the document's date) bounds an undated report.

    An undated report from a dated document gets the window
    [published - UNKNOWN_DATE_WINDOW_DAYS, published + 1]: news tells recent events.
    """
    lo, hi = date_window(report)
    if lo is None and published is not None:
        lo, hi = (
            published - dt.timedelta(days=UNKNOWN_DATE_WINDOW_DAYS),
            published + dt.timedelta(1),
        )
    place, country = trusted_place(report)
    lat = lon = radius = None
    if place is not None:
        country = place.country
        if place.lat is not None and place.lon is not None and place.feature != "country":
            lat, lon = place.lat, place.lon
            radius = PRECISION_RADIUS_KM.get(place.precision, PRECISION_RADIUS_KM[3])
    return Block(lo, hi, lat, lon, radius, country, event_family(report))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def blocks_compatible(a: Block, b: Block) -> bool:
    """Cheap pre-filter: could two blocks be the same event? (What the store's query does:
    same family and country when known, date windows within DATE_TOLERANCE_DAYS.)"""
    if a.family != b.family and "unknown" not in (a.family, b.family):
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.date_lo and b.date_lo and a.date_hi and b.date_hi:
        tolerance = dt.timedelta(days=DATE_TOLERANCE_DAYS)
        if a.date_lo > b.date_hi + tolerance or b.date_lo > a.date_hi + tolerance:
            return False
    return True


# --------------------------------------------------------------------------- features


@dataclass(slots=True)
class _Features:
    """What scoring needs from a report, computed once per report."""

    key: str
    document: str
    event_type: str
    acled_type: str | None
    acled_sub: str | None
    family: str
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    weekday: int | None  # weekday named in an undated report's date evidence
    lat: float | None
    lon: float | None
    place_precision: int | None
    country: str | None
    admin1: str | None
    geonames_id: int | None
    place_name: str | None
    fatalities: int | None
    injured: int | None
    names: frozenset[str]  # proper-name tokens of victims and individual perpetrators
    victim_names: frozenset[str]
    perpetrators: frozenset[str]
    weapons: frozenset[str]
    aircraft: frozenset[str]
    aircraft_families: frozenset[str]
    tokens: frozenset[str]
    aggregate: bool
    lower_bound: dt.date | None = None  # undated: document context says "not before"
    published: dt.date | None = None  # undated: its document's publication date


def _count_value(c) -> int | None:  # type: ignore[no-untyped-def]
    if c.best is not None:
        return c.best
    if c.low is not None:
        return c.low
    return c.high


def _norm(s: str) -> str:
    s = s.lower().strip()
    s = re.sub(r"^(the|a|an)\s+", "", s)
    return re.sub(r"\s+", " ", s)


def _proper_tokens(text: str) -> set[str]:
    return {t for t in _PROPER_RE.findall(text) if t not in _NOT_NAMES}


def _weekday(report: Report) -> int | None:
    for ev in report.evidence:
        if ev.field == "date":
            m = _WEEKDAY_RE.search(ev.text)
            if m:
                return _WEEKDAYS.index(m.group(1).lower())
    return None


# Whether a report with no event location is placed at the places it names.
USE_NAMED_PLACES = True


def named_place(report: Report) -> Place | None:
    """The most precise resolved place a report names (first named among equals)."""
    named = [
        pm
        for pm in report.places
        if pm.place is not None and pm.place.feature != "country" and pm.place.lat is not None
    ]
    if not named:
        return None
    return min(named, key=lambda pm: (pm.place.precision, pm.start)).place  # type: ignore[union-attr]


def trusted_place(report: Report) -> tuple[Place | None, str | None]:
    """The report's resolved event place, unless the rest of the report contradicts it.

    A location resolved to a country that none of the report's other places is
    in, while another country recurs among them ("Nayrab" read as Nairobi in a
    report naming Syria and Idlib), is more likely a misresolved toponym than a
    foreign event: it is then treated as unresolved, in the recurring country.
    Returns (place or None, fallback country).
    """
    place = report.location.place if report.location else None
    if report.location is None and USE_NAMED_PLACES:
        named = named_place(report)
        return (replace(named, precision=max(named.precision, 2)) if named else None), None
    if place is None or not place.country:
        return place, None
    others = Counter(
        pm.place.country
        for pm in report.places
        if pm.place is not None
        and pm.place.country
        and pm is not report.location
        and (pm.start, pm.end) != (report.location.start, report.location.end)  # type: ignore[union-attr]
    )
    if others and place.country not in others:
        country, n = others.most_common(1)[0]
        # Several mentions of another country, or one, with a resolved name that
        # is only a loose match of the text ("Nayrab" -> "Nairobi").
        loose = fuzz.partial_ratio(report.location.text.lower(), place.name.lower()) < 75  # type: ignore[union-attr]
        if n >= 2 or (len(others) == 1 and loose):
            # Fall back to the report's smallest other area in that country, as an
            # area (precision 3): "near Nayrab" -> Idlib.
            areas = [
                pm.place
                for pm in report.places
                if pm.place is not None
                and pm.place.country == country
                and pm.place.feature != "country"
                and pm.place.lat is not None
            ]
            if areas:
                best = min(areas, key=lambda p: p.precision)
                return replace(best, precision=3, candidates=[]), country
            return None, country
    return place, None


_GENERIC_FIELDS = frozenset({"event_type", "fatalities", "injured", "date"})


def features(report: Report, published: dt.date | None = None) -> _Features:
    place, fallback_country = trusted_place(report)
    names: set[str] = set()
    for v in report.victims:
        names |= _proper_tokens(v.name)
    victim_names = frozenset(names)
    for a in report.perpetrators:
        if a.kind == "individual":
            names |= _proper_tokens(a.name)
    # Trigger and count phrases ("died", "shot dead", "two pilots") are the same
    # words in every report of a type; the words around who, whom, what and where
    # are the ones that tell one event from another.
    # Place names are scored as places, not again as words.
    text = " ".join(
        ev.text for ev in report.evidence if ev.field not in _GENERIC_FIELDS | {"location"}
    )
    tokens = frozenset(t for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP)
    return _Features(
        key=report_key(report),
        document=report.document_id,
        event_type=report.event_type,
        acled_type=acled_event_type(report),
        acled_sub=acled_sub_event_type(report),
        family=event_family(report),
        start=report.date.start,
        end=report.date.end or report.date.start,
        precision=report.date.precision,
        weekday=_weekday(report) if report.date.start is None else None,
        lat=place.lat if place and place.feature != "country" else None,
        lon=place.lon if place and place.feature != "country" else None,
        place_precision=place.precision if place else None,
        country=place.country if place else fallback_country,
        admin1=place.admin1 if place else None,
        geonames_id=place.geonames_id if place else None,
        place_name=_norm(place.name if place else report.location.text)
        if report.location
        else None,
        fatalities=_count_value(report.fatalities),
        injured=_count_value(report.injured),
        names=frozenset(names),
        victim_names=victim_names,
        perpetrators=frozenset(_norm(a.normalized or a.name) for a in report.perpetrators),
        weapons=frozenset(_norm(w) for w in report.weapons),
        aircraft=frozenset(_norm(a) for a in report.aircraft),
        aircraft_families=frozenset(aircraft_family(a).lower() for a in report.aircraft),
        tokens=tokens,
        aggregate=report.aggregate,
        lower_bound=report.not_before if report.date.start is None else None,
        published=published if report.date.start is None else None,
    )


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float
    veto: str | None = None  # why the two cannot be one event
    parts: tuple[tuple[str, float], ...] = ()

    @property
    def linkable(self) -> bool:
        return self.veto is None


# Generic weapon words that agree with anything more specific.
_GENERIC_WEAPONS = frozenset({"gun", "guns", "firearm", "weapon", "weapons", "missile", "rocket"})


def _date_part(a: _Features, b: _Features) -> tuple[float, str | None]:
    w = WEIGHTS
    if a.start is None or b.start is None:
        known, unknown = (a, b) if a.start is not None else (b, a)
        if known.start is None:
            return 0.0, None
        if unknown.weekday is not None and known.precision == "day":
            if known.start.weekday() != unknown.weekday:
                return 0.0, "weekday"
            return w["weekday_match"], None
        if unknown.published is not None:
            if known.start > unknown.published + dt.timedelta(days=1):
                return 0.0, "after publication"  # no one reports an event before it happens
            if known.start >= unknown.published - dt.timedelta(days=7):
                return w["undated_recent"], None
        if unknown.lower_bound is not None and (known.end or known.start) < unknown.lower_bound:
            if (unknown.lower_bound - (known.end or known.start)).days > 365:
                return 0.0, "document context"  # a year before what its document tells
            return w["before_document_context"], None
        return 0.0, None
    assert a.end is not None and b.end is not None
    gap = max((a.start - b.end).days, (b.start - a.end).days, 0)
    slack = DATE_SLACK_DAYS.get(a.precision, 0) + DATE_SLACK_DAYS.get(b.precision, 0)
    if gap > slack + DATE_TOLERANCE_DAYS:
        return 0.0, "date"
    if gap > slack:
        # Outside both windows yet close: a date misread or resolved against the
        # wrong reference day is common; only strong evidence overcomes this.
        return w["date_beyond"], None
    if a.precision == "day" and b.precision == "day":
        return (w["date_gap0"], w["date_gap1"], w["date_gap2"], w["date_gap_more"])[
            min(gap, 3)
        ], None
    return (w["date_coarse_overlap"] if gap == 0 else 0.0), None


def _place_part(a: _Features, b: _Features) -> tuple[float, str | None]:
    w = WEIGHTS
    if a.country and b.country and a.country != b.country:
        return 0.0, "country"
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        pa, pb = a.place_precision or 3, b.place_precision or 3
        tol = PRECISION_RADIUS_KM.get(pa, 180.0) + PRECISION_RADIUS_KM.get(pb, 180.0)
        d = haversine_km(a.lat, a.lon, b.lat, b.lon)
        if d > 2 * tol:
            # Too far apart for one event; a penalty rather than a veto, since a
            # misresolved toponym is more common than two outlets' reports that
            # agree on everything else.
            return w["place_beyond"], None
        if max(pa, pb) >= 3:
            # A province says little: agreement is weak support, not proof.
            if a.admin1 and b.admin1 and a.admin1 != b.admin1 and d > tol:
                return w["province_disagree"], None
            return w["province_agree"], None
        if a.geonames_id is not None and a.geonames_id == b.geonames_id:
            return w["place_same"], None
        if d <= 3.0:
            return w["place_within_3km"], None
        if pa == 1 and pb == 1:
            # Two different named towns: most likely two events, unless one is a
            # district of the other (a city and its neighbourhood).
            return (w["place_towns_near"] if d <= tol else w["place_towns_far"]), None
        if d <= tol:
            return w["place_near_scale"] * (1.0 - d / tol) + w["place_near_base"], None
        return w["place_far"], None
    if a.place_name and b.place_name:
        if a.place_name == b.place_name:
            return w["name_same"], None
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return w["name_other_admin1"], None
    return 0.0, None


def _count_part(x: int | None, y: int | None, weight: float) -> float:
    w = WEIGHTS
    if x is None or y is None:
        return 0.0
    if x == y:
        return weight * (w["count_equal_zero"] if x == 0 else w["count_equal"])
    hi, lo = max(x, y), min(x, y)
    if hi - lo == 1 and lo > 0:
        return 0.0  # toll updates: "one killed" then "two dead"
    if lo == 0 or hi > 2 * lo + 1:
        return weight * w["count_clash"]
    return weight * w["count_differ"]


def _type_part(a: _Features, b: _Features) -> tuple[float, str | None]:
    if a.family != b.family and "unknown" not in (a.family, b.family):
        return 0.0, "family"
    if a.event_type == b.event_type:
        return WEIGHTS["type_same"], None
    if a.acled_sub and a.acled_sub == b.acled_sub:
        return WEIGHTS["type_same_sub"], None  # a finer type of ours and its ACLED parent
    if a.acled_type and a.acled_type == b.acled_type:
        return WEIGHTS["type_same_acled"], None
    return 0.0, None


def score_features(a: _Features, b: _Features) -> PairScore:
    """Score two reports' features: positive = same event. Vetoes are hard."""
    if a.document == b.document:
        return PairScore(-10.0, "same document")
    if a.aggregate or b.aggregate:
        return PairScore(-10.0, "aggregate")
    parts: list[tuple[str, float]] = []
    for name, fn in (("type", _type_part), ("date", _date_part), ("place", _place_part)):
        value, veto = fn(a, b)
        if veto:
            return PairScore(-10.0, veto, tuple(parts))
        parts.append((name, value))
    w = WEIGHTS
    parts.append(("fatalities", _count_part(a.fatalities, b.fatalities, w["fatalities"])))
    parts.append(("injured", _count_part(a.injured, b.injured, w["injured"])))
    shared_names = a.names & b.names
    if shared_names:
        parts.append(
            ("names", min(w["names_shared_max"], w["names_shared_each"] * len(shared_names)))
        )
    elif a.victim_names and b.victim_names:
        parts.append(("names", w["names_disjoint"]))  # both name their victims, not the same
    if a.perpetrators & b.perpetrators:
        parts.append(("perpetrators", w["perpetrators"]))
    specific = (a.weapons - _GENERIC_WEAPONS) & (b.weapons - _GENERIC_WEAPONS)
    if specific:
        parts.append(("weapons", w["weapons"]))
    if a.aircraft_families and b.aircraft_families:
        if a.aircraft_families & b.aircraft_families:
            model = w["aircraft_model"] if a.aircraft & b.aircraft else 0.0
            parts.append(("aircraft", w["aircraft_family"] + model))
        else:
            parts.append(("aircraft", w["aircraft_other_family"]))
    if len(a.tokens) >= 2 and len(b.tokens) >= 2:
        shared = len(a.tokens & b.tokens)
        # cosine, damped when only a word or two are shared
        cos = shared / math.sqrt(len(a.tokens) * len(b.tokens)) * min(1.0, shared / 3)
        text = min(w["text_max"], w["text_scale"] * cos + w["text_offset"])
        parts.append(("text", round(text, 3)))
    return PairScore(round(sum(v for _, v in parts), 3), None, tuple(parts))


def score_pair(a: Report, b: Report) -> PairScore:
    """Score two reports (see :func:`score_features`)."""
    return score_features(features(a), features(b))


def _threshold(a: _Features, b: _Features) -> float:
    """The score a pair needs: more when either report lacks a date or a place."""
    need = UNKNOWN_DATE_THRESHOLD if a.start is None or b.start is None else LINK_THRESHOLD
    if a.place_name is None or b.place_name is None:
        need += UNKNOWN_PLACE_EXTRA
    return need


# --------------------------------------------------------------------------- ids


def incident_id_for(
    keys: Iterable[str], published: Mapping[str, dt.date | None] | None = None
) -> str:
    """Stable id of the incident made of these report keys (see module docstring)."""
    anchor = min(keys, key=lambda k: _anchor_order(k, published))
    return "inc-" + hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:16]


def _anchor_order(key: str, published: Mapping[str, dt.date | None] | None) -> tuple:
    doc = key.rsplit("#", 1)[0]
    day = published.get(doc) if published else None
    return (day is None, day or dt.date.min, key)


# --------------------------------------------------------------------------- clustering


def cluster(
    feats: Sequence[_Features],
) -> list[list[str]]:
    """Deterministic agglomeration of report features into clusters of report keys.

    The result depends on the set of reports only, not on their order.
    """
    feats = sorted(feats, key=lambda f: f.key)
    n = len(feats)
    scores: dict[tuple[int, int], PairScore] = {}
    edges: list[tuple[float, str, str, int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            ps = score_features(feats[i], feats[j])
            scores[(i, j)] = ps
            if ps.linkable and ps.score >= _threshold(feats[i], feats[j]):
                edges.append((-ps.score, feats[i].key, feats[j].key, i, j))
    edges.sort()
    owner = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _neg, _ka, _kb, i, j in edges:
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        total, count, need = 0.0, 0, LINK_THRESHOLD
        ok = True
        for x in members[ci]:
            for y in members[cj]:
                ps = scores[(min(x, y), max(x, y))]
                if not ps.linkable or ps.score < MIN_PAIR_SCORE:
                    ok = False
                    break
                total += ps.score
                count += 1
                need = max(need, _threshold(feats[x], feats[y]))
            if not ok:
                break
        if not ok or total / count < need:
            continue
        keep, gone = min(ci, cj), max(ci, cj)
        for x in members[gone]:
            owner[x] = keep
        members[keep].extend(members.pop(gone))
    return sorted(sorted(feats[i].key for i in m) for m in members.values())


# --------------------------------------------------------------------------- assign


@dataclass(slots=True)
class LinkChange:
    """A merge, split or re-anchoring of existing incidents caused by new evidence."""

    kind: Literal["merge", "split", "rename"]
    old_ids: list[str]
    new_ids: list[str]
    reason: str
    score: float | None = None

    @property
    def new_id(self) -> str:
        """The surviving id of a merge or rename (the first id of a split)."""
        return self.new_ids[0]


@dataclass(slots=True)
class LinkResult:
    """What :func:`assign` decided.

    ``assignments``: report key -> incident id for every report whose incident is
    new or changed: all the new document's linkable reports, and every existing
    report of an incident that grew, merged, split or was re-anchored. Applying
    it (then dropping incidents left empty) brings the store to the new state.
    Aggregate reports (background totals) form no incident and are not listed.
    ``incidents``: every incident created or changed, id -> all its report keys;
    the caller reconciles and stores exactly these.
    ``retired``: ids of existing incidents that no longer exist.
    ``moved``: existing report key -> its new incident id, for reports that changed incident.
    ``changes``: merges, splits and renames to record.
    ``scores``: new report key -> best link score to a report of its incident (None when alone).
    """

    assignments: dict[str, str] = field(default_factory=dict)
    incidents: dict[str, list[str]] = field(default_factory=dict)
    retired: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)
    changes: list[LinkChange] = field(default_factory=list)
    scores: dict[str, float | None] = field(default_factory=dict)

    @property
    def merges(self) -> list[LinkChange]:
        """Merges and renames (old ids -> one new id), as the store records them."""
        return [c for c in self.changes if c.kind in ("merge", "rename")]

    @property
    def splits(self) -> list[LinkChange]:
        return [c for c in self.changes if c.kind == "split"]


def document_context(reports: Sequence[Report]) -> dt.date | None:
    """The earliest date an undated event of this document can have, or None.

    An undated event told beside dated ones ("on Tuesday" beside "in 2018, a Su-25
    was shot down") is most likely not older than the latest of them, less a week
    for "earlier this week".
    """
    starts = [r.date.start for r in reports if r.date.start is not None and not r.aggregate]
    return max(starts) - dt.timedelta(days=7) if starts else None


def annotate_context(reports: Sequence[Report]) -> None:
    """Set ``not_before`` on one document's undated reports (call before storing them)."""
    bound = document_context(reports)
    for r in reports:
        if r.date.start is None and r.not_before is None:
            r.not_before = bound


def assign(
    new_reports: Sequence[Report],
    candidates: Sequence[tuple[Incident, Sequence[Report]]],
    *,
    outlets: Mapping[str, str | None],
    published: Mapping[str, dt.date | None] | None = None,
) -> LinkResult:
    """Link one document's reports into the candidate incidents (or new ones).

    ``candidates`` are the existing incidents the store found by blocking, each with
    all its reports. ``published`` maps document id -> publication date, for ids
    anchored on the first-published report (pass it for old and new documents
    alike, or never). ``outlets`` is accepted for symmetry with reconcile; linking
    does not use outlet names (two outlets may tell one event, or two).
    """
    del outlets  # not a linking signal; kept in the signature for the pipeline contract
    result = LinkResult()
    old_of: dict[str, str] = {}
    pool: dict[str, _Features] = {}
    for incident, reports in candidates:
        for r in reports:
            k = report_key(r)
            old_of[k] = incident.id
            pool[k] = features(r, (published or {}).get(r.document_id))
    lower = document_context(new_reports)
    new_keys: list[str] = []
    for r in new_reports:
        if r.aggregate:
            continue
        k = report_key(r)
        f = features(r, (published or {}).get(r.document_id))
        if f.start is None and f.lower_bound is None:
            f.lower_bound = lower  # as annotate_context would have set it
        pool[k] = f
        new_keys.append(k)
        old_of.pop(k, None)  # re-ingesting a report: it is new again

    # Only incidents the new reports could join (or bridge) can change: the others
    # keep their reports and id, and leave the pool so the work stays small.
    new_feats = [pool[k] for k in new_keys]
    relevant: set[str] = set()
    for k, inc_id in old_of.items():
        if inc_id in relevant:
            continue
        for f in new_feats:
            ps = score_features(f, pool[k])
            if ps.linkable and ps.score >= MIN_PAIR_SCORE:
                relevant.add(inc_id)
                break
    for k in [k for k, inc_id in old_of.items() if inc_id not in relevant]:
        del pool[k]
        del old_of[k]

    clusters = cluster(list(pool.values()))
    old_members: dict[str, set[str]] = {}
    for k, inc in old_of.items():
        old_members.setdefault(inc, set()).add(k)
    successors: dict[str, set[str]] = {}  # old id -> ids its reports went to
    for keys in clusters:
        cid = incident_id_for(keys, published)
        olds = sorted({old_of[k] for k in keys if k in old_of})
        if len(olds) == 1 and set(keys) == old_members[olds[0]]:
            continue  # untouched: it keeps its id whatever the anchor rule would say now
        result.incidents[cid] = list(keys)
        for k in keys:
            result.assignments[k] = cid
            if k in old_of and old_of[k] != cid:
                result.moved[k] = cid
        for o in olds:
            successors.setdefault(o, set()).add(cid)
        if len(olds) > 1:
            result.changes.append(
                LinkChange("merge", olds, [cid], "new report links them", _best_cross(keys, pool))
            )
    merged = {o for c in result.changes for o in c.old_ids}
    for o, ids in sorted(successors.items()):
        if len(ids) > 1:
            result.changes.append(
                LinkChange("split", [o], sorted(ids), "new evidence separates its reports")
            )
        elif o not in ids and o not in merged:
            result.changes.append(
                LinkChange("rename", [o], sorted(ids), "an earlier-published report now anchors it")
            )
    result.retired = sorted(o for o in successors if o not in result.incidents)

    cluster_of = {k: keys for keys in clusters for k in keys}
    for k in new_keys:
        partners = [p for p in cluster_of[k] if p != k]
        result.scores[k] = (
            max(score_features(pool[k], pool[p]).score for p in partners) if partners else None
        )
    return result


def _best_cross(keys: Sequence[str], pool: Mapping[str, _Features]) -> float | None:
    best: float | None = None
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            s = score_features(pool[a], pool[b]).score
            best = s if best is None or s > best else best
    return best


# --------------------------------------------------------------------------- in memory


def _week(day: dt.date) -> int:
    return day.toordinal() // 7


@dataclass(slots=True)
class MemoryLinker:
    """The store-backed linking loop, in memory: for tests, evaluation and benchmarks.

    ``add(reports, published=...)`` plays the pipeline: block, fetch candidates,
    :func:`assign`, apply the result.
    """

    incidents: dict[str, list[str]] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    published: dict[str, dt.date | None] = field(default_factory=dict)
    outlets: dict[str, str | None] = field(default_factory=dict)
    changes: list[LinkChange] = field(default_factory=list)
    _blocks: dict[str, Block] = field(default_factory=dict)
    _incident_of: dict[str, str] = field(default_factory=dict)
    # A date index, as the store's date columns: week number -> report keys; undated apart.
    _by_week: dict[int, set[str]] = field(default_factory=dict)
    _undated: set[str] = field(default_factory=set)

    def _index(self, key: str, block: Block) -> None:
        self._blocks[key] = block
        if block.date_lo is None or block.date_hi is None:
            self._undated.add(key)
            return
        for week in range(_week(block.date_lo), _week(block.date_hi) + 1):
            self._by_week.setdefault(week, set()).add(key)

    def candidates(self, report: Report, block: Block) -> list[str]:
        """Incident ids whose reports' blocks fit the report's block (what the store's query does)."""
        if block.date_lo is None or block.date_hi is None:
            keys: Iterable[str] = self._blocks  # undated: the whole country, as the store does
        else:
            tol = DATE_TOLERANCE_DAYS
            lo, hi = _week(block.date_lo) - 1 - tol // 7, _week(block.date_hi) + 1 + tol // 7
            keys = set(self._undated).union(*(self._by_week.get(w, ()) for w in range(lo, hi + 1)))
        found: set[str] = set()
        for k in keys:
            inc = self._incident_of.get(k)
            if inc is not None and inc not in found and blocks_compatible(block, self._blocks[k]):
                found.add(inc)
        return sorted(found)

    def add(
        self,
        reports: Sequence[Report],
        *,
        published: dt.date | None = None,
        outlet: str | None = None,
    ) -> LinkResult:
        if not reports:
            return LinkResult()
        doc = reports[0].document_id
        annotate_context(reports)  # as the pipeline does before storing reports
        self.published[doc] = published
        self.outlets[doc] = outlet
        cand_ids: set[str] = set()
        blocks = {}
        for r in reports:
            blocks[report_key(r)] = blocking_key(r, published=published)
            cand_ids.update(self.candidates(r, blocks[report_key(r)]))
        candidates = [
            (Incident(id=i, event_type=""), [self.reports[k] for k in self.incidents[i]])
            for i in sorted(cand_ids)
        ]
        result = assign(reports, candidates, outlets=self.outlets, published=self.published)
        for r in reports:
            k = report_key(r)
            self.reports[k] = r
            self._index(k, blocks[k])
        for old in result.retired:
            self.incidents.pop(old, None)
        for cid, keys in result.incidents.items():
            self.incidents[cid] = list(keys)
        for k, cid in result.assignments.items():
            self._incident_of[k] = cid
        self.changes.extend(result.changes)
        return result

    def clusters(self) -> dict[str, list[str]]:
        return {i: sorted(keys) for i, keys in sorted(self.incidents.items())}
