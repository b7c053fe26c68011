"""Token helpers over a spaCy parse.

The pipeline runs without its attribute ruler and lemmatizer (a fifth of the
model time); coarse tags and lemmas come from the fine-grained tags instead.
"""

from __future__ import annotations

import re
from typing import Any

# model time); coarse tags and lemmas come from the fine-grained tags instead.

_TAG_POS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON", "PRP$": "PRON",
            "WP": "PRON", "MD": "AUX", "CD": "NUM", "JJ": "ADJ", "IN": "ADP", "DT": "DET", "RP": "ADP"}  # fmt: skip
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "shot": "shoot",
    "struck": "strike", "took": "take", "taken": "take", "brought": "bring", "blew": "blow", "blown": "blow",
    "lost": "lose", "hit": "hit", "set": "set", "shown": "show", "showed": "show", "thought": "think",
}  # fmt: skip


def coarse_pos(tok: Any) -> str:
    if tok.pos_:
        return tok.pos_
    tag = tok.tag_
    if tag.startswith("VB"):
        return "VERB"
    return _TAG_POS.get(tag, "X")


def has_lemma(tok: Any, words: set[str]) -> bool:
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

DETERMINERS_RE = re.compile(
    r"^(?:the|a|an|some|other|several|many|its|their|his|her|our|these|those|this|that)\s+", re.I
)
PRONOUNS = {
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


def noun_phrase(token: Any) -> tuple[int, int, str]:
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
        and coarse_pos(doc[right + 1]) == "PROPN"
        and doc[right + 1].head.i == token.i
    ):
        right += 1
    # "a group of terrorists", "members of the FMLN": the collective and whom it collects.
    if token.lower_ in _COLLECTIVES:
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    right = max(right, noun_phrase_right(objs[0]))
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


def noun_phrase_right(token: Any) -> int:
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") and coarse_pos(child) == "PROPN":
            right = max(right, child.i)
    return right
