"""Scoring two reports: vetoes for hard contradictions, then points or a probability.

Two scorers share one interface (:class:`Scorer`): ``"table"``, the hand-set points
of ``[link.weights]`` (the default), and ``"learned"``, the logistic model of
:mod:`warmonitor.link.model`. Both give a :class:`PairScore` with each part's
contribution, so linking and :func:`warmonitor.link.explain_incident` read either.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from warmonitor.geo.distance import distance_km
from warmonitor.link.features import _Features, features
from warmonitor.link.model import PairModel, load_model, sigmoid
from warmonitor.link.params import (
    DATE_SLACK_DAYS,
    DATE_TOLERANCE_DAYS,
    LEARNED_LINK_THRESHOLD,
    LEARNED_MIN_PAIR_SCORE,
    PRECISION_RADIUS_KM,
    SCORER,
    TABLE_LINK_THRESHOLD,
    TABLE_MIN_PAIR_SCORE,
    UNKNOWN_DATE_THRESHOLD,
    UNKNOWN_DATE_WINDOW_DAYS,
    UNKNOWN_PLACE_EXTRA,
    WEIGHTS,
)
from warmonitor.records import Report

# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class PairScore:
    """How likely two reports tell one event.

    ``score``: the table's points, or the learned model's calibrated probability
    (vetoed: -10 points, probability 0); ``logit``: the learned model's log-odds
    (the table's points are themselves rough log-likelihood ratios: its score);
    ``parts``: each part's contribution (table: by evidence kind, in scoring order;
    learned: each feature's share of the log-odds, largest first); ``values``: the
    learned model's feature values (what it read).
    """

    score: float
    veto: str | None = None  # why the two cannot be one event
    parts: tuple[tuple[str, float], ...] = ()
    logit: float = -math.inf
    values: tuple[tuple[str, float], ...] = ()

    @property
    def linkable(self) -> bool:
        return self.veto is None


# PairScore(...) of a frozen dataclass sets each field through object.__setattr__,
# which is a third of a table score's cost; the table's scores (millions in a batch
# link) set the slots directly instead: the same frozen, equal, hashable object.
_NEW = object.__new__
_SET_SCORE, _SET_VETO, _SET_PARTS, _SET_LOGIT, _SET_VALUES = (
    PairScore.__dict__[name].__set__ for name in ("score", "veto", "parts", "logit", "values")
)


def _pair_score(
    score: float, veto: str | None, parts: tuple[tuple[str, float], ...], logit: float
) -> PairScore:
    """``PairScore(score, veto, parts, logit)``, built faster."""
    ps = _NEW(PairScore)
    _SET_SCORE(ps, score)
    _SET_VETO(ps, veto)
    _SET_PARTS(ps, parts)
    _SET_LOGIT(ps, logit)
    _SET_VALUES(ps, ())
    return ps


# Generic weapon words that agree with anything more specific.
_GENERIC_WEAPONS = frozenset({"gun", "guns", "firearm", "weapon", "weapons", "missile", "rocket"})

# Day-precise dates this many days apart are two events (a day's difference is a
# common misreading of "last night" or of a relative weekday; two is not).
DAY_VETO_GAP = 2

# Days in one unit of a date precision: a gap is measured in units of the coarser one.
_UNIT_DAYS: dict[str | None, int] = {"day": 1, "week": 7, "month": 30, "year": 365, None: 30}

_Values = dict[str, float]


def _different_days(a: _Features, b: _Features, gap: int) -> bool:
    """Two reports that each name the day ("on Monday", "on Wednesday") and name days
    this far apart tell two events, however alike their words (a veto for both scorers)."""
    return a.precision == "day" and b.precision == "day" and gap >= DAY_VETO_GAP


def _date_facts(a: _Features, b: _Features) -> tuple[str | None, str | None, int]:
    """How two reports' dates compare: (veto, kind of evidence, gap in days).

    The one reading of the dates that both scorers weigh (:func:`_date_part` for the
    learned model, :func:`_date_points` for the table) and :func:`may_link` tests,
    so the three cannot disagree. Kinds: ``unknown`` (an undated report and nothing
    more), ``weekday_match``, ``undated_recent``, ``before_context``, ``beyond``,
    ``gap0`` / ``day_gap`` (two day dates), ``coarse_overlap`` / ``coarse_apart``.
    """
    if a.start is None or b.start is None:
        known, unknown = (a, b) if a.start is not None else (b, a)
        if known.start is None:
            if a.published and b.published:  # two undated reports: their windows must meet
                apart = abs((a.published - b.published).days)
                if apart > UNKNOWN_DATE_WINDOW_DAYS + 1 + DATE_TOLERANCE_DAYS:
                    return "windows apart", None, 0
            return None, "unknown", 0
        known_end = known.end or known.start
        published = unknown.published
        # Days from publication, not shift_date(published, ...): the same comparisons
        # (a shift held at the calendar's ends compares alike), without building dates.
        if published is not None and (known_end - published).days < -_window_days(known.precision):
            # News tells recent events: an undated report is blocked to the month
            # before its publication (link.blocking_key), and scored the same way.
            return "before its window", None, 0
        if unknown.weekday is not None and known.precision == "day":
            if known.start.weekday() != unknown.weekday:
                return "weekday", None, 0
            return None, "weekday_match", 0
        if published is not None:
            after = (known.start - published).days
            if after > 1:
                return "after publication", None, 0  # no one reports an event before it happens
            if after >= -7:
                return None, "undated_recent", 0
        if unknown.lower_bound is not None and known_end < unknown.lower_bound:
            if (unknown.lower_bound - known_end).days > 365:
                return "document context", None, 0  # a year before what its document tells
            return None, "before_context", 0
        return None, "unknown", 0
    assert a.end is not None and b.end is not None
    # max((a.start - b.end).days, (b.start - a.end).days, 0), spelled out (a hot path).
    gap = (a.start - b.end).days
    other = (b.start - a.end).days
    if other > gap:
        gap = other
    if gap < 0:
        gap = 0
    slack = DATE_SLACK_DAYS.get(a.precision, 0) + DATE_SLACK_DAYS.get(b.precision, 0)
    if gap > slack + DATE_TOLERANCE_DAYS:
        return "date", None, gap
    if _different_days(a, b, gap):
        return "different days", None, gap
    if gap > slack:
        # Outside both windows yet close: a date misread or resolved against the
        # wrong reference day is common; only strong evidence overcomes this.
        return None, "beyond", gap
    if a.precision == "day" and b.precision == "day":
        return None, ("gap0" if gap == 0 else "day_gap"), gap
    return None, ("coarse_overlap" if gap == 0 else "coarse_apart"), gap


# The learned model's date features for each kind of date evidence (beside
# date_unknown for an undated report, or date_gap_units for two dated ones).
_DATE_FEATURE: dict[str, str] = {
    "weekday_match": "date_weekday_match",
    "undated_recent": "date_undated_recent",
    "before_context": "date_before_context",
    "beyond": "date_beyond",
    "gap0": "date_gap0",
    "coarse_overlap": "date_coarse_overlap",
    "coarse_apart": "date_coarse_apart",
}


def _date_part(a: _Features, b: _Features) -> tuple[_Values, str | None]:
    veto, kind, gap = _date_facts(a, b)
    if a.start is None or b.start is None:
        x: _Values = {"date_unknown": 1.0}
    elif veto is not None:
        return {}, veto
    else:
        unit = max(_UNIT_DAYS.get(a.precision, 30), _UNIT_DAYS.get(b.precision, 30))
        x = {"date_gap_units": min(gap / unit, 3.0)}
    if veto is not None:
        return x, veto
    feature = _DATE_FEATURE.get(kind or "")
    return (x | {feature: 1.0} if feature else x), None


def _window_days(precision: str | None) -> int:
    """How many days before an undated report's publication a dated report of this
    precision can end and still share its block."""
    return _WINDOW_DAYS.get(precision, UNKNOWN_DATE_WINDOW_DAYS + DATE_TOLERANCE_DAYS)


_WINDOW_DAYS: dict[str | None, int] = {
    precision: UNKNOWN_DATE_WINDOW_DAYS + DATE_TOLERANCE_DAYS + slack
    for precision, slack in DATE_SLACK_DAYS.items()
}


def _place_part(a: _Features, b: _Features) -> tuple[_Values, str | None]:
    if a.country and b.country and a.country != b.country:
        return {}, "country"
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        pa, pb = a.place_precision or 3, b.place_precision or 3
        tol = PRECISION_RADIUS_KM.get(pa, 180.0) + PRECISION_RADIUS_KM.get(pb, 180.0)
        d = distance_km(a.lat, a.lon, b.lat, b.lon)
        x: _Values = {"distance_log": min(1.0, math.log1p(d) / math.log1p(1000.0))}
        if pa == 1 and pb == 1 and d > tol and a.geonames_id != b.geonames_id:
            # Two named towns further apart than both their radii ("Homs" and
            # "Hama", 45 km): two events, however alike their words.
            return {}, "towns apart"
        if d > 2 * tol:
            # Too far apart for one event; evidence rather than a veto, since a
            # misresolved toponym is more common than two outlets' reports that
            # agree on everything else.
            return x | {"place_beyond": 1.0}, None
        if max(pa, pb) >= 3:
            # A province says little: agreement is weak support, not proof.
            if a.admin1 and b.admin1 and a.admin1 != b.admin1 and d > tol:
                return x | {"province_disagree": 1.0}, None
            return x | {"province_agree": 1.0}, None
        if a.geonames_id is not None and a.geonames_id == b.geonames_id:
            return x | {"place_same": 1.0}, None
        if d <= 3.0:
            return x | {"place_within_3km": 1.0}, None
        if pa == 1 and pb == 1:
            # Two different named towns within both radii: most likely two events,
            # unless one is a district of the other (a city and its neighbourhood).
            return x | {"place_towns_near": 1.0}, None
        if d <= tol:
            return x | {"place_near": 1.0 - d / tol}, None
        return x | {"place_far": 1.0}, None
    if a.place_name and b.place_name:
        if a.place_name == b.place_name:
            return {"place_name_same": 1.0}, None
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return {"place_name_other_admin1": 1.0}, None
        return {}, None
    return {"place_unknown": 1.0}, None


def _count_part(x: int | None, y: int | None, prefix: str) -> _Values:
    if x is None or y is None:
        return {}
    if x == y:
        return {f"{prefix}_equal_zero" if x == 0 else f"{prefix}_equal": 1.0}
    hi, lo = max(x, y), min(x, y)
    if hi - lo == 1 and lo > 0:
        return {f"{prefix}_update": 1.0}  # toll updates: "one killed" then "two dead"
    if lo == 0 or hi > 2 * lo + 1:
        return {f"{prefix}_clash": 1.0}
    return {f"{prefix}_differ": 1.0}


def _type_part(a: _Features, b: _Features) -> tuple[_Values, str | None]:
    if a.family != b.family and "unknown" not in (a.family, b.family):
        return {}, "family"
    if a.event_type == b.event_type:
        return {"type_same": 1.0}, None
    if "unknown" in (a.family, b.family):
        return {"type_unknown": 1.0}, None
    if a.acled_sub and a.acled_sub == b.acled_sub:
        return {"type_same_sub": 1.0}, None  # a finer type of ours and its ACLED parent
    if a.acled_type and a.acled_type == b.acled_type:
        return {"type_same_acled": 1.0}, None
    return {}, None


def _veto(reason: str) -> PairScore:
    return PairScore(0.0, reason)


def pair_values(
    a: _Features, b: _Features, model: PairModel | None = None
) -> tuple[_Values, str | None]:
    """The pair's feature values (see link.model.FEATURE_NAMES), or a veto.

    ``model`` gives the IDF of the text features (the shipped one by default;
    training passes its own).
    """
    if a.document == b.document:
        return {}, "same document"
    if a.aggregate or b.aggregate:
        return {}, "aggregate"
    x: _Values = {}
    for fn in (_type_part, _date_part, _place_part):
        values, veto = fn(a, b)
        if veto:
            return x, veto
        x |= values
    x |= _count_part(a.fatalities, b.fatalities, "killed")
    x |= _count_part(a.injured, b.injured, "injured")
    shared_names = a.names & b.names
    if shared_names:
        x["names_shared"] = float(min(3, len(shared_names)))
    elif a.victim_names and b.victim_names:
        x["names_disjoint"] = 1.0  # both name their victims, not the same
    if a.perpetrators & b.perpetrators:
        x["perpetrators_shared"] = 1.0
    if (a.weapons - _GENERIC_WEAPONS) & (b.weapons - _GENERIC_WEAPONS):
        x["weapons_shared"] = 1.0
    if a.aircraft_families and b.aircraft_families:
        if a.aircraft_families & b.aircraft_families:
            x["aircraft_family_same"] = 1.0
            if a.aircraft & b.aircraft:
                x["aircraft_model_same"] = 1.0
        else:
            x["aircraft_family_other"] = 1.0
    model = model or load_model()
    if a.tokens and b.tokens:
        x["text_cosine"] = model.cosine(a.tokens, b.tokens)
        x["text_shared"] = min(3, len(a.tokens & b.tokens)) / 3
    if a.text_tokens and b.text_tokens:
        x["text_all_cosine"] = model.cosine(a.text_tokens, b.text_tokens)
    return {k: round(v, 4) for k, v in x.items() if v}, None


def learned_score(a: _Features, b: _Features) -> PairScore:
    """Probability that two reports' features tell one event; vetoes are hard (score 0)."""
    x, veto = pair_values(a, b)
    if veto:
        return _veto(veto)
    model = load_model()
    z = model.logit(x)
    parts = sorted(model.contributions(x).items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    # Unrounded: near-certain pairs must still order by their evidence.
    return PairScore(
        sigmoid(z), None, tuple((k, round(v, 3)) for k, v in parts), z, tuple(sorted(x.items()))
    )


# --------------------------------------------------------------------------- the table


# The table's points for each kind of date evidence (_date_facts); kinds not
# listed (undated, coarse dates apart within their slack) score nothing.
_DATE_POINTS: dict[str, str] = {
    "weekday_match": "weekday_match",
    "undated_recent": "undated_recent",
    "before_context": "before_document_context",
    "beyond": "date_beyond",
    "gap0": "date_gap0",
    "coarse_overlap": "date_coarse_overlap",
}
_DAY_GAP_POINTS = ("date_gap0", "date_gap1", "date_gap2", "date_gap_more")


def _date_points(a: _Features, b: _Features) -> tuple[float, str | None]:
    """The table scorer's date points: _date_facts' evidence and vetoes, weighed by the table."""
    veto, kind, gap = _date_facts(a, b)
    if veto is not None:
        return 0.0, veto
    weight = _DATE_POINTS.get(kind or "")
    if weight is not None:
        return WEIGHTS[weight], None
    if kind == "day_gap":
        return WEIGHTS[_DAY_GAP_POINTS[min(gap, 3)]], None  # days, for two day dates
    return 0.0, None


def _place_points(a: _Features, b: _Features) -> tuple[float, str | None]:
    w = WEIGHTS
    if a.country and b.country and a.country != b.country:
        return 0.0, "country"
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        pa, pb = a.place_precision or 3, b.place_precision or 3
        tol = PRECISION_RADIUS_KM.get(pa, 180.0) + PRECISION_RADIUS_KM.get(pb, 180.0)
        d = distance_km(a.lat, a.lon, b.lat, b.lon)
        if d > 2 * tol:
            return w["place_beyond"], None  # a penalty, not a veto (see _place_part)
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


def _count_points(x: int | None, y: int | None, weight: float) -> float:
    w = WEIGHTS
    if x is None or y is None:
        return 0.0
    if x == y:
        return weight * (w["count_equal_zero"] if x == 0 else w["count_equal"])
    hi, lo = (x, y) if x > y else (y, x)
    if hi - lo == 1 and lo > 0:
        return 0.0  # toll updates: "one killed" then "two dead"
    if lo == 0 or hi > 2 * lo + 1:
        return weight * w["count_clash"]
    return weight * w["count_differ"]


def _type_points(a: _Features, b: _Features) -> tuple[float, str | None]:
    if a.family != b.family and "unknown" not in (a.family, b.family):
        return 0.0, "family"
    if a.event_type == b.event_type:
        return WEIGHTS["type_same"], None
    if a.acled_sub and a.acled_sub == b.acled_sub:
        return WEIGHTS["type_same_sub"], None  # a finer type of ours and its ACLED parent
    if a.acled_type and a.acled_type == b.acled_type:
        return WEIGHTS["type_same_acled"], None
    return 0.0, None


def table_score(a: _Features, b: _Features) -> PairScore:
    """Points for two reports' features (positive: the same event); vetoes are hard (-10)."""
    if a.document == b.document:
        return _pair_score(-10.0, "same document", (), -math.inf)
    if a.aggregate or b.aggregate:
        return _pair_score(-10.0, "aggregate", (), -math.inf)
    # Linking scores millions of pairs: the parts are spelled out rather than looped
    # over, and set operations are skipped when a side is empty (they would be too).
    type_points, veto = _type_points(a, b)
    if veto:
        return _pair_score(-10.0, veto, (), -math.inf)
    date_points, veto = _date_points(a, b)
    if veto:
        return _pair_score(-10.0, veto, (("type", type_points),), -math.inf)
    place_points, veto = _place_points(a, b)
    if veto:
        return _pair_score(-10.0, veto, (("type", type_points), ("date", date_points)), -math.inf)
    w = WEIGHTS
    parts: list[tuple[str, float]] = [
        ("type", type_points),
        ("date", date_points),
        ("place", place_points),
        ("fatalities", _count_points(a.fatalities, b.fatalities, w["fatalities"])),
        ("injured", _count_points(a.injured, b.injured, w["injured"])),
    ]
    shared_names = a.names & b.names if a.names and b.names else None
    if shared_names:
        parts.append(
            ("names", min(w["names_shared_max"], w["names_shared_each"] * len(shared_names)))
        )
    elif a.victim_names and b.victim_names:
        parts.append(("names", w["names_disjoint"]))  # both name their victims, not the same
    if a.perpetrators and b.perpetrators and a.perpetrators & b.perpetrators:
        parts.append(("perpetrators", w["perpetrators"]))
    if a.weapons and b.weapons and (a.weapons - _GENERIC_WEAPONS) & (b.weapons - _GENERIC_WEAPONS):
        parts.append(("weapons", w["weapons"]))
    if a.aircraft_families and b.aircraft_families:
        if a.aircraft_families & b.aircraft_families:
            model = w["aircraft_model"] if a.aircraft & b.aircraft else 0.0
            parts.append(("aircraft", w["aircraft_family"] + model))
        else:
            parts.append(("aircraft", w["aircraft_other_family"]))
    na, nb = len(a.tokens), len(b.tokens)
    if na >= 2 and nb >= 2:
        shared = len(a.tokens & b.tokens)
        # cosine, damped when only a word or two are shared
        cos = shared / math.sqrt(na * nb) * (shared / 3 if shared < 3 else 1.0)
        text = min(w["text_max"], w["text_scale"] * cos + w["text_offset"])
        parts.append(("text", round(text, 3)))
    score = round(sum([v for _, v in parts]), 3)
    return _pair_score(score, None, tuple(parts), score)


# The table's evidence kinds, as its parts name them.
TABLE_PARTS: tuple[str, ...] = (
    "type",
    "date",
    "place",
    "fatalities",
    "injured",
    "names",
    "perpetrators",
    "weapons",
    "aircraft",
    "text",
)


# --------------------------------------------------------------------------- the interface


@dataclass(frozen=True, slots=True)
class Scorer:
    """A pair scorer and the thresholds its scores are read against.

    Two clusters merge when no cross pair is vetoed or scores below
    ``min_pair_score`` and their average cross score reaches the highest
    :meth:`threshold` of their pairs.
    """

    name: str  # "table" or "learned"
    score: Callable[[_Features, _Features], PairScore]
    link_threshold: float
    min_pair_score: float
    unknown_date_threshold: float  # the threshold when either report is undated
    unknown_place_extra: float  # added when either report names no place

    def threshold(self, a: _Features, b: _Features) -> float:
        """The score a pair needs: more when either report lacks a date or a place."""
        dated = a.start is not None and b.start is not None
        need = self.link_threshold if dated else self.unknown_date_threshold
        if a.place_name is None or b.place_name is None:
            need += self.unknown_place_extra
        return need


SCORERS: dict[str, Scorer] = {
    "table": Scorer(
        "table",
        table_score,
        TABLE_LINK_THRESHOLD,
        TABLE_MIN_PAIR_SCORE,
        UNKNOWN_DATE_THRESHOLD,
        UNKNOWN_PLACE_EXTRA,
    ),
    # Its probabilities already weigh a missing date or place: one threshold.
    "learned": Scorer(
        "learned",
        learned_score,
        LEARNED_LINK_THRESHOLD,
        LEARNED_MIN_PAIR_SCORE,
        LEARNED_LINK_THRESHOLD,
        0.0,
    ),
}

# The scorer that links (settings [link] scorer).
CONFIGURED_SCORER: Scorer = SCORERS[SCORER]


def may_link(a: _Features, b: _Features) -> bool:
    """Whether any scorer can find the pair linkable: False when both scorers veto it
    before weighing evidence (one document, an aggregate, families or known countries
    that differ, dates that cannot meet). Linking skips scoring the pairs that fail
    it: a cheaper test than scoring, and exact."""
    if a.document == b.document or a.aggregate or b.aggregate:
        return False
    if a.family != b.family and a.family != "unknown" and b.family != "unknown":
        return False
    if a.country and b.country and a.country != b.country:
        return False
    return _date_facts(a, b)[0] is None


# --------------------------------------------------------------------------- partners
#
# Linking scores a report against many others (the closure of relevant candidates,
# then every pair of the pool it clusters); most of those pairs are vetoed by
# country, family or dates. PartnerIndex finds, for a report, a superset of the
# reports it is not vetoed with, from bounds that follow _date_facts' vetoes, so
# the pairs it leaves out are exactly ones no scorer could link.

T = TypeVar("T")

_MAX_SLACK = max(0, *DATE_SLACK_DAYS.values())
# Dated reports further apart than this (days between their ranges) are vetoed "date".
_DATED_REACH = 2 * _MAX_SLACK + DATE_TOLERANCE_DAYS
# An undated report published this long after a dated one's end is "before its window".
_UNDATED_REACH = UNKNOWN_DATE_WINDOW_DAYS + DATE_TOLERANCE_DAYS + _MAX_SLACK
# Two undated reports published further apart are "windows apart".
_WINDOWS_REACH = UNKNOWN_DATE_WINDOW_DAYS + 1 + DATE_TOLERANCE_DAYS


@dataclass(slots=True)
class _Sorted(Generic[T]):
    """Items sorted by one date's ordinal, for bisected ranges."""

    days: list[int] = field(default_factory=list)
    items: list[tuple[T, _Features]] = field(default_factory=list)

    def between(self, lo: float, hi: float) -> list[tuple[T, _Features]]:
        return self.items[bisect.bisect_left(self.days, lo) : bisect.bisect_right(self.days, hi)]


@dataclass(slots=True)
class _DateGroup(Generic[T]):
    """One (country, family) group's items, by how their dates can be reached."""

    day: _Sorted[T] = field(default_factory=_Sorted)  # dated, day precision, by start
    coarse: _Sorted[T] = field(default_factory=_Sorted)  # dated, other precisions, by start
    day_span: int = 0  # longest end - start of each (bounds how early a start can reach)
    coarse_span: int = 0
    undated: _Sorted[T] = field(default_factory=_Sorted)  # undated, by publication date
    weekday: list[tuple[T, _Features]] = field(default_factory=list)  # those naming a weekday
    unpublished: list[tuple[T, _Features]] = field(default_factory=list)  # undated, no date

    def partners(self, f: _Features, out: list[tuple[T, _Features]]) -> None:
        """Add to ``out`` the items whose dates can meet ``f``'s (a superset)."""
        if f.start is not None:
            start, end = f.start.toordinal(), (f.end or f.start).toordinal()
            if self.day.days:
                # Two day dates DAY_VETO_GAP apart are "different days"; else "date" past the slacks.
                reach = DAY_VETO_GAP - 1 if f.precision == "day" else _DATED_REACH
                out += self.day.between(start - reach - self.day_span, end + reach)
            if self.coarse.days:
                reach = DATE_SLACK_DAYS.get(f.precision, 0) + _MAX_SLACK + DATE_TOLERANCE_DAYS
                out += self.coarse.between(start - reach - self.coarse_span, end + reach)
            if self.undated.days:
                # An undated report published before this one's start is "after
                # publication", unless it names a weekday (then only its window bounds it).
                out += self.undated.between(start - 1, end + _UNDATED_REACH)
                for item, g in self.weekday:
                    if g.published.toordinal() < start - 1:  # type: ignore[union-attr]
                        out.append((item, g))
            out += self.unpublished
            return
        if f.published is None:
            out += self.day.items
            out += self.coarse.items
            out += self.undated.items
            out += self.unpublished
            return
        published = f.published.toordinal()
        # A dated report must end within the window; it must start by the day after
        # publication unless this one names a weekday.
        hi = math.inf if f.weekday is not None else published + 1
        if self.day.days:
            out += self.day.between(published - _UNDATED_REACH - self.day_span, hi)
        if self.coarse.days:
            out += self.coarse.between(published - _UNDATED_REACH - self.coarse_span, hi)
        if self.undated.days:
            out += self.undated.between(published - _WINDOWS_REACH, published + _WINDOWS_REACH)
        out += self.unpublished


# Up to this many items, partners() is all of them: an index would cost more than it saves.
_FEW = 8


class PartnerIndex(Generic[T]):
    """Items, each with a report's features, found by the reports they may link with.

    ``partners(f)`` holds every item whose report no scorer vetoes with ``f`` (it may
    hold some that are vetoed): of its own country or none, of its family or an
    unknown one, with dates that can meet (tests/test_link_memory_equivalence.py).
    """

    def __init__(self, items: Iterable[tuple[T, _Features]]) -> None:
        self._groups: dict[str | None, dict[str, _DateGroup[T]]] = {}
        self._meets: dict[tuple[str | None, str], list[_DateGroup[T]]] = {}
        entries = list(items)
        # A few items cost less to score than to index (most documents meet a handful).
        self._few = entries if len(entries) <= _FEW else None
        if self._few is not None:
            return
        unsorted: list[tuple[int, int, _Sorted[T], tuple[T, _Features]]] = []
        for n, (item, f) in enumerate(entries):
            group = self._groups.setdefault(f.country or None, {}).setdefault(
                f.family, _DateGroup()
            )
            if f.start is not None:
                span = max(0, ((f.end or f.start) - f.start).days)
                if f.precision == "day":
                    group.day_span = max(group.day_span, span)
                    target = group.day
                else:
                    group.coarse_span = max(group.coarse_span, span)
                    target = group.coarse
                unsorted.append((f.start.toordinal(), n, target, (item, f)))
            elif f.published is not None:
                if f.weekday is not None:
                    group.weekday.append((item, f))
                unsorted.append((f.published.toordinal(), n, group.undated, (item, f)))
            else:
                group.unpublished.append((item, f))
        unsorted.sort(key=lambda row: (row[0], row[1]))
        for day, _n, target, entry in unsorted:
            target.days.append(day)
            target.items.append(entry)

    def partners(self, f: _Features) -> list[tuple[T, _Features]]:
        """Every item ``f`` may link with (a superset: score them to know)."""
        if self._few is not None:
            return self._few
        out: list[tuple[T, _Features]] = []
        for group in self._meeting(f.country or None, f.family):
            group.partners(f, out)
        return out

    def _meeting(self, country: str | None, family: str) -> list[_DateGroup[T]]:
        """The groups a report of this country and family may link into (computed once)."""
        groups = self._meets.get((country, family))
        if groups is None:
            if country is None:
                countries = list(self._groups.values())
            else:
                countries = [g for g in (self._groups.get(country), self._groups.get(None)) if g]
            groups = []
            for families in countries:
                if family == "unknown":
                    groups += families.values()
                else:
                    groups += [g for g in (families.get(family), families.get("unknown")) if g]
            self._meets[(country, family)] = groups
        return groups


def score_features(a: _Features, b: _Features, scorer: Scorer | None = None) -> PairScore:
    """Score two reports' features with ``scorer`` (the configured one by default)."""
    return (scorer or CONFIGURED_SCORER).score(a, b)


def score_pair(a: Report, b: Report, scorer: Scorer | None = None) -> PairScore:
    """Score two reports (see :func:`score_features`)."""
    return score_features(features(a), features(b), scorer)
