"""Targets: hit or attacked objects ("a vegetable market", "the helicopter")."""

from __future__ import annotations

import re
from typing import Any

from warmonitor.extract.findings import Hit, Mention
from warmonitor.lang.en import cues
from warmonitor.lang.en import lexicon as lx
from warmonitor.nlp.tokens import coarse_pos, has_lemma


def find_targets(m: Mention) -> list[Hit]:
    sent = m.sentence
    span = sent.span
    hits: list[Hit] = []
    if span is None:
        return hits
    trigger_ranges = [(t.start, t.end) for t in m.trigger_spans]

    def near_trigger(tok: Any) -> bool:
        a = tok.idx
        return any(s - 5 <= a <= e + 60 or a <= s <= a + 60 for s, e in trigger_ranges)

    for tok in span:
        if coarse_pos(tok) not in ("NOUN", "PROPN") or not lx.TARGET_NOUN_RE.fullmatch(tok.text):
            continue
        ok = False
        head = tok.head
        if (
            tok.dep_ in ("dobj", "nsubjpass")
            and has_lemma(head, cues.HIT_VERBS)
            or tok.dep_ == "nsubjpass"
            and near_trigger(tok)
            or tok.dep_ == "dobj"
            and near_trigger(head)
            or (
                tok.dep_ == "pobj"
                and head.lower_ in ("on", "against", "at")
                and (has_lemma(head.head, cues.HIT_VERBS) or near_trigger(head.head))
            )
            or tok.dep_ == "conj"
            and any(h.value and tok.head.idx == h.start for h in hits)
        ):
            ok = True
        if not ok or (
            tok.dep_ == "pobj" and head.lower_ == "at" and tok.lower_ in ("home", "homes")
        ):
            continue
        # Keep lower-case descriptive modifiers: "military helicopter", "vegetable market".
        mods = [
            c
            for c in tok.lefts
            if c.dep_ in ("amod", "compound")
            and c.text.islower()
            and c.ent_type_ == ""
            and not lx.AIRCRAFT_MODEL_RE.match(c.text)
        ]
        start_tok = mods[0] if mods else tok
        start = start_tok.idx
        end = tok.idx + len(tok.text)
        value = tok.doc.text[start_tok.idx : tok.idx + len(tok.text)] if mods else tok.text
        value = re.sub(r"\s+", " ", value).lower()
        hits.append(Hit(value, tok.idx, end, value))
        hits[-1].start = start
    return hits
