"""Date resolution against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warmonitor.dates import WEEKDAYS, find_dates, overlaps, resolve_date, resolve_weekday
from warmonitor.records import DateRange

FRI = dt.date(2020, 2, 14)  # a Friday
TUE = dt.date(2016, 8, 2)  # a Tuesday


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


@pytest.mark.parametrize(
    ("text", "published", "start", "end", "precision"),
    [
        ("on Tuesday", FRI, d(2020, 2, 11), d(2020, 2, 11), "day"),
        ("on Friday", FRI, FRI, FRI, "day"),
        ("Monday night", FRI, d(2020, 2, 10), d(2020, 2, 10), "day"),
        ("killed Monday when", TUE, d(2016, 8, 1), d(2016, 8, 1), "day"),
        ("next Tuesday", FRI, d(2020, 2, 18), d(2020, 2, 18), "day"),
        ("earlier this week", FRI, d(2020, 2, 10), d(2020, 2, 13), "week"),
        ("this week", FRI, d(2020, 2, 10), FRI, "week"),
        ("last week", FRI, d(2020, 2, 3), d(2020, 2, 9), "week"),
        ("last month", FRI, d(2020, 1, 1), d(2020, 1, 31), "month"),
        ("on January 12", FRI, d(2020, 1, 12), d(2020, 1, 12), "day"),
        ("on 12 March", FRI, d(2019, 3, 12), d(2019, 3, 12), "day"),
        ("In 2018, a jet was shot down", FRI, d(2018, 1, 1), d(2018, 12, 31), "year"),
        ("14 February, 2020", None, FRI, FRI, "day"),
        ("Feb. 3, 2019", None, d(2019, 2, 3), d(2019, 2, 3), "day"),
        ("yesterday", FRI, d(2020, 2, 13), d(2020, 2, 13), "day"),
        ("last night", FRI, d(2020, 2, 13), d(2020, 2, 13), "day"),
        ("two days ago", FRI, d(2020, 2, 12), d(2020, 2, 12), "day"),
        ("in September of last year", FRI, d(2019, 9, 1), d(2019, 9, 30), "month"),
        ("in December", FRI, d(2019, 12, 1), d(2019, 12, 31), "month"),
        ("in March 2019", None, d(2019, 3, 1), d(2019, 3, 31), "month"),
        ("2020-02-03", None, d(2020, 2, 3), d(2020, 2, 3), "day"),
        ("over the weekend", FRI, d(2020, 2, 8), d(2020, 2, 9), "week"),
    ],
)
def test_resolution(
    text: str, published: dt.date | None, start: dt.date, end: dt.date, precision: str
) -> None:
    assert resolve_date(text, published) == DateRange(start, end, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["on Tuesday", "earlier this week", "last month", "on January 12", "yesterday"]
)
def test_relative_dates_need_an_anchor(text: str) -> None:
    assert resolve_date(text, None) == DateRange.unknown()


@pytest.mark.parametrize(
    "text", ["rebels may have used missiles", "they march on", "no date here", "the 1,200 troops"]
)
def test_words_that_are_not_dates(text: str) -> None:
    assert find_dates(text, FRI) == []


def test_spans_point_at_the_words() -> None:
    text = "The helicopter was shot down on Tuesday near Nayrab."
    [mention] = find_dates(text, FRI, offset=100)
    assert text[mention.start - 100 : mention.end - 100] == "on Tuesday"


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))


@given(dates, st.sampled_from(sorted(WEEKDAYS)))
def test_weekday_is_latest_on_or_before_publication(published: dt.date, name: str) -> None:
    result = resolve_date(f"on {name.title()}", published)
    assert result.precision == "day" and result.start == result.end
    assert result.start is not None
    assert result.start <= published < result.start + dt.timedelta(days=7)
    assert result.start.weekday() == WEEKDAYS[name]


@given(dates, st.integers(min_value=0, max_value=6))
def test_next_weekday_is_after_publication(published: dt.date, weekday: int) -> None:
    result = resolve_weekday(weekday, published, "next")
    assert published < result <= published + dt.timedelta(days=7)


@given(dates, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_month_day_is_within_a_year_before_publication(
    published: dt.date, month: int, day: int
) -> None:
    name = dt.date(2000, month, 1).strftime("%B")
    result = resolve_date(f"on {name} {day}", published)
    assert result.start is not None and result.precision == "day"
    assert published - dt.timedelta(days=366) < result.start <= published
    assert (result.start.month, result.start.day) == (month, day)


@given(dates)
def test_week_and_month_ranges_hold_their_days(published: dt.date) -> None:
    for text in ("earlier this week", "this week", "last week", "last month", "this month"):
        result = resolve_date(text, published)
        assert result.start is not None and result.end is not None
        assert result.start <= result.end <= published


@given(dates, dates)
def test_overlap_is_symmetric(a: dt.date, b: dt.date) -> None:
    ra, rb = DateRange(a, a, "day"), DateRange(min(a, b), max(a, b), "week")
    assert overlaps(ra, rb) == overlaps(rb, ra)
    assert overlaps(ra, rb)


def test_weekday_before_an_explicit_date_is_not_resolved_alone() -> None:
    found = find_dates("a standoff on Wednesday, July 9, 2014, in Spring", dt.date(2016, 8, 26))
    assert [m.text for m in found] == ["July 9, 2014"]
