"""ACLED-style coding of a reconciled incident: actors and inter codes, tags, source scale,
notes. Shared by the CSV, GeoJSON and UCDP exports so they never disagree.

Actor names and inter codes come from the actor dictionary (``warmonitor.actors``: state
forces per country, rebel, jihadist, militia and political groups, generic phrases as
"Unidentified Armed Group (COUNTRY)"); civilian victims are coded 7 and protesters or rioters
implied by the event type 6 and 5. A person has no inter code, and an actor the dictionary
lacks keeps its surface form with a code guessed from its head noun.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from warmonitor.actors import ActorMatch, normalize
from warmonitor.export.countries import Country, country
from warmonitor.link import acled_pair
from warmonitor.records import DateRange, Incident

# ACLED's inter codes.
STATE_FORCES, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA = 1, 2, 3, 4
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 5, 6, 7, 8

DISORDER_TYPES = {
    "Battles": "Political violence",
    "Violence against civilians": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED time_precision: 1 a day, 2 a week or a few days, 3 a month or longer.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

_WOMEN_RE = re.compile(r"\b(wom[ae]n|girls?|female|mothers?|wi(?:fe|ves)|sisters?)\b", re.I)


def acled_types(incident: Incident) -> tuple[str | None, str | None]:
    """(event_type, sub_event_type): the incident's own pair, else the taxonomy's."""
    et, sub = incident.acled.get("event_type"), incident.acled.get("sub_event_type")
    return (et, sub) if et else acled_pair(incident.event_type)


def is_civilian(kind: str | None, name: str = "") -> bool:
    return (kind or "").lower().startswith("civilian") or name.lower().startswith("civilian")


@dataclass(frozen=True, slots=True)
class Actors:
    """ACLED's actor columns for one incident; None = not known from the record."""

    actor1: str | None
    assoc_actor_1: list[str]
    inter1: int | None
    actor2: str | None
    assoc_actor_2: list[str]
    inter2: int | None

    @property
    def interaction(self) -> int | None:
        """ACLED's two-digit code, the lower inter first; one actor alone gives ``N0``."""
        if self.inter1 is None:
            return None
        if self.actor2 is None:
            return self.inter1 * 10
        if self.inter2 is None:
            return None
        low, high = sorted((self.inter1, self.inter2))
        return low * 10 + high


def _with_country(label: str, place: Country | None) -> str:
    return f"{label} ({place.name})" if place else label


def actors(incident: Incident) -> Actors:
    """ACLED's actor columns, with names and inter codes from the actor dictionary (``actors/``)."""
    et, sub = acled_types(incident)
    code = incident.location.country if incident.location else None
    place = country(code)
    perps = _unique([_actor(a.name, code, "perpetrator") for a in incident.perpetrators])
    actor1 = perps[0].name if perps else None
    inter1 = next((m.inter for m in perps if m.inter is not None), None)
    assoc1 = [m.name for m in perps[1:]]
    civilians = [v for v in incident.victims if is_civilian(v.kind, v.name)]
    others = _unique(
        [_actor(v.name, code, "victim") for v in incident.victims if v not in civilians]
    )
    women = [v.name for v in incident.victims if _WOMEN_RE.search(f"{v.name} {v.kind or ''}")]
    actor2: str | None = None
    inter2: int | None = None
    assoc2: list[str] = []
    if et == "Protests" and sub == "Excessive force against protesters":
        actor2, inter2 = _with_country("Protesters", place), PROTESTERS
    elif et in ("Protests", "Riots") and actor1 is None:
        label, code_ = ("Protesters", PROTESTERS) if et == "Protests" else ("Rioters", RIOTERS)
        actor1, inter1 = _with_country(label, place), code_
    if actor2 is None and civilians:
        actor2, inter2 = _with_country("Civilians", place), CIVILIANS
        assoc2 = [m.name for m in others]
    elif actor2 is None and others:
        actor2, inter2 = others[0].name, others[0].inter
        assoc2 = [m.name for m in others[1:]]
    if women:
        assoc2.append(_with_country("Women", place))
    return Actors(actor1, assoc1, inter1, actor2, list(dict.fromkeys(assoc2)), inter2)


