"""Casualty phrases: counts, victims and their fate ("42 civilians had been killed").
"""

from __future__ import annotations

import re

from warmonitor.extract.findings import Casualty
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en import lexicon as lx
from warmonitor.numbers import QUANTITY, parse_count
from warmonitor.records import (
    Count,
)

_Q = rf"(?<![\w-])(?P<q>{QUANTITY})"
_AGE = r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ](?:year|month|week)s?[- ]old"
# Modifiers of a victim noun: words, but not the function words that would let a
# number reach across a clause ("NewsChannel 15 that a child was shot").
_MOD = r"(?:(?!(?:that|which|who|whom|a|an|the|and|or|but|of|to|in|on|at|for|with|from|by|as|was|were|is|are|had|has|have)\b)[\w'-]+\s+)"
_V = rf"(?P<v>{_MOD}{{0,3}}?(?:{lx.VICTIM_NOUN}|{_AGE}))(?![\w-])"
_KIN = r"wife|husband|son|daughter|mother|father|brother|sister|girlfriend|boyfriend|fiancee?|child|baby|stepson|stepdaughter|stepfather|stepmother|grandson|granddaughter|grandmother|grandfather|cousin|uncle|aunt|nephew|niece|neighbou?r|roommate|friend|partner"
_SINGULAR = r"victim|man|woman|boy|girl|teen|teenager|child|toddler|infant|baby|person|driver|officer|deputy|student|suspect|gunman|shooter|father|mother|son|daughter"
_KILLED = r"killed|dead|died|slain|executed|murdered|massacred|beheaded|shot\s+dead|lost\s+their\s+lives|perished"
_INJURED = r"wounded|injured|hurt|shot|hospitali[sz]ed|maimed|hit|struck|grazed"
_ABDUCTED = r"kidnapped|abducted|taken\s+hostage|held\s+hostage"
_STATUS_VERB = rf"(?P<verb>{_KILLED}|{_INJURED}|{_ABDUCTED})"
_CASUALTY_RES = [
    # "42 civilians had been killed", "five Russian servicemen were killed"
    re.compile(
        rf"{_Q}\s+{_V}(?:\s*(?:,|--|\u2014|\u2013)\s*(?:including|among\s+them)\s+[^,.;]{{1,60}}?(?:,|--|\u2014|\u2013))?(?:\s+who\s+(?:was|were|had\s+been|has\s+been|have\s+been))?(?:\s+(?!and\b|but\b|who\b)[\w'-]+){{0,4}}?\s+{_STATUS_VERB}\b",
        re.I,
    ),
    # "shot and killed his teenage son"
    re.compile(
        rf"\b(?:(?:shot|shoot|shooting|stabbed|stabbing)\s+and\s+)?(?P<verb>killing|killed|kills|kill|wounding|wounded|injuring|injured|shooting|shot)\s+(?P<q>his|her|their)\s+(?P<v>(?:[\w'-]+\s+){{0,2}}?(?:{_KIN}))\b",
        re.I,
    ),
    # "killing two pilots", "killed at least nine civilians", "executed four people"
    re.compile(
        rf"\b(?P<verb>killing|killed|kills|kill|wounding|wounded|injuring|injured|shot|shooting|stabbed|stabbing|executing|executed|kidnapping|kidnapped|abducting|abducted|leaving|left|claimed)\s+(?:the\s+)?{_Q}\s+{_V}",
        re.I,
    ),
    # "killing all crew on board", "killing all four"
    re.compile(
        r"\b(?P<verb>killing|killed|kills)\s+(?P<q>all\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:crew|passengers|people|occupants|soldiers|servicemen|personnel|troops)(?:\s+members)?(?:\s+(?:on\s+board|aboard))?|all\s+(?:the\s+)?\w+)\b",
        re.I,
    ),
    # "leaving one dead and two injured", "42 killed"
    re.compile(
        rf"{_Q}\s+(?:others?\s+|more\s+)?(?:were\s+|was\s+)?(?P<verb>killed|dead|wounded|injured|hurt)\b",
        re.I,
    ),
    # "her 13-year-old son accidentally shot himself"
    re.compile(
        rf"\b(?P<q>an?|his|her|their|the)\s+(?P<v>(?:[\w'-]+\s+){{0,2}}?(?:{lx.VICTIM_NOUN}|{_AGE}|{_KIN}))\s+(?:\w+\s+)?(?P<verb>fatally\s+shot|shot|killed)\s+(?:himself|herself)\b",
        re.I,
    ),
    # "The shooting also injured Tillie Turner, 65"
    re.compile(
        r"\b(?P<verb>killed|killing|injured|injuring|wounded|wounding|shot|shooting)\s+(?P<q>(?P<v>(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}))\b"
    ),
    # "the victim later died", "the man was pronounced dead"
    re.compile(
        rf"\b(?P<q>the)\s+(?P<v>(?:[\w'-]+\s+){{0,2}}?(?:{_SINGULAR}))\s+(?:\w+\s+){{0,3}}?(?P<verb>died|was\s+pronounced\s+dead|was\s+killed|was\s+fatally\s+(?:shot|wounded|injured|stabbed)|succumbed)\b",
        re.I,
    ),
    # "He died at the hospital": one person, named earlier
    re.compile(
        r"\b(?P<q>he|she)\s+(?:later\s+|then\s+|also\s+)?(?P<verb>died|was\s+pronounced\s+dead|was\s+killed|was\s+fatally\s+(?:shot|wounded|injured|stabbed)|succumbed)\b",
        re.I,
    ),
    # "the shooting death of an 18-year-old girl"
    re.compile(
        rf"\b(?P<verb>death|deaths|killing|killings|murder|murders|fatal\s+shooting|fatal\s+stabbing)\s+of\s+{_Q}\s+{_V}",
        re.I,
    ),
    # "then killed herself", "shot himself"
    re.compile(r"\b(?P<verb>killed|shot)\s+(?P<q>himself|herself)\b", re.I),
    # "left De Guzman dead"
    re.compile(
        r"\b(?:leaving|left)\s+(?P<q>(?P<v>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}))\s+(?P<verb>dead)\b"
    ),
    # "cost 400,000 lives"
    re.compile(rf"\b(?P<verb>cost|claimed|took)\s+{_Q}\s+(?P<v>lives)\b", re.I),
    # "death toll rose to 12"
    re.compile(
        rf"\b(?P<verb>death\s+toll|toll)\s+(?:\w+\s+){{0,3}}?(?:to|at|of|is|was)\s+{_Q}", re.I
    ),
]
_ACTIVE_OBJECT = re.compile(
    r"\s+(?:and\s+(?:killed|wounded|injured)\s+)?(?:his|her|their|its|a|an|the|two|three|four|five|six|\d+|"
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b)[A-Z][a-z]+)\b"
)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|are|is|got|get|gets)\b", re.I)
_INCLUDING = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\s+(?:\w+\s+)?$", re.I
)


