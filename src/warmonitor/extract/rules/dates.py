"""Dates of a sentence that can be its event's: not births, not when it was said."""

from __future__ import annotations

import datetime as dt

from warmonitor.extract.sentences import Sentence, inside_quote
from warmonitor.lang.en import cues
from warmonitor.lang.en.dates import DateMention, find_dates

# Relative dates that, inside a quotation, are the speaker's day, not the publication's.
_SPEAKERS_DAY = ("today", "yesterday", "this_week", "earlier_week")


def _is_event_date(sent: Sentence, d: DateMention) -> bool:
    before = sent.text[max(0, d.start - sent.start - 25) : d.start - sent.start]
    if cues.BIRTH_DATE_BEFORE_RE.search(before):
        return False  # a date of birth
    if cues.REPORTING_DATE_BEFORE_RE.search(before):
        return False  # when it was said, not when it happened
    if d.kind == "today" and d.text[:1] == "T" and cues.NAME_BEFORE_TODAY_RE.search(before):
        return False  # "Russia Today", "USA Today": a name, not a date
    return not (d.kind in _SPEAKERS_DAY and inside_quote(sent, d.start - sent.start))


def find_event_dates(sent: Sentence, published: dt.date | None) -> list[DateMention]:
    """The sentence's date expressions, resolved against publication, that may date its event."""
    return [
        d for d in find_dates(sent.text, published, offset=sent.start) if _is_event_date(sent, d)
    ]
