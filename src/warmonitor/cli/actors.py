"""`warmonitor actors lookup|list|check`: the actor dictionary and its normaliser (docs/actors.md)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from warmonitor.cli.common import _say, app, settings
from warmonitor.cli.helptext import PlainHelpGroup

actors_app = typer.Typer(
    help="Look up actors, list the dictionary, check an extra dictionary file.",
    no_args_is_help=True,
    cls=PlainHelpGroup,
)
app.add_typer(actors_app, name="actors")

CountryOption = Annotated[
    str | None, typer.Option("--country", help="The event's country (ISO2, ISO3 or name)")
]


def _dictionary(extra: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from warmonitor.actors import ActorDictionaryError, load_dictionary
    from warmonitor.actors.dictionary import extra_files_from_env

    files = extra_files_from_env(tuple(settings().actors.extra_files)) + extra
    try:
        return load_dictionary(files)
    except ActorDictionaryError as err:
        _say(f"error: {err}")
        raise typer.Exit(2) from err


@actors_app.command("lookup")
def actors_lookup(
    phrases: Annotated[list[str], typer.Argument(help="Actor phrases as texts write them")],
    country: CountryOption = None,
    role: Annotated[
        str | None,
        typer.Option("--role", help="perpetrator or victim (civilians who attack are a mob)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line")] = False,
) -> None:
    """Normalise actor phrases: canonical name, ACLED inter code, kind, and whether it is a guess."""
    from warmonitor.actors import INTER_CODES, normalize

    book = _dictionary()
    for phrase in phrases:
        match = normalize(phrase, country, role, dictionary=book)
        if as_json:
            typer.echo(json.dumps(asdict(match), ensure_ascii=False))
            continue
        inter = f"{match.inter} {INTER_CODES[match.inter]}" if match.inter else "-"
        guess = " (guessed)" if match.guessed else ""
        typer.echo(f"{phrase}\t{match.name}\t{inter}\t{match.kind}\t{match.country or '-'}{guess}")


@actors_app.command("list")
def actors_list(
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind (state, rebel, ...)")
    ] = None,
    country: CountryOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line")] = False,
) -> None:
    """The dictionary's entries: name, kind, inter code, countries, parent, aliases."""
    book = _dictionary()
    code = book.country_code(country) if country else None
    if country and code is None:
        _say(f"error: unknown country {country!r}")
        raise typer.Exit(2)
    for entry in sorted(book.entries.values(), key=lambda e: e.name):
        if (kind and entry.kind != kind) or (code and code not in entry.countries):
            continue
        if as_json:
            typer.echo(json.dumps(asdict(entry), ensure_ascii=False))
            continue
        typer.echo(
            f"{entry.name}\t{entry.kind}\t{entry.inter or '-'}\t{';'.join(entry.countries) or '-'}"
            f"\t{entry.parent or '-'}\t{';'.join(entry.aliases)}"
        )


@actors_app.command("check")
def actors_check(
    files: Annotated[list[Path], typer.Argument(help="Extra dictionary CSV files to validate")],
) -> None:
    """Load extra dictionary files on top of the shipped one; report entries or the bad line."""
    from warmonitor.actors import ActorDictionaryError, build_dictionary

    shipped = len(build_dictionary().entries)
    try:
        book = build_dictionary(tuple(str(f) for f in files))
    except ActorDictionaryError as err:
        _say(f"error: {err}")
        raise typer.Exit(2) from err
    typer.echo(
        f"ok: {len(book.entries)} entries ({len(book.entries) - shipped} new) from {len(files)} file(s)"
    )
