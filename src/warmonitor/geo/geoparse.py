"""Geoparsing: place mentions in a text, each resolved against the offline gazetteer.

``geoparse(text)`` finds toponyms (spaCy's NER, corrected by the gazetteer and by
locative cues such as "near the town of X", since the small model often labels
"Aleppo" NORP or "Saraqeb" ORG), resolves each to a gazetteer row using the
document's context, and says how precise the result is:

- precision 1: the place itself (a town, an air base);
- precision 2: near a place ("near Saraqeb"), or a district (ADM2);
- precision 3: a province or larger, or a place the gazetteer lacks that falls
  back to the smallest enclosing area the text names (the mention keeps its own
  name, ``geonames_id`` is None, and ``feature`` is "fallback").

Context used for disambiguation: the country focus of the document (countries of
the other mentions, and ``country_hint``), admin units named in the text ("in
Idlib province"), distance to the other places resolved in the same text, and
feature class and population. Place data comes from GeoNames (CC BY 4.0).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from warmonitor.geo.gazetteer import (
    ADM1,
    ADM2,
    AIR_BASE,
    AIRPORT,
    CITY,
    CONTINENT,
    COUNTRY,
    REGION_FEATURES,
    Candidate,
    Gazetteer,
    GazPlace,
    data_lines,
    normalize,
    open_gazetteer,
)
from warmonitor.records import Place, PlaceMention

FALLBACK = "fallback"
_MAX_CANDIDATES = 25
MIDPOINT = "midpoint"

# ----------------------------------------------------------------- text patterns

_DIRECTIONS = (
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?"
)
_NAME_WORD = r"[A-Z][\w'’ʿ]*(?:-[A-Za-z][\w'’ʿ]*)*"
_ARTICLE = r"(?:al|el|ad|adh|an|ar|as|ash|at|ath|az|ad-d|es|ash-sh)-"
_NAME = rf"{_NAME_WORD}(?:[ \u00a0](?:{_ARTICLE}[A-Za-z][\w'’ʿ]*|{_NAME_WORD}))*"

# Words after a name that say what kind of place it is.
_ADMIN_SUFFIX = re.compile(
    r"^\s+(province|governorate|region|district|countryside|county|state|oblast|prefecture)\b",
    re.I,
)
# "Aleppo's western countryside", "the Idlib countryside", "Hama's northern outskirts".
_COUNTRYSIDE_SUFFIX = re.compile(
    rf"^(?:'s|’s)?\s+(?P<q>(?:{_DIRECTIONS}\s+)?(?:countryside|outskirts|suburbs))\b", re.I
)
_AIR_SUFFIX = re.compile(
    r"^\s+(air\s?base|airbase|air\s+force\s+base|airport|airfield|military\s+airport|air\s+field)\b",
    re.I,
)
# Cues before a name, longest first; group "q" is the qualifier kept.
_AIR_TAIL = re.compile(
    r"\s+(air\s?base|airbase|air\s+force\s+base|airport|airfield|military\s+airport|air\s+field)$",
    re.I,
)
_CUES = [
    (
        re.compile(
            rf"(?<!\w)(?P<q>(?:the\s+)?(?:{_DIRECTIONS}\s+)?countryside\s+of)\s+(?:the\s+)?$",
            re.I,
        ),
        "countryside",
    ),
    # Outskirts and suburbs are of the town itself: near it, not its province.
    (
        re.compile(
            rf"(?<!\w)(?P<q>(?:the\s+)?(?:{_DIRECTIONS}\s+)?(?:outskirts|suburbs)\s+of)\s+(?:the\s+)?$",
            re.I,
        ),
        "near",
    ),
    (
        re.compile(
            r"(?<!\w)(?P<q>(?:near|close\s+to|outside|around|nearby)\s+(?:the\s+)?(?:town|village|city|hamlet|settlement)\s+of)\s+$",
            re.I,
        ),
        "near",
    ),
    (
        re.compile(
            r"(?<!\w)(?P<q>(?:the\s+)?(?:town|village|city|hamlet|settlement|district|province|governorate|region)\s+of)\s+$",
            re.I,
        ),
        "of",
    ),
    (
        re.compile(
            rf"(?<!\w)(?P<q>(?:\d+\s*(?:km|kilometres|kilometers|miles|mi)\s+)?{_DIRECTIONS}\s+of)\s+$",
            re.I,
        ),
        "near",
    ),
    (
        re.compile(
            r"(?<!\w)(?P<q>near|close\s+to|outside|nearby|on\s+the\s+outskirts\s+of|just\s+outside)\s+$",
            re.I,
        ),
        "near",
    ),
    (re.compile(r"(?<!\w)(?P<q>over|above)\s+(?:the\s+)?$", re.I), "over"),
    (
        re.compile(
            r"(?<!\w)(?P<q>in|at|into|from|across|towards?|around|inside|throughout)\s+(?:the\s+)?$",
            re.I,
        ),
        "in",
    ),
]
_HALFWAY = re.compile(r"\b(?:halfway|midway|half-way)\s+between\s+$", re.I)
_CANDIDATE_RE = re.compile(_NAME)

_STRONG_LABELS = {"GPE", "LOC", "FAC"}
_WEAK_LABELS = {"NORP", "ORG", "PERSON"}
_STRONG_CUES = {"near", "countryside", "of"}
IN_NAME = "in_name"
DEMONYM = "demonym"
_STOP_NAMES = {
    "the", "a", "an", "this", "that", "these", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "i", "we", "he", "she",
    "it", "they", "mr", "mrs", "ms", "dr", "president", "state", "god", "west", "east",
    "north", "south", "the west", "the east", "the north", "the south", "earth", "city",
    "central", "southern", "northern", "eastern", "western", "union", "metro", "commonwealth",
    "centre", "center", "saint", "national", "international", "united", "county",
}  # fmt: skip


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    label: str
    cue: str | None = None  # "countryside" | "near" | "of" | "over" | "in"
    qualifier: str | None = None
    kind_hint: str | None = None  # "admin" | "air"
    cands: list[Candidate] = field(default_factory=list)
    priors: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    choice: int | None = None
    sentence: int = 0


_CUE_LAST_WORDS = {
    "of", "near", "to", "outside", "nearby", "over", "above", "in", "at", "into", "from",
    "across", "toward", "towards", "around", "inside", "throughout",
}  # fmt: skip


def _cue_before(text: str, start: int) -> tuple[str | None, str | None]:
    window = text[max(0, start - 60) : start]
    # Cheap test first: every cue ends with one of a few words (before "the").
    words = window[-20:].lower().split()
    if words and words[-1] == "the":
        words.pop()
    if not words or words[-1] not in _CUE_LAST_WORDS:
        return None, None
    for pattern, kind in _CUES:
        m = pattern.search(window)
        if m:
            return kind, re.sub(r"\s+", " ", m.group("q")).strip().lower()
    return None, None


_LEADING_THE = re.compile(r"(?i)the\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ADMIN_QUALIFIER = re.compile(r"province|governorate|region|district")


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim articles, possessives and punctuation that NER leaves on a span."""
    s = text[start:end]
    m = _LEADING_THE.match(s)
    if m and len(s) > m.end():
        start += m.end()
    s = text[start:end]
    m = _POSSESSIVE.search(s)
    if m:
        end -= len(m.group(0))
    while end > start and text[end - 1] in '.,;:!?"”)':
        end -= 1
    return start, end