def _actor(surface: str, country_code: str | None, role: str) -> ActorMatch:
    """The dictionary's canonical actor for a surface form (its own form, guessed, when unknown)."""
    match = normalize(surface, country_code, role)
    if match.alias is None:  # nothing in the dictionary: keep the words as the text gave them
        return replace(match, name=surface.strip())
    return match


def _unique(matches: list[ActorMatch]) -> list[ActorMatch]:
    seen: dict[str, ActorMatch] = {}
    for match in matches:
        seen.setdefault(match.name.casefold(), match)
    return list(seen.values())


def civilian_targeting(incident: Incident) -> bool:
    """ACLED's flag: civilians were the target (every violence against civilians event)."""
    et, _ = acled_types(incident)
    return et == "Violence against civilians" or any(
        is_civilian(v.kind, v.name) for v in incident.victims
    )


def tags(incident: Incident) -> list[str]:
    """ACLED-style tags: women targeted, vague casualty wording, contested fields."""
    found = []
    women = [v.name for v in incident.victims if _WOMEN_RE.search(f"{v.name} {v.kind or ''}")]
    if women:
        found.append("women targeted: " + ", ".join(dict.fromkeys(women)))
    for label, count in (("fatalities", incident.fatalities), ("injured", incident.injured)):
        if count.phrase and (count.best is None or count.is_vague()):
            found.append(f"vague {label} wording: {count.phrase}")
    hedged = sorted(
        {c.field for c in incident.claims if c.hedged and c.field in ("fatalities", "injured")}
    )
    for name in hedged:
        found.append(f"hedged {name} reports")
    if incident.contested:
        found.append("contested: " + ", ".join(incident.contested))
    return found


# --------------------------------------------------------------------------- source scale

SCALES = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")

# Outlets whose reach we know: None = an international outlet; an ISO code = an outlet of
# that country; an ACLED region = a regional outlet. Keys are lower case, without "the".
OUTLET_HOMES: dict[str, str | None] = {
    "reuters": None,
    "agence france-presse": None,
    "afp": None,
    "associated press": None,
    "ap": None,
    "bbc": None,
    "bbc news": None,
    "cnn": None,
    "voice of america": None,
    "voa": None,
    "voa news": None,
    "independent": None,
    "guardian": None,
    "new york times": None,
    "washington post": None,
    "bloomberg": None,
    "deutsche welle": None,
    "dw": None,
    "france 24": None,
    "rfi": None,
    "xinhua": None,
    "sky news": None,
    "euronews": None,
    "anadolu agency": None,
    "anadolu": None,
    "al jazeera": "Middle East",
    "al arabiya": "Middle East",
    "new arab": "Middle East",
    "middle east eye": "Middle East",
    "asharq al-awsat": "Middle East",
    "sana": "SY",
    "syrian arab news agency": "SY",
    "syrian observatory for human rights": "SY",
    "irna": "IR",
    "tass": "RU",
    "ria novosti": "RU",
    "ukrinform": "UA",
    "kyiv independent": "UA",
    "times of israel": "IL",
    "haaretz": "IL",
    "dawn": "PK",
    "premium times": "NG",
    "daily nation": "KE",
    # the same outlets by their web hosts (what ingest names an outlet by when nothing else does)
    "reuters.com": None,
    "apnews.com": None,
    "afp.com": None,
    "bbc.com": None,
    "bbc.co.uk": None,
    "cnn.com": None,
    "voanews.com": None,
    "independent.co.uk": None,
    "theguardian.com": None,
    "nytimes.com": None,
    "washingtonpost.com": None,
    "dw.com": None,
    "france24.com": None,
    "aa.com.tr": None,
    "aljazeera.com": "Middle East",
    "alarabiya.net": "Middle East",
    "newarab.com": "Middle East",
    "middleeasteye.net": "Middle East",
    "sana.sy": "SY",
    "syriahr.com": "SY",
    "kyivindependent.com": "UA",
}
# Country-code top-level domains that are not the country's own (.co.uk is GB).
_TLD_COUNTRY = {"uk": "GB"}
_GENERIC_TLDS = frozenset({"com", "org", "net", "info", "io", "news", "co", "tv", "me", "int"})


