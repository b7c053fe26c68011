"""Ingestion: every input format, metadata, and one clear error per bad input."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SHARED
from warmonitor.records import Document
from warmonitor.sources import (
    IngestOptions,
    InputError,
    check_url_host,
    guess_language,
    read_dateline,
    read_documents,
)

REPORT = "Gunmen attacked a police checkpoint near the town on Friday, killing three officers, officials said."


def docs(*sources: str, **options) -> list[Document | InputError]:  # type: ignore[no-untyped-def]
    return [
        item if isinstance(item, InputError) else item[1]
        for item in read_documents(list(sources), IngestOptions(**options))
    ]


def only_document(*sources: str, **options) -> Document:  # type: ignore[no-untyped-def]
    (item,) = docs(*sources, **options)
    assert isinstance(item, Document), item
    return item


def test_plain_text_with_dateline(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(f"Checkpoint attacked in the north\n\n3 March 2024\n\n{REPORT}\n")
    doc = only_document(str(path))
    assert doc.title == "Checkpoint attacked in the north"
    assert doc.published == dt.date(2024, 3, 3)
    assert doc.language == "en"
    assert len(doc.sha256) == 64 and doc.id == doc.sha256[:16]
    assert doc.path == str(path)


def test_markdown_front_matter_gives_metadata(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        f"---\noutlet: Hill Courier\npublished: 2023-11-02\n---\n# Checkpoint attacked\n\n{REPORT}\n"
    )
    doc = only_document(str(path))
    assert doc.outlet == "Hill Courier"
    assert doc.published == dt.date(2023, 11, 2)
    assert doc.title == "Checkpoint attacked"
    assert "outlet:" not in doc.text


def test_options_override_metadata(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(f"2 August 2016\n\n{REPORT}")
    doc = only_document(str(path), published=dt.date(2020, 1, 1), outlet="Given Outlet")
    assert doc.published == dt.date(2020, 1, 1) and doc.outlet == "Given Outlet"


def test_jsonl_keeps_ids_extra_keys_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "title": "One",
                "published": "2025-03-14 20:30:26Z",
                "outlet": "Wire",
                "text": REPORT,
                "section": "Africa",
            }
        ),
        "{not json",
        json.dumps(
            {
                "id": "a2",
                "url": "https://www.example.org/x",
                "html": f"<html><body><p>{REPORT}</p></body></html>",
            }
        ),
        json.dumps({"id": "a3"}),
        json.dumps([1, 2]),
        "",
    ]
    path.write_text("\n".join(lines) + "\n")
    out = docs(str(path))
    assert [type(x).__name__ for x in out] == [
        "Document",
        "InputError",
        "Document",
        "InputError",
        "InputError",
    ]
    first, bad, second, empty, array = out
    assert first.id == "a1" and first.published == dt.date(2025, 3, 14) and first.outlet == "Wire"
    assert first.metadata == {"section": "Africa"}
    assert bad.source == f"{path}:2" and "malformed JSON" in bad.reason
    assert second.id == "a2" and "checkpoint" in second.text and second.outlet == "example.org"
    assert empty.source.endswith(":4") and "text" in empty.reason
    assert array.source.endswith(":5")


def test_voa_corpus_record_shape_is_accepted() -> None:
    corpus = SHARED / "corpora" / "voa" / "voa_stories.jsonl"
    if not corpus.exists():
        pytest.skip("VOA corpus not present")
    out = []
    for item in read_documents([str(corpus)], IngestOptions()):
        out.append(item)
        if len(out) == 20:
            break
    assert all(not isinstance(x, InputError) for x in out)
    first = out[0][1]
    assert first.title and first.published and first.url and first.outlet == "voanews.com"
    assert "author" in first.metadata


def test_html_page_uses_article_text_and_meta(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<html><head><title>Ambush | Daily Sentinel</title>
        <meta property="og:site_name" content="Daily Sentinel">
        <meta property="article:published_time" content="2022-05-06T10:00:00Z"></head>
        <body><nav>Home | World | Subscribe</nav><article><h1>Ambush on the highway</h1>
        <p>"""
        + REPORT
        + """</p><p>The attackers fled towards the hills, a witness said.</p></article>
        <script>alert('x')</script><footer>Copyright Daily Sentinel</footer></body></html>"""
    )
    doc = only_document(str(page))
    assert doc.outlet == "Daily Sentinel"
    assert doc.published == dt.date(2022, 5, 6)
    assert "checkpoint" in doc.text and "alert(" not in doc.text and "Subscribe" not in doc.text


RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Frontline Wire</title>
<item><guid>fw-1</guid><title>Checkpoint attack</title><link>https://frontline.example/1</link>
<pubDate>Fri, 01 Mar 2024 08:00:00 GMT</pubDate><description>&lt;p&gt;{REPORT}&lt;/p&gt;</description></item>
<item><guid>fw-2</guid><title>Empty</title><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Desk</title><id>urn:x</id><updated>2024-03-02T00:00:00Z</updated>
<entry><id>urn:e1</id><title>Shelling</title><updated>2024-03-02T00:00:00Z</updated>
<content type="html">&lt;p&gt;Shelling killed two farmers near the village on Saturday, residents said.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    (tmp_path / "feed.rss").write_text(RSS)
    (tmp_path / "feed.atom").write_text(ATOM)
    rss = docs(str(tmp_path / "feed.rss"))
    assert isinstance(rss[0], Document) and rss[0].id == "fw-1"
    assert rss[0].outlet == "Frontline Wire" and rss[0].published == dt.date(2024, 3, 1)
    assert rss[0].url == "https://frontline.example/1" and "checkpoint" in rss[0].text
    assert isinstance(rss[1], InputError) and rss[1].source.endswith("#2")
    atom = only_document(str(tmp_path / "feed.atom"))
    assert atom.id == "urn:e1" and atom.outlet == "Atom Desk" and "farmers" in atom.text


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "b" / "c.txt").write_text(REPORT.replace("three", "four"))
    (tmp_path / ".hidden.txt").write_text(REPORT.replace("three", "five"))
    out = docs(str(tmp_path))
    assert [Path(d.path).name for d in out] == ["a.txt", "c.txt"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode())))
    doc = only_document("-")
    assert "checkpoint" in doc.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2, "binary"),
        (b"x" * 2048, "too large"),
    ],
)
def test_bad_files_are_named_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (err,) = docs(str(path), max_bytes=1024)
    assert isinstance(err, InputError)
    assert reason in err.reason and str(path) in str(err) and "\n" not in str(err)


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    missing, empty = docs(str(tmp_path / "nope.txt"), str(tmp_path / "empty"))
    assert "no such file" in missing.reason
    assert "no files" in empty.reason


def test_legacy_encoding_is_detected_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Les combattants ont attaqué le poste à l'aube, selon des témoins. " * 3 + REPORT
    path.write_bytes(text.encode("cp1252"))
    doc = only_document(str(path))
    assert "attaqué" in doc.text
    assert any("decoded as" in w for w in doc.warnings)


def test_non_english_is_flagged_not_rejected(tmp_path: Path) -> None:
    path = tmp_path / "ar.txt"
    path.write_text(
        "قتل ثلاثة مدنيين في قصف على بلدة في ريف إدلب الجنوبي يوم الجمعة حسب المرصد السوري"
    )
    doc = only_document(str(path))
    assert doc.language == "ar" and any("not English" in w for w in doc.warnings)
    assert (
        guess_language(
            "Die Soldaten wurden am Freitag bei einem Angriff auf den Konvoi getötet, sagte die Polizei."
        )
        == "und"
    )


def test_hostile_and_malformed_html(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    path.write_text(
        "<html><body><p>"
        + REPORT
        + "<script>fetch('//evil')</script><img src=x onerror=alert(1)><div><div><p>unclosed"
    )
    doc = only_document(str(path))
    assert "checkpoint" in doc.text and "evil" not in doc.text and "onerror" not in doc.text
    junk = tmp_path / "junk.html"
    junk.write_text("<html><<<>>><body></html>")
    (err,) = docs(str(junk))
    assert isinstance(err, InputError)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("14 February, 2020", dt.date(2020, 2, 14)),
        ("2 August 2016", dt.date(2016, 8, 2)),
        ("February 14, 2020", dt.date(2020, 2, 14)),
        ("Published: Sept. 3, 2019", dt.date(2019, 9, 3)),
        ("Tuesday, 11 February 2020", dt.date(2020, 2, 11)),
        ("2021-06-30", dt.date(2021, 6, 30)),
    ],
)
def test_datelines(line: str, expected: dt.date) -> None:
    assert read_dateline(f"Some headline\n\n{line}\n\nBody text follows here.") == expected


