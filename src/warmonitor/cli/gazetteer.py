"""`warmonitor gazetteer build|import`: the offline gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warmonitor.cli.common import _report_rejection, _say, gazetteer_app, plural

if TYPE_CHECKING:
    from warmonitor.geo.gazetteer import BuildStats


def _built_line(stats: BuildStats) -> str:
    return (
        f"gazetteer: {plural(stats.rows, 'name')} in {stats.path} "
        f"({stats.bytes / 1e6:.1f} MB, {stats.seconds:.1f} s)"
    )


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build the offline gazetteer from the installed data packages."""
    from warmonitor.geo.gazetteer import build, default_path

    _say(f"gazetteer: building {default_path()} from the installed data packages ...")
    _say(_built_line(build()))


def ensure_gazetteer() -> None:
    """Build the gazetteer now, saying so, when this is its first use (about 30 s); the
    commands that geocode call this first so the wait never looks like a hang."""
    from warmonitor.geo.gazetteer import _is_current, build, default_path

    path = default_path()
    if path.exists() and _is_current(path):
        return
    _say(
        f"gazetteer: first use, building the offline gazetteer at {path} "
        "(once; about 30 seconds) ..."
    )
    _say(_built_line(build(path)))


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
        _say(f"{file}: {plural(rows, 'row')} added")
    if failed:
        raise typer.Exit(1)
