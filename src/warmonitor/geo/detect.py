"""Toponym detection: candidate spans from NER, cue patterns and the gazetteer, kept or rejected."""

from __future__ import annotations

import bisect
import re
from typing import Any

from warmonitor.geo.cues import (
    _ADMIN_QUALIFIER,
    _ADMIN_SUFFIX,
    _AIR_SUFFIX,
    _CANDIDATE_RE,
    _COUNTRYSIDE_SUFFIX,
    _STOP_NAMES,
    _STRONG_LABELS,
    _WEAK_LABELS,
    _clean_span,
    _cue_before,
)
from warmonitor.geo.gazetteer import Gazetteer
from warmonitor.geo.mention import DATELINE, DEMONYM, IN_NAME, STREET, Mention
from warmonitor.geo.places import (
    ADM1,
    ADM2,
    CITY,
    CONTINENT,
    COUNTRY,
    REGION_FEATURES,
    Candidate,
    GazPlace,
)
from warmonitor.geo.resolve import lookup
from warmonitor.geo.storage import data_lines


def detect(
    text: str, doc: Any, sentence_starts: list[int], gaz: Gazetteer | None = None
) -> list[Mention]:
    """Candidate spans: NER entities, names after a locative cue, gazetteer names.

    With ``gaz``, a capitalised name that NER left unlabelled and that names a
    country, a province or a sizeable town becomes a candidate too (label ``GAZ``);
    the toponym classifier decides whether it is one.
    """
    spans: dict[tuple[int, int], Mention] = {}
    covered = bytearray(len(text) + 1)

    def overlaps(a: int, b: int) -> bool:
        return any(covered[a:b])

    for ent in doc.ents:
        if ent.label_ not in _STRONG_LABELS and ent.label_ not in _WEAK_LABELS:
            continue
        start, end = _clean_span(text, ent.start_char, ent.end_char)
        if end <= start or text[start:end].lower() in _STOP_NAMES:
            continue
        spans[(start, end)] = Mention(start, end, text[start:end], ent.label_)
        covered[start:end] = b"\x01" * (end - start)
    # Capitalised names after a locative cue that NER missed entirely.
    for m in _CANDIDATE_RE.finditer(text):
        start, end = _clean_span(text, m.start(), m.end())
        if end <= start or overlaps(start, end) or text[start:end].lower() in _STOP_NAMES:
            continue
        if start > 0 and not (text[start - 1].isspace() or text[start - 1] in "(\"“‘'"):
            continue
        cue, _ = _cue_before(text, start)
        suffix = _AIR_SUFFIX.match(text[end:]) or _ADMIN_SUFFIX.match(text[end:])
        if cue is None and suffix is None:
            if gaz is None or not _gazetteer_name(gaz, text[start:end]):
                continue
            spans[(start, end)] = Mention(start, end, text[start:end], GAZETTEER_LABEL)
            covered[start:end] = b"\x01" * (end - start)
            continue
        spans[(start, end)] = Mention(start, end, text[start:end], "PATTERN")
        covered[start:end] = b"\x01" * (end - start)
    if gaz is not None:
        _join_fragments(text, spans, gaz)
    datelines = _add_datelines(text, spans)
    areas = _add_area_lists(text, spans)
    out = sorted(spans.values(), key=lambda x: x.start)
    for mention in out:
        annotate(text, mention, sentence_starts)
        if (mention.start, mention.end) in datelines:
            mention.cue, mention.qualifier = DATELINE, None
        if (mention.start, mention.end) in areas:
            mention.kind_hint = "admin"
        # A person's surname can be "Lane" or "Trail": only road words for PERSON spans.
        if (
            mention.kind_hint is None
            and _STREET_SUFFIX.search(mention.text)
            and (mention.label != "PERSON" or _ROAD_SUFFIX.search(mention.text))
        ):
            mention.kind_hint = STREET
    return out


# A dateline: an upper-case name opening the text, a line or a headline's sentence,
# then a comma or a dash ("ROSWELL - A man ...", "PLEASANTON, Calif.--").
_DATELINE_RE = re.compile(
    r"(?:^|\n|[.!?]\s)\s*(?P<n>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})"
    r"(?=\s*(?:,|—|–|--|-\s|\())"
)
# "Barrow, Jackson and Madison counties": every name of the list is an area.
_AREA_LIST_RE = re.compile(
    r"(?P<list>(?:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?,\s+)*[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?,?"
    r"\s+(?:and|or)\s+[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s+"
    r"(?:counties|provinces|districts|governorates|regions|oblasts|states|prefectures)\b"
)
_LIST_NAME_RE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")
# A street, road or square: a place finer than a town, placed at the town the text names.
_STREET_SUFFIX = re.compile(
    r"\s(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Drive|Boulevard|Blvd\.?|Lane|Highway|"
    r"Expressway|Freeway|Parkway|Pkwy\.?|Circle|Terrace|Pike|Trail)(?:\s+(?:North|South|East|West))?$"
)