def test_dates_inside_sentences_are_not_datelines() -> None:
    assert (
        read_dateline(
            "The ceasefire signed on 2 August 2016 collapsed within weeks, officials said."
        )
        is None
    )
    assert read_dateline("31 February 2020") is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://localhost:8000/",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 as one number
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    # "private" only: a host that fails to resolve must not pass this test by accident.
    with pytest.raises(InputError, match="refusing private address"):
        check_url_host(url, allow_private=False)


def test_public_addresses_pass_and_give_the_address_to_connect_to() -> None:
    assert check_url_host("http://93.184.216.34/x", allow_private=False) == "93.184.216.34"


def test_non_http_schemes_are_refused() -> None:
    with pytest.raises(InputError, match="http"):
        check_url_host("file:///etc/passwd", allow_private=True)


@pytest.fixture
def local_site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "article.html").write_text(
        f"<html><head><title>Local</title></head><body><article><p>{REPORT}</p></article></body></html>"
    )
    (tmp_path / "big.html").write_text("<html><body><p>" + "word " * 5000 + "</p></body></html>")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (tmp_path / "feed.rss").write_text(RSS)

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_urls_fetch_with_checks(local_site: str) -> None:
    refused = docs(f"{local_site}/article.html")
    assert isinstance(refused[0], InputError) and "private" in refused[0].reason
    doc = only_document(f"{local_site}/article.html", allow_private=True)
    assert "checkpoint" in doc.text and doc.url == f"{local_site}/article.html" and doc.path is None
    (too_big,) = docs(f"{local_site}/big.html", allow_private=True, max_bytes=1000)
    assert "too large" in too_big.reason
    (image,) = docs(f"{local_site}/image.png", allow_private=True)
    assert "content type" in image.reason
    (missing,) = docs(f"{local_site}/missing.html", allow_private=True)
    assert "404" in missing.reason
    feed = docs(f"{local_site}/feed.rss", allow_private=True)
    assert isinstance(feed[0], Document) and feed[0].id == "fw-1"


@pytest.mark.parametrize("url", ["http://[::1/", "http://[zz]/", "http://host:99999/"])
def test_unparseable_urls_are_named_rejections(url: str) -> None:
    (err,) = docs(url)
    assert isinstance(err, InputError) and err.source == url
    assert "valid URL" in err.reason or "port" in err.reason


def test_a_plugin_reader_registers_like_the_built_ins(tmp_path: Path) -> None:
    from warmonitor import registry
    from warmonitor.sources import RawItem, readers

    class TsvReader:
        name = "tsv-test"
        suffixes = frozenset({".tsv"})
        content_types = frozenset({"text/tab-separated-values"})
        priority = 50

        def sniff(self, head: bytes) -> bool:
            return False

        def read(self, source, stream, meta, options):  # type: ignore[no-untyped-def]
            for number, line in enumerate(stream.lines(options.max_bytes), start=1):
                outlet, text = line.decode().split("\t", 1)
                yield RawItem(f"{source}:{number}", "text", text, {**meta, "outlet": outlet})

    registry.readers.register("tsv-test")(TsvReader())
    try:
        assert "tsv-test" in [r.name for r in readers()]
        assert {"text", "html", "jsonl", "json", "feed"} <= set(registry.names("readers"))
        path = tmp_path / "wire.tsv"
        path.write_text(f"Wire A\t{REPORT}\nWire B\tShelling hit the market on Sunday.\n")
        first, second = docs(str(path))
        assert (first.outlet, second.outlet) == ("Wire A", "Wire B")
    finally:  # catalogue keeps entries in one global table keyed by namespace + name
        import catalogue

        catalogue.REGISTRY.pop((*registry.readers.namespace, "tsv-test"), None)
        assert "tsv-test" not in registry.names("readers")
