"""Ingestion: sources to cleaned Documents.

A source is a file, a directory, a JSONL file, an HTML page, an RSS/Atom feed,
a URL or ``-`` for standard input. Each yields raw items, and each raw item
becomes one :class:`~warmonitor.records.Document` or one :class:`InputError`
that names the input and says what is wrong with it. Nothing here touches the
database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import re
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from warmonitor.clean import clean_text, normalize_text
from warmonitor.records import Document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
URL_TIMEOUT_SECONDS = 20.0
Kind = Literal["text", "html", "jsonl", "feed"]

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_ALLOWED_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/x-ndjson",
    "application/jsonl",
    "application/json",
)


class InputError(Exception):
    """An input that cannot become a document; ``str()`` is one line naming it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(slots=True)
class RawItem:
    """One would-be document before decoding and cleaning."""

    source: str  # how the user named it: a path, "path:line 7", a URL, "-"
    kind: Kind
    data: bytes | str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False
    published: dt.date | None = None  # overrides what the input says
    outlet: str | None = None
    timeout: float = URL_TIMEOUT_SECONDS


# --------------------------------------------------------------------------- sources


def iter_sources(sources: list[str], options: IngestOptions) -> Iterator[RawItem | InputError]:
    """Every raw item of every source, in order; errors are yielded, not raised."""
    for source in sources:
        try:
            if source == "-":
                data = sys.stdin.buffer.read(options.max_bytes + 1)
                yield from _items_from_bytes("-", data, None, {}, options)
            elif re.match(r"^https?://", source, re.IGNORECASE):
                yield from _items_from_url(source, options)
            else:
                path = Path(source)
                if path.is_dir():
                    files = sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file()
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    )
                    if not files:
                        yield InputError(source, "directory holds no files")
                    for file in files:
                        yield from _items_from_path(file, options)
                elif path.exists():
                    yield from _items_from_path(path, options)
                else:
                    yield InputError(source, "no such file or directory")
        except InputError as err:
            yield err
        except OSError as err:
            yield InputError(source, f"cannot read: {err.strerror or err}")


def _items_from_path(path: Path, options: IngestOptions) -> Iterator[RawItem | InputError]:
    source = str(path)
    size = path.stat().st_size
    kind = _kind_from_suffix(path.suffix.lower())
    # JSONL holds many documents: its cap is per line, not per file.
    if kind != "jsonl" and size > options.max_bytes:
        yield InputError(source, f"too large ({size} bytes; the limit is {options.max_bytes})")
        return
    if kind == "jsonl":
        yield from _items_from_jsonl(path, options)
        return
    data = path.read_bytes()
    yield from _items_from_bytes(source, data, kind, {"path": source}, options)


def _kind_from_suffix(suffix: str) -> Kind | None:
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _FEED_SUFFIXES:
        return "feed"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    return None


def sniff_kind(data: bytes) -> Kind:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf" in head) else "html"
    if head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def _items_from_bytes(
    source: str, data: bytes, kind: Kind | None, meta: dict[str, Any], options: IngestOptions
) -> Iterator[RawItem | InputError]:
    if len(data) > options.max_bytes:
        yield InputError(source, f"too large (over {options.max_bytes} bytes)")
        return
    kind = kind or sniff_kind(data)
    if kind == "jsonl":
        text = decode_bytes(source, data, meta.setdefault("warnings", []))
        yield from _jsonl_lines(source, text.splitlines(), options)
    elif kind == "feed":
        yield from _items_from_feed(source, data, options)
    else:
        yield RawItem(source, kind, data, meta)


def _items_from_jsonl(path: Path, options: IngestOptions) -> Iterator[RawItem | InputError]:
    # Read line by line so a large corpus never sits in memory at once.
    def lines() -> Iterator[str]:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if len(raw) > options.max_bytes:
                    yield f"\x00too-large:{number}:{len(raw)}"
                    continue
                try:
                    yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield raw.decode("utf-8", errors="replace")

    yield from _jsonl_lines(str(path), lines(), options)


def _jsonl_lines(source: str, lines: Any, options: IngestOptions) -> Iterator[RawItem | InputError]:
    for number, line in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if line.startswith("\x00too-large:"):
            yield InputError(where, f"line too large (the limit is {options.max_bytes} bytes)")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(where, f"malformed JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a JSONL line must be an object")
            continue
        body = record.get("text")
        kind: Kind = "text"
        if not isinstance(body, str) or not body.strip():
            body, kind = record.get("html"), "html"
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, 'record has no "text" or "html"')
            continue
        if len(body.encode("utf-8", errors="replace")) > options.max_bytes:
            yield InputError(where, f"too large (the limit is {options.max_bytes} bytes)")
            continue
        meta = {k: v for k, v in record.items() if k not in ("text", "html")}
        meta["path"] = source
        yield RawItem(where, kind, body, meta)


