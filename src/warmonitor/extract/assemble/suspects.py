"""Suspects named anywhere in a document ("John Smith, 24, was charged with murder") as the
perpetrators of the violent report they follow.

News of a shooting names the shooter in a later sentence that states no event ("... was taken
into custody and charged with manslaughter, Sadler said."), so no finder sees it beside the
event. A suspect is alleged, never established: the claim is hedged and attributed to whoever
the sentence quotes ("police said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warmonitor import taxonomy
from warmonitor.lang.en import suspects as pt
from warmonitor.records import Actor, Document, Evidence, Report, to_jsonable


@dataclass(frozen=True, slots=True)
class Suspect:
    name: str
    start: int  # document offsets of the name
    end: int
    source: str | None


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos) + 2, text.rfind("\n", 0, pos) + 1, 0)
    stop = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return start, min(stop) + 1 if stop else len(text)


def find_suspects(text: str) -> list[Suspect]:
    """Every suspect the text names, once per name span, in text order."""
    found: dict[tuple[int, int], Suspect] = {}

    def add(match: re.Match[str], group: str) -> None:
        s, e = match.span(group)
        if s < 0 or any(a < e and s < b for a, b in found):
            return
        lo, hi = _sentence_bounds(text, s)
        said = pt.SAID_BY_RE.search(text, lo, hi)
        name = re.sub(r"\s+", " ", match.group(group)).strip(" ,")
        found[(s, e)] = Suspect(name, s, e, said.group("source") if said else None)

    for pattern in pt.ROLE_RES:
        for match in pattern.finditer(text):
            add(match, "name")
            if "second" in pattern.groupindex and match.group("second"):
                add(match, "second")
    for pattern in pt.ARREST_RES:
        for match in pattern.finditer(text):
            lo, hi = _sentence_bounds(text, match.start("name"))
            if pt.RELATED_RE.search(text, lo, hi):
                add(match, "name")
    return [found[k] for k in sorted(found)]


def _surname(name: str) -> str:
    words = re.sub(r",?\s+(?:Jr|Sr|II|III)\.?$", "", name).split()
    return words[-1].lower() if words else ""


def _named_already(report: Report, name: str) -> bool:
    """The report names this person already, as a perpetrator or as a victim."""
    surname = _surname(name)
    people = [a.name for a in report.perpetrators] + [v.name for v in report.victims]
    return any(_surname(p) == surname for p in people if len(p.split()) >= 1)


def attach_suspects(document: Document, reports: list[Report]) -> None:
    """Each suspect becomes a hedged perpetrator of the violent report it follows in the text
    (the first violent report when it comes before all of them)."""
    violent = [r for r in reports if not r.aggregate and r.event_type in taxonomy.violent_types()]
    if not violent:
        return
    starts = [min((e.start for e in r.evidence), default=0) for r in violent]
    for suspect in find_suspects(document.text):
        before = [r for r, s in zip(violent, starts, strict=True) if s <= suspect.start]
        report = before[-1] if before else violent[0]
        if _named_already(report, suspect.name):
            continue
        actor = Actor(suspect.name, None, "individual")
        report.perpetrators.append(actor)
        report.evidence.append(
            Evidence(
                field="perpetrators",
                value=to_jsonable(actor),
                start=suspect.start,
                end=suspect.end,
                text=document.text[suspect.start : suspect.end],
                attributed_to=suspect.source,
                hedged=True,
            )
        )
