"""Stateless commands: `warmonitor extract` and `warmonitor geoparse` (no database)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from warmonitor.cli.common import _parse_date_option, _report_rejection, _say, app, settings
from warmonitor.cli.gazetteer import ensure_gazetteer


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Input files (any format ingest reads)")],
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD)")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Output format: json")] = "json",
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Add, per report, the sentences and scores that decided its type and relevance, "
            "and list the candidates the learned layer dropped",
        ),
    ] = False,
) -> None:
    """Per-document incident reports as JSON; no database."""
    if fmt != "json":
        raise typer.BadParameter("only --format json is supported", param_hint="--format")
    from warmonitor.extract import report_to_json
    from warmonitor.pipeline import classify_document, extractor_for
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
        candidates = extractor(document)
        reports = classify_document(document, candidates, settings())
        _warn(source, document.warnings)
        entry: dict[str, Any] = {"document": document.header(), "reports": []}
        for report in reports:
            data = report_to_json(report)
            if explain:
                data["explanation"] = report.explanation or {}
            entry["reports"].append(data)
        if explain:
            entry["candidates"] = _candidate_decisions(document, candidates)
        output.append(entry)
    typer.echo(json.dumps(output, ensure_ascii=False, indent=2))
    if rejected:
        raise typer.Exit(1)


@app.command()
def geoparse(
    files: Annotated[list[str], typer.Argument(help="Input files (any format ingest reads)")],
    fmt: Annotated[str, typer.Option("--format", help="Output format: jsonl")] = "jsonl",
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Add, per span considered, the decision, candidates and reasons"
        ),
    ] = False,
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
        records: list[dict[str, Any]] | None = [] if explain else None
        mentions = geoparse_document(document, associative=True, explain=records)
        _warn(source, document.warnings)
        line = {"document": document.header(), "places": [mention_to_json(m) for m in mentions]}
        if records is not None:
            line["explain"] = records
        typer.echo(json.dumps(line, ensure_ascii=False))
    if rejected:
        raise typer.Exit(1)


def _candidate_decisions(document: Any, candidates: list[Any]) -> list[dict[str, Any]]:
    """What the learned layer decided for each candidate the extractor proposed (dropped too)."""
    from warmonitor.classify import decide_all

    config = settings().classify
    if not config.enabled or not candidates:
        return []
    decisions = decide_all(document, candidates, config)
    return [
        {
            "rule_type": report.event_type,
            "evidence": report.evidence[0].text if report.evidence else None,
        }
        | decision.as_dict()
        for report, decision in zip(candidates, decisions, strict=True)
    ]


def _warn(source: str, warnings: list[str]) -> None:
    for warning in warnings:
        _say(f"warning: {source}: {warning}")
