"""Reconciliation: one incident record from the reports linked to it.

The claim ledger keeps every value every report gave (outlet, attributed source,
hedging, evidence span); the best value per field is chosen from it, and every
field on which the sources disagree is listed in ``contested``:

- **event type**: most supported, a finer type of ours (``aircraft_downed``)
  counting the support of its ACLED parent (``armed_clash``);
- **date**: the most precise date most reports give; an undated report takes it;
- **location**: the resolved place most reports are consistent with, the most
  precise among equals;
- **fatalities / injured**: UCDP-style low / best / high, ``best`` the conservative
  reading (the lowest figure a non-hedged report gives, ACLED practice);
- **aircraft**: models listed by support; contested whenever two models are named,
  even of one family (Mi-8 vs Mi-17), since the model is what the user reads;
- **grade** (after Airwars): ``contested`` when non-hedged sources disagree on who
  did it or on what happened, else ``confirmed`` when a party or an authority
  acknowledged it, else ``fair`` with two or more independent sources, else
  ``weak``. Sources are counted by who they quote: two outlets relaying the same
  agency are one source.

Claims without an evidence span (a value the report holds but no evidence entry
for it) get ``start = end = -1``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from warmonitor.link import (
    acled_pair,
    aircraft_family,
    haversine_km,
    shift_date,
    trusted_place,
)
from warmonitor.records import (
    Actor,
    Claim,
    Count,
    DateRange,
    Evidence,
    Grade,
    Incident,
    Place,
    Report,
    Victim,
    report_key,
    to_jsonable,
)

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

# Who counts as a party or an authority acknowledging an event ("confirmed").
_PARTY_RE = re.compile(
    r"\b(ministry|ministries|minister|army|armed forces|military|government|defen[cs]e|"
    r"state media|state[- ]run|state news|state television|state tv|official news agency|"
    r"spokes(?:man|woman|person)|commander|general staff|police|sheriff|"
    r"pentagon|kremlin|idf|sana|centcom|coalition|prosecutor)\b",
    re.IGNORECASE,
)

# Words that do not tell one source from another.
_SOURCE_NOISE = frozenset(
    [
        "the",
        "a",
        "an",
        "news",
        "agency",
        "agencies",
        "said",
        "says",
        "reported",
        "state-run",
        "state",
        "official",
        "officials",
        "according",
        "to",
        "report",
        "reports",
        "media",
        "outlet",
        "newspaper",
        "daily",
        "wire",
        "service",
    ]
)
_CONNECTORS = frozenset({"for", "of", "the", "and", "in", "on", "de", "al"})

# Perpetrator words too generic to tell two groups apart.
_GENERIC_ACTOR_WORDS = frozenset(
    [
        "forces",
        "force",
        "group",
        "groups",
        "fighters",
        "militants",
        "men",
        "gunmen",
        "gunman",
        "unknown",
        "unidentified",
        "the",
        "of",
        "armed",
        "army",
        "military",
        "troops",
    ]
)
# Weapon words that agree with anything more specific ("missile" and "MANPADS").
_GENERIC_WEAPONS = frozenset(
    {
        "gun",
        "firearm",
        "weapon",
        "missile",
        "rocket",
        "bomb",
        "explosive",
        "ammunition",
        "surface-to-air missile",
        "anti-aircraft missile",
        "projectile",
        "shell",
    }
)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


LIST_FIELDS = ("perpetrators", "targets", "weapons", "aircraft")


# --------------------------------------------------------------------------- sources


def source_key(name: str | None) -> str | None:
    """A canonical key for a source name: "SANA" == "Syrian Arab News Agency" == "state agency SANA"."""
    if not name:
        return None
    caps = re.findall(r"\b[A-Z]{2,6}\b", name)
    if caps:
        return caps[-1].lower()
    # A possessive alone ("’s" after a split) leaves an empty word: drop it, never index it.
    words = [re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w'’-]+", name)]
    words = [w for w in words if w.strip("'’-")]
    capitalised = [w for w in words if w[0].isupper() and w.lower() not in _CONNECTORS]
    if len(capitalised) >= 3:  # "Syrian Arab News Agency" -> "sana"
        return "".join(w[0] for w in capitalised).lower()
    words = [w for w in words if w.lower() not in _SOURCE_NOISE]
    if not words:
        return name.strip().lower()
    return " ".join(w.lower() for w in words)


def is_party(name: str | None) -> bool:
    """Whether a quoted source is a party to the event or an authority (ministry, army, police)."""
    return bool(name and _PARTY_RE.search(name))


# --------------------------------------------------------------------------- claims


def _value_of(report: Report, field: str) -> list[Any]:
    """The values a report holds for a field, as claim values."""
    if field == "event_type":
        return [report.event_type] if report.event_type else []
    if field == "date":
        d = report.date
        if d.start is None:
            return []
        return [
            {
                "start": d.start.isoformat(),
                "end": (d.end or d.start).isoformat(),
                "precision": d.precision,
            }
        ]
    if field == "location":
        if report.location is None:
            return []
        p = report.location.place
        return [p.name if p else report.location.text]
    if field in ("fatalities", "injured"):
        c: Count = getattr(report, field)
        return [] if c.is_empty() else [to_jsonable(c)]
    if field == "perpetrators":
        return [a.normalized or a.name for a in report.perpetrators]
    if field == "victims":
        return [to_jsonable(v) for v in report.victims]
    if field in ("targets", "weapons", "aircraft"):
        return list(getattr(report, field))
    return []


_CLAIM_FIELDS = (
    "event_type",
    "date",
    "location",
    "fatalities",
    "injured",
    "perpetrators",
    "victims",
    "targets",
    "weapons",
    "aircraft",
)


def claims_of(report: Report, outlet: str | None) -> list[Claim]:
    """The ledger entries of one report: its evidence, plus span-less claims for values it
    holds without evidence."""
    out: list[Claim] = []
    seen: set[str] = set()
    for ev in report.evidence:
        seen.add(ev.field)
        out.append(
            Claim(
                field=ev.field,
                value=to_jsonable(ev.value),
                source=outlet,
                attributed_to=ev.attributed_to,
                hedged=ev.hedged,
                document=report.document_id,
                start=ev.start,
                end=ev.end,
            )
        )
    for f in _CLAIM_FIELDS:
        if f in seen:
            continue
        for value in _value_of(report, f):
            out.append(Claim(f, value, outlet, None, False, report.document_id, -1, -1))
    return out


def _evidence(report: Report, field: str) -> list[Evidence]:
    return [e for e in report.evidence if e.field == field]


def _hedged(report: Report, field: str) -> bool:
    """A report's value for a field is hedged when all its evidence for it is hedged."""
    evs = _evidence(report, field)
    return bool(evs) and all(e.hedged for e in evs)


