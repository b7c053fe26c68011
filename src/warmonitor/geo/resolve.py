"""Resolution: each mention's candidates scored by priors and the document's context."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from warmonitor.geo.cues import _AIR_TAIL
from warmonitor.geo.distance import distance_matrix_km
from warmonitor.geo.gazetteer import Gazetteer
from warmonitor.geo.mention import DEMONYM, FALLBACK, STREET, Mention
from warmonitor.geo.names import normalize
from warmonitor.geo.places import (
    ADM1,
    ADM2,
    AIR_BASE,
    AIRPORT,
    CITY,
    CONTINENT,
    COUNTRY,
    REGION_FEATURES,
    Candidate,
    GazPlace,
)
from warmonitor.records import Place

MAX_CANDIDATES = 25
# Evidence that corroborates a candidate (kept per candidate in ``Mention.support``).
CONTAINER = "container"  # inside the area the text names beside it ("X, Zamfara state")
OUTSIDE_CONTAINER = "outside_container"  # the text names an area and this is not in it
NAMED_ADMIN = "named_admin"  # in a province the text names elsewhere
NEAR_OTHER = "near_other"  # within 150 km of another place of the text
FOCUS_COUNTRY = "focus_country"  # in the document's main country (or the hint)
CORROBORATION = frozenset({CONTAINER, NAMED_ADMIN, NEAR_OTHER, FOCUS_COUNTRY})


def prior(m: Mention, c: Candidate) -> float:
    """The score of a candidate before context: its kind, size and how its name matched."""
    return prior_explained(m, c)[0]


def prior_explained(m: Mention, c: Candidate) -> tuple[float, list[str]]:
    """``prior`` with the reasons that make it up, for ``--explain``."""
    p = c.place
    why: list[str] = []
    if p.feature == COUNTRY:
        s = 7.0  # "Mexico", "China": the country, not a namesake town
        why.append("country +7")
    elif p.feature == CONTINENT or p.feature in REGION_FEATURES:
        s = 6.0
        why.append("region +6")
    elif p.feature == ADM1:
        s = 3.5 + (2.5 if m.kind_hint == "admin" else 0.0)
        why.append(f"province +{s:g}")
    elif p.feature == ADM2:
        s = 1.6 + (2.0 if m.kind_hint == "admin" else 0.0)
        why.append(f"district +{s:g}")
    elif p.feature in (AIRPORT, AIR_BASE):
        s = 5.0 if m.kind_hint == "air" else -3.0
        why.append(f"airfield {s:+g}")
    else:
        # A national capital is meant far more often than a namesake ("Washington").
        s = math.log10(p.population + 10) / 2.0 + (2.0 if p.code == "PPLC" else 0.0)
        why.append(f"population {p.population} {s:+.2f}")
        if m.kind_hint == "admin":
            s -= 1.0
            why.append("town where the text says an area -1")

        if m.kind_hint == "air":
            s -= 1.0
            why.append("town where the text says an airfield -1")
    letters = [ch for ch in m.text if ch.isalpha()]
    abbreviation = len(letters) <= 4 and all(ch.isupper() for ch in letters)
    if abbreviation and p.feature != COUNTRY and p.name.upper() != p.name:
        s -= 4.0  # "US", "UN": an abbreviation, not the village "Us"
        why.append("abbreviation -4")
    if c.how == "alt":
        s -= 0.4
        why.append(f"alternate name {c.matched!r} -0.4")
    elif c.how == "skeleton":
        s -= 1.5
        why.append(f"loose spelling match {c.matched!r} -1.5")
        if p.feature == CITY and p.population < 1000:
            s -= 1.0
            why.append("loose match on a hamlet -1")
    return s, why


def lookup(gaz: Gazetteer, m: Mention) -> list[Candidate]:
    name = m.text
    if m.kind_hint == STREET:
        # A street is no town of its name ("Mayfield Road" is not Mayfield): it is
        # placed at the town the text names (``fallback``).
        return []
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
    if not cands:
        # "Northeast Georgia", "west Little Rock", "north west London": a part of the
        # named place; the place itself when the whole phrase is not a name of its own.
        bare = _DIRECTION_PREFIX.sub("", name)
        if bare != name and len(bare) >= 3:
            cands = gaz.lookup(bare, fuzzy=False)
    return cands


_DIRECTION_PREFIX = re.compile(
    r"^(?:(?:(?:north|south)-?(?:east|west)|north|south|east|west)(?:ern)?[\s-]+){1,2}"
    r"|^(?:central|downtown|greater|upper|lower)\s+",
    re.I,
)


def context_scores(mentions: list[Mention], country_hint: str | None, text: str = "") -> None:
    """Rescore candidates with the document's country focus, admin units and distances."""
    conf = {id(m): confidence(m) for m in mentions}
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
    # Per admin unit, the names of the places chosen inside it: a mention's own choice (the
    # town "Menaka" inside the region "Menaka") is not another place named.
    containing: dict[int, set[str]] = defaultdict(set)
    for o in mentions:
        if o.choice is None:
            continue
        op = o.cands[o.choice].place
        for a in (op.admin1_id, op.admin2_id):
            if a:
                containing[a].add(normalize(o.text))
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
    container_of = containers(mentions, text)
    # Mentions of the same name in the same kind of phrase score alike: compute once.
    done: dict[tuple, tuple] = {}
    for m in mentions:
        if not m.cands:
            continue
        key = normalize(m.text)
        container = container_of.get(id(m))
        memo = (key, m.kind_hint, tuple(a.id for a in container) if container else ())
        if memo in done:
            m.scores, m.choice, m.reasons, m.support = done[memo]
            continue
        others = [pt for k, pts in points.items() if k != key for pt in pts]
        nearest = nearest_km(m.cands, others)
        own = votes.get(key, Counter())
        rest = total - sum(own.values())
        new, reasons, support = [], [], []
        for c, base, d in zip(m.cands, m.priors, nearest, strict=True):
            p = c.place
            s = base
            why: list[str] = []
            evidence: set[str] = set()
            if container is not None:
                if any(
                    a.id in (p.admin1_id, p.admin2_id)
                    or (a.feature == COUNTRY and p.country == a.country and p.feature != COUNTRY)
                    for a in container
                ):
                    s += 4.0  # "Alexandria, Minnesota": the one inside the named area
                    why.append("inside the area named beside it +4")
                    evidence.add(CONTAINER)
                elif p.feature not in (COUNTRY, ADM1) or all(
                    a.feature != COUNTRY for a in container
                ):
                    evidence.add(OUTSIDE_CONTAINER)
                    why.append("outside the area named beside it")
            if p.country and rest > 0:
                share = (countries.get(p.country, 0.0) - own.get(p.country, 0.0)) / rest
                s += 3.0 * share
                if share:
                    why.append(f"document's countries {p.country} {share:.0%} +{3 * share:.2f}")
                if share >= 0.5:
                    evidence.add(FOCUS_COUNTRY)
                if p.feature == ADM1 and share >= 0.6:
                    # "Georgia" in a story about Atlanta and Macon is the state.
                    s += 1.5
                    why.append("province of the document's main country +1.5")
            if country_hint and p.country == country_hint.upper():
                s += 2.0
                why.append("country hint +2")
                evidence.add(FOCUS_COUNTRY)
            if p.feature in (ADM1, ADM2):
                # "Atlanta, Georgia": the state that contains the city named beside it.
                if containing.get(p.id, set()) - {key}:
                    s += 2.0
                    why.append("contains another place named +2")
                    evidence.add(NAMED_ADMIN)
            elif p.feature != COUNTRY and any(
                named_admins.get(a or 0, set()) - {key} for a in (p.admin1_id, p.admin2_id)
            ):
                s += 1.5  # a town in a province the text names (not by this same name)
                why.append("in a province the text names +1.5")
                evidence.add(NAMED_ADMIN)
            if d is not None and p.feature not in (COUNTRY, ADM1):
                bonus = 1.5 if d < 50 else 1.0 if d < 150 else 0.5 if d < 500 else 0.0
                if bonus:
                    s += bonus
                    why.append(f"{d:.0f} km from another place named +{bonus:g}")
                if d < 150:
                    evidence.add(NEAR_OTHER)
            new.append(s)
            reasons.append(why)
            support.append(frozenset(evidence))
        m.reasons = [list(w) for w in reasons]
        m.support = support
        m.scores = new
        m.choice = max(range(len(new)), key=new.__getitem__)
        done[memo] = (m.scores, m.choice, m.reasons, m.support)