# ----------------------------------------------------------------- detection


def _detect(text: str, doc: Any, sentence_starts: list[int]) -> list[_Mention]:
    spans: dict[tuple[int, int], _Mention] = {}
    covered = bytearray(len(text) + 1)

    def overlaps(a: int, b: int) -> bool:
        return any(covered[a:b])

    for ent in doc.ents:
        if ent.label_ not in _STRONG_LABELS and ent.label_ not in _WEAK_LABELS:
            continue
        start, end = _clean_span(text, ent.start_char, ent.end_char)
        if end <= start or text[start:end].lower() in _STOP_NAMES:
            continue
        spans[(start, end)] = _Mention(start, end, text[start:end], ent.label_)
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
            continue
        spans[(start, end)] = _Mention(start, end, text[start:end], "PATTERN")
        covered[start:end] = b"\x01" * (end - start)
    out = sorted(spans.values(), key=lambda x: x.start)
    for mention in out:
        _annotate(text, mention, sentence_starts)
    return out


def _annotate(text: str, mention: _Mention, sentence_starts: list[int]) -> None:
    """Cue before, kind suffix after, sentence number."""
    mention.sentence = bisect.bisect_right(sentence_starts, mention.start) - 1
    mention.cue, mention.qualifier = _cue_before(text, mention.start)
    after = text[mention.end :]
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


