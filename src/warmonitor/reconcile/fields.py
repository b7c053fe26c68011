"""The best value per field (type, date, place, counts, actors) and whether it is contested."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from warmonitor.geo.distance import distance_km
from warmonitor.link import (
    acled_pair,
    trusted_place,
)
from warmonitor.reconcile.claims import (
    _evidence,
    _hedged,
    _value_hedged,
)
from warmonitor.reconcile.vocab import (
    _GENERIC_ACTOR_WORDS,
    _PRECISION_RANK,
)
from warmonitor.records import (
    Actor,
    Count,
    DateRange,
    Place,
    Report,
    Victim,
)

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
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= tol  # type: ignore[arg-type]


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
    differ, the highest figure. A figure coded from a vague word ("dozens") is used
    only when no source states a number: it never outweighs one, nor contests it.
    """
    counts = list(counts)
    if any(c.best is not None and not c.is_vague() for c, _ in counts):
        counts = [(c, hedged) for c, hedged in counts if not c.is_vague()]
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
    best = min(values)
    vague = next((c.phrase for c, _ in counts if c.is_vague() and c.best == best), None)
    distinct = set(firm) | set(soft)
    high = (
        max(highs + (list(distinct) if len(distinct) > 1 else []))
        if highs or len(distinct) > 1
        else None
    )
    return Count(low=min(lows), best=best, high=high, phrase=vague), len(distinct) > 1


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


def _perpetrator_denied(reports: Sequence[Report]) -> bool:
    """Whether a group named as perpetrator denies it ("... the RSF, which denied it")."""
    return any(e.field == "perpetrators" and e.denied for r in reports for e in r.evidence)


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
