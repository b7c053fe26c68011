"""Stable incident ids and the deterministic agglomeration of reports into clusters."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence

from warmonitor.link.features import _Features
from warmonitor.link.scoring import CONFIGURED_SCORER, PairScore, Scorer

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
    scorer: Scorer = CONFIGURED_SCORER,
) -> list[list[str]]:
    """Deterministic average-link agglomeration of report features into clusters of keys.

    Pairs are taken best score first (ties by report key); two clusters merge when
    no cross pair is vetoed or below the scorer's ``min_pair_score`` and their
    average cross score reaches the highest :meth:`Scorer.threshold` of their
    pairs. The result depends on the set of reports only, not on their order.
    """
    feats = sorted(feats, key=lambda f: f.key)
    n = len(feats)
    scores: dict[tuple[int, int], PairScore] = {}
    edges: list[tuple[float, str, str, int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            ps = scorer.score(feats[i], feats[j])
            scores[(i, j)] = ps
            if ps.linkable and ps.score >= scorer.threshold(feats[i], feats[j]):
                edges.append((-ps.score, feats[i].key, feats[j].key, i, j))
    return agglomerate(feats, scores, edges, scorer)


def agglomerate(
    feats: Sequence[_Features],
    scores: Mapping[tuple[int, int], PairScore],
    edges: list[tuple[float, str, str, int, int]],
    scorer: Scorer,
) -> list[list[str]]:
    """The merge loop of :func:`cluster` over ``feats`` (sorted by key), their pair ``scores``
    by (i, j) with i < j, and the candidate ``edges`` (-score, key, key, i, j).

    A pair missing from ``scores`` is one every scorer vetoes: it fails any merge check it
    appears in, as its vetoed score would (``assign._cluster_pool`` leaves such pairs
    unscored).
    """
    n = len(feats)
    edges.sort()
    owner = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _neg, _ka, _kb, i, j in edges:
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        total, count, need = 0.0, 0, scorer.link_threshold
        ok = True
        for x in members[ci]:
            for y in members[cj]:
                ps = scores.get((x, y) if x < y else (y, x))
                if ps is None or not ps.linkable or ps.score < scorer.min_pair_score:
                    ok = False
                    break
                total += ps.score
                count += 1
                need = max(need, scorer.threshold(feats[x], feats[y]))
            if not ok:
                break
        if not ok or total / count < need:
            continue
        keep, gone = min(ci, cj), max(ci, cj)
        for x in members[gone]:
            owner[x] = keep
        members[keep].extend(members.pop(gone))
    return sorted(sorted(feats[i].key for i in m) for m in members.values())
