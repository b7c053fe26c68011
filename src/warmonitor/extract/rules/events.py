"""Event triggers of a sentence, and second events in other clauses."""

from __future__ import annotations

import re

from warmonitor import taxonomy
from warmonitor.extract.findings import Mention, clause_at, in_aggregate_clause
from warmonitor.extract.sentences import LabelledSpan
from warmonitor.lang.en import lexicon as lx


def detect_event(m: Mention) -> None:
    text = m.sentence.text
    if lx.NAMED_PAST_EVENTS_RE.search(text):
        text = lx.NAMED_PAST_EVENTS_RE.sub(lambda x: " " * len(x.group(0)), text)
    best: tuple[int, lx.Trigger, re.Match[str]] | None = None
    irrealis_start = bool(lx.IRREALIS_SENTENCE_RE.search(text))
    for trig in lx.TRIGGERS:
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
            if trig.event_type == "attack" and lx.NON_VIOLENT_CAUSE_RE.search(text):
                continue  # "five people were killed in the crash": an accident, not an attack
            m.types.add(trig.event_type)
            s, e = m.sentence.at(match.start()), m.sentence.at(match.end())
            m.trigger_spans.append(m.sentence.marked(s, e, trig.event_type))
            key = (0 if trig.strong else 1, trig.priority)
            if best is None or key < (0 if best[1].strong else 1, best[1].priority):
                best = (match.start(), trig, match)
    if best is not None:
        _, trig, match = best
        m.event_type = trig.event_type
        m.strong = trig.strong
        m.trigger = m.sentence.stretch(m.sentence.at(match.start()), m.sentence.at(match.end()))
    m.aggregate = False
    if best is not None:
        m.aggregate = in_aggregate_clause(text, best[2].start())
    m.anaphora = [
        m.sentence.marked(m.sentence.at(a.start()), m.sentence.at(a.end()), a.group("noun").lower())
        for a in lx.ANAPHORA_RE.finditer(text)
    ]
    m.new_incident = bool(lx.NEW_INCIDENT_RE.search(text))
    m.hedged = bool(lx.HEDGE_RE.search(text))


_OUTCOME_ING = re.compile(r"\w+ing\b")
_EVENT_ING = re.compile(r"(?:bombing|shelling|shooting)s?$", re.I)
_ACTIVE_ATTACK = re.compile(
    r"(?:killed|murdered|assassinated|massacred|shot\s+dead|gunned\s+down|attacked|raided|stormed|ambushed)\b",
    re.I,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|are|is)\s+(?:\w+\s+)?$", re.I)


def _distinct_act(m: Mention, other: str) -> bool:
    """Only clearly different acts split: burning or looting or abducting next to an
    attack; a rocket fired at a downed helicopter is that same event."""
    families = {taxonomy.act_family(other), taxonomy.act_family(m.event_type)}
    return len(families) > 1 and bool(families & taxonomy.DISTINCT_ACT_FAMILIES)


def _opens_second_event(m: Mention, marked: LabelledSpan, main_clause: tuple[int, int]) -> bool:
    """Whether an event word in another clause tells an act of its own."""
    text, base, t = m.sentence.text, m.sentence.start, marked.label
    s, e = marked.start - base, marked.end - base
    trig = next(tr for tr in lx.TRIGGERS if tr.event_type == t and tr.pattern.search(text[s:e]))
    if not trig.strong:
        return False
    seg = clause_at(text, s)
    if seg == main_clause or main_clause[0] <= s < main_clause[1]:
        return False
    word = text[s:e]
    if _OUTCOME_ING.match(word) and not _EVENT_ING.match(word):
        return False  # "..., killing six soldiers": the outcome of the main event
    return t != "attack" or bool(
        _ACTIVE_ATTACK.match(word) and not _PASSIVE_BEFORE.search(text[max(0, s - 20) : s])
    )


def _split_off(m: Mention, marked: LabelledSpan) -> Mention:
    """The second event with the values of its clause, taken from the main mention."""
    seg = clause_at(m.sentence.text, marked.start - m.sentence.start)
    lo, hi = m.sentence.start + seg[0], m.sentence.start + seg[1]

    def inside(a: int) -> bool:
        return lo <= a < hi

    sub = Mention(
        sentence=m.sentence,
        event_type=marked.label,
        strong=True,
        types={marked.label},
        trigger=m.sentence.stretch(marked.start, marked.end),
        trigger_spans=[marked],
        dates=m.dates,
        casualties=[c for c in m.casualties if inside(c.start)],
        perpetrators=m.perpetrators,
        targets=[h for h in m.targets if inside(h.start)],
        weapons=[h for h in m.weapons if inside(h.start)],
        source=m.source,
        hedged=m.hedged,
    )
    m.casualties = [c for c in m.casualties if not inside(c.start)]
    m.targets = [h for h in m.targets if not inside(h.start)]
    m.weapons = [h for h in m.weapons if not inside(h.start)]
    return sub


def secondary_events(m: Mention) -> list[Mention]:
    """Other events a sentence reports in other clauses, each with the values of its clause."""
    if not m.strong or m.trigger is None or m.aggregate:
        return []
    main_clause = clause_at(m.sentence.text, m.trigger.start - m.sentence.start)
    subs: list[Mention] = []
    taken = {m.event_type}
    splittable = taxonomy.splittable_types()
    for marked in sorted(m.trigger_spans, key=lambda x: (x.start, x.end, x.label)):
        t = marked.label
        if t in taken or t not in splittable or not _distinct_act(m, t):
            continue
        if not _opens_second_event(m, marked, main_clause):
            continue
        subs.append(_split_off(m, marked))
        taken.add(t)
    return subs