def nearest_km(cands: list[Candidate], others: list[tuple[float, float]]) -> list[float | None]:
    """Distance from each candidate to the nearest other place, vectorised."""
    if not others:
        return [None] * len(cands)
    have = [i for i, c in enumerate(cands) if c.place.lat is not None]
    out: list[float | None] = [None] * len(cands)
    if not have:
        return out
    km = distance_matrix_km([(cands[i].place.lat, cands[i].place.lon) for i in have], others)
    for row, i in enumerate(have):
        out[i] = float(km[row].min())
    return out


# What may stand between a place and the area that contains it: "X, Y", "X (Y)",
# "X village of Y province", "X in Y", "X district in the Y region".
_CONTAINER_GAP = re.compile(
    r"^(?:\s*,\s*|\s*\(\s*|\s+(?:(?:village|town|city|district|area|region|neighbourhood"
    r"|neighborhood|suburb)\s+)?(?:of|in)\s+(?:the\s+)?)$",
    re.I,
)


def containers(mentions: list[Mention], text: str = "") -> dict[int, list[GazPlace]]:
    """For "X, Y" (or "X village of Y province") with Y naming an area: X's id -> Y's areas."""
    out: dict[int, list[GazPlace]] = {}
    for m, n in zip(mentions, mentions[1:], strict=False):
        if n.kind_hint == DEMONYM or m.sentence != n.sentence or n.start <= m.end:
            continue
        gap = text[m.end : n.start]
        if not 1 <= len(gap) <= 3 and not _CONTAINER_GAP.match(gap):
            continue
        areas = [c.place for c in n.cands if c.place.feature in (ADM1, ADM2, COUNTRY)]
        if areas:
            out[id(m)] = areas
    return out