def _sentence_starts(doc: Any) -> list[int]:
    return [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]


def _load_demonyms() -> dict[str, str]:
    out = {}
    for line in data_lines("demonyms.tsv"):
        words, target = (part.strip() for part in line.split("\t")[:2])
        for w in words.split("|"):
            out[w] = target
    return out


_DEMONYMS = _load_demonyms()


# ----------------------------------------------------------------- resolution


def _prior(m: _Mention, c: Candidate) -> float:
    p = c.place
    if p.feature == COUNTRY:
        s = 7.0  # "Mexico", "China": the country, not a namesake town
    elif p.feature == CONTINENT or p.feature in REGION_FEATURES:
        s = 6.0
    elif p.feature == ADM1:
        s = 3.5 + (2.5 if m.kind_hint == "admin" else 0.0)
    elif p.feature == ADM2:
        s = 1.6 + (2.0 if m.kind_hint == "admin" else 0.0)
    elif p.feature in (AIRPORT, AIR_BASE):
        s = 5.0 if m.kind_hint == "air" else -3.0
    else:
        s = math.log10(p.population + 10) / 2.0 + (1.0 if p.code == "PPLC" else 0.0)
        if m.kind_hint == "admin":
            s -= 1.0
        if m.kind_hint == "air":
            s -= 1.0
    letters = [ch for ch in m.text if ch.isalpha()]
    abbreviation = len(letters) <= 4 and all(ch.isupper() for ch in letters)
    if abbreviation and p.feature != COUNTRY and p.name.upper() != p.name:
        s -= 4.0  # "US", "UN": an abbreviation, not the village "Us"
    if c.how == "alt":
        s -= 0.4
    elif c.how == "skeleton":
        s -= 1.5
        if p.feature == CITY and p.population < 1000:
            s -= 1.0
    return s


def _lookup(gaz: Gazetteer, m: _Mention) -> list[Candidate]:
    name = m.text
    if m.kind_hint == "air":
        cands = [c for c in gaz.lookup(name) if c.place.feature in (AIRPORT, AIR_BASE)]
        if cands:
            return cands
        # Strip the kind ("Tiyas air base" -> "Tiyas") and try the bare name.
        name = _AIR_TAIL.sub("", name)
        for kind in ("air base", "airport"):
            cands = [
                c for c in gaz.lookup(f"{name} {kind}") if c.place.feature in (AIRPORT, AIR_BASE)
            ]
            if cands:
                return cands
    # Abbreviations ("Kan.") and short names are too easy to match loosely.
    fuzzy = "." not in name and len(normalize(name)) >= 5
    cands = gaz.lookup(name, fuzzy=fuzzy)
    if not cands:
        stripped = re.sub(
            r"\s+(province|governorate|region|district|countryside|county|state)$",
            "",
            name,
            flags=re.I,
        )
        if stripped != name:
            cands = gaz.lookup(stripped)
    return cands


