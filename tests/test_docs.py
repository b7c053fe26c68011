"""The reference in docs/ matches the code: generated parts are current, and every event
type, exporter, export column, record field and CLI option is documented."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO

DOCS = REPO / "docs"


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_docs"] = module
    spec.loader.exec_module(module)
    return module


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _code_names(text: str) -> set[str]:
    """Everything written as inline code: `name`."""
    return set(re.findall(r"`([^`\n]+)`", text))


def test_generated_docs_are_current() -> None:
    gen = _gen_docs()
    assert gen.stale() == [], "run: python scripts/gen_docs.py"


def test_stale_generated_docs_are_caught(tmp_path: Path) -> None:
    gen = _gen_docs()
    for file, _ in gen.GENERATED.values():
        text = _doc(file)
        (tmp_path / file).write_text(text.replace("| `", "| `x", 1), encoding="utf-8")
    assert len(gen.stale(tmp_path)) == len(gen.GENERATED)
    gen.write(tmp_path)
    assert gen.stale(tmp_path) == []


def test_every_event_type_is_documented() -> None:
    from warmonitor.cli.incidents import known_event_types

    documented = _code_names(_doc("event-types.md"))
    missing = [t for t in known_event_types() if t not in documented]
    assert not missing, f"undocumented event types: {missing}"


def test_every_exporter_has_a_section() -> None:
    from warmonitor import registry

    text = _doc("exports.md")
    missing = [n for n in registry.names("exporters") if f"### `{n}`" not in text]
    assert not missing, f"exporters without a section in docs/exports.md: {missing}"


def test_every_export_column_is_documented() -> None:
    from warmonitor.export import CSV_COLUMNS, UCDP_CSV_COLUMNS

    documented = {n.strip() for cell in _code_names(_doc("exports.md")) for n in cell.split(",")}
    missing = [c for c in [*CSV_COLUMNS, *UCDP_CSV_COLUMNS] if c not in documented]
    assert not missing, f"undocumented columns: {missing}"


def test_every_record_field_is_documented(tmp_path: Path) -> None:
    from warmonitor.export import incident_to_json
    from warmonitor.records import Actor, Claim, Count, Incident, Place, Victim

    incident = Incident(
        "inc-1",
        "attack",
        location=Place("Kidal", 18.4, 1.4, 1, "populated_place", "ML", "Kidal", None, 1),
        location_name="Kidal",
        fatalities=Count(3, 3, 3),
        perpetrators=[Actor("gunmen", kind="unknown")],
        victims=[Victim("villagers", Count(best=3), "civilians", "killed")],
        claims=[Claim("fatalities", 3, "Wire", None, False, "d", 0, 5)],
        report_keys=["d#0"],
    )
    record = incident_to_json(incident, {"d": {"outlet": "Wire"}})
    keys = set(record)
    for name in ("date", "location", "fatalities", "acled"):
        keys |= set(record[name])
    for name in ("perpetrators", "victims", "claims", "reports"):
        keys |= set(record[name][0])
    documented = {n.strip() for cell in _code_names(_doc("record.md")) for n in cell.split(",")}
    missing = sorted(keys - documented)
    assert not missing, f"record fields missing from docs/record.md: {missing}"


def _cli_commands() -> list[tuple[str, object]]:
    """(path, command) for the app and every command under it."""
    import typer

    from warmonitor.cli import app

    root = typer.main.get_command(app)
    ctx = typer.Context(root, info_name="warmonitor")
    found: list[tuple[str, object]] = [("warmonitor", root)]
    stack = [("warmonitor", root)]
    while stack:
        path, group = stack.pop()
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if hasattr(command, "list_commands"):
                stack.append((f"{path} {name}", command))
            else:
                found.append((f"{path} {name}", command))
    return found


def _cli_options() -> list[tuple[str, str]]:
    return [
        (path, opt)
        for path, command in _cli_commands()
        for param in command.params
        for opt in [*param.opts, *param.secondary_opts]
        if opt.startswith("-")
    ]


def test_every_cli_option_is_documented() -> None:
    text = _doc("cli.md")
    sections = dict(re.findall(r"### `(warmonitor[^`]*)`\n(.*?)(?=\n### |\Z)", text, re.S))
    missing = [
        f"{command} {option}"
        for command, option in _cli_options()
        if f"`{option}`" not in sections.get(command, "")
    ]
    assert not missing, f"undocumented CLI options: {missing}"


def test_help_has_no_stray_type_tags() -> None:
    from warmonitor.cli import app

    runner = CliRunner()
    commands = sorted(path for path, _ in _cli_commands())
    assert "warmonitor incidents" in commands and "warmonitor gazetteer import" in commands
    for command in commands:
        args = command.split()[1:]
        result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, (command, result.output)
        tags = re.findall(r"<(?:str|bool|int|path|list\[[^\]]*\]|float)>|\{\w+\}", result.output)
        assert not tags, (command, tags)


def test_links_stay_inside_the_repository() -> None:
    pages = [REPO / "README.md", *sorted(DOCS.glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+://", target):
                continue
            resolved = (page.parent / target).resolve()
            assert resolved.is_relative_to(REPO), (page.name, target)
            assert resolved.exists(), (page.name, target)


def test_python_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/python-api.md's blocks, in order, in a fresh directory."""
    blocks = re.findall(r"```python\n(.*?)```", _doc("python-api.md"), re.S)
    assert len(blocks) >= 5
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WARMONITOR_DB", raising=False)
    namespace: dict = {}
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    for block in blocks:
        exec(compile(block, "docs/python-api.md", "exec"), namespace)  # noqa: S102
    assert (tmp_path / "monitor.sqlite").exists()
    assert "SYR" in stdout.getvalue()


def test_public_api_names() -> None:
    import warmonitor

    for name in warmonitor.__all__:
        assert getattr(warmonitor, name) is not None, name
    assert callable(warmonitor.extract) and callable(warmonitor.geoparse)
    assert warmonitor.Store.__name__ == "Store"
    assert os.path.basename(warmonitor.extract.__file__) == "__init__.py"  # still the package
