"""Incident extraction: one report per incident per document.

``extract_reports(document)`` turns a cleaned document into typed incident
reports. Every value carries evidence: the char span that states it, the source
the text attributes it to ("SANA said", "according to the Syrian Observatory")
and whether it is hedged ("appears to be", "may have").

How it works, cheapest first:

1. Split the text into sentences with a regular expression and keep only those
   that contain a trigger word (``lexicon.TRIAGE_RE``); the rest never reach
   the statistical model.
2. Run spaCy once over the kept sentences (``nlp.pipe``, without the
   lemmatizer and attribute ruler) for entities and the dependency parse. The
   geoparser gets a tokenizer-only Doc of the whole text carrying those
   entities, so nothing runs twice. The title and lead are always kept.
3. Read each kept sentence into a ``_Mention``: event type from trigger
   patterns, casualties, dates, places, actors, targets, weapons, aircraft,
   attribution and hedging.
4. Walk the mentions in order and merge those about the same incident (same
   type and compatible date/place, or a definite reference such as "the
   helicopter" or "the incident") into drafts; "a similar incident", another
   day or an explicit past year start a new one; a second event in another
   clause of a sentence ("..., where they burned the houses") is its own;
   background totals ("in the past ten days", "since 2011") become aggregate
   reports, and threats or conditionals none.
5. Turn drafts into ``Report`` records with their evidence. Each value is
   attributed to the innermost say-verb that governs it ("SANA said",
   "according to ...", "activists saying ..."), pronouns and continued
   quotations carry the previous source, and generic references ("a war
   monitor", "state media") link to the monitor or agency the text names.
   A text that states no date leaves the date unknown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.util import filter_spans as spacy_filter_spans

from warmonitor.dates import PRECISION_RANK, DateMention, find_dates, overlaps
from warmonitor.lang.en import lexicon as lx
from warmonitor.numbers import QUANTITY, parse_count
from warmonitor.records import (
    Actor,
    Count,
    Document,
    Evidence,
    Place,
    PlaceMention,
    Report,
    Victim,
    to_jsonable,
)
from warmonitor.taxonomy import acled_pair, aircraft_kind, normalize_aircraft

# ----------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "cpl", "pvt", "st", "no", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k",
    "inc", "corp", "co", "jr", "sr", "gov", "sen", "rep", "rev", "vs", "etc", "e.g", "i.e", "mt", "ft",
    "a.m", "p.m", "approx", "dept", "est", "fig", "pres", "prof", "adm", "brig", "cmdr", "supt", "insp",
}  # fmt: skip
_SENT_END = re.compile(
    r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*\s+(?=[a-z])(?<=[!?]\s)"
)
_QUOTE_CHARS = '"“”'


@dataclass(slots=True)
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    quoted: bool = False  # inside (or opening) a quotation
    span: Any = None  # spaCy Span or Doc of the sentence, once parsed
    offset: int = 0  # add to token.idx / ent.start_char for document offsets


def split_sentences(text: str) -> list[_Sentence]:
    """Sentences with document offsets; paragraphs (line breaks) always split.

    A regular expression is enough here: it only has to be good enough for
    triage and for scoping attribution, and it is fast.
    """
    out: list[_Sentence] = []
    para = 0
    lower_text = text.islower()
    for pm in re.finditer(r"[^\n]+", text):
        ptext = pm.group(0)
        if not ptext.strip():
            continue
        pos = 0
        pieces: list[tuple[int, int]] = []
        splitter = re.compile(r"[.!?]+[\"”’')\]]*\s+") if lower_text else _SENT_END
        for m in splitter.finditer(ptext):
            before = ptext[pos : m.start()]
            word = re.search(r"([\w.]+)$", before)
            if word and ptext[m.start()] == "." and m.group(0).strip() == ".":
                w = word.group(1).lower().rstrip(".")
                if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
            end = m.end()
            pieces.append((pos, end))
            pos = end
        if pos < len(ptext):
            pieces.append((pos, len(ptext)))
        open_quote = False
        for a, b in pieces:
            raw = ptext[a:b]
            stripped = raw.rstrip()
            lead = len(raw) - len(raw.lstrip())
            s_start = pm.start() + a + lead
            s_end = pm.start() + a + len(stripped)
            if s_end <= s_start:
                continue
            stext = text[s_start:s_end]
            quoted = open_quote or stext[:1] in "\"“'‘"
            # Track whether a quotation stays open into the next sentence.
            straight = stext.count('"')
            opens, closes = stext.count("“"), stext.count("”")
            if straight % 2 == 1:
                open_quote = not open_quote
            elif opens > closes:
                open_quote = True
            elif closes > opens:
                open_quote = False
            out.append(_Sentence(len(out), s_start, s_end, stext, para, quoted))
        para += 1
    return out


# ----------------------------------------------------------------- mentions


@dataclass(slots=True)
class _Hit:
    """A value found in a sentence: what, where (document offsets)."""

    value: Any
    start: int
    end: int
    text: str
    hedged: bool = False


@dataclass(slots=True)
class _Casualty:
    status: str  # killed | injured
    count: Count
    victim: str | None
    kind: str | None
    start: int
    end: int
    text: str
    via_shot: bool = False  # "four people were shot": GVA-style, shot = killed + injured


@dataclass(slots=True)
class _Mention:
    sentence: _Sentence
    event_type: str | None = None
    strong: bool = False
    types: set[str] = field(default_factory=set)
    trigger: tuple[int, int] | None = None
    trigger_spans: list[tuple[int, int, str]] = field(default_factory=list)
    aggregate: bool = False
    anaphora: list[tuple[str, int, int]] = field(default_factory=list)
    new_incident: bool = False
    dates: list[DateMention] = field(default_factory=list)
    casualties: list[_Casualty] = field(default_factory=list)
    perpetrators: list[_Hit] = field(default_factory=list)
    targets: list[_Hit] = field(default_factory=list)
    weapons: list[_Hit] = field(default_factory=list)
    aircraft: list[_Hit] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    source: str | None = None
    hedged: bool = False
    # Other events in other clauses of the sentence.
    subs: list[_Mention] = field(default_factory=list)
    # (start, end, source) for each say-verb of the sentence and the stretch it governs.
    scopes: list[tuple[int, int, str]] = field(default_factory=list)

    def source_at(self, start: int) -> str | None:
        """The source of a value at ``start``: the innermost say-verb stretch holding it."""
        inside = [s for s in self.scopes if s[0] <= start < s[1]]
        if inside:
            return min(inside, key=lambda s: s[1] - s[0])[2]
        return self.source

    @property
    def best_date(self) -> DateMention | None:
        dated = [d for d in self.dates if d.date.precision is not None]
        if not dated:
            return None
        # The most precise date, and among those the one nearest the event word
        # ("arrested Sunday for killing a family Saturday evening").
        anchor = self.trigger[0] if self.trigger else 0
        return min(dated, key=lambda d: (PRECISION_RANK[d.date.precision], abs(d.start - anchor)))

    @property
    def historical_year(self) -> int | None:
        """The year of an explicit "in 2018"-style date, if the sentence has one."""
        for d in self.dates:
            if d.kind in ("year", "my", "dmy", "mdy", "iso") and d.date.start is not None:
                return d.date.start.year
        return None


def _abs(sent: _Sentence, local: int) -> int:
    return sent.start + local


def _segment(text: str, pos: int) -> tuple[int, int]:
    """The clause of ``text`` around position ``pos`` (see ``lexicon.CLAUSE_BREAK_RE``)."""
    start, end = 0, len(text)
    for b in lx.CLAUSE_BREAK_RE.finditer(text):
        if b.end() <= pos:
            start = b.end()
        elif b.start() > pos:
            end = b.start()
            break
    return start, end


def _in_aggregate_clause(text: str, pos: int) -> bool:
    """Whether the clause at ``pos``, or a short opening phrase ("So far in 2017, ..."), totals over time."""
    seg = _segment(text, pos)
    if lx.AGGREGATE_RE.search(text[seg[0] : seg[1]]):
        return True
    first = _segment(text, 0)
    return (
        first[1] <= seg[0]
        and len(text[: first[1]].split()) <= 8
        and bool(lx.AGGREGATE_RE.search(text[: first[1]]))
    )


def _detect_event(m: _Mention) -> None:
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
            s, e = _abs(m.sentence, match.start()), _abs(m.sentence, match.end())
            m.trigger_spans.append((s, e, trig.event_type))
            key = (0 if trig.strong else 1, trig.priority)
            if best is None or key < (0 if best[1].strong else 1, best[1].priority):
                best = (match.start(), trig, match)
    if best is not None:
        _, trig, match = best
        m.event_type = trig.event_type
        m.strong = trig.strong
        m.trigger = (_abs(m.sentence, match.start()), _abs(m.sentence, match.end()))
    m.aggregate = False
    if best is not None:
        m.aggregate = _in_aggregate_clause(text, best[2].start())
    m.anaphora = [
        (a.group("noun").lower(), _abs(m.sentence, a.start()), _abs(m.sentence, a.end()))
        for a in lx.ANAPHORA_RE.finditer(text)
    ]
    m.new_incident = bool(lx.NEW_INCIDENT_RE.search(text))
    m.hedged = bool(lx.HEDGE_RE.search(text))


# Casualties ------------------------------------------------------------

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


def _named_victims(sent: _Sentence, found: list[_Casualty]) -> list[_Casualty]:
    """ "Jefferson Rivers, 45, was shot and killed": one named victim."""
    out: list[_Casualty] = []
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
            _Casualty(
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


def _victim_kind(victim: str | None) -> str | None:
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


def _find_casualties(sent: _Sentence) -> list[_Casualty]:
    text = sent.text
    found: list[_Casualty] = []
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
            kind = _victim_kind(victim)
            if count.phrase is None and count.best is not None and count.best > 0 and not victim:
                victim = None
            start = _abs(sent, min(match.start("q"), match.start()))
            end = _abs(sent, match.end())
            found.append(
                _Casualty(
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
                    s3, e3 = _abs(sent, mend + fatal.start("q")), _abs(sent, mend + fatal.end())
                    found.append(
                        _Casualty(
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
                s4, e4 = _abs(sent, mend + another.start("q")), _abs(sent, mend + another.end())
                found.append(
                    _Casualty(
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
                        s2 = _abs(sent, mend + verb_first.start("verb"))
                        e2 = _abs(sent, mend + verb_first.end())
                        st2 = _status_of(verb_first.group("verb"), "", "")
                        found.append(
                            _Casualty(
                                st2,
                                c2,
                                v2,
                                _victim_kind(v2),
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
                        s2 = _abs(sent, mend + tail.start("q"))
                        e2 = _abs(sent, mend + tail.end())
                        k2 = _victim_kind(v2)
                        found.append(
                            _Casualty(
                                status, c2, v2, k2, s2, e2, text[s2 - sent.start : e2 - sent.start]
                            )
                        )
                        taken.append((mend + tail.start("q"), mend + tail.end("q")))
                tail = None
            if tail:
                c2 = parse_count(tail.group("q"))
                if c2 is not None:
                    s2 = _abs(sent, mend + tail.start("q"))
                    e2 = _abs(sent, mend + tail.end())
                    st2 = _status_of(tail.group("verb"), "", "")
                    found.append(
                        _Casualty(
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
            s0, e0 = _abs(sent, dead.start()), _abs(sent, dead.end())
            found.append(_Casualty("killed", Count(1, 1, 1), None, None, s0, e0, dead.group(0)))
    return found


# Token helpers ---------------------------------------------------------------
# The pipeline runs without its attribute ruler and lemmatizer (a fifth of the
# model time); coarse tags and lemmas come from the fine-grained tags instead.

_TAG_POS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON", "PRP$": "PRON",
            "WP": "PRON", "MD": "AUX", "CD": "NUM", "JJ": "ADJ", "IN": "ADP", "DT": "DET", "RP": "ADP"}  # fmt: skip
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "shot": "shoot",
    "struck": "strike", "took": "take", "taken": "take", "brought": "bring", "blew": "blow", "blown": "blow",
    "lost": "lose", "hit": "hit", "set": "set", "shown": "show", "showed": "show", "thought": "think",
}  # fmt: skip


def _pos(tok: Any) -> str:
    if tok.pos_:
        return tok.pos_
    tag = tok.tag_
    if tag.startswith("VB"):
        return "VERB"
    return _TAG_POS.get(tag, "X")


def _has_lemma(tok: Any, words: set[str]) -> bool:
    """Whether the token is an inflection of one of ``words`` (no lemmatizer needed)."""
    if tok.lemma_:
        return tok.lemma_.lower() in words
    w = tok.lower_
    if w in words or _IRREGULAR.get(w) in words:
        return True
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ):
        if w.endswith(suffix) and w[: len(w) - len(suffix)] + repl in words:
            return True
    # Doubled consonants: "shelled", "targetting".
    for suffix in ("ed", "ing"):
        if (
            w.endswith(suffix)
            and len(w) > len(suffix) + 2
            and w[-len(suffix) - 1] == w[-len(suffix) - 2]
        ) and w[: -len(suffix) - 1] in words:
            return True
    return False


# Actors, targets, weapons, aircraft -------------------------------------

_DETERMINERS = re.compile(
    r"^(?:the|a|an|some|other|several|many|its|their|his|her|our|these|those|this|that)\s+", re.I
)
_PRONOUNS = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "who",
    "which",
    "that",
    "them",
    "him",
    "her",
}


def _noun_phrase(token: Any) -> tuple[int, int, str]:
    """The compact noun phrase headed by ``token``: its left modifiers and the head."""
    left = token
    for child in token.lefts:
        if (
            child.dep_
            in (
                "det",
                "amod",
                "compound",
                "nmod",
                "poss",
                "nummod",
                "quantmod",
                "case",
                "punct",
            )
            or child.dep_ == "nn"
        ):
            sub = list(child.subtree)
            if sub and sub[0].i < left.i:
                left = sub[0]
    doc = token.doc
    span = doc[left.i : token.i + 1]
    # Proper names that run on to the right ("al-Nusra Front"): keep flat PROPN tails.
    right = token.i
    while (
        right + 1 < len(doc)
        and doc[right + 1].dep_ in ("compound", "flat", "appos")
        and _pos(doc[right + 1]) == "PROPN"
        and doc[right + 1].head.i == token.i
    ):
        right += 1
    # "a group of terrorists", "members of the FMLN": the collective and whom it collects.
    if token.lower_ in _COLLECTIVES:
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    right = max(right, _noun_phrase_right(objs[0]))
    span = doc[left.i : right + 1]
    return span.start_char, span.end_char, span.text


_COLLECTIVES = {
    "group",
    "groups",
    "band",
    "members",
    "member",
    "unit",
    "units",
    "squad",
    "number",
    "cell",
    "column",
}


def _noun_phrase_right(token: Any) -> int:
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") and _pos(child) == "PROPN":
            right = max(right, child.i)
    return right


def _np_ending_at(sent: _Sentence, end: int) -> tuple[int, int, str] | None:
    """The parsed noun phrase whose head ends at document offset ``end``."""
    if sent.span is None:
        return None
    for tok in sent.span:
        if tok.idx + sent.offset + len(tok.text) == end and _pos(tok) in ("NOUN", "PROPN"):
            s, e, text = _noun_phrase(tok)
            return s + sent.offset, e + sent.offset, text
    return None


_QUANT_PREFIX = re.compile(
    r"^(?:(?:approximately|about|around|some|nearly|at\s+least|more\s+than|an?\s+unknown\s+number\s+of|"
    r"an?\s+(?:small\s+|large\s+)?group\s+of|groups?\s+of|a\s+band\s+of|dozens\s+of|hundreds\s+of|"
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|several|or|and|to)\s+)+",
    re.I,
)


def _actor_from_phrase(phrase: str, ents: list[tuple[str, str]]) -> Actor | None:
    """An Actor for a noun phrase when it names an armed actor; None otherwise."""
    clean = _DETERMINERS.sub("", phrase.strip()).strip(" ,.'\"“”")
    # "approximately 20 or 30 terrorists", "a group of gunmen": the count is not the name.
    clean = _QUANT_PREFIX.sub("", clean)
    if clean.count("(") > clean.count(")"):
        clean = clean[: clean.rfind("(")].rstrip()  # a bracket the phrase cut open
    clean = re.sub(r"^(?:the|a|an)\s+", "", clean, flags=re.I)
    if not clean or clean.lower() in _PRONOUNS:
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
_GROUP_NAMES = re.compile(
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


def _find_perpetrators(m: _Mention) -> list[_Hit]:
    sent = m.sentence
    span = sent.span
    hits: list[_Hit] = []
    if span is None:
        return hits
    ents = [(e.text, e.label_) for e in span.ents]
    wanted = {m.event_type} | (_GENERIC if m.event_type in _GENERIC else set())
    trigger_ranges = [(s, e) for s, e, t in m.trigger_spans if t in wanted] or [
        (s, e) for s, e, _ in m.trigger_spans
    ]

    def in_trigger(tok: Any) -> bool:
        a = tok.idx + sent.offset
        return any(s <= a < e for s, e in trigger_ranges)

    def add(start: int, end: int, text: str) -> None:
        actor = _actor_from_phrase(text, ents)
        if actor is None:
            return
        if any(h.start < end and start < h.end for h in hits):
            return
        hits.append(_Hit(actor, start, end, text))

    def add_token(tok: Any) -> None:
        for t in [tok, *[c for c in tok.conjuncts]]:
            if _pos(t) == "PRON" or t.lower_ in _PRONOUNS:
                continue
            s, e, txt = _noun_phrase(t)
            add(s + sent.offset, e + sent.offset, txt)

    for tok in span:
        if not in_trigger(tok):
            continue
        verb = tok if _pos(tok) in ("VERB", "AUX") else None
        if verb is None and tok.dep_ in ("prt",) and _pos(tok.head) == "VERB":
            verb = tok.head
        if verb is not None:
            for child in verb.children:
                if child.dep_ == "nsubj":
                    add_token(child)
                elif child.dep_ == "agent":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            add_token(pobj)
            if verb.dep_ in ("xcomp", "advcl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
            ):
                for child in verb.head.children:
                    if child.dep_ == "nsubj":
                        add_token(child)
        elif _pos(tok) == "NOUN":
            for child in tok.children:
                if child.dep_ == "poss" and child.lower_ not in _PRONOUNS:
                    add_token(child)
                if child.dep_ == "prep" and child.lower_ == "by":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            add_token(pobj)
    text = sent.text
    violent = m.strong and m.event_type in _VIOLENT
    for match in _ACTOR_DOES.finditer(text):
        if _REDUCED_PASSIVE_AFTER.match(text, match.end()) and re.search(
            r"(?:killed|murdered|kidnapped|abducted|shot|executed|massacred|assassinated|gunned\s+down)$",
            match.group(0),
            re.I,
        ):
            continue  # "soldiers killed in an ambush": they are the victims
        s, e = match.span("a")
        parsed = _np_ending_at(sent, _abs(sent, e))
        if parsed is not None and parsed[0] > _abs(sent, s):
            s = parsed[0] - sent.start  # the parser's phrase, not the words the pattern swept up
        # The subject must come shortly before one of this event's trigger words,
        # unless its verb is itself an act of violence ("stormed", "ambushed").
        if violent or any(
            0 <= s_ - _abs(sent, e) <= 40 or s_ <= _abs(sent, match.end()) <= e_ + 1
            for s_, e_ in trigger_ranges
        ):
            add(_abs(sent, s), _abs(sent, e), match.group("a"))
    if m.trigger is not None:
        seg = (0, len(text)) if violent else _segment(text, m.trigger[0] - sent.start)
        for match in _GROUP_NAMES.finditer(text, seg[0], seg[1]):
            # A named armed group in the event's clause ("fmln urban commandos attacked").
            prefix = text[max(0, match.start() - 25) : match.start()].lower()
            members = re.search(
                r"\b(?:members?|militants?|fighters?|units?|commandos?|cells?)\s+of\s+(?:the\s+)?$",
                prefix,
            )
            if not members and re.search(
                r"\b(?:against|on|targeting|with|between|and|to|from|of|by)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
                prefix,
            ):
                continue
            if members:
                # "members of the FMLN attacked ...": the members are the perpetrators.
                start = match.start() - len(prefix) + members.start()
                add(_abs(sent, start), _abs(sent, match.end()), text[start : match.end()])
                continue
            add(_abs(sent, match.start()), _abs(sent, match.end()), match.group(0))
    for pattern in (_BY_ACTOR, _BLAMED_ON, _CLAIMED_BY):
        for match in pattern.finditer(text):
            if pattern is _BY_ACTOR:
                # "shot down by X", "attacks by X": the agent follows the trigger closely.
                if re.search(
                    r"\b(?:held|controlled|backed|supported|linked|run|led|owned|armed|equipped|supplied|provided|made|manufactured|delivered|given|sent|produced|funded|surrounded|occupied|used|founded|recognized)\s+$",
                    text[max(0, match.start() - 15) : match.start()],
                    re.I,
                ):
                    continue  # "areas held by X", "groups backed by X" name no perpetrator
                at = _abs(sent, match.start())
                if not any(
                    0 <= at - e <= 25 and "," not in text[e - sent.start : match.start()]
                    for s_, e in trigger_ranges
                ):
                    continue
            s, e = match.span("a")
            add(_abs(sent, s), _abs(sent, e), match.group("a"))
    return hits


_HIT_VERBS = {
    "hit", "strike", "target", "attack", "bomb", "shell", "destroy", "damage", "burn", "torch", "storm",
    "raid", "shoot", "down", "loot", "blow", "set", "explode", "ambush", "fire", "kill", "gun", "bring",
    "take", "knock", "lose",
}  # fmt: skip


def _find_targets(m: _Mention) -> list[_Hit]:
    sent = m.sentence
    span = sent.span
    hits: list[_Hit] = []
    if span is None:
        return hits
    trigger_ranges = [(s, e) for s, e, _ in m.trigger_spans]

    def near_trigger(tok: Any) -> bool:
        a = tok.idx + sent.offset
        return any(s - 5 <= a <= e + 60 or a <= s <= a + 60 for s, e in trigger_ranges)

    for tok in span:
        if _pos(tok) not in ("NOUN", "PROPN") or not lx.TARGET_NOUN_RE.fullmatch(tok.text):
            continue
        ok = False
        head = tok.head
        if (
            tok.dep_ in ("dobj", "nsubjpass")
            and _has_lemma(head, _HIT_VERBS)
            or tok.dep_ == "nsubjpass"
            and near_trigger(tok)
            or tok.dep_ == "dobj"
            and near_trigger(head)
            or (
                tok.dep_ == "pobj"
                and head.lower_ in ("on", "against", "at")
                and (_has_lemma(head.head, _HIT_VERBS) or near_trigger(head.head))
            )
            or tok.dep_ == "conj"
            and any(h.value and tok.head.idx + sent.offset == h.start for h in hits)
        ):
            ok = True
        if not ok or (
            tok.dep_ == "pobj" and head.lower_ == "at" and tok.lower_ in ("home", "homes")
        ):
            continue
        # Keep lower-case descriptive modifiers: "military helicopter", "vegetable market".
        mods = [
            c
            for c in tok.lefts
            if c.dep_ in ("amod", "compound")
            and c.text.islower()
            and c.ent_type_ == ""
            and not lx.AIRCRAFT_MODEL_RE.match(c.text)
        ]
        start_tok = mods[0] if mods else tok
        start = start_tok.idx + sent.offset
        end = tok.idx + len(tok.text) + sent.offset
        value = tok.doc.text[start_tok.idx : tok.idx + len(tok.text)] if mods else tok.text
        value = re.sub(r"\s+", " ", value).lower()
        hits.append(_Hit(value, tok.idx + sent.offset, end, value))
        hits[-1].start = start
    return hits


def _find_weapons(sent: _Sentence) -> list[_Hit]:
    hits: list[_Hit] = []
    for pattern, name in lx.WEAPON_RES:
        for match in pattern.finditer(sent.text):
            s, e = _abs(sent, match.start()), _abs(sent, match.end())
            if any(h.start < e and s < h.end for h in hits):
                continue
            hits.append(_Hit(name, s, e, match.group(0)))
    hits.sort(key=lambda h: h.start)
    return hits


def _find_aircraft(sent: _Sentence) -> list[_Hit]:
    hits = []
    for match in lx.AIRCRAFT_MODEL_RE.finditer(sent.text):
        surface = match.group(0)
        # "F-16" is unambiguous; "L-39" or "An-26" need an aircraft context to count.
        model = normalize_aircraft(surface)
        if (
            re.match(r"^(?:F|L|An|Il|Tu)-\d+$", model)
            and not lx.AIRCRAFT_NOUN_RE.search(sent.text)
            and not re.search(r"fighter|jet|plane|aircraft", sent.text, re.I)
        ):
            continue
        hits.append(_Hit(model, _abs(sent, match.start()), _abs(sent, match.end()), surface))
    return hits


# Places -------------------------------------------------------------------

_LOCATIVE = re.compile(
    r"(?P<q>near|close\s+to|outside|on\s+the\s+outskirts\s+of|in|at|over|above|across|around|into|from|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:of|countryside\s+of)|"
    r"(?:\w+ern\s+)?countryside\s+of|(?:the\s+)?(?:town|village|city|district|province|region|governorate|"
    r"neighbou?rhood|suburb|areas?|parts?|outskirts|camp|county)\s+of)\s+(?:the\s+)?$",
    re.I,
)
_REGION_WORDS = re.compile(
    r"\b(?:province|governorate|region|state|countryside|county|district|oblast|department)\b", re.I
)
_TOWN_OF = re.compile(
    r"\b(?:town|village|city|district|province|governorate|neighbou?rhood|suburb|camp)\s+of\s+(?P<n>[A-Z][\w'’-]+(?:[\s-](?:al|el|ad|as|ar|ash|at|de|del|la|le|[A-Z][\w'’-]+))*)"
)
_COUNTRIES: set[str] | None = None


def _country_names() -> set[str]:
    global _COUNTRIES
    if _COUNTRIES is None:
        try:
            import pycountry

            names = set()
            for c in pycountry.countries:
                names.add(c.name.lower())
                for attr in ("common_name", "official_name"):
                    if hasattr(c, attr):
                        names.add(getattr(c, attr).lower())
            names |= {
                "syria",
                "russia",
                "iran",
                "us",
                "u.s.",
                "united states",
                "america",
                "britain",
                "uk",
                "turkey",
                "south korea",
                "north korea",
                "vietnam",
                "laos",
                "congo",
                "the united states",
                "el salvador",
            }
            _COUNTRIES = names
        except ImportError:  # pragma: no cover
            _COUNTRIES = set()
    return _COUNTRIES


def _fallback_places(sent: _Sentence) -> list[PlaceMention]:
    """Unresolved place mentions from NER and "the town of X" when geoparsing is unavailable."""
    out: list[PlaceMention] = []
    seen: list[tuple[int, int]] = []
    if sent.span is not None:
        for ent in sent.span.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            s, e = ent.start_char + sent.offset, ent.end_char + sent.offset
            text = ent.text
            if text.lower().startswith("the "):
                s += 4
                text = text[4:]
            text = re.sub(r"(?:'s|’s)$", "", text)
            e = s + len(text)
            out.append(PlaceMention(text=text, start=s, end=e))
            seen.append((s, e))
    for match in _TOWN_OF.finditer(sent.text):
        s, e = _abs(sent, match.start("n")), _abs(sent, match.end("n"))
        if any(a < e and s < b for a, b in seen):
            continue
        out.append(PlaceMention(text=match.group("n"), start=s, end=e))
    return out


def _qualify(text: str, pm: PlaceMention) -> str | None:
    window = text[max(0, pm.start - 45) : pm.start]
    match = _LOCATIVE.search(window)
    if not match:
        return None
    return re.sub(r"\s+", " ", match.group("q").lower())


def _named_as_area(pm: PlaceMention, text: str, words: str) -> bool:
    """Whether the text calls the place an area ("Idlib province", "the countryside of Aleppo")."""
    after = text[pm.end : pm.end + 20]
    before = text[max(0, pm.start - 30) : pm.start]
    return bool(
        re.match(rf"\s*(?:{words})\b", after, re.I)
        or re.search(
            r"(?:province|governorate|region|countryside)\s+of\s+(?:the\s+)?$", before, re.I
        )
    )


def _specificity(pm: PlaceMention, text: str) -> int:
    """0 = a town or smaller, 1 = district, 2 = province/region, 3 = country."""
    area_words = "province|governorate|region|oblast|county|department"
    if _named_as_area(pm, text, area_words):
        return 2
    place = pm.place
    if place is not None and place.feature:
        # A name the gazetteer lacks ("fallback") is usually a small place.
        feature = place.feature.lower()
        if feature == "country":
            return 3
        if feature.startswith("adm1"):
            return 2
        return 1 if feature.startswith("adm2") else 0
    if _named_as_area(pm, text, area_words + "|state"):  # "X state" only for an unresolved name
        return 2
    return 3 if pm.text.lower() in _country_names() else 0


# Attribution ---------------------------------------------------------------


_SAY_RE = re.compile(
    r"^(?P<src>(?:[\w'’.-]+\s+){0,6}?[\w'’.-]+)\s+(?:also\s+|later\s+|had\s+|has\s+|have\s+)?(?:said|says|reported|claimed|claim|claims|told|stated|announced|confirmed|added|wrote|alleged|insisted|accused|blamed)\b",
    re.I,
)


def _source_phrase(
    sent: _Sentence, focus_offsets: set[int] | None = None
) -> tuple[str | None, list[tuple[str, str]]]:
    """Who the sentence attributes its content to, as written; plus entities in that phrase."""
    text = sent.text
    match = lx.ACCORDING_RE.search(text)
    if match:
        src = match.group("src").strip()
        ents = []
        if sent.span is not None:
            ents = [
                (e.text, e.label_)
                for e in sent.span.ents
                if e.start_char + sent.offset >= _abs(sent, match.start("src"))
            ]
        return src, ents
    span = sent.span
    if span is not None:
        candidates = []
        for tok in span:
            if _pos(tok) in ("VERB", "AUX") and _has_lemma(tok, lx.SAY_LEMMAS):
                subjects = [c for c in tok.children if c.dep_ == "nsubj"]
                if (
                    not subjects
                    and tok.dep_ in ("acl", "advcl", "pcomp")
                    and _pos(tok.head) in ("NOUN", "PROPN")
                ):
                    subjects = [tok.head]  # "with activists saying ..."
                for child in subjects:
                    candidates.append((0 if tok.dep_ == "ROOT" else 1, tok.i, child))
        if candidates:
            focus = [t.i for t in span if t.idx + sent.offset in (focus_offsets or set())]

            def covers(verb_i: int) -> int:
                sub = list(span.doc[verb_i].subtree)
                if focus and sub[0].i <= focus[0] <= sub[-1].i:
                    return len(sub)
                return 10_000

            candidates.sort(key=lambda c: (covers(c[1]), c[0], c[1]))
            subj = candidates[0][2]
            if subj.lower_ in ("i", "we"):
                # A quoted "I" or "we": the speaker is named by another say-verb, if any.
                others = [c for c in candidates if c[2].lower_ not in ("i", "we")]
                if not others:
                    return None, []
                subj = others[0][2]
            sub = list(subj.subtree)
            # Drop trailing relative clauses and appositions: keep up to the head.
            verb_tree = (
                {t.i for t in span.doc[candidates[0][1]].subtree}
                if subj.i != candidates[0][1]
                else set()
            )
            phrase_tokens = [
                t
                for t in sub
                if (t.i <= subj.i or t.dep_ in ("compound", "flat", "prep", "pobj"))
                and not (span.doc[candidates[0][1]].head.i == subj.i and t.i in verb_tree)
            ]
            phrase = (
                span.doc[phrase_tokens[0].i : phrase_tokens[-1].i + 1].text
                if phrase_tokens
                else subj.text
            )
            ents = [
                (e.text, e.label_)
                for e in span.ents
                if sub[0].i <= e.start and e.end <= sub[-1].i + 1
            ]
            return phrase, ents
    if span is None:
        match = _SAY_RE.match(text)
        if match:
            return match.group("src"), []
    # Headline credit: "Helicopter shot down, killing two pilots: monitor".
    if not text.rstrip().endswith((".", '"', "”")):
        match = lx.HEADLINE_SOURCE_RE.search(text)
        if match and len(text.split()) < 25:
            return match.group("src"), []
    return None, []


def _source_scopes(sent: _Sentence) -> list[tuple[int, int, str, list[tuple[str, str]]]]:
    """Every say-verb of a parsed sentence with the stretch it governs and its subject.

    "A video showed the helicopter crashing, with activists saying it came down
    near Nayrab on Tuesday": the place and the day are the activists', the crash
    the video's. Values get the source of the smallest stretch that holds them.
    """
    span = sent.span
    out: list[tuple[int, int, str, list[tuple[str, str]]]] = []
    if span is None:
        return out
    for tok in span:
        if not (_pos(tok) in ("VERB", "AUX") and _has_lemma(tok, lx.SAY_LEMMAS)):
            continue
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if (
            not subjects
            and tok.dep_ in ("acl", "advcl", "pcomp")
            and _pos(tok.head) in ("NOUN", "PROPN")
        ):
            subjects = [tok.head]
        if not subjects or subjects[0].lower_ in ("i", "we"):
            continue
        subj = subjects[0]
        sub = list(subj.subtree)
        # "activists saying ...": the say-verb hangs off its subject; keep it out of the name.
        verb_tree = {t.i for t in tok.subtree} if tok.head.i == subj.i else set()
        phrase_tokens = [
            t
            for t in sub
            if (t.i <= subj.i or t.dep_ in ("compound", "flat", "prep", "pobj"))
            and t.i not in verb_tree
        ]
        phrase = (
            span.doc[phrase_tokens[0].i : phrase_tokens[-1].i + 1].text
            if phrase_tokens
            else subj.text
        )
        ents = [
            (e.text, e.label_) for e in span.ents if sub[0].i <= e.start and e.end <= sub[-1].i + 1
        ]
        tree = list(tok.subtree)
        start = tree[0].idx + sent.offset
        end = tree[-1].idx + len(tree[-1].text) + sent.offset
        out.append((start, end, phrase, ents))
    return out


@dataclass(slots=True)
class _SourceContext:
    """Names the document gives that generic references ("the monitor") link to."""

    monitor: str | None = None
    state_media: str | None = None


def _source_context(text: str) -> _SourceContext:
    ctx = _SourceContext()
    low = text.lower()
    first_state: tuple[int, str] | None = None
    for key, name in lx.SOURCE_NAMES.items():
        match = re.search(
            rf"(?<![\w-]){re.escape(key)}(?![\w-])",
            low if key.islower() and len(key) > 3 else text.lower(),
        )
        if match is None:
            continue
        if len(key) <= 4 and not re.search(rf"(?<![\w-]){re.escape(key.upper())}(?![\w-])", text):
            continue
        if lx.MONITOR_RE.search(name) and ctx.monitor is None:
            ctx.monitor = name
        if name in lx.STATE_MEDIA and (first_state is None or match.start() < first_state[0]):
            first_state = (match.start(), name)
    if ctx.monitor is None:
        match = re.search(
            r"\b((?:[A-Z][\w'-]+\s+)+(?:Observatory|Monitor)(?:\s+(?:for|of|on)(?:\s+[A-Z][\w'-]+)+)?)",
            text,
        )
        if match:
            ctx.monitor = match.group(1)
    if first_state:
        ctx.state_media = first_state[1]
    return ctx


def _normalize_source(phrase: str, ents: list[tuple[str, str]], ctx: _SourceContext) -> str | None:
    clean = phrase.strip(" ,.;:'\"“”")
    clean = re.sub(r"^(?:the|a|an|some|other|several|many|one)\s+", "", clean, flags=re.I)
    low = clean.lower()
    if not clean or low in _PRONOUNS:
        return None
    for key in sorted(lx.SOURCE_NAMES, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", low) and (
            len(key) > 4 or re.search(rf"\b{re.escape(key.upper())}\b", clean)
        ):
            return lx.SOURCE_NAMES[key]
    if lx.MONITOR_RE.search(clean) and ctx.monitor:
        return ctx.monitor
    if lx.STATE_MEDIA_RE.search(clean) and ctx.state_media:
        return ctx.state_media
    for text, label in ents:
        if label == "PERSON" and text.lower() in low:
            return text
    for text, label in ents:
        if label == "ORG" and text.lower() in low:
            return re.sub(r"^the\s+", "", text, flags=re.I)
    if len(clean.split()) > 8:
        clean = " ".join(clean.split()[-4:])
    return clean


# ----------------------------------------------------------------- reading sentences


def _inside_quote(sent: _Sentence, local: int) -> bool:
    """Whether a position in the sentence is inside quoted speech."""
    before = sent.text[:local]
    inside = sent.quoted and sent.text[:1] not in "\"“'‘"
    straight = before.count('"')
    curly = before.count("“") - before.count("”")
    return inside ^ (straight % 2 == 1) or curly > 0


def _read_sentence(sent: _Sentence, published: dt.date | None) -> _Mention:
    m = _Mention(sentence=sent)
    _detect_event(m)
    m.casualties = _find_casualties(sent)
    m.casualties += _named_victims(sent, m.casualties)
    if not m.aggregate:
        # "... killed 5 on Monday, the latest of attacks that have killed hundreds since January".
        m.casualties = [
            c for c in m.casualties if not _in_aggregate_clause(sent.text, c.start - sent.start)
        ]
    dates = find_dates(sent.text, published, offset=sent.start)
    kept = []
    for d in dates:
        before = sent.text[max(0, d.start - sent.start - 25) : d.start - sent.start]
        if re.search(r"\b(?:DOB|D\.O\.B|born|birth)\W*$", before, re.I):
            continue  # a date of birth
        if re.search(
            r"\b(?:said|says|told|reported|announced|stated|added|confirmed|claimed|arrested|charged|identified|"
            r"searching|searched|sentenced|released|arraigned|indicted|detained|booked|investigating)\s+(?:\w+\s+)?(?:on\s+)?$",
            before,
            re.I,
        ):
            continue  # when it was said, not when it happened
        if d.kind == "today" and d.text[:1] == "T" and re.search(r"[A-Z][\w.]*\s*\*?$", before):
            continue  # "Russia Today", "USA Today": a name, not a date
        if d.kind in ("today", "yesterday", "this_week", "earlier_week") and _inside_quote(
            sent, d.start - sent.start
        ):
            continue  # "today" in a quotation is the speaker's day, not the publication's
        kept.append(d)
    m.dates = kept
    if m.event_type == "attack" and m.strong:
        killed = [c for c in m.casualties if c.status in ("killed", "injured")]
        combatants = killed and all(c.kind in ("soldiers", "militants", "police") for c in killed)
        if combatants or "armed_clash" in m.types:
            # Killing combatants, or killing "during the fighting", is a battle in ACLED's terms.
            m.event_type = "armed_clash"
    m.weapons = _find_weapons(sent)
    m.aircraft = _find_aircraft(sent)
    if sent.span is not None:
        m.perpetrators = _find_perpetrators(m)
        m.targets = _find_targets(m)
    m.subs = _secondary_events(m)
    return m


# Types distinct enough that a second clause with one is a second event
# ("guerrillas killed a peasant ... and burned a tank truck").
_SPLITTABLE = {
    "arson", "looting_property_destruction", "abduction_forced_disappearance", "remote_explosive_landmine_ied",
    "suicide_bomb", "execution", "sexual_violence", "air_drone_strike", "shelling_artillery_missile_attack",
    "aircraft_downed", "attack", "grenade", "chemical_weapon",
}  # fmt: skip


_FAMILY = {
    "attack": "violence", "armed_clash": "violence", "execution": "violence", "aircraft_downed": "violence",
    "drone_downed": "violence", "air_drone_strike": "violence", "shelling_artillery_missile_attack": "violence",
    "remote_explosive_landmine_ied": "violence", "suicide_bomb": "violence", "grenade": "violence",
    "chemical_weapon": "violence", "arson": "property", "looting_property_destruction": "property",
    "abduction_forced_disappearance": "abduction", "sexual_violence": "sexual",
}  # fmt: skip
_DISTINCT = {"property", "abduction", "sexual"}


def _secondary_events(m: _Mention) -> list[_Mention]:
    """Other events a sentence reports in other clauses, each with the values of its clause."""
    if not m.strong or m.trigger is None or m.aggregate:
        return []
    text = m.sentence.text
    base = m.sentence.start
    main_seg = _segment(text, m.trigger[0] - base)
    subs: list[_Mention] = []
    taken = {m.event_type}
    for s, e, t in sorted(m.trigger_spans):
        if t in taken or t not in _SPLITTABLE:
            continue
        # Only clearly different acts split: burning or looting or abducting next to
        # an attack; a rocket fired at a downed helicopter is that same event.
        if _FAMILY.get(t) == _FAMILY.get(m.event_type) or not (
            {_FAMILY.get(t), _FAMILY.get(m.event_type)} & _DISTINCT
        ):
            continue
        trig = next(
            tr
            for tr in lx.TRIGGERS
            if tr.event_type == t and tr.pattern.search(text[s - base : e - base])
        )
        if not trig.strong:
            continue
        seg = _segment(text, s - base)
        if seg == main_seg or (main_seg[0] <= s - base < main_seg[1]):
            continue
        word = text[s - base : e - base]
        if re.match(r"\w+ing\b", word) and not re.match(
            r"(?:bombing|shelling|shooting)s?$", word, re.I
        ):
            continue  # "..., killing six soldiers": the outcome of the main event
        if t == "attack" and (
            not re.match(
                r"(?:killed|murdered|assassinated|massacred|shot\s+dead|gunned\s+down|attacked|raided|stormed|ambushed)\b",
                word,
                re.I,
            )
            or re.search(
                r"\b(?:was|were|been|being|are|is)\s+(?:\w+\s+)?$",
                text[max(0, s - base - 20) : s - base],
                re.I,
            )
        ):
            continue
        lo, hi = base + seg[0], base + seg[1]

        def inside(a: int, lo: int = lo, hi: int = hi) -> bool:
            return lo <= a < hi

        sub = _Mention(
            sentence=m.sentence,
            event_type=t,
            strong=True,
            types={t},
            trigger=(s, e),
            trigger_spans=[(s, e, t)],
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
        subs.append(sub)
        taken.add(t)
    return subs


# ----------------------------------------------------------------- drafts

_VIOLENT = {
    "attack", "armed_clash", "execution", "aircraft_downed", "drone_downed", "air_drone_strike",
    "shelling_artillery_missile_attack", "remote_explosive_landmine_ied", "suicide_bomb", "grenade",
    "chemical_weapon", "sexual_violence", "abduction_forced_disappearance", "mob_violence",
}  # fmt: skip
_GENERIC = {"attack", "armed_clash"}
_AIRCREW = {"pilots", "crew"}


@dataclass(slots=True)
class _Draft:
    event_type: str
    mentions: list[_Mention] = field(default_factory=list)
    aggregate: bool = False
    historical_year: int | None = None
    closed: bool = False

    def date(self) -> DateMention | None:
        dated = [m.best_date for m in self.mentions if m.best_date is not None]
        if not dated:
            return None
        return min(dated, key=lambda d: PRECISION_RANK[d.date.precision])

    def has_aircraft(self) -> bool:
        return any(
            m.aircraft or "aircraft_downed" in m.types or "drone_downed" in m.types
            for m in self.mentions
        )

    def event_places(self) -> list[tuple[tuple[int, int, int, int, int], PlaceMention]]:
        return _event_place_candidates(self)


def _event_place_candidates(
    draft: _Draft,
) -> list[tuple[tuple[int, int, int, int, int], PlaceMention]]:
    out = []
    for order, m in enumerate(draft.mentions):
        relevant = (
            draft.event_type in m.types
            or bool(m.anaphora and m.types)
            or (draft.event_type in _GENERIC and m.types & _VIOLENT)
        )
        if not relevant:
            continue
        text = m.sentence.text
        own = {draft.event_type} | (_GENERIC if draft.event_type in _GENERIC else set())
        mine = [(s, e) for s, e, t in m.trigger_spans if t in own]
        others = [(s, e) for s, e, t in m.trigger_spans if t not in own]
        anchors = mine + [(s, e) for _, s, e in m.anaphora if not others]
        if not anchors:
            anchors = [(s, e) for _, s, e in m.anaphora]
        for pm in m.places:
            local = PlaceMention(pm.text, pm.start - m.sentence.start, pm.end - m.sentence.start)
            qual = pm.qualifier or _qualify(text, local)
            if qual is None or lx.NOT_A_PLACE_RE.match(pm.text):
                continue

            # A place belongs to the nearest event word before it ("shot down ... as
            # battle rages over Aleppo"), or after it when none precedes.
            def gap(span: tuple[int, int], pm: PlaceMention = pm) -> int:
                return min(abs(pm.start - span[1]), abs(span[0] - pm.end))

            def before(
                spans: list[tuple[int, int]], pm: PlaceMention = pm
            ) -> list[tuple[int, int]]:
                return [sp for sp in spans if sp[1] <= pm.start]

            own_b, other_b = before(anchors), before(others)
            if own_b or other_b:
                if other_b and (not own_b or min(map(gap, other_b)) < min(map(gap, own_b))):
                    continue
            elif others and anchors and min(map(gap, others)) < min(map(gap, anchors)):
                continue
            q_rank = (
                0
                if qual
                and re.match(
                    r"near|close|outside|on the outskirts|over|above|at|(?:north|south|east|west)",
                    qual,
                )
                else 1
            )
            if qual and re.search(r"from|into", qual):
                q_rank = 2
            dist = min((min(abs(pm.start - e), abs(s - pm.end)) for s, e in anchors), default=999)
            spec = _specificity(PlaceMention(pm.text, local.start, local.end, place=pm.place), text)
            out.append(((spec, q_rank, 0 if dist <= 40 else 1, order, pm.start), pm))
    out.sort(key=lambda x: x[0])
    return out


def _dates_compatible(draft: _Draft, m: _Mention, published: dt.date | None) -> bool:
    year = m.historical_year
    if draft.historical_year is not None:
        return year == draft.historical_year
    if year is not None and published is not None and year < published.year - 1:
        return False
    if year is not None and published is None:
        return False
    mine = m.best_date
    theirs = draft.date()
    if mine is None or theirs is None:
        return True
    return overlaps(mine.date, theirs.date)


def _places_compatible(draft: _Draft, m: _Mention) -> bool:
    mine = [
        pm
        for pm in m.places
        if _qualify(
            m.sentence.text,
            PlaceMention(pm.text, pm.start - m.sentence.start, pm.end - m.sentence.start),
        )
        in ("near", "in", "at", "outside", "close to")
        and _specificity(pm, m.sentence.text) == 0
        and pm.place is not None
    ]
    if not mine:
        return True
    cands = [pm for key, pm in draft.event_places() if key[0] == 0 and pm.place is not None]
    if not cands:
        return True
    names = {c.text.lower() for c in cands} | {
        c.place.admin2.lower() for c in cands if c.place and c.place.admin2
    }
    return any(
        pm.text.lower() in names or any(pm.text.lower() in n or n in pm.text.lower() for n in names)
        for pm in mine
    )


def _names_its_weapon(m: _Mention, ref: _Draft) -> bool:
    """ "the missile" / "the rocket" when the referred report already told of one."""
    nouns = {noun.split()[-1].lower().rstrip("s") for noun, _, _ in m.anaphora}
    nouns &= {"missile", "rocket"}
    told = " ".join(mm.sentence.text.lower() for mm in ref.mentions)
    return any(n in told for n in nouns)


def _aircrew_only(m: _Mention) -> bool:
    """Casualties who are all aircrew, told with no event word of their own ("two pilots were killed")."""
    return (
        not m.new_incident
        and m.event_type in _GENERIC
        and not m.aircraft
        and bool(m.casualties)
        and all(c.kind in _AIRCREW for c in m.casualties)
    )


def _anaphoric_target(m: _Mention, drafts: list[_Draft]) -> _Draft | None:
    """The report a definite reference ("the helicopter", "the incident") points back to.

    Aircrew casualties with no event of their own belong to the latest aircraft
    incident the document tells: pilots die when their aircraft is downed.
    """
    live = [d for d in drafts if not d.aggregate and not d.closed]
    if not live:
        return None
    if not m.anaphora:
        if _aircrew_only(m):
            return next((d for d in reversed(live) if d.has_aircraft()), None)
        return None
    aircraft_ref = any(
        lx.AIRCRAFT_NOUN_RE.fullmatch(noun) or lx.AIRCRAFT_MODEL_RE.match(noun)
        for noun, _, _ in m.anaphora
    )
    if aircraft_ref:
        nouns = {noun.split()[-1].rstrip("s") for noun, _, _ in m.anaphora}
        for d in reversed(live):
            if not d.has_aircraft():
                continue
            words = (
                " ".join(h.value for mm in d.mentions for h in mm.targets)
                + " "
                + " ".join(aircraft_kind(h.value) for mm in d.mentions for h in mm.aircraft)
            )
            words += " " + " ".join(mm.sentence.text.lower() for mm in d.mentions[:1])
            if any(n in words for n in nouns) or "aircraft" in nouns or "plane" in nouns:
                return d
        return next((d for d in reversed(live) if d.has_aircraft()), None)
    return live[-1]


def _find_merge(m: _Mention, drafts: list[_Draft], published: dt.date | None) -> _Draft | None:
    if m.new_incident:
        return None
    for d in reversed(drafts):
        if d.aggregate or d.closed:
            continue
        same = d.event_type == m.event_type
        last = d.mentions[-1].sentence.index if d.mentions else -10
        near = d is drafts[-1] and m.sentence.index - last <= 2
        refine = d.event_type == "attack" and m.event_type in _VIOLENT and near
        generic = (
            m.event_type in _GENERIC and d.event_type in _VIOLENT and near and bool(m.anaphora)
        )
        if not (same or refine or generic):
            continue
        if not _dates_compatible(d, m, published):
            continue
        if not _places_compatible(d, m):
            continue
        return d
    return None


def _build_drafts(mentions: list[_Mention], published: dt.date | None) -> list[_Draft]:
    drafts: list[_Draft] = []
    flat: list[_Mention] = []
    for m in mentions:
        flat.append(m)
        for sub in m.subs:
            sub.source, sub.hedged = m.source, m.hedged
            lo, hi = sub.trigger or (0, 0)
            seg = _segment(m.sentence.text, lo - m.sentence.start)
            sub.places = [p for p in m.places if seg[0] <= p.start - m.sentence.start < seg[1]]
            flat.append(sub)
    for m in flat:
        if m.aggregate:
            ref = _anaphoric_target(m, drafts) if m.anaphora and (m.aircraft or m.weapons) else None
            if ref is not None:
                ref.mentions.append(_strip_to_equipment(m))
            if m.casualties and m.event_type:
                if ref is not None:
                    m.aircraft, m.weapons = [], []
                drafts.append(_Draft(m.event_type, [m], aggregate=True))
            continue
        ref = _anaphoric_target(m, drafts)
        if (
            ref is not None
            and (ref.historical_year is not None)
            and m.historical_year != ref.historical_year
        ):
            ref = None
        if m.event_type and m.strong:
            target = None
            if ref is not None and not m.new_incident and _dates_compatible(ref, m, published):
                compatible = (
                    ref.event_type == m.event_type
                    or m.event_type in _GENERIC
                    or ref.event_type in _GENERIC
                    or (ref.has_aircraft() and m.event_type in ("aircraft_downed", "drone_downed"))
                    or _names_its_weapon(m, ref)
                )
                if compatible:
                    target = ref
            if target is None:
                target = _find_merge(m, drafts, published)
            if target is None:
                if not _anchored(m):
                    continue
                target = _Draft(m.event_type, aggregate=False)
                year = m.historical_year
                if year is not None and (published is None or year < published.year - 1):
                    target.historical_year = year
                drafts.append(target)
            elif (
                target.event_type in _GENERIC
                and m.event_type not in _GENERIC
                and m.event_type in _VIOLENT
            ):
                target.event_type = m.event_type
            target.mentions.append(m)
        elif ref is not None and not m.new_incident:
            ref.mentions.append(m)
        elif (
            m.event_type
            and m.casualties
            and any(c.status in ("killed", "injured") for c in m.casualties)
        ):
            drafts.append(_Draft(m.event_type, [m]))
    return [d for d in drafts if d.mentions]


def _anchored(m: _Mention) -> bool:
    """Whether a sentence says enough to be an incident rather than talk about a kind of event."""
    return bool(
        m.casualties
        or m.best_date
        or m.aircraft
        or m.targets
        or m.weapons
        # An actor that does something, not a group merely named in passing.
        or any(not _GROUP_NAMES.fullmatch(h.text) for h in m.perpetrators)
        or any(_specificity(pm, m.sentence.text) < 3 for pm in m.places)
    )


def _strip_to_equipment(m: _Mention) -> _Mention:
    """A copy of a mention that only contributes aircraft and weapons."""
    return _Mention(
        sentence=m.sentence,
        anaphora=m.anaphora,
        aircraft=m.aircraft,
        weapons=m.weapons,
        source=m.source,
        hedged=m.hedged,
    )


# ----------------------------------------------------------------- reports


def _combine(counts: list[Count]) -> Count:
    """Several statements of the same group's count: widest low/high, largest best."""
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


