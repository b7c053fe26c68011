"""Plain text and Markdown, with optional ``---`` front matter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from warmonitor import registry
from warmonitor.sources.base import IngestOptions, InputError, RawItem
from warmonitor.sources.bounded import BoundedInput

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_FRONT_MATTER_MAX_CHARS = 20_000  # front matter is a few lines; a lone "---" must not scan a book


class TextReader:
    name = "text"
    suffixes = frozenset({".txt", ".text", ".md", ".markdown", ""})
    content_types = frozenset({"text/plain", "text/markdown"})
    priority = 100  # what is left when no other reader recognises the bytes

    def sniff(self, head: bytes) -> bool:
        return True

    def read(
        self, source: str, stream: BoundedInput, meta: dict[str, Any], options: IngestOptions
    ) -> Iterator[RawItem | InputError]:
        yield RawItem(source, "text", stream.read_all(options.max_bytes), meta)


registry.readers.register("text")(TextReader())


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Markdown-style front matter ("---" / "outlet: ..." / "---") as metadata, and the rest."""
    match = _FRONT_MATTER.match(text[:_FRONT_MATTER_MAX_CHARS])
    if not match:
        return text, {}
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
            return text, {}  # not front matter after all: keep the text whole
        meta[key.strip().lower()] = value.strip().strip("\"'")
    return text[match.end() :], meta
