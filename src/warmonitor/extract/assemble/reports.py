"""A draft to a ``Report`` record, every value with its evidence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warmonitor import taxonomy
from warmonitor.actors import normalize as normalize_actor
from warmonitor.extract.assemble.counts import count_json, count_total, injured_total
from warmonitor.extract.assemble.drafts import Draft
from warmonitor.extract.assemble.places import (
    at_city_level,
    dateline_place,
    qualify,
    specificity,
)
from warmonitor.extract.findings import Mention
from warmonitor.extract.sentences import sentence_around
from warmonitor.lang.en import lexicon as lx
from warmonitor.lang.en.dates import PRECISION_RANK, DateMention, overlaps
from warmonitor.records import (
    Actor,
    Document,
    Evidence,
    PlaceMention,
    Report,
    Victim,
    to_jsonable,
)
from warmonitor.settings import active_settings
from warmonitor.taxonomy import acled_pair

if TYPE_CHECKING:
    from warmonitor.roles.decide import RoleFill


@dataclass(slots=True)
class _EvidenceLog:
    """The evidence of one report: each value with its span, source and hedging."""

    document: Document
    items: list[Evidence] = field(default_factory=list)

    def add(
        self,
        field_name: str,
        value: Any,
        start: int,
        end: int,
        m: Mention,
        hedged: bool | None = None,
    ) -> None:
        self.items.append(
            Evidence(
                field=field_name,
                value=to_jsonable(value),
                start=start,
                end=end,
                text=self.document.text[start:end],
                attributed_to=m.source_at(start),
                hedged=m.hedged if hedged is None else hedged,
            )
        )


def _lead_date(draft: Draft, lead: list[Mention], published: dt.date | None) -> DateMention | None:
    """The lead's own day or week ("... early Sunday, police said"), for a main report with none."""
    lead_dates = [
        (m, d)
        for m in lead
        for d in m.dates
        if d.date.precision in ("day", "week")
        and (published is None or (d.date.end or published) <= published)
    ]
    if not lead_dates:
        return None
    m0, d0 = min(lead_dates, key=lambda x: (PRECISION_RANK[x[1].date.precision], x[1].start))
    draft.mentions.append(Mention(sentence=m0.sentence, dates=[d0], source=m0.source))
    return d0


def _add_date(
    report: Report,
    draft: Draft,
    log: _EvidenceLog,
    published: dt.date | None,
    lead: list[Mention] | None,
) -> None:
    """The most precise date stated; unknown when the text states none.

    An undated report is bounded later by its document's context (link.annotate_context).
    """
    best = draft.date()
    if best is None and lead:
        best = _lead_date(draft, lead, published)
    if best is None:
        return
    report.date = best.date
    for m in draft.mentions:
        for d in m.dates:
            if d.date.precision is not None and overlaps(d.date, best.date):
                value = {"start": d.date.start, "end": d.date.end, "precision": d.date.precision}
                log.add("date", value, d.start, d.end, m)


def _add_casualties(report: Report, draft: Draft, log: _EvidenceLog) -> None:
    casualties = [(m, c) for m in draft.mentions for c in m.casualties]
    report.fatalities = count_total(casualties, "killed")
    report.injured = injured_total(casualties, report.fatalities)
    for m, c in casualties:
        field_name = {"killed": "fatalities", "injured": "injured"}.get(c.status)
        if field_name:
            log.add(field_name, count_json(c.count), c.start, c.end, m)
        if c.victim:
            victim = Victim(name=c.victim, count=c.count, kind=c.kind, status=c.status)  # type: ignore[arg-type]
            if not any(
                v.name == victim.name and v.status == victim.status and v.count == victim.count
                for v in report.victims
            ):
                report.victims.append(victim)
            log.add("victims", victim, c.start, c.end, m)


def _rule_roles(report: Report, draft: Draft, log: _EvidenceLog, fields: set[str]) -> None:
    """The rule finders' perpetrators, targets, weapons and aircraft (those of ``fields``),
    each value once, each statement as evidence."""
    for m in draft.mentions:
        if "perpetrators" in fields:
            for h in m.perpetrators:
                actor: Actor = h.value
                key = (actor.normalized or actor.name).lower()
                if not any((a.normalized or a.name).lower() == key for a in report.perpetrators):
                    report.perpetrators.append(actor)
                log.add("perpetrators", actor, h.start, h.end, m)
        for field_name, values, hits in (
            ("targets", report.targets, m.targets),
            ("weapons", report.weapons, m.weapons),
            ("aircraft", report.aircraft, m.aircraft),
        ):
            if field_name not in fields:
                continue
            for h in hits:
                if h.value not in values:
                    values.append(h.value)
                log.add(field_name, h.value, h.start, h.end, m)


# The report field each learned role fills.
ROLE_FIELDS = {
    "perpetrator_individual": "perpetrators",
    "perpetrator_org": "perpetrators",
    "target": "targets",
    "victim": "victims",
    "weapon": "weapons",
}
_RULE_ROLE_FIELDS = {"perpetrators", "targets", "weapons", "aircraft"}


