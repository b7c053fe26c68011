"""Stateless commands: `warmonitor extract` and `warmonitor geoparse` (no database)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from warmonitor.cli.common import _parse_date_option, _report_rejection, _say, app, settings
from warmonitor.cli.gazetteer import ensure_gazetteer


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
    from warmonitor.extract import report_to_json
    from warmonitor.pipeline import extractor_for
    from warmonitor.registry import UnknownComponent
    from warmonitor.sources import IngestOptions, InputError, read_documents

    try:
        extractor = extractor_for(settings())
    except UnknownComponent as err:  # a setting, not an input: say so once and stop
        _say(f"error: setting extract.extractor: {err}")
        raise typer.Exit(2) from err

    options = IngestOptions(published=_parse_date_option(published), outlet=outlet)
    ensure_gazetteer()
    output, rejected = [], False
    for item in read_documents(files, options):
        if isinstance(item, InputError):
            _report_rejection(item.source, item.reason)
            rejected = True
            continue
        source, document = item
        reports = extractor(document)
        _warn(source, document.warnings)
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
    from warmonitor.geo.geoparse import mention_to_json
    from warmonitor.pipeline import geoparse_document
    from warmonitor.sources import IngestOptions, InputError, read_documents

    ensure_gazetteer()
    rejected = False
    for item in read_documents(files, IngestOptions()):
        if isinstance(item, InputError):
            _report_rejection(item.source, item.reason)
            rejected = True
            continue
        source, document = item
        # Demonyms too, each tagged.
        mentions = geoparse_document(document, associative=True)
        _warn(source, document.warnings)
        line = {"document": document.header(), "places": [mention_to_json(m) for m in mentions]}
        typer.echo(json.dumps(line, ensure_ascii=False))
    if rejected:
        raise typer.Exit(1)


def _warn(source: str, warnings: list[str]) -> None:
    for warning in warnings:
        _say(f"warning: {source}: {warning}")
