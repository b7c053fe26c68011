"""Clustering (coreference) metrics over mentions: MUC, B³, CEAF-e, CoNLL F1, pairwise P/R.

Clusterings are mappings mention -> cluster label. A mention missing from the
response is scored as a singleton of its own (so a system that drops a mention
loses recall, never gains precision). Pure Python; CEAF-e's optimal alignment is
solved per connected component of the overlap graph with the Hungarian method.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

Clusters = list[frozenset[Hashable]]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def to_clusters(assignment: Mapping[Hashable, Hashable]) -> Clusters:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in assignment.items():
        groups[label].add(mention)
    return [frozenset(g) for g in groups.values()]


def _complete(key: Mapping, response: Mapping) -> tuple[Clusters, Clusters]:
    """Key and response clusters over the key's mentions (missing ones as singletons)."""
    resp = {m: ("resp", response[m]) if m in response else ("missing", m) for m in key}
    return to_clusters(key), to_clusters(resp)


def _muc_side(a: Clusters, b: Clusters) -> float:
    owner = {m: i for i, c in enumerate(b) for m in c}
    num = den = 0
    for c in a:
        parts = {owner.get(m, ("single", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num / den if den else 0.0


def muc(key: Mapping, response: Mapping) -> PRF:
    k, r = _complete(key, response)
    return PRF(_muc_side(r, k), _muc_side(k, r))


def b_cubed(key: Mapping, response: Mapping) -> PRF:
    k, r = _complete(key, response)
    k_of = {m: c for c in k for m in c}
    r_of = {m: c for c in r for m in c}
    n = len(k_of)
    if n == 0:
        return PRF(0.0, 0.0)
    p = sum(len(k_of[m] & r_of[m]) / len(r_of[m]) for m in k_of) / n
    rec = sum(len(k_of[m] & r_of[m]) / len(k_of[m]) for m in k_of) / n
    return PRF(p, rec)


def _hungarian_max(weights: list[list[float]]) -> float:
    """Maximum-weight assignment value of a rectangular matrix (Hungarian, O(n^3))."""
    n_rows, n_cols = len(weights), len(weights[0]) if weights else 0
    n = max(n_rows, n_cols)
    if n == 0:
        return 0.0
    big = max((w for row in weights for w in row), default=0.0)
    # square cost matrix for minimisation
    cost = [
        [big - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)]
        for i in range(n)
    ]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i - 1 < n_rows and j - 1 < n_cols:
            total += weights[i - 1][j - 1]
    return total


def ceaf_e(key: Mapping, response: Mapping) -> PRF:
    """Entity-based CEAF (phi4 similarity), optimal alignment per overlap component."""
    k, r = _complete(key, response)
    r_of = {m: j for j, c in enumerate(r) for m in c}
    # connected components of the key/response overlap graph
    adj_k: dict[int, set[int]] = {i: {r_of[m] for m in c} for i, c in enumerate(k)}
    adj_r: dict[int, set[int]] = defaultdict(set)
    for i, js in adj_k.items():
        for j in js:
            adj_r[j].add(i)
    seen_k: set[int] = set()
    total = 0.0
    for start in range(len(k)):
        if start in seen_k:
            continue
        comp_k, comp_r, stack = {start}, set(), [("k", start)]
        seen_k.add(start)
        while stack:
            side, x = stack.pop()
            nbrs = adj_k[x] if side == "k" else adj_r[x]
            for y in nbrs:
                if side == "k" and y not in comp_r:
                    comp_r.add(y)
                    stack.append(("r", y))
                elif side == "r" and y not in comp_k:
                    comp_k.add(y)
                    seen_k.add(y)
                    stack.append(("k", y))
        ks, rs = sorted(comp_k), sorted(comp_r)
        w = [[2 * len(k[i] & r[j]) / (len(k[i]) + len(r[j])) for j in rs] for i in ks]
        total += _hungarian_max(w)
    return PRF(total / len(r) if r else 0.0, total / len(k) if k else 0.0)


def pairwise(key: Mapping, response: Mapping) -> PRF:
    k, r = _complete(key, response)

    def pairs(cs: Clusters) -> set[frozenset]:
        out: set[frozenset] = set()
        for c in cs:
            items = sorted(c, key=str)
            for i, a in enumerate(items):
                for b in items[i + 1 :]:
                    out.add(frozenset((a, b)))
        return out

    kp, rp = pairs(k), pairs(r)
    tp = len(kp & rp)
    return PRF(tp / len(rp) if rp else 1.0, tp / len(kp) if kp else 1.0)


def all_metrics(key: Mapping, response: Mapping) -> dict[str, dict[str, float]]:
    m, b, c = muc(key, response), b_cubed(key, response), ceaf_e(key, response)
    return {
        "muc": m.as_dict(),
        "b3": b.as_dict(),
        "ceaf_e": c.as_dict(),
        "conll_f1": {"f1": round((m.f1 + b.f1 + c.f1) / 3, 4)},
        "pairwise": pairwise(key, response).as_dict(),
    }
