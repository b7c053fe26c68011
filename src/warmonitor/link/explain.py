"""Why an incident's reports were linked: every pair's probability and deciding features."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from warmonitor.link.features import features
from warmonitor.link.params import LINK_THRESHOLD, MIN_PAIR_SCORE
from warmonitor.link.scoring import score_features
from warmonitor.records import Report

# How many features, by the size of their share of the log-odds, to list per pair.
DECIDING_FEATURES = 5


def explain_incident(
    reports: Sequence[Report],
    published: Mapping[str, dt.date | None] | None = None,
    *,
    top: int = DECIDING_FEATURES,
) -> list[dict[str, Any]]:
    """For each pair of an incident's reports (by report key), the score and why.

    ``reports``: the incident's reports (aggregates are skipped; they link to
    nothing); ``published``: publication date by document id, which undated reports
    are scored against (as linking did). Each entry: ``a``, ``b`` (report keys),
    ``probability`` (0 when vetoed), ``log_odds``, ``veto`` (the hard contradiction,
    or None), ``meets_threshold`` (whether this pair alone reaches the linking
    threshold; clusters merge on their *average* cross probability, so a pair
    below it can share an incident through the others), and ``deciding``: the
    ``top`` features with the largest share of the log-odds, each with its value
    and contribution.
    """
    dates = published or {}
    feats = sorted(
        (features(r, dates.get(r.document_id)) for r in reports if not r.aggregate),
        key=lambda f: f.key,
    )
    out: list[dict[str, Any]] = []
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            ps = score_features(a, b)
            values = dict(ps.values)
            out.append(
                {
                    "a": a.key,
                    "b": b.key,
                    "probability": round(ps.score, 4),
                    "log_odds": None if ps.veto else round(ps.logit, 3),
                    "veto": ps.veto,
                    "meets_threshold": ps.linkable and ps.score >= LINK_THRESHOLD,
                    "above_floor": ps.linkable and ps.score >= MIN_PAIR_SCORE,
                    "deciding": [
                        {"feature": name, "value": values.get(name), "contribution": share}
                        for name, share in ps.parts[:top]
                    ],
                }
            )
    return out
