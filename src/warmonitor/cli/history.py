"""`warmonitor history ID`: where an incident id went, and the merges, splits and renames behind it."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from warmonitor.cli.common import DbOption, _open_store, _say, app


@app.command()
def history(
    incident_id: Annotated[str, typer.Argument(help="An incident id, current or merged away")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False,
) -> None:
    """Where an incident id went (ids never vanish) and the events that changed it."""
    store = _open_store(db, create=False)
    try:
        current = store.current_id(incident_id)
        events = store.incident_events(incident_id)
    finally:
        store.close()
    if current is None and not events:
        _say(f"error: no incident {incident_id!r} in this database, now or before")
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps({"incident": incident_id, "current": current, "history": events}))
        return
    if current == incident_id:
        typer.echo(f"{incident_id} is a current incident.")
    elif current is not None:
        typer.echo(f"{incident_id} is now {current} (see `warmonitor history {current}`).")
    else:
        typer.echo(f"{incident_id} no longer names an incident.")
    for event in events:
        others = ", ".join(event["others"]) or "-"
        why = f": {event['reason']}" if event["reason"] else ""
        score = f" (score {event['score']:.2f})" if event["score"] is not None else ""
        typer.echo(
            f"  {event['at'][:19]}  {event['kind']:<6} {event['incident']} <- {others}"
            f"{score}{why} [document {event['document']}]"
        )
