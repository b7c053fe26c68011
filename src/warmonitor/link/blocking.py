"""Blocking: where and when a report's incident can be, and which stored blocks could match it."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from warmonitor.link.families import (
    event_family,
)
from warmonitor.link.features import trusted_place
from warmonitor.link.params import (
    DATE_SLACK_DAYS,
    DATE_TOLERANCE_DAYS,
    PRECISION_RADIUS_KM,
    UNKNOWN_DATE_WINDOW_DAYS,
)
from warmonitor.records import Report, shift_date

# --------------------------------------------------------------------------- blocking


@dataclass(frozen=True, slots=True)
class Block:
    """Where and when a report's incident can be: what the store indexes candidates by."""

    date_lo: dt.date | None  # None = unknown date
    date_hi: dt.date | None
    lat: float | None  # None when the place is unresolved
    lon: float | None
    radius_km: float | None
    country: str | None
    family: str  # violence | demonstration | strategic | unknown

    def overlaps_dates(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether an incident spanning [start, end] fits the window (unknown fits all)."""
        if self.date_lo is None or self.date_hi is None or start is None:
            return True
        return start <= self.date_hi and (end or start) >= self.date_lo


def date_window(report: Report) -> tuple[dt.date | None, dt.date | None]:
    """The report's date range widened by the slack of its precision."""
    d = report.date
    if d.start is None:
        return None, None
    slack = DATE_SLACK_DAYS.get(d.precision, 0)
    return shift_date(d.start, -slack), shift_date(d.end or d.start, slack)


def blocking_key(report: Report, *, published: dt.date | None = None) -> Block:
    """The block of a report. ``published`` (the document's date) bounds an undated report.

    An undated report from a dated document gets the window
    [published - UNKNOWN_DATE_WINDOW_DAYS, published + 1]: news tells recent events.
    """
    lo, hi = date_window(report)
    if lo is None and published is not None:
        lo, hi = shift_date(published, -UNKNOWN_DATE_WINDOW_DAYS), shift_date(published, 1)
    place, country = trusted_place(report)
    lat = lon = radius = None
    if place is not None:
        country = place.country
        if place.lat is not None and place.lon is not None and place.feature != "country":
            lat, lon = place.lat, place.lon
            radius = PRECISION_RADIUS_KM.get(place.precision, PRECISION_RADIUS_KM[3])
    return Block(lo, hi, lat, lon, radius, country, event_family(report))


def blocks_compatible(a: Block, b: Block) -> bool:
    """Cheap pre-filter: could two blocks be the same event? (What the store's query does:
    same family and country when known, date windows within DATE_TOLERANCE_DAYS.)"""
    if a.family != b.family and "unknown" not in (a.family, b.family):
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.date_lo and b.date_lo and a.date_hi and b.date_hi:
        # Days apart rather than shift_date(hi, tol): the same test (a shift held at
        # the calendar's end compares alike), without building dates.
        tol = DATE_TOLERANCE_DAYS
        if (a.date_lo - b.date_hi).days > tol or (b.date_lo - a.date_hi).days > tol:
            return False
    return True


# --------------------------------------------------------------------------- candidate ranges
#
# A store finds the blocks that could fit a report's block through an index on
# (country, span class, date_lo): a block's span (date_hi - date_lo) bounds how far
# before the window its date_lo can start, so each span class is one bounded range
# scan, whatever the store holds. The exact test is then blocks_compatible, the
# same for every store: the ranges only have to be a superset of it.

# Longest span (days) of each class; blocks longer than the last one form a final
# class scanned from the beginning of time (rare: only multi-year ranges).
SPAN_CLASS_DAYS: tuple[int, ...] = (16, 64, 400)
UNDATED_SPAN = -1  # the class of blocks with no date window


def span_class(block: Block) -> int:
    """The span class a block is indexed under (UNDATED_SPAN when it has no dates)."""
    if block.date_lo is None or block.date_hi is None:
        return UNDATED_SPAN
    span = (block.date_hi - block.date_lo).days
    for index, longest in enumerate(SPAN_CLASS_DAYS):
        if span <= longest:
            return index
    return len(SPAN_CLASS_DAYS)


@dataclass(frozen=True, slots=True)
class BlockRange:
    """Stored blocks of one span class whose date_lo lies in [lo_min, lo_max] (None: open)."""

    span: int
    lo_min: dt.date | None
    lo_max: dt.date | None


def candidate_ranges(block: Block) -> list[BlockRange]:
    """The index ranges that hold every stored block compatible with ``block``.

    Country and family are matched by the store as ``blocks_compatible`` says: the
    same or unknown. Undated blocks are their own (country-bounded) range.
    """
    every_span = [*range(len(SPAN_CLASS_DAYS) + 1)]
    ranges = [BlockRange(UNDATED_SPAN, None, None)]
    if block.date_lo is None or block.date_hi is None:
        return ranges + [BlockRange(span, None, None) for span in every_span]
    tol = DATE_TOLERANCE_DAYS
    lo_max = shift_date(block.date_hi, tol)
    for span, longest in enumerate(SPAN_CLASS_DAYS):
        ranges.append(BlockRange(span, shift_date(block.date_lo, -tol - longest), lo_max))
    ranges.append(BlockRange(len(SPAN_CLASS_DAYS), None, lo_max))
    return ranges


@dataclass(slots=True)
class _Rows:
    """One (country, span class)'s stored blocks: date_lo ordinals, sorted, and their keys."""

    days: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def add(self, day: int, key: str) -> None:
        at = bisect.bisect_right(self.days, day)  # an archive comes in date order: at the end
        self.days.insert(at, day)
        self.keys.insert(at, key)

    def between(self, lo: int | None, hi: int | None) -> list[str]:
        start = 0 if lo is None else bisect.bisect_left(self.days, lo)
        end = len(self.days) if hi is None else bisect.bisect_right(self.days, hi)
        return self.keys[start:end]


@dataclass(slots=True)
class BlockIndex:
    """Blocks by country, then span class, sorted by date_lo: the store's index, in memory.

    By country first so a report meets only its country's rows and the unknown
    country's, not every row of the index.
    """

    _rows: dict[str | None, dict[int, _Rows]] = field(default_factory=dict)
    _undated: dict[str | None, list[str]] = field(default_factory=dict)
    _blocks: dict[str, Block] = field(default_factory=dict)

    def add(self, key: str, block: Block) -> None:
        self._blocks[key] = block
        span = span_class(block)
        if span == UNDATED_SPAN:
            self._undated.setdefault(block.country, []).append(key)
        else:
            assert block.date_lo is not None
            by_span = self._rows.setdefault(block.country, {})
            by_span.setdefault(span, _Rows()).add(block.date_lo.toordinal(), key)

    def compatible(self, block: Block) -> list[str]:
        """Keys of the stored blocks compatible with ``block``, in key order.

        The blocks in :func:`candidate_ranges` (of the block's country or none, or of
        every country when it has none) that pass :func:`blocks_compatible`.
        """
        if block.country is None:
            countries: list[str | None] = list(self._rows.keys() | self._undated.keys())
        else:
            countries = [block.country, None]
        found: set[str] = set()
        for rng in candidate_ranges(block):
            if rng.span == UNDATED_SPAN:
                for country in countries:
                    found.update(self._undated.get(country, ()))
                continue
            # Ordinals of the range's ends (a date held at the calendar's end bounds alike).
            lo = None if rng.lo_min is None else rng.lo_min.toordinal()
            hi = None if rng.lo_max is None else rng.lo_max.toordinal()
            for country in countries:
                rows = self._rows.get(country, {}).get(rng.span)
                if rows is not None:
                    found.update(rows.between(lo, hi))
        return sorted(k for k in found if blocks_compatible(block, self._blocks[k]))
