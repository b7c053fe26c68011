"""Shared record types: what flows between the pipeline stages.

Every stage is a function of these records; none of them touches the database.
Spans are character offsets into ``Document.text`` (the cleaned text), which is
what the store keeps, so evidence can always be shown in context.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DatePrecision = Literal["day", "week", "month", "year"]
Grade = Literal["confirmed", "fair", "weak", "contested"]


def shift_date(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held at the calendar's ends (0001-01-01, 9999-12-31).

    Every date sum goes through this: a publication date near either end of the calendar
    (``--published 9999-12-31``) must not overflow in the stages that count back or on from it.
    """
    ordinal = min(max(day.toordinal() + days, 1), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's cleaned text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    """One cleaned input document with its metadata."""

    id: str
    text: str
    sha256: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    path: str | None = None
    language: str | None = None  # ISO 639-1 guess; None when unknown
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def header(self) -> dict[str, Any]:
        """The short form used in JSON output: ``{"id", "path", "title", "outlet", "published"}``."""
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(slots=True)
class Place:
    """A gazetteer resolution of a place mention."""

    name: str
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None  # country | ADM1 | ADM2 | populated_place | airport | ...
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    precision: int = 3  # 1 the place itself, 2 near it / part of a district, 3 province or larger
    score: float = 0.0
    candidates: list[dict[str, Any]] = field(default_factory=list)  # runner-ups


@dataclass(slots=True)
class PlaceMention:
    """A toponym in the text, resolved or not."""

    text: str
    start: int
    end: int
    role: Literal["event", "other"] = "other"  # where the incident happened vs. merely named
    place: Place | None = None  # None while unresolved
    qualifier: str | None = None  # "near", "western countryside of", "between", "over", ...


@dataclass(slots=True)
class DateRange:
    start: dt.date | None
    end: dt.date | None
    precision: DatePrecision | None  # None = unknown

    @classmethod
    def unknown(cls) -> DateRange:
        return cls(None, None, None)


@dataclass(slots=True)
class Count:
    """UCDP-style low/best/high; all None = nothing stated."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    # The words when no number is given: alone ("all crew on board"), or beside the figure
    # a vague word is coded as ("several": low 3, best 10, after ACLED).
    phrase: str | None = None

    def is_empty(self) -> bool:
        return self.low is None and self.best is None and self.high is None and self.phrase is None

    def is_vague(self) -> bool:
        """A figure coded from a vague word ("dozens" = 12), not one the text states."""
        return self.phrase is not None and self.best is not None


@dataclass(slots=True)
class Actor:
    name: str  # surface form
    normalized: str | None = None  # canonical name ("Syrian Observatory for Human Rights")
    kind: Literal["organization", "individual", "state", "unknown"] = "unknown"


@dataclass(slots=True)
class Victim:
    name: str  # "pilots", "civilians", "crew members"
    count: Count = field(default_factory=Count)
    kind: str | None = None  # civilians | soldiers | pilots | crew | militants | ...
    status: Literal["killed", "injured", "abducted", "arrested", "unknown"] = "unknown"


@dataclass(slots=True)
class Evidence:
    """Why a report holds a value: the span that says it, who said it, how firmly."""

    field: str  # "event_type", "date", "location", "fatalities", "aircraft", ...
    value: Any  # JSON-able value as it appears in the report field
    start: int
    end: int
    text: str
    attributed_to: str | None = None  # "SANA", "Syrian Observatory for Human Rights", ...
    hedged: bool = False
    denied: bool = False  # the span denies the value ("the RSF denied responsibility")


@dataclass(slots=True)
class Report:
    """One incident as told by one document."""

    document_id: str
    event_type: str  # snake_case, see warmonitor.taxonomy
    acled: dict[str, str] = field(default_factory=dict)  # {"event_type", "sub_event_type"}
    date: DateRange = field(default_factory=DateRange.unknown)
    location: PlaceMention | None = None  # the place where it happened
    places: list[PlaceMention] = field(default_factory=list)  # every place the report names
    fatalities: Count = field(default_factory=Count)
    injured: Count = field(default_factory=Count)
    perpetrators: list[Actor] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    aircraft: list[str] = field(default_factory=list)  # normalised models ("Mi-8", "Mi-24")
    aggregate: bool = False  # background totals, not one event
    evidence: list[Evidence] = field(default_factory=list)
    index: int = 0  # position of the report within its document
    # Undated reports only: the earliest date the event can have, from its document's
    # context (the dates of the document's dated reports); set by link.annotate_context.
    not_before: dt.date | None = None
    # What the learned layer (warmonitor.classify) decided and why: the deciding sentences
    # with their scores; None when the layer did not run.
    explanation: dict[str, Any] | None = None


@dataclass(slots=True)
class Claim:
    """A value for a field of an incident, as one report asserted it."""

    field: str
    value: Any
    source: str | None  # outlet that published the document
    attributed_to: str | None
    hedged: bool
    document: str
    start: int
    end: int
    denied: bool = False  # ``attributed_to`` denies the value (a perpetrator disowning the act)


@dataclass(slots=True)
class Incident:
    """A real-world event: reconciled fields plus the ledger behind them."""

    id: str
    event_type: str
    acled: dict[str, str] = field(default_factory=dict)
    date: DateRange = field(default_factory=DateRange.unknown)
    location: Place | None = None
    location_name: str | None = None
    fatalities: Count = field(default_factory=Count)
    injured: Count = field(default_factory=Count)
    perpetrators: list[Actor] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    aircraft: list[str] = field(default_factory=list)
    contested: list[str] = field(default_factory=list)
    grade: Grade = "weak"
    claims: list[Claim] = field(default_factory=list)
    report_keys: list[str] = field(default_factory=list)  # "<document id>#<report index>"


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What ``warmonitor incidents`` and the API select by; None = any.

    The store applies it in SQL and ``export.matches`` in memory, with one meaning.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    contested: bool | None = None
    grade: str | None = None
    # Disasters, ordinary crime and diplomacy (event types with conflict=False) are kept when
    # [classify] keep_out_of_scope is set, but a default listing or export shows conflict events
    # only; naming such a type in ``event_type`` asks for it.
    include_out_of_scope: bool = False


def report_key(report: Report) -> str:
    """The stable name of a report: its document and its position there."""
    return f"{report.document_id}#{report.index}"


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and containers to plain JSON types."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def place_from_dict(data: dict[str, Any] | None) -> Place | None:
    if not data:
        return None
    return Place(**{k: data.get(k) for k in Place.__dataclass_fields__ if k in data})


def mention_from_dict(data: dict[str, Any] | None) -> PlaceMention | None:
    if not data:
        return None
    return PlaceMention(
        text=data["text"],
        start=data["start"],
        end=data["end"],
        role=data.get("role", "other"),
        place=place_from_dict(data.get("place")),
        qualifier=data.get("qualifier"),
    )


def count_from_dict(data: dict[str, Any] | None) -> Count:
    return Count(**{k: (data or {}).get(k) for k in ("low", "best", "high", "phrase")})


def date_range_from_dict(data: dict[str, Any] | None) -> DateRange:
    data = data or {}
    return DateRange(_date(data.get("start")), _date(data.get("end")), data.get("precision"))


def actors_from_list(items: list[dict[str, Any]] | None) -> list[Actor]:
    return [Actor(**a) for a in items or []]


def victims_from_list(items: list[dict[str, Any]] | None) -> list[Victim]:
    return [Victim(**{**v, "count": count_from_dict(v.get("count"))}) for v in items or []]


def _event_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The fields a report and an incident share, decoded the same way for both."""
    return {
        "event_type": data["event_type"],
        "acled": dict(data.get("acled") or {}),
        "date": date_range_from_dict(data.get("date")),
        "fatalities": count_from_dict(data.get("fatalities")),
        "injured": count_from_dict(data.get("injured")),
        "perpetrators": actors_from_list(data.get("perpetrators")),
        "victims": victims_from_list(data.get("victims")),
        "targets": list(data.get("targets") or []),
        "weapons": list(data.get("weapons") or []),
        "aircraft": list(data.get("aircraft") or []),
    }


def report_from_dict(data: dict[str, Any]) -> Report:
    """The inverse of ``to_jsonable(report)``: how the store gives reports back."""
    return Report(
        document_id=data["document_id"],
        location=mention_from_dict(data.get("location")),
        places=[m for m in map(mention_from_dict, data.get("places") or []) if m],
        **_event_fields(data),
        aggregate=bool(data.get("aggregate", False)),
        evidence=[Evidence(**e) for e in data.get("evidence") or []],
        index=int(data.get("index", 0)),
        not_before=_date(data.get("not_before")),
        explanation=data.get("explanation"),
    )


def incident_from_dict(data: dict[str, Any]) -> Incident:
    """The inverse of ``to_jsonable(incident)``."""
    return Incident(
        id=data["id"],
        location=place_from_dict(data.get("location")),
        location_name=data.get("location_name"),
        **_event_fields(data),
        contested=list(data.get("contested") or []),
        grade=data.get("grade", "weak"),
        claims=[Claim(**c) for c in data.get("claims") or []],
        report_keys=list(data.get("report_keys") or []),
    )


# --------------------------------------------------------------------------- untrusted strings
# Inputs are untrusted: JSON may spell lone surrogates ("\ud800"), file names may hold bytes that
# are not UTF-8 (Python hands them over as surrogate escapes), and metadata may be any JSON type.
# None of that can be hashed, stored or printed as is, so every string from outside passes here.

_SURROGATE = re.compile("[\ud800-\udfff]")
METADATA_MAX_DEPTH = 32


def untrusted_text(value: str, *, file_name: bool = False) -> str:
    """``value`` without lone surrogates: U+FFFD, or ``\\xNN`` for a file name's undecodable byte."""
    if not _SURROGATE.search(value):
        return value

    def replace(match: re.Match[str]) -> str:
        code = ord(match.group())
        if file_name and 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of one raw byte
            return f"\\x{code - 0xDC00:02x}"
        return "\ufffd"

    return _SURROGATE.sub(replace, value)


def untrusted_scalar(value: Any) -> str | None:
    """A metadata field that must be text (id, url, outlet, title): text, a number as text, or None.

    Raises TypeError naming the type for a list, an object or a boolean, which are never text.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return untrusted_text(value).strip() or None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{type(value).__name__}, not text")
    if isinstance(value, float) and not math.isfinite(value):
        raise TypeError("a non-finite number, not text")
    return str(value)


def untrusted_json(value: Any, depth: int = 0) -> Any:
    """JSON metadata that every backend can store: clean strings, finite numbers, bounded depth.

    Raises ValueError when nested deeper than METADATA_MAX_DEPTH.
    """
    if depth > METADATA_MAX_DEPTH:
        raise ValueError(f"metadata nested deeper than {METADATA_MAX_DEPTH} levels")
    if isinstance(value, str):
        return untrusted_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN and Infinity are not JSON; PostgreSQL refuses them
    if isinstance(value, dict):
        return {untrusted_text(str(k)): untrusted_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [untrusted_json(v, depth + 1) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return untrusted_text(str(value))
