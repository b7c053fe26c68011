"""Ingestion: sources to cleaned Documents.

A source is a file, a directory, a JSONL or JSON file, an HTML page, an RSS/Atom feed, a URL or
``-`` for standard input. Each is read through a bounded input by the :class:`Reader` registered
for its format (``registry.readers``; plugins register the same way) into raw items, and each raw
item becomes one :class:`~warmonitor.records.Document` or one :class:`InputError` that names the
input and says what is wrong with it. Nothing here touches the database, and nothing here lets an
exception end the run: every failure is an error item naming its input.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from warmonitor import registry
from warmonitor.records import Document
from warmonitor.sources.base import (
    DEFAULT_MAX_BYTES,
    URL_TIMEOUT_SECONDS,
    IngestOptions,
    InputError,
    Kind,
    RawItem,
    Reader,
)
from warmonitor.sources.bounded import (
    BoundedInput,
    OpenedFile,
    describe_os_error,
    stdin_input,
)
from warmonitor.sources.decode import decode_bytes, looks_binary
from warmonitor.sources.document import guess_language, make_document, outlet_from_url
from warmonitor.sources.feed import FeedReader
from warmonitor.sources.html import HtmlReader, html_to_text
from warmonitor.sources.jsonl import JsonlReader, JsonReader
from warmonitor.sources.published import parse_date, read_dateline
from warmonitor.sources.text import TextReader, split_front_matter
from warmonitor.sources.url import check_url_host, fetch_url
from warmonitor.sources.walk import shown_path, walk_directory

_URL = re.compile(r"^https?://", re.IGNORECASE)


def readers() -> list[Reader]:
    """Every registered reader, built-in or plugin, in sniffing order."""
    found = cast(dict[str, Reader], registry.readers.get_all())
    return sorted(found.values(), key=lambda r: (r.priority, r.name))


def reader_for(head: bytes, suffix: str | None = None, content_type: str | None = None) -> Reader:
    """The reader a file suffix or a content type names, else the first whose sniff accepts."""
    candidates = readers()
    for reader in candidates:
        if (suffix is not None and suffix in reader.suffixes) or (
            content_type is not None and content_type in reader.content_types
        ):
            return reader
    for reader in candidates:
        if reader.sniff(head):
            return reader
    return TEXT_READER


def iter_sources(sources: list[str], options: IngestOptions) -> Iterator[RawItem | InputError]:
    """Every raw item of every source, in order; errors are yielded, never raised."""
    for source in sources:
        yield from _guarded(shown_path(source), _source_items(source, options))


def _guarded(name: str, items: Iterator[RawItem | InputError]) -> Iterator[RawItem | InputError]:
    # The one catch per source: whatever goes wrong becomes an error naming the input.
    try:
        yield from items
    except InputError as err:
        yield err
    except OSError as err:
        yield InputError(name, describe_os_error(err))
    except RecursionError:
        yield InputError(name, "malformed input (nested too deeply)")
    except Exception as err:  # a reader's bug must not end the run or lose later inputs
        yield InputError(name, f"unreadable ({type(err).__name__}: {_first_line(err)})")


def _first_line(err: BaseException) -> str:
    return (str(err).splitlines() or [""])[0][:160]


def _source_items(source: str, options: IngestOptions) -> Iterator[RawItem | InputError]:
    if source == "-":
        stream = stdin_input(sys.stdin.buffer)
        yield from reader_for(stream.peek()).read("-", stream, {}, options)
    elif _URL.match(source):
        body, content_type = fetch_url(source, options)
        stream = BoundedInput.from_bytes(source, body)
        reader = reader_for(stream.peek(), content_type=content_type)
        yield from reader.read(source, stream, {"url": source}, options)
    else:
        path = Path(source)
        try:
            is_dir = path.is_dir()
            path.stat()
        except OSError as err:
            reason = describe_os_error(err)
            if path.is_symlink() and reason.startswith("no such"):
                reason = "dangling symbolic link"
            yield InputError(shown_path(source), reason)
            return
        if not is_dir:
            yield from _file_items(path, options)
            return
        for entry in walk_directory(path):
            if isinstance(entry, InputError):
                yield entry
            else:
                yield from _guarded(shown_path(entry), _file_items(entry, options))


def _file_items(path: Path, options: IngestOptions) -> Iterator[RawItem | InputError]:
    name = shown_path(path)
    suffix = path.suffix.lower()
    with OpenedFile(path, name, options.timeout) as opened:
        if opened.kind == "a directory":
            yield InputError(name, "a directory")
            return
        reader = reader_for(opened.stream.peek(), suffix=suffix)
        size = os.fstat(opened.fd).st_size
        if opened.kind is None and reader.name != "jsonl" and size > options.max_bytes:
            # A cheap early refusal; the bounded read enforces the cap either way.
            yield InputError(name, f"too large ({size} bytes; the limit is {options.max_bytes})")
            return
        yield from reader.read(name, opened.stream, {"path": name}, options)


def read_documents(
    sources: list[str], options: IngestOptions
) -> Iterator[tuple[str, Document] | InputError]:
    """(input name, document) pairs, or the errors of inputs that cannot be one, in input order."""
    for item in iter_sources(sources, options):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield item.source, make_document(item, options)
        except InputError as err:
            yield err
        except RecursionError:
            yield InputError(item.source, "malformed input (nested too deeply)")
        except Exception as err:  # one bad document is a rejection; the run goes on
            yield InputError(item.source, f"unreadable ({type(err).__name__}: {_first_line(err)})")


TEXT_READER = TextReader()

__all__ = [
    "FeedReader",
    "HtmlReader",
    "JsonReader",
    "JsonlReader",
    "TextReader",
    "DEFAULT_MAX_BYTES",
    "URL_TIMEOUT_SECONDS",
    "BoundedInput",
    "IngestOptions",
    "InputError",
    "Kind",
    "RawItem",
    "Reader",
    "check_url_host",
    "decode_bytes",
    "fetch_url",
    "guess_language",
    "html_to_text",
    "iter_sources",
    "looks_binary",
    "make_document",
    "outlet_from_url",
    "parse_date",
    "read_dateline",
    "read_documents",
    "reader_for",
    "readers",
    "split_front_matter",
]