_ROAD_SUFFIX = re.compile(r"\s(?:Street|Road|Avenue|Drive|Boulevard|Highway|Parkway|Expressway)$")


# Words after a town's name that make it the town's own service or body.
_INSTITUTION_AFTER = re.compile(
    r"\s+(?:police|sheriff'?s?|fire\s+(?:chief|department|dept)|city\s+(?:council|hall|manager)|"
    r"mayor|county\s+(?:commission|commissioners|sheriff|board)|school\s+(?:board|district)|"
    r"residents|town\s+(?:council|hall|board)|board\s+of\s+(?:education|selectmen|commissioners))\b",
    re.I,
)


def _join_fragments(text: str, spans: dict[tuple[int, int], Mention], gaz: Gazetteer) -> None:
    """One gazetteer name that NER cut in pieces ("Gun" + "Barrel City") becomes one span."""
    by_start = sorted(spans)
    for run in _CANDIDATE_RE.finditer(text):
        a, b = _clean_span(text, run.start(), run.end())
        if " " not in text[a:b]:
            continue
        inside = [k for k in by_start if a <= k[0] and k[1] <= b]
        if len(inside) < 2 or any(k[0] < a < k[1] or k[0] < b < k[1] for k in by_start):
            continue
        if not any(c.how == "name" for c in gaz.lookup(text[a:b], fuzzy=False)):
            continue
        label = spans[inside[0]].label
        for k in inside:
            del spans[k]
        spans[(a, b)] = Mention(a, b, text[a:b], label)


def _add_datelines(text: str, spans: dict[tuple[int, int], Mention]) -> set[tuple[int, int]]:
    """The spans of datelines, added where no other span covers them."""
    out = set()
    for m in _DATELINE_RE.finditer(text[:20_000]):
        a, b = m.span("n")
        b = a + len(text[a:b].rstrip(".-"))
        if b - a < 3 or text[a:b].lower() in _STOP_NAMES:
            continue
        overlapping = [k for k in spans if k[0] < b and a < k[1]]
        if overlapping:
            # NER's span of the dateline ("PLEASANTON") is the dateline.
            out.update(k for k in overlapping if k[0] == a)
            continue
        spans[(a, b)] = Mention(a, b, text[a:b], "PATTERN")
        out.add((a, b))
    return out


def _add_area_lists(text: str, spans: dict[tuple[int, int], Mention]) -> set[tuple[int, int]]:
    """The spans of names listed before a plural area word ("Jackson and Madison counties")."""
    out = set()
    for m in _AREA_LIST_RE.finditer(text):
        base = m.start("list")
        for n in _LIST_NAME_RE.finditer(m.group("list")):
            a, b = base + n.start(), base + n.end()
            overlapping = [k for k in spans if k[0] < b and a < k[1]]
            for k in overlapping:
                if k[0] >= a and k[1] <= b or spans[k].label in _WEAK_LABELS:
                    del spans[k]
            if any(k[0] < b and a < k[1] for k in spans):
                continue
            spans[(a, b)] = Mention(a, b, text[a:b], "PATTERN")
            out.add((a, b))
    return out


GAZETTEER_LABEL = "GAZ"
_GAZ_MIN_POPULATION = 10_000


def _gazetteer_name(gaz: Gazetteer, name: str) -> bool:
    """Whether ``name`` is the main name of a country, province or town of 10,000+."""
    if len(name) < 3 or name.isupper() and len(name) <= 4:
        return False
    return any(
        c.how == "name"
        and (
            c.place.feature in (COUNTRY, ADM1, CONTINENT, *REGION_FEATURES)
            or (c.place.feature == CITY and c.place.population >= _GAZ_MIN_POPULATION)
        )
        for c in gaz.lookup(name, fuzzy=False)
    )


def annotate(text: str, mention: Mention, sentence_starts: list[int]) -> None:
    """Cue before, kind suffix after, sentence number."""
    mention.sentence = bisect.bisect_right(sentence_starts, mention.start) - 1
    mention.cue, mention.qualifier = _cue_before(text, mention.start)
    after = text[mention.end :]
    mention.service_after = _INSTITUTION_AFTER.match(after[:40]) is not None
    air = _AIR_SUFFIX.match(after)
    admin = _ADMIN_SUFFIX.match(after)
    if air:
        mention.kind_hint = "air"
        # The base's name includes its kind: "Khmeimim air base".
        mention.end += air.end()
        mention.text = text[mention.start : mention.end]
        mention.qualifier = mention.qualifier if mention.cue in ("near", "over") else None
    elif admin:
        mention.kind_hint = "admin"
    countryside = _COUNTRYSIDE_SUFFIX.match(after)
    if countryside and mention.cue not in ("countryside", "near"):
        q = countryside.group("q").lower()
        mention.cue = "countryside" if q.endswith("countryside") else "near"
        mention.qualifier = q
    if mention.cue == "countryside":
        mention.kind_hint = "admin"
    if mention.cue == "of" and mention.qualifier and _ADMIN_QUALIFIER.search(mention.qualifier):
        mention.kind_hint = "admin"
    if mention.cue in ("in", "of"):
        mention.qualifier = None