def confidence(m: Mention) -> float:
    if m.choice is None or not m.scores:
        return 0.0
    exps = [math.exp(s - max(m.scores)) for s in m.scores]
    return exps[m.choice] / sum(exps)


def prefer_city_over_same_named_admin(m: Mention) -> None:
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
            # A town of any size when the text names the area beside it, as wires name towns
            # ("Menaka, Mali": the town, not the region named after it).
            beside = bool(m.support) and CONTAINER in m.support[i]
            if (
                q.feature == CITY
                and (
                    (c.how == "name" and (q.population >= 50_000 or beside))
                    or (c.how == "alt" and q.population >= 100_000)  # "Hama" for Ḩamāh
                )
                and q.country == p.country
                and p.id in (q.admin1_id, q.admin2_id)
            ):
                m.choice = i
                return


def place_from(m: Mention, gp: GazPlace, score: float, precision: int) -> Place:
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


def candidate_dict(c: Candidate, score: float) -> dict[str, Any]:
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


def precision(m: Mention, gp: GazPlace) -> int:
    if gp.feature in (COUNTRY, ADM1, CONTINENT, *REGION_FEATURES):
        return 3
    if m.kind_hint == "air" and gp.feature not in (AIRPORT, AIR_BASE):
        return 2  # "Tiyas air base" placed at the town of Tiyas: near it, not it
    if gp.feature == ADM2:
        return 2 if m.cue != "countryside" else 3
    if m.cue in ("near", "countryside"):
        return 2
    return 1


def resolve(m: Mention, gaz: Gazetteer) -> Place | None:
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
    place = place_from(m, gp, min(1.0, score), precision(m, gp))
    order = sorted(range(len(m.cands)), key=lambda i: -m.scores[i])
    place.candidates = [candidate_dict(m.cands[i], probs[i]) for i in order if i != m.choice][:5]
    return place