def _items_from_feed(
    source: str, data: bytes, options: IngestOptions
) -> Iterator[RawItem | InputError]:
    import feedparser  # imported here: only feeds pay for it

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = "not a feed or a feed with no entries"
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            reason += f" ({str(parsed.bozo_exception).splitlines()[0][:120]})"
        yield InputError(source, reason)
        return
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "") or ""
        where = f"{source}#{number}"
        if not body.strip():
            yield InputError(where, "feed entry has no content or summary")
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
        meta = {
            "id": entry.get("id") or entry.get("link"),
            "title": entry.get("title"),
            "url": entry.get("link"),
            "published": published,
            "outlet": outlet,
            "path": source,
        }
        yield RawItem(where, "html", body, {k: v for k, v in meta.items() if v})


# --------------------------------------------------------------------------- URLs


def check_url_host(url: str, allow_private: bool) -> None:
    """Refuse URLs whose host resolves to a private, loopback or link-local address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url, "only http and https URLs with a host are accepted")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as err:
        raise InputError(url, f"cannot resolve host ({err.strerror})") from err
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        ):
            raise InputError(
                url, f"refusing private address {address} (use --allow-private to permit it)"
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_url_host(newurl, self.allow_private)  # a redirect must not reach inside either
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url: str, options: IngestOptions) -> tuple[bytes, str]:
    """The body (at most max_bytes) and the content type of a URL."""
    check_url_host(url, options.allow_private)
    opener = urllib.request.build_opener(_CheckedRedirects(options.allow_private))
    request = urllib.request.Request(
        url, headers={"User-Agent": "warmonitor/0.1 (+offline news monitor)"}
    )
    try:
        with opener.open(request, timeout=options.timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in _ALLOWED_CONTENT_TYPES and not content_type.endswith("+xml"):
                raise InputError(url, f"unsupported content type {content_type}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise InputError(
                    url, f"too large ({declared} bytes; the limit is {options.max_bytes})"
                )
            body = response.read(options.max_bytes + 1)
    except urllib.error.HTTPError as err:
        raise InputError(url, f"HTTP {err.code} {err.reason}") from err
    except urllib.error.URLError as err:
        raise InputError(url, f"cannot fetch ({err.reason})") from err
    except TimeoutError as err:
        raise InputError(url, f"timed out after {options.timeout:g} s") from err
    if len(body) > options.max_bytes:
        raise InputError(url, f"too large (over {options.max_bytes} bytes)")
    return body, content_type


def _items_from_url(url: str, options: IngestOptions) -> Iterator[RawItem | InputError]:
    body, content_type = fetch_url(url, options)
    kind: Kind | None = None
    if "rss" in content_type or "atom" in content_type:
        kind = "feed"
    elif content_type in ("text/html", "application/xhtml+xml"):
        kind = "html"
    elif content_type == "text/plain":
        kind = "text"
    elif "json" in content_type:
        kind = "jsonl"
    yield from _items_from_bytes(url, body, kind, {"url": url}, options)


# --------------------------------------------------------------------------- documents


def decode_bytes(source: str, data: bytes, warnings: list[str]) -> str:
    """Text from bytes: UTF-8 if it is, else the detected encoding, else replacement characters."""
    if looks_binary(data):
        raise InputError(source, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        warnings.append(f"decoded as {best.encoding}, not UTF-8")
        return str(best)
    warnings.append("undecodable bytes replaced")
    return data.decode("utf-8", errors="replace")


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


_MONTHS = {
    m.casefold(): i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATELINE_PATTERNS = [
    (
        re.compile(rf"^(?:\w+day,?\s+)?(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})\b", re.I),
        ("d", "m", "y"),
    ),
    (
        re.compile(rf"^(?:\w+day,?\s+)?{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I),
        ("m", "d", "y"),
    ),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
]


def read_dateline(text: str, max_lines: int = 12) -> dt.date | None:
    """A publication date stated on a line of its own near the top ("14 February, 2020")."""
    for line in text.split("\n")[: max_lines * 2]:
        line = line.strip()
        if not line or len(line) > 60:
            continue
        line = re.sub(r"^(?:published|updated|posted)(?:\s+on)?:?\s*", "", line, flags=re.I)
        for pattern, order in _DATELINE_PATTERNS:
            if m := pattern.match(line):
                parts = dict(zip(order, m.groups(), strict=True))
                month = parts["m"]
                month_number = (
                    int(month) if month.isdigit() else _MONTHS.get(month.casefold().rstrip("."))
                )
                try:
                    return dt.date(int(parts["y"]), month_number or 0, int(parts["d"]))
                except (ValueError, TypeError):
                    continue
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date from metadata: ISO dates and timestamps, "2025-03-14 20:30:26Z", feed stamps."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    if m := re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})", value):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return read_dateline(value.strip(), max_lines=1)


_ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "he",
        "it",
        "as",
        "at",
        "by",
        "from",
        "his",
        "an",
        "were",
        "are",
        "which",
        "this",
        "be",
        "has",
        "have",
        "had",
        "not",
        "but",
        "said",
        "they",
        "their",
        "after",
        "its",
        "who",
        "been",
        "more",
        "also",
        "when",
        "would",
        "into",
        "than",
    ]
)


def guess_language(text: str) -> str | None:
    """ "en", another code for scripts we can name, or None when unsure.

    A cheap function-word test: English news has many of these words; a page in
    another language has almost none. It flags; it never rejects.
    """
    words = re.findall(r"[^\W\d_]+", text[:20000].casefold())
    if len(words) < 8:
        return None
    letters = "".join(words)
    for code, lo, hi in (
        ("ar", "\u0600", "\u06ff"),
        ("ru", "\u0400", "\u04ff"),
        ("zh", "\u4e00", "\u9fff"),
        ("uk", "\u0400", "\u04ff"),
    ):
        if sum(lo <= ch <= hi for ch in letters) > len(letters) / 2:
            return code
    share = sum(w in _ENGLISH_WORDS for w in words) / len(words)
    return "en" if share > 0.12 else "und"


def html_to_text(source: str, html: str) -> tuple[str, dict[str, Any]]:
    """Article text and metadata from an HTML page (trafilatura)."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            favor_recall=True,
        )
    except Exception as err:  # trafilatura raises many kinds on hostile markup
        raise InputError(source, f"malformed HTML ({type(err).__name__})") from err
    if extracted is None:
        text = _fallback_html_text(html)
        if not text:
            raise InputError(source, "HTML page holds no article text")
        return text, {}
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    meta = {
        "title": data.get("title"),
        "outlet": data.get("sitename"),
        "published": data.get("date"),
        "url": data.get("url"),
    }
    return text, {k: v for k, v in meta.items() if v}


