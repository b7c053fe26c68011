"""What every command shares: the Typer app, common options, and plain stderr lines."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from warmonitor import __version__
from warmonitor.cli.helptext import PlainHelpGroup
from warmonitor.settings import Settings, SettingsError, active_settings, use_settings

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _App(typer.Typer):
    """The Typer app, with the last word on errors: an unexpected exception is one line, exit 3.

    Exit codes are a contract: 0 ok, 1 some inputs rejected, 2 usage error, 3 internal error.
    Bad input never gets here (it is a rejection); what does is a bug, and a traceback would
    read to a script like any other output, so it is one line naming the error instead.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as err:  # noqa: BLE001  (the outermost catch, by design)
            first = (str(err).splitlines() or [""])[0][:300]
            _say(f"internal error: {type(err).__name__}: {first} (please report this)")
            if os.environ.get("WARMONITOR_TRACEBACK"):
                import traceback

                traceback.print_exc()
            raise SystemExit(EXIT_INTERNAL) from None


app = _App(
    name="warmonitor",
    cls=PlainHelpGroup,
    help="Incidents of armed conflict from news reports, every fact traced to its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(
    help="Build or extend the offline gazetteer.", no_args_is_help=True, cls=PlainHelpGroup
)
app.add_typer(gazetteer_app, name="gazetteer")

stderr = Console(stderr=True, highlight=False)


def settings() -> Settings:
    """The settings in force for this run (defaults when no ``--config``/``--set`` was given)."""
    return active_settings()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"warmonitor {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    ctx: typer.Context,
    config: Annotated[
        Path | None, typer.Option("--config", help="A TOML settings file (see `warmonitor info`)")
    ] = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override one setting: section.key=value (repeatable)"),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version"),
    ] = False,
) -> None:
    """Incidents of armed conflict from news reports, every fact traced to its source."""
    try:
        use_settings(Settings.load(config, overrides or ()))
    except SettingsError as err:
        _say(f"error: {err}")
        raise typer.Exit(2) from err
    # An in-process caller (tests, scripts) gets the defaults back when the command ends.
    ctx.call_on_close(lambda: use_settings(None))


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite path (default: $WARMONITOR_DB, else a file in the user data directory)",
    ),
]


def _parse_date_option(value: str | None, option: str | None = None) -> dt.date | None:
    if value is None:
        return None
    from warmonitor.sources import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise typer.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD)", param_hint=option)
    return parsed


def _open_store(db: str | None, create: bool = True):  # type: ignore[no-untyped-def]
    """The store at ``db``; ``create=False`` for read commands (no new folder or file)."""
    from warmonitor.store import Store

    try:
        return Store(db, create=create)
    except Exception as err:  # a wrong URL or an unreachable server is a usage problem
        _say(f"error: cannot open database {db or '(default)'}: {str(err).splitlines()[0]}")
        raise typer.Exit(2) from err


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 document", "2 documents" (``plural_form`` for irregular words)."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def _say(line: str) -> None:
    """One plain line on stderr: never wrapped or styled, so scripts can grep it."""
    sys.stderr.write(line.replace("\n", " ") + "\n")
    sys.stderr.flush()


def _report_rejection(source: str, reason: str | None) -> None:
    _say(f"rejected: {source}: {reason}")
