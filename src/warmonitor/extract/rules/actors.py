"""Perpetrators: subjects and agents of trigger verbs, actor words and named groups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from warmonitor import taxonomy
from warmonitor.extract.findings import Hit, Mention, clause_at
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en import lexicon as lx
from warmonitor.nlp.tokens import DETERMINERS_RE, PRONOUNS, coarse_pos, noun_phrase
from warmonitor.records import (
    Actor,
)


def np_ending_at(sent: Sentence, end: int) -> tuple[int, int, str] | None:
    """The parsed noun phrase whose head ends at document offset ``end``."""
    if sent.span is None:
        return None
    for tok in sent.span:
        if tok.idx + len(tok.text) == end and coarse_pos(tok) in ("NOUN", "PROPN"):
            s, e, text = noun_phrase(tok)
            return s, e, text
    return None


_QUANT_PREFIX = re.compile(
    r"^(?:(?:approximately|about|around|some|nearly|at\s+least|more\s+than|an?\s+unknown\s+number\s+of|"
    r"an?\s+(?:small\s+|large\s+)?group\s+of|groups?\s+of|a\s+band\s+of|dozens\s+of|hundreds\s+of|"
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|several|or|and|to)\s+)+",
    re.I,
)


def actor_from_phrase(phrase: str, ents: list[tuple[str, str]]) -> Actor | None:
    """An Actor for a noun phrase when it names an armed actor; None otherwise."""
    clean = DETERMINERS_RE.sub("", phrase.strip()).strip(" ,.'\"“”")
    # "approximately 20 or 30 terrorists", "a group of gunmen": the count is not the name.
    clean = _QUANT_PREFIX.sub("", clean)
    if clean.count("(") > clean.count(")"):
        clean = clean[: clean.rfind("(")].rstrip()  # a bracket the phrase cut open
    clean = re.sub(r"^(?:the|a|an)\s+", "", clean, flags=re.I)
    if not clean or clean.lower() in PRONOUNS:
        return None
    low = clean.lower()
    normalized = None
    for key in sorted(lx.ACTOR_NAMES, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", low):
            normalized = lx.ACTOR_NAMES[key]
            break
    words = re.findall(r"[\w-]+", low)
    head = words[-1] if words else ""
    two = " ".join(words[-2:])
    kind = lx.ACTOR_NOUNS.get(two) or lx.ACTOR_NOUNS.get(head)
    if (
        lx.TARGET_NOUN_RE.fullmatch(head)
        or lx.AIRCRAFT_NOUN_RE.fullmatch(head)
        or any(p.fullmatch(head) for p, _ in lx.WEAPON_RES)
        or head
        in ("weapon", "weapons", "violence", "shelling", "fire", "strikes", "attack", "attacks")
    ):
        return None
    # An entity names the actor only when it is the head of the phrase ("US government", not "US war planes").
    labels = {
        label
        for text, label in ents
        if text.lower() in low and low.endswith(text.lower().rstrip("'s"))
    }
    if normalized:
        return Actor(clean, normalized, "organization")
    if kind:
        if kind == "organization" and "GPE" in labels and head in ("army", "military"):
            kind = "state"
        return Actor(clean, None, kind)  # type: ignore[arg-type]
    if "PERSON" in labels:
        return Actor(clean, None, "individual")
    if "ORG" in labels:
        return Actor(clean, None, "organization")
    if "GPE" in labels and len(words) <= 3:
        return Actor(clean, None, "state")
    return None


_BY_ACTOR = re.compile(
    r"\bby\s+(?P<a>(?:(?:the|a|an)\s+)?(?:(?!by\b)[\w'-]+\s+){0,5}?(?:"
    + "|".join(sorted((re.escape(k) for k in lx.ACTOR_NOUNS), key=len, reverse=True))
    + r"))\b",
    re.I,
)
_BLAMED_ON = re.compile(
    r"\bblam(?:ed|es|ing)\s+(?:\w+\s+){0,4}?on\s+(?P<a>(?:[\w'-]+\s+){0,4}?[\w'-]+?)(?=\s*(?:,|\.|;|$|\bbut\b|\band\b|\bfor\b|\bwhich\b))",
    re.I,
)
_CLAIMED_BY = re.compile(
    r"(?P<a>(?:[\w'-]+\s+){0,4}?[\w'-]+)\s+(?:has\s+|have\s+|had\s+)?claimed\s+responsibility", re.I
)


_NOT_MODIFIER = (
    r"(?:of|the|a|an|in|on|at|to|for|by|with|from|only|and|or|that|this|these|those|was|were|has|have|had|"
    r"is|are|be|been|said|says|say|told|reported|report|claimed|added|stated|witnesses|arrested|detained|captured|killed|police|when|after|before|as|while)"
)
_ACTOR_WORDS = "|".join(
    sorted(
        (
            re.escape(k)
            for k, v in lx.ACTOR_NOUNS.items()
            if k not in ("man", "group", "unit", "opposition")
        ),
        key=len,
        reverse=True,
    )
)
# "guerrillas attacked", "armed men opened fire", "the army shelled": an actor word as subject.
_ACTOR_DOES = re.compile(
    rf"(?<![\w'-])(?P<a>(?:(?!{_NOT_MODIFIER}\b)[\w'-]+\s+){{0,3}}?(?:{_ACTOR_WORDS}))\s+(?:(?:also|reportedly|allegedly|apparently|then|later|later\s+on|had|have|has|again|first|yesterday|today|\w+day)\s+){{0,2}}"
    r"(?:attacked|killed|murdered|staged|carried\s+out|perpetrated|committed|mounted|placed|kidnapped|abducted|bombed|dynamited|set\s+fire|set\s+off|burned|torched|"
    r"blew\s+up|destroyed|fired|shot|ambushed|raided|assassinated|detonated|planted|hurled|threw|opened\s+fire|"
    r"stormed|seized|executed|shelled|launched|struck|machinegunned|massacred|gunned\s+down|shot\s+down)\b",
    re.I,
)
GROUP_NAMES_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted((re.escape(k) for k in lx.ACTOR_NAMES), key=len, reverse=True))
    + r")(?![\w-])",
    re.I,
)


# What follows a participle with no object: "soldiers killed in / on Monday / when ...".
_REDUCED_PASSIVE_AFTER = re.compile(
    r"\s*(?:[,.;:]|$|(?:in|on|at|by|when|as|after|during|near|while|outside|inside|overnight|"
    r"yesterday|today|last|this|early|late|[a-z]+day)\b)",
    re.I,
)

_VICTIM_PARTICIPLE = re.compile(
    r"(?:killed|murdered|kidnapped|abducted|shot|executed|massacred|assassinated|gunned\s+down)$",
    re.I,
)
_MEMBERS_OF = re.compile(
    r"\b(?:members?|militants?|fighters?|units?|commandos?|cells?)\s+of\s+(?:the\s+)?$"
)
_GROUP_AS_OBJECT = re.compile(
    r"\b(?:against|on|targeting|with|between|and|to|from|of|by)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$"
)
_NOT_AN_AGENT_BEFORE = re.compile(
    r"\b(?:held|controlled|backed|supported|linked|run|led|owned|armed|equipped|supplied|provided|made|manufactured|delivered|given|sent|produced|funded|surrounded|occupied|used|founded|recognized)\s+$",
    re.I,
)


@dataclass(slots=True)
class _Perpetrators:
    """The perpetrators found so far in one sentence; the first phrase over a stretch wins."""

    sentence: Sentence
    ents: list[tuple[str, str]]
    hits: list[Hit] = field(default_factory=list)

    def add(self, start: int, end: int, text: str) -> None:
        actor = actor_from_phrase(text, self.ents)
        if actor is None or any(h.start < end and start < h.end for h in self.hits):
            return
        self.hits.append(Hit(actor, start, end, text))

    def add_token(self, tok: Any) -> None:
        """The noun phrase of a subject or agent token and of its conjuncts."""
        for t in [tok, *[c for c in tok.conjuncts]]:
            if coarse_pos(t) == "PRON" or t.lower_ in PRONOUNS:
                continue
            s, e, txt = noun_phrase(t)
            self.add(s, e, txt)


def _trigger_ranges(m: Mention) -> list[tuple[int, int]]:
    """This event's trigger words (a generic type's include the other generic ones), else all."""
    generic = taxonomy.generic_types()
    wanted = {m.event_type} | (generic if m.event_type in generic else set())
    return [(t.start, t.end) for t in m.trigger_spans if t.label in wanted] or [
        (t.start, t.end) for t in m.trigger_spans
    ]


# Verbs whose subject suffers the event: "Amanda Ghossien ... died after being shot".
# (word forms: the extraction pipeline runs without a lemmatizer)
_FATE_VERB_RE = re.compile(r"(?:die[sd]?|dying|perish(?:ed|es)?|succumb(?:ed|s)?|drown(?:ed|s)?)$")


def _subjects_of_verb(verb: Any, found: _Perpetrators) -> None:
    """Subjects and passive agents of a trigger verb; "... to attack": the controlling subject."""
    if _FATE_VERB_RE.match(verb.lower_):
        return  # the one who died is a victim, never the doer
    for child in verb.children:
        if child.dep_ == "nsubj":
            found.add_token(child)
        elif child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.add_token(pobj)
    if verb.dep_ in ("xcomp", "advcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        for child in verb.head.children:
            if child.dep_ == "nsubj":
                found.add_token(child)


def _parsed_perpetrators(m: Mention, ranges: list[tuple[int, int]], found: _Perpetrators) -> None:
    """From the parse: subjects of trigger verbs, owners of trigger nouns ("the army's attack",
    "attacks by rebels")."""
    sent = m.sentence
    for tok in sent.span:
        a = tok.idx
        if not any(s <= a < e for s, e in ranges):
            continue
        verb = tok if coarse_pos(tok) in ("VERB", "AUX") else None
        if verb is None and tok.dep_ in ("prt",) and coarse_pos(tok.head) == "VERB":
            verb = tok.head
        if verb is not None:
            _subjects_of_verb(verb, found)
        elif coarse_pos(tok) == "NOUN":
            for child in tok.children:
                if child.dep_ == "poss" and child.lower_ not in PRONOUNS:
                    found.add_token(child)
                if child.dep_ == "prep" and child.lower_ == "by":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found.add_token(pobj)


def _actor_word_subjects(
    m: Mention, ranges: list[tuple[int, int]], violent: bool, found: _Perpetrators
) -> None:
    """ "guerrillas attacked", "the army shelled": an actor word as the subject of an act."""
    sent, text = m.sentence, m.sentence.text
    for match in _ACTOR_DOES.finditer(text):
        if _REDUCED_PASSIVE_AFTER.match(text, match.end()) and _VICTIM_PARTICIPLE.search(
            match.group(0)
        ):
            continue  # "soldiers killed in an ambush": they are the victims
        s, e = match.span("a")
        parsed = np_ending_at(sent, sent.at(e))
        if parsed is not None and parsed[0] > sent.at(s):
            s = parsed[0] - sent.start  # the parser's phrase, not the words the pattern swept up
        # The subject must come shortly before one of this event's trigger words,
        # unless its verb is itself an act of violence ("stormed", "ambushed").
        if violent or any(
            0 <= s_ - sent.at(e) <= 40 or s_ <= sent.at(match.end()) <= e_ + 1 for s_, e_ in ranges
        ):
            found.add(sent.at(s), sent.at(e), match.group("a"))


def _named_groups(m: Mention, violent: bool, found: _Perpetrators) -> None:
    """A named armed group in the event's clause ("fmln urban commandos attacked")."""
    if m.trigger is None:
        return
    sent, text = m.sentence, m.sentence.text
    seg = (0, len(text)) if violent else clause_at(text, m.trigger.start - sent.start)
    for match in GROUP_NAMES_RE.finditer(text, seg[0], seg[1]):
        prefix = text[max(0, match.start() - 25) : match.start()].lower()
        members = _MEMBERS_OF.search(prefix)
        if not members and _GROUP_AS_OBJECT.search(prefix):
            continue  # "attacks against the FMLN": the group is not the doer
        if members:
            # "members of the FMLN attacked ...": the members are the perpetrators.
            start = match.start() - len(prefix) + members.start()
            found.add(sent.at(start), sent.at(match.end()), text[start : match.end()])
            continue
        found.add(sent.at(match.start()), sent.at(match.end()), match.group(0))


