"""`warmonitor ingest` and `warmonitor demo`: sources into the store."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warmonitor.cli.common import (
    DbOption,
    _open_store,
    _parse_date_option,
    _report_rejection,
    _say,
    app,
    plural,
    settings,
    stderr,
)
from warmonitor.cli.gazetteer import ensure_gazetteer
from warmonitor.cli.incidents import write_incidents

if TYPE_CHECKING:
    from warmonitor.pipeline import DocumentOutcome, IngestSummary
    from warmonitor.records import Document
    from warmonitor.sources import InputError
    from warmonitor.store import Store


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
    max_bytes: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Largest accepted document (or JSONL line) in bytes [default: ingest.max_bytes]",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            help="Deadline in seconds for fetching one URL or reading one FIFO or device, "
            "whole (not per read) [default: ingest.url_timeout_s]",
        ),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs on private or loopback addresses")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON on stdout")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Extract on a local Dask cluster of N worker processes; this process stores "
            "in input order (the same incidents as without)",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Extract on an existing Dask cluster (tcp://HOST:PORT) instead; see docs/scale.md"
        ),
    ] = None,
    commit_every: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Documents stored per transaction, 1 for one each; a kill loses at most "
            "one batch and running again stores the rest [default: ingest.commit_every]",
        ),
    ] = None,
) -> None:
    """Read, clean, extract, geocode, link, reconcile and store. Idempotent."""
    from warmonitor.sources import IngestOptions, read_documents

    if workers and scheduler:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
    ensure_gazetteer()
    configured = settings().ingest
    options = IngestOptions(
        max_bytes=max_bytes if max_bytes is not None else configured.max_bytes,
        allow_private=allow_private,
        published=_parse_date_option(published, "--published"),
        outlet=outlet,
        timeout=timeout if timeout is not None else configured.url_timeout_s,
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

            summary = _run_ingest(store, items, tick, workers, scheduler, commit_every)
    else:
        summary = _run_ingest(store, items, on_outcome, workers, scheduler, commit_every)
    elapsed = time.perf_counter() - started
    totals = store.counts()
    if as_json:
        data = summary.as_dict(totals)
        data["seconds"] = round(elapsed, 3)
        typer.echo(json.dumps(data))
    elif not quiet:
        stderr.print(
            f"read {plural(summary.read, 'document')}: {summary.new} new, {summary.duplicate} duplicate, "
            f"{summary.rejected} rejected; {plural(summary.reports, 'report')}, "
            f"{plural(len(summary.incidents_touched), 'incident')} touched ({elapsed:.1f} s). "
            f"Database now holds {plural(totals['documents'], 'document')}, "
            f"{plural(totals['incidents'], 'incident')}.",
            highlight=False,
        )
    store.close()
    if summary.rejected:
        raise typer.Exit(1)


def _run_ingest(
    store: Store,
    items: Iterable[tuple[str, Document] | InputError],
    on_outcome: Callable[[DocumentOutcome], None],
    workers: int | None,
    scheduler: str | None,
    commit_every: int | None = None,
) -> IngestSummary:
    """ingest_all in this process or on Dask; a cluster that cannot be had is a one-line error."""
    from warmonitor.parallel import ParallelError
    from warmonitor.pipeline import ingest_all

    try:
        return ingest_all(
            store,
            items,
            on_outcome,
            settings=settings(),
            workers=workers,
            scheduler=scheduler,
            commit_every=commit_every,
        )
    except ParallelError as err:
        store.close()
        stderr.print(f"error: {err}", highlight=False)
        raise typer.Exit(2) from err


@app.command()
def demo(
    db: DbOption = None,
) -> None:
    """Ingest the bundled (fictional) sample reports into a local database and show the incidents."""
    from warmonitor.pipeline import ingest_all
    from warmonitor.records import IncidentFilter
    from warmonitor.sources import IngestOptions, read_documents

    ensure_gazetteer()
    samples = Path(__file__).parents[1] / "samples"
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
        f"{plural(summary.new, 'new document')}, {summary.duplicate} already stored, "
        f"{summary.rejected} rejected; {plural(summary.reports, 'report')}."
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
