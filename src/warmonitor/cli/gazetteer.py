"""`warmonitor gazetteer build|import`: the offline gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warmonitor.cli.common import _report_rejection, gazetteer_app, stderr


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build the offline gazetteer from the installed data packages."""
    from warmonitor.geo.gazetteer import build

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
    from warmonitor.geo.gazetteer import import_geonames

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
