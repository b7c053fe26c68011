"""Which place mention is where a draft's event happened: qualifiers, specificity, datelines."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from warmonitor import taxonomy
from warmonitor.extract.findings import Mention
from warmonitor.extract.rules.places import country_names
from warmonitor.extract.sentences import LEAD_SENTENCES
from warmonitor.geo.event_location import city_of

if TYPE_CHECKING:  # drafts read places; places only name the type
    from warmonitor.extract.assemble.drafts import Draft
from warmonitor.lang.en import lexicon as lx
from warmonitor.lang.en import places as plc
from warmonitor.records import (
    PlaceMention,
)


def qualify(text: str, pm: PlaceMention) -> str | None:
    window = text[max(0, pm.start - 45) : pm.start]
    match = plc.LOCATIVE_RE.search(window)
    if not match:
        return None
    return re.sub(r"\s+", " ", match.group("q").lower())


def named_as_area(pm: PlaceMention, text: str, words: str) -> bool:
    """Whether the text calls the place an area ("Idlib province", "the countryside of Aleppo")."""
    after = text[pm.end : pm.end + 20]
    before = text[max(0, pm.start - 30) : pm.start]
    return bool(re.match(rf"\s*(?:{words})\b", after, re.I) or plc.AREA_OF_BEFORE_RE.search(before))


def specificity(pm: PlaceMention, text: str) -> int:
    """0 = a town or smaller, 1 = district, 2 = province/region, 3 = country."""
    area_words = plc.AREA_WORDS
    if named_as_area(pm, text, area_words):
        return 2
    place = pm.place
    if place is not None and place.feature:
        # A name the gazetteer lacks ("fallback") is usually a small place.
        feature = place.feature.lower()
        if feature == "country":
            return 3
        if feature.startswith("adm1"):
            return 2
        return 1 if feature.startswith("adm2") else 0
    if named_as_area(pm, text, area_words + "|state"):  # "X state" only for an unresolved name
        return 2
    return 3 if pm.text.lower() in country_names() else 0


# Attribution ---------------------------------------------------------------


def event_place_candidates(
    draft: Draft,
) -> list[tuple[tuple[int, int, int, int, int], PlaceMention]]:
    out = []
    for order, m in enumerate(draft.mentions):
        relevant = (
            draft.event_type in m.types
            or bool(m.anaphora and m.types)
            or (draft.event_type in taxonomy.generic_types() and m.types & taxonomy.violent_types())
        )
        if not relevant:
            continue
        text = m.sentence.text
        own = {draft.event_type} | (
            taxonomy.generic_types() if draft.event_type in taxonomy.generic_types() else set()
        )
        mine = [(t.start, t.end) for t in m.trigger_spans if t.label in own]
        others = [(t.start, t.end) for t in m.trigger_spans if t.label not in own]
        anchors = mine + [(a.start, a.end) for a in m.anaphora if not others]
        if not anchors:
            anchors = [(a.start, a.end) for a in m.anaphora]
        for pm in m.places:
            local = PlaceMention(pm.text, pm.start - m.sentence.start, pm.end - m.sentence.start)
            qual = pm.qualifier or qualify(text, local)
            if qual is None or lx.NOT_A_PLACE_RE.match(pm.text):
                continue

            # A place belongs to the nearest event word before it ("shot down ... as
            # battle rages over Aleppo"), or after it when none precedes.
            def gap(span: tuple[int, int], pm: PlaceMention = pm) -> int:
                return min(abs(pm.start - span[1]), abs(span[0] - pm.end))

            def before(
                spans: list[tuple[int, int]], pm: PlaceMention = pm
            ) -> list[tuple[int, int]]:
                return [sp for sp in spans if sp[1] <= pm.start]

            own_b, other_b = before(anchors), before(others)
            if own_b or other_b:
                if other_b and (not own_b or min(map(gap, other_b)) < min(map(gap, own_b))):
                    continue
            elif others and anchors and min(map(gap, others)) < min(map(gap, anchors)):
                continue
            q_rank = (
                0
                if qual
                and re.match(
                    r"near|close|outside|on the outskirts|over|above|at|(?:north|south|east|west)",
                    qual,
                )
                else 1
            )
            if qual and re.search(r"from|into", qual):
                q_rank = 2
            dist = min((min(abs(pm.start - e), abs(s - pm.end)) for s, e in anchors), default=999)
            spec = specificity(PlaceMention(pm.text, local.start, local.end, place=pm.place), text)
            out.append(((spec, q_rank, 0 if dist <= 40 else 1, order, pm.start), pm))
    out.sort(key=lambda x: x[0])
    return out


def at_city_level(
    pm: PlaceMention, draft: Draft, lead: list[Mention] | None, text: str
) -> PlaceMention:
    """The event's place with the town it lies in for the city field; its own name kept.

    A street or a neighbourhood ("Englewood", "University Avenue") resolves up to
    the town the report or the story's opening names (``geo.event_location.city_of``).
    """
    pool = [p for m in [*draft.mentions, *(lead or [])] for p in m.places]
    city, why = city_of(pm, pool, text)
    if not why or city is None:
        return pm
    # Its own copy of the town's record: callers may edit one without the other.
    town = dataclasses.replace(city, candidates=list(city.candidates))
    return PlaceMention(pm.text, pm.start, pm.end, pm.role, town, pm.qualifier)


def dateline_place(text: str, lead: list[Mention]) -> tuple[Mention, PlaceMention] | None:
    """The place a story's dateline or reporting agency names, unresolved."""
    for m in lead:
        s = m.sentence
        match = plc.DATELINE_RE.match(text, s.start) if s.index < LEAD_SENTENCES else None
        if match and match.start("n") < s.end:
            name = match.group("n")
            if len(name) > 2 and name not in (
                "UPDATE",
                "WATCH",
                "BREAKING",
                "VIDEO",
                "PHOTOS",
                "CNN",
                "AP",
                "AFP",
            ):
                return m, PlaceMention(name, match.start("n"), match.end("n"), qualifier=None)
    for m in lead:
        match = plc.AGENCY_RE.search(m.sentence.text)
        if match and match.group("n").split()[0] not in (
            "The",
            "State",
            "City",
            "Metro",
            "Police",
            "A",
        ):
            start = m.sentence.start + match.start("n")
            return m, PlaceMention(
                match.group("n"), start, start + len(match.group("n")), qualifier=None
            )
    return None
