"""From candidate scores to role fillers: at most one variant per noun phrase, each role's
threshold, each filler once per report."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from warmonitor.extract.findings import Mention
from warmonitor.roles.candidates import Candidate, gather_candidates
from warmonitor.roles.features import candidate_features
from warmonitor.roles.model import RoleModel

# At most this many fillers per role and report: a report names few perpetrators or weapons.
MAX_PER_ROLE = 3


@dataclass(frozen=True, slots=True)
class RoleFill:
    """One filler the ranker keeps: its role, document offsets, text and probability."""

    role: str  # a ROLE_LABELS name other than "none"
    start: int
    end: int
    text: str
    probability: float
    mention: Mention  # the sentence it was found in (for its source and hedging)


def choose_fillers(
    chunks: list[int],
    texts: list[str],
    probabilities: np.ndarray,
    labels: tuple[str, ...],
    thresholds: dict[str, float],
    limits: dict[str, int] | None = None,
) -> list[tuple[int, int, float]]:
    """(candidate, label, probability) of the kept fillers, best first: per noun phrase the
    variant and role scoring highest above that role's threshold; per role each text once and
    at most the role's limit (``MAX_PER_ROLE`` where ``limits`` names none)."""
    limits = limits or {}
    best_by_chunk: dict[int, tuple[float, int, int]] = {}
    for j, label in enumerate(labels):
        if label == "none":
            continue
        threshold = thresholds.get(label, 0.5)
        for i in np.flatnonzero(probabilities[:, j] >= threshold):
            p = float(probabilities[i, j])
            chunk = chunks[i]
            if chunk not in best_by_chunk or p > best_by_chunk[chunk][0]:
                best_by_chunk[chunk] = (p, int(i), j)
    kept: list[tuple[int, int, float]] = []
    taken: dict[int, set[str]] = {}
    for p, i, j in sorted(best_by_chunk.values(), key=lambda x: (-x[0], x[1])):
        seen = taken.setdefault(j, set())
        key = texts[i].lower()
        if len(seen) >= limits.get(labels[j], MAX_PER_ROLE) or key in seen:
            continue
        seen.add(key)
        kept.append((i, j, p))
    return kept


def decide_roles(
    candidates: list[Candidate], probabilities: np.ndarray, model: RoleModel
) -> list[RoleFill]:
    """The kept fillers, best first."""
    kept = choose_fillers(
        [c.chunk for c in candidates],
        [c.text for c in candidates],
        probabilities,
        model.labels,
        model.thresholds,
        model.limits,
    )
    return [
        RoleFill(model.labels[j], c.start, c.end, c.text, p, c.mention)
        for i, j, p in kept
        for c in (candidates[i],)
    ]


def learned_roles(
    sentences: list[tuple[Mention, int]], doc_text: str, model: RoleModel
) -> list[RoleFill]:
    """The fillers the ranker keeps for one report (its ``candidates.role_sentences``)."""
    candidates = gather_candidates(sentences, doc_text)
    if not candidates:
        return []
    probabilities = model.probabilities([candidate_features(c) for c in candidates])
    return decide_roles(candidates, probabilities, model)


__all__ = ["MAX_PER_ROLE", "RoleFill", "choose_fillers", "decide_roles", "learned_roles"]
