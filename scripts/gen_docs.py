"""Regenerate the generated parts of docs/ (Datasette's cog habit).

    python scripts/gen_docs.py          # rewrite docs/cli.md and docs/event-types.md in place
    python scripts/gen_docs.py --check  # exit 1 when a checked-in file differs (tests run this)

A generated part sits between ``<!-- BEGIN GENERATED: name -->`` and
``<!-- END GENERATED: name -->``; everything outside the markers is written by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


# --------------------------------------------------------------------------- event types


def event_type_rows() -> list[tuple[str, str, str, str]]:
    """(type, ACLED event type, ACLED sub-event type, origin) for every registered event type.

    The one place the docs read event types from: the EventType registry (built-ins and
    plugins alike). Out-of-scope types have no ACLED pair and say so.
    """
    from warmonitor import taxonomy

    rows = []
    for name, spec in sorted(taxonomy.event_types().items()):
        if not spec.conflict:
            origin = "out of scope"
        elif spec.finer:
            origin = "ours"
        else:
            origin = "ACLED"
        if spec.derived:
            origin += " (derived)"
        rows.append((name, spec.acled_event_type or "—", spec.acled_sub_event_type or "—", origin))
    return rows


def event_types_table() -> str:
    from warmonitor.export.coding import DISORDER_TYPES

    lines = [
        "| type | ACLED event type | ACLED sub-event type | ACLED disorder type | from |",
        "|---|---|---|---|---|",
    ]
    for name, event, sub, origin in event_type_rows():
        disorder = DISORDER_TYPES.get(event, "")
        lines.append(f"| `{name}` | {event} | {sub} | {disorder} | {origin} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def _commands(group: Any, ctx: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        path = f"{prefix} {name}"
        if hasattr(command, "list_commands"):
            yield from _commands(command, ctx, path)
        else:
            yield path, command


def _option_cell(param: Any, ctx: Any) -> str:
    names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
    value = param.display_type_rich(ctx) if hasattr(param, "display_type_rich") else None
    return f"{names} `{value}`" if value else names


def _default(param: Any) -> str:
    default = param.default
    if default is None or param.is_flag and default is False or param.required:
        return ""
    if isinstance(default, (list, tuple)):
        return " ".join(map(str, default)) if default else ""
    if param.is_flag and param.secondary_opts:
        return f"`{param.opts[0] if default else param.secondary_opts[0]}`"
    return f"`{default}`"


def _escape(text: str) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def cli_reference() -> str:
    """Every command, argument and option of the Typer app, from the app itself."""
    import typer

    from warmonitor.cli import app
    from warmonitor.cli.helptext import plain_help

    root = plain_help(typer.main.get_command(app))
    ctx = typer.Context(root, info_name="warmonitor")
    out = []
    for title, command in [("warmonitor", root), *_commands(root, ctx, "warmonitor")]:
        sub_ctx = typer.Context(command, info_name=title, parent=None)
        pieces = " ".join(command.collect_usage_pieces(sub_ctx))
        out += [f"### `{title}`", "", "```", f"{title} {pieces}".rstrip(), "```", ""]
        out += [_escape(command.help or ""), ""]
        params = [p for p in command.get_params(sub_ctx) if not p.hidden]
        arguments = [p for p in params if p.param_type_name == "argument"]
        options = [p for p in params if p.param_type_name == "option" and "--help" not in p.opts]
        if arguments:
            out += ["| argument | help |", "|---|---|"]
            for p in arguments:
                name = p._rich_display_name()
                required = " (required)" if p.required else ""
                out.append(f"| `{name}` | {_escape(p.help or '')}{required} |")
            out.append("")
        if options:
            out += ["| option | default | help |", "|---|---|---|"]
            for p in options:
                out.append(
                    f"| {_option_cell(p, sub_ctx)} | {_default(p)} | {_escape(p.help or '')} |"
                )
            out.append("")
        out += ["`--help` prints this.", ""]
    return "\n".join(out).rstrip()


# --------------------------------------------------------------------------- files

GENERATED: dict[str, tuple[str, Callable[[], str]]] = {
    "cli": ("cli.md", cli_reference),
    "event-types": ("event-types.md", event_types_table),
}
_BLOCK = "<!-- BEGIN GENERATED: {name} -->\n{body}\n<!-- END GENERATED: {name} -->"


def render(text: str, name: str, body: str) -> str:
    """``text`` with the block ``name`` replaced by ``body``."""
    pattern = re.compile(
        rf"<!-- BEGIN GENERATED: {re.escape(name)} -->\n.*?<!-- END GENERATED: {re.escape(name)} -->",
        re.DOTALL,
    )
    if not pattern.search(text):
        raise ValueError(f"no generated block {name!r}")
    return pattern.sub(lambda _m: _BLOCK.format(name=name, body=body), text)


def stale(docs: Path = DOCS) -> list[str]:
    """The generated files whose checked-in text differs from what the code generates."""
    found = []
    for name, (file, make) in GENERATED.items():
        path = docs / file
        text = path.read_text(encoding="utf-8")
        if render(text, name, make()) != text:
            found.append(str(path))
    return found


def write(docs: Path = DOCS) -> None:
    for name, (file, make) in GENERATED.items():
        path = docs / file
        path.write_text(render(path.read_text(encoding="utf-8"), name, make()), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a file is stale")
    args = parser.parse_args(argv)
    if args.check:
        found = stale()
        for path in found:
            print(f"stale: {path} (run python scripts/gen_docs.py)", file=sys.stderr)
        return 1 if found else 0
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
