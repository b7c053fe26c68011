"""Linking one document's reports into candidate incidents: what changes, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from warmonitor.link.blocking import shift_date
from warmonitor.link.clustering import agglomerate, incident_id_for
from warmonitor.link.features import _Features, features
from warmonitor.link.params import (
    MIN_PAIR_SCORE,
)
from warmonitor.link.scoring import (
    CONFIGURED_SCORER,
    PairScore,
    PartnerIndex,
    Scorer,
    score_features,
)
from warmonitor.records import Incident, Report

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
    return shift_date(max(starts), -7) if starts else None


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
    dates = published or {}
    lower = document_context(new_reports)
    new_feats: list[_Features] = []
    for r in new_reports:
        if r.aggregate:
            continue
        f = features(r, dates.get(r.document_id))
        if f.start is None and f.lower_bound is None:
            f.lower_bound = lower  # as annotate_context would have set it
        new_feats.append(f)
    old = [
        (incident.id, [features(r, dates.get(r.document_id)) for r in reports])
        for incident, reports in candidates
    ]
    return assign_features(new_feats, old, published=published)


def _relevant_incidents(
    new_feats: Sequence[_Features],
    old: Mapping[str, Sequence[_Features]],
    scored: dict[tuple[str, str], PairScore] | None = None,
) -> set[str]:
    """Candidate incidents the new reports could join, directly or through each other.

    Re-clustering frees reports of the incidents it touches; a freed report may then
    join another candidate that no new report could join itself. So relevance is
    the closure of "some report scores at least MIN_PAIR_SCORE with one already in":
    the pool is then a union of whole linkable components, and clustering it gives
    what clustering everything at once would (whatever the order documents came in).
    ``scored`` collects the scores computed, by (key, key) in the order scored.
    """
    relevant: set[str] = set()
    # Only pairs that may_link can score at all: the others are vetoed whatever the
    # scorer, so looking up partners by group skips them without changing the closure.
    index = PartnerIndex([(inc_id, g) for inc_id, feats in old.items() for g in feats])
    frontier = list(new_feats)
    while frontier:
        reached: list[_Features] = []
        for f in frontier:
            for inc_id, g in index.partners(f):
                if inc_id in relevant:
                    continue
                ps = score_features(f, g)
                if scored is not None:
                    scored[(f.key, g.key)] = ps
                if ps.linkable and ps.score >= MIN_PAIR_SCORE:
                    relevant.add(inc_id)
                    reached.extend(old[inc_id])
        frontier = reached
    return relevant


def _cluster_pool(
    feats: Sequence[_Features],
    scorer: Scorer = CONFIGURED_SCORER,
    scored: Mapping[tuple[str, str], PairScore] | None = None,
) -> list[list[str]]:
    """:func:`warmonitor.link.clustering.cluster`, scoring only the pairs that may link.

    ``cluster`` scores every pair of the pool; a pool around a report with no place
    spans every country, so most of its pairs are vetoed by country. A pair that
    PartnerIndex leaves out fails :func:`may_link`, so every scorer vetoes it: unscored,
    it is never an edge and fails any merge check it appears in, exactly as its vetoed
    score would. Everything
    else (edge order, merge checks, the order of the average's sum) is ``cluster``'s,
    so the clusters are the same (tests/test_link_memory_equivalence.py checks it).
    ``scored``: pairs ``scorer`` scored already, by (key, key) in that order (a score
    is a function of the ordered pair, so it is not computed twice).
    """
    feats = sorted(feats, key=lambda f: f.key)
    scores: dict[tuple[int, int], PairScore] = {}
    edges: list[tuple[float, str, str, int, int]] = []
    index = PartnerIndex(enumerate(feats))
    for i, a in enumerate(feats):
        for j, b in index.partners(a):
            if j <= i:
                continue
            ps = scored.get((a.key, b.key)) if scored else None
            if ps is None:
                ps = scorer.score(a, b)
            scores[(i, j)] = ps
            if ps.linkable and ps.score >= scorer.threshold(a, b):
                edges.append((-ps.score, a.key, b.key, i, j))
    return agglomerate(feats, scores, edges, scorer)


def assign_features(
    new_feats: Sequence[_Features],
    candidates: Sequence[tuple[str, Sequence[_Features]]],
    *,
    published: Mapping[str, dt.date | None] | None = None,
) -> LinkResult:
    """:func:`assign` on features: the new document's, and each candidate incident's by id."""
    result = LinkResult()
    old_of: dict[str, str] = {}
    pool: dict[str, _Features] = {}
    new_keys = [f.key for f in new_feats]
    fresh = set(new_keys)
    by_incident: dict[str, list[_Features]] = {}
    for inc_id, feats in candidates:
        for f in feats:
            if f.key in fresh:
                continue  # re-ingesting a report: it is new again
            old_of[f.key] = inc_id
            pool[f.key] = f
            by_incident.setdefault(inc_id, []).append(f)
    for f in new_feats:
        pool[f.key] = f

    # Only incidents the new reports could join (or bridge) can change: the others
    # keep their reports and id, and leave the pool so the work stays small.
    scored: dict[tuple[str, str], PairScore] = {}  # the configured scorer's, reused below
    relevant = _relevant_incidents(new_feats, by_incident, scored)
    for k in [k for k, inc_id in old_of.items() if inc_id not in relevant]:
        del pool[k]
        del old_of[k]

    clusters = _cluster_pool(list(pool.values()), CONFIGURED_SCORER, scored)
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
            max(_score(pool[k], pool[p], scored).score for p in partners) if partners else None
        )
    return result


def _score(a: _Features, b: _Features, scored: Mapping[tuple[str, str], PairScore]) -> PairScore:
    """``score_features(a, b)``, from ``scored`` when it was computed already."""
    ps = scored.get((a.key, b.key))
    return score_features(a, b) if ps is None else ps


def _best_cross(keys: Sequence[str], pool: Mapping[str, _Features]) -> float | None:
    best: float | None = None
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            s = score_features(pool[a], pool[b]).score
            best = s if best is None or s > best else best
    return best
