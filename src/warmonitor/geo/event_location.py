"""The event's own location among a report's places, at the most specific level the text supports.

``event_location(places, trigger_spans, text)`` picks, among a report's place
mentions, the one where the event happened: not the capital a spokesman spoke
from ("officials in Kabul said"), not a victim's home town ("a teacher from
Kano"), not a place merely named as an origin or destination when a place of the
event itself is given. Among the places of the event it prefers the town, else
the district, else the province, else the country; a place finer than a town (a
neighbourhood or street, or a village the gazetteer lacks) is kept by name while
its ``city`` is the town or area that contains it. ACLED's geo-precision code
follows: 1 the town itself, 2 near a town or a district, 3 a province or larger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warmonitor.geo.distance import distance_km
from warmonitor.geo.mention import DEMONYM, FALLBACK, IN_NAME, MIDPOINT
from warmonitor.geo.places import ADM1, ADM2, AIR_BASE, AIRPORT, CITY, CONTINENT, COUNTRY
from warmonitor.records import Place, PlaceMention

TOWN, DISTRICT, PROVINCE, NATIONAL = "town", "district", "province", "country"
_LEVEL_RANK = {TOWN: 0, DISTRICT: 1, PROVINCE: 2, NATIONAL: 3}

# Where a place is where someone spoke or comes from, not where the event happened.
_SPEAKER_BEFORE = re.compile(
    r"(?:\b(?:said|says|told\s+(?:reporters|journalists|\w+)|announced|speaking|spoke|"
    r"statement|briefing|press\s+conference|news\s+conference|spokes(?:man|woman|person)|"
    r"officials?|ministry|government|authorities|embassy|headquarters|based)\b[^.;]{0,25}"
    r"\b(?:in|from|at)\s+(?:the\s+)?(?:capital,?\s+)?)$",
    re.I,
)
_SPEAKER_AFTER = re.compile(
    r"^(?:[\w\s,'’-]{0,30}?)\b(?:said|says|told|announced|reported|claimed|confirmed|denied)\b",
    re.I,
)
_ORIGIN_BEFORE = re.compile(
    r"(?:\b(?:native\s+of|hails?\s+from|home\s*town\s+(?:of\s+)?|who\s+(?:lived|lives)\s+in|"
    r"born\s+in|resident\s+of|residents?\s+from|originally\s+from|"
    r"(?:year|years)-old\s+(?:\w+\s+){0,2}from|a\s+(?:\w+\s+){0,2}from))\s+(?:the\s+)?$",
    re.I,
)
_MOVE_BEFORE = re.compile(r"\b(?:from|to|towards?|into)\s+(?:the\s+)?$", re.I)
_FINER_AFTER = re.compile(
    r"^\s+(?:neighbou?rhood|district\s+of|quarter|street|road|avenue|square|market|camp|"
    r"suburb|area\s+of)\b",
    re.I,
)
_NEAR_QUALIFIER = re.compile(r"near|outskirts|outside|close|km|mile|north|south|east|west")


@dataclass(slots=True)
class EventLocation:
    """The chosen place of an event, with the level the text supports and why."""

    mention: PlaceMention  # the mention chosen (its own, finer, name is kept)
    city: Place | None  # the town (or area) it resolves to for the city field
    level: str  # "town" | "district" | "province" | "country"
    geo_precision: int  # ACLED: 1 the town, 2 near a town or a district, 3 province+
    reasons: list[str] = field(default_factory=list)


def _level(pm: PlaceMention) -> str | None:
    place = pm.place
    if place is None or place.feature in (MIDPOINT, CONTINENT):
        return None if place is None else TOWN if place.feature == MIDPOINT else NATIONAL
    if place.feature == COUNTRY:
        return NATIONAL
    if place.feature == ADM1:
        return PROVINCE
    if place.feature == ADM2:
        return DISTRICT
    if place.feature == FALLBACK:
        # A name the gazetteer lacks, placed at its enclosing area: a small place.
        return TOWN
    if place.feature in (CITY, AIRPORT, AIR_BASE):
        return TOWN
    return PROVINCE if place.precision >= 3 else TOWN


def _role_penalty(pm: PlaceMention, text: str) -> tuple[int, str | None]:
    before = text[max(0, pm.start - 80) : pm.start]
    after = text[pm.end : pm.end + 50]
    if pm.qualifier in (DEMONYM, IN_NAME):
        return 3, "says where someone is from, not a place"
    if _SPEAKER_BEFORE.search(before):
        return 2, "where someone spoke from"
    if _ORIGIN_BEFORE.search(before):
        return 2, "someone's home town"
    if re.match(r"^\s*(?:,\s*)?(?:officials?|authorities|government)\b", after, re.I) and (
        _SPEAKER_AFTER.match(after)
    ):
        return 2, "the seat of the officials who spoke"
    if _MOVE_BEFORE.search(before[-12:]):
        return 1, "an origin or destination"
    return 0, None


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at))
    end_candidates = [i for i in (text.find(". ", at), text.find("\n", at)) if i != -1]
    return start + 1, min(end_candidates) if end_candidates else len(text)


def _contains(area: Place, place: Place) -> bool:
    """Whether ``area`` (a province or district) is where ``place`` lies, by name."""
    if area.country and place.country and area.country != place.country:
        return False
    if area.feature == COUNTRY:
        return area.country == place.country
    if area.feature == ADM1:
        return bool(place.admin1) and place.admin1 == area.name
    if area.feature == ADM2:
        return bool(place.admin2) and place.admin2 == area.name
    return False


# A street, road or venue name: a place finer than its town ("University Avenue").
_STREET_NAME = re.compile(
    r"\b(?:street|st|avenue|ave|road|rd|drive|dr|boulevard|blvd|lane|ln|highway|hwy|"
    r"expressway|freeway|parkway|pkwy|court|ct|circle|terrace|pike|trail|plaza|mall|"
    r"nightclub|courthouse|apartments|station)\.?(?:\s+(?:north|south|east|west))?$",
    re.I,
)


def city_of(chosen: PlaceMention, pool: list[PlaceMention], text: str) -> tuple[Place | None, str]:
    """The town a mention belongs to for the city field, and why when it is another one.

    A street, a neighbourhood or a village the gazetteer lacks resolves up to the town
    the text names (the nearest within 30 km, else the one named most). A town-sized
    name that the gazetteer placed in another state or country than every other town
    of the text ("Humboldt Park" read as a Pennsylvania village in a Chicago story) is
    a part of the text's town that the gazetteer lacks, and resolves up to it too.
    """
    place = chosen.place
    towns = [
        pm
        for pm in pool
        if pm is not chosen
        and pm.place is not None
        and pm.place.feature == CITY
        and pm.place.lat is not None
        and pm.text != chosen.text
        and pm.qualifier not in (DEMONYM, IN_NAME)
    ]
    if not towns:
        return place, ""
    named: dict[int | str, int] = {}
    for pm in towns:
        key = pm.place.geonames_id or pm.place.name  # type: ignore[union-attr]
        named[key] = named.get(key, 0) + 1
    # The town named most, the first named among equals.
    main = max(towns, key=lambda pm: named[pm.place.geonames_id or pm.place.name])  # type: ignore[union-attr]
    street = bool(_STREET_NAME.search(chosen.text) or _FINER_AFTER.match(text[chosen.end :][:30]))
    if place is not None and place.lat is not None:
        near = min(
            towns,
            key=lambda pm: distance_km(place.lat, place.lon, pm.place.lat, pm.place.lon),  # type: ignore[arg-type, union-attr]
        )
        km = distance_km(place.lat, place.lon, near.place.lat, near.place.lon)  # type: ignore[arg-type, union-attr]
        if (street or place.feature == FALLBACK) and km <= 30:
            return near.place, f"inside {near.place.name}, named in the text"  # type: ignore[union-attr]
        if (
            place.feature == CITY
            and not street
            and km <= _NEIGHBOURHOOD_KM
            and not _own_state_after(chosen, text)
        ):
            # A town's centre this close to another named town's is a part of it
            # ("Englewood" in a Chicago story): GeoNames lists sections as towns.
            return near.place, f"a part of {near.place.name}, {km:.0f} km from its centre"  # type: ignore[union-attr]
        if place.feature == CITY and not street:
            elsewhere = all(
                (pm.place.country, pm.place.admin1) != (place.country, place.admin1)  # type: ignore[union-attr]
                for pm in towns
            )
            if elsewhere and km > 161 and not _state_named(place, text):
                return main.place, (
                    f"{chosen.text!r} read as a part of {main.place.name}: "  # type: ignore[union-attr]
                    f"the gazetteer's {place.name} lies in {place.admin1 or place.country}, "
                    "where no other place of the text is"
                )
            return place, ""
        if not street:
            return place, ""
    if street or place is None:
        return main.place, f"a part of {main.place.name}"  # type: ignore[union-attr]
    return place, ""


_NEIGHBOURHOOD_KM = 10.0


def _own_state_after(pm: PlaceMention, text: str) -> bool:
    """ "Englewood, Florida": the name is given with its own state, so it is a town."""
    after = text[pm.end : pm.end + 40]
    return bool(
        pm.place is not None
        and pm.place.admin1
        and re.match(rf",?\s+{re.escape(pm.place.admin1)}\b", after, re.I)
    )


def _state_named(place: Place, text: str) -> bool:
    """Whether the text names the place's own province or state ("Englewood, Florida")."""
    return bool(place.admin1) and place.admin1.lower() in text.lower()  # type: ignore[union-attr]


