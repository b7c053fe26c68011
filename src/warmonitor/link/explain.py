"""Why an incident's reports were linked: every pair's score and deciding parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from warmonitor.link.features import features
from warmonitor.link.scoring import CONFIGURED_SCORER, Scorer
from warmonitor.records import Report

# How many parts, by the size of their contribution, to list per pair.
DECIDING_FEATURES = 5


def explain_incident(
    reports: Sequence[Report],
    published: Mapping[str, dt.date | None] | None = None,
    *,
    top: int = DECIDING_FEATURES,
    scorer: Scorer = CONFIGURED_SCORER,
) -> list[dict[str, Any]]:
    """For each pair of an incident's reports (by report key), the score and why.

    ``reports``: the incident's reports (aggregates are skipped; they link to
    nothing); ``published``: publication date by document id, which undated reports
    are scored against (as linking did); ``scorer``: the one that links by default.
    Each entry: ``a``, ``b`` (report keys), ``scorer`` (its name), ``score`` (the
    table's points, or the learned model's probability, 0 when vetoed),
    ``log_odds`` (learned only; None when vetoed), ``veto`` (the hard
    contradiction, or None), ``meets_threshold`` (whether this pair alone reaches
    the linking threshold; clusters merge on their *average* cross score, so a
    pair below it can share an incident through the others), ``above_floor``
    (whether it reaches the floor every cross pair must), and ``deciding``: the
    ``top`` parts with the largest contribution (table: evidence kinds; learned:
    model features), each with its value (learned) and contribution.
    """
    dates = published or {}
    feats = sorted(
        (features(r, dates.get(r.document_id)) for r in reports if not r.aggregate),
        key=lambda f: f.key,
    )
    out: list[dict[str, Any]] = []
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            ps = scorer.score(a, b)
            values = dict(ps.values)
            parts = sorted(ps.parts, key=lambda kv: (-abs(kv[1]), kv[0])) if not ps.veto else []
            learned = scorer.name == "learned"
            out.append(
                {
                    "a": a.key,
                    "b": b.key,
                    "scorer": scorer.name,
                    "score": round(ps.score, 4),
                    "log_odds": round(ps.logit, 3) if learned and not ps.veto else None,
                    "veto": ps.veto,
                    "meets_threshold": ps.linkable and ps.score >= scorer.threshold(a, b),
                    "above_floor": ps.linkable and ps.score >= scorer.min_pair_score,
                    "deciding": [
                        {"feature": name, "value": values.get(name), "contribution": share}
                        for name, share in parts[:top]
                        if share
                    ],
                }
            )
    return out


def explain_stored_incident(store: Any, incident_id: str) -> dict[str, Any] | None:
    """``explain_incident`` for a stored incident (``store``: a ``warmonitor.store.Store``),
    following a merged-away id to the incident it names now; None when no reports are found.

    The answer: ``incident`` (the current id), ``asked``, ``reports`` (how many) and ``pairs``.
    The CLI's ``incidents ID --explain`` and the API's ``/api/incidents/ID/explain`` print it.
    """
    current = store.current_id(incident_id) or incident_id
    reports = store.reports_of([current]).get(current, [])
    if not reports:
        return None
    docs = store.documents(sorted({r.document_id for r in reports}))
    published = {
        d: dt.date.fromisoformat(m["published"]) if m.get("published") else None
        for d, m in docs.items()
    }
    return {
        "incident": current,
        "asked": incident_id,
        "reports": len(reports),
        "pairs": explain_incident(reports, published),
    }
