"""Weapons and aircraft models named in a sentence."""

from __future__ import annotations

import re

from warmonitor.extract.findings import Hit
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en import lexicon as lx
from warmonitor.taxonomy import normalize_aircraft


def find_weapons(sent: Sentence) -> list[Hit]:
    hits: list[Hit] = []
    for pattern, name in lx.WEAPON_RES:
        for match in pattern.finditer(sent.text):
            s, e = sent.at(match.start()), sent.at(match.end())
            if any(h.start < e and s < h.end for h in hits):
                continue
            hits.append(Hit(name, s, e, match.group(0)))
    hits.sort(key=lambda h: h.start)
    return hits


def find_aircraft(sent: Sentence) -> list[Hit]:
    hits = []
    for match in lx.AIRCRAFT_MODEL_RE.finditer(sent.text):
        surface = match.group(0)
        # "F-16" is unambiguous; "L-39" or "An-26" need an aircraft context to count.
        model = normalize_aircraft(surface)
        if (
            re.match(r"^(?:F|L|An|Il|Tu)-\d+$", model)
            and not lx.AIRCRAFT_NOUN_RE.search(sent.text)
            and not re.search(r"fighter|jet|plane|aircraft", sent.text, re.I)
        ):
            continue
        hits.append(Hit(model, sent.at(match.start()), sent.at(match.end()), surface))
    return hits