def _context_scores(mentions: list[_Mention], country_hint: str | None) -> None:
    """Rescore candidates with the document's country focus, admin units and distances."""
    chosen = [m.cands[m.choice].place for m in mentions if m.choice is not None]
    conf = {id(m): _confidence(m) for m in mentions}
    countries: Counter[str] = Counter()
    for m in mentions:
        if m.choice is None:
            continue
        # An ambiguous mention votes less than one with a clear winner.
        weight = conf[id(m)]
        country = m.cands[m.choice].place.country
        if country:
            countries[country] += weight
    total = sum(countries.values()) or 1.0
    # Admin units named in the text, and admin units that contain other places named.
    named_admins: dict[int, set[str]] = defaultdict(set)
    for o in mentions:
        if o.choice is not None and o.cands[o.choice].place.feature in (ADM1, ADM2):
            named_admins[o.cands[o.choice].place.id].add(normalize(o.text))
    containing: Counter[int] = Counter()
    for p in chosen:
        for a in (p.admin1_id, p.admin2_id):
            if a:
                containing[a] += 1
    # Points of the places chosen so far, per surface name, so a mention is never
    # its own neighbour; deduplicated because long texts repeat names.
    points: dict[str, set[tuple[float, float]]] = defaultdict(set)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for o in mentions:
        if o.choice is None:
            continue
        op = o.cands[o.choice].place
        key = normalize(o.text)
        if op.lat is not None:
            points[key].add((op.lat, op.lon))
        if op.country:
            votes[key][op.country] += conf[id(o)]
    containers = _containers(mentions)
    # Mentions of the same name in the same kind of phrase score alike: compute once.
    done: dict[tuple, tuple[list[float], int]] = {}
    for m in mentions:
        if not m.cands:
            continue
        key = normalize(m.text)
        container = containers.get(id(m))
        memo = (key, m.kind_hint, tuple(a.id for a in container) if container else ())
        if memo in done:
            m.scores, m.choice = done[memo]
            continue
        others = [pt for k, pts in points.items() if k != key for pt in pts]
        nearest = _nearest_km(m.cands, others)
        own = votes.get(key, Counter())
        rest = total - sum(own.values())
        new = []
        for c, base, d in zip(m.cands, m.priors, nearest, strict=True):
            p = c.place
            s = base
            if container is not None and any(
                a.id in (p.admin1_id, p.admin2_id)
                or (a.feature == COUNTRY and p.country == a.country and p.feature != COUNTRY)
                for a in container
            ):
                s += 4.0  # "Alexandria, Minnesota": the one inside the named area
            if p.country and rest > 0:
                share = (countries.get(p.country, 0.0) - own.get(p.country, 0.0)) / rest
                s += 3.0 * share
                if p.feature == ADM1 and share >= 0.6:
                    # "Georgia" in a story about Atlanta and Macon is the state.
                    s += 1.5
            if country_hint and p.country == country_hint.upper():
                s += 2.0
            if p.feature in (ADM1, ADM2):
                # "Atlanta, Georgia": the state that contains the city named beside it.
                s += 2.0 if containing.get(p.id, 0) > 0 else 0.0
            elif p.feature != COUNTRY and any(
                named_admins.get(a or 0, set()) - {key} for a in (p.admin1_id, p.admin2_id)
            ):
                s += 1.5  # a town in a province the text names (not by this same name)
            if d is not None and p.feature not in (COUNTRY, ADM1):
                s += 1.5 if d < 50 else 1.0 if d < 150 else 0.5 if d < 500 else 0.0
            new.append(s)
        m.scores = new
        m.choice = max(range(len(new)), key=new.__getitem__)
        done[memo] = (m.scores, m.choice)


def _nearest_km(cands: list[Candidate], others: list[tuple[float, float]]) -> list[float | None]:
    """Distance from each candidate to the nearest other place, vectorised."""
    if not others:
        return [None] * len(cands)
    have = [i for i, c in enumerate(cands) if c.place.lat is not None]
    out: list[float | None] = [None] * len(cands)
    if not have:
        return out
    lat1 = np.radians([cands[i].place.lat for i in have])[:, None]
    lon1 = np.radians([cands[i].place.lon for i in have])[:, None]
    pts = np.radians(np.asarray(others, dtype=float))
    lat2, lon2 = pts[:, 0][None, :], pts[:, 1][None, :]
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    for row, i in enumerate(have):
        out[i] = float(km[row].min())
    return out


def _containers(mentions: list[_Mention]) -> dict[int, list[GazPlace]]:
    """For "X, Y" with Y naming an area: X's id -> the areas Y may be."""
    out: dict[int, list[GazPlace]] = {}
    for m, n in zip(mentions, mentions[1:], strict=False):
        if not 1 <= n.start - m.end <= 3 or n.kind_hint == DEMONYM or m.sentence != n.sentence:
            continue
        areas = [c.place for c in n.cands if c.place.feature in (ADM1, ADM2, COUNTRY)]
        if areas:
            out[id(m)] = areas
    return out


