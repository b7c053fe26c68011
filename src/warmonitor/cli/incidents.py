"""`warmonitor incidents`: list or export what the store holds."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from warmonitor.cli.common import DbOption, _open_store, _parse_date_option, app


@app.command()
def incidents(
    db: DbOption = None,
    fmt: Annotated[
        str, typer.Option("--format", help="table | json | jsonl | csv | geojson")
    ] = "table",
    since: Annotated[str | None, typer.Option(help="Only incidents on or after this date")] = None,
    until: Annotated[str | None, typer.Option(help="Only incidents on or before this date")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code, e.g. SY")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level region, e.g. Idlib")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Event type, e.g. aircraft_downed")
    ] = None,
    contested: Annotated[
        bool | None, typer.Option("--contested/--uncontested", help="Only (un)contested incidents")
    ] = None,
    grade: Annotated[str | None, typer.Option(help="confirmed | fair | weak | contested")] = None,
) -> None:
    """List or export incidents."""
    formats = ("table", "json", "jsonl", "csv", "geojson")
    if fmt not in formats:
        raise typer.BadParameter(f"choose one of {', '.join(formats)}", param_hint="--format")
    from warmonitor.records import IncidentFilter

    filters = IncidentFilter(
        since=_parse_date_option(since),
        until=_parse_date_option(until),
        country=country,
        admin1=admin1,
        event_type=event_type,
        contested=contested,
        grade=grade,
    )
    store = _open_store(db, create=False)
    write_incidents(store, filters, fmt)
    store.close()


def write_incidents(store, filters, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from warmonitor import export

    found = store.incidents(filters)
    reports = store.reports_of([i.id for i in found])
    document_ids = {r.document_id for rs in reports.values() for r in rs}
    documents = store.documents(sorted(document_ids))
    export.write_incidents(found, fmt, sys.stdout, reports=reports, documents=documents)
