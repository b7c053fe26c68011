"""`warmonitor incidents`: list or export what the store holds."""

from __future__ import annotations

import datetime as dt
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
    )
    _checked_choice(fmt, _formats(), "--format")
    store = _open_store(db, create=False)
    write_incidents(store, filters, fmt)
    store.close()


def _explain(db: str | None, incident_id: str | None, explain: bool, fmt: str) -> None:
    """`incidents ID --explain`: why the incident's reports were linked."""
    import json

    from warmonitor.cli.common import _say
    from warmonitor.link.explain import explain_incident

    if incident_id is None or not explain:
        _say("error: give an incident id with --explain, e.g. `warmonitor incidents ID --explain`")
        raise typer.Exit(2)
    store = _open_store(db, create=False)
    try:
        current = store.current_id(incident_id) or incident_id
        reports = store.reports_of([current]).get(current, [])
        docs = store.documents(sorted({r.document_id for r in reports}))
    finally:
        store.close()
    if not reports:
        _say(f"error: no incident {incident_id!r} in this database")
        raise typer.Exit(1)
    published = {
        d: dt.date.fromisoformat(m["published"]) if m.get("published") else None
        for d, m in docs.items()
    }
    pairs = explain_incident(reports, published)
    if fmt == "json":
        typer.echo(json.dumps({"incident": current, "asked": incident_id, "pairs": pairs}))
        return
    if current != incident_id:
        typer.echo(f"{incident_id} is now {current}.")
    typer.echo(f"{current}: {len(reports)} reports, {len(pairs)} pairs")
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
    from warmonitor import export

    found = store.incidents(filters)
    ids = [i.id for i in found]
    reports = store.reports_of(ids)
    document_ids = {r.document_id for rs in reports.values() for r in rs}
    documents = store.documents(sorted(document_ids))
    export.write_incidents(
        found,
        fmt,
        sys.stdout,
        reports=reports,
        documents=documents,
        updated=_updated_at(store, ids),
    )


def _updated_at(store: Store, ids: Sequence[str]) -> dict[str, dt.datetime]:
    """When the store last changed each incident (ACLED's ``timestamp``).

    Read here, from the incidents table's ``updated_at``, until the store offers it.
    """
    from sqlalchemy import select

    from warmonitor.store.schema import IncidentRow

    found: dict[str, dt.datetime] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = list(ids[start : start + 500])
            query = select(IncidentRow.id, IncidentRow.updated_at).where(IncidentRow.id.in_(chunk))
            found.update({row.id: row.updated_at for row in conn.execute(query)})
    return found