def _learned_actor(fill: RoleFill) -> Actor:
    """The Actor of a perpetrator filler: a group or force for perpetrator_org, else individuals."""
    match = normalize_actor(fill.text, None, "perpetrator")
    normalized = None if match.guessed else match.name
    if fill.role == "perpetrator_org":
        return Actor(fill.text, normalized, "state" if match.kind == "state" else "organization")
    return Actor(fill.text, normalized, "individual")


def _weapon_name(text: str) -> str:
    """The lexicon's name for a weapon phrase ("IED"), else the phrase in lower case."""
    for pattern, name in lx.WEAPON_RES:
        if pattern.search(text):
            return name
    return " ".join(text.lower().split())


def _add_learned_role(report: Report, fill: RoleFill, log: _EvidenceLog) -> None:
    m = fill.mention
    if fill.role.startswith("perpetrator"):
        actor = _learned_actor(fill)
        key = (actor.normalized or actor.name).lower()
        if not any((a.normalized or a.name).lower() == key for a in report.perpetrators):
            report.perpetrators.append(actor)
        log.add("perpetrators", actor, fill.start, fill.end, m)
    elif fill.role == "victim":
        victim = Victim(name=" ".join(fill.text.split()))
        if not any(v.name.lower() == victim.name.lower() for v in report.victims):
            report.victims.append(victim)
        log.add("victims", victim, fill.start, fill.end, m)
    else:
        field_name = ROLE_FIELDS[fill.role]
        value = (
            _weapon_name(fill.text)
            if fill.role == "weapon"
            else " ".join(fill.text.lower().split())
        )
        values = report.weapons if fill.role == "weapon" else report.targets
        if value not in values:
            values.append(value)
        log.add(field_name, value, fill.start, fill.end, m)


def _add_roles(
    report: Report, draft: Draft, log: _EvidenceLog, role_mentions: list[tuple[Mention, int]]
) -> None:
    """Perpetrators, targets, weapons and aircraft: the role ranker's where ``[extract] roles``
    is "learned", the rule finders' for the rest (and for a field the ranker leaves empty,
    when ``rules_where_model_abstains``)."""
    # Imported here: the role layer reads mentions, so it imports this package.
    from warmonitor.roles import learned_roles, load_role_model

    settings = active_settings().extract
    if settings.roles != "learned":
        _rule_roles(report, draft, log, _RULE_ROLE_FIELDS)
        return
    fills = learned_roles(role_mentions, log.document.text, load_role_model(settings.role_model))
    learned = {ROLE_FIELDS[f.role] for f in fills}
    rule_fields = {"aircraft"}
    if settings.rules_where_model_abstains:
        rule_fields |= _RULE_ROLE_FIELDS - learned
    _rule_roles(report, draft, log, rule_fields)
    for fill in sorted(fills, key=lambda f: f.start):
        _add_learned_role(report, fill, log)


# How far past a report's last sentence a denial may stand ("... The RSF denied it.").
_DENIAL_REACH = 400


def _actor_names(actor: Actor) -> list[str]:
    """The ways a text may name this actor when it denies: as written, canonical, and the bare
    group without its members' noun ("RSF fighters" -> "RSF", by the lexicon's actor nouns)."""
    names = {actor.name, actor.normalized or ""}
    for n in list(names):
        words = n.split()
        if len(words) > 1 and words[-1].lower() in lx.ACTOR_NOUNS:
            names.add(" ".join(words[:-1]))
    names = {re.sub(r"^(?:the|a|an)\s+", "", n.strip(), flags=re.I) for n in names}
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def _named_in(actor: Actor, stretch: str) -> re.Match[str] | None:
    """The actor's name in ``stretch`` nearest its end (the denying verb follows it)."""
    for name in _actor_names(actor):
        named = re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", stretch, re.I)
        found = max(named, key=lambda f: f.start(), default=None)
        if found is not None:
            return found
    return None


def _evidence_actor_key(evidence: Evidence) -> str:
    value = evidence.value if isinstance(evidence.value, dict) else {}
    return str(value.get("normalized") or value.get("name") or "").lower()


def _add_denials(report: Report, draft: Draft, log: _EvidenceLog) -> None:
    """A perpetrator disowning the act near the report ("the army blamed the RSF, which denied
    it"): a denying claim for that actor, attributed to it, beside whoever accused it."""
    if not report.perpetrators or not draft.mentions:
        return
    text = log.document.text
    first = min(m.sentence.start for m in draft.mentions)
    last = min(len(text), max(m.sentence.end for m in draft.mentions) + _DENIAL_REACH)
    denied: set[str] = set()
    for match in lx.DENIAL_RE.finditer(text, first, last):
        sentence_start, sentence_end = sentence_around(text, match.start())
        stretch_start = max(sentence_start, first, match.start() - 80)
        stretch = text[stretch_start : match.start()]
        end = sentence_end if sentence_end - match.end() <= 120 else match.end()
        for actor in report.perpetrators:
            key = (actor.normalized or actor.name).lower()
            found = None if key in denied else _named_in(actor, stretch)
            if found is None:
                continue
            start = stretch_start + found.start()
            # The denial's own clause is no claim that the actor did it.
            log.items = [
                e
                for e in log.items
                if not (
                    e.field == "perpetrators"
                    and start <= e.start < end
                    and _evidence_actor_key(e) == key
                )
            ]
            log.items.append(
                Evidence(
                    field="perpetrators",
                    value=to_jsonable(actor),
                    start=start,
                    end=end,
                    text=text[start:end],
                    attributed_to=actor.normalized or found.group(0),
                    denied=True,
                )
            )
            denied.add(key)


