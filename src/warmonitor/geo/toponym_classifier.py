"""The toponym classifier: is this candidate span a place name, judged from its context?

A logistic regression over named, sparse features of the span and its context
(NER label, cue before it, words around it, its shape, what the gazetteer and the
lexicons say about it). Trained by ``training/geo/train_toponym_classifier.py``
on sentences we wrote (see ``docs/models/toponym-classifier.md``); the weights
ship as JSON next to this module and inference is a dictionary lookup and a sum.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from warmonitor.geo.mention import Mention
from warmonitor.geo.places import ADM1, ADM2, AIR_BASE, AIRPORT, CITY, CONTINENT, COUNTRY

MODEL_FILE = "models/toponym_classifier.json"
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*|\d+|[^\s\w]")


@dataclass(frozen=True, slots=True)
class ClassifierContext:
    """Per-document facts the features read: lower-case words and token boundaries."""

    text: str
    lower_words: frozenset[str]


def classifier_context(text: str, doc: Any = None) -> ClassifierContext:
    """What the features need from the whole text, computed once per document."""
    words = frozenset(w for w in re.findall(r"\b[a-z][a-z'-]+\b", text))
    return ClassifierContext(text, words)


def _words_before(text: str, start: int, n: int) -> list[str]:
    return _WORD_RE.findall(text[max(0, start - 60) : start])[-n:]


def _words_after(text: str, end: int, n: int) -> list[str]:
    return _WORD_RE.findall(text[end : end + 60])[:n]


def _shape(word: str) -> str:
    if word.isupper():
        return "UPPER"
    if word[:1].isupper():
        return "Title"
    if word[:1].islower():
        return "lower"
    if word[:1].isdigit():
        return "digit"
    return "punct"


def _gazetteer_features(m: Mention) -> list[str]:
    if not m.cands:
        return ["gaz=none"]
    feats = []
    hows = {c.how for c in m.cands}
    for how in ("name", "alt", "skeleton"):
        if how in hows:
            feats.append(f"gaz={how}")
    exact = [c for c in m.cands if c.how != "skeleton"]
    kinds = {c.place.feature for c in exact}
    for kind, label in (
        (COUNTRY, "country"),
        (CONTINENT, "continent"),
        (ADM1, "adm1"),
        (ADM2, "adm2"),
        (AIRPORT, "airfield"),
        (AIR_BASE, "airfield"),
    ):
        if kind in kinds:
            feats.append(f"gazkind={label}")
    towns = [c.place.population for c in exact if c.place.feature == CITY]
    if towns:
        bucket = min(7, int(math.log10(max(towns) + 1)))
        feats.append(f"gazpop={bucket}")
    feats.append(f"gazn={min(3, int(math.log2(len(m.cands) + 1)))}")
    return feats


def features(
    m: Mention, context: ClassifierContext, person_words: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """The named features of one candidate span (the model's whole view of it)."""
    text = context.text
    words = m.text.split()
    last = words[-1] if words else m.text
    before = [w.lower() for w in _words_before(text, m.start, 1)]
    after = _words_after(text, m.end, 1)
    feats = [
        "bias",
        f"label={m.label}",
        f"cue={m.cue or 'none'}",
        f"kind={m.kind_hint or 'none'}",
        f"ntok={min(len(words), 4)}",
        f"shape={_shape(m.text)}",
        f"suf3={last[-3:].lower()}",
        f"w-1={before[-1] if before else '<s>'}",
        f"w+1={after[0].lower() if after else '</s>'}",
        f"s+1={_shape(after[0]) if after else 'end'}",
    ]
    if m.qualifier:
        feats.append(f"q={m.qualifier}")
    if before and before[-1] in (".", "!", "?", '"', "“") or m.start == 0:
        feats.append("sentence_initial")
    if m.text.lower() in STOP_WORDS:
        feats.append("stop_word")  # "Much", "Most": sentence-initial function words
    if m.text.lower() in context.lower_words:
        feats.append("also_lower_case")  # "Union" beside "union": a common word
    if m.text in person_words or any(w in person_words for w in words):
        feats.append("person_word")
    if "-" in m.text or "'" in m.text:
        feats.append("hyphen_or_mark")
    feats.extend(_gazetteer_features(m))
    return feats


@dataclass(frozen=True, slots=True)
class ToponymClassifier:
    """Weights by feature name; ``probability`` is a sigmoid of their sum."""

    weights: dict[str, float]
    version: str

    def probability(self, feats: list[str]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        body = {"version": self.version, "meta": meta, "weights": self.weights}
        path.write_text(json.dumps(body, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def model_path() -> Path:
    return Path(str(resources.files("warmonitor.geo") / MODEL_FILE))


@lru_cache(maxsize=4)
def load_classifier(path: str | None = None) -> ToponymClassifier | None:
    """The shipped classifier (or the one at ``path``); None when no model file exists."""
    file = Path(path) if path else model_path()
    if not file.exists():
        return None
    body = json.loads(file.read_text(encoding="utf-8"))
    return ToponymClassifier({k: float(v) for k, v in body["weights"].items()}, body["version"])


def toponym_probability(
    m: Mention, context: ClassifierContext, person_words: frozenset[str] | set[str] = frozenset()
) -> float | None:
    """P(the span is a toponym) from the shipped model, or None without a model."""
    model = load_classifier()
    if model is None:
        return None
    return model.probability(features(m, context, person_words))


__all__ = [
    "ClassifierContext",
    "ToponymClassifier",
    "classifier_context",
    "features",
    "load_classifier",
    "toponym_probability",
]