def sentence_starts(doc: Any) -> list[int]:
    return [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]


def load_demonyms() -> dict[str, str]:
    out = {}
    for line in data_lines("demonyms.tsv"):
        words, target = (part.strip() for part in line.split("\t")[:2])
        for w in words.split("|"):
            out[w] = target
    return out


DEMONYMS = load_demonyms()


def load_not_places() -> dict[str, str]:
    """Words that are never a place (religions, groups, organisations...) -> their kind."""
    out = {}
    for line in data_lines("not_places.tsv"):
        words, kind = (part.strip() for part in line.split("\t")[:2])
        for w in words.split("|"):
            out[w] = kind
    return out


NOT_PLACES = load_not_places()
# Kinds of NOT_PLACES words that a locative phrase can still make a place ("in Union").
SOFT_NOT_PLACES = {"common"}


def not_a_place(m: Mention) -> str | None:
    """The lexicon kind that rules this span out as a place, or None.

    "Christian", "Taliban" or "Hamas" are never a town, whatever alternate names
    GeoNames lists; an ethnic or religious word naming an area ("Afar region")
    and a common word in a locative phrase ("in Union, New Jersey") still are.
    """
    kind = NOT_PLACES.get(m.text) or NOT_PLACES.get(m.text.title())
    if kind is None or m.kind_hint in ("admin", "air"):
        return None
    if kind in SOFT_NOT_PLACES and m.label in ("GPE", "LOC") and m.cue is not None:
        return None
    return kind


def keep(m: Mention) -> bool:
    """Whether a detected span is a place mention worth returning."""
    exact = [c for c in m.cands if c.how != "skeleton"]
    if m.label in ("GPE", "LOC"):
        # An unknown name NER calls a place, with nothing in the text placing it
        # ("MANPADS"), is more often an NER slip than a missing village.
        return bool(m.cands) or m.cue is not None
    if m.kind_hint in ("air", "admin") or m.cue in ("countryside", "near", "of"):
        return True
    if m.cue == DATELINE:
        return bool(exact)
    if m.kind_hint == STREET:
        # Placed at the town the text names (``resolve.fallback``).
        return True
    if m.label == "FAC":
        return bool(exact)
    big = (COUNTRY, ADM1, CONTINENT, *REGION_FEATURES)
    # Organisations are more often named after towns than people are.
    town = 100_000 if m.label == "ORG" else 500_000
    if m.text[:1].isupper() and any(
        c.how == "name" and (c.place.feature in big or c.place.population >= town) for c in exact
    ):
        # The small model often calls "Ohio" or "Pakistan" an ORG or a PERSON.
        return True
    if m.cue in ("in", "over") and exact:
        return True
    if m.service_after and any(c.how == "name" and c.place.feature in (CITY, ADM2) for c in exact):
        # "Litchfield Fire Chief", "Roswell police say": the town's own services.
        return True
    if m.label == "NORP" and exact:
        # The small model tags city names NORP ("Aleppo"); demonyms are not in the
        # gazetteer, so an exact hit on a sizeable place is a toponym.
        return any(
            c.place.feature in (COUNTRY, ADM1) or c.place.population >= 50_000 for c in exact
        )
    return False


def embedded(
    text: str, starts: list[int], rejected: list[Mention], gaz: Gazetteer
) -> list[Mention]:
    """Toponyms inside organisation and facility names ("Gainesville Police Department").

    Kept with the qualifier ``in_name`` so event extraction can tell them from
    places where something happened; only well-known places qualify.
    """
    out = []
    for m in rejected:
        if m.label not in ("ORG", "FAC") or " " not in m.text:
            continue
        words = list(re.finditer(r"[A-Z][\w.'’-]*", m.text))
        best: Mention | None = None
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                a, b = words[i].start(), words[i + n - 1].end()
                if m.text[a:b].count(" ") != n - 1:
                    continue
                name = m.text[a:b].rstrip(".")
                if name.lower() in _STOP_NAMES:
                    continue
                if n == 1 and name in DEMONYMS:
                    # "Russian Foreign Ministry", "Dutch Rail": whose it is, not where.
                    best = _embedded_demonym(gaz, m.start + a, name)
                    if best is not None:
                        break
                    continue
                cands = [c for c in gaz.lookup(name, fuzzy=False) if c.how == "name"]
                # "Walker County Sheriff's Office": a county by its full name is no namesake.
                county = n > 1 and _ADMIN_WORD_TAIL.search(name) is not None
                if any(well_known(c.place) or county and c.place.feature == ADM2 for c in cands):
                    best = Mention(m.start + a, m.start + a + len(name), name, "EMBEDDED")
                    best.cands = gaz.lookup(name, fuzzy=False)
                    break
            if best:
                break
        if best is not None:
            annotate(text, best, starts)
            demonym = best.kind_hint == DEMONYM
            best.cue, best.qualifier = None, IN_NAME
            best.kind_hint = DEMONYM if demonym else None
            out.append(best)
    return out


