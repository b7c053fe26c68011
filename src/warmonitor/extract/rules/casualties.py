"""Casualty phrases: counts, victims and their fate ("42 civilians had been killed").

The patterns are English data in ``lang.en.casualties``; this module decides what a
match counts: how many, who, killed / injured / abducted, and the second groups a
phrase runs on to ("... killed and 98 wounded").
"""

from __future__ import annotations

import re
from typing import Any

from warmonitor.extract.findings import Casualty
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en import casualties as pt
from warmonitor.lang.en import lexicon as lx
from warmonitor.lang.en.numbers import parse_count
from warmonitor.nlp.tokens import coarse_pos
from warmonitor.records import Count

_SINGLE_WORDS = ("the", "his", "her", "their", "he", "she", "him", "himself", "herself")
_PEOPLE_WORDS = ("people", "persons", "individuals", "victims", "others")
MAX_LISTED_GROUPS = 6  # groups listed before one verb ("A, B, C and D were killed")


def _status_of(verb: str, after: str, before: str) -> str:
    v = verb.lower()
    if pt.KILLED_VERB_RE.match(v):
        return "killed"
    if pt.ABDUCTED_VERB_RE.match(v):
        return "abducted"
    if re.match(r"left|leaving", v):
        return "unknown"
    if v == "shot" and pt.SHOT_KILLED_AFTER_RE.match(after):
        return "killed"
    if pt.FATALLY_BEFORE_RE.search(before):
        return "killed"  # "fatally shot", "fatally wounded", "mortally wounded"
    return "injured"


def _casualty(
    sent: Sentence, status: str, count: Count, victim: str | None, kind: str | None, s: int, e: int
) -> Casualty:
    """A casualty found at document offsets ``s``..``e`` of the sentence."""
    return Casualty(status, count, victim, kind, s, e, sent.text[s - sent.start : e - sent.start])


def named_victims(sent: Sentence, found: list[Casualty]) -> list[Casualty]:
    """ "Jefferson Rivers, 45, was shot and killed": one named victim."""
    out: list[Casualty] = []
    if sent.span is None:
        return out
    for ent in sent.ents:
        if ent.label_ != "PERSON":
            continue
        s, e = ent.start_char, ent.end_char
        if any(c.start <= s < c.end for c in found):
            continue
        match = pt.NAMED_FATE_RE.match(sent.text[e - sent.start :])
        if not match:
            continue
        verb = (match.group("verb") or match.group("died") or "").lower()
        if re.match(r"kidnap|abduct", verb):
            status = "abducted"
        elif re.match(r"shot$|wounded|injured", verb):
            status = "injured"
        else:
            status = "killed"
        end = e + match.end()
        out.append(
            Casualty(
                status,
                Count(1, 1, 1),
                ent.text,
                "civilians",
                s,
                end,
                sent.text[s - sent.start : end - sent.start],
            )
        )
    return out


# Verbs whose subject died or was killed, and those whose object was ("killing him").
_DIED_WORDS = frozenset({"died", "dies", "succumbed"})  # not "die": "could die", "to die"
_KILLED_WORDS = frozenset({"killed", "killing", "murdered", "murdering", "slain", "executed"})
# A name in these frames is a person whatever the small model's NER says ("Ferguson" as ORG,
# "Medina Knowles" as LOC: places and groups do not die), except dates and nationalities.
_NOT_PEOPLE_ENTS = frozenset({"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY"})
_RELATIVE = frozenset({"who", "that", "which"})


_KIN_WORD_RE = re.compile(rf"(?:{pt.KIN}|{pt.KIN_PLURAL})", re.I)


def _names_people(word: str) -> bool:
    return victim_kind(word) is not None or bool(_KIN_WORD_RE.fullmatch(word))


