"""The markup of the role sentences we write (training/roles/data, eval/roles):
``[PO/rebel RSF fighters] shelled [T a market]``: a role tag (PI perpetrator individual, PO
perpetrator organisation, T target, V victim, W weapon), optionally ``/kind`` (an actor kind of
``warmonitor.actors``, for the kind accuracy), a space, and the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"\[(PI|PO|T|V|W)(?:/([a-z_]+))?\s+([^\[\]]+?)\]")
MARK_ROLES = {"PI": "PerpInd", "PO": "PerpOrg", "T": "Target", "V": "Victim", "W": "Weapon"}


@dataclass(frozen=True, slots=True)
class Marked:
    role: str  # a MUC role name: PerpInd, PerpOrg, Target, Victim, Weapon
    start: int
    end: int
    text: str
    kind: str | None = None


def parse_marked(line: str) -> tuple[str, list[Marked]]:
    """The plain sentence and its marked stretches (offsets into the plain sentence)."""
    out: list[str] = []
    marks: list[Marked] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(line):
        before = line[pos : m.start()]
        out.append(before)
        length += len(before)
        words = m.group(3)
        marks.append(Marked(MARK_ROLES[m.group(1)], length, length + len(words), words, m.group(2)))
        out.append(words)
        length += len(words)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[" in text or "]" in text:
        raise ValueError(f"unbalanced role markup: {line!r}")
    return text, marks


__all__ = ["MARK_ROLES", "Marked", "parse_marked"]