def _confidence(m: _Mention) -> float:
    if m.choice is None or not m.scores:
        return 0.0
    exps = [math.exp(s - max(m.scores)) for s in m.scores]
    return exps[m.choice] / sum(exps)


def _prefer_city_over_same_named_admin(m: _Mention) -> None:
    """Bare "Aleppo" is the city; "Aleppo province" or "countryside of Aleppo" the ADM1."""
    if m.choice is None:
        return
    p = m.cands[m.choice].place
    if m.kind_hint == "admin" and p.feature == CITY:
        for i, c in enumerate(m.cands):
            if (
                c.place.feature in (ADM1, ADM2)
                and c.place.country == p.country
                and (c.place.id in (p.admin1_id, p.admin2_id))
            ):
                m.choice = i
                return
    if m.kind_hint != "admin" and p.feature in (ADM1, ADM2):
        for i, c in enumerate(m.cands):
            q = c.place
            # Only a real namesake town (Aleppo, Idlib), not a village listing the
            # province as an alternate name (Minneota, "Minnesota").
            if (
                q.feature == CITY
                and (
                    (c.how == "name" and q.population >= 50_000)
                    or (c.how == "alt" and q.population >= 100_000)  # "Hama" for Ḩamāh
                )
                and q.country == p.country
                and p.id in (q.admin1_id, q.admin2_id)
            ):
                m.choice = i
                return


def _place_from(m: _Mention, gp: GazPlace, score: float, precision: int) -> Place:
    return Place(
        name=gp.name,
        lat=gp.lat,
        lon=gp.lon,
        geonames_id=gp.geonames_id,
        feature=gp.feature,
        country=gp.country,
        admin1=gp.admin1 if gp.feature not in (COUNTRY, ADM1) else None,
        admin2=gp.admin2 if gp.feature not in (COUNTRY, ADM1, ADM2) else None,
        precision=precision,
        score=round(score, 3),
        candidates=[],
    )


def _candidate_dict(c: Candidate, score: float) -> dict[str, Any]:
    p = c.place
    return {
        "name": p.name,
        "geonames_id": p.geonames_id,
        "lat": p.lat,
        "lon": p.lon,
        "feature": p.feature,
        "country": p.country,
        "admin1": p.admin1,
        "score": round(score, 3),
    }


def _precision(m: _Mention, gp: GazPlace) -> int:
    if gp.feature in (COUNTRY, ADM1, CONTINENT, *REGION_FEATURES):
        return 3
    if m.kind_hint == "air" and gp.feature not in (AIRPORT, AIR_BASE):
        return 2  # "Tiyas air base" placed at the town of Tiyas: near it, not it
    if gp.feature == ADM2:
        return 2 if m.cue != "countryside" else 3
    if m.cue in ("near", "countryside"):
        return 2
    return 1


def _resolve(m: _Mention, gaz: Gazetteer) -> Place | None:
    if m.choice is None:
        return None
    exps = [math.exp(s - max(m.scores)) for s in m.scores]
    total = sum(exps)
    probs = [e / total for e in exps]
    gp = m.cands[m.choice].place
    if m.cue == "countryside" and gp.feature == CITY and gp.admin1_id:
        # "the western countryside of Aleppo": the province around the city.
        area = gaz.get(gp.admin1_id)
        if area is not None:
            gp = area
    score = probs[m.choice]
    chosen = m.cands[m.choice].place
    # A town and the province named after it (Aleppo, Idlib) are one reading of the
    # name, not rivals: the town's confidence includes the province's.
    score += sum(
        probs[i]
        for i, c in enumerate(m.cands)
        if i != m.choice
        and c.place.feature in (ADM1, ADM2)
        and c.place.id in (chosen.admin1_id, chosen.admin2_id)
    )
    place = _place_from(m, gp, min(1.0, score), _precision(m, gp))
    order = sorted(range(len(m.cands)), key=lambda i: -m.scores[i])
    place.candidates = [_candidate_dict(m.cands[i], probs[i]) for i in order if i != m.choice][:5]
    return place