def event_location(
    places: list[PlaceMention],
    trigger_spans: list[tuple[int, int]] | tuple[int, int],
    text: str,
) -> EventLocation | None:
    """Where the event whose trigger words are at ``trigger_spans`` happened.

    ``places`` are the report's place mentions (absolute offsets into ``text``,
    as ``geoparse`` returns them); ``trigger_spans`` the event words ("shelled",
    "killed") as (start, end) offsets. Returns None when no place qualifies.
    """
    spans = [trigger_spans] if isinstance(trigger_spans[0], int) else list(trigger_spans)  # type: ignore[index]
    if not places:
        return None
    trigger_sentences = {_sentence_bounds(text, s) for s, _ in spans}  # type: ignore[misc]
    scored = []
    for k, pm in enumerate(places):
        level = _level(pm)
        if level is None:
            continue
        penalty, why = _role_penalty(pm, text)
        same = any(a <= pm.start < b for a, b in trigger_sentences)
        gap = min(min(abs(pm.start - e), abs(s - pm.end)) for s, e in spans)  # type: ignore[misc]
        scored.append([penalty, 0 if same else 1, _LEVEL_RANK[level], gap, k, pm, level, why])
    if not scored:
        return None
    # Role first (not a speaker's seat or a home town), then the event's sentence.
    scored.sort(key=lambda r: (r[0], r[1], r[3]))
    best_role, best_sentence = scored[0][0], scored[0][1]
    pool = [r for r in scored if r[0] == best_role and r[1] == best_sentence]
    anchor = pool[0]
    # The most specific place consistent with the nearest one: a town inside the
    # province the event sentence names wins over the province.
    consistent = [
        r
        for r in pool
        if r is anchor
        or r[5].place is None
        or anchor[5].place is None
        or _contains(anchor[5].place, r[5].place)
        or _contains(r[5].place, anchor[5].place)
        or r[5].place.country == anchor[5].place.country
    ]
    consistent.sort(key=lambda r: (r[2], r[3]))
    chosen = consistent[0]
    pm, level = chosen[5], chosen[6]
    reasons = [f"{level} {pm.text!r}, {chosen[3]} characters from the event words"]
    if chosen[1] == 0:
        reasons.append("in the event's sentence")
    for r in scored:
        if r[7] and r[5] is not pm:
            reasons.append(f"not {r[5].text!r}: {r[7]}")
    city, why_city = city_of(pm, [r[5] for r in scored], text)
    if why_city:
        reasons.append(why_city)
    near = bool(pm.qualifier and _NEAR_QUALIFIER.search(pm.qualifier))
    if level == TOWN:
        precision = 2 if near or (pm.place is not None and pm.place.precision == 2) else 1
        if pm.place is not None and pm.place.feature == FALLBACK and city is pm.place:
            precision = pm.place.precision  # only the enclosing area is known
    elif level == DISTRICT:
        precision = 2
    else:
        precision = 3
    return EventLocation(pm, city, level, precision, reasons)


__all__ = [
    "DISTRICT",
    "NATIONAL",
    "PROVINCE",
    "TOWN",
    "EventLocation",
    "city_of",
    "event_location",
]
