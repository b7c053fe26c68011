"""Features of one candidate filler: its words, its place in the parse relative to the event
word, the voice and say-verb scope around it, and what the lexicons and the actor dictionary
know of it. Everything works on lower-cased text (MUC-4 is lower-cased); shape features add
what capitals say when a text has them.
"""

from __future__ import annotations

import re
from typing import Any

from warmonitor.actors import normalize
from warmonitor.extract.rules.actors import GROUP_NAMES_RE
from warmonitor.lang.en import lexicon as lx
from warmonitor.nlp.tokens import coarse_pos
from warmonitor.roles.candidates import Candidate

_SAY = frozenset(lx.SAY_LEMMAS)
_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude stem, enough to group inflections without a lemmatizer ("killed" -> "kill")."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def _shape(text: str) -> str:
    if text.islower():
        return "lower"
    if text.isupper():
        return "upper"
    if all(w[:1].isupper() for w in text.split() if w[:1].isalpha()):
        return "title"
    return "mixed"


def _trigger_tokens(c: Candidate) -> list[Any]:
    ranges = [(t.start, t.end, t.label) for t in c.mention.trigger_spans]
    span = c.mention.sentence.span
    return [t for t in span if any(s <= t.idx < e for s, e, _ in ranges)] if ranges else []


def _lexicon_features(text: str, head: str, out: set[str]) -> None:
    low = text.lower()
    kind = lx.ACTOR_NOUNS.get(" ".join(low.split()[-2:])) or lx.ACTOR_NOUNS.get(head)
    if kind:
        out.add(f"lex_actor={kind}")
    if head in lx.VICTIM_NOUNS:
        out.add(f"lex_victim={lx.VICTIM_NOUNS[head]}")
    if lx.TARGET_NOUN_RE.fullmatch(head):
        out.add("lex_target")
    if any(p.search(low) for p, _ in lx.WEAPON_RES):
        out.add("lex_weapon")
    if lx.AIRCRAFT_NOUN_RE.search(low):
        out.add("lex_aircraft")
    if GROUP_NAMES_RE.search(low):
        out.add("lex_group_name")


def _actor_features(text: str, out: set[str]) -> None:
    match = normalize(text, None, "perpetrator")
    out.add(f"actor_kind={match.kind}")
    if not match.guessed:
        out.add("actor_in_dictionary")
        out.add(f"actor_inter={match.inter}")


def _parse_features(c: Candidate, out: set[str]) -> None:
    head = c.head
    dep = head.dep_
    # A conjunct takes its first conjunct's function ("the army and the police attacked").
    anchor = head
    while anchor.dep_ == "conj" and anchor.head is not anchor:
        anchor = anchor.head
    dep = anchor.dep_
    gov = anchor.head
    out.add(f"dep={dep}")
    out.add(f"gov_pos={coarse_pos(gov)}")
    out.add(f"dep_gov={dep}|{stem(gov.lower_)}")
    if dep == "pobj":
        prep = gov.lower_
        out.add(f"prep={prep}")
        out.add(f"prep_gov={prep}|{stem(gov.head.lower_)}")
        if prep == "by" and gov.dep_ == "agent":
            out.add("agent")
        verb = gov.head
    else:
        verb = gov
    passive = any(ch.dep_ in ("auxpass", "nsubjpass") for ch in verb.children)
    out.add(f"voice={'passive' if passive else 'active'}|{dep}")
    if stem(verb.lower_) in _SAY or verb.lower_ in _SAY:
        out.add(f"say_verb|{dep}")
    if head.dep_ == "conj":
        out.add("conjunct")
    if any(ch.dep_ == "poss" for ch in head.children):
        out.add("has_possessor")
    if head.dep_ == "poss":
        out.add(f"possessor_of={stem(head.head.lower_)}")
    if head.ent_type_:
        out.add(f"ent={head.ent_type_}")
    if any(ch.dep_ == "appos" for ch in head.children) or head.dep_ == "appos":
        out.add("appos")


def _trigger_features(c: Candidate, out: set[str]) -> None:
    triggers = _trigger_tokens(c)
    etype = c.mention.event_type or "none"
    out.add(f"event={etype}")
    if not triggers:
        out.add("no_trigger_in_sentence")
        return
    hi = c.head.i
    nearest = min(triggers, key=lambda t: abs(t.i - hi))
    gap = nearest.i - hi
    side = "before" if gap > 0 else "after"
    out.add(f"trig_side={side}")
    out.add(f"trig_dist={side}{_bucket(abs(gap))}")
    out.add(f"trig_word={stem(nearest.lower_)}")
    # The dependency path up from the candidate to a trigger token (at most four steps).
    tset = {t.i for t in triggers}
    path: list[str] = []
    tok = c.head
    for _ in range(4):
        path.append(tok.dep_)
        if tok.head is tok:
            break
        tok = tok.head
        if tok.i in tset:
            out.add("path=" + ">".join(path))
            out.add(f"path_trig={'>'.join(path)}|{stem(tok.lower_)}")
            out.add(f"path_event={'>'.join(path[:2])}|{etype}")
            break
    else:
        out.add("no_path")
    # A subject of a verb whose object or complement is the trigger ("carried out the attack").
    if c.head.dep_ in ("nsubj", "nsubjpass") and any(ch.i in tset for ch in c.head.head.children):
        out.add(f"subj_of_trigger_verb={c.head.dep_}")


def _context_features(c: Candidate, out: set[str]) -> None:
    span = c.mention.sentence.span
    doc = span.doc
    i0, i1 = c.first.i, c.head.i
    prev = doc[i0 - 1].lower_ if i0 - 1 >= span.start else "<s>"
    prev2 = doc[i0 - 2].lower_ if i0 - 2 >= span.start else "<s>"
    nxt = doc[i1 + 1].lower_ if i1 + 1 < span.end else "</s>"
    out.add(f"prev={prev}")
    out.add(f"prev2={prev2} {prev}")
    out.add(f"next={nxt}")
    m = c.mention
    if any(s.start <= c.start < s.end for s in m.scopes):
        out.add("in_say_scope")
    if m.source and c.text.lower() in m.source.lower():
        out.add("is_source")
    out.add(f"sent_place={c.sentence_place}")
    out.add(f"sent_place_dep={c.sentence_place}|{c.head.dep_}")
    out.add(f"sent_index={min(m.sentence.index, 4)}")


def candidate_features(c: Candidate) -> set[str]:
    """The feature names of one candidate (binary features)."""
    words = [w for w in re.findall(r"[\w'-]+", c.text.lower())]
    head = c.head.lower_
    out = {f"variant={c.variant}", f"head={head}", f"head_stem={stem(head)}"}
    out.add(f"n_words={_bucket(len(words), (1, 2, 3, 4, 6))}")
    out.add(f"variant_len={c.variant}|{_bucket(len(words), (1, 2, 3, 4, 6))}")
    out.add(f"head_suffix={head[-3:]}")
    out.add(f"shape={_shape(c.text)}")
    out.update(f"w={w}" for w in words[:8])
    if words:
        out.add(f"first={words[0]}")
    if any(ch.isdigit() for ch in c.text):
        out.add("has_digit")
    _lexicon_features(c.text, head, out)
    _actor_features(c.text, out)
    _parse_features(c, out)
    _trigger_features(c, out)
    _context_features(c, out)
    return out


__all__ = ["candidate_features", "stem"]
