"""Event words of a sentence (``lexicon.TRIGGERS``) and its cues: anaphors, "another", hedges.

Second events in other clauses are split off by assembly (``assemble.clauses``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warmonitor.extract.findings import in_aggregate_clause
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en import cues as cues_en
from warmonitor.lang.en import lexicon as lx


@dataclass(slots=True)
class TriggerMatch:
    """One event word of a sentence (document offsets) and the trigger that matched it."""

    trigger: lx.Trigger
    start: int
    end: int
    aggregate: bool  # in a clause totalling over time ("have killed hundreds since January")


@dataclass(slots=True)
class SentenceCues:
    """The event words of a sentence and its cues: anaphors, "another attack", hedges."""

    triggers: list[TriggerMatch] = field(default_factory=list)
    anaphora: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, noun)
    new_incident: tuple[int, int] | None = None
    hedge: tuple[int, int] | None = None


# How far a cause may stand from the death it explains ("were killed on Monday in a crash").
_CAUSE_WINDOW = 40
# A trigger that names the violent act itself is no accident whatever else the sentence says
# ("officers shot and killed a man who ... had been involved in a crash").
_NEW_CLAUSE_RE = re.compile(r"\b(?:and|but|while|whereas|separately)\b", re.I)
_VIOLENT_ACT_RE = re.compile(r"shot|shoot|stab|gun|fire|bomb|blast|explo|attack|assault", re.I)


def _accidental(text: str, trigger: re.Match[str]) -> bool:
    """The death this trigger states has a non-violent cause right beside it."""
    if _VIOLENT_ACT_RE.search(trigger.group(0)):
        return False
    for cause in lx.NON_VIOLENT_CAUSE_RE.finditer(text):
        gap_after = cause.start() - trigger.end()  # "were killed [on Monday] in a crash"
        gap_before = trigger.start() - cause.end()  # "in the crash, five people died"
        if gap_before > 0 and _NEW_CLAUSE_RE.search(text, cause.end(), trigger.start()):
            continue  # "... in a road accident, and separately gunmen killed three"
        if gap_after <= _CAUSE_WINDOW and gap_before <= _CAUSE_WINDOW:
            return True  # beside it on either side, or overlapping ("drowned")
    return False


def find_triggers(sent: Sentence) -> SentenceCues:
    """Every event word of ``sent`` that is not irrealis, a named past event or an aircraft kind."""
    text = sent.text
    if lx.NAMED_PAST_EVENTS_RE.search(text):
        text = lx.NAMED_PAST_EVENTS_RE.sub(lambda x: " " * len(x.group(0)), text)
    cues = SentenceCues()
    irrealis_start = bool(lx.IRREALIS_SENTENCE_RE.search(text))
    crime_follow_up = bool(cues_en.CRIME_FOLLOW_UP_RE.search(text))
    for trig in lx.TRIGGERS:
        if trig.event_type == "arrests" and trig.strong and crime_follow_up:
            continue  # "police arrested a man in connection with the shooting"
        for match in trig.pattern.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            irr = lx.IRREALIS_BEFORE_RE.search(before)
            if irr and not lx.HAVE_RE.search(irr.group(0)):
                continue
            if irrealis_start and match.start() < 80:
                continue
            # "attack helicopters", "attack aircraft" name a kind of aircraft, not an attack.
            if re.match(r"attack\s+(?:helicopters?|aircraft|jets?|planes?)", match.group(0), re.I):
                continue
            if re.match(r"attack", match.group(0), re.I) and re.match(
                r"\s*(?:helicopters?|aircraft|jets?|planes?)", text[match.end() :], re.I
            ):
                continue
            if trig.event_type == "attack" and _accidental(text, match):
                continue  # "five people were killed in the crash": an accident, not an attack
            aggregate = in_aggregate_clause(text, match.start())
            cues.triggers.append(
                TriggerMatch(trig, sent.at(match.start()), sent.at(match.end()), aggregate)
            )
    cues.anaphora = [
        (sent.at(a.start()), sent.at(a.end()), a.group("noun").lower())
        for a in lx.ANAPHORA_RE.finditer(text)
    ]
    if found := lx.NEW_INCIDENT_RE.search(text):
        cues.new_incident = (sent.at(found.start()), sent.at(found.end()))
    if found := lx.HEDGE_RE.search(text):
        cues.hedge = (sent.at(found.start()), sent.at(found.end()))
    return cues
