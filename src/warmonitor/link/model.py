"""The learned pairwise scorer: a logistic model over pair features, read from JSON.

The weights, the bias and the IDF table of the text similarity come from
``training/link/train_link.py`` (fixed seed; see docs/models/link-scorer.md) and are
shipped as ``link/models/link_scorer.json``. Inference is a dot product (numpy);
the output is a calibrated probability that two reports tell one event.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("models") / "link_scorer.json"

# The pair features, in the model's vector order. Every one is 0 when it does not
# apply, so "unknown" never counts as agreement or as conflict.
FEATURE_NAMES: tuple[str, ...] = (
    # event type (a different family is a veto)
    "type_same",
    "type_same_sub",
    "type_same_acled",
    "type_unknown",
    # dates
    "date_unknown",
    "date_weekday_match",
    "date_undated_recent",
    "date_before_context",
    "date_gap0",
    "date_coarse_overlap",
    "date_coarse_apart",
    "date_beyond",
    "date_gap_units",  # gap in units of the coarser precision (day, week, month, year), capped at 3
    # places
    "place_unknown",
    "place_same",
    "place_within_3km",
    "place_towns_near",
    "place_near",  # closeness within the places' radii: 1 at the same point, 0 at the edge
    "place_far",
    "place_beyond",
    "province_agree",
    "province_disagree",
    "place_name_same",
    "place_name_other_admin1",
    "distance_log",  # log1p(km) / log1p(1000), capped at 1
    # casualties
    "killed_equal",
    "killed_equal_zero",
    "killed_update",
    "killed_differ",
    "killed_clash",
    "injured_equal",
    "injured_equal_zero",
    "injured_update",
    "injured_differ",
    "injured_clash",
    # who and with what
    "names_shared",  # shared name tokens of victims and individual perpetrators, capped at 3
    "names_disjoint",
    "perpetrators_shared",
    "weapons_shared",
    "aircraft_family_same",
    "aircraft_model_same",
    "aircraft_family_other",
    # words
    "text_cosine",  # TF-IDF cosine of the distinctive evidence words
    "text_all_cosine",  # TF-IDF cosine of all the report's evidence words
    "text_shared",  # distinctive words shared, capped at 3, over 3
)
_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}

# What each feature can only mean: agreement can only support one event, conflict
# only speak against it. Training holds every weight to its sign (a weight of the
# other sign is the noise of a small sample); the rest may go either way.
SUPPORTS = frozenset(
    [
        "type_same",
        "type_same_sub",
        "type_same_acled",
        "date_weekday_match",
        "date_undated_recent",
        "date_gap0",
        "date_coarse_overlap",
        "place_same",
        "place_within_3km",
        "place_near",
        "province_agree",
        "place_name_same",
        "killed_equal",
        "killed_equal_zero",
        "injured_equal",
        "injured_equal_zero",
        "names_shared",
        "perpetrators_shared",
        "weapons_shared",
        "aircraft_family_same",
        "aircraft_model_same",
        "text_cosine",
        "text_all_cosine",
        "text_shared",
    ]
)
OPPOSES = frozenset(
    [
        "date_before_context",
        "date_beyond",
        "date_gap_units",
        "date_coarse_apart",
        "place_far",
        "place_beyond",
        "province_disagree",
        "place_name_other_admin1",
        "distance_log",
        "killed_clash",
        "injured_clash",
        "names_disjoint",
        "aircraft_family_other",
    ]
)


@dataclass(frozen=True, slots=True)
class PairModel:
    """Logistic weights over :data:`FEATURE_NAMES`, and the IDF of the text features."""

    bias: float
    weights: np.ndarray  # aligned with FEATURE_NAMES
    idf: Mapping[str, float]
    default_idf: float  # a word the training texts never had
    version: str = ""

    def logit(self, x: Mapping[str, float]) -> float:
        v = np.zeros(len(FEATURE_NAMES))
        for name, value in x.items():
            v[_INDEX[name]] = value
        return float(self.bias + self.weights @ v)

    def contributions(self, x: Mapping[str, float]) -> dict[str, float]:
        """Each present feature's share of the log-odds (weight x value)."""
        return {
            name: float(self.weights[_INDEX[name]] * value) for name, value in x.items() if value
        }

    def word_weight(self, word: str) -> float:
        return self.idf.get(word, self.default_idf)

    def cosine(self, a: Iterable[str], b: Iterable[str]) -> float:
        """TF-IDF cosine of two word sets (binary term frequency), damped below 3 shared words.

        Two one-word sets that agree have cosine 1; one shared word is no evidence
        of one event, so the cosine counts in full only from three shared words.
        """
        sa, sb = set(a), set(b)
        both = sa & sb
        if not both:
            return 0.0
        shared = sum(self.word_weight(w) ** 2 for w in both)
        na = sum(self.word_weight(w) ** 2 for w in sa)
        nb = sum(self.word_weight(w) ** 2 for w in sb)
        return shared / math.sqrt(na * nb) * min(1.0, len(both) / 3)


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def model_from_json(data: Mapping[str, object]) -> PairModel:
    """A model from its JSON form; names must match :data:`FEATURE_NAMES`."""
    names = tuple(data["features"])  # type: ignore[arg-type]
    if names != FEATURE_NAMES:
        missing = sorted(set(FEATURE_NAMES) ^ set(names))
        raise ValueError(f"link scorer: features differ from the code's: {missing}")
    return PairModel(
        bias=float(data["bias"]),  # type: ignore[arg-type]
        weights=np.asarray(data["weights"], dtype=float),
        idf=dict(data["idf"]),  # type: ignore[call-overload]
        default_idf=float(data["default_idf"]),  # type: ignore[arg-type]
        version=str(data.get("version", "")),
    )


@lru_cache(maxsize=1)
def load_model() -> PairModel:
    """The shipped model (read once)."""
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise RuntimeError(
            f"{MODEL_PATH}: cannot read the link scorer ({err}); "
            "rebuild it with `python training/link/train_link.py`"
        ) from err
    return model_from_json(data)
