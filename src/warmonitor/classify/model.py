"""The shipped linear model: a vocabulary (JSON) and weights (.npz), scored with numpy alone.

No pickle: the files are plain arrays and text, so loading runs no code and survives library
upgrades. training/train.py writes them; this module only reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).with_name("models")
MODEL_NAME = "event-classifier"
FORMAT_VERSION = 1


class ModelError(RuntimeError):
    """A model file that is missing or does not fit this code; the message names the file."""


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression over binary, L2-normalised features."""

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, labels) float32
    bias: np.ndarray  # (labels,) float32
    meta: dict

    def scores(self, features: set[str]) -> np.ndarray:
        """Label probabilities for one mention's feature set."""
        rows = [self.vocabulary[f] for f in features if f in self.vocabulary]
        logits = self.bias.copy()
        if rows:
            logits += self.weights[rows].sum(axis=0) / np.sqrt(len(rows))
        logits -= logits.max()
        probs = np.exp(logits)
        return probs / probs.sum()

    def contributions(self, features: set[str], label: str, top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed hardest towards ``label`` (for explanations)."""
        column = self.labels.index(label)
        known = [f for f in features if f in self.vocabulary]
        if not known:
            return []
        scale = 1.0 / np.sqrt(len(known))
        weighted = [(f, float(self.weights[self.vocabulary[f], column]) * scale) for f in known]
        weighted.sort(key=lambda fw: -fw[1])
        return [(f, round(w, 3)) for f, w in weighted[:top] if w > 0]


def save_model(
    directory: Path,
    labels: list[str],
    features: list[str],
    weights: np.ndarray,
    bias: np.ndarray,
    meta: dict,
) -> None:
    """Write the two files of a model (used by the training script)."""
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        directory / f"{MODEL_NAME}.npz",
        weights=weights.astype(np.float16),
        bias=bias.astype(np.float32),
    )
    header = {"format": FORMAT_VERSION, "labels": labels, "features": features, "meta": meta}
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
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(f"cannot read the event classifier in {directory}: {err}") from err
    if header.get("format") != FORMAT_VERSION:
        raise ModelError(f"{header_path}: format {header.get('format')!r}, expected {FORMAT_VERSION}")
    labels, features = tuple(header["labels"]), header["features"]
    if weights.shape != (len(features), len(labels)) or bias.shape != (len(labels),):
        raise ModelError(f"{weights_path}: weights of shape {weights.shape} do not fit {header_path}")
    return LinearModel(
        labels=labels,
        vocabulary={f: i for i, f in enumerate(features)},
        weights=weights,
        bias=bias,
        meta=dict(header.get("meta") or {}),
    )


@lru_cache(maxsize=4)
def load_model(directory: str = "") -> LinearModel:
    """The model in ``directory`` (the shipped one when empty), read once per process."""
    return read_model(Path(directory) if directory else MODEL_DIR)


__all__ = ["MODEL_DIR", "LinearModel", "ModelError", "load_model", "read_model", "save_model"]