def _value_hedged(report: Report, field: str, name: str) -> bool:
    """Whether every evidence entry for this value of a field is hedged (the report's
    field-level hedging when no entry names the value)."""
    evs = [e for e in _evidence(report, field) if _evidence_name(e.value) == name.lower()]
    if not evs:
        return _hedged(report, field)
    return all(e.hedged for e in evs)


def _evidence_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, Mapping):
        name = value.get("name")
        return name.lower() if isinstance(name, str) else None
    return None


# --------------------------------------------------------------------------- fields


def _best_event_type(reports: Sequence[Report]) -> tuple[str, bool]:
    """Best event type, and whether reports disagree on what happened."""
    support: Counter[str] = Counter()
    for r in reports:
        support[r.event_type] += 0.5 if _hedged(r, "event_type") else 1.0
    if not support:
        return "other", False
    # A finer type collects the support of its ACLED parent (aircraft_downed <- armed_clash).
    total: dict[str, float] = {}
    for t in support:
        sub = acled_pair(t)[1]
        total[t] = sum(
            s for u, s in support.items() if u == t or (sub and _snake(sub) == u and t != u)
        )

    def finer(t: str) -> int:
        sub = acled_pair(t)[1]
        return 1 if sub and _snake(sub) != t else 0

    best = max(total, key=lambda t: (total[t], finer(t), t == "other" and -1 or 0, t))
    kinds = {acled_pair(r.event_type)[0] for r in reports if not _hedged(r, "event_type")}
    kinds.discard(None)
    return best, len(kinds) > 1


