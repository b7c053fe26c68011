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

import dataclasses
import re
from collections import Counter, defaultdict
from typing import Any

from warmonitor.geo.cues import _HALFWAY, _STRONG_CUES, _WEAK_LABELS
from warmonitor.geo.detect import DEMONYMS, detect, embedded, keep, propagate, sentence_starts
from warmonitor.geo.distance import midpoint
from warmonitor.geo.gazetteer import Gazetteer, open_gazetteer
from warmonitor.geo.mention import DEMONYM, FALLBACK, IN_NAME, MIDPOINT, Mention
from warmonitor.geo.names import normalize
from warmonitor.geo.places import Candidate
from warmonitor.geo.resolve import (
    MAX_CANDIDATES,
    confidence,
    context_scores,
    fallback,
    lookup,
    prefer_city_over_same_named_admin,
    prior,
    resolve,
)
from warmonitor.records import Place, PlaceMention


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
    starts = sentence_starts(doc)
    detected = detect(text, doc, starts)
    # Words of full personal names ("John Verduin"): alone they are the person again,
    # not the Dutch village.
    person_words = {
        tok.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2 for tok in ent
    }
    mentions: list[Mention] = []
    rejected: list[Mention] = []
    for m in detected:
        target = DEMONYMS.get(m.text)
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
        m.cands = lookup(gaz, m)
        if m.label == "NORP" and m.kind_hint is None:
            # Demonyms ("Russian") must not reach a place through a loose spelling match.
            m.cands = [c for c in m.cands if c.how != "skeleton"]
        if not m.cands and m.label == "PATTERN" and m.cue == "in":
            continue
        if (
            m.text in person_words and m.cue not in _STRONG_CUES and m.kind_hint is None
        ) or not keep(m):
            rejected.append(m)
            continue
        mentions.append(m)
    mentions.extend(embedded(text, starts, rejected, gaz))
    mentions.sort(key=lambda x: x.start)
    mentions = propagate(text, starts, mentions, rejected, gaz)
    # One sense per discourse: the same name in the same kind of phrase resolves alike.
    ranked: dict[tuple[str, str | None], tuple[list[Candidate], list[float]]] = {}
    for m in mentions:
        memo = (m.text, m.kind_hint)
        if memo not in ranked:
            priors = [prior(m, c) for c in m.cands]
            # Only the likeliest candidates go on to the context rounds: a common name
            # ("Springfield") has hundreds, and each costs distance computations.
            order = sorted(range(len(priors)), key=lambda i: -priors[i])[:MAX_CANDIDATES]
            ranked[memo] = ([m.cands[i] for i in order], [priors[i] for i in order])
        m.cands, m.priors = ranked[memo]
        m.scores = m.priors
        m.choice = max(range(len(m.scores)), key=m.scores.__getitem__) if m.scores else None
    for _ in range(2):
        context_scores(mentions, country_hint)
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind_hint is None and m.choice is not None:
            groups[normalize(m.text)].append(m)
    for group in groups.values():
        votes: Counter[int] = Counter()
        for m in group:
            votes[m.cands[m.choice].place.id] += confidence(m)
        winner = votes.most_common(1)[0][0]
        for m in group:
            for i, c in enumerate(m.cands):
                if c.place.id == winner:
                    m.choice = i
    for m in mentions:
        prefer_city_over_same_named_admin(m)

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
    resolved: list[tuple[Mention, Place]] = []
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
            resolutions[memo] = resolve(m, gaz)
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
            place = fallback(m, resolved, focus, gaz)
        out.append(
            PlaceMention(text=m.text, start=m.start, end=m.end, place=place, qualifier=m.qualifier)
        )
    if not associative:
        out = [pm for pm in out if pm.qualifier not in (DEMONYM, IN_NAME)]
    out.extend(_midpoints(text, out))
    out.sort(key=lambda pm: (pm.start, -pm.end))
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
        lat, lon = midpoint(a.place.lat, a.place.lon, b.place.lat, b.place.lon)
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
