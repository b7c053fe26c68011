"""What every reader shares: raw items, options, the one-line input error, the Reader protocol."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from warmonitor.records import untrusted_text

if TYPE_CHECKING:
    from warmonitor.sources.bounded import BoundedInput

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
URL_TIMEOUT_SECONDS = 20.0
# What a raw item holds once read; a reader yields items of these kinds.
Kind = Literal["text", "html"]


class InputError(Exception):
    """An input that cannot become a document; ``str()`` is one line naming it."""

    def __init__(self, source: str, reason: str) -> None:
        # One line, printable: a name or reason may come from the input itself.
        source = " ".join(untrusted_text(source, file_name=True).split()) or "(unnamed input)"
        reason = " ".join(untrusted_text(reason).split())
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(slots=True)
class RawItem:
    """One would-be document before decoding and cleaning."""

    source: str  # how the user named it: a path, "path:7" (a JSONL line), a URL, "-"
    kind: Kind
    data: bytes | str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False
    published: dt.date | None = None  # overrides what the input says
    outlet: str | None = None
    timeout: float = URL_TIMEOUT_SECONDS  # whole-fetch deadline for a URL, FIFO or device


class Reader(Protocol):
    """One input format. Built-ins and plugins register an instance in ``registry.readers``.

    ``suffixes`` (".jsonl") and ``content_types`` ("application/x-ndjson") pick a reader for a
    path or a URL; when neither does, ``sniff`` looks at the first bytes. ``read`` turns one
    bounded input into raw items or errors, never raising for bad input.
    """

    name: str
    suffixes: frozenset[str]
    content_types: frozenset[str]
    priority: int  # sniffing order: lower first

    def sniff(self, head: bytes) -> bool: ...

    def read(
        self, source: str, stream: BoundedInput, meta: dict[str, Any], options: IngestOptions
    ) -> Iterator[RawItem | InputError]: ...
