"""English calendar words: one definition of month and weekday names for every module.

The ``*_NAME`` strings are regular-expression alternations (no group, no anchors) in
a fixed order: full month names before their abbreviations, so "June" is never read
as "Jun" plus "e".
"""

from __future__ import annotations

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip

MONTH_NAME = "|".join(MONTH_NAMES)
MONTH_ABBREVIATION = "|".join(MONTH_ABBREVIATIONS)
WEEKDAY_NAME = "|".join(WEEKDAY_NAMES)
# Capitalised calendar words that are not names of people or places.
CALENDAR_NAME = f"{WEEKDAY_NAME}|{MONTH_NAME}"

# "january"/"jan"/"sept" -> 1..12
MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTH_NUMBERS[_name.lower()] = _number
    MONTH_NUMBERS[_name[:3].lower()] = _number
MONTH_NUMBERS["sept"] = 9
# "monday" -> 0 .. "sunday" -> 6 (datetime.weekday())
WEEKDAY_NUMBERS: dict[str, int] = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}

__all__ = [
    "CALENDAR_NAME",
    "MONTH_ABBREVIATION",
    "MONTH_ABBREVIATIONS",
    "MONTH_NAME",
    "MONTH_NAMES",
    "MONTH_NUMBERS",
    "WEEKDAY_NAME",
    "WEEKDAY_NAMES",
    "WEEKDAY_NUMBERS",
]
