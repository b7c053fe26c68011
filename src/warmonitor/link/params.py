"""Linking parameters: windows, tolerances, the pair scorer, its weights and thresholds."""

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

# Which pair scorer links: "table" (hand-set points, WEIGHTS) or "learned" (a
# logistic model, link.model; weights in link/models/link_scorer.json). The table
# is the default because it measures higher (docs/models/link-scorer.md).
SCORER: str = _LINK.scorer

# Points per piece of evidence (scorer "table"). Calibrated as rough
# log-likelihood ratios on development data (same-event vs. different-event report
# pairs that blocking would compare); kept in one table so evaluation scripts can
# vary them.
WEIGHTS: dict[str, float] = dict(_LINK.weights)

# Scorer "table": minimum (average) score for two clusters to merge; every cross
# pair of two merging clusters must score at least the floor (a vague report that
# fits two events cannot pull them together when they disagree); a report with no
# place must bring UNKNOWN_PLACE_EXTRA more, an undated one UNKNOWN_DATE_THRESHOLD.
TABLE_LINK_THRESHOLD: float = _LINK.link_threshold
TABLE_MIN_PAIR_SCORE: float = _LINK.min_pair_score
UNKNOWN_PLACE_EXTRA: float = _LINK.unknown_place_extra
UNKNOWN_DATE_THRESHOLD: float = _LINK.unknown_date_threshold

# Scorer "learned": the same two thresholds, on its calibrated probabilities.
LEARNED_LINK_THRESHOLD: float = _LINK.learned_link_threshold
LEARNED_MIN_PAIR_SCORE: float = _LINK.learned_min_pair_score

# The configured scorer's thresholds.
LINK_THRESHOLD: float = TABLE_LINK_THRESHOLD if SCORER == "table" else LEARNED_LINK_THRESHOLD
MIN_PAIR_SCORE: float = TABLE_MIN_PAIR_SCORE if SCORER == "table" else LEARNED_MIN_PAIR_SCORE
# Whether a report with no event location is placed at the places it names.
USE_NAMED_PLACES: bool = _LINK.use_named_places
