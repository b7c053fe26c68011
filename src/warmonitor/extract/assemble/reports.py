"""A draft to a ``Report`` record, every value with its evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from warmonitor import taxonomy
from warmonitor.dates import PRECISION_RANK, overlaps
from warmonitor.extract.assemble.counts import count_json, count_total, injured_total
from warmonitor.extract.assemble.drafts import Draft
from warmonitor.extract.assemble.places import dateline_place, qualify, specificity
from warmonitor.extract.findings import Mention
from warmonitor.lang.en import lexicon as lx
from warmonitor.records import (
    Actor,
    Document,
    Evidence,
    PlaceMention,
    Report,
    Victim,
    to_jsonable,
)
from warmonitor.taxonomy import acled_pair


def draft_to_report(
    draft: Draft,
    document: Document,
    index: int,
    published: dt.date | None,
    lead: list[Mention] | None = None,
) -> Report:
    report = Report(
        document_id=document.id, event_type=draft.event_type, index=index, aggregate=draft.aggregate
    )
    evidence: list[Evidence] = []

    def ev(
        field_name: str, value: Any, start: int, end: int, m: Mention, hedged: bool | None = None
    ) -> None:
        evidence.append(
            Evidence(
                field=field_name,
                value=to_jsonable(value),
                start=start,
                end=end,
                text=document.text[start:end],
                attributed_to=m.source_at(start),
                hedged=m.hedged if hedged is None else hedged,
            )
        )

    for m in draft.mentions:
        if m.trigger is not None:
            ev("event_type", m.event_type, m.trigger[0], m.trigger[1], m)
    # Date: the most precise statement; unknown without anything to anchor to.
    best = draft.date()
    if best is None and lead:
        # The main report's sentences give no date: the lead's own date ("... early
        # Sunday, police said") is the story's. Only a day or week counts here.
        lead_dates = [
            (m, d)
            for m in lead
            for d in m.dates
            if d.date.precision in ("day", "week")
            and (published is None or (d.date.end or published) <= published)
        ]
        if lead_dates:
            m0, d0 = min(
                lead_dates, key=lambda x: (PRECISION_RANK[x[1].date.precision], x[1].start)
            )
            draft.mentions.append(Mention(sentence=m0.sentence, dates=[d0], source=m0.source))
            best = d0
    if best is not None:
        report.date = best.date
        for m in draft.mentions:
            for d in m.dates:
                if d.date.precision is not None and overlaps(d.date, best.date):
                    ev(
                        "date",
                        {"start": d.date.start, "end": d.date.end, "precision": d.date.precision},
                        d.start,
                        d.end,
                        m,
                    )
    # Otherwise the date stays unknown: the text states none, and the linker bounds
    # undated reports by their document's context (link.annotate_context).
    # Casualties.
    casualties = [(m, c) for m in draft.mentions for c in m.casualties]
    report.fatalities = count_total(casualties, "killed")
    report.injured = injured_total(casualties, report.fatalities)
    for m, c in casualties:
        field_name = {"killed": "fatalities", "injured": "injured"}.get(c.status)
        if field_name:
            ev(field_name, count_json(c.count), c.start, c.end, m)
        if c.victim:
            victim = Victim(name=c.victim, count=c.count, kind=c.kind, status=c.status)  # type: ignore[arg-type]
            if not any(
                v.name == victim.name and v.status == victim.status and v.count == victim.count
                for v in report.victims
            ):
                report.victims.append(victim)
            ev("victims", victim, c.start, c.end, m)
    # Actors, targets, weapons, aircraft.
    for m in draft.mentions:
        for h in m.perpetrators:
            actor: Actor = h.value
            key = (actor.normalized or actor.name).lower()
            if not any((a.normalized or a.name).lower() == key for a in report.perpetrators):
                report.perpetrators.append(actor)
            ev("perpetrators", actor, h.start, h.end, m)
        for h in m.targets:
            if h.value not in report.targets:
                report.targets.append(h.value)
            ev("targets", h.value, h.start, h.end, m)
        for h in m.weapons:
            if h.value not in report.weapons:
                report.weapons.append(h.value)
            ev("weapons", h.value, h.start, h.end, m)
        for h in m.aircraft:
            if h.value not in report.aircraft:
                report.aircraft.append(h.value)
            ev("aircraft", h.value, h.start, h.end, m)
    # Places: the best-placed mention is where it happened.
    candidates = draft.event_places()
    seen: set[tuple[int, int]] = set()
    chosen: PlaceMention | None = candidates[0][1] if candidates else None
    if chosen is None:
        # No place tied to the event words: a town the report's sentences name, then
        # (for a document's main report) the place its title or dateline names.
        pool = [(m, pm) for m in [*draft.mentions, *(lead or [])] for pm in m.places]
        ranked = sorted(
            (
                (specificity(pm, document.text), k, m, pm)
                for k, (m, pm) in enumerate(pool)
                if (pm.place is not None or qualify(document.text, pm))
                and not lx.NOT_A_PLACE_RE.match(pm.text)
            ),
            key=lambda x: (x[0], x[1]),
        )
        ranked = [r for r in ranked if r[0] < 3]
        if ranked:
            _, _, m0, chosen = ranked[0]
            if all(chosen is not pm for mm in draft.mentions for pm in mm.places):
                draft.mentions.append(
                    Mention(sentence=m0.sentence, places=[chosen], source=m0.source)
                )
        elif lead:
            # Last resort for the main report: the dateline ("PATERSON --") or the
            # local agency that reports it ("Richmond Police said").
            found = dateline_place(document.text, lead)
            if found is not None:
                m0, chosen = found
                draft.mentions.append(
                    Mention(sentence=m0.sentence, places=[chosen], source=m0.source)
                )
    for m in draft.mentions:
        for pm in m.places:
            if (pm.start, pm.end) in seen:
                continue
            seen.add((pm.start, pm.end))
            copy = PlaceMention(
                pm.text,
                pm.start,
                pm.end,
                role="other",
                place=pm.place,
                qualifier=pm.qualifier or qualify(document.text, pm),
            )
            if chosen is not None and pm.start == chosen.start and pm.end == chosen.end:
                copy.role = "event"
                report.location = copy
                ev("location", copy.text, pm.start, pm.end, m)
            report.places.append(copy)
    report.acled = acled_pair(report.event_type)
    if (
        report.event_type == "attack"
        and report.victims
        and all(
            v.kind in ("soldiers", "militants", "police")
            for v in report.victims
            if v.status == "killed"
        )
        and any(v.status == "killed" for v in report.victims)
    ):
        # Killing combatants is a battle in ACLED's terms, not violence against civilians.
        report.event_type = "armed_clash"
        report.acled = acled_pair("armed_clash")
    # "the incident", "the attack", "killed": words that name this event without typing
    # it say the report's type, not a rival one.
    for e in evidence:
        if e.field == "event_type" and (e.value in taxonomy.generic_types() or e.value is None):
            e.value = report.event_type
    report.evidence = evidence
    return report


# ----------------------------------------------------------------- entry points
