"""Publication dates: from metadata in the common formats, or a dateline near the top of the text."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

_MONTHS = {
    m.casefold(): i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATELINE_PATTERNS = [
    (
        re.compile(rf"^(?:\w+day,?\s+)?(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})\b", re.I),
        ("d", "m", "y"),
    ),
    (
        re.compile(rf"^(?:\w+day,?\s+)?{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I),
        ("m", "d", "y"),
    ),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
]
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
_RFC_2822 = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def read_dateline(text: str, max_lines: int = 12) -> dt.date | None:
    """A publication date stated on a line of its own near the top ("14 February, 2020")."""
    for line in text.split("\n")[: max_lines * 2]:
        line = line.strip()
        if not line or len(line) > 60:
            continue
        line = re.sub(r"^(?:published|updated|posted)(?:\s+on)?:?\s*", "", line, flags=re.I)
        for pattern, order in _DATELINE_PATTERNS:
            if m := pattern.match(line):
                parts = dict(zip(order, m.groups(), strict=True))
                month = parts["m"]
                month_number = (
                    int(month) if month.isdigit() else _MONTHS.get(month.casefold().rstrip("."))
                )
                try:
                    return dt.date(int(parts["y"]), month_number or 0, int(parts["d"]))
                except (ValueError, TypeError):
                    continue
    return None


class UnclearDate(ValueError):
    """A date value that is present but cannot be read; the message says why."""


def parse_date(value: Any) -> dt.date | None:
    """A date from metadata, or None when there is none or it cannot be read.

    ISO dates and timestamps ("2025-03-14 20:30:26Z"), RFC 2822 ("Mon, 06 May 2024 10:00:00
    GMT"), day/month/year or month/day/year when the numbers settle the order, "6 May 2024".
    """
    try:
        return parse_date_strict(value)
    except UnclearDate:
        return None


def parse_date_strict(value: Any) -> dt.date | None:
    """Like :func:`parse_date`, but a value given and unreadable raises UnclearDate."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise UnclearDate(f"not a date ({type(value).__name__})")
    shown = value.strip()[:40]
    if m := _ISO.match(value):
        return _date(int(m[1]), int(m[2]), int(m[3]), shown)
    if _RFC_2822.match(value):
        try:
            return email.utils.parsedate_to_datetime(value.strip()).date()
        except (TypeError, ValueError, IndexError, OverflowError) as err:
            raise UnclearDate(f"not a date: {shown!r}") from err
    if m := _NUMERIC.match(value):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first > 12 >= second:
            return _date(year, second, first, shown)
        if second > 12 >= first:
            return _date(year, first, second, shown)
        if first == second:
            return _date(year, first, first, shown)
        raise UnclearDate(f"ambiguous date {shown!r} (day/month order unknown)")
    if found := read_dateline(value.strip(), max_lines=1):
        return found
    raise UnclearDate(f"not a date: {shown!r}")


def _date(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise UnclearDate(f"not a date: {shown!r}") from err
