"""Linking parameters: windows, tolerances and probability thresholds."""

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

# The pair scorer is learned (link.model; weights in link/models/link_scorer.json).
# Scores are its calibrated probabilities that two reports tell one event.

# Minimum average cross probability for two clusters to merge.
LINK_THRESHOLD: float = _LINK.link_threshold
# Every cross pair of two merging clusters must score at least this: a vague
# report that fits two events cannot pull them together when they disagree.
MIN_PAIR_SCORE: float = _LINK.min_pair_score
# Whether a report with no event location is placed at the places it names.
USE_NAMED_PLACES: bool = _LINK.use_named_places
