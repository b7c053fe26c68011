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

from warmonitor.geo.cues import _HALFWAY, _WEAK_LABELS
from warmonitor.geo.detect import (
    DEMONYMS,
    decide,
    detect,
    embedded,
    keep,
    not_a_place,
    propagate,
    sentence_starts,
)
from warmonitor.geo.distance import midpoint
from warmonitor.geo.explain import explain_records
from warmonitor.geo.gazetteer import Gazetteer, open_gazetteer
from warmonitor.geo.mention import DEMONYM, FALLBACK, IN_NAME, MIDPOINT, Mention
from warmonitor.geo.names import normalize
from warmonitor.geo.places import Candidate
from warmonitor.geo.resolve import (
    MAX_CANDIDATES,
    confidence,
    context_scores,
    country_weights,
    fallback,
    focus_without,
    lookup,
    prefer_city_over_same_named_admin,
    prior_explained,
    resolve,
    uncorroborated,
)
from warmonitor.geo.toponym_classifier import classifier_context, toponym_probability
from warmonitor.records import Place, PlaceMention


def geoparse(
    text: str,
    *,
    doc: Any = None,
    country_hint: str | None = None,
    gazetteer: Gazetteer | None = None,
    associative: bool = False,
    explain: list[dict[str, Any]] | None = None,
) -> list[PlaceMention]:
    """Every place mention in ``text``, with its resolution and precision.

    ``doc`` is a spaCy Doc of the same text whose NER is reused; without one the
    shared pipeline (``warmonitor.nlp.load_nlp``) is run. ``country_hint`` (ISO
    alpha-2) favours one country. Demonyms ("Syrian": qualifier ``demonym``) and
    toponyms inside organisation names ("Pakistan Cricket Board": qualifier
    ``in_name``) always inform disambiguation; they are returned only with
    ``associative=True``, since they say where something is from, not where
    anything happened (toponym-evaluation corpora count them).

    ``explain``: a list that receives one record per span considered (kept or
    not): the decision, the toponym classifier's probability, and for resolved
    mentions every candidate with its score and reasons (``geoparse --explain``).
    """
    if doc is None:
        from warmonitor.nlp import load_nlp

        doc = load_nlp()(text)
    gaz = gazetteer or open_gazetteer()
    starts = sentence_starts(doc)
    mentions, rejected, dropped = _candidates(text, doc, starts, gaz)
    mentions.extend(embedded(text, starts, rejected, gaz))
    mentions.sort(key=lambda x: x.start)
    mentions = propagate(text, starts, mentions, rejected, gaz)
    _rank(mentions, country_hint, text)
    weights = country_weights(mentions)
    focus = country_hint.upper() if country_hint else focus_without(weights, "")[0]

    out: list[PlaceMention] = []
    resolved: list[tuple[Mention, Place]] = []
    resolutions: dict[tuple, Place | None] = {}
    for m in mentions:
        # Confident nonsense is worse than "unresolved": a loose match or a foreign
        # namesake needs corroboration (then the enclosing area the text gives wins).
        why_not = uncorroborated(m, weights, country_hint)
        if why_not is not None:
            m.notes.append(f"unresolved: {why_not}")
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
            if place is not None:
                m.notes.append(f"fell back to the enclosing area {place.candidates[0]['name']}")
        out.append(
            PlaceMention(text=m.text, start=m.start, end=m.end, place=place, qualifier=m.qualifier)
        )
    if explain is not None:
        explain.extend(explain_records(mentions, [*rejected, *dropped], out))
    if not associative:
        out = [pm for pm in out if pm.qualifier not in (DEMONYM, IN_NAME)]
    out.extend(_midpoints(text, out))
    out.sort(key=lambda pm: (pm.start, -pm.end))
    return out


def _candidates(
    text: str, doc: Any, starts: list[int], gaz: Gazetteer
) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """Detected spans: place mentions, rejected spans, and words that are never places."""
    # Words of full personal names ("John Verduin"): alone they are the person again,
    # not the Dutch village.
    person_words = {
        tok.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2 for tok in ent
    }
    context = classifier_context(text, doc)
    mentions: list[Mention] = []
    rejected: list[Mention] = []
    dropped: list[Mention] = []  # never places: only the explanation shows them
    judged: dict[tuple, float | None] = {}
    for m in detect(text, doc, starts, gaz):
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
                m.notes.append(f"demonym of {area.name}")
                mentions.append(m)
            continue
        kind = not_a_place(m)
        if kind is not None:
            m.notes.append(f"rejected: a {kind} word, never a place")
            dropped.append(m)
            continue
        m.cands = lookup(gaz, m)
        if m.label == "NORP" and m.kind_hint is None:
            # Demonyms ("Russian") must not reach a place through a loose spelling match.
            m.cands = [c for c in m.cands if c.how != "skeleton"]
        if not m.cands and m.label == "PATTERN" and m.cue == "in":
            continue
        # Repeated names in the same wording are judged once.
        memo = (
            m.text,
            m.label,
            m.cue,
            m.kind_hint,
            text[m.start - 20 : m.start],
            text[m.end : m.end + 20],
        )
        if memo not in judged:
            judged[memo] = toponym_probability(m, context, person_words)
        m.p_toponym = judged[memo]
        verdict = decide(m, keep(m), person_words)
        if verdict is not None:
            m.notes.append(f"rejected: {verdict}")
            rejected.append(m)
            continue
        mentions.append(m)
    return mentions, rejected, dropped


def _rank(mentions: list[Mention], country_hint: str | None, text: str) -> None:
    """Priors, two rounds of context, one sense per name, then city-or-province."""
    # One sense per discourse: the same name in the same kind of phrase resolves alike.
    ranked: dict[tuple[str, str | None], tuple] = {}
    for m in mentions:
        memo = (m.text, m.kind_hint)
        if memo not in ranked:
            explained = [prior_explained(m, c) for c in m.cands]
            priors = [score for score, _ in explained]
            # Only the likeliest candidates go on to the context rounds: a common name
            # ("Springfield") has hundreds, and each costs distance computations.
            order = sorted(range(len(priors)), key=lambda i: -priors[i])[:MAX_CANDIDATES]
            ranked[memo] = (
                [m.cands[i] for i in order],
                [priors[i] for i in order],
                [explained[i][1] for i in order],
            )
        m.cands, m.priors, prior_reasons = ranked[memo]
        m.scores = m.priors
        m.choice = max(range(len(m.scores)), key=m.scores.__getitem__) if m.scores else None
        m.reasons = [list(r) for r in prior_reasons]
    for _ in range(2):
        context_scores(mentions, country_hint, text)
    for m in mentions:
        # Context reasons come after the prior's, per candidate.
        memo = (m.text, m.kind_hint)
        if memo in ranked and len(m.reasons) == len(ranked[memo][2]):
            m.reasons = [p + c for p, c in zip(ranked[memo][2], m.reasons, strict=True)]
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