def fallback(
    m: Mention, resolved: list[tuple[Mention, Place]], focus: str | None, gaz: Gazetteer
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
        if area.feature == CITY and m.kind_hint == STREET:
            pass  # a street lies in the town itself
        elif area.feature == CITY:
            # "in Idlib" may mean the town or the province; the province encloses both.
            area = gaz.get(area.admin1_id) if area.admin1_id else None
            if area is None:
                continue
        rank = distance + (0.5 if area.feature == ADM1 else 0.0)
        if best is None or rank < best[0]:
            best = (rank, area_place(m, area))
    if best is not None:
        return best[1]
    if focus:
        country = next((c.place for c in gaz.lookup(focus) if c.place.feature == COUNTRY), None)
        if country is None:
            return None
        return area_place(m, country)
    return None


def area_place(m: Mention, area: GazPlace) -> Place:
    return Place(
        name=m.text,
        lat=area.lat,
        lon=area.lon,
        geonames_id=None,
        feature=FALLBACK,
        country=area.country,
        admin1=area.name if area.feature == ADM1 else area.admin1,
        admin2=area.name if area.feature == ADM2 else area.admin2 if area.feature == CITY else None,
        precision=1 if area.feature == CITY else 2 if area.feature == ADM2 else 3,
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


@dataclass(slots=True)
class CountryVotes:
    """Confidence-weighted country votes of a document's resolved names."""

    by_name: dict[str, Counter[str]]
    total: Counter[str]


def country_weights(mentions: list[Mention]) -> CountryVotes:
    """Per surface name, the confidence-weighted countries its resolved mentions vote for.

    Loose (skeleton) matches do not vote: a wrong fuzzy pin must not make its own
    country the document's focus (Jangebe -> Jiangbei would make a Nigerian story
    Chinese).
    """
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.choice is None or m.kind_hint == DEMONYM:
            continue
        c = m.cands[m.choice]
        if c.how == "skeleton" or not c.place.country:
            continue
        out[normalize(m.text)][c.place.country] += confidence(m)
    total: Counter[str] = Counter()
    for votes in out.values():
        total.update(votes)
    return CountryVotes(dict(out), total)


def focus_without(votes: CountryVotes, key: str) -> tuple[str | None, float]:
    """The document's main country as the names other than ``key`` place it, and its weight."""
    own = votes.by_name.get(key)
    best: tuple[str | None, float] = (None, 0.0)
    for country, weight in votes.total.items():
        weight -= own.get(country, 0.0) if own else 0.0
        if weight > best[1]:
            best = (country, weight)
    return best


_STRONG_CUE_KINDS = ("near", "countryside", "of")
_BIG = (COUNTRY, ADM1, CONTINENT, *REGION_FEATURES)


def uncorroborated(m: Mention, weights: CountryVotes, country_hint: str | None) -> str | None:
    """Why the chosen candidate must give way to "unresolved", or None when it may stand.

    A loose spelling match needs corroboration (the area named beside it, a
    province named elsewhere, a place nearby, the document's country; alone in a
    text, a strong cue such as "the village of"). A namesake outside the
    document's main country needs the same when it was matched by an alternate
    name, or is a small town the NER did not call a place.
    """
    if m.choice is None:
        return None
    c = m.cands[m.choice]
    support = m.support[m.choice] if m.support else frozenset()
    if c.place.feature in _BIG and c.how != "skeleton":
        return None  # "US", "Britain": a country by any of its names is no namesake
    if OUTSIDE_CONTAINER in support and c.how != "name":
        return "loose match outside the area the text names beside it"
    focus, weight = focus_without(weights, normalize(m.text))
    if country_hint:
        focus, weight = country_hint.upper(), max(weight, 1.0)
    if c.how == "skeleton":
        # The kind the text names ("Humaymim air base") is itself corroboration.
        if (m.kind_hint == "air" and c.place.feature in (AIRPORT, AIR_BASE)) or (
            m.kind_hint == "admin" and c.place.feature in (ADM1, ADM2)
        ):
            support = support | {FOCUS_COUNTRY}
        if support & CORROBORATION and OUTSIDE_CONTAINER not in support:
            if focus and weight >= 0.5 and c.place.country != focus and CONTAINER not in support:
                return f"loose match in {c.place.country}, the document is about {focus}"
            return None
        if focus is None and (m.cue in _STRONG_CUE_KINDS or m.kind_hint == "admin"):
            return None
        return f"loose match {c.matched!r} with nothing in the text to corroborate it"
    if focus and weight >= 1.0 and c.place.country != focus and not support & CORROBORATION:
        if c.how == "alt" and c.place.population < 100_000:
            # A city's English name is often an alternate one ("Hague", "Seville"):
            # only small places need more than the name to be pinned abroad.
            return f"alternate name of a place in {c.place.country}; the document is about {focus}"
        small = c.place.feature == CITY and c.place.population < 20_000
        tiny = c.place.feature == CITY and c.place.population < 5_000
        if (tiny or (small and m.label not in ("GPE", "LOC"))) and m.cue not in _STRONG_CUE_KINDS:
            # "Hiran" in a Somali story is the region Hiiraan, not a hamlet in Iraq.
            return f"small namesake in {c.place.country}; the document is about {focus}"
    return None