def _fallback_place(
    draft: Draft, document: Document, lead: list[Mention] | None
) -> PlaceMention | None:
    """No place tied to the event words: a town the report's sentences name, then
    (for a document's main report) the place its title or dateline names."""
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
            draft.mentions.append(Mention(sentence=m0.sentence, places=[chosen], source=m0.source))
        return chosen
    if not lead:
        return None
    # Last resort for the main report: the dateline ("PATERSON --") or the
    # local agency that reports it ("Richmond Police said").
    found = dateline_place(document.text, lead)
    if found is None:
        return None
    m0, chosen = found
    draft.mentions.append(Mention(sentence=m0.sentence, places=[chosen], source=m0.source))
    return chosen


def _add_places(
    report: Report, draft: Draft, log: _EvidenceLog, lead: list[Mention] | None
) -> None:
    """Every place the report's sentences name; the best-placed one is where it happened."""
    document = log.document
    candidates = draft.event_places()
    chosen = candidates[0][1] if candidates else _fallback_place(draft, document, lead)
    if chosen is not None:
        chosen = at_city_level(chosen, draft, lead, document.text)
    seen: set[tuple[int, int]] = set()
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
                copy.role, copy.place = "event", chosen.place  # a street's town (assemble.places)
                report.location = copy
                log.add("location", copy.text, pm.start, pm.end, m)
            report.places.append(copy)


def _kills_only_combatants(report: Report) -> bool:
    killed = [v for v in report.victims if v.status == "killed"]
    return bool(killed) and all(v.kind in ("soldiers", "militants", "police") for v in killed)


def _settle_type(report: Report, evidence: list[Evidence]) -> None:
    """The report's ACLED pair; an attack that kills only combatants is a battle."""
    report.acled = acled_pair(report.event_type)
    if report.event_type == "attack" and report.victims and _kills_only_combatants(report):
        # Killing combatants is a battle in ACLED's terms, not violence against civilians.
        report.event_type = "armed_clash"
        report.acled = acled_pair("armed_clash")
    # "the incident", "the attack", "killed": words that name this event without typing
    # it say the report's type, not a rival one.
    generic = taxonomy.generic_types()
    for e in evidence:
        if e.field == "event_type" and (e.value in generic or e.value is None):
            e.value = report.event_type


@dataclass(frozen=True, slots=True)
class RoleContext:
    """What the role ranker may read beyond a draft's own sentences."""

    mentions: list[Mention]  # the mention of every parsed sentence of the document
    taken: frozenset[int]  # indices of the sentences other reports hold


def role_contexts(drafts: list[Draft], mentions: list[Mention]) -> list[RoleContext]:
    """Each draft's context: the document's parsed sentences, less those of the other
    (non-aggregate) drafts."""
    own = [{m.sentence.index for m in d.mentions} for d in drafts]
    out = []
    for i in range(len(drafts)):
        taken = set()
        for j, d in enumerate(drafts):
            if j != i and not d.aggregate:
                taken |= own[j]
        out.append(RoleContext(mentions, frozenset(taken - own[i])))
    return out


def draft_role_sentences(
    draft: Draft, lead: list[Mention] | None, context: RoleContext | None
) -> list[tuple[Mention, int]]:
    """The sentences the role ranker reads for a draft (call before the report is written:
    dating and placing add the lead's mentions to the draft)."""
    from warmonitor.roles.candidates import role_sentences

    if context is None:
        return role_sentences(list(draft.mentions), [], set(), False)
    return role_sentences(list(draft.mentions), context.mentions, set(context.taken), bool(lead))


def draft_to_report(
    draft: Draft,
    document: Document,
    index: int,
    published: dt.date | None,
    lead: list[Mention] | None = None,
    context: RoleContext | None = None,
) -> Report:
    """The record of one draft; ``lead`` (the first sentences) only for a document's main report;
    ``context`` (``role_contexts``) the sentences the role ranker may read beyond the draft's."""
    report = Report(
        document_id=document.id, event_type=draft.event_type, index=index, aggregate=draft.aggregate
    )
    role_mentions = draft_role_sentences(draft, lead, context)
    log = _EvidenceLog(document)
    for m in draft.mentions:
        if m.trigger is not None:
            log.add("event_type", m.event_type, m.trigger.start, m.trigger.end, m)
    _add_date(report, draft, log, published, lead)
    _add_casualties(report, draft, log)
    _add_roles(report, draft, log, role_mentions)
    _add_denials(report, draft, log)
    _add_places(report, draft, log, lead)
    _settle_type(report, log.items)
    report.evidence = log.items
    return report
