"""Linking parameters: windows, tolerances, evidence weights and thresholds."""

from __future__ import annotations

from warmonitor.settings import active_settings

# The values live in settings.toml's [link] section (one source of truth, printed
# by `warmonitor info`); these module names are how linking code reads them.
_LINK = active_settings().link

# How far (days) the store should look around the document's publication date for
# incidents an undated report may join; with no publication date either, the
# store fetches every incident of the report's country and family.
UNKNOWN_DATE_WINDOW_DAYS: int = _LINK.unknown_date_window_days

# Slack (days) added on each side of a report's date range: relative dates ("on
# Tuesday") resolved against an approximate publication date are often a day or
# two off, and coarser dates are already wide.
DATE_SLACK_DAYS: dict[str | None, int] = {
    (None if precision == "none" else precision): days
    for precision, days in _LINK.date_slack_days.items()
}

# Beyond the two windows' slack, dates this many days further apart still
# compare (with a penalty) before they veto.
DATE_TOLERANCE_DAYS: int = _LINK.date_tolerance_days

# Uncertainty radius (km) of a resolved place by its precision (1 the town itself,
# 2 near it / part of a district, 3 province or larger).
PRECISION_RADIUS_KM: dict[int, float] = {
    int(precision): km for precision, km in _LINK.precision_radius_km.items()
}

# Points per piece of evidence. Calibrated as rough log-likelihood ratios on
# development data (same-event vs. different-event report pairs that blocking
# would compare); kept in one table so evaluation scripts can vary them.
WEIGHTS: dict[str, float] = dict(_LINK.weights)

# Minimum (average) score for two clusters to merge.
LINK_THRESHOLD: float = _LINK.link_threshold
# Every cross pair of two merging clusters must score at least this: a vague
# report that fits two events cannot pull them together when they disagree.
MIN_PAIR_SCORE: float = _LINK.min_pair_score
# A report with no place must bring this much more.
UNKNOWN_PLACE_EXTRA: float = _LINK.unknown_place_extra
# An undated report must bring stronger evidence.
UNKNOWN_DATE_THRESHOLD: float = _LINK.unknown_date_threshold
# Whether a report with no event location is placed at the places it names.
USE_NAMED_PLACES: bool = _LINK.use_named_places