_ADMIN_WORD_TAIL = re.compile(r"\s(?:County|Parish|Province|District|Governorate|Oblast)$")


def _embedded_demonym(gaz: Gazetteer, start: int, word: str) -> Mention | None:
    """A demonym opening an organisation's name, as the country (or continent) it names."""
    target = DEMONYMS[word]
    area = gaz.continent(target[10:]) if target.startswith("continent:") else gaz.country(target)
    if area is None:
        return None
    m = Mention(start, start + len(word), word, "EMBEDDED")
    m.cands = [Candidate(area, word, "name")]
    m.kind_hint = DEMONYM
    m.notes.append(f"demonym of {area.name} in an organisation's name")
    return m


def well_known(p: GazPlace) -> bool:
    return p.feature in (COUNTRY, ADM1, CONTINENT, *REGION_FEATURES) or (
        p.feature == CITY and p.population >= 50_000
    )


def propagate(
    text: str, starts: list[int], mentions: list[Mention], rejected: list[Mention], gaz: Gazetteer
) -> list[Mention]:
    """One sense per discourse: a name taken as a place once is a place everywhere.

    The small model labels the same "Alexandria" GPE in one sentence and PERSON
    in the next; the spans it rejected, and bare repeats it did not label at all,
    join when their text equals a kept place name.
    """
    known = {
        m.text
        for m in mentions
        if m.cands
        and m.kind_hint != "demonym"
        and len(m.text) >= 4
        and (m.label in ("GPE", "LOC") or m.cue is not None or m.kind_hint is not None)
    }
    if not known:
        return mentions
    out = list(mentions)
    for m in rejected:
        if m.text in known and m.cands:
            out.append(m)
    taken = sorted((m.start, m.end) for m in (*mentions, *rejected))
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(map(re.escape, sorted(known, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    for hit in pattern.finditer(text):
        a, b = hit.span()
        i = bisect.bisect_left(taken, (a, a))
        if any(x < b and a < y for x, y in taken[max(0, i - 2) : i + 2]):
            continue
        m = Mention(a, b, hit.group(1), "PROPAGATED")
        annotate(text, m, starts)
        m.cands = lookup(gaz, m)
        if m.cands:
            out.append(m)
    out.sort(key=lambda x: x.start)
    return out


# Thresholds on the toponym classifier's probability, chosen on the held-out split
# of the training sentences (docs/models/toponym-classifier.md).
VETO_BELOW = 0.05  # a span the rules keep is dropped below this
ACCEPT_ABOVE = 0.8  # a span the rules reject is kept above this (with a gazetteer hit)
_STRONG_CUE_KINDS = ("near", "countryside", "of", DATELINE)
RESCUABLE_LABELS = {GAZETTEER_LABEL}


def decide(m: Mention, rule_keep: bool, person_words: set[str]) -> str | None:
    """Why a candidate span is not a place mention, or None to keep it.

    The hand rules (``keep``) and the classifier vote together: the classifier can
    veto what the rules keep (a word that reads as a person or an organisation in
    its context) and rescue what they miss (a known town NER left unlabelled), but
    a strong locative cue ("the village of X") or an area word after the name
    ("X province") is never overruled.
    """
    placed = m.cue in _STRONG_CUE_KINDS or m.kind_hint is not None
    p = m.p_toponym
    if m.text in person_words and not placed:
        # "John Kelly" then "Kelly's attempts": the person again, whatever the
        # classifier reads in the second sentence.
        return "a word of a person's full name"
    if rule_keep:
        if p is not None and p < VETO_BELOW and not placed:
            return f"classifier gives {p:.2f} that this is a place"
        return None
    exact = any(c.how != "skeleton" for c in m.cands)
    # Rescue only names NER left unlabelled: on news text, spans it labelled PERSON or
    # ORG that the rules reject are far more often people and companies than towns.
    if m.label in RESCUABLE_LABELS and p is not None and p >= ACCEPT_ABOVE and exact:
        m.notes.append(f"kept by the classifier ({p:.2f})")
        return None
    if m.label == GAZETTEER_LABEL:
        return "a gazetteer name that its context does not make a place"
    return f"{m.label} span that no cue, label or gazetteer entry makes a place"
