"""UCDP GED-shaped CSV (``--format ucdp``): GED's column names and codes, from our record.

docs/exports.md documents each mapping and where ours is coarser than GED's. In short:
GED codes only organised violence with at least one death, so rows with ``best`` 0 or an
empty ``type_of_violence`` are ours, not GED's; sides come from the perpetrators and
victims the record names, not from UCDP's actor list; ``iso`` is ISO 3166-1 numeric (GED's
Gleditsch-Ward ``country_id`` is not derived).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from warmonitor import registry
from warmonitor.export import coding
from warmonitor.export.acled import write_rows
from warmonitor.export.context import ExportContext
from warmonitor.export.countries import country
from warmonitor.export.ids import event_number
from warmonitor.records import Incident, Victim

UCDP_COLUMNS = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "where_prec",
    "date_prec",
    "date_start",
    "date_end",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "country",
    "iso",
    "region",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "low",
    "high",
    "event_clarity",
]
UCDP_EXTRA_COLUMNS = ["warmonitor_id", "warmonitor_event_type", "grade", "contested", "source_url"]
UCDP_CSV_COLUMNS = UCDP_COLUMNS + UCDP_EXTRA_COLUMNS

STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3
# Victims who are a state's forces (a GED side), by the record's victim kind.
_STATE_FORCE_KINDS = frozenset(
    {"soldiers", "soldier", "troops", "pilots", "pilot", "crew", "police", "security forces"}
)
_ORGANISED_VIOLENCE = {"Battles", "Violence against civilians", "Explosions/Remote violence"}
SEPARATOR = ";"  # GED separates several sources so


def _is_state_force(victim: Victim) -> bool:
    return (victim.kind or "").lower() in _STATE_FORCE_KINDS


def type_of_violence(incident: Incident) -> int | None:
    """GED's 1 state-based, 2 non-state, 3 one-sided; None outside organised violence or
    when the record does not say who fought whom."""
    et, _ = coding.acled_types(incident)
    if et not in _ORGANISED_VIOLENCE:
        return None
    if coding.civilian_targeting(incident) and incident.perpetrators:
        return ONE_SIDED
    perp_state = any(a.kind == "state" for a in incident.perpetrators)
    if perp_state or any(_is_state_force(v) for v in incident.victims):
        return STATE_BASED
    if incident.perpetrators and incident.victims:
        return NON_STATE
    return None


def _sides(incident: Incident, violence: int | None) -> tuple[str | None, str | None, str]:
    """(side_a, side_b, which side the victims are: "a" | "b" | "civilians")."""
    perps = [a.normalized or a.name for a in incident.perpetrators]
    perp = perps[0] if perps else None
    victims = [v.name for v in incident.victims if not coding.is_civilian(v.kind, v.name)]
    if violence == ONE_SIDED:
        return perp, "Civilians", "civilians"
    state_perp = next(
        (a.normalized or a.name for a in incident.perpetrators if a.kind == "state"), None
    )
    if state_perp:  # GED puts the government in side A
        return state_perp, victims[0] if victims else None, "b"
    state_victims = [v.name for v in incident.victims if _is_state_force(v)]
    if state_victims:
        return state_victims[0], perp, "a"
    return perp, victims[0] if victims else None, "b"


def _deaths(incident: Incident, victims_side: str) -> dict[str, int]:
    """GED's deaths by side; what the victims' counts do not place is ``deaths_unknown``."""
    best = _best(incident)
    killed = [v for v in incident.victims if v.status in ("killed", "unknown")]
    civilians = sum(_count(v) for v in killed if coding.is_civilian(v.kind, v.name))
    side = sum(_count(v) for v in killed if not coding.is_civilian(v.kind, v.name))
    civilians = min(civilians, best)
    side = min(side, best - civilians) if victims_side in ("a", "b") else 0
    return {
        "deaths_a": side if victims_side == "a" else 0,
        "deaths_b": side if victims_side == "b" else 0,
        "deaths_civilians": civilians,
        "deaths_unknown": best - civilians - side,
    }


def _count(v: Victim) -> int:
    c = v.count
    return c.best if c.best is not None else (c.low or 0)


def _best(incident: Incident) -> int:
    f = incident.fatalities
    return f.best if f.best is not None else (f.low or 0)


def where_prec(incident: Incident) -> int | None:
    """GED's 1 exact place, 2 within 25 km, 3 district, 4 province, 6 country, 7 sea/air."""
    p = incident.location
    if p is None:
        return None
    if p.precision == 1:
        return 1
    if p.precision == 2:
        return 2  # ours: "near a town or part of a district"; GED splits these 2 and 3
    feature = (p.feature or "").lower()
    if feature in ("sea", "ocean"):
        return 7
    if feature == "country":
        return 6
    if feature == "adm2":
        return 3
    return 4


