"""``--format table``: a readable table for a terminal (not for machines)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import Any, TextIO

from warmonitor import registry
from warmonitor.records import Count, Incident

# Rows per printed table (the first has the title with the count).
TABLE_PAGE = 500

_COLUMNS = (
    "id",
    "date",
    "type",
    "location",
    "killed",
    "injured",
    "aircraft",
    "grade",
    "contested",
    "reports",
)


def _count_text(c: Count) -> str:
    if c.best is None:
        return c.phrase or ""
    text = str(c.best)
    if c.high is not None and c.high != c.best:
        text += f" ({c.low if c.low is not None else c.best}–{c.high})"
    return text


def _where(i: Incident) -> str:
    where = i.location_name or ""
    if i.location and i.location.admin1 and i.location.admin1 != where:
        where = f"{where}, {i.location.admin1}" if where else i.location.admin1
    return where


@registry.exporters.register("table")
def write_table(incidents: Sequence[Incident], out: TextIO, **_context: Any) -> None:
    """One line per incident: date, type, place, counts, grade, contested fields."""
    from rich.console import Console
    from rich.table import Table

    noun = "incident" if len(incidents) == 1 else "incidents"
    tty = out.isatty()
    console = Console(file=out, width=None if tty else 200, color_system="auto" if tty else None)
    # A table of TABLE_PAGE rows at a time: rich lays a table out whole, so a store's
    # worth of rows in one would be held in memory at once.
    rows = iter(incidents)
    page = list(islice(rows, TABLE_PAGE))
    title: str | None = f"{len(incidents)} {noun}"
    while True:  # the first table always, with the title, even when empty
        table = Table(title=title, show_lines=False)
        for name in _COLUMNS:
            table.add_column(name, overflow="fold")
        for i in page:
            table.add_row(
                i.id,
                i.date.start.isoformat() if i.date.start else "?",
                i.event_type,
                _where(i),
                _count_text(i.fatalities),
                _count_text(i.injured),
                " / ".join(i.aircraft),
                i.grade,
                ", ".join(i.contested),
                str(len(i.report_keys)),
            )
        console.print(table)
        page, title = list(islice(rows, TABLE_PAGE)), None
        if not page:
            break
