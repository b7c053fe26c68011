"""Help text without Typer's type tags: ``--db URL`` rather than ``--db <str>``, flags bare,
and ``SOURCE...`` rather than ``{sources}...`` in usage lines.

Every command's parameters get a readable metavar (an explicit ``metavar=`` wins) when the
group hands the command out, so new commands need nothing of their own.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

# Option name -> what its value is, where the name alone does not say it.
METAVARS = {
    "db": "URL",
    "config": "FILE",
    "overrides": "KEY=VALUE",
    "since": "DATE",
    "until": "DATE",
    "published": "DATE",
    "country": "CODE",
    "fmt": "FORMAT",
    "event_type": "TYPE",
    "max_bytes": "BYTES",
    "outlet": "NAME",
    "port": "PORT",
    "host": "HOST",
    "sources": "PATH_OR_URL",
    "files": "FILE",
}


class _PlainOption(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return self.metavar or METAVARS.get(self.name or "", (self.name or "value").upper())


class _PlainArgument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name says what it is

    @property
    def display_name_raw(self) -> str:
        return self.metavar or METAVARS.get(self.name or "", (self.name or "arg").upper())

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"


def _plain(param: Any) -> Any:
    if type(param) is TyperOption:
        param.__class__ = _PlainOption
    elif type(param) is TyperArgument:
        param.__class__ = _PlainArgument
    return param


def plain_help(command: Any) -> Any:
    """The command with its parameters' help made plain (in place)."""
    if command is None or getattr(command, "_plain_help", False):
        return command
    for param in getattr(command, "params", []):
        _plain(param)
    make_help_option = command.get_help_option  # made on first use, so made plain then
    command.get_help_option = lambda ctx: _plain(make_help_option(ctx))
    command._plain_help = True
    return command


class PlainHelpGroup(TyperGroup):
    """The app's (and sub-apps') group: hands out commands with plain help."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return plain_help(super().get_command(ctx, cmd_name))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        plain_help(self)
        super().format_help(ctx, formatter)