def date_prec(incident: Incident) -> int | None:
    """GED's 1 a day, 2 two to six days, 3 a week, 4 up to a month, 5 longer."""
    d = incident.date
    if d.start is None:
        return None
    days = ((d.end or d.start) - d.start).days + 1
    if d.precision == "day" and days == 1:
        return 1
    if days < 7 and d.precision == "day":
        return 2
    if days <= 7 and d.precision in ("day", "week"):
        return 3
    if days <= 31 and d.precision in ("day", "week", "month"):
        return 4
    return 5


def event_clarity(incident: Incident) -> int:
    """GED's 1 clear, 2 unclear: unclear when contested or resting on one weak source, or
    when what, when or where is disputed."""
    disputed = {"event_type", "date", "location"} & set(incident.contested)
    return 1 if incident.grade in ("confirmed", "fair") and not disputed else 2


def incident_to_ucdp(incident: Incident, context: ExportContext | None = None) -> dict[str, Any]:
    """One GED-shaped row, typed (None where the record does not know)."""
    context = context or ExportContext()
    p = incident.location
    found = country(p.country if p else None)
    violence = type_of_violence(incident)
    side_a, side_b, victims_side = _sides(incident, violence)
    sources = context.sources(incident)
    f = incident.fatalities
    best = _best(incident)
    start, end = incident.date.start, incident.date.end
    has_point = p is not None and p.lat is not None and p.lon is not None
    return {
        "id": event_number(incident.id),
        "year": start.year if start else None,
        "type_of_violence": violence,
        "side_a": side_a,
        "side_b": side_b,
        "source_article": SEPARATOR.join(
            ",".join(x or "" for x in (s.outlet, s.published, s.title)) for s in sources
        )
        or None,
        "source_office": SEPARATOR.join(s.outlet or "" for s in sources) or None,
        "source_date": SEPARATOR.join(s.published or "" for s in sources) or None,
        "source_headline": SEPARATOR.join(s.title or "" for s in sources) or None,
        "where_prec": where_prec(incident),
        "date_prec": date_prec(incident),
        "date_start": start.isoformat() if start else None,
        "date_end": (end or start).isoformat() if start else None,
        "adm_1": (p.admin1 if p else None) or None,
        "adm_2": (p.admin2 if p else None) or None,
        "latitude": p.lat if has_point else None,
        "longitude": p.lon if has_point else None,
        "geom_wkt": f"POINT ({p.lon} {p.lat})" if has_point else None,
        "country": found.name if found else None,
        "iso": found.numeric if found else None,
        "region": found.ucdp_region if found else None,
        **_deaths(incident, victims_side),
        "best": best,
        "low": min(f.low, best) if f.low is not None else best,
        "high": max(f.high, best) if f.high is not None else best,
        "event_clarity": event_clarity(incident),
        "warmonitor_id": incident.id,
        "warmonitor_event_type": incident.event_type,
        "grade": incident.grade,
        "contested": SEPARATOR.join(incident.contested) or None,
        "source_url": SEPARATOR.join(context.urls(incident)) or None,
    }


@registry.exporters.register("ucdp")
def write_ucdp(incidents: Sequence[Incident], out: TextIO, **context: Any) -> None:
    """UCDP GED's columns, then ours (docs/exports.md)."""
    ctx = ExportContext.of(**context)
    write_rows(out, UCDP_CSV_COLUMNS, (incident_to_ucdp(i, ctx) for i in incidents))


# pandas dtypes of the UCDP CSV: ``pd.read_csv(path, dtype=UCDP_DTYPES)`` reads it exactly.
UCDP_DTYPES: dict[str, str] = (
    dict.fromkeys(UCDP_CSV_COLUMNS, "string")
    | dict.fromkeys(
        (
            "id",
            "year",
            "type_of_violence",
            "where_prec",
            "date_prec",
            "iso",
            "deaths_a",
            "deaths_b",
            "deaths_civilians",
            "deaths_unknown",
            "best",
            "low",
            "high",
            "event_clarity",
        ),
        "Int64",
    )
    | {"latitude": "float64", "longitude": "float64"}
)