def _agents_and_claims(m: Mention, ranges: list[tuple[int, int]], found: _Perpetrators) -> None:
    """ "shot down by X" close after a trigger, "blamed on X", "X claimed responsibility"."""
    sent, text = m.sentence, m.sentence.text
    for pattern in (_BY_ACTOR, _BLAMED_ON, _CLAIMED_BY):
        for match in pattern.finditer(text):
            if pattern is _BY_ACTOR:
                if _NOT_AN_AGENT_BEFORE.search(text[max(0, match.start() - 15) : match.start()]):
                    continue  # "areas held by X", "groups backed by X" name no perpetrator
                at = sent.at(match.start())
                if not any(
                    0 <= at - e <= 25 and "," not in text[e - sent.start : match.start()]
                    for s_, e in ranges
                ):
                    continue
            s, e = match.span("a")
            found.add(sent.at(s), sent.at(e), match.group("a"))


def find_perpetrators(m: Mention) -> list[Hit]:
    """Who did it, in the order the cues are trusted: the parse, actor words, group names, agents."""
    sent = m.sentence
    if sent.span is None:
        return []
    found = _Perpetrators(sent, [(e.text, e.label_) for e in sent.ents])
    ranges = _trigger_ranges(m)
    violent = m.strong and m.event_type in taxonomy.violent_types()
    _parsed_perpetrators(m, ranges, found)
    _actor_word_subjects(m, ranges, violent, found)
    _named_groups(m, violent, found)
    _agents_and_claims(m, ranges, found)
    return found.hits
