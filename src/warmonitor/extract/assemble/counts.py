"""Casualty totals of a draft: groups in one sentence add up, repeated statements do not."""

from __future__ import annotations

from typing import Any

from warmonitor.extract.assemble.drafts import AIRCREW
from warmonitor.extract.findings import Casualty, Mention
from warmonitor.lang.en import casualties as pt
from warmonitor.records import (
    Count,
)


def combine_counts(counts: list[Count]) -> Count:
    """Several statements of the same group's count: widest low/high, largest best; a figure
    coded from a vague word counts only when no statement gives a number."""
    stated = [c for c in counts if c.best is not None and not c.is_vague()]
    if stated:
        counts = stated
    lows = [c.low for c in counts if c.low is not None]
    bests = [c.best for c in counts if c.best is not None]
    highs = [c.high for c in counts if c.high is not None]
    phrases = [c.phrase for c in counts if c.phrase]
    return Count(
        low=min(lows) if lows else None,
        best=max(bests) if bests else None,
        high=max(highs) if highs else None,
        phrase=phrases[0] if phrases else None,
    )


def count_total(casualties: list[tuple[Mention, Casualty]], status: str) -> Count:
    """Total per status: groups in one sentence add up; repeated statements do not."""
    by_kind: dict[str, list[Count]] = {}
    per_sentence: dict[tuple[str, int], list[Count]] = {}
    for m, c in casualties:
        if c.status != status:
            continue
        kind = c.kind if c.kind and c.kind != "unknown" else "people"
        kind = "crew" if kind in AIRCREW else kind  # pilots are crew: counted once, not added
        if c.victim and c.victim.split()[-1].lower() in (
            "people",
            "persons",
            "individuals",
            "victims",
            "others",
        ):
            kind = "people"  # says how many, not who: overlaps every other group
        per_sentence.setdefault((kind, m.sentence.index), []).append(c.count)
    for (kind, _), counts in per_sentence.items():
        numeric = [c for c in counts if c.best is not None]
        summed = (
            Count(
                low=sum(c.low for c in numeric)
                if all(c.low is not None for c in numeric)
                else None,
                best=sum(c.best or 0 for c in numeric),
                high=sum(c.high for c in numeric)
                if all(c.high is not None for c in numeric)
                else None,
            )
            if numeric
            else Count()
        )
        phrases = [c.phrase for c in counts if c.phrase]
        if phrases:
            summed.phrase = phrases[0]
        by_kind.setdefault(kind, []).append(summed)
    combined = {k: combine_counts(v) for k, v in by_kind.items() if v}
    if not combined:
        return Count()
    generic = combined.pop("people", None)
    specific = list(combined.values())
    phrase = next(
        (c.phrase for c in [*specific, *([generic] if generic else [])] if c.phrase), None
    )

    def add(values: list[int | None]) -> int | None:
        vals = [v for v in values if v is not None]
        return sum(vals) if vals else None

    total = Count(
        low=add([c.low for c in specific]),
        best=add([c.best for c in specific]),
        high=add([c.high for c in specific]) if all(c.high is not None for c in specific) else None,
        phrase=phrase,
    )
    if generic is not None and (total.best is None or (generic.best or 0) > total.best):
        total = Count(generic.low, generic.best, generic.high, phrase)
    return total


_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _one_person_head(c: Casualty) -> str | None:
    """The noun naming a casualty of exactly one person ("a woman" -> "woman"; "he" for a
    pronoun, which names nobody new), else None."""
    if c.count.best != 1:
        return None
    if not c.victim:
        words = c.text.split()
        if words and words[0].lower() in _PRONOUNS:
            return "he"
        # A name the parse read ("Cayle Mitchell Taylor" died): its surname.
        return words[-1].lower() if words and words[0][:1].isupper() else None
    return c.victim.split()[-1].lower()


def _gender(c: Casualty) -> str | None:
    """ "he" or "she" where a one-person casualty's pronoun or noun says which, else None."""
    words = c.victim.split()[-1:] if c.victim else c.text.split()[:1]  # "the woman"; "she ..."
    low = words[0].lower() if words else ""
    return "he" if low in pt.MALE else "she" if low in pt.FEMALE else None


def injured_total(casualties: list[tuple[Mention, Casualty]], killed: Count) -> Count:
    """Injured, reading "N were shot" as killed plus injured ("four shot, one fatally"), and
    one person shot who then died once, as killed: "a woman was wounded ... the woman died",
    "a 4-year-old accidentally shot ... a 4-year-old boy died", "Megan Sloss was shot ... she
    later died" (a pronoun's death is the named or same-gender person shot before)."""
    single_dead = [c for _, c in casualties if c.status == "killed" and _one_person_head(c)]
    dead = {_one_person_head(c) for c in single_dead}
    dead_victims = [c.victim.lower() for c in single_dead if c.victim]
    dead_pronouns = {
        _gender(c) or "he" for c in single_dead if not c.victim and _one_person_head(c) == "he"
    }

    def died(c: Casualty) -> bool:  # this injured one is someone the text says died
        head = _one_person_head(c)
        if head is None:
            return False
        if head in dead or (head == "he" and bool(dead)):
            return True
        words = set((c.victim or "").lower().split())
        if words and any(words <= set(d.split()) for d in dead_victims):
            return True  # "a 4-year-old" shot, "a 4-year-old boy" died
        if not dead_pronouns:
            return False
        if c.victim and c.victim[:1].isupper():
            return True  # a named person shot, then "she later died"
        return _gender(c) in dead_pronouns

    casualties = [(m, c) for m, c in casualties if not (c.status == "injured" and died(c))]
    plain = [(m, c) for m, c in casualties if c.status == "injured" and not c.via_shot]
    shot = [(m, c) for m, c in casualties if c.status == "injured" and c.via_shot]
    stated = count_total(plain, "injured")
    if not shot:
        return stated
    hit = count_total(shot, "injured")
    if hit.best is None:
        return stated
    k = killed.best or 0
    survivors = Count(
        None if hit.low is None else max(0, hit.low - k),
        max(0, hit.best - k),
        None if hit.high is None else max(0, hit.high - (killed.low or 0)),
    )
    if stated.best is None or survivors.best > stated.best:
        return survivors
    return stated


def count_json(c: Count) -> dict[str, Any]:
    return {"low": c.low, "best": c.best, "high": c.high, "phrase": c.phrase}
