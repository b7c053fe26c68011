"""Train the toponym classifier from sentences we wrote; one command, fixed seed.

    python training/geo/train_toponym_classifier.py            # writes the shipped model
    python training/geo/train_toponym_classifier.py --check    # held-out figures only

The sentences are ``templates.txt`` (ours), filled with real place names drawn
from the built gazetteer and with hard negatives from ``words.tsv`` (ours) and the
package's lexicons: people (some named like towns), organisations (some named
after towns), religions, ethnic groups, demonyms and common words. Candidate
spans come from the same detection code geoparse runs, so the model learns on
exactly what it will judge. Templates and place names are split 80/20 with the
seed; the held-out 20 % (unseen templates filled with unseen names) gives the
figures in docs/models/toponym-classifier.md. No text from ../shared is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from warmonitor.geo.cues import _WEAK_LABELS
from warmonitor.geo.detect import (
    DEMONYMS,
    NOT_PLACES,
    decide,
    detect,
    keep,
    not_a_place,
    sentence_starts,
)
from warmonitor.geo.gazetteer import ADM1, CITY, COUNTRY, open_gazetteer
from warmonitor.geo.names import is_latin
from warmonitor.geo.resolve import lookup
from warmonitor.geo.toponym_classifier import (
    ToponymClassifier,
    classifier_context,
    features,
    model_path,
)
from warmonitor.nlp import load_nlp

HERE = Path(__file__).resolve().parent
POSITIVE_SLOTS = {"TOWN", "TOWN2", "ADM1", "COUNTRY"}
SLOT_RE = re.compile(r"\{([A-Z_0-9]+)\}")


@dataclass
class Sentence:
    text: str
    spans: list[tuple[int, int, bool]]  # slot spans: start, end, is a place


def read_templates() -> list[str]:
    lines = (HERE / "templates.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_words() -> dict[str, list[str]]:
    out = {}
    for line in (HERE / "words.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, words = line.split("\t")
            out[kind] = words.split("|")
    return out


def place_pools(gaz_path: Path) -> dict[str, list[str]]:
    """Real names from the gazetteer: towns of 2,000+, provinces, countries."""
    con = sqlite3.connect(f"file:{gaz_path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT name, feature, population FROM place WHERE feature IN (?, ?, ?) ORDER BY id",
            (CITY, ADM1, COUNTRY),
        ).fetchall()
    finally:
        con.close()
    pools: dict[str, list[str]] = {"TOWN": [], "ADM1": [], "COUNTRY": []}
    for name, feature, population in rows:
        if not is_latin(name) or not name[:1].isupper() or len(name) > 24 or "(" in name:
            continue
        if name in NOT_PLACES or name in DEMONYMS:
            continue
        if feature == CITY and population >= 2000 and len(name.split()) <= 2:
            pools["TOWN"].append(name)
        elif feature == ADM1 and len(name.split()) <= 2:
            pools["ADM1"].append(name)
        elif feature == COUNTRY:
            pools["COUNTRY"].append(name)
    return {k: sorted(set(v)) for k, v in pools.items()}


def split(items: list[str], rng: random.Random, held_out: float = 0.2) -> tuple[list, list]:
    items = list(items)
    rng.shuffle(items)
    cut = int(len(items) * held_out)
    return items[cut:], items[:cut]


def fillers(pools: dict[str, list[str]], words: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every slot's candidates (one split's place names)."""
    one_word_towns = [t for t in pools["TOWN"] if " " not in t][:3000]
    by_kind: dict[str, list[str]] = {}
    for word, kind in NOT_PLACES.items():
        by_kind.setdefault(kind, []).append(word)
    persons = [f"{f} {s}" for f in words["first"] for s in words["surname"]]
    town_persons = [f"{f} {s}" for f in words["first_like_town"] for s in words["surname"]] + [
        f"{f} {t}" for f in words["first"] for t in one_word_towns[:200]
    ]
    return {
        "TOWN": pools["TOWN"],
        "TOWN2": pools["TOWN"],
        "ADM1": pools["ADM1"],
        "COUNTRY": pools["COUNTRY"],
        "PERSON": persons,
        "TOWN_PERSON": town_persons,
        "TOWN_SURNAME": words["first_like_town"] + one_word_towns[:600],
        "GROUP": by_kind["group"] + by_kind["organisation"],
        "RELIGION": by_kind["religion"],
        "ORG": words["org"] + by_kind["organisation"],
        "TOWN_ORG": [f"{t} {s}" for t in one_word_towns[:400] for s in words["org_suffix"]],
        "DEMONYM": sorted(DEMONYMS),
        "COMMON": words["common"] + by_kind["common"],
    }


def fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> Sentence:
    out, spans, pos = [], [], 0
    length = 0
    for m in SLOT_RE.finditer(template):
        out.append(template[pos : m.start()])
        length += m.start() - pos
        word = rng.choice(slots[m.group(1)])
        if m.group(1) == "TOWN_PERSON" and template[max(0, m.start() - 3) : m.start()] == "Mr ":
            word = word.split()[-1]
        spans.append((length, length + len(word), m.group(1) in POSITIVE_SLOTS))
        out.append(word)
        length += len(word)
        pos = m.end()
    out.append(template[pos:])
    return Sentence("".join(out), spans)


def documents(
    templates: list[str], slots: dict[str, list[str]], per_template: int, rng: random.Random
) -> list[Sentence]:
    """Short documents of four filled sentences each, in a seeded order."""
    sentences = [fill(t, slots, rng) for t in templates for _ in range(per_template)]
    rng.shuffle(sentences)
    docs = []
    for i in range(0, len(sentences), 4):
        text, spans = "", []
        for s in sentences[i : i + 4]:
            base = len(text) + (1 if text else 0)
            text = f"{text} {s.text}" if text else s.text
            spans.extend((a + base, b + base, pos) for a, b, pos in s.spans)
        docs.append(Sentence(text, spans))
    return docs


@dataclass
class Example:
    feats: list[str]
    label: int
    rule_keep: bool  # what the hand rules alone decide
    keep_raw: bool  # ``keep`` before the person-name rule
    person_words: set[str]
    mention: object


def examples(docs: list[Sentence], nlp, gaz) -> list[Example]:
    """Candidate spans as geoparse sees them, labelled by the slot they overlap."""
    out = []
    for d, doc in zip(docs, nlp.pipe([d.text for d in docs], batch_size=64), strict=True):
        starts = sentence_starts(doc)
        context = classifier_context(d.text, doc)
        person_words = {
            tok.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2 for tok in ent
        }
        for m in detect(d.text, doc, starts, gaz):
            # The classifier never sees what geoparse settles before it.
            if DEMONYMS.get(m.text) and m.label in _WEAK_LABELS | {"GPE", "LANGUAGE"}:
                continue
            if not_a_place(m) is not None:
                continue
            m.cands = lookup(gaz, m)
            if m.label == "NORP" and m.kind_hint is None:
                m.cands = [c for c in m.cands if c.how != "skeleton"]
            if not m.cands and m.label == "PATTERN" and m.cue == "in":
                continue
            hits = [pos for a, b, pos in d.spans if a < m.end and m.start < b]
            label = int(bool(hits) and all(hits))
            feats = features(m, context, person_words)
            raw = keep(m)
            m.p_toponym = None  # the rules alone
            rules = decide(m, raw, person_words) is None
            out.append(Example(feats, label, rules, raw, person_words, m))
    return out