def _outlet_home(outlet: str | None, url: str | None) -> tuple[bool, str | None]:
    """(known, home): home None = international; an alpha-2 code; or an ACLED region."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.") if url else ""
    for key in (re.sub(r"^the\s+", "", (outlet or "").strip().lower()), host):
        if key and key in OUTLET_HOMES:
            return True, OUTLET_HOMES[key]
    if host:
        tld = host.rsplit(".", 1)[-1] if "." in host else ""
        if len(tld) == 2 and tld not in _GENERIC_TLDS:
            return True, _TLD_COUNTRY.get(tld, tld.upper())
    return False, None


def source_scale(incident: Incident, sources: list[tuple[str | None, str | None]]) -> str | None:
    """ACLED's source_scale from (outlet, url) pairs: each outlet National when based in the
    incident's country, Regional in its region, else International; distinct scales joined
    by "-" in ACLED's order. None when no outlet's reach is known."""
    here = country(incident.location.country if incident.location else None)
    scales = set()
    for outlet, url in sources:
        known, home = _outlet_home(outlet, url)
        if not known:
            continue
        if home is None:
            scales.add("International")
        elif here and home in (here.alpha2, here.acled_region):
            scales.add("National" if home == here.alpha2 else "Regional")
        else:
            home_country = country(home) if len(home) == 2 else None
            region = home_country.acled_region if home_country else home
            same_region = here is not None and region == here.acled_region
            scales.add("Regional" if same_region else "International")
    return "-".join(s for s in SCALES if s in scales) or None


# --------------------------------------------------------------------------- notes


def when_text(date: DateRange) -> str:
    """The date as the notes say it, no finer than its precision."""
    start, end = date.start, date.end or date.start
    if start is None or end is None:
        return "On an unknown date"
    if date.precision == "year":
        return (
            f"In {start.year}" if start.year == end.year else f"Between {start.year} and {end.year}"
        )
    if date.precision == "month":
        if (start.year, start.month) == (end.year, end.month):
            return f"In {start:%B %Y}"
        return f"Between {start:%B %Y} and {end:%B %Y}"
    if start == end:
        return f"On {_day(start)}"
    if date.precision == "week":
        return f"In the week from {_day(start)} to {_day(end)}"
    return f"Between {_day(start)} and {_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def what_text(incident: Incident) -> str:
    """The event type in words: ACLED's spelling when ours is the same type
    ("remote explosive/landmine/IED"), else ours ("aircraft downed")."""
    ours = incident.event_type.replace("_", " ")
    _, sub = acled_types(incident)
    if sub and re.sub(r"[^a-z]+", " ", sub.lower()).strip() == ours:
        return sub[0].lower() + sub[1:]
    return ours


def where_text(incident: Incident) -> str:
    """'near Nayrab (Idlib)' for a place near a town, 'in ...' otherwise."""
    place = incident.location
    name = incident.location_name or (place.name if place else None)
    if not name:
        return "at an unknown place"
    if place and place.admin1 and place.admin1 != name:
        name += f" ({place.admin1})"
    return f"{'near' if place and place.precision == 2 else 'in'} {name}"


def notes(incident: Incident) -> str:
    """An ACLED-style one-paragraph summary of the reconciled record."""
    parts = [f"{when_text(incident.date)}, {what_text(incident)} {where_text(incident)}."]
    if incident.perpetrators:
        parts.append("Perpetrators: " + ", ".join(a.name for a in incident.perpetrators) + ".")
    if incident.aircraft:
        parts.append("Aircraft: " + " / ".join(incident.aircraft) + ".")
    if incident.weapons:
        parts.append("Weapons: " + ", ".join(incident.weapons) + ".")
    f = incident.fatalities
    if f.best is not None:
        parts.append(
            f"{f.best} killed" + (f" (up to {f.high})" if f.high and f.high > f.best else "") + "."
        )
    elif f.phrase:
        parts.append(f"Fatalities: {f.phrase}.")
    if incident.contested:
        parts.append("Contested: " + ", ".join(incident.contested) + ".")
    return " ".join(parts)
