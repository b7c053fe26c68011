"""What the rule finders read from one sentence, and the clause helpers they share.

``Mention`` is what assembly knows of one sentence, read from the finders' span
groups (``extract/assemble/mentions``; the contract is ``extract/spans``): every
value carries document character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from warmonitor.extract.sentences import LabelledSpan, Sentence
from warmonitor.lang.en import lexicon as lx
from warmonitor.lang.en.dates import PRECISION_RANK, DateMention
from warmonitor.records import Count, PlaceMention, Span


@dataclass(slots=True)
class Hit:
    """A value found in a sentence: what, where (document offsets)."""

    value: Any
    start: int
    end: int
    text: str
    hedged: bool = False


@dataclass(slots=True)
class Casualty:
    status: str  # killed | injured
    count: Count
    victim: str | None
    kind: str | None
    start: int
    end: int
    text: str
    via_shot: bool = False  # "four people were shot": GVA-style, shot = killed + injured


@dataclass(slots=True)
class Mention:
    sentence: Sentence
    event_type: str | None = None
    strong: bool = False
    types: set[str] = field(default_factory=set)
    trigger: Span | None = None  # the event word that typed the mention
    trigger_spans: list[LabelledSpan] = field(
        default_factory=list
    )  # every event word, label = type
    aggregate: bool = False
    anaphora: list[LabelledSpan] = field(default_factory=list)  # label = the noun, lower-cased
    new_incident: bool = False
    dates: list[DateMention] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    perpetrators: list[Hit] = field(default_factory=list)
    targets: list[Hit] = field(default_factory=list)
    weapons: list[Hit] = field(default_factory=list)
    aircraft: list[Hit] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    source: str | None = None
    hedged: bool = False
    # Other events in other clauses of the sentence.
    subs: list[Mention] = field(default_factory=list)
    # (start, end, source) for each say-verb of the sentence and the stretch it governs.
    scopes: list[LabelledSpan] = field(default_factory=list)  # label = the source

    def source_at(self, start: int) -> str | None:
        """The source of a value at ``start``: the innermost say-verb stretch holding it."""
        inside = [s for s in self.scopes if s.start <= start < s.end]
        if inside:
            return min(inside, key=lambda s: s.end - s.start).label
        return self.source

    @property
    def best_date(self) -> DateMention | None:
        dated = [d for d in self.dates if d.date.precision is not None]
        if not dated:
            return None
        # The most precise date, and among those the one nearest the event word
        # ("arrested Sunday for killing a family Saturday evening").
        anchor = self.trigger.start if self.trigger else 0
        return min(dated, key=lambda d: (PRECISION_RANK[d.date.precision], abs(d.start - anchor)))

    @property
    def historical_year(self) -> int | None:
        """The year of an explicit "in 2018"-style date, if the sentence has one."""
        for d in self.dates:
            if d.kind in ("year", "my", "dmy", "mdy", "iso") and d.date.start is not None:
                return d.date.start.year
        return None


def clause_at(text: str, pos: int) -> tuple[int, int]:
    """The clause of ``text`` around position ``pos`` (see ``lexicon.CLAUSE_BREAK_RE``)."""
    start, end = 0, len(text)
    for b in lx.CLAUSE_BREAK_RE.finditer(text):
        if b.end() <= pos:
            start = b.end()
        elif b.start() > pos:
            end = b.start()
            break
    return start, end


def in_aggregate_clause(text: str, pos: int) -> bool:
    """Whether the clause at ``pos``, or a short opening phrase ("So far in 2017, ..."), totals over time."""
    seg = clause_at(text, pos)
    if lx.AGGREGATE_RE.search(text[seg[0] : seg[1]]):
        return True
    first = clause_at(text, 0)
    return (
        first[1] <= seg[0]
        and len(text[: first[1]].split()) <= 8
        and bool(lx.AGGREGATE_RE.search(text[: first[1]]))
    )
