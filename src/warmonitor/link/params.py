"""Linking parameters: windows, tolerances, evidence weights and thresholds."""

from __future__ import annotations

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
