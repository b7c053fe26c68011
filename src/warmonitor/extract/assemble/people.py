"""The people of an incident named anywhere in its document: suspects as perpetrators, the
identified dead and wounded as victims, each on the violent report the sentence follows.

News of a shooting names the shooter and the victim in later sentences that state no event
("... was taken into custody and charged with manslaughter, Sadler said.", "The victim was
identified as Rodney Jones."), so no finder sees them beside the event. A suspect is alleged,
never established: that claim is hedged. Each claim is attributed to whoever the sentence
quotes ("police said"). A named victim adds a name, never a count: the casualty phrase that
counted the person is elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from warmonitor import taxonomy
from warmonitor.extract.sentences import sentence_around
from warmonitor.lang.en import people as pt
from warmonitor.records import Actor, Document, Evidence, Report, Victim, to_jsonable

Fate = Literal["killed", "injured", "unknown"]


@dataclass(frozen=True, slots=True)
class NamedPerson:
    name: str
    start: int  # document offsets of the name
    end: int
    source: str | None  # whom the sentence quotes ("police")
    fate: Fate = "unknown"  # victims: what the sentence says happened to them


def _fate(sentence: str) -> Fate:
    if pt.KILLED_WORD_RE.search(sentence):
        return "killed"
    if pt.INJURED_WORD_RE.search(sentence):
        return "injured"
    return "unknown"


@dataclass(slots=True)
class _Found:
    """Named people by name span: the first pattern to name a span wins."""

    text: str
    people: dict[tuple[int, int], NamedPerson]

    def add(self, match: re.Match[str], group: str) -> None:
        s, e = match.span(group)
        if s < 0 or any(a < e and s < b for a, b in self.people):
            return
        lo, hi = sentence_around(self.text, s)
        said = pt.SAID_BY_RE.search(self.text, lo, hi)
        name = re.sub(r"\s+", " ", match.group(group)).strip(" ,")
        source = said.group("source") if said else None
        self.people[(s, e)] = NamedPerson(name, s, e, source, _fate(self.text[lo:hi]))

    def in_order(self) -> list[NamedPerson]:
        return [self.people[k] for k in sorted(self.people)]


def find_suspects(text: str) -> list[NamedPerson]:
    """Every suspect the text names, once per name span, in text order."""
    found = _Found(text, {})
    for pattern in pt.ROLE_RES:
        for match in pattern.finditer(text):
            found.add(match, "name")
            if "second" in pattern.groupindex and match.group("second"):
                found.add(match, "second")
    for pattern in pt.ARREST_RES:
        for match in pattern.finditer(text):
            lo, hi = sentence_around(text, match.start("name"))
            if pt.RELATED_RE.search(text, lo, hi):
                found.add(match, "name")
    return found.in_order()


def find_named_victims(text: str, suspects: list[NamedPerson]) -> list[NamedPerson]:
    """Every identified victim, once per name span, in text order; no suspect's span."""
    found = _Found(text, {(p.start, p.end): p for p in suspects})
    for pattern in pt.VICTIM_ID_RES:
        for match in pattern.finditer(text):
            found.add(match, "name")
    taken = {(p.start, p.end) for p in suspects}
    return [p for p in found.in_order() if (p.start, p.end) not in taken]


def _surname(name: str) -> str:
    words = re.sub(r",?\s+(?:Jr|Sr|II|III)\.?$", "", name).split()
    return words[-1].lower() if words else ""


def _named_already(report: Report, name: str) -> bool:
    """The report names this person already, as a perpetrator or as a victim."""
    surname = _surname(name)
    people = [a.name for a in report.perpetrators] + [v.name for v in report.victims]
    return any(_surname(p) == surname for p in people)


_RANK_BEFORE_RE = re.compile(
    r"\b(?P<rank>officer|deputy|trooper|sergeant|sgt\.?|detective|policeman|policewoman|"
    r"soldier|private|corporal|cpl\.?|lieutenant|lt\.?|captain)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_SOLDIER_RANKS = {
    "soldier",
    "private",
    "corporal",
    "cpl",
    "cpl.",
    "lieutenant",
    "lt",
    "lt.",
    "captain",
}


def _victim_kind(text: str, person: NamedPerson) -> str:
    """Police or soldiers when a rank stands before the name ("Officer Jon Richey"), else civilians."""
    rank = _RANK_BEFORE_RE.search(text, max(0, person.start - 40), person.start)
    if rank is None:
        return "civilians"
    return "soldiers" if rank.group("rank").lower() in _SOLDIER_RANKS else "police"


def _evidence(document: Document, field: str, value: object, person: NamedPerson, hedged: bool):
    return Evidence(
        field=field,
        value=to_jsonable(value),
        start=person.start,
        end=person.end,
        text=document.text[person.start : person.end],
        attributed_to=person.source,
        hedged=hedged,
    )


def attach_named_people(document: Document, reports: list[Report]) -> None:
    """Each named suspect becomes a hedged perpetrator, and each identified victim a victim, of
    the violent report the name follows in the text (the first when it comes before all)."""
    violent = [r for r in reports if not r.aggregate and r.event_type in taxonomy.violent_types()]
    if not violent:
        return
    starts = [min((e.start for e in r.evidence), default=0) for r in violent]

    def report_at(pos: int) -> Report:
        before = [r for r, s in zip(violent, starts, strict=True) if s <= pos]
        return before[-1] if before else violent[0]

    suspects = find_suspects(document.text)
    for person in suspects:
        report = report_at(person.start)
        if _named_already(report, person.name):
            continue
        actor = Actor(person.name, None, "individual")
        report.perpetrators.append(actor)
        report.evidence.append(_evidence(document, "perpetrators", actor, person, hedged=True))
    for person in find_named_victims(document.text, suspects):
        report = report_at(person.start)
        if _named_already(report, person.name):
            continue
        fate = person.fate
        if fate == "unknown":  # "identified the victim as X": the fate the report counted, if one
            counted = {v.status for v in report.victims if not v.count.is_empty()}
            fate = counted.pop() if len(counted) == 1 and counted <= {"killed", "injured"} else fate
        victim = Victim(person.name, kind=_victim_kind(document.text, person), status=fate)
        report.victims.append(victim)
        report.evidence.append(_evidence(document, "victims", victim, person, hedged=False))