def _status_of(verb: str, after: str, before: str) -> str:
    v = verb.lower()
    if re.match(
        r"kill|dead|died|slain|execut|murder|massacr|behead|shot\s+dead|lost|perish|cost|claimed|took|death|toll|was\s+pronounced|was\s+killed|was\s+fatally|fatally|fatal|succumbed",
        v,
    ):
        return "killed"
    if re.match(r"kidnap|abduct|taken|held", v):
        return "abducted"
    if re.match(r"left|leaving", v):
        return "unknown"
    if v == "shot" and (
        re.match(r"\s+(?:and\s+killed|dead|to\s+death)", after, re.I)
        or re.search(r"fatally\s+$", before, re.I)
    ):
        return "killed"
    return "injured"


_NAMED_FATE = re.compile(
    r"^(?:,\s*(?:an?\s+)?\d{1,3}(?:-year-old)?)?,?\s+(?:who\s+)?(?:was|were|has\s+been|had\s+been|is|got)\s+(?:\w+\s+)?"
    r"(?P<verb>shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death|stabbed\s+to\s+death|fatally\s+(?:shot|stabbed|wounded)|"
    r"killed|murdered|found\s+dead|pronounced\s+dead|executed|assassinated|shot|wounded|injured|kidnapped|abducted)\b"
    r"|^(?:,\s*\d{1,3},)?\s+(?:later\s+)?(?P<died>died)\b",
    re.I,
)


