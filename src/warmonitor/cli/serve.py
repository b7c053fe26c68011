"""`warmonitor serve`: the dashboard and the JSON API over a database."""

from __future__ import annotations

import errno
import os
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from warmonitor.cli.common import DbOption, _say, app, settings, stderr

if TYPE_CHECKING:
    from fastapi import FastAPI


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket, bound before anything says "listening". Raises OSError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _bind_error(host: str, port: int, err: OSError) -> str:
    if err.errno == errno.EADDRINUSE:
        return f"error: port {port} on {host} is already in use; pick another with --port"
    if err.errno == errno.EACCES:
        return f"error: not allowed to listen on {host}:{port}; use a port above 1023"
    return f"error: cannot listen on {host}:{port}: {err.strerror or err}"


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on", min=0, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes sharing the port (one per core helps under load)", min=1
        ),
    ] = 1,
) -> None:
    """Serve the dashboard (/) and the JSON API (/api/..., docs at /docs).

    Writes (POST /api/documents) need a bearer token: set $WARMONITOR_TOKEN (serve.token_env).
    """
    import uvicorn

    from warmonitor.api import create_app

    config = settings()
    try:
        application = create_app(db, config)
    except Exception as err:
        _say(f"error: cannot open database {db or '(default)'}: {str(err).splitlines()[0]}")
        raise typer.Exit(2) from err
    try:
        sock = bind_socket(host, port)
    except OSError as err:
        _say(_bind_error(host, port, err))
        raise typer.Exit(2) from err
    bound_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    stderr.print(
        f"warmonitor dashboard on http://{shown}:{bound_port}/ (API at /api/incidents, docs at /docs)",
        soft_wrap=True,
    )
    if host not in config.serve.allowed_hosts and "*" not in config.serve.allowed_hosts:
        stderr.print(
            f"note: requests must name an allowed host ({', '.join(config.serve.allowed_hosts)});"
            " add others with --set serve.allowed_hosts=[...]",
            soft_wrap=True,
        )
    options = {"log_level": "warning", "server_header": False, "proxy_headers": False}
    if workers == 1:
        uvicorn.Server(uvicorn.Config(application, **options)).run(sockets=[sock])
        return
    from uvicorn.supervisors import Multiprocess

    # Each worker process builds its own app (and engine) from the same database and settings.
    os.environ[APP_DB_ENV] = db or ""
    os.environ[APP_SETTINGS_ENV] = config.model_dump_json()
    factory = uvicorn.Config(
        "warmonitor.cli.serve:app_from_environment", factory=True, workers=workers, **options
    )
    Multiprocess(factory, sockets=[sock]).run()


APP_DB_ENV = "WARMONITOR_SERVE_DB"
APP_SETTINGS_ENV = "WARMONITOR_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app a ``--workers`` process serves: the database and settings its parent chose."""
    from warmonitor.api import create_app
    from warmonitor.settings import Settings

    settings_json = os.environ[APP_SETTINGS_ENV]
    return create_app(
        os.environ.get(APP_DB_ENV) or None, Settings.model_validate_json(settings_json)
    )
