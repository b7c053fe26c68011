"""`warmonitor serve`: the API (and, later, the dashboard) over a database."""

from __future__ import annotations

from typing import Annotated

import typer

from warmonitor.cli.common import DbOption, _say, app, stderr


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
) -> None:
    """Serve the JSON API (/api/incidents, /api/incidents/ID, /api/documents/ID, /api/openapi.json)."""
    import uvicorn

    from warmonitor.api import create_app

    try:
        application = create_app(db)
    except Exception as err:
        _say(f"error: cannot open database {db or '(default)'}: {str(err).splitlines()[0]}")
        raise typer.Exit(2) from err
    stderr.print(
        f"warmonitor API on http://{host}:{port}/api/incidents (schema at /api/openapi.json)"
    )
    uvicorn.run(application, host=host, port=port, log_level="warning")