def _parse_subjects(verb: Any) -> list[Any]:
    """The subjects of a verb; a conjoined verb shares its first verb's ("was hospitalized
    ... and died")."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ == "relcl":
        # "the three students who died": the noun the clause is about; "a man whose brother
        # died in the war" is background about someone else.
        return [verb.head] if own and all(c.lower_ in _RELATIVE for c in own) else []
    if own or verb.dep_ != "conj" or verb.head is verb:
        return own
    return _parse_subjects(verb.head)


# What may follow a name that is the subject of its fate ("Castillo died", "X, 18, and Y were
# killed", "Ferguson later died"); another verb there means the parse took the subject of
# that verb ("Coroner Pam Gay confirmed a boy ... died").
_AFTER_NAME = frozenset({",", "died", "dies", "later", "also", "was", "were", "had", "has", "and"})


def _next_word(tok: Any) -> str:
    return tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""


def _person_fate(tok: Any) -> tuple[Count, str | None] | None:
    """One person (a name, "him", "the man") or a stated number the parse names, else None."""
    if tok.lower_ in ("him", "her"):
        return Count(1, 1, 1), None
    pos = coarse_pos(tok)
    if (
        tok.tag_ == "NNP"
        and tok.text[:1].isupper()
        and not tok.text.isupper()  # a dateline ("CHICAGO —"), not a name
        and tok.ent_type_ not in _NOT_PEOPLE_ENTS
        and (tok.dep_ == "dobj" or _next_word(tok) in _AFTER_NAME)
    ):
        return Count(1, 1, 1), tok.text  # a name: its head word is enough to say so
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
    if pos == "NOUN" and tok.tag_ == "NN" and dets and _names_people(tok.lower_):
        return Count(1, 1, 1), tok.lower_  # "the teen", "that man", "her granddaughter"
    number = next((c for c in tok.children if c.dep_ == "nummod"), None)
    if pos == "NOUN" and tok.tag_ == "NNS" and number is not None and _names_people(tok.lower_):
        count = parse_count(number.text)  # "the three students who died"
        return (count, tok.lower_) if count is not None and count.best else None
    if pos == "NUM" or tok.like_num:  # "three of the shooting victims died"
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        group = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        count = parse_count(tok.text)
        if group is not None and _names_people(group.lower_) and count is not None and count.best:
            return count, group.lower_
    return None


def parsed_fates(sent: Sentence, found: list[Casualty]) -> list[Casualty]:
    """Deaths the parse states and no pattern read: the subject of "died" ("Ferguson died on
    Saturday", "The teen, who was found with a gunshot wound, later died"), the subject of a
    passive "was killed", the object of an active one ("killing him", "shot and killed
    Regula"), each conjunct once ("X, 18, and Y, 16, were killed")."""
    out: list[Casualty] = []
    if sent.span is None:
        return out
    read = list(found)  # what the patterns and this reader counted so far
    for verb in sent.span:
        low = verb.lower_
        if low not in _DIED_WORDS and low not in _KILLED_WORDS:
            continue  # most words: checked first, the sentence is read once per document
        if coarse_pos(verb) not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in verb.children):
            continue
        if any(c.start <= verb.idx < c.end for c in read):
            continue  # a pattern read this fate already ("Zachary Edwards, 16, died")
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if low in _DIED_WORDS or (low in _KILLED_WORDS and passive):
            people = _parse_subjects(verb)
        else:
            people = [c for c in verb.children if c.dep_ == "dobj"]
        for head in people:
            for tok in [head, *head.conjuncts]:
                fate = _person_fate(tok)
                if fate is None:
                    continue
                if fate[1] is None and any(c.status == "killed" for c in read):
                    continue  # "him" is someone the sentence counted already
                # The phrase: the word with its determiner, modifiers and name parts.
                first = min(
                    (c for c in tok.lefts if c.dep_ in ("compound", "det", "amod", "nummod")),
                    key=lambda c: c.i,
                    default=tok,
                )
                s, e = first.idx, tok.idx + len(tok.text)
                if any(c.start < e and s < c.end for c in read):
                    continue
                who = fate[1]  # a name or a person noun; None for "him"/"her"
                kind = None if who is None else victim_kind(who) or "civilians"
                # A name gives a count, not a victim record: the parse's names are often
                # partial ("Ferguson" for "Rodriquez Ferguson"), and linking reads victims'
                # names (a partial one makes two reports of one death look like two victims).
                # Names are the named-people layer's (``extract.assemble.people``).
                victim = who if who is not None and who.islower() else None
                out.append(_casualty(sent, "killed", fate[0], victim, kind, s, e))
                read.append(out[-1])
    return out


def victim_kind(victim: str | None) -> str | None:
    if not victim:
        return None
    if victim.lower() == "lives":
        return "people"
    words = victim.lower().split()
    for n in (2, 1):
        key = " ".join(words[-n:])
        if key in lx.VICTIM_NOUNS:
            return lx.VICTIM_NOUNS[key]
    return None


def _kin_count(listed: str) -> Count:
    """ "wife, son and daughter" = 3; "wife and their four children" = 5; "children" = at least 2."""
    items = [i for i in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed) if i.strip()]
    low = best = 0
    for item in items:
        item = re.sub(r"^(?:his|her|their)\s+", "", item.strip(), flags=re.I)
        lead = re.match(rf"(?P<n>{pt.QUANTITY})\s+", item, re.I)
        number = parse_count(lead.group("n")) if lead else None
        if number is not None and number.best is not None:
            low += number.low if number.low is not None else number.best
            best += number.best
        elif re.search(rf"\b(?:{pt.KIN_PLURAL})$", item, re.I):
            low, best = low + 2, best + 2  # "his children": two at least, how many unsaid
        else:
            low, best = low + 1, best + 1
    return Count(low, best, best)


