"""`warmonitor incidents`: list or export what the store holds."""

from __future__ import annotations

import sys
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from warmonitor.cli.common import DbOption, _open_store, _parse_date_option, app

if TYPE_CHECKING:
    from warmonitor.records import IncidentFilter
    from warmonitor.store import Store

_FORMAT_HELP = (
    "Output format: table, json, jsonl, csv (ACLED columns), geojson, ucdp (UCDP GED columns), "
    "or a plugin's (see `warmonitor info`)"
)


@app.command()
def incidents(
    incident_id: Annotated[
        str | None, typer.Argument(help="With --explain: the incident to explain")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help=_FORMAT_HELP)] = "table",
    since: Annotated[
        str | None, typer.Option(help="Only incidents ending on or after this date (YYYY-MM-DD)")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Only incidents starting on or before this date (YYYY-MM-DD)"),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO 3166-1 alpha-2 country code, e.g. SY")
    ] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level region, e.g. Idlib")] = None,
    event_type: Annotated[
        str | None,
        typer.Option("--type", help="Event type, e.g. aircraft_downed (docs/event-types.md)"),
    ] = None,
    contested: Annotated[
        bool | None, typer.Option("--contested/--uncontested", help="Only (un)contested incidents")
    ] = None,
    grade: Annotated[str | None, typer.Option(help="confirmed, fair, weak or contested")] = None,
    include_out_of_scope: Annotated[
        bool,
        typer.Option(
            "--include-out-of-scope",
            help="Also disasters, ordinary crime and diplomatic events (kept when [classify] "
            "keep_out_of_scope is set; docs/event-types.md)",
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="For incident ID: each pair of its reports, the link score and the "
            "features that decided it (--format json for JSON)",
        ),
    ] = False,
) -> None:
    """List or export incidents (every filter must hold; dates as in docs/cli.md)."""
    from warmonitor.records import IncidentFilter

    if explain or incident_id is not None:
        _explain(db, incident_id, explain, fmt)
        return

    filters = IncidentFilter(
        since=_parse_date_option(since, "--since"),
        until=_parse_date_option(until, "--until"),
        country=_checked_country(country),
        admin1=admin1,
        event_type=_checked_choice(event_type, known_event_types(), "--type"),
        contested=contested,
        grade=_checked_choice(grade, grades(), "--grade"),
        include_out_of_scope=include_out_of_scope,
    )
    _checked_choice(fmt, _formats(), "--format")
    store = _open_store(db, create=False)
    write_incidents(store, filters, fmt)
    store.close()


def _explain(db: str | None, incident_id: str | None, explain: bool, fmt: str) -> None:
    """`incidents ID --explain`: why the incident's reports were linked."""
    import json

    from warmonitor.cli.common import _say
    from warmonitor.link.explain import explain_stored_incident

    if incident_id is None or not explain:
        _say("error: give an incident id with --explain, e.g. `warmonitor incidents ID --explain`")
        raise typer.Exit(2)
    store = _open_store(db, create=False)
    try:
        found = explain_stored_incident(store, incident_id)
    finally:
        store.close()
    if found is None:
        _say(f"error: no incident {incident_id!r} in this database")
        raise typer.Exit(1)
    current, pairs = found["incident"], found["pairs"]
    if fmt == "json":
        typer.echo(json.dumps({k: found[k] for k in ("incident", "asked", "pairs")}))
        return
    if current != incident_id:
        typer.echo(f"{incident_id} is now {current}.")
    typer.echo(f"{current}: {found['reports']} reports, {len(pairs)} pairs")
    for p in pairs:
        verdict = f"veto: {p['veto']}" if p["veto"] else f"score={p['score']:.2f}"
        why = ", ".join(f"{d['feature']} {d['contribution']:+.2f}" for d in p["deciding"])
        typer.echo(f"  {p['a']}  {p['b']}  {verdict}" + (f"  ({why})" if why else ""))


def known_event_types() -> list[str]:
    """Every event type ``--type`` accepts: the taxonomy's and any registered one."""
    from warmonitor import registry, taxonomy

    return sorted(set(taxonomy.ACLED_PAIRS) | set(registry.names("event_types")))


def grades() -> list[str]:
    from warmonitor.records import Grade

    return list(typing.get_args(Grade))


def _formats() -> list[str]:
    from warmonitor import export

    return export.formats()


def _checked_choice(value: str | None, allowed: Sequence[str], option: str) -> str | None:
    """The value when it is one of ``allowed``, else a usage error (exit 2) listing them."""
    if value is None or value in allowed:
        return value
    raise typer.BadParameter(f"{value!r} is not one of: {', '.join(allowed)}", param_hint=option)


def _checked_country(value: str | None) -> str | None:
    """An ISO alpha-2 code (any case); a country name gets its code suggested."""
    if value is None:
        return None
    from warmonitor.export.countries import known_alpha2

    code = value.strip().upper()
    if code in known_alpha2():
        return code
    hint = "e.g. SY, UA or SD"
    try:
        import pycountry

        hint = f"for {value.strip()} use {pycountry.countries.lookup(value.strip()).alpha_2}"
    except LookupError:
        pass
    raise typer.BadParameter(
        f"{value!r} is not an ISO 3166-1 alpha-2 code ({hint})", param_hint="--country"
    )


def write_incidents(store: Store, filters: IncidentFilter, fmt: str) -> None:
    """The export on stdout, read from the store a page at a time (bounded memory)."""
    from warmonitor import export

    export.write_stored_incidents(store, filters, fmt, sys.stdout)
