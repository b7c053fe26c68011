"""Merging sentence mentions about the same incident into drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from warmonitor import taxonomy
from warmonitor.extract.assemble.places import event_place_candidates, qualify, specificity
from warmonitor.extract.findings import Mention, clause_at
from warmonitor.extract.rules.actors import GROUP_NAMES_RE
from warmonitor.lang.en import lexicon as lx
from warmonitor.lang.en.dates import PRECISION_RANK, DateMention, overlaps
from warmonitor.records import (
    PlaceMention,
)
from warmonitor.taxonomy import aircraft_kind

# Victim kinds that are an aircraft's crew: they die when it is downed.
AIRCREW = {"pilots", "crew"}


@dataclass(slots=True)
class Draft:
    event_type: str
    mentions: list[Mention] = field(default_factory=list)
    aggregate: bool = False
    historical_year: int | None = None
    closed: bool = False

    def date(self) -> DateMention | None:
        dated = [m.best_date for m in self.mentions if m.best_date is not None]
        if not dated:
            return None
        return min(dated, key=lambda d: PRECISION_RANK[d.date.precision])

    def has_aircraft(self) -> bool:
        return any(
            m.aircraft or "aircraft_downed" in m.types or "drone_downed" in m.types
            for m in self.mentions
        )

    def event_places(self) -> list[tuple[tuple[int, int, int, int, int], PlaceMention]]:
        return event_place_candidates(self)


def _dates_compatible(draft: Draft, m: Mention, published: dt.date | None) -> bool:
    year = m.historical_year
    if draft.historical_year is not None:
        return year == draft.historical_year
    if year is not None and published is not None and year < published.year - 1:
        return False
    if year is not None and published is None:
        return False
    mine = m.best_date
    theirs = draft.date()
    if mine is None or theirs is None:
        return True
    return overlaps(mine.date, theirs.date)


def _places_compatible(draft: Draft, m: Mention) -> bool:
    mine = [
        pm
        for pm in m.places
        if qualify(
            m.sentence.text,
            PlaceMention(pm.text, pm.start - m.sentence.start, pm.end - m.sentence.start),
        )
        in ("near", "in", "at", "outside", "close to")
        and specificity(pm, m.sentence.text) == 0
        and pm.place is not None
    ]
    if not mine:
        return True
    cands = [pm for key, pm in draft.event_places() if key[0] == 0 and pm.place is not None]
    if not cands:
        return True
    names = {c.text.lower() for c in cands} | {
        c.place.admin2.lower() for c in cands if c.place and c.place.admin2
    }
    return any(
        pm.text.lower() in names or any(pm.text.lower() in n or n in pm.text.lower() for n in names)
        for pm in mine
    )


def _names_its_weapon(m: Mention, ref: Draft) -> bool:
    """ "the missile" / "the rocket" when the referred report already told of one."""
    nouns = {a.label.split()[-1].lower().rstrip("s") for a in m.anaphora}
    nouns &= {"missile", "rocket"}
    told = " ".join(mm.sentence.text.lower() for mm in ref.mentions)
    return any(n in told for n in nouns)


def _aircrew_only(m: Mention) -> bool:
    """Casualties who are all aircrew, told with no event word of their own ("two pilots were killed")."""
    return (
        not m.new_incident
        and m.event_type in taxonomy.generic_types()
        and not m.aircraft
        and bool(m.casualties)
        and all(c.kind in AIRCREW for c in m.casualties)
    )


def _anaphoric_target(m: Mention, drafts: list[Draft]) -> Draft | None:
    """The report a definite reference ("the helicopter", "the incident") points back to.

    Aircrew casualties with no event of their own belong to the latest aircraft
    incident the document tells: pilots die when their aircraft is downed.
    """
    live = [d for d in drafts if not d.aggregate and not d.closed]
    if not live:
        return None
    if not m.anaphora:
        if _aircrew_only(m):
            return next((d for d in reversed(live) if d.has_aircraft()), None)
        return None
    aircraft_ref = any(
        lx.AIRCRAFT_NOUN_RE.fullmatch(a.label) or lx.AIRCRAFT_MODEL_RE.match(a.label)
        for a in m.anaphora
    )
    if aircraft_ref:
        nouns = {a.label.split()[-1].rstrip("s") for a in m.anaphora}
        for d in reversed(live):
            if not d.has_aircraft():
                continue
            words = (
                " ".join(h.value for mm in d.mentions for h in mm.targets)
                + " "
                + " ".join(aircraft_kind(h.value) for mm in d.mentions for h in mm.aircraft)
            )
            words += " " + " ".join(mm.sentence.text.lower() for mm in d.mentions[:1])
            if any(n in words for n in nouns) or "aircraft" in nouns or "plane" in nouns:
                return d
        return next((d for d in reversed(live) if d.has_aircraft()), None)
    return live[-1]


def _find_merge(m: Mention, drafts: list[Draft], published: dt.date | None) -> Draft | None:
    if m.new_incident:
        return None
    for d in reversed(drafts):
        if d.aggregate or d.closed:
            continue
        same = d.event_type == m.event_type
        last = d.mentions[-1].sentence.index if d.mentions else -10
        near = d is drafts[-1] and m.sentence.index - last <= 2
        refine = d.event_type == "attack" and m.event_type in taxonomy.violent_types() and near
        generic = (
            m.event_type in taxonomy.generic_types()
            and d.event_type in taxonomy.violent_types()
            and near
            and bool(m.anaphora)
        )
        if not (same or refine or generic):
            continue
        if not _dates_compatible(d, m, published):
            continue
        if not _places_compatible(d, m):
            continue
        return d
    return None


def build_drafts(mentions: list[Mention], published: dt.date | None) -> list[Draft]:
    drafts: list[Draft] = []
    flat: list[Mention] = []
    for m in mentions:
        flat.append(m)
        for sub in m.subs:
            sub.source, sub.hedged = m.source, m.hedged
            lo = sub.trigger.start if sub.trigger else 0
            seg = clause_at(m.sentence.text, lo - m.sentence.start)
            sub.places = [p for p in m.places if seg[0] <= p.start - m.sentence.start < seg[1]]
            flat.append(sub)
    for m in flat:
        if m.aggregate:
            ref = _anaphoric_target(m, drafts) if m.anaphora and (m.aircraft or m.weapons) else None
            if ref is not None:
                ref.mentions.append(strip_to_equipment(m))
            if m.casualties and m.event_type:
                if ref is not None:
                    m.aircraft, m.weapons = [], []
                drafts.append(Draft(m.event_type, [m], aggregate=True))
            continue
        ref = _anaphoric_target(m, drafts)
        if (
            ref is not None
            and (ref.historical_year is not None)
            and m.historical_year != ref.historical_year
        ):
            ref = None
        if m.event_type and m.strong:
            target = None
            if ref is not None and not m.new_incident and _dates_compatible(ref, m, published):
                compatible = (
                    ref.event_type == m.event_type
                    or m.event_type in taxonomy.generic_types()
                    or ref.event_type in taxonomy.generic_types()
                    or (ref.has_aircraft() and m.event_type in ("aircraft_downed", "drone_downed"))
                    or _names_its_weapon(m, ref)
                )
                if compatible:
                    target = ref
            if target is None:
                target = _find_merge(m, drafts, published)
            if target is None:
                if not anchored(m):
                    continue
                target = Draft(m.event_type, aggregate=False)
                year = m.historical_year
                if year is not None and (published is None or year < published.year - 1):
                    target.historical_year = year
                drafts.append(target)
            elif (
                target.event_type in taxonomy.generic_types()
                and m.event_type not in taxonomy.generic_types()
                and m.event_type in taxonomy.violent_types()
            ):
                target.event_type = m.event_type
            target.mentions.append(m)
        elif ref is not None and not m.new_incident:
            ref.mentions.append(m)
        elif (
            m.event_type
            and m.casualties
            and any(c.status in ("killed", "injured") for c in m.casualties)
        ):
            drafts.append(Draft(m.event_type, [m]))
    return [d for d in drafts if d.mentions]


def anchored(m: Mention) -> bool:
    """Whether a sentence says enough to be an incident rather than talk about a kind of event."""
    return bool(
        m.casualties
        or m.best_date
        or m.aircraft
        or m.targets
        or m.weapons
        # An actor that does something, not a group merely named in passing.
        or any(not GROUP_NAMES_RE.fullmatch(h.text) for h in m.perpetrators)
        or any(specificity(pm, m.sentence.text) < 3 for pm in m.places)
    )


def strip_to_equipment(m: Mention) -> Mention:
    """A copy of a mention that only contributes aircraft and weapons."""
    return Mention(
        sentence=m.sentence,
        anaphora=m.anaphora,
        aircraft=m.aircraft,
        weapons=m.weapons,
        source=m.source,
        hedged=m.hedged,
    )