def train(
    train_set: list[Example], l2: float, epochs: int, seed: int
) -> tuple[dict[str, float], list[str]]:
    """L2-regularised logistic regression by full-batch Adam on sparse binary features."""
    counts: dict[str, int] = {}
    for e in train_set:
        for f in set(e.feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= 2 or f == "bias")
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for r, e in enumerate(train_set):
        for f in set(e.feats):
            if f in index:
                rows.append(r)
                cols.append(index[f])
    r_idx, c_idx = np.asarray(rows), np.asarray(cols)
    y = np.asarray([e.label for e in train_set], dtype=float)
    n, v = len(train_set), len(vocab)
    w = np.random.default_rng(seed).normal(0.0, 0.01, v)
    m1, m2 = np.zeros(v), np.zeros(v)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, epochs + 1):
        z = np.bincount(r_idx, weights=w[c_idx], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = np.bincount(c_idx, weights=(p - y)[r_idx], minlength=v) / n + l2 * w
        m1 = b1 * m1 + (1 - b1) * g
        m2 = b2 * m2 + (1 - b2) * g * g
        w -= lr * (m1 / (1 - b1**t)) / (np.sqrt(m2 / (1 - b2**t)) + 1e-8)
    weights = {f: round(float(x), 4) for f, x in zip(vocab, w, strict=True) if abs(x) >= 1e-3}
    return weights, vocab


def scores(model: ToponymClassifier, data: list[Example]) -> dict[str, float]:
    """Held-out accuracy, and span-decision precision/recall: rules alone vs rules + model."""
    out: dict[str, float] = {"examples": len(data), "positives": sum(e.label for e in data)}
    probs = [model.probability(e.feats) for e in data]
    out["accuracy@0.5"] = round(
        sum((p >= 0.5) == bool(e.label) for p, e in zip(probs, data, strict=True)) / len(data), 4
    )
    for name, kept in (
        ("rules", [e.rule_keep for e in data]),
        ("rules+classifier", [_decide(e, p) for e, p in zip(data, probs, strict=True)]),
    ):
        tp = sum(k and e.label for k, e in zip(kept, data, strict=True))
        fp = sum(k and not e.label for k, e in zip(kept, data, strict=True))
        fn = sum((not k) and e.label for k, e in zip(kept, data, strict=True))
        out[f"{name}_precision"] = round(tp / (tp + fp), 4) if tp + fp else 0.0
        out[f"{name}_recall"] = round(tp / (tp + fn), 4) if tp + fn else 0.0
    return out


def _decide(e: Example, p: float) -> bool:
    m = e.mention
    m.p_toponym, m.notes = p, []
    return decide(m, e.keep_raw, e.person_words) is None


def threshold_table(model: ToponymClassifier, data: list[Example]) -> list[dict[str, float]]:
    """Held-out span precision/recall/F1 of rules + classifier for several thresholds."""
    from warmonitor.geo import detect as detect_module

    saved = detect_module.VETO_BELOW, detect_module.ACCEPT_ABOVE
    probs = [model.probability(e.feats) for e in data]
    rows = []
    try:
        for veto in (0.05, 0.15, 0.3):
            for accept in (0.7, 0.8, 0.9, 0.95, 1.01):
                detect_module.VETO_BELOW, detect_module.ACCEPT_ABOVE = veto, accept
                kept = [_decide(e, p) for e, p in zip(data, probs, strict=True)]
                tp = sum(k and e.label for k, e in zip(kept, data, strict=True))
                fp = sum(k and not e.label for k, e in zip(kept, data, strict=True))
                fn = sum((not k) and e.label for k, e in zip(kept, data, strict=True))
                prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
                f1 = 2 * prec * rec / max(1e-9, prec + rec)
                rows.append(
                    {
                        "veto": veto,
                        "accept": accept,
                        "p": round(prec, 4),
                        "r": round(rec, 4),
                        "f1": round(f1, 4),
                    }
                )
    finally:
        detect_module.VETO_BELOW, detect_module.ACCEPT_ABOVE = saved
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--per-template", type=int, default=60)
    ap.add_argument("--l2", type=float, default=3e-3)
    ap.add_argument("--epochs", type=int, default=600)
    ap.add_argument("--out", type=Path, default=model_path())
    ap.add_argument("--check", action="store_true", help="print held-out figures, write nothing")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    gaz = open_gazetteer()
    pools = place_pools(gaz.path)
    words = read_words()
    # Split place and non-place templates separately, so both halves hold both kinds.
    templates = read_templates()
    negative = [t for t in templates if set(SLOT_RE.findall(t)) - POSITIVE_SLOTS]
    positive = [t for t in templates if t not in negative]
    pos_train, pos_held = split(positive, rng)
    neg_train, neg_held = split(negative, rng)
    templates_train, templates_held = pos_train + neg_train, pos_held + neg_held
    train_pools, held_pools = {}, {}
    for kind, names in pools.items():
        train_pools[kind], held_pools[kind] = split(names, rng)
    nlp = load_nlp()
    train_docs = documents(templates_train, fillers(train_pools, words), args.per_template, rng)
    held_docs = documents(templates_held, fillers(held_pools, words), args.per_template, rng)
    train_set = examples(train_docs, nlp, gaz)
    held_set = examples(held_docs, nlp, gaz)
    weights, vocab = train(train_set, args.l2, args.epochs, args.seed)
    model = ToponymClassifier(weights, "1")
    held = scores(model, held_set)
    fit = scores(model, train_set)
    table = threshold_table(model, held_set)
    for row in table:
        print(json.dumps(row), file=sys.stderr)
    meta = {
        "seed": args.seed,
        "per_template": args.per_template,
        "l2": args.l2,
        "epochs": args.epochs,
        "templates": {"train": len(templates_train), "held_out": len(templates_held)},
        "training_examples": len(train_set),
        "features": len(weights),
        "held_out": held,
        "train": fit,
        "corpus_sha256": hashlib.sha256(
            (HERE / "templates.txt").read_bytes() + (HERE / "words.tsv").read_bytes()
        ).hexdigest()[:16],
    }
    print(json.dumps(meta, indent=1))
    if not args.check:
        model.save(args.out, meta)
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