def _match_count(match: re.Match[str], text: str) -> Count | None:
    """How many the match's quantity says: one for "the man", "his son", "he", a name."""
    qtext = match.group("q")
    victim = match.groupdict().get("v")
    if qtext.lower() in ("his", "her", "their") and victim:
        return _kin_count(victim)  # "killed his wife, son and daughter"
    single = (
        qtext.lower() in _SINGLE_WORDS
        or (qtext[:1].isupper() and qtext == match.groupdict().get("v"))
        or (
            qtext.lower() in ("a", "an")
            and bool(re.match(r"\s+(?:himself|herself)", text[match.end() :]))
        )
    )
    if re.fullmatch(rf"(?:an?\s+)?{pt.AGE}", qtext, re.I):
        return Count(1, 1, 1)  # "killing 15-year-old ...": the age names one person
    return Count(1, 1, 1) if single else parse_count(qtext)


def _match_status(match: re.Match[str], text: str) -> tuple[str, int] | None:
    """The fate a match states and where the phrase ends; None when it states none."""
    verb = match.group("verb")
    after = text[match.end() : match.end() + 30]
    status = _status_of(verb, after, text[max(0, match.start("verb") - 12) : match.start("verb")])
    mend = match.end()
    post = pt.STATUS_AFTER_RE.match(text, mend)
    if status == "unknown":
        if not post:
            return None  # "leaving two": leaving them how?
        status = "killed" if post.group(1).lower() in ("dead", "killed") else "injured"
    if post:
        mend = post.end()
    single = match.group("q").lower() in ("a", "an", "the", "he", "she")
    if status == "injured" and single and (later := pt.DIED_LATER_RE.match(text, mend)):
        status, mend = "killed", later.end()  # "a teen hospitalized after a shooting has died"
    return status, mend


def _not_a_casualty(pattern: re.Pattern[str], match: re.Match[str], text: str) -> bool:
    """Matches that look like a casualty but are not one."""
    qtext = match.group("q").strip().lower()
    victim = match.groupdict().get("v")
    verb = match.group("verb")
    before = text[max(0, match.start() - 30) : match.start()]
    if qtext in ("a", "an") and (not victim or victim.split()[-1].lower().endswith("s")):
        return True  # a bare article counts only with a singular person noun ("a man was shot")
    if pt.INCLUDING_RE.search(before):
        return True  # a subset of a group already counted
    # "a father shot and killed his son": the subject did it, it did not happen to him.
    return (
        pattern is pt.SUBJECT_FATE_RE
        and not re.match(r"died|dead|perished|lost", verb, re.I)
        and bool(pt.ACTIVE_OBJECT_RE.match(text[match.end() :]))
        and not pt.PASSIVE_AUX_RE.search(text[match.end("v") : match.start("verb")])
    )


