"""Registries for what a user can add without forking: readers, exporters, extractors, event types.

Built-ins register through exactly the decorators a third-party package uses (Datasette's
``DEFAULT_PLUGINS`` habit): importing the modules in ``BUILTIN_MODULES`` registers them. A package
of its own adds components either by importing ``warmonitor.registry`` and decorating, or through
an entry point in one of the groups ``warmonitor_readers``, ``warmonitor_exporters``,
``warmonitor_extractors`` and ``warmonitor_event_types`` (catalogue, which spaCy installs, reads
them).

    from warmonitor import registry

    @registry.exporters.register("markdown")
    def write_markdown(incidents, out, **context): ...
"""

from __future__ import annotations

import importlib
from typing import Any

import catalogue

readers = catalogue.create("warmonitor", "readers", entry_points=True)
exporters = catalogue.create("warmonitor", "exporters", entry_points=True)
extractors = catalogue.create("warmonitor", "extractors", entry_points=True)
event_types = catalogue.create("warmonitor", "event_types", entry_points=True)

REGISTRIES: dict[str, catalogue.Registry] = {
    "readers": readers,
    "exporters": exporters,
    "extractors": extractors,
    "event_types": event_types,
}

# Per registry, the modules whose import registers its built-in components. Kept per kind so
# that looking up an exporter never imports the extractor (and with it spaCy).
BUILTIN_MODULES: dict[str, tuple[str, ...]] = {
    "readers": ("warmonitor.sources",),
    "exporters": ("warmonitor.export",),
    "extractors": ("warmonitor.extract",),
    "event_types": ("warmonitor.taxonomy",),
}

_loaded: set[str] = set()


def load_builtins(kind: str | None = None) -> None:
    """Import the built-in modules of ``kind`` (every kind when None) once; each registers
    itself on import."""
    for name in [kind] if kind else list(BUILTIN_MODULES):
        if name in _loaded:
            continue
        _loaded.add(name)
        for module in BUILTIN_MODULES[name]:
            importlib.import_module(module)


class UnknownComponent(KeyError):
    """A name that no registry entry answers to; the message lists the names that do."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


def get(kind: str, name: str) -> Any:
    """The component registered as ``name`` in the registry ``kind`` ("exporters", ...)."""
    load_builtins(kind)
    registry = REGISTRIES[kind]
    try:
        return registry.get(name)
    except catalogue.RegistryError as err:
        allowed = ", ".join(names(kind)) or "(none)"
        raise UnknownComponent(
            f"no {kind[:-1].replace('_', ' ')} {name!r}; known: {allowed}"
        ) from err


def names(kind: str) -> list[str]:
    """Every name registered in ``kind``, built-ins and plugins, sorted."""
    load_builtins(kind)
    return sorted(REGISTRIES[kind].get_all())


__all__ = [
    "REGISTRIES",
    "UnknownComponent",
    "event_types",
    "exporters",
    "extractors",
    "get",
    "load_builtins",
    "names",
    "readers",
]
