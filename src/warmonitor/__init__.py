"""warmonitor: incidents of armed conflict from news reports, with provenance.

The public Python API (docs/python-api.md)::

    import warmonitor

    reports = warmonitor.extract("Gunmen killed three villagers in Kidal on Monday.",
                                 published="2024-03-05")
    with warmonitor.Pipeline("monitor.sqlite") as p:
        p.ingest(["reports/"])
        frame = p.to_dataframe(p.incidents(country="ML"))

Names are imported on first use, so ``import warmonitor`` stays fast.
"""

from __future__ import annotations

from importlib import import_module, metadata
from typing import Any

try:  # one version, pyproject.toml's, as the installed package reports it
    __version__ = metadata.version("warmonitor")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

# public name -> the module that defines it
_EXPORTS = {
    "geoparse": "warmonitor.public",
    "document": "warmonitor.public",
    "to_dataframe": "warmonitor.public",
    "Pipeline": "warmonitor.public",
    "Store": "warmonitor.store",
    "IncidentFilter": "warmonitor.records",
    "Incident": "warmonitor.records",
    "Report": "warmonitor.records",
    "Document": "warmonitor.records",
    "write_incidents": "warmonitor.export",
}

__all__ = ["__version__", "extract", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name == "extract":  # the package warmonitor.extract, callable as the API function
        return import_module("warmonitor.extract")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warmonitor' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
