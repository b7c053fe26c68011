"""Query parameters of the list and stats endpoints, parsed and checked in one place.

Every rejection is a 422 naming the parameter and, where the values are a closed set,
the allowed ones; an unknown parameter is rejected too, so a typo never silently widens
a query.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from warmonitor.records import IncidentFilter

GRADES = ("confirmed", "fair", "weak", "contested")
FORMATS = ("json", "csv", "geojson")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

FILTER_PARAMS = (
    "since",
    "until",
    "country",
    "admin1",
    "type",
    "contested",
    "grade",
    "include_out_of_scope",
    "actor",
    "weapon",
    "q",
    "bbox",
)
LIST_PARAMS = (*FILTER_PARAMS, "limit", "offset", "after", "fields", "format", "updated_since")


class ParamError(ValueError):
    """A bad query parameter: answered with 422 naming it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    """What a list request selects: the CLI's filters plus the API's own."""

    filters: IncidentFilter = IncidentFilter()
    actor: str | None = None
    weapon: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north

    @property
    def needs_record_scan(self) -> bool:
        """Whether a criterion looks inside the record (no column holds it)."""
        return bool(self.actor or self.weapon or self.text)


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a keyset page starts: after this incident in listing order (date_start, id)."""

    date: dt.date | None
    id: str

    def encode(self) -> str:
        return f"{self.date.isoformat() if self.date else ''}~{self.id}"


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    after: Cursor | None = None


def reject_unknown(params: Iterable[str], allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    for name in params:
        if name not in allowed:
            raise ParamError(name, f"unknown parameter; allowed: {', '.join(allowed)}")


def _one(params: Mapping[str, str], name: str, max_length: int = 200) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if len(value) > max_length:
        raise ParamError(name, f"longer than {max_length} characters")
    return value


def _choice(params: Mapping[str, str], name: str, allowed: Iterable[str]) -> str | None:
    value = _one(params, name)
    allowed = tuple(allowed)
    if value is not None and value not in allowed:
        raise ParamError(name, f"{value!r} is not allowed; allowed: {', '.join(allowed)}")
    return value


def _date(params: Mapping[str, str], name: str) -> dt.date | None:
    value = _one(params, name, 32)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ParamError(name, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _bool(params: Mapping[str, str], name: str) -> bool | None:
    value = _one(params, name, 8)
    if value is None:
        return None
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ParamError(name, f"{value!r} is not allowed; allowed: true, false")


def _int(params: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    value = _one(params, name, 12)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ParamError(name, f"{value!r} is not an integer") from None
    if not lo <= number <= hi:
        raise ParamError(name, f"{number} is out of range; allowed: {lo} to {hi}")
    return number


def _bbox(params: Mapping[str, str]) -> tuple[float, float, float, float] | None:
    value = _one(params, "bbox", 100)
    if value is None:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ParamError("bbox", "expected west,south,east,north in degrees") from None
    numbers = (west, south, east, north)
    if not all(math.isfinite(n) for n in numbers):
        raise ParamError("bbox", "expected finite numbers")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ParamError("bbox", "expected -180<=west,east<=180 and -90<=south<=north<=90")
    return west, south, east, north


def parse_query(params: Mapping[str, str], event_types: Iterable[str]) -> IncidentQuery:
    """The filters of a request (parameters already known to be allowed)."""
    country = _one(params, "country", 8)
    filters = IncidentFilter(
        since=_date(params, "since"),
        until=_date(params, "until"),
        country=country.upper() if country else None,
        admin1=_one(params, "admin1"),
        event_type=_choice(params, "type", event_types),
        contested=_bool(params, "contested"),
        grade=_choice(params, "grade", GRADES),
        include_out_of_scope=bool(_bool(params, "include_out_of_scope")),
    )
    return IncidentQuery(
        filters=filters,
        actor=_one(params, "actor"),
        weapon=_one(params, "weapon"),
        text=_one(params, "q"),
        bbox=_bbox(params),
    )


def _cursor(params: Mapping[str, str]) -> Cursor | None:
    value = _one(params, "after", 300)
    if value is None:
        return None
    day, sep, incident_id = value.partition("~")
    try:
        date = dt.date.fromisoformat(day) if day else None
    except ValueError:
        date = None
        sep = ""
    if not sep or not incident_id:
        raise ParamError("after", "expected the cursor a previous page gave (DATE~ID or ~ID)")
    return Cursor(date, incident_id)


def parse_page(params: Mapping[str, str]) -> Page:
    page = Page(
        limit=_int(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_int(params, "offset", 0, 0, 10**9),
        after=_cursor(params),
    )
    if page.after and page.offset:
        raise ParamError("after", "give either after or offset, not both")
    return page


def parse_format(params: Mapping[str, str]) -> str:
    return _choice(params, "format", FORMATS) or "json"


def parse_fields(params: Mapping[str, str], allowed: Iterable[str]) -> tuple[str, ...] | None:
    value = _one(params, "fields", 2000)
    if value is None:
        return None
    allowed = tuple(allowed)
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    for name in names:
        if name not in allowed:
            raise ParamError("fields", f"{name!r} is not a field; allowed: {', '.join(allowed)}")
    return names


def parse_timestamp(params: Mapping[str, str], name: str) -> dt.datetime | None:
    """An ISO timestamp as naive UTC (how the store keeps its times)."""
    value = _one(params, name, 40)
    if value is None:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ParamError(
            name, f"{value!r} is not an ISO timestamp (e.g. 2024-05-01T12:00:00Z)"
        ) from None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp
