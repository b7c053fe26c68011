"""What scoring needs from a report, computed once per report."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz

from warmonitor.link.families import (
    acled_event_type,
    acled_sub_event_type,
    aircraft_family,
    event_family,
)
from warmonitor.link.params import USE_NAMED_PLACES
from warmonitor.records import Place, Report, report_key

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say nothing about which event a text is about.
_STOP = _words(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our out over own
    said same says she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your according told reported report reports news local
    monday tuesday wednesday thursday friday saturday sunday today yesterday night morning
    evening afternoon week weekend day days year years man woman men women people one two
    three four five six seven eight nine ten police officers officer killed dead death shot
    shooting shootings wounded injured hospital incident attack authorities say"""
)
_TOKEN_RE = re.compile(r"[a-z][a-z'-]+[a-z]")
_PROPER_RE = re.compile(r"\b[A-Z][a-z]{2,}(?:[-'][A-Z]?[a-z]+)?\b")
# Capitalised words that are not names of people.
_NOT_NAMES = _words(
    """The This That These Police Officers Officer Sheriff Department County City Street Avenue
    Road Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Man Woman Boy Girl Child Victim
    Victims Suspect Suspects Unknown Civilians Soldiers Rebels Forces Army Military Government
    Syrian Russian Turkish American Mr Mrs Ms Dr Sgt Lt Capt Jr Sr"""
)


# --------------------------------------------------------------------------- features


@dataclass(slots=True)
class _Features:
    """What scoring needs from a report, computed once per report."""

    key: str
    document: str
    event_type: str
    acled_type: str | None
    acled_sub: str | None
    family: str
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    weekday: int | None  # weekday named in an undated report's date evidence
    lat: float | None
    lon: float | None
    place_precision: int | None
    country: str | None
    admin1: str | None
    geonames_id: int | None
    place_name: str | None
    fatalities: int | None
    injured: int | None
    names: frozenset[str]  # proper-name tokens of victims and individual perpetrators
    victim_names: frozenset[str]
    perpetrators: frozenset[str]
    weapons: frozenset[str]
    aircraft: frozenset[str]
    aircraft_families: frozenset[str]
    tokens: frozenset[str]  # distinctive evidence words (who, whom, what, where)
    text_tokens: frozenset[str]  # every evidence word of the report
    aggregate: bool
    lower_bound: dt.date | None = None  # undated: document context says "not before"
    published: dt.date | None = None  # undated: its document's publication date


def _count_value(c) -> int | None:  # type: ignore[no-untyped-def]
    if c.best is not None:
        return c.best
    if c.low is not None:
        return c.low
    return c.high


def _norm(s: str) -> str:
    s = s.lower().strip()
    s = re.sub(r"^(the|a|an)\s+", "", s)
    return re.sub(r"\s+", " ", s)


def _proper_tokens(text: str) -> set[str]:
    return {t for t in _PROPER_RE.findall(text) if t not in _NOT_NAMES}


def _weekday(report: Report) -> int | None:
    for ev in report.evidence:
        if ev.field == "date":
            m = _WEEKDAY_RE.search(ev.text)
            if m:
                return _WEEKDAYS.index(m.group(1).lower())
    return None


def named_place(report: Report) -> Place | None:
    """The most precise resolved place a report names (first named among equals)."""
    named = [
        pm
        for pm in report.places
        if pm.place is not None and pm.place.feature != "country" and pm.place.lat is not None
    ]
    if not named:
        return None
    return min(named, key=lambda pm: (pm.place.precision, pm.start)).place  # type: ignore[union-attr]


def trusted_place(report: Report) -> tuple[Place | None, str | None]:
    """The report's resolved event place, unless the rest of the report contradicts it.

    A location resolved to a country that none of the report's other places is
    in, while another country recurs among them ("Nayrab" read as Nairobi in a
    report naming Syria and Idlib), is more likely a misresolved toponym than a
    foreign event: it is then treated as unresolved, in the recurring country.
    Returns (place or None, fallback country).
    """
    place = report.location.place if report.location else None
    if report.location is None and USE_NAMED_PLACES:
        named = named_place(report)
        return (replace(named, precision=max(named.precision, 2)) if named else None), None
    if place is None or not place.country:
        return place, None
    others = Counter(
        pm.place.country
        for pm in report.places
        if pm.place is not None
        and pm.place.country
        and pm is not report.location
        and (pm.start, pm.end) != (report.location.start, report.location.end)  # type: ignore[union-attr]
    )
    if others and place.country not in others:
        country, n = others.most_common(1)[0]
        # Several mentions of another country, or one, with a resolved name that
        # is only a loose match of the text ("Nayrab" -> "Nairobi").
        loose = fuzz.partial_ratio(report.location.text.lower(), place.name.lower()) < 75  # type: ignore[union-attr]
        if n >= 2 or (len(others) == 1 and loose):
            # Fall back to the report's smallest other area in that country, as an
            # area (precision 3): "near Nayrab" -> Idlib.
            areas = [
                pm.place
                for pm in report.places
                if pm.place is not None
                and pm.place.country == country
                and pm.place.feature != "country"
                and pm.place.lat is not None
            ]
            if areas:
                best = min(areas, key=lambda p: p.precision)
                return replace(best, precision=3, candidates=[]), country
            return None, country
    return place, None


