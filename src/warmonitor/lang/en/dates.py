"""Dates in news text, resolved against the publication date.

News dates events relative to the day it appears: "on Tuesday" is the latest
Tuesday on or before publication (unless the text says "next"), "earlier this
week" is the days of the publication week before it, "last month" is a month.
Each resolution keeps a precision (day, week, month, year) so later stages can
tell "11 Feb 2020" from "some day that week". Without a publication date a
relative expression has nothing to anchor to and resolves to unknown, while
absolute ones ("14 February 2020", "in 2018") still resolve.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from warmonitor.lang.en.words import (
    MONTH_ABBREVIATION,
    MONTH_NAME,
    MONTH_NUMBERS,
    WEEKDAY_NAME,
    WEEKDAY_NUMBERS,
)
from warmonitor.records import DateRange, shift_date

MONTHS: dict[str, int] = MONTH_NUMBERS
WEEKDAYS = WEEKDAY_NUMBERS

_MONTH = rf"(?:{MONTH_NAME}|{MONTH_ABBREVIATION})\.?"
_WEEKDAY = rf"(?:{WEEKDAY_NAME})"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_YEAR = r"(?:19\d\d|20\d\d)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"

# Ordered: longer, more specific patterns first (alternation is first-match).
_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("mdy_slash", r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)\b"),
    ("dmy", rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
    ("mdy", rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b"),
    ("dm", rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH})(?![\w-])"),
    ("md", rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?!\w)(?!,?\s*\d)"),
    ("my", rf"\b(?P<mon>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b"),
    ("month_last_year", rf"\b(?:in\s+)?(?P<mon>{_MONTH})\s+(?:of\s+)?last\s+year\b"),
    ("weekday", rf"\b(?P<mod>last|next|this|past|on|early|late)?\s*(?P<wd>{_WEEKDAY}){_PART}\b"),
    ("day_before_yesterday", r"\bthe\s+day\s+before\s+yesterday\b"),
    ("yesterday", rf"\byesterday{_PART}\b|\blast\s+night\b"),
    ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"),
    ("days_ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a\s+few)\s+days?\s+ago\b"),
    ("earlier_week", r"\bearlier\s+(?:this|in\s+the)\s+week\b"),
    ("this_week", r"\bthis\s+week\b"),
    ("last_week", r"\b(?:last|past|previous)\s+week\b"),
    ("weekend", r"\b(?P<mod>this|last|past)\s+weekend\b|\bover\s+the\s+weekend\b"),
    ("last_month", r"\blast\s+month\b"),
    ("this_month", r"\b(?:earlier\s+)?this\s+month\b"),
    ("last_year", r"\blast\s+year\b"),
    ("this_year", r"\b(?:earlier\s+)?this\s+year\b"),
    ("year", rf"\b(?:in|since|during|of|by|from)\s+(?:early\s+|late\s+|mid-?)?(?P<y>{_YEAR})\b"),
    (
        "bare_month",
        rf"\b(?:in|on|during|early|late|since|mid-?)\s+(?P<mon>{MONTH_NAME})\b(?!\.?\s+\d|,?\s+(?:of\s+)?last\s+year)",
    ),
]
_COMBINED = re.compile(
    "|".join(
        f"(?P<k_{name}>{pattern.replace('(?P<', f'(?P<{name}__')})" for name, pattern in _PATTERNS
    ),
    re.IGNORECASE,
)
# Month names that are also ordinary words must be capitalised to count.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jun", "sep", "dec", "jan", "oct", "nov", "aug", "apr"}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in text, with its resolution."""

    start: int
    end: int
    text: str
    kind: str
    date: DateRange


def _day(d: dt.date) -> DateRange:
    return DateRange(d, d, "day")