def _fallback(
    m: _Mention, resolved: list[tuple[_Mention, Place]], focus: str | None, gaz: Gazetteer
) -> Place | None:
    """An unknown name falls back to the smallest enclosing area the text supports."""
    best: tuple[float, Place] | None = None
    for other, place in resolved:
        if place.feature not in (ADM1, ADM2, CITY) or place.geonames_id is None:
            continue
        if focus and place.country != focus:
            continue
        distance = abs(other.sentence - m.sentence)
        if distance > 6:
            continue
        area: GazPlace | None = gaz.get(place.geonames_id)
        if area is None:
            continue
        if area.feature == CITY:
            # "in Idlib" may mean the town or the province; the province encloses both.
            area = gaz.get(area.admin1_id) if area.admin1_id else None
            if area is None:
                continue
        rank = distance + (0.5 if area.feature == ADM1 else 0.0)
        if best is None or rank < best[0]:
            best = (rank, _area_place(m, area))
    if best is not None:
        return best[1]
    if focus:
        country = next((c.place for c in gaz.lookup(focus) if c.place.feature == COUNTRY), None)
        if country is None:
            return None
        return _area_place(m, country)
    return None


def _area_place(m: _Mention, area: GazPlace) -> Place:
    return Place(
        name=m.text,
        lat=area.lat,
        lon=area.lon,
        geonames_id=None,
        feature=FALLBACK,
        country=area.country,
        admin1=area.name if area.feature == ADM1 else area.admin1,
        admin2=area.name if area.feature == ADM2 else None,
        precision=2 if area.feature == ADM2 else 3,
        score=0.0,
        candidates=[
            {
                "name": area.name,
                "geonames_id": area.geonames_id,
                "lat": area.lat,
                "lon": area.lon,
                "feature": area.feature,
                "country": area.country,
                "admin1": area.admin1,
                "relation": "enclosing",
            }
        ],
    )


def _keep(m: _Mention) -> bool:
    """Whether a detected span is a place mention worth returning."""
    exact = [c for c in m.cands if c.how != "skeleton"]
    if m.label in ("GPE", "LOC"):
        # An unknown name NER calls a place, with nothing in the text placing it
        # ("MANPADS"), is more often an NER slip than a missing village.
        return bool(m.cands) or m.cue is not None
    if m.kind_hint in ("air", "admin") or m.cue in ("countryside", "near", "of"):
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
    if m.label == "NORP" and exact:
        # The small model tags city names NORP ("Aleppo"); demonyms are not in the
        # gazetteer, so an exact hit on a sizeable place is a toponym.
        return any(
            c.place.feature in (COUNTRY, ADM1) or c.place.population >= 50_000 for c in exact
        )
    return False