def _fallback_html_text(html: str) -> str:
    # Short fragments (feed summaries) are often below trafilatura's threshold.
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = [
        " ".join(el.text_content().split())
        for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote")
    ]
    text = "\n\n".join(b for b in blocks if b)
    return text or " ".join(root.text_content().split())


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Markdown-style front matter ("---" / "outlet: ..." / "---") as metadata, and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
            return text, {}  # not front matter after all: keep the text whole
        meta[key.strip().lower()] = value.strip().strip("\"'")
    return text[match.end() :], meta


def outlet_from_url(url: Any) -> str | None:
    """The site's host name ("voanews.com") when nothing names the outlet better."""
    if not isinstance(url, str):
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    if host.endswith("web.archive.org"):  # archived copies name the original site in the path
        m = re.search(r"/web/\d+[a-z_]*/(?:https?://)?([^/:]+)", url)
        host = m.group(1) if m else ""
    host = host.removeprefix("www.")
    return host or None


def make_document(item: RawItem, options: IngestOptions) -> Document:
    """Decode, extract, clean and describe one raw item. Raises InputError."""
    warnings: list[str] = list(item.meta.get("warnings", []))
    raw = (
        item.data if isinstance(item.data, str) else decode_bytes(item.source, item.data, warnings)
    )
    if not raw.strip():
        raise InputError(item.source, "empty")
    meta: dict[str, Any] = {}
    if item.kind == "html":
        raw, meta = html_to_text(item.source, raw)
    elif item.kind == "text":
        raw, front = split_front_matter(raw)
        item.meta = {**front, **item.meta}
    given_title = item.meta.get("title") or meta.get("title")
    cleaned = clean_text(raw, title=given_title if isinstance(given_title, str) else None)
    if not cleaned.text.strip():
        raise InputError(item.source, "no text left after cleaning")
    if "\ufffd" in cleaned.text and "undecodable bytes replaced" not in warnings:
        share = cleaned.text.count("\ufffd") / len(cleaned.text)
        if share > 0.02:
            raise InputError(item.source, "undecodable text (too many replacement characters)")

    published = (
        options.published
        or parse_date(item.meta.get("published"))
        or parse_date(meta.get("published"))
    )
    if published is None:
        published = read_dateline(normalize_text(raw))
    language = guess_language(cleaned.text)
    if language not in (None, "en"):
        warnings.append(
            f"language looks like {language!r}, not English; extraction may miss things"
        )

    url = item.meta.get("url") or meta.get("url")
    outlet = options.outlet or item.meta.get("outlet") or meta.get("outlet") or outlet_from_url(url)
    sha = hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()
    own_id = item.meta.get("id")
    extra = {
        k: v
        for k, v in item.meta.items()
        if k not in ("id", "title", "url", "published", "outlet", "path", "warnings")
    }
    return Document(
        id=str(own_id) if own_id not in (None, "") else sha[:16],
        text=cleaned.text,
        sha256=sha,
        title=cleaned.title,
        outlet=outlet,
        published=published,
        url=url,
        path=item.meta.get("path") or (None if item.source.startswith("http") else item.source),
        language=language,
        metadata=extra,
        warnings=warnings,
    )


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