def _month_range(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _year_range(year: int) -> DateRange:
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_on_or_before(month: int, day: int, published: dt.date) -> dt.date | None:
    """The most recent month/day on or before publication ("on January 12")."""
    for year in (published.year, published.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= published:
            return candidate
    return None


def resolve_weekday(weekday: int, published: dt.date, modifier: str | None = None) -> dt.date:
    """The weekday named, counted back from publication ("next" counts forward).

    "Tuesday" = the latest Tuesday on or before publication; "last Tuesday"
    is the same reading (newsrooms use it for the past week); "next Tuesday"
    is the first Tuesday after publication.
    """
    if modifier == "next":
        delta = (weekday - published.weekday()) % 7 or 7
        return shift_date(published, delta)
    delta = (published.weekday() - weekday) % 7
    return shift_date(published, -delta)


def _group(match: re.Match[str], kind: str, name: str) -> str | None:
    try:
        return match.group(f"{kind}__{name}")
    except IndexError:  # this pattern has no such group
        return None


def _resolve(kind: str, match: re.Match[str], published: dt.date | None) -> DateRange | None:
    """The date range a matched expression stands for; None = not a date after all."""

    def g(name: str) -> str | None:
        return _group(match, kind, name)

    if kind in ("iso", "dmy", "mdy", "mdy_slash"):
        month = MONTHS.get((g("mon") or "").lower().rstrip(".")) if g("mon") else int(g("m") or 0)
        year = int(g("y") or 0)
        if year < 100:
            year += 2000 if year < 50 else 1900
        day = int(re.sub(r"\D", "", g("d") or "0"))
        date = _safe_date(year, month or 0, day)
        return _day(date) if date else None
    if kind in ("dm", "md"):
        month = MONTHS.get((g("mon") or "").lower().rstrip("."))
        day = int(re.sub(r"\D", "", g("d") or "0"))
        if not month or not 1 <= day <= 31:
            return None
        if published is None:
            return DateRange.unknown()
        date = _latest_on_or_before(month, day, published)
        return _day(date) if date else None
    if kind == "my":
        month = MONTHS.get((g("mon") or "").lower().rstrip("."))
        return _month_range(int(g("y") or 0), month) if month else None
    if kind == "month_last_year":
        month = MONTHS.get((g("mon") or "").lower().rstrip("."))
        if not month:
            return None
        if published is None:
            return DateRange.unknown()
        return _month_range(published.year - 1, month)
    if kind == "year":
        return _year_range(int(g("y") or 0))
    if published is None:
        return DateRange.unknown()
    if kind == "bare_month":
        month = MONTHS[(g("mon") or "").lower()]
        year = published.year if month <= published.month else published.year - 1
        return _month_range(year, month)
    if kind == "weekday":
        mod = (g("mod") or "").lower() or None
        return _day(resolve_weekday(WEEKDAYS[(g("wd") or "").lower()], published, mod))
    if kind == "today":
        return _day(published)
    if kind == "yesterday":
        return _day(shift_date(published, -1))
    if kind == "day_before_yesterday":
        return _day(shift_date(published, -2))
    if kind == "days_ago":
        raw = (g("n") or "").lower()
        words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
        if raw.startswith("a"):
            return DateRange(shift_date(published, -5), published, "week")
        n = int(raw) if raw.isdigit() else words[raw]
        return _day(shift_date(published, -n))
    monday = shift_date(published, -published.weekday())
    if kind == "earlier_week":
        end = max(monday, shift_date(published, -1))
        return DateRange(monday, end, "week")
    if kind == "this_week":
        return DateRange(monday, published, "week")
    if kind == "last_week":
        start = shift_date(monday, -7)
        return DateRange(start, shift_date(start, 6), "week")
    if kind == "weekend":
        # The latest Saturday-Sunday that has begun by publication.
        saturday = shift_date(published, -((published.weekday() - 5) % 7))
        return DateRange(saturday, min(shift_date(saturday, 1), published), "week")
    if kind == "last_month":
        year, month = (
            (published.year, published.month - 1)
            if published.month > 1
            else (published.year - 1, 12)
        )
        return _month_range(year, month)
    if kind == "this_month":
        return DateRange(published.replace(day=1), published, "month")
    if kind == "last_year":
        return _year_range(published.year - 1)
    if kind == "this_year":
        return DateRange(dt.date(published.year, 1, 1), published, "year")
    return None


def find_dates(text: str, published: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text`` with its resolution; spans shifted by ``offset``."""
    found: list[DateMention] = []
    for match in _COMBINED.finditer(text):
        kind = next(name for name, _ in _PATTERNS if match.group(f"k_{name}"))
        surface = match.group(0)
        mon = _group(match, kind, "mon")
        if mon and mon.lower().rstrip(".") in _AMBIGUOUS_MONTHS and not mon[0].isupper():
            continue
        if kind == "weekday":
            wd = _group(match, kind, "wd") or ""
            if not wd[0].isupper() and not text.islower():
                continue
        if kind == "bare_month" and not (_group(match, kind, "mon") or " ")[0].isupper():
            continue
        resolved = _resolve(kind, match, published)
        if resolved is None:
            continue
        start = match.start()
        start += len(surface) - len(surface.lstrip())
        surface = surface.lstrip()
        # Keep the span on the date words themselves, not a leading preposition.
        lead = re.match(r"(?:in|on|since|during|of|by|from)\s+", surface, re.IGNORECASE)
        if lead and kind in ("year", "bare_month"):
            start += lead.end()
        found.append(
            DateMention(
                start=start + offset,
                end=match.end() + offset,
                text=text[start : match.end()],
                kind=kind,
                date=resolved,
            )
        )
    # "Wednesday, July 9, 2014": the weekday names the explicit date that follows it.
    return [
        d
        for i, d in enumerate(found)
        if not (
            d.kind == "weekday"
            and i + 1 < len(found)
            and found[i + 1].kind in ("dmy", "mdy", "md", "dm", "iso", "mdy_slash")
            and found[i + 1].start - d.end <= 3
        )
    ]


def resolve_date(expression: str, published: dt.date | None) -> DateRange:
    """The first date in ``expression``, or unknown.

    >>> resolve_date("on Tuesday", dt.date(2020, 2, 14))
    DateRange(start=datetime.date(2020, 2, 11), end=datetime.date(2020, 2, 11), precision='day')
    """
    mentions = find_dates(expression, published)
    return mentions[0].date if mentions else DateRange.unknown()


def overlaps(a: DateRange, b: DateRange) -> bool:
    """True when two ranges can be the same day (unknown overlaps everything)."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return True
    return a.start <= b.end and b.start <= a.end


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
