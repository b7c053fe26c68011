"""The shipped role ranker: a vocabulary and label list (JSON) and one linear head (.npz),
scored with numpy. No pickle: plain arrays and text. training/roles/train_roles.py writes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).with_name("models")
MODEL_NAME = "role-ranker"
FORMAT_VERSION = 1
ROLE_LABELS = ("none", "perpetrator_individual", "perpetrator_org", "target", "victim", "weapon")


class RoleModelError(RuntimeError):
    """A role-ranker file that is missing or does not fit this code; the message names the file."""


@dataclass(frozen=True)
class RoleModel:
    """Multinomial logistic regression over binary features scaled by 1/sqrt(known features);
    ``thresholds`` is the probability each role needs and ``limits`` how many fillers a report
    keeps per role (both chosen on the training script's held-out split; a role without a
    limit keeps ``decide.MAX_PER_ROLE``)."""

    vocabulary: dict[str, int]
    labels: tuple[str, ...]
    weights: np.ndarray  # (features, labels) float32
    bias: np.ndarray  # (labels,) float32
    thresholds: dict[str, float]
    meta: dict
    limits: dict[str, int] = field(default_factory=dict)

    def probabilities(self, features: list[set[str]]) -> np.ndarray:
        """One row of label probabilities per candidate."""
        out = np.tile(self.bias, (len(features), 1))
        for i, names in enumerate(features):
            rows = [self.vocabulary[f] for f in names if f in self.vocabulary]
            if rows:
                out[i] += self.weights[rows].sum(axis=0) / np.sqrt(len(rows))
        out -= out.max(axis=1, keepdims=True)
        np.exp(out, out=out)
        return out / out.sum(axis=1, keepdims=True)


def save_role_model(
    directory: Path,
    features: list[str],
    labels: list[str],
    weights: np.ndarray,
    bias: np.ndarray,
    thresholds: dict[str, float],
    meta: dict,
    limits: dict[str, int] | None = None,
) -> None:
    """Write the two files of a role ranker (used by the training script)."""
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        directory / f"{MODEL_NAME}.npz",
        weights=weights.astype(np.float16),
        bias=bias.astype(np.float32),
    )
    header = {
        "format": FORMAT_VERSION,
        "features": features,
        "labels": labels,
        "thresholds": thresholds,
        "limits": limits or {},
        "meta": meta,
    }
    (directory / f"{MODEL_NAME}.json").write_text(
        json.dumps(header, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
        encoding="utf-8",
    )


def read_role_model(directory: Path) -> RoleModel:
    """Read a model written by :func:`save_role_model`. Raises RoleModelError naming the file."""
    header_path = directory / f"{MODEL_NAME}.json"
    weights_path = directory / f"{MODEL_NAME}.npz"
    try:
        header = json.loads(header_path.read_text(encoding="utf-8"))
        with np.load(weights_path, allow_pickle=False) as arrays:
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
    except (OSError, ValueError, KeyError) as err:
        raise RoleModelError(f"cannot read the role ranker in {directory}: {err}") from err
    if header.get("format") != FORMAT_VERSION:
        raise RoleModelError(
            f"{header_path}: format {header.get('format')!r}, expected {FORMAT_VERSION}"
        )
    features, labels = header["features"], tuple(header["labels"])
    if weights.shape != (len(features), len(labels)) or bias.shape != (len(labels),):
        raise RoleModelError(f"{weights_path}: the weights do not fit {header_path}")
    if set(labels) != set(ROLE_LABELS):
        raise RoleModelError(f"{header_path}: labels {labels}, expected {ROLE_LABELS}")
    return RoleModel(
        vocabulary={f: i for i, f in enumerate(features)},
        labels=labels,
        weights=weights,
        bias=bias,
        thresholds={k: float(v) for k, v in (header.get("thresholds") or {}).items()},
        meta=dict(header.get("meta") or {}),
        limits={k: int(v) for k, v in (header.get("limits") or {}).items()},
    )


@lru_cache(maxsize=4)
def load_role_model(directory: str = "") -> RoleModel:
    """The role ranker in ``directory`` (the shipped one when empty), read once per process."""
    return read_role_model(Path(directory) if directory else MODEL_DIR)


__all__ = [
    "MODEL_DIR",
    "ROLE_LABELS",
    "RoleModel",
    "RoleModelError",
    "load_role_model",
    "read_role_model",
    "save_role_model",
]