def _killed_among_shot(sent: Sentence, first: Casualty, mend: int) -> Casualty | None:
    """ "four people were shot, one fatally": the shot are killed plus injured."""
    fatal = pt.SHOT_FATAL_RE.search(sent.text[mend:])
    count = parse_count(fatal.group("q")) if fatal else None
    if fatal is None or count is None or count.best is None:
        return None
    s, e = sent.at(mend + fatal.start("q")), sent.at(mend + fatal.end())
    return _casualty(sent, "killed", count, first.victim, first.kind, s, e)


def _another_injured(
    sent: Sentence, first: Casualty, mend: int
) -> tuple[Casualty, tuple[int, int]] | None:
    """ "three people were killed and another critically injured"."""
    another = pt.ANOTHER_INJURED_RE.match(sent.text[mend:])
    if not another or not (
        another.group("verb") or re.search(r"wounding|injuring", another.group(0), re.I)
    ):
        return None
    s, e = sent.at(mend + another.start("q")), sent.at(mend + another.end())
    found = _casualty(sent, "injured", Count(1, 1, 1), first.victim, first.kind, s, e)
    return found, (mend + another.start("q"), mend + another.end("q"))


def _second_groups(
    sent: Sentence, first: Casualty, mend: int
) -> list[tuple[Casualty, tuple[int, int]]]:
    """The groups a casualty phrase runs on to, with the quantity span each takes."""
    rest = sent.text[mend:]

    def taken(match: re.Match[str]) -> tuple[int, int]:
        return mend + match.start("q"), mend + match.end("q")

    fate = pt.SECOND_GROUP_FATE_RE.match(rest)  # "... killed and 98 wounded"
    if fate:
        count = parse_count(fate.group("q"))
        if count is None:
            return []
        s, e = sent.at(mend + fate.start("q")), sent.at(mend + fate.end())
        status = _status_of(fate.group("verb"), "", "")
        victim = fate.group("v") or first.victim  # "and three civilians were wounded"
        found = _casualty(sent, status, count, victim, victim_kind(victim), s, e)
        return [(found, taken(fate))]
    out = []
    verb_first = pt.SECOND_VERB_RE.match(rest)  # "... and wounded 12"
    if verb_first:
        count = parse_count(verb_first.group("q"))
        if count is not None and count.best is not None:
            victim = verb_first.group("v") or first.victim
            s, e = sent.at(mend + verb_first.start("verb")), sent.at(mend + verb_first.end())
            status = _status_of(verb_first.group("verb"), "", "")
            found = _casualty(sent, status, count, victim, victim_kind(victim), s, e)
            return [(found, taken(verb_first))]
    group = pt.SECOND_GROUP_RE.match(rest)  # "killed three soldiers and two civilians"
    if group:
        count = parse_count(group.group("q"))
        victim = group.group("v")
        if count is not None and count.best is not None:
            s, e = sent.at(mend + group.start("q")), sent.at(mend + group.end())
            status = first.status
            own = pt.GROUP_OWN_FATE_RE.match(rest, group.end())
            if own is not None:  # "and three others - including two children - were wounded"
                status = (
                    "injured" if own.group("hospital") else _status_of(own.group("verb"), "", "")
                )
            found = _casualty(sent, status, count, victim, victim_kind(victim), s, e)
            out.append((found, taken(group)))
    return out


def _pronounced_dead(sent: Sentence) -> Casualty | None:
    """ "... was taken to a hospital and pronounced dead": one person, named before."""
    dead = pt.PRONOUNCED_DEAD_RE.search(sent.text)
    if not dead or pt.PLURAL_SUBJECT_RE.search(dead.group(0)):
        return None
    s, e = sent.at(dead.start()), sent.at(dead.end())
    return Casualty("killed", Count(1, 1, 1), None, None, s, e, dead.group(0))


