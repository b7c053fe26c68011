"""One raw item to one Document: decode, extract the article, clean, read the metadata."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from typing import Any

from warmonitor.clean import clean_text, normalize_text
from warmonitor.records import Document, untrusted_json, untrusted_scalar, untrusted_text
from warmonitor.sources.base import IngestOptions, InputError, RawItem
from warmonitor.sources.decode import decode_bytes
from warmonitor.sources.html import html_to_text
from warmonitor.sources.published import UnclearDate, parse_date_strict, read_dateline
from warmonitor.sources.text import split_front_matter

_TEXT_FIELDS = ("id", "title", "url", "outlet")
_KNOWN_FIELDS = ("id", "title", "url", "published", "outlet", "path")

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


def outlet_from_url(url: Any) -> str | None:
    """The site's host name ("voanews.com") when nothing names the outlet better."""
    if not isinstance(url, str):
        return None
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:  # "http://[bad" and friends
        return None
    if host.endswith("web.archive.org"):  # archived copies name the original site in the path
        m = re.search(r"/web/\d+[a-z_]*/(?:https?://)?([^/:]+)", url)
        host = m.group(1) if m else ""
    host = host.removeprefix("www.")
    return host or None


def _text_fields(source: str, meta: dict[str, Any], warnings: list[str]) -> dict[str, str | None]:
    """id, title, url and outlet as text; a list or object given for one is dropped with a warning."""
    fields: dict[str, str | None] = {}
    for key in _TEXT_FIELDS:
        try:
            fields[key] = untrusted_scalar(meta.get(key))
        except TypeError as err:
            warnings.append(f'ignored "{key}": {err}')
            fields[key] = None
    return fields


def _published(meta: dict[str, Any], warnings: list[str]):  # type: ignore[no-untyped-def]
    try:
        return parse_date_strict(meta.get("published"))
    except UnclearDate as err:
        warnings.append(f'ignored "published": {err}')
        return None


def make_document(item: RawItem, options: IngestOptions) -> Document:
    """Decode, extract, clean and describe one raw item. Raises InputError."""
    warnings: list[str] = []  # ours only: a record's own "warnings" key is plain metadata
    raw = (
        item.data if isinstance(item.data, str) else decode_bytes(item.source, item.data, warnings)
    )
    raw = untrusted_text(raw)
    if not raw.strip():
        raise InputError(item.source, "empty")
    page: dict[str, Any] = {}
    meta = dict(item.meta)
    if item.kind == "html":
        raw, page = html_to_text(item.source, raw)
    elif item.kind == "text":
        raw, front = split_front_matter(raw)
        meta = {**front, **meta}
    given = _text_fields(item.source, meta, warnings)
    found = _text_fields(item.source, page, [])
    title = given["title"] or found["title"]
    cleaned = clean_text(raw, title=title)
    if not cleaned.text.strip():
        raise InputError(item.source, "no text left after cleaning")
    if "\ufffd" in cleaned.text and "undecodable bytes replaced" not in warnings:
        share = cleaned.text.count("\ufffd") / len(cleaned.text)
        if share > 0.02:
            raise InputError(item.source, "undecodable text (too many replacement characters)")

    published = options.published or _published(meta, warnings) or _published(page, [])
    if published is None:
        published = read_dateline(normalize_text(raw))
    language = guess_language(cleaned.text)
    if language not in (None, "en"):
        warnings.append(
            f"language looks like {language!r}, not English; extraction may miss things"
        )
    url = given["url"] or found["url"]
    outlet = (
        (untrusted_text(options.outlet) if options.outlet else None)
        or given["outlet"]
        or found["outlet"]
        or outlet_from_url(url)
    )
    sha = hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()
    try:
        extra = untrusted_json({k: v for k, v in meta.items() if k not in _KNOWN_FIELDS})
    except ValueError as err:
        raise InputError(item.source, str(err)) from err
    path = meta.get("path") if isinstance(meta.get("path"), str) else None
    return Document(
        id=given["id"] or sha[:16],
        text=cleaned.text,
        sha256=sha,
        title=untrusted_text(cleaned.title) if cleaned.title else None,
        outlet=outlet,
        published=published,
        url=url,
        path=untrusted_text(path or item.source, file_name=True)
        if path or not item.source.startswith("http")
        else None,
        language=language,
        metadata=extra,
        warnings=warnings,
    )
