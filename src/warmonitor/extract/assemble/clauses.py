"""Second events in other clauses of a sentence, each with the values of its clause.

"..., where they burned the houses": assembly splits such an act off the sentence's
main mention (read from the span groups by ``assemble.mentions``).
"""

from __future__ import annotations

import re

from warmonitor import taxonomy
from warmonitor.extract.findings import Mention, clause_at
from warmonitor.extract.sentences import LabelledSpan
from warmonitor.lang.en import lexicon as lx

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
    # The lexicon says whether the word is strong; a word no trigger knows (a learned
    # finder's) does not split.
    trig = next(
        (tr for tr in lx.TRIGGERS if tr.event_type == t and tr.pattern.search(text[s:e])), None
    )
    if trig is None or not trig.strong:
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