def _read_match(
    sent: Sentence, pattern: re.Pattern[str], match: re.Match[str]
) -> list[tuple[Casualty, tuple[int, int] | None]]:
    """The casualties one pattern match states: its own, then the groups it runs on to.

    Each comes with the quantity span it takes (None: it takes none), so that no
    later pattern counts the same number twice.
    """
    text = sent.text
    count = _match_count(match, text)
    if count is None:
        return []
    fate = _match_status(match, text)
    if fate is None or _not_a_casualty(pattern, match, text):
        return []
    status, mend = fate
    victim = match.groupdict().get("v")
    kind = victim_kind(victim)
    if victim is None and match.group("q").lower() in ("himself", "herself"):
        # "... before killing himself": the attacker, one more death beside those he killed
        victim, kind = match.group("q"), "perpetrator"
    start, end = sent.at(min(match.start("q"), match.start())), sent.at(match.end())
    first = _casualty(sent, status, count, victim, kind, start, end)
    out: list[tuple[Casualty, tuple[int, int] | None]] = [(first, match.span("q"))]
    verb = match.group("verb")
    if (
        pattern is pt.SUBJECT_FATE_RE
        and status == "injured"
        and re.match(r"(?:shot|struck|hit)\b", verb, re.I)
    ):
        first.via_shot = True
        killed = _killed_among_shot(sent, first, mend)
        if killed is not None:
            out.append((killed, None))
    if pattern is pt.SUBJECT_FATE_RE:
        out.extend(_first_group(sent, first, match.start()))
    another = _another_injured(sent, first, mend)
    if another is not None:
        out.append(another)
    out.extend(_second_groups(sent, first, mend))
    return out


def _first_group(
    sent: Sentence, first: Casualty, start: int
) -> list[tuple[Casualty, tuple[int, int]]]:
    """ "At least 21 passengers and four troops died", "Two soldiers, three policemen and four
    civilians were killed": the groups listed before the subject, sharing its verb."""
    out: list[tuple[Casualty, tuple[int, int]]] = []
    pattern = pt.FIRST_GROUP_RE
    while len(out) < MAX_LISTED_GROUPS:
        before = sent.text[max(0, start - 80) : start]
        group = pattern.search(before)
        if group is None:
            break
        count = parse_count(group.group("q"))
        if count is None or count.best is None:
            break
        offset = start - len(before)
        victim = group.group("v")
        s, e = sent.at(offset + group.start("q")), sent.at(offset + group.end("v"))
        found = _casualty(sent, first.status, count, victim, victim_kind(victim), s, e)
        out.append((found, (offset + group.start("q"), offset + group.end("q"))))
        start, pattern = offset + group.start(), pt.LIST_GROUP_RE
    return out


def find_casualties(sent: Sentence) -> list[Casualty]:
    """Every casualty phrase of a sentence, each quantity counted once."""
    found: list[Casualty] = []
    taken: list[tuple[int, int]] = []
    for pattern in pt.CASUALTY_RES:
        for match in pattern.finditer(sent.text):
            qs, qe = match.span("q")
            if any(qs < b and a < qe for a, b in taken):
                continue
            for casualty, span in _read_match(sent, pattern, match):
                if span is not None and any(span[0] < b and a < span[1] for a, b in taken):
                    continue  # a group this match runs on to, counted already by its own match
                found.append(casualty)
                if span is not None:
                    taken.append(span)
    # "the gunman then killed himself" is one death: the phrase naming him holds "himself"
    found = [
        c
        for c in found
        if not (
            c.kind == "perpetrator"
            and any(o is not c and o.start <= c.start < o.end for o in found)
        )
    ]
    if not found:
        dead = _pronounced_dead(sent)
        if dead is not None:
            found.append(dead)
    return found
