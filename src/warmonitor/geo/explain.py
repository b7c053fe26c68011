"""The explanation of a geoparse: every span considered, and why each choice was made."""

from __future__ import annotations

from typing import Any

from warmonitor.geo.mention import Mention
from warmonitor.records import PlaceMention


def _candidate(m: Mention, i: int) -> dict[str, Any]:
    c = m.cands[i]
    return {
        "name": c.place.name,
        "geonames_id": c.place.geonames_id,
        "feature": c.place.feature,
        "country": c.place.country,
        "admin1": c.place.admin1,
        "matched": c.matched,
        "how": c.how,
        "score": round(m.scores[i], 3) if i < len(m.scores) else None,
        "reasons": list(m.reasons[i]) if i < len(m.reasons) else [],
        "support": sorted(m.support[i]) if i < len(m.support) else [],
    }


def explain_records(
    mentions: list[Mention], rejected: list[Mention], out: list[PlaceMention]
) -> list[dict[str, Any]]:
    """One record per span: kept mentions with their candidates, rejected spans with why.

    Printed by ``warmonitor geoparse --explain`` (one JSON object per line, or
    indented under each mention in the table view).
    """
    by_span = {(pm.start, pm.end): pm for pm in out}
    records = []
    for m in mentions:
        pm = by_span.get((m.start, m.end))
        order = sorted(range(len(m.scores)), key=lambda i: -m.scores[i])[:5]
        records.append(
            {
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "label": m.label,
                "cue": m.cue,
                "kind": m.kind_hint,
                "p_toponym": None if m.p_toponym is None else round(m.p_toponym, 3),
                "decision": "resolved" if pm and pm.place else "unresolved",
                "chosen": pm.place.name if pm and pm.place else None,
                "notes": list(m.notes),
                "candidates": [_candidate(m, i) for i in order],
            }
        )
    for m in rejected:
        records.append(
            {
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "label": m.label,
                "cue": m.cue,
                "kind": m.kind_hint,
                "p_toponym": None if m.p_toponym is None else round(m.p_toponym, 3),
                "decision": "not a place",
                "chosen": None,
                "notes": list(m.notes),
                "candidates": [],
            }
        )
    records.sort(key=lambda r: (r["start"], -r["end"]))
    return records
