"""Count parsing: digits, number words, bounds, ranges and vague quantities."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warmonitor.numbers import QUANTITY, parse_count, parse_number

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 (independent of the code under test)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + words(rest))
    rest = n % 1000
    return words(n // 1000) + " thousand" + ("" if rest == 0 else " " + words(rest))


@pytest.mark.parametrize(
    ("phrase", "low", "best", "high"),
    [
        ("two pilots", 2, 2, 2),
        ("five Russian servicemen", 5, 5, 5),
        ("a crew of three and two officers", 5, 5, 5),
        ("at least nine", 9, 9, None),
        ("more than 800", 800, 800, None),
        ("dozens", 12, 12, None),
        ("hundreds", 100, 100, None),
        ("between 10 and 15", 10, 10, 15),
        ("10 to 15", 10, 10, 15),
        ("12-15", 12, 12, 15),
        ("five or six", 5, 5, 6),
        ("all four", 4, 4, 4),
        ("Thirteen", 13, 13, 13),
        ("1,200", 1200, 1200, 1200),
        ("up to 30", None, 30, 30),
        ("nearly 40", None, 40, 40),
        ("about 20", None, 20, None),
        ("an estimated 400,000", None, 400000, None),
        ("a dozen", 12, 12, 12),
        ("two dozen", 24, 24, 24),
        ("twenty-one", 21, 21, 21),
        ("one hundred and twenty", 120, 120, 120),
        ("no fewer than 7", 7, 7, None),
        ("three children and two women", 5, 5, 5),
    ],
)
def test_parse_count_examples(
    phrase: str, low: int | None, best: int | None, high: int | None
) -> None:
    count = parse_count(phrase)
    assert count is not None
    assert (count.low, count.best, count.high) == (low, best, high)


def test_group_without_number_keeps_phrase() -> None:
    count = parse_count("all crew on board")
    assert count is not None
    assert count.best is None and count.phrase == "all crew on board"


@pytest.mark.parametrize("phrase", ["", "helicopter", "the army", "Tuesday"])
def test_no_count(phrase: str) -> None:
    assert parse_count(phrase) is None


@given(st.integers(min_value=0, max_value=999_999))
def test_digits_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=999_999))
def test_words_round_trip(n: int) -> None:
    assert parse_number(words(n)) == n


@given(
    st.integers(min_value=1, max_value=99_999), st.sampled_from(["at least", "more than", "over"])
)
def test_lower_bounds(n: int, qualifier: str) -> None:
    count = parse_count(f"{qualifier} {n}")
    assert count is not None
    assert count.low == n and count.best == n and count.high is None


@given(st.integers(min_value=1, max_value=9_999), st.integers(min_value=1, max_value=9_999))
def test_ranges_are_ordered(a: int, b: int) -> None:
    count = parse_count(f"between {words(a)} and {b}")
    assert count is not None
    assert count.low == min(a, b) and count.high == max(a, b) and count.best == count.low


@given(st.integers(min_value=2, max_value=999), st.integers(min_value=2, max_value=999))
def test_conjoined_groups_add_up(a: int, b: int) -> None:
    count = parse_count(f"{words(a)} soldiers and {b} civilians")
    assert count is not None and count.best == a + b


def test_quantity_pattern_finds_phrases_in_text() -> None:
    text = "killing at least three crew members while dozens were hurt and between 10 and 15 fled"
    found = [m.group(0) for m in re.finditer(rf"(?<![\w-]){QUANTITY}(?![\w-])", text, re.I)]
    assert "at least three" in found
    assert "dozens" in found
    assert "between 10 and 15" in found


@pytest.mark.parametrize(
    ("phrase", "low", "best"),
    [
        ("several", 3, 10),
        ("many", 3, 10),
        ("a few", 2, 3),
        ("dozens", 12, 12),
        ("hundreds", 100, 100),
    ],
)
def test_a_vague_word_keeps_the_coded_figure_as_best_and_its_own_least_as_low(
    phrase: str, low: int, best: int
) -> None:
    count = parse_count(phrase)
    assert count is not None and (count.low, count.best, count.high) == (low, best, None)
    assert count.is_vague() and count.phrase == phrase  # the claim says it was coded
    assert not parse_count("at least 12").is_vague()
