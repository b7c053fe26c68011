"""JSONL (one document per line) and JSON files (one document, or an array of them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from warmonitor import registry
from warmonitor.sources.base import IngestOptions, InputError, Kind, RawItem
from warmonitor.sources.bounded import BoundedInput, LineTooLarge


class JsonlReader:
    name = "jsonl"
    suffixes = frozenset({".jsonl", ".ndjson"})
    content_types = frozenset({"application/x-ndjson", "application/jsonl", "application/ndjson"})
    priority = 30

    def sniff(self, head: bytes) -> bool:
        return head.lstrip().startswith(b"{")

    def read(
        self, source: str, stream: BoundedInput, meta: dict[str, Any], options: IngestOptions
    ) -> Iterator[RawItem | InputError]:
        seen_any = False
        # The cap applies to each line while it is read: an over-long line is never held whole.
        for number, line in enumerate(stream.lines(options.max_bytes), start=1):
            where = f"{source}:{number}"
            if isinstance(line, LineTooLarge):
                seen_any = True
                yield InputError(
                    where,
                    f"line too large (over {options.max_bytes} bytes; the limit is {options.max_bytes})",
                )
                continue
            text = line.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace")
            if not text.strip():
                continue
            seen_any = True
            record = _load(where, text)
            if isinstance(record, InputError):
                yield record
            elif not isinstance(record, dict):
                yield InputError(where, "a JSONL line must be an object")
            else:
                yield record_item(where, record, meta, options)
        if not seen_any:
            yield InputError(source, "empty (no JSONL records)")


class JsonReader:
    name = "json"
    suffixes = frozenset({".json"})
    content_types = frozenset({"application/json"})
    priority = 30

    def sniff(self, head: bytes) -> bool:
        return False  # "[" starts too many plain texts; JSON is recognised by name or type

    def read(
        self, source: str, stream: BoundedInput, meta: dict[str, Any], options: IngestOptions
    ) -> Iterator[RawItem | InputError]:
        data = stream.read_all(options.max_bytes)
        text = data.decode("utf-8-sig", errors="replace")
        if not text.strip():
            yield InputError(source, "empty")
            return
        record = _load(source, text)
        if isinstance(record, InputError) and "Extra data" in record.reason:
            # Served as application/json but written one object per line.
            yield from JsonlReader().read(
                source, BoundedInput.from_bytes(source, data), meta, options
            )
        elif isinstance(record, InputError):
            yield record
        elif isinstance(record, dict):
            yield record_item(source, record, meta, options)
        elif isinstance(record, list) and record:
            for number, element in enumerate(record, start=1):
                where = f"{source}[{number}]"
                if isinstance(element, dict):
                    yield record_item(where, element, meta, options)
                else:
                    yield InputError(where, "an array element must be an object")
        else:
            yield InputError(source, "a JSON file must hold an object or an array of objects")


registry.readers.register("jsonl")(JsonlReader())
registry.readers.register("json")(JsonReader())


def _load(where: str, text: str) -> Any:
    try:
        return json.loads(text, strict=False)  # raw control characters in strings are kept
    except json.JSONDecodeError as err:
        return InputError(where, f"malformed JSON ({err.msg} at column {err.colno})")
    except RecursionError:
        return InputError(where, "malformed JSON (nested too deeply)")
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        return InputError(where, f"malformed JSON ({str(err).splitlines()[0][:80]})")


def record_item(
    where: str, record: dict[str, Any], meta: dict[str, Any], options: IngestOptions
) -> RawItem | InputError:
    """One JSON object as a raw item: its "text" (or "html") and every other key as metadata."""
    body = record.get("text")
    kind: Kind = "text"
    if not isinstance(body, str) or not body.strip():
        body, kind = record.get("html"), "html"
    if not isinstance(body, str) or not body.strip():
        return InputError(where, 'record has no "text" or "html" string')
    if (
        len(body) > options.max_bytes
        or len(body.encode("utf-8", "surrogatepass")) > options.max_bytes
    ):
        return InputError(where, f"too large (the limit is {options.max_bytes} bytes)")
    fields = {k: v for k, v in meta.items() if k != "path"}  # the container's url, if any
    fields.update((k, v) for k, v in record.items() if k not in ("text", "html"))
    if "path" in meta:  # where the record was read from; a record cannot claim a local path
        fields["path"] = meta["path"]
    return RawItem(where, kind, body, fields)
