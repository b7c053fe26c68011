"""What the incident and document pages show, computed from the record (no HTML here).

``comparison`` lays an incident's claims out as a table: one column per source document,
one row per field, each cell the values that source gave with the sentence each came from.
``segments`` cuts a document's text into runs marked as evidence, so the template can
highlight them without ever building HTML from the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from warmonitor.records import Claim, Incident

FIELD_ORDER = (
    "event_type",
    "date",
    "location",
    "fatalities",
    "injured",
    "victims",
    "perpetrators",
    "targets",
    "weapons",
    "aircraft",
)
FIELD_LABELS = {"event_type": "event type"}


def _count(value: Mapping[str, Any]) -> str:
    best, low, high = value.get("best"), value.get("low"), value.get("high")
    if best is None and low is None and high is None:
        return str(value.get("phrase") or "?")
    text = str(best if best is not None else low)
    if high is not None and high != best:
        text += f" ({low if low is not None else best}–{high})"
    return text


def format_value(field_name: str, value: Any) -> str:
    """A claim's value as an analyst reads it."""
    if isinstance(value, Mapping):
        if field_name == "date":
            start, end = value.get("start") or "?", value.get("end")
            span = start if not end or end == start else f"{start} – {end}"
            return f"{span} ({value['precision']})" if value.get("precision") else span
        if field_name in ("fatalities", "injured"):
            return _count(value)
        if field_name == "victims":
            count = value.get("count") or {}
            number = _count(count) + " " if isinstance(count, Mapping) and count else ""
            status = f" ({value['status']})" if value.get("status") not in (None, "unknown") else ""
            return f"{number}{value.get('name', '')}{status}".strip()
        if "name" in value:
            return str(value.get("normalized") or value["name"])
    if field_name == "event_type" and isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


@dataclass(slots=True)
class CellValue:
    text: str
    document: str
    start: int
    end: int
    hedged: bool
    attributed_to: str | None
    denied: bool = False  # the source denies the value ("the RSF denied responsibility")


@dataclass(slots=True)
class Source:
    document: str
    outlet: str | None
    title: str | None
    published: str | None


@dataclass(slots=True)
class Row:
    field: str
    label: str
    reconciled: str
    cells: list[list[CellValue]]
    disagree: bool


@dataclass(slots=True)
class Comparison:
    sources: list[Source]
    rows: list[Row] = field(default_factory=list)


def _reconciled(record: Mapping[str, Any], name: str) -> str:
    value = record.get(name)
    if name == "location":
        place = value or {}
        parts = [place.get("name"), place.get("admin1"), place.get("country")]
        return ", ".join(dict.fromkeys(p for p in parts if p)) or "—"
    if isinstance(value, list):
        return " / ".join(format_value(name, v) for v in value) or "—"
    if value is None or value == {}:
        return "—"
    return format_value(name, value)


def comparison(
    incident: Incident, record: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]
) -> Comparison:
    """The source comparison table of one incident."""
    order = [r["document"] for r in record.get("reports", [])]
    for claim in incident.claims:
        if claim.document not in order:
            order.append(claim.document)
    sources = [
        Source(
            d,
            documents.get(d, {}).get("outlet"),
            documents.get(d, {}).get("title"),
            documents.get(d, {}).get("published"),
        )
        for d in order
    ]
    by_field: dict[str, list[Claim]] = {}
    for claim in incident.claims:
        by_field.setdefault(claim.field, []).append(claim)
    names = [f for f in FIELD_ORDER if f in by_field] + sorted(set(by_field) - set(FIELD_ORDER))
    table = Comparison(sources)
    for name in names:
        cells: list[list[CellValue]] = [[] for _ in order]
        for claim in by_field[name]:
            column = cells[order.index(claim.document)]
            text = format_value(name, claim.value)
            if any(
                v.text == text and v.hedged == claim.hedged and v.denied == claim.denied
                for v in column
            ):
                continue  # the same value said again in that source: one link is enough
            column.append(
                CellValue(
                    text,
                    claim.document,
                    claim.start,
                    claim.end,
                    claim.hedged,
                    claim.attributed_to,
                    claim.denied,
                )
            )
        said = [frozenset(v.text for v in column) for column in cells if column]
        disagree = name in incident.contested or len(set(said)) > 1
        label = FIELD_LABELS.get(name, name)
        table.rows.append(Row(name, label, _reconciled(record, name), cells, disagree))
    return table


# --------------------------------------------------------------------------- documents

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n\s*\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end): from the last sentence end before it to the next."""
    lo = 0
    for match in _SENTENCE_END.finditer(text, 0, max(start, 0)):
        lo = match.end()
    after = _SENTENCE_END.search(text, max(end, start))
    hi = after.end() if after else len(text)
    return lo, max(hi, end)


@dataclass(slots=True)
class Segment:
    text: str
    evidence: bool  # inside some evidence span
    sentence: bool  # inside the sentence the reader came to see
    target: bool  # inside the very span the reader came to see
    anchors: list[str]  # ids of the evidence spans that start here
    context: bool = False  # inside a sentence that holds some evidence

    @property
    def classes(self) -> str:
        """CSS classes, weakest first: the stylesheet lets the strongest win."""
        names = ("context", "evidence", "sentence", "target")
        return " ".join(n for n in names if getattr(self, n))


def anchor_id(start: int, end: int) -> str:
    return f"ev-{start}-{end}"


def segments(
    text: str, spans: Iterable[tuple[int, int]], target: tuple[int, int] | None = None
) -> list[Segment]:
    """The text cut at every span edge; each run knows which spans cover it."""
    size = len(text)
    clean = sorted({(max(0, s), min(size, e)) for s, e in spans if 0 <= s < e <= size})
    sentence = sentence_around(text, *target) if target and 0 <= target[0] <= size else None
    contexts = sorted({sentence_around(text, s, e) for s, e in clean})
    cuts = {0, size}
    for s, e in (*clean, *contexts):
        cuts.update((s, e))
    for pair in (sentence, target):
        if pair:
            cuts.update((max(0, pair[0]), min(size, pair[1])))
    edges = sorted(cuts)
    starts: dict[int, list[str]] = {}
    for s, e in clean:
        starts.setdefault(s, []).append(anchor_id(s, e))
    out = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        out.append(
            Segment(
                text=text[lo:hi],
                evidence=any(s <= lo and hi <= e for s, e in clean),
                sentence=bool(sentence and sentence[0] <= lo and hi <= sentence[1]),
                target=bool(target and target[0] <= lo and hi <= target[1]),
                anchors=starts.get(lo, []),
                context=any(s <= lo and hi <= e for s, e in contexts),
            )
        )
    return out


def evidence_spans(reports: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    return [
        (int(e["start"]), int(e["end"]))
        for r in reports
        for e in r.get("evidence") or []
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    ]