def _total(casualties: list[tuple[_Mention, _Casualty]], status: str) -> Count:
    """Total per status: groups in one sentence add up; repeated statements do not."""
    by_kind: dict[str, list[Count]] = {}
    per_sentence: dict[tuple[str, int], list[Count]] = {}
    for m, c in casualties:
        if c.status != status:
            continue
        kind = c.kind if c.kind and c.kind != "unknown" else "people"
        kind = "crew" if kind in _AIRCREW else kind  # pilots are crew: counted once, not added
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
    combined = {k: _combine(v) for k, v in by_kind.items() if v}
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


def _injured(casualties: list[tuple[_Mention, _Casualty]], killed: Count) -> Count:
    """Injured, reading "N were shot" as killed plus injured ("four shot, one fatally")."""
    plain = [(m, c) for m, c in casualties if c.status == "injured" and not c.via_shot]
    shot = [(m, c) for m, c in casualties if c.status == "injured" and c.via_shot]
    stated = _total(plain, "injured")
    if not shot:
        return stated
    hit = _total(shot, "injured")
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


def _count_json(c: Count) -> dict[str, Any]:
    return {"low": c.low, "best": c.best, "high": c.high, "phrase": c.phrase}


def _draft_to_report(
    draft: _Draft,
    document: Document,
    index: int,
    published: dt.date | None,
    lead: list[_Mention] | None = None,
) -> Report:
    report = Report(
        document_id=document.id, event_type=draft.event_type, index=index, aggregate=draft.aggregate
    )
    evidence: list[Evidence] = []

    def ev(
        field_name: str, value: Any, start: int, end: int, m: _Mention, hedged: bool | None = None
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
            draft.mentions.append(_Mention(sentence=m0.sentence, dates=[d0], source=m0.source))
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
    report.fatalities = _total(casualties, "killed")
    report.injured = _injured(casualties, report.fatalities)
    for m, c in casualties:
        field_name = {"killed": "fatalities", "injured": "injured"}.get(c.status)
        if field_name:
            ev(field_name, _count_json(c.count), c.start, c.end, m)
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
                (_specificity(pm, document.text), k, m, pm)
                for k, (m, pm) in enumerate(pool)
                if (pm.place is not None or _qualify(document.text, pm))
                and not lx.NOT_A_PLACE_RE.match(pm.text)
            ),
            key=lambda x: (x[0], x[1]),
        )
        ranked = [r for r in ranked if r[0] < 3]
        if ranked:
            _, _, m0, chosen = ranked[0]
            if all(chosen is not pm for mm in draft.mentions for pm in mm.places):
                draft.mentions.append(
                    _Mention(sentence=m0.sentence, places=[chosen], source=m0.source)
                )
        elif lead:
            # Last resort for the main report: the dateline ("PATERSON --") or the
            # local agency that reports it ("Richmond Police said").
            found = _dateline_place(document.text, lead)
            if found is not None:
                m0, chosen = found
                draft.mentions.append(
                    _Mention(sentence=m0.sentence, places=[chosen], source=m0.source)
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
                qualifier=pm.qualifier or _qualify(document.text, pm),
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
        if e.field == "event_type" and (e.value in _GENERIC or e.value is None):
            e.value = report.event_type
    report.evidence = evidence
    return report


# ----------------------------------------------------------------- entry points


def _geoparse(document: Document, doc: Any) -> list[PlaceMention] | None:
    try:
        from warmonitor.geo.geoparse import geoparse
    except ImportError:
        return None
    try:
        return geoparse(document.text, doc=doc)
    except Exception:  # noqa: BLE001 - a geoparser failure must not lose the reports
        return None


def _whole_doc(parsed: list[_Sentence], text: str, all_sentences: list[_Sentence], nlp: Any) -> Any:
    """A tokenizer-only Doc of ``text`` with the parsed sentences' entities and all sentence starts."""
    doc = nlp.make_doc(text)
    spans = []
    for s in parsed:
        for ent in s.span.ents:
            span = doc.char_span(
                s.start + ent.start_char,
                s.start + ent.end_char,
                label=ent.label_,
                alignment_mode="contract",
            )
            if span is not None and len(span):
                spans.append(span)
    with contextlib.suppress(ValueError):
        doc.set_ents(spacy_filter_spans(spans), default="outside")
    # Sentence starts: only the first token of each sentence is marked (the rest
    # stay unset, which spaCy reads as "not a start").
    for s in all_sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None and len(span):
            span[0].is_sent_start = True
    return doc


_DISABLED = ("attribute_ruler", "lemmatizer")


def _parse(
    sentences: list[_Sentence],
    text: str,
    nlp_doc: Any,
    all_sentences: list[_Sentence] | None = None,
) -> Any:
    """Attach spaCy analyses to the sentences; returns a Doc over the whole text for geoparsing."""
    if nlp_doc is not None:
        for s in sentences:
            span = nlp_doc.char_span(s.start, s.end, alignment_mode="expand")
            s.span = span
            s.offset = 0
        return nlp_doc
    if not sentences:
        return None
    from warmonitor.nlp import load_nlp

    # The model reads only the triaged sentences (nlp.pipe batches them); the
    # geoparser gets a cheap Doc of the whole text (tokenizer only) carrying the
    # entities and sentence starts found here, so nothing is run twice.
    nlp = load_nlp(_DISABLED)
    for s, doc in zip(
        sentences, nlp.pipe([s.text for s in sentences], batch_size=256), strict=True
    ):
        s.span = doc
        s.offset = s.start
    return _whole_doc(sentences, text, all_sentences or sentences, nlp)


_LEAD = 3  # sentences at the top of a document that are always read
_DATELINE = re.compile(
    r"(?P<n>[A-Z][A-Z.'-]+(?:[ -][A-Z][A-Z.'-]+){0,3})(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?"
    r"\s*(?:\([^)\n]{1,30}\))?\s*(?:--|\u2013|\u2014|-)\s"
)
_AGENCY = re.compile(
    r"\b(?:the\s+)?(?P<n>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}?)(?:\s+County)?\s+(?:Police|Sheriff'?s?|Fire|Metro\s+Police)"
    r"(?:\s+(?:Department|Dept\.?|Office|Bureau))?\b"
)


def _dateline_place(text: str, lead: list[_Mention]) -> tuple[_Mention, PlaceMention] | None:
    """The place a story's dateline or reporting agency names, unresolved."""
    for m in lead:
        s = m.sentence
        match = _DATELINE.match(text, s.start) if s.index < _LEAD else None
        if match and match.start("n") < s.end:
            name = match.group("n")
            if len(name) > 2 and name not in (
                "UPDATE",
                "WATCH",
                "BREAKING",
                "VIDEO",
                "PHOTOS",
                "CNN",
                "AP",
                "AFP",
            ):
                return m, PlaceMention(name, match.start("n"), match.end("n"), qualifier=None)
    for m in lead:
        match = _AGENCY.search(m.sentence.text)
        if match and match.group("n").split()[0] not in (
            "The",
            "State",
            "City",
            "Metro",
            "Police",
            "A",
        ):
            start = m.sentence.start + match.start("n")
            return m, PlaceMention(
                match.group("n"), start, start + len(match.group("n")), qualifier=None
            )
    return None


def extract_reports(document: Document, *, nlp_doc: Any = None) -> list[Report]:
    """The incident reports one document gives, each value with its evidence.

    Pure: no database, no network. ``nlp_doc`` is an optional spaCy Doc of
    ``document.text`` to reuse; without it only the sentences that pass the
    trigger triage are run through the model.
    """
    text = document.text or ""
    if not text.strip():
        return []
    sentences = split_sentences(text)
    # The title and lead always go to the model: datelines name the place of the story.
    kept = [s for s in sentences if s.index < _LEAD or lx.TRIAGE_RE.search(s.text)]
    if not kept:
        return []
    full_doc = _parse(kept, text, nlp_doc, sentences)
    published = document.published
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = _source_context(text)
    mentions = [_read_sentence(s, published) for s in kept]
    _attach_places(mentions, document, full_doc)
    _attribute(mentions, sentences, ctx)
    drafts = _build_drafts(mentions, published)
    lead = [m for m in mentions if m.sentence.index < _LEAD]
    reports = []
    first_event = True
    for i, d in enumerate(drafts):
        reports.append(
            _draft_to_report(
                d, document, i, published, lead if first_event and not d.aggregate else []
            )
        )
        first_event = first_event and d.aggregate
    return reports


def _attach_places(mentions: list[_Mention], document: Document, full_doc: Any) -> None:
    places = _geoparse(document, full_doc) if full_doc is not None else None
    if places is None:
        for m in mentions:
            m.places = _fallback_places(m.sentence)
    else:
        import bisect

        starts = [m.sentence.start for m in mentions]
        for pm in places:
            i = bisect.bisect_right(starts, pm.start) - 1
            if i >= 0 and pm.end <= mentions[i].sentence.end:
                mentions[i].places.append(pm)
    for m in mentions:
        # Names after "near"/"close to" that neither NER nor the gazetteer caught stay, unresolved.
        for match in lx.LOCATIVE_NAME_RE.finditer(m.sentence.text):
            s, e = _abs(m.sentence, match.start("n")), _abs(m.sentence, match.end("n"))
            if match.group("n").lower() in lx.NOT_PLACE_WORDS:
                continue
            if any(p.start < e and s < p.end for p in m.places):
                continue
            m.places.append(PlaceMention(text=match.group("n"), start=s, end=e))
        m.places.sort(key=lambda p: p.start)


def _attribute(mentions: list[_Mention], sentences: list[_Sentence], ctx: _SourceContext) -> None:
    """Who each sentence's content comes from; pronouns and quotations carry over.

    Runs over every sentence (untriaged ones by a cheap pattern) so that "They
    also reported ..." can find the source named in the sentence before.
    """
    by_index = {m.sentence.index: m for m in mentions}
    previous: str | None = None
    previous_index = -10
    previous_quoted = False
    for sent in sentences:
        m = by_index.get(sent.index)
        focus: set[int] = set()
        if m is not None:
            starts = [s for s, _, _ in m.trigger_spans] + [s for _, s, _ in m.anaphora]
            if starts:
                first = min(starts)
                focus = {
                    t.idx + sent.offset for t in (sent.span or []) if t.idx + sent.offset >= first
                }
                focus = {min(focus)} if focus else set()
        phrase, ents = _source_phrase(sent, focus)
        source = None
        if phrase is not None:
            low = phrase.strip().lower()
            if (
                low in ("they", "he", "she", "it", "the group", "the ministry")
                and previous
                and sent.index - previous_index <= 3
            ):
                source = previous
            else:
                source = _normalize_source(phrase, ents, ctx)
        elif (
            sent.quoted
            and previous
            and sent.index - previous_index <= 2
            and (previous_quoted or sent.index - previous_index == 1)
        ):
            source = previous
        if m is not None:
            m.source = source
            for s0, e0, phrase0, ents0 in _source_scopes(sent):
                low0 = phrase0.strip().lower()
                if (
                    low0 in ("they", "he", "she", "it")
                    and previous
                    and sent.index - previous_index <= 3
                ):
                    named = previous
                else:
                    named = _normalize_source(phrase0, ents0, ctx)
                if named:
                    m.scopes.append((s0, e0, named))
        if source:
            previous = source
            previous_index = sent.index
            previous_quoted = sent.quoted or '"' in sent.text or "“" in sent.text


def report_to_json(report: Report) -> dict[str, Any]:
    """The JSON shape of a report for ``warmonitor extract --format json`` (see DESIGN.md)."""
    loc = report.location
    location = None
    if loc is not None:
        place: Place | None = loc.place
        location = {
            "name": loc.text if place is None else (place.name or loc.text),
            "admin2": place.admin2 if place else None,
            "admin1": place.admin1 if place else None,
            "country": place.country if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "precision": place.precision
            if place
            else (
                2
                if loc.qualifier and re.match(r"near|close|outside|over|above", loc.qualifier)
                else 3
            ),
            "geonames_id": place.geonames_id if place else None,
        }
    return {
        "event_type": report.event_type,
        "acled": dict(report.acled),
        "date": {
            "start": report.date.start.isoformat() if report.date.start else None,
            "end": report.date.end.isoformat() if report.date.end else None,
            "precision": report.date.precision,
        },
        "location": location,
        "fatalities": {
            "low": report.fatalities.low,
            "best": report.fatalities.best,
            "high": report.fatalities.high,
            "phrase": report.fatalities.phrase,
        },
        "injured": {
            "low": report.injured.low,
            "best": report.injured.best,
            "high": report.injured.high,
            "phrase": report.injured.phrase,
        },
        "perpetrators": [
            {"name": a.name, "normalized": a.normalized, "kind": a.kind}
            for a in report.perpetrators
        ],
        "victims": [
            {
                "name": v.name,
                "count": {
                    "low": v.count.low,
                    "best": v.count.best,
                    "high": v.count.high,
                    "phrase": v.count.phrase,
                },
                "kind": v.kind,
                "status": v.status,
            }
            for v in report.victims
        ],
        "targets": list(report.targets),
        "weapons": list(report.weapons),
        "aircraft": list(report.aircraft),
        "aggregate": report.aggregate,
        "places": [_place_json(pm) for pm in report.places],
        "evidence": [
            {
                "field": e.field,
                "value": to_jsonable(e.value),
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "attributed_to": e.attributed_to,
                "hedged": e.hedged,
            }
            for e in report.evidence
        ],
    }


def _place_json(pm: PlaceMention) -> dict[str, Any]:
    """The geoparse object of a mention, with its role in this report; runner-ups left out."""
    from warmonitor.geo.geoparse import mention_to_json

    data = mention_to_json(pm)
    data.pop("candidates")
    return {**data, "role": pm.role}


def iter_reports(documents: Iterable[Document]) -> Iterable[tuple[Document, list[Report]]]:
    """Reports for many documents, in order (convenience for scripts and the benchmark)."""
    for document in documents:
        yield document, extract_reports(document)


# `warmonitor.extract(text)` is the public API function; this package answers to that name.
from warmonitor.public import make_extract_callable  # noqa: E402

make_extract_callable(__name__)
