"""The shipped linear model: a vocabulary (JSON) and two heads of weights (.npz), scored with numpy.

No pickle: the files are plain arrays and text, so loading runs no code and survives library
upgrades. training/train.py writes them; this module only reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).with_name("models")
MODEL_NAME = "event-classifier"
FORMAT_VERSION = 1


class ModelError(RuntimeError):
    """A model file that is missing or does not fit this code; the message names the file."""


@dataclass(frozen=True)
class LinearHead:
    """Multinomial logistic regression over binary features scaled by 1/sqrt(known features)."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (features, labels) float32
    bias: np.ndarray  # (labels,) float32

    def scores(self, rows: list[int]) -> np.ndarray:
        """Label probabilities for one mention given its known feature rows."""
        logits = self.bias.copy()
        if rows:
            logits += self.weights[rows].sum(axis=0) / np.sqrt(len(rows))
        logits -= logits.max()
        probs = np.exp(logits)
        return probs / probs.sum()

    def contributions(self, rows: list[int], label: str) -> np.ndarray:
        """Each known feature's push towards ``label``."""
        scale = 1.0 / np.sqrt(len(rows)) if rows else 0.0
        return self.weights[rows, self.labels.index(label)] * scale


HEADS = ("relevance", "event_type")


@dataclass(frozen=True)
class LinearModel:
    """Two heads over one vocabulary: relevance (``event`` or a non-event or out-of-scope kind)
    and event type (the 25 ACLED sub-event types)."""

    vocabulary: dict[str, int]
    relevance: LinearHead
    event_type: LinearHead
    meta: dict

    def rows(self, features: set[str]) -> list[int]:
        return sorted(self.vocabulary[f] for f in features if f in self.vocabulary)

    def top_features(
        self, features: set[str], head: str, label: str, top: int = 5
    ) -> list[tuple[str, float]]:
        """The features that pushed hardest towards ``label`` in ``head`` (for explanations)."""
        rows = self.rows(features)
        if not rows:
            return []
        pushes = getattr(self, head).contributions(rows, label)
        ranked = sorted(zip(rows, pushes, strict=True), key=lambda rp: -rp[1])
        names = self.feature_names
        return [(names[r], round(float(p), 3)) for r, p in ranked[:top] if p > 0]

    @cached_property
    def feature_names(self) -> list[str]:
        """Feature name by row (the vocabulary inverted once, not per decision)."""
        names = [""] * len(self.vocabulary)
        for feature, row in self.vocabulary.items():
            names[row] = feature
        return names


def save_model(
    directory: Path,
    features: list[str],
    heads: dict[str, tuple[list[str], np.ndarray, np.ndarray]],
    meta: dict,
) -> None:
    """Write the two files of a model (used by the training script): ``heads`` maps a head name
    to (labels, weights of shape (features, labels), bias)."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, (_, weights, bias) in heads.items():
        arrays[f"{name}_weights"] = weights.astype(np.float16)
        arrays[f"{name}_bias"] = bias.astype(np.float32)
    np.savez_compressed(directory / f"{MODEL_NAME}.npz", **arrays)
    header = {
        "format": FORMAT_VERSION,
        "features": features,
        "labels": {name: labels for name, (labels, _, _) in heads.items()},
        "meta": meta,
    }
    (directory / f"{MODEL_NAME}.json").write_text(
        json.dumps(header, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def read_model(directory: Path) -> LinearModel:
    """Read a model written by :func:`save_model`. Raises ModelError naming the file."""
    header_path = directory / f"{MODEL_NAME}.json"
    weights_path = directory / f"{MODEL_NAME}.npz"
    try:
        header = json.loads(header_path.read_text(encoding="utf-8"))
        with np.load(weights_path, allow_pickle=False) as arrays:
            loaded = {key: arrays[key].astype(np.float32) for key in arrays.files}
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot read the event classifier in {directory}: {err}") from err
    if header.get("format") != FORMAT_VERSION:
        raise ModelError(
            f"{header_path}: format {header.get('format')!r}, expected {FORMAT_VERSION}"
        )
    features = header["features"]
    heads = {}
    for name in HEADS:
        labels = tuple(header["labels"].get(name) or ())
        weights, bias = loaded.get(f"{name}_weights"), loaded.get(f"{name}_bias")
        if weights is None or bias is None or weights.shape != (len(features), len(labels)):
            raise ModelError(f"{weights_path}: the {name} head does not fit {header_path}")
        heads[name] = LinearHead(labels, weights, bias)
    return LinearModel(
        vocabulary={f: i for i, f in enumerate(features)},
        relevance=heads["relevance"],
        event_type=heads["event_type"],
        meta=dict(header.get("meta") or {}),
    )


@lru_cache(maxsize=4)
def load_model(directory: str = "") -> LinearModel:
    """The model in ``directory`` (the shipped one when empty), read once per process."""
    return read_model(Path(directory) if directory else MODEL_DIR)


__all__ = [
    "HEADS",
    "MODEL_DIR",
    "LinearHead",
    "LinearModel",
    "ModelError",
    "load_model",
    "read_model",
    "save_model",
]
