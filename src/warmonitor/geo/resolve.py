"""Resolution: each mention's candidates scored by priors and the document's context."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Any

from warmonitor.geo.cues import _AIR_TAIL
from warmonitor.geo.distance import distance_matrix_km
from warmonitor.geo.gazetteer import Gazetteer
from warmonitor.geo.mention import DEMONYM, FALLBACK, Mention
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


def prior(m: Mention, c: Candidate) -> float:
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


def lookup(gaz: Gazetteer, m: Mention) -> list[Candidate]:
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


def context_scores(mentions: list[Mention], country_hint: str | None) -> None:
    """Rescore candidates with the document's country focus, admin units and distances."""
    chosen = [m.cands[m.choice].place for m in mentions if m.choice is not None]
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
    container_of = containers(mentions)
    # Mentions of the same name in the same kind of phrase score alike: compute once.
    done: dict[tuple, tuple[list[float], int]] = {}
    for m in mentions:
        if not m.cands:
            continue
        key = normalize(m.text)
        container = container_of.get(id(m))
        memo = (key, m.kind_hint, tuple(a.id for a in container) if container else ())
        if memo in done:
            m.scores, m.choice = done[memo]
            continue
        others = [pt for k, pts in points.items() if k != key for pt in pts]
        nearest = nearest_km(m.cands, others)
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


def containers(mentions: list[Mention]) -> dict[int, list[GazPlace]]:
    """For "X, Y" with Y naming an area: X's id -> the areas Y may be."""
    out: dict[int, list[GazPlace]] = {}
    for m, n in zip(mentions, mentions[1:], strict=False):
        if not 1 <= n.start - m.end <= 3 or n.kind_hint == DEMONYM or m.sentence != n.sentence:
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
        if area.feature == CITY:
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
