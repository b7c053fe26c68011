"""Scoring two reports' features: points for agreement, vetoes for conflicts."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from warmonitor.geo.distance import distance_km
from warmonitor.link.blocking import shift_date
from warmonitor.link.features import _Features, features
from warmonitor.link.params import (
    DATE_SLACK_DAYS,
    DATE_TOLERANCE_DAYS,
    LINK_THRESHOLD,
    PRECISION_RADIUS_KM,
    UNKNOWN_DATE_THRESHOLD,
    UNKNOWN_DATE_WINDOW_DAYS,
    UNKNOWN_PLACE_EXTRA,
    WEIGHTS,
)
from warmonitor.records import Report

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
            if a.published and b.published:  # two undated reports: their windows must meet
                apart = abs((a.published - b.published).days)
                if apart > UNKNOWN_DATE_WINDOW_DAYS + 1 + DATE_TOLERANCE_DAYS:
                    return 0.0, "windows apart"
            return 0.0, None
        if unknown.published is not None and (known.end or known.start) < _window_start(
            unknown.published, known.precision
        ):
            # News tells recent events: an undated report is blocked to the month
            # before its publication (link.blocking_key), and scored the same way.
            return 0.0, "before its window"
        if unknown.weekday is not None and known.precision == "day":
            if known.start.weekday() != unknown.weekday:
                return 0.0, "weekday"
            return w["weekday_match"], None
        if unknown.published is not None:
            if known.start > shift_date(unknown.published, 1):
                return 0.0, "after publication"  # no one reports an event before it happens
            if known.start >= shift_date(unknown.published, -7):
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


def _window_start(published: dt.date, precision: str | None) -> dt.date:
    """The earliest end a dated report can have to share an undated one's block."""
    days = UNKNOWN_DATE_WINDOW_DAYS + DATE_TOLERANCE_DAYS + DATE_SLACK_DAYS.get(precision, 0)
    return shift_date(published, -days)


def _place_part(a: _Features, b: _Features) -> tuple[float, str | None]:
    w = WEIGHTS
    if a.country and b.country and a.country != b.country:
        return 0.0, "country"
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        pa, pb = a.place_precision or 3, b.place_precision or 3
        tol = PRECISION_RADIUS_KM.get(pa, 180.0) + PRECISION_RADIUS_KM.get(pb, 180.0)
        d = distance_km(a.lat, a.lon, b.lat, b.lon)
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
