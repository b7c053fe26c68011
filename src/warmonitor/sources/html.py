"""HTML pages: the article text (trafilatura), with fallbacks for fragments and deep markup."""

from __future__ import annotations

import html.parser
from collections.abc import Iterator
from typing import Any

from warmonitor import registry
from warmonitor.sources.base import IngestOptions, InputError, RawItem
from warmonitor.sources.bounded import BoundedInput

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math"})
_BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "section",
     "article", "header", "footer", "ul", "ol", "table", "pre", "figure", "figcaption", "hr"}
)  # fmt: skip


class HtmlReader:
    name = "html"
    suffixes = frozenset({".html", ".htm", ".xhtml"})
    content_types = frozenset({"text/html", "application/xhtml+xml"})
    priority = 20

    def sniff(self, head: bytes) -> bool:
        head = head.lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head

    def read(
        self, source: str, stream: BoundedInput, meta: dict[str, Any], options: IngestOptions
    ) -> Iterator[RawItem | InputError]:
        yield RawItem(source, "html", stream.read_all(options.max_bytes), meta)


registry.readers.register("html")(HtmlReader())


def html_to_text(source: str, markup: str) -> tuple[str, dict[str, Any]]:
    """Article text and metadata from an HTML page (trafilatura)."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            markup,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            favor_recall=True,
        )
    except RecursionError:
        extracted = None  # nested too deeply for a tree: the stream parser below still reads it
    except Exception as err:  # trafilatura raises many kinds on hostile markup
        raise InputError(source, f"malformed HTML ({type(err).__name__})") from err
    if extracted is None:
        text = _fallback_html_text(markup) or _streamed_text(markup)
        if not text:
            raise InputError(source, "HTML page holds no article text")
        return text, {}
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    found = {
        "title": data.get("title"),
        "outlet": data.get("sitename"),
        "published": data.get("date"),
        "url": data.get("url"),
    }
    return text, {k: v for k, v in found.items() if v}


def _fallback_html_text(markup: str) -> str:
    # Short fragments (feed summaries) are often below trafilatura's threshold.
    import lxml.html

    try:
        root = lxml.html.fromstring(markup)
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


class _TextCollector(html.parser.HTMLParser):
    """Text of a page in document order, blocks as paragraphs, without building a tree.

    libxml2 stops building below 256 levels of nesting, so a page nested deeper looks empty
    to lxml and trafilatura; an event parser has no depth to run out of.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.blocks.append([])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.blocks[-1].append(data)


def _streamed_text(markup: str) -> str:
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # html.parser is lenient; anything it still refuses holds no text for us
        return ""
    paragraphs = (" ".join("".join(block).split()) for block in collector.blocks)
    return "\n\n".join(p for p in paragraphs if p)