def named_victims(sent: Sentence, found: list[Casualty]) -> list[Casualty]:
    """ "Jefferson Rivers, 45, was shot and killed": one named victim."""
    out: list[Casualty] = []
    if sent.span is None:
        return out
    for ent in sent.span.ents:
        if ent.label_ != "PERSON":
            continue
        s, e = ent.start_char + sent.offset, ent.end_char + sent.offset
        if any(c.start <= s < c.end for c in found):
            continue
        match = _NAMED_FATE.match(sent.text[e - sent.start :])
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


def find_casualties(sent: Sentence) -> list[Casualty]:
    text = sent.text
    found: list[Casualty] = []
    taken: list[tuple[int, int]] = []
    for pattern in _CASUALTY_RES:
        for match in pattern.finditer(text):
            qs, qe = match.span("q")
            if any(qs < b and a < qe for a, b in taken):
                continue
            qtext = match.group("q")
            single = (
                qtext.lower() in ("the", "his", "her", "their", "he", "she", "himself", "herself")
                or (qtext[:1].isupper() and qtext == match.groupdict().get("v"))
                or (
                    qtext.lower() in ("a", "an")
                    and bool(re.match(r"\s+(?:himself|herself)", text[match.end() :]))
                )
            )
            count = Count(1, 1, 1) if single else parse_count(qtext)
            if count is None:
                continue
            victim = match.groupdict().get("v")
            verb = match.group("verb")
            after = text[match.end() : match.end() + 30]
            before = text[max(0, match.start() - 30) : match.start()]
            status = _status_of(
                verb, after, text[max(0, match.start("verb") - 12) : match.start("verb")]
            )
            mend = match.end()
            post = re.match(r"\s+(dead|killed|wounded|injured)\b", text[mend:], re.I)
            if status == "unknown":
                if not post:
                    continue
                status = "killed" if post.group(1).lower() in ("dead", "killed") else "injured"
            if post:
                mend += post.end()
            # A bare article is only a count when a person noun follows ("a man was shot").
            if qtext.strip().lower() in ("a", "an") and not victim:
                continue
            if (
                qtext.strip().lower() in ("a", "an")
                and victim
                and victim.split()[-1].lower().endswith("s")
            ):
                continue
            if _INCLUDING.search(before):
                continue  # a subset of a group already counted
            if (
                pattern is _CASUALTY_RES[0]
                and not re.match(r"died|dead|perished|lost", verb, re.I)
                and _ACTIVE_OBJECT.match(text[match.end() :])
                and not _PASSIVE_AUX.search(text[match.end("v") : match.start("verb")])
            ):
                continue  # "a father shot and killed his son": the subject did it, it did not happen to him
            kind = victim_kind(victim)
            if count.phrase is None and count.best is not None and count.best > 0 and not victim:
                victim = None
            start = sent.at(min(match.start("q"), match.start()))
            end = sent.at(match.end())
            found.append(
                Casualty(
                    status,
                    count,
                    victim,
                    kind,
                    start,
                    end,
                    text[start - sent.start : end - sent.start],
                )
            )
            taken.append((qs, qe))
            if (
                pattern is _CASUALTY_RES[0]
                and status == "injured"
                and re.match(r"(?:shot|struck|hit)\b", verb, re.I)
            ):
                found[-1].via_shot = True
                fatal = re.search(
                    rf",\s*{_Q}\s+(?:of\s+(?:them|whom)\s+)?(?:fatally|(?:was|were)\s+(?:killed|dead)|died)\b",
                    text[mend:],
                    re.I,
                )
                c3 = parse_count(fatal.group("q")) if fatal else None
                if fatal and c3 is not None and c3.best is not None:
                    s3, e3 = sent.at(mend + fatal.start("q")), sent.at(mend + fatal.end())
                    found.append(
                        Casualty(
                            "killed",
                            c3,
                            victim,
                            kind,
                            s3,
                            e3,
                            text[s3 - sent.start : e3 - sent.start],
                        )
                    )
            # "three people were killed and another critically injured"
            another = re.match(
                r"\s*,?\s*(?:and|while)\s+(?:critically\s+|seriously\s+)?(?:wounding\s+|injuring\s+)?(?P<q>another|one\s+other)"
                r"(?:\s+(?:person|man|woman|victim|boy|girl))?(?:\s+(?:was|is))?(?:\s+(?:critically|seriously|also))?"
                r"(?:\s+(?P<verb>wounded|injured|hurt|shot))?",
                text[mend:],
                re.I,
            )
            if another and (
                another.group("verb") or re.search(r"wounding|injuring", another.group(0), re.I)
            ):
                s4, e4 = sent.at(mend + another.start("q")), sent.at(mend + another.end())
                found.append(
                    Casualty(
                        "injured",
                        Count(1, 1, 1),
                        victim,
                        kind,
                        s4,
                        e4,
                        text[s4 - sent.start : e4 - sent.start],
                    )
                )
                taken.append((mend + another.start("q"), mend + another.end("q")))
            # "42 civilians had been killed and 98 wounded": the second group in the tail.
            tail = re.match(
                rf"\s*,?\s*(?:and|while)\s+{_Q}\s+(?:others?\s+|more\s+)?(?:were\s+|have\s+been\s+|had\s+been\s+)?(?P<verb>{_INJURED}|{_KILLED})\b",
                text[mend:],
                re.I,
            )
            if not tail:
                # "killed three soldiers and two civilians": a second group, same outcome.
                tail = re.match(rf"\s*,?\s*(?:and|as\s+well\s+as)\s+{_Q}\s+{_V}", text[mend:], re.I)
                verb_first = re.match(
                    rf"\s*,?\s*(?:and|while)\s+(?P<verb>wounded|injured|wounding|injuring|killed|killing)\s+{_Q}(?:\s+{_V})?",
                    text[mend:],
                    re.I,
                )
                if verb_first:
                    c2 = parse_count(verb_first.group("q"))
                    if c2 is not None and c2.best is not None:
                        v2 = verb_first.group("v") or victim
                        s2 = sent.at(mend + verb_first.start("verb"))
                        e2 = sent.at(mend + verb_first.end())
                        st2 = _status_of(verb_first.group("verb"), "", "")
                        found.append(
                            Casualty(
                                st2,
                                c2,
                                v2,
                                victim_kind(v2),
                                s2,
                                e2,
                                text[s2 - sent.start : e2 - sent.start],
                            )
                        )
                        taken.append((mend + verb_first.start("q"), mend + verb_first.end("q")))
                        tail = None
                if tail:
                    c2 = parse_count(tail.group("q"))
                    v2 = tail.group("v")
                    if c2 is not None and c2.best is not None:
                        s2 = sent.at(mend + tail.start("q"))
                        e2 = sent.at(mend + tail.end())
                        k2 = victim_kind(v2)
                        found.append(
                            Casualty(
                                status, c2, v2, k2, s2, e2, text[s2 - sent.start : e2 - sent.start]
                            )
                        )
                        taken.append((mend + tail.start("q"), mend + tail.end("q")))
                tail = None
            if tail:
                c2 = parse_count(tail.group("q"))
                if c2 is not None:
                    s2 = sent.at(mend + tail.start("q"))
                    e2 = sent.at(mend + tail.end())
                    st2 = _status_of(tail.group("verb"), "", "")
                    found.append(
                        Casualty(
                            st2, c2, victim, kind, s2, e2, text[s2 - sent.start : e2 - sent.start]
                        )
                    )
                    taken.append((mend + tail.start("q"), mend + tail.end("q")))
    if not found:
        # "... was taken to a hospital and pronounced dead": one person, named before.
        dead = re.search(
            r"\b(?:was|were)\s+(?:\w+\s+){0,12}?(?:and\s+)?pronounced\s+dead\b", text, re.I
        )
        if dead and not re.search(r"\b(?:were|both|all|two|three)\b", dead.group(0), re.I):
            s0, e0 = sent.at(dead.start()), sent.at(dead.end())
            found.append(Casualty("killed", Count(1, 1, 1), None, None, s0, e0, dead.group(0)))
    return found


# Token helpers ---------------------------------------------------------------
