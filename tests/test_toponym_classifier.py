"""The toponym classifier: a small JSON artefact, reproducible training, sensible judgements."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, shared_gazetteer_path
from warmonitor.geo import gazetteer as gz
from warmonitor.geo.geoparse import geoparse
from warmonitor.geo.toponym_classifier import load_classifier, model_path

sys.path.insert(0, str(REPO / "training" / "geo"))


def test_shipped_model_is_small_json_with_its_provenance() -> None:
    path = model_path()
    assert path.suffix == ".json" and path.stat().st_size < 1_000_000
    body = json.loads(path.read_text(encoding="utf-8"))
    meta = body["meta"]
    assert meta["seed"] == 13 and meta["held_out"]["examples"] > 100
    # Held-out figures are recorded, and the classifier adds no loss of precision.
    held = meta["held_out"]
    assert held["rules+classifier_precision"] >= held["rules_precision"] - 0.01
    model = load_classifier()
    assert model is not None and len(model.weights) == meta["features"]


def test_training_is_deterministic_for_a_seed() -> None:
    import train_toponym_classifier as training

    def example(feats: list[str], label: int) -> training.Example:
        return training.Example(feats, label, False, False, set(), None)

    data = [example(["bias", "cue=of", "gaz=name"], 1)] * 5 + [
        example(["bias", "label=PERSON", "w+1=said"], 0)
    ] * 5
    w1, _ = training.train(data, 1e-3, 200, seed=7)
    w2, _ = training.train(data, 1e-3, 200, seed=7)
    assert w1 == w2
    model = training.ToponymClassifier(w1, "t")
    assert model.probability(["bias", "cue=of", "gaz=name"]) > 0.9
    assert model.probability(["bias", "label=PERSON", "w+1=said"]) < 0.1


def test_corpus_is_ours_and_reads_nothing_from_shared() -> None:
    source = (REPO / "training" / "geo" / "train_toponym_classifier.py").read_text()
    assert "shared" not in source.replace("../shared is read", "")
    templates = (REPO / "training" / "geo" / "templates.txt").read_text()
    assert "{TOWN}" in templates and "{TOWN_SURNAME}" in templates


@pytest.fixture(scope="module")
def explain():
    from warmonitor.nlp import load_nlp

    nlp = load_nlp()
    gaz = gz.open_gazetteer(shared_gazetteer_path())

    def run(text: str) -> dict[str, dict]:
        records: list[dict] = []
        geoparse(text, doc=nlp(text), gazetteer=gaz, explain=records)
        return {r["text"]: r for r in records}

    return run


def test_a_town_after_a_cue_scores_above_a_person_named_like_a_town(explain) -> None:
    town = explain("Troops entered the village of Saraqib on Monday.")["Saraqib"]
    person = explain("Barr said the talks had failed.")["Barr"]
    assert town["p_toponym"] > 0.8 > person["p_toponym"]
    assert person["decision"] == "not a place"


def test_a_sentence_initial_common_word_is_not_a_town(explain) -> None:
    # "Much" is the name of a German town; NER leaves it unlabelled here.
    much = explain("Much of the town was destroyed.").get("Much")
    assert much is None or much["decision"] == "not a place"


def test_model_path_points_inside_the_package() -> None:
    assert Path(model_path()).parent.name == "models"