_GENERIC_FIELDS = frozenset({"event_type", "fatalities", "injured", "date"})


def features(report: Report, published: dt.date | None = None) -> _Features:
    place, fallback_country = trusted_place(report)
    names: set[str] = set()
    for v in report.victims:
        names |= _proper_tokens(v.name)
    victim_names = frozenset(names)
    for a in report.perpetrators:
        if a.kind == "individual":
            names |= _proper_tokens(a.name)
    # Trigger and count phrases ("died", "shot dead", "two pilots") are the same
    # words in every report of a type; the words around who, whom, what and where
    # are the ones that tell one event from another.
    # Place names are scored as places, not again as words.
    text = " ".join(
        ev.text for ev in report.evidence if ev.field not in _GENERIC_FIELDS | {"location"}
    )
    tokens = frozenset(t for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP)
    whole = " ".join(ev.text for ev in report.evidence)
    text_tokens = frozenset(t for t in _TOKEN_RE.findall(whole.lower()) if t not in _STOP)
    return _Features(
        key=report_key(report),
        document=report.document_id,
        event_type=report.event_type,
        acled_type=acled_event_type(report),
        acled_sub=acled_sub_event_type(report),
        family=event_family(report),
        start=report.date.start,
        end=report.date.end or report.date.start,
        precision=report.date.precision,
        weekday=_weekday(report) if report.date.start is None else None,
        lat=place.lat if place and place.feature != "country" else None,
        lon=place.lon if place and place.feature != "country" else None,
        place_precision=place.precision if place else None,
        country=place.country if place else fallback_country,
        admin1=place.admin1 if place else None,
        geonames_id=place.geonames_id if place else None,
        place_name=_norm(place.name if place else report.location.text)
        if report.location
        else None,
        fatalities=_count_value(report.fatalities),
        injured=_count_value(report.injured),
        names=frozenset(names),
        victim_names=victim_names,
        perpetrators=frozenset(_norm(a.normalized or a.name) for a in report.perpetrators),
        weapons=frozenset(_norm(w) for w in report.weapons),
        aircraft=frozenset(_norm(a) for a in report.aircraft),
        aircraft_families=frozenset(aircraft_family(a).lower() for a in report.aircraft),
        tokens=tokens,
        text_tokens=text_tokens,
        aggregate=report.aggregate,
        lower_bound=report.not_before if report.date.start is None else None,
        published=published if report.date.start is None else None,
    )


# Public name of the feature record (stores keep it next to each report).
Features = _Features

# Bump when features() changes what it computes: stored features of another
# version are recomputed from their report rather than trusted.
FEATURES_VERSION = 2

_SET_FIELDS = frozenset(
    {
        "names",
        "victim_names",
        "perpetrators",
        "weapons",
        "aircraft",
        "aircraft_families",
        "tokens",
        "text_tokens",
    }
)
_DATE_FIELDS = frozenset({"start", "end", "lower_bound", "published"})


def features_to_json(f: _Features) -> dict[str, Any]:
    """Features as plain JSON (sets as sorted lists, dates as ISO strings), versioned."""
    out: dict[str, Any] = {"v": FEATURES_VERSION}
    for name in _Features.__slots__:  # type: ignore[attr-defined]
        value = getattr(f, name)
        if name in _SET_FIELDS:
            value = sorted(value)
        elif name in _DATE_FIELDS and value is not None:
            value = value.isoformat()
        out[name] = value
    return out


def features_from_json(data: dict[str, Any] | None) -> _Features | None:
    """Stored features back, or None when absent or of another version (recompute them)."""
    if not data or data.get("v") != FEATURES_VERSION:
        return None
    values: dict[str, Any] = {}
    for name in _Features.__slots__:  # type: ignore[attr-defined]
        value = data.get(name)
        if name in _SET_FIELDS:
            value = frozenset(value or ())
        elif name in _DATE_FIELDS and value is not None:
            value = dt.date.fromisoformat(value)
        values[name] = value
    return _Features(**values)
