"""The ``warmonitor`` command line (contract: ../shared/docs/DESIGN.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    name="warmonitor",
    help="Incidents of armed conflict from news reports, every fact traced to its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build or extend the offline gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

stderr = Console(stderr=True, highlight=False)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite path [default: $WARMONITOR_DB, else a file in the user data directory]",
    ),
]


def _parse_date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from warmonitor.ingest import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise typer.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD)")
    return parsed


def _open_store(db: str | None):  # type: ignore[no-untyped-def]
    from warmonitor.store import Store

    try:
        return Store(db)
    except Exception as err:  # a wrong URL or an unreachable server is a usage problem
        _say(f"error: cannot open database {db or '(default)'}: {str(err).splitlines()[0]}")
        raise typer.Exit(2) from err


def _say(line: str) -> None:
    """One plain line on stderr: never wrapped or styled, so scripts can grep it."""
    sys.stderr.write(line.replace("\n", " ") + "\n")
    sys.stderr.flush()


def _report_rejection(source: str, reason: str | None) -> None:
    _say(f"rejected: {source}: {reason}")


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories, JSONL, HTML, feeds, URLs or - for stdin"),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date for every input (YYYY-MM-DD)")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every input")] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest accepted document in bytes")] = 5
    * 1024
    * 1024,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs on private or loopback addresses")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON on stdout")
    ] = False,
) -> None:
    """Read, clean, extract, geocode, link, reconcile and store. Idempotent."""
    from warmonitor.ingest import IngestOptions, read_documents
    from warmonitor.pipeline import ingest_all

    options = IngestOptions(
        max_bytes=max_bytes,
        allow_private=allow_private,
        published=_parse_date_option(published),
        outlet=outlet,
    )
    store = _open_store(db)
    started = time.perf_counter()
    items = read_documents(sources, options)
    show_progress = not quiet and not as_json and sys.stderr.isatty()

    def on_outcome(outcome) -> None:  # type: ignore[no-untyped-def]
        if outcome.status == "rejected":
            _report_rejection(outcome.source, outcome.reason)
        for warning in outcome.warnings:
            _say(f"warning: {outcome.source}: {warning}")

    if show_progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr,
            transient=True,
        ) as progress:
            task = progress.add_task("ingesting", total=None)

            def tick(outcome) -> None:  # type: ignore[no-untyped-def]
                on_outcome(outcome)
                progress.update(
                    task, advance=1, description=f"ingesting {Path(outcome.source).name[:40]}"
                )

            summary = ingest_all(store, items, tick)
    else:
        summary = ingest_all(store, items, on_outcome)
    elapsed = time.perf_counter() - started
    totals = store.counts()
    if as_json:
        data = summary.as_dict(totals)
        data["seconds"] = round(elapsed, 3)
        typer.echo(json.dumps(data))
    elif not quiet:
        stderr.print(
            f"read {summary.read} documents: {summary.new} new, {summary.duplicate} duplicate, "
            f"{summary.rejected} rejected; {summary.reports} reports, {len(summary.incidents_touched)} incidents "
            f"touched ({elapsed:.1f} s). Database now holds {totals['documents']} documents, "
            f"{totals['incidents']} incidents.",
            highlight=False,
        )
    store.close()
    if summary.rejected:
        raise typer.Exit(1)


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Input files (any format ingest reads)")],
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD)")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Output format: json")] = "json",
) -> None:
    """Per-document incident reports as JSON; no database."""
    if fmt != "json":
        raise typer.BadParameter("only --format json is supported", param_hint="--format")
    from warmonitor.extract import extract_reports, report_to_json
    from warmonitor.ingest import IngestOptions, InputError, read_documents

    options = IngestOptions(published=_parse_date_option(published), outlet=outlet)
    output, rejected = [], False
    for item in read_documents(files, options):
        if isinstance(item, InputError):
            _report_rejection(item.source, item.reason)
            rejected = True
            continue
        _, document = item
        reports = extract_reports(document)
        output.append(
            {"document": document.header(), "reports": [report_to_json(r) for r in reports]}
        )
    typer.echo(json.dumps(output, ensure_ascii=False, indent=2))
    if rejected:
        raise typer.Exit(1)


@app.command()
def geoparse(
    files: Annotated[list[str], typer.Argument(help="Input files (any format ingest reads)")],
    fmt: Annotated[str, typer.Option("--format", help="Output format: jsonl")] = "jsonl",
) -> None:
    """Place mentions with spans and resolutions, one JSON line per document; no database."""
    if fmt != "jsonl":
        raise typer.BadParameter("only --format jsonl is supported", param_hint="--format")
    from warmonitor.ingest import IngestOptions, InputError, read_documents
    from warmonitor.places import geoparse as geoparse_text
    from warmonitor.places import mention_to_json

    rejected = False
    for item in read_documents(files, IngestOptions()):
        if isinstance(item, InputError):
            _report_rejection(item.source, item.reason)
            rejected = True
            continue
        _, document = item
        mentions = geoparse_text(document.text, associative=True)  # demonyms too, each tagged
        line = {"document": document.header(), "places": [mention_to_json(m) for m in mentions]}
        typer.echo(json.dumps(line, ensure_ascii=False))
    if rejected:
        raise typer.Exit(1)


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
    store = _open_store(db)
    write_incidents(store, filters, fmt)
    store.close()


def write_incidents(store, filters, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from warmonitor import export

    found = store.incidents(filters)
    reports = store.reports_of([i.id for i in found])
    document_ids = {r.document_id for rs in reports.values() for r in rs}
    documents = store.documents(sorted(document_ids))
    export.write_incidents(found, fmt, sys.stdout, reports=reports, documents=documents)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
) -> None:
    """Serve the JSON API (/api/incidents, /api/incidents/ID, /api/documents/ID, /api/openapi.json)."""
    import uvicorn

    from warmonitor.api import create_app

    try:
        application = create_app(db)
    except Exception as err:
        _say(f"error: cannot open database {db or '(default)'}: {str(err).splitlines()[0]}")
        raise typer.Exit(2) from err
    stderr.print(
        f"warmonitor API on http://{host}:{port}/api/incidents (schema at /api/openapi.json)"
    )
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def demo(
    db: DbOption = None,
) -> None:
    """Ingest the bundled (fictional) sample reports into a local database and show the incidents."""
    from warmonitor.ingest import IngestOptions, read_documents
    from warmonitor.pipeline import ingest_all
    from warmonitor.records import IncidentFilter

    samples = Path(__file__).parent / "samples"
    db = db or os.environ.get("WARMONITOR_DB") or _default_demo_db()
    store = _open_store(db)
    stderr.print(
        f"Ingesting the bundled sample reports (fictional) from {samples} into {store.url}"
    )
    files = sorted(
        str(p) for p in samples.iterdir() if p.suffix in (".txt", ".html", ".jsonl", ".xml")
    )
    summary = ingest_all(store, read_documents(files, IngestOptions()))
    stderr.print(
        f"{summary.new} new documents, {summary.duplicate} already stored, {summary.rejected} rejected; "
        f"{summary.reports} reports."
    )
    write_incidents(store, IncidentFilter(), "table")
    stderr.print(
        "\nNext: export with  warmonitor incidents --db "
        f"{store.url.replace('sqlite:///', '')} --format json\n"
        f"      or browse with  warmonitor serve --db {store.url.replace('sqlite:///', '')}"
    )
    store.close()


def _default_demo_db() -> str:
    from platformdirs import user_data_path

    return str(user_data_path("warmonitor", appauthor=False) / "demo.sqlite")


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build the offline gazetteer from the installed data packages."""
    from warmonitor.gazetteer import build

    stats = build()
    stderr.print(
        f"gazetteer: {stats.rows} names in {stats.path} ({stats.bytes / 1e6:.1f} MB, {stats.seconds:.1f} s)"
    )


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[
        list[Path],
        typer.Argument(help="GeoNames dump files: allCountries.txt, XX.txt, alternateNamesV2.txt"),
    ],
) -> None:
    """Add GeoNames dump files to the local gazetteer (village coverage)."""
    from warmonitor.gazetteer import import_geonames

    failed = False
    for file in files:
        if not file.is_file():
            _report_rejection(str(file), "no such file")
            failed = True
            continue
        try:
            rows = import_geonames(file)
        except (ValueError, OSError) as err:
            _report_rejection(str(file), str(err))
            failed = True
            continue
        stderr.print(f"{file}: {rows} rows added")
    if failed:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