def _snake(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _best_date(reports: Sequence[Report]) -> tuple[DateRange, bool]:
    known = [r.date for r in reports if r.date.start is not None]
    if not known:
        return DateRange.unknown(), False
    rank = min(_PRECISION_RANK.get(d.precision or "year", 3) for d in known)
    finest = [d for d in known if _PRECISION_RANK.get(d.precision or "year", 3) == rank]
    votes = Counter((d.start, d.end or d.start) for d in finest)
    (start, end), _ = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    best = DateRange(start, end, finest[0].precision)
    contested = False
    for d in known:
        assert d.start is not None
        if d.start > end or (d.end or d.start) < start:
            contested = True
    return best, contested


# Stricter than linking's radii: here two places must be one place, not merely
# close enough to be worth comparing.
_CONSISTENT_KM = {1: 8.0, 2: 20.0, 3: 150.0}


def _place_compatible(a: Place, b: Place) -> bool:
    if a.country and b.country and a.country != b.country:
        return False
    if None in (a.lat, a.lon, b.lat, b.lon):
        return not (a.admin1 and b.admin1 and a.admin1 != b.admin1)
    tol = _CONSISTENT_KM.get(a.precision, 150.0) + _CONSISTENT_KM.get(b.precision, 150.0)
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= tol  # type: ignore[arg-type]


def _best_location(reports: Sequence[Report]) -> tuple[Place | None, str | None, bool]:
    mentions = [r.location for r in reports if r.location is not None]
    # A resolution the rest of its report contradicts is not used, and a report with
    # no event location stands at the most precise place it names (link.trusted_place).
    places = [p for p in (trusted_place(r)[0] for r in reports) if p is not None]
    if not places:
        names = Counter(m.text for m in mentions)
        if not names:
            return None, None, False
        name = min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return None, name, len(names) > 1
    support = {id(p): sum(_place_compatible(p, q) for q in places) for p in places}
    best = min(places, key=lambda p: (-support[id(p)], p.precision, -p.score, p.name))
    contested = any(
        not _place_compatible(p, q) for i, p in enumerate(places) for q in places[i + 1 :]
    )
    return best, best.name, contested


def reconcile_counts(counts: Iterable[tuple[Count, bool]]) -> tuple[Count, bool]:
    """UCDP-style low/best/high over (count, hedged) pairs; and whether they disagree.

    ``best`` is the conservative reading: the lowest figure a non-hedged source
    states (hedged ones only when nothing firmer exists). ``low`` is the lowest
    figure anyone states, ``high`` the highest stated upper bound or, when figures
    differ, the highest figure.
    """
    firm: list[int] = []
    soft: list[int] = []
    lows: list[int] = []
    highs: list[int] = []
    phrases: list[str] = []
    for c, hedged in counts:
        value = c.best if c.best is not None else c.low if c.low is not None else c.high
        if value is None:
            if c.phrase:
                phrases.append(c.phrase)
            continue
        (soft if hedged else firm).append(value)
        lows.append(c.low if c.low is not None else value)
        if c.high is not None:
            highs.append(c.high)
    values = firm or soft
    if not values:
        return Count(phrase=phrases[0] if phrases else None), False
    distinct = set(firm) | set(soft)
    high = (
        max(highs + (list(distinct) if len(distinct) > 1 else []))
        if highs or len(distinct) > 1
        else None
    )
    return Count(low=min(lows), best=min(values), high=high), len(distinct) > 1


def _actor_tokens(a: Actor) -> frozenset[str]:
    words = re.findall(r"[a-z]+", (a.normalized or a.name).lower())
    stems = {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words}
    return frozenset(w for w in stems if w not in _GENERIC_ACTOR_WORDS)


def _related_groups(token_sets: Iterable[frozenset[str]]) -> list[set[str]]:
    """Actor names grouped by shared words ("Syrian rebels" ~ "rebels"): one group per actor."""
    groups: list[set[str]] = []
    for tokens in token_sets:
        for group in groups:
            if group & tokens:
                group |= tokens
                break
        else:
            groups.append(set(tokens))
    return groups


def _merge_actors(reports: Sequence[Report]) -> tuple[list[Actor], bool]:
    """Perpetrators by support; contested when firm claims name unrelated groups."""
    order: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    firm_groups: list[frozenset[str]] = []
    for r in reports:
        for a in r.perpetrators:
            hedged = _value_hedged(r, "perpetrators", a.name)
            key = (a.normalized or a.name).strip().lower()
            order[key] += 1
            first.setdefault(key, a)
            toks = _actor_tokens(a)
            if not hedged and toks:
                firm_groups.append(toks)
    actors = [first[k] for k, _ in sorted(order.items(), key=lambda kv: (-kv[1], kv[0]))]
    return actors, len(_related_groups(firm_groups)) > 1


def _perpetrators_differ(reports: Sequence[Report]) -> bool:
    """Whether the perpetrators named (hedged or not) are unrelated groups."""
    tokens = [t for r in reports for a in r.perpetrators if (t := _actor_tokens(a))]
    return len(_related_groups(tokens)) > 1


def _ranked(values: Iterable[str]) -> list[str]:
    """Distinct values, most supported first (ties: first seen)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    display: dict[str, str] = {}
    for i, v in enumerate(values):
        k = v.strip().lower()
        counts[k] += 1
        first.setdefault(k, i)
        display.setdefault(k, v)
    return [display[k] for k in sorted(counts, key=lambda k: (-counts[k], first[k]))]


def _evidence_values(reports: Sequence[Report], field: str) -> list[str]:
    """Values of a list field from the reports and from their evidence entries."""
    values: list[str] = []
    for r in reports:
        values.extend(getattr(r, field))
        for e in _evidence(r, field):
            if isinstance(e.value, str):
                values.append(e.value)
            elif isinstance(e.value, list):
                values.extend(v for v in e.value if isinstance(v, str))
    return values


def _merge_victims(reports: Sequence[Report]) -> list[Victim]:
    groups: dict[tuple[str, str], list[Victim]] = {}
    for r in reports:
        for v in r.victims:
            groups.setdefault(((v.kind or v.name).strip().lower(), v.status), []).append(v)
    out: list[Victim] = []
    for (_k, _s), vs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        count, _ = reconcile_counts((v.count, False) for v in vs)
        out.append(Victim(name=vs[0].name, count=count, kind=vs[0].kind, status=vs[0].status))
    return out


# --------------------------------------------------------------------------- grade


def independent_sources(reports: Sequence[Report], outlets: Mapping[str, str | None]) -> set[str]:
    """Distinct independent sources behind the reports.

    A report that attributes what it says counts as the sources it quotes; one
    that does not counts as its outlet. So two outlets relaying the same agency
    count once, and one article quoting two monitors counts twice.
    """
    found: set[str] = set()
    for r in reports:
        quoted = {source_key(e.attributed_to) for e in r.evidence if e.attributed_to}
        quoted.discard(None)
        if quoted:
            found |= quoted  # type: ignore[arg-type]
        else:
            found.add(source_key(outlets.get(r.document_id)) or f"document:{r.document_id}")
    return found


def grade_of(
    reports: Sequence[Report], outlets: Mapping[str, str | None], contested_who_or_what: bool
) -> Grade:
    if contested_who_or_what:
        return "contested"
    for r in reports:
        for e in r.evidence:
            if not e.hedged and is_party(e.attributed_to):
                return "confirmed"
    return "fair" if len(independent_sources(reports, outlets)) >= 2 else "weak"


# --------------------------------------------------------------------------- incident


def reconcile(
    incident_id: str,
    reports: Sequence[Report],
    *,
    outlets: Mapping[str, str | None],
    published: Mapping[str, dt.date | None] | None = None,
) -> Incident:
    """The incident record of linked reports: claims, best values, contested fields, grade.

    ``published`` (document id -> publication date), when given, dates an incident
    that no report dates: the week before its earliest report was published, with
    precision "week" (news tells recent events; ACLED codes such events the same way).
    """
    reports = sorted(reports, key=report_key)
    live = [r for r in reports if not r.aggregate] or list(reports)
    claims = [c for r in reports for c in claims_of(r, outlets.get(r.document_id))]
    contested: list[str] = []

    event_type, type_contested = _best_event_type(live)
    if type_contested:
        contested.append("event_type")
    et, sub = acled_pair(event_type)
    acled = {"event_type": et, "sub_event_type": sub} if et and sub else {}
    if not acled:
        for r in live:
            if r.event_type == event_type and r.acled:
                acled = dict(r.acled)
                break

    date, date_contested = _best_date(live)
    if date_contested:
        contested.append("date")
    if date.start is None and published:
        days = [published.get(r.document_id) for r in live]
        known = [d for d in days if d is not None]
        if known:
            date = DateRange(shift_date(min(known), -6), min(known), "week")
    place, name, loc_contested = _best_location(live)
    if loc_contested:
        contested.append("location")

    fatalities, fat_contested = reconcile_counts(
        (r.fatalities, _hedged(r, "fatalities")) for r in live
    )
    if fat_contested:
        contested.append("fatalities")
    injured, inj_contested = reconcile_counts((r.injured, _hedged(r, "injured")) for r in live)
    if inj_contested:
        contested.append("injured")

    perpetrators, perp_firm_contested = _merge_actors(live)
    if perp_firm_contested or _perpetrators_differ(live):
        contested.append("perpetrators")

    aircraft = _ranked(_evidence_values(live, "aircraft"))
    if len({a.lower() for a in aircraft}) > 1:
        contested.append("aircraft")
    # Specific weapons first ("MANPADS" before "missile"), each by support.
    weapons = sorted(
        _ranked(_evidence_values(live, "weapons")),
        key=lambda w: _singular(w.lower()) in _GENERIC_WEAPONS,
    )
    specific = {_singular(w.lower()) for w in weapons} - _GENERIC_WEAPONS
    if _unrelated(specific):
        contested.append("weapons")
    targets = _ranked(t for r in live for t in r.targets)

    grade = grade_of(live, outlets, type_contested or perp_firm_contested)
    return Incident(
        id=incident_id,
        event_type=event_type,
        acled=acled,
        date=date,
        location=place,
        location_name=name,
        fatalities=fatalities,
        injured=injured,
        perpetrators=perpetrators,
        victims=_merge_victims(live),
        targets=targets,
        weapons=weapons,
        aircraft=aircraft,
        contested=contested,
        grade=grade,
        claims=claims,
        report_keys=[report_key(r) for r in reports],
    )


def _unrelated(values: set[str]) -> bool:
    """Whether specific values name different things (none contains another)."""
    vals = sorted(values)
    for i, a in enumerate(vals):
        for b in vals[i + 1 :]:
            if a not in b and b not in a:
                return True
    return False


def aircraft_families(incident: Incident) -> list[str]:
    """The airframe families of an incident's aircraft ("Mi-8" for Mi-8 and Mi-17)."""
    return sorted({aircraft_family(a) for a in incident.aircraft})


def alternatives(incident: Incident) -> dict[str, list[Any]]:
    """Per field, the distinct values claimed, best first: the ledger summarised."""
    out: dict[str, list[Any]] = {}
    for c in incident.claims:
        vals = out.setdefault(c.field, [])
        if c.value not in vals:
            vals.append(c.value)
    return out


def effective_date(report: Report, incident: Incident) -> DateRange:
    """The date a report stands for: its own, or its incident's when it has none."""
    return report.date if report.date.start is not None else incident.date