def geoparse(
    text: str,
    *,
    doc: Any = None,
    country_hint: str | None = None,
    gazetteer: Gazetteer | None = None,
    associative: bool = False,
) -> list[PlaceMention]:
    """Every place mention in ``text``, with its resolution and precision.

    ``doc`` is a spaCy Doc of the same text whose NER is reused; without one the
    shared pipeline (``warmonitor.nlp.load_nlp``) is run. ``country_hint`` (ISO
    alpha-2) favours one country. Demonyms ("Syrian": qualifier ``demonym``) and
    toponyms inside organisation names ("Pakistan Cricket Board": qualifier
    ``in_name``) always inform disambiguation; they are returned only with
    ``associative=True``, since they say where something is from, not where
    anything happened (toponym-evaluation corpora count them).
    """
    if doc is None:
        from warmonitor.nlp import load_nlp

        doc = load_nlp()(text)
    gaz = gazetteer or open_gazetteer()
    starts = _sentence_starts(doc)
    detected = _detect(text, doc, starts)
    # Words of full personal names ("John Verduin"): alone they are the person again,
    # not the Dutch village.
    person_words = {
        tok.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2 for tok in ent
    }
    mentions: list[_Mention] = []
    rejected: list[_Mention] = []
    for m in detected:
        target = _DEMONYMS.get(m.text)
        if target is not None and m.label in _WEAK_LABELS | {"GPE", "LANGUAGE"}:
            area = (
                gaz.continent(target[10:])
                if target.startswith("continent:")
                else gaz.country(target)
            )
            if area is not None:
                m.cands = [Candidate(area, m.text, "name")]
                m.kind_hint, m.qualifier, m.cue = DEMONYM, DEMONYM, None
                mentions.append(m)
            continue
        m.cands = _lookup(gaz, m)
        if m.label == "NORP" and m.kind_hint is None:
            # Demonyms ("Russian") must not reach a place through a loose spelling match.
            m.cands = [c for c in m.cands if c.how != "skeleton"]
        if not m.cands and m.label == "PATTERN" and m.cue == "in":
            continue
        if (
            m.text in person_words and m.cue not in _STRONG_CUES and m.kind_hint is None
        ) or not _keep(m):
            rejected.append(m)
            continue
        mentions.append(m)
    mentions.extend(_embedded(text, starts, rejected, gaz))
    mentions.sort(key=lambda x: x.start)
    mentions = _propagate(text, starts, mentions, rejected, gaz)
    # One sense per discourse: the same name in the same kind of phrase resolves alike.
    ranked: dict[tuple[str, str | None], tuple[list[Candidate], list[float]]] = {}
    for m in mentions:
        memo = (m.text, m.kind_hint)
        if memo not in ranked:
            priors = [_prior(m, c) for c in m.cands]
            # Only the likeliest candidates go on to the context rounds: a common name
            # ("Springfield") has hundreds, and each costs distance computations.
            order = sorted(range(len(priors)), key=lambda i: -priors[i])[:_MAX_CANDIDATES]
            ranked[memo] = ([m.cands[i] for i in order], [priors[i] for i in order])
        m.cands, m.priors = ranked[memo]
        m.scores = m.priors
        m.choice = max(range(len(m.scores)), key=m.scores.__getitem__) if m.scores else None
    for _ in range(2):
        _context_scores(mentions, country_hint)
    groups: dict[str, list[_Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind_hint is None and m.choice is not None:
            groups[normalize(m.text)].append(m)
    for group in groups.values():
        votes: Counter[int] = Counter()
        for m in group:
            votes[m.cands[m.choice].place.id] += _confidence(m)
        winner = votes.most_common(1)[0][0]
        for m in group:
            for i, c in enumerate(m.cands):
                if c.place.id == winner:
                    m.choice = i
    for m in mentions:
        _prefer_city_over_same_named_admin(m)

    countries = Counter(
        m.cands[m.choice].place.country
        for m in mentions
        if m.choice is not None and m.cands[m.choice].place.country
    )
    focus = (
        country_hint.upper()
        if country_hint
        else (countries.most_common(1)[0][0] if countries else None)
    )

    out: list[PlaceMention] = []
    resolved: list[tuple[_Mention, Place]] = []
    resolutions: dict[tuple, Place | None] = {}
    for m in mentions:
        # A loose spelling match abroad (Nayrab -> Nairobi in a Syrian story) is a
        # confident wrong point; better the enclosing area the text gives.
        if (
            m.choice is not None
            and m.cands[m.choice].how == "skeleton"
            and focus
            and m.cands[m.choice].place.country != focus
        ):
            m.choice = None
        memo = (m.text, m.kind_hint, m.cue, m.choice, id(m.scores))
        if memo not in resolutions:
            resolutions[memo] = _resolve(m, gaz)
        place = resolutions[memo]
        if place is not None:
            # Each mention owns its record: callers may edit one without the others.
            place = dataclasses.replace(place, candidates=list(place.candidates))
            resolved.append((m, place))
    done = {id(m): p for m, p in resolved}
    for m in mentions:
        place = done.get(id(m))
        if place is None and (m.cue is not None or m.kind_hint is not None):
            # Only a name the text places somewhere ("near the town of X") falls back.
            place = _fallback(m, resolved, focus, gaz)
        out.append(
            PlaceMention(text=m.text, start=m.start, end=m.end, place=place, qualifier=m.qualifier)
        )
    if not associative:
        out = [pm for pm in out if pm.qualifier not in (DEMONYM, IN_NAME)]
    out.extend(_midpoints(text, out))
    out.sort(key=lambda pm: (pm.start, -pm.end))
    return out


def _embedded(
    text: str, starts: list[int], rejected: list[_Mention], gaz: Gazetteer
) -> list[_Mention]:
    """Toponyms inside organisation and facility names ("Gainesville Police Department").

    Kept with the qualifier ``in_name`` so event extraction can tell them from
    places where something happened; only well-known places qualify.
    """
    out = []
    for m in rejected:
        if m.label not in ("ORG", "FAC") or " " not in m.text:
            continue
        words = list(re.finditer(r"[A-Z][\w.'’-]*", m.text))
        best: _Mention | None = None
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                a, b = words[i].start(), words[i + n - 1].end()
                if m.text[a:b].count(" ") != n - 1:
                    continue
                name = m.text[a:b].rstrip(".")
                if name.lower() in _STOP_NAMES:
                    continue
                cands = [c for c in gaz.lookup(name, fuzzy=False) if c.how == "name"]
                if any(_well_known(c.place) for c in cands):
                    best = _Mention(m.start + a, m.start + a + len(name), name, "EMBEDDED")
                    best.cands = gaz.lookup(name, fuzzy=False)
                    break
            if best:
                break
        if best is not None:
            _annotate(text, best, starts)
            best.cue, best.kind_hint, best.qualifier = None, None, IN_NAME
            out.append(best)
    return out


def _well_known(p: GazPlace) -> bool:
    return p.feature in (COUNTRY, ADM1, CONTINENT, *REGION_FEATURES) or (
        p.feature == CITY and p.population >= 50_000
    )


def _propagate(
    text: str, starts: list[int], mentions: list[_Mention], rejected: list[_Mention], gaz: Gazetteer
) -> list[_Mention]:
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
        m = _Mention(a, b, hit.group(1), "PROPAGATED")
        _annotate(text, m, starts)
        m.cands = _lookup(gaz, m)
        if m.cands:
            out.append(m)
    out.sort(key=lambda x: x.start)
    return out


def _midpoints(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """ "halfway between A and B": an approximate point midway, precision 2."""
    extra = []
    by_start = {m.start: m for m in mentions}
    for a in mentions:
        if not _HALFWAY.search(text[max(0, a.start - 40) : a.start]):
            continue
        m = re.match(r"\s+and\s+(?:the\s+)?", text[a.end :])
        if not m:
            continue
        b = by_start.get(a.end + m.end())
        if (
            b is None
            or a.place is None
            or b.place is None
            or a.place.lat is None
            or b.place.lat is None
        ):
            continue
        a.qualifier = b.qualifier = "between"
        cue = _HALFWAY.search(text[max(0, a.start - 40) : a.start])
        start = max(0, a.start - 40) + cue.start()
        lat, lon = _midpoint(a.place.lat, a.place.lon, b.place.lat, b.place.lon)
        same = a.place.country if a.place.country == b.place.country else None
        extra.append(
            PlaceMention(
                text=text[start : b.end],
                start=start,
                end=b.end,
                place=Place(
                    name=f"between {a.text} and {b.text}",
                    lat=round(lat, 5),
                    lon=round(lon, 5),
                    feature=MIDPOINT,
                    country=same,
                    precision=2,
                    score=round(min(a.place.score, b.place.score), 3),
                ),
                qualifier="halfway between",
            )
        )
    return extra


def _midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    p1, p2, l1 = math.radians(lat1), math.radians(lat2), math.radians(lon1)
    dl = math.radians(lon2 - lon1)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    lat = math.atan2(math.sin(p1) + math.sin(p2), math.sqrt((math.cos(p1) + bx) ** 2 + by**2))
    lon = l1 + math.atan2(by, math.cos(p1) + bx)
    return math.degrees(lat), (math.degrees(lon) + 540) % 360 - 180


def mention_to_json(m: PlaceMention) -> dict[str, Any]:
    """The geoparse output object of DESIGN.md (plus name, qualifier, candidates)."""
    p = m.place
    return {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "name": p.name if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "geonames_id": p.geonames_id if p else None,
        "feature": p.feature if p else None,
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "admin2": p.admin2 if p else None,
        "precision": p.precision if p else None,
        "score": p.score if p else None,
        "qualifier": m.qualifier,
        "candidates": list(p.candidates) if p else [],
    }


__all__ = ["DEMONYM", "FALLBACK", "IN_NAME", "MIDPOINT", "geoparse", "mention_to_json"]
