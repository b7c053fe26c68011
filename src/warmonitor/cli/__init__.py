"""The ``warmonitor`` command line (contract: ../shared/docs/DESIGN.md).

One module per command group; each registers its commands on the one Typer ``app``.
"""

from __future__ import annotations

from warmonitor.cli import (  # noqa: F401  (register)
    actors,
    gazetteer,
    history,
    incidents,
    info,
    ingest,
    nlp,
    serve,
)
from warmonitor.cli.common import app

__all__ = ["app"]
