"""Hostile inputs, one regression test per item of issue 14 that ingestion owns.

Each test feeds the input that once crashed, hung or vanished through the real readers and a real
SQLite store (or the real CLI), and checks it is now stored or rejected with a reason.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from warmonitor.pipeline import ingest_all
from warmonitor.records import Document
from warmonitor.sources import IngestOptions, InputError, read_documents
from warmonitor.sources import url as url_module
from warmonitor.sources.url import fetch_url
from warmonitor.store import Store

REPORT = "Gunmen killed two guards near Kafr Nabl on Friday, police said."
OTHER = "Militants ambushed a patrol near Kidal on Tuesday, killing four soldiers, the army said."


def read(*sources: str | Path, **options) -> list[Document | InputError]:  # type: ignore[no-untyped-def]
    return [
        item if isinstance(item, InputError) else item[1]
        for item in read_documents([str(s) for s in sources], IngestOptions(**options))
    ]


def ingest(store: Store, *sources: str | Path, **options):  # type: ignore[no-untyped-def]
    return ingest_all(store, read_documents([str(s) for s in sources], IngestOptions(**options)))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'hostile.sqlite'}")
    yield store
    store.close()


# ------------------------------------------------------------------ crashes (items 1-4)


@pytest.mark.parametrize("value", [["x"], {"a": 1}, True, 1e400])
def test_item1_url_or_outlet_of_any_json_type_is_dropped_with_a_warning(
    tmp_path: Path, store: Store, value: object
) -> None:
    path = tmp_path / "a.jsonl"
    record = {"text": REPORT, "url": value, "outlet": value, "id": value, "title": value}
    path.write_text(json.dumps(record) + "\n")
    summary = ingest(store, path)
    assert (summary.new, summary.rejected) == (1, 0)
    (doc_id,) = store.document_ids()
    meta = store.documents([doc_id])[doc_id]
    assert meta["url"] is None and meta["outlet"] is None
    assert any('ignored "url"' in w for w in summary.outcomes[0].warnings)


def test_item1_numbers_are_text(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"text": REPORT, "id": 17, "outlet": 5}) + "\n")
    (doc,) = read(path)
    assert isinstance(doc, Document) and doc.id == "17" and doc.outlet == "5"


def test_item2_lone_surrogates_in_text_id_and_outlet_are_stored(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"text": "' + REPORT + ' \\ud800", "id": "x\\udfff", "outlet": "\\ud800W", '
        '"extra": {"\\udc00k": ["\\ud83d"]}}\n'
    )
    summary = ingest(store, path)
    assert summary.new == 1, summary.outcomes[0].reason
    (doc_id,) = store.document_ids()
    assert doc_id == "x\ufffd"
    assert store.document_text(doc_id).endswith("\ufffd")
    assert store.documents([doc_id])[doc_id]["outlet"] == "\ufffdW"


def test_item3_undecodable_file_name_is_stored_with_escapes(tmp_path: Path, store: Store) -> None:
    raw = os.fsencode(tmp_path) + b"/report-\xff\xfe.txt"
    with open(raw, "wb") as handle:
        handle.write(REPORT.encode())
    summary = ingest(store, os.fsdecode(raw))
    assert summary.new == 1, summary.outcomes[0].reason
    (doc_id,) = store.document_ids()
    assert store.documents([doc_id])[doc_id]["path"].endswith("report-\\xff\\xfe.txt")
    (missing,) = read(os.fsdecode(os.fsencode(tmp_path) + b"/gone-\xff.txt"))
    assert isinstance(missing, InputError) and "gone-\\xff.txt" in missing.source


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_item4_deep_json_nesting_is_a_rejection(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(opener * 100_000 + "\n" + json.dumps({"text": REPORT}) + "\n")
    deep, fine = read(path)
    assert isinstance(deep, InputError) and "nested too deeply" in deep.reason
    assert deep.source == f"{path}:1"
    assert isinstance(fine, Document)


def test_item4_deep_metadata_is_a_rejection_not_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text('{"text": "' + REPORT + '", "x": ' + "[" * 200 + "]" * 200 + "}\n")
    (err,) = read(path)
    assert isinstance(err, InputError) and "nested deeper" in err.reason


# ------------------------------------------------------------------ hangs (items 8-10)


def test_item8_fifo_without_writer_times_out(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    (err,) = read(fifo, timeout=0.5)
    assert isinstance(err, InputError) and "timed out" in err.reason
    assert time.monotonic() - started < 5


def test_item8_fifo_with_a_writer_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(REPORT), daemon=True)
    writer.start()
    (doc,) = read(fifo, timeout=10)
    writer.join(5)
    assert isinstance(doc, Document) and "Kafr Nabl" in doc.text


def test_item8_dev_zero_is_read_only_up_to_the_cap() -> None:
    (err,) = read("/dev/zero", max_bytes=100_000)
    assert isinstance(err, InputError) and "too large" in err.reason


def test_item9_a_300_mb_line_is_rejected_in_bounded_memory(tmp_path: Path) -> None:
    """Peak RSS of a real `ingest -` fed a 300 MB JSONL line, against the same run on a small line."""
    script = (
        "import resource, sys, runpy\n"
        "sys.argv = ['warmonitor', 'ingest', '-', '--db', sys.argv[1], '--quiet']\n"
        "try:\n    runpy.run_module('warmonitor.cli', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code\n"
        "sys.stderr.write(f'peak_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
        "sys.exit(code)\n"
    )

    def peak_kb(line_bytes: int) -> tuple[int, str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path / f"m{line_bytes}.sqlite")],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        assert proc.stdin is not None
        chunk = b"a" * (1 << 20)
        proc.stdin.write(b'{"text": "')
        for _ in range(line_bytes >> 20):
            proc.stdin.write(chunk)
        proc.stdin.write(b'"}\n' + json.dumps({"text": REPORT}).encode() + b"\n")
        proc.stdin.close()
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        proc.wait(300)
        return int(stderr.rsplit("peak_kb=", 1)[1].split()[0]), stderr

    small, _ = peak_kb(1 << 20)
    big, stderr = peak_kb(300 << 20)
    assert "-:1: line too large" in stderr
    assert big - small < 64 * 1024, (small, big)  # the line never sits in memory


class _TrickleHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/inside")
            self.end_headers()
            return
        body = f"<html><body><p>{REPORT}</p></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/slow":
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        else:
            self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TrickleHandler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def test_item10_the_timeout_bounds_the_whole_fetch(server: str) -> None:
    started = time.monotonic()
    (err,) = read(f"http://{server}/slow", allow_private=True, timeout=1.0)
    assert isinstance(err, InputError) and "timed out after 1 s" in err.reason
    assert time.monotonic() - started < 4  # each byte came within 0.2 s; the fetch still ended
    (doc,) = read(f"http://{server}/fast", allow_private=True, timeout=5)
    assert isinstance(doc, Document)


# ------------------------------------------------------------------ silent loss (12-13, 16-19)


def test_item12_each_bad_entry_of_a_directory_is_named_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(REPORT)
    (root / "sub" / "b.txt").write_text(OTHER)
    (root / "dangling.txt").symlink_to(root / "nowhere")
    (root / "sub" / "loop").symlink_to(root)
    os.mkfifo(root / "fifo.txt")
    (root / "empty.jsonl").write_bytes(b"")
    (root / ".hidden.txt").write_text(REPORT)
    items = read(root, timeout=0.5)
    names = {str(i.source if isinstance(i, InputError) else i.path): i for i in items}
    assert set(names) == {
        str(root / n) for n in ("a.txt", "dangling.txt", "empty.jsonl", "fifo.txt")
    } | {str(root / "sub" / n) for n in ("b.txt", "loop")}
    reasons = {Path(k).name: getattr(v, "reason", "stored") for k, v in names.items()}
    assert reasons["dangling.txt"] == "dangling symbolic link"
    assert "loop" in reasons["loop"] and "FIFO" in reasons["fifo.txt"]
    assert "empty" in reasons["empty.jsonl"]
    assert reasons["a.txt"] == reasons["b.txt"] == "stored"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_item12_unreadable_file_and_subdirectory_are_named(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "x.txt").write_text(OTHER)
    (root / "secret.txt").write_text(REPORT)
    (root / "z.txt").write_text(REPORT)
    (root / "secret.txt").chmod(0)
    (root / "locked").chmod(0)
    try:
        items = read(root)
    finally:
        (root / "locked").chmod(0o755)
    errors = {Path(i.source).name: i.reason for i in items if isinstance(i, InputError)}
    assert "Permission denied" in errors["secret.txt"] and "directory" in errors["locked"]
    assert any(isinstance(i, Document) and i.path == str(root / "z.txt") for i in items)


@pytest.mark.parametrize(
    "separator", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1e"]
)
def test_item13_jsonl_from_stdin_splits_on_newline_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, separator: str
) -> None:
    import io

    # Written by hand: json.dumps would escape the control characters this test is about.
    data = ('{"text": "' + REPORT + separator + 'More."}\n').encode()
    data += (json.dumps({"text": OTHER}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    from_stdin = read("-")
    path = tmp_path / "same.jsonl"
    path.write_bytes(data)
    from_path = read(path)
    assert [type(i) for i in from_stdin] == [Document, Document] == [type(i) for i in from_path]


def test_item13_jsonl_from_a_url_splits_on_newline_only(monkeypatch: pytest.MonkeyPatch) -> None:
    body = (json.dumps({"text": f"{REPORT}\u2028More."}, ensure_ascii=False) + "\n").encode()
    monkeypatch.setattr(
        "warmonitor.sources.fetch_url", lambda url, options: (body, "application/x-ndjson")
    )
    (doc,) = read("https://wire.example/feed.jsonl")
    assert isinstance(doc, Document) and doc.url == "https://wire.example/feed.jsonl"


def test_item16_feed_entries_sharing_a_link_get_distinct_stable_ids(
    tmp_path: Path, store: Store
) -> None:
    feed = tmp_path / "live.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>'
        f"<item><link>https://news.example/live</link><description>{REPORT}</description></item>"
        f"<item><link>https://news.example/live</link><description>{OTHER}</description></item>"
        "</channel></rss>"
    )
    first = ingest(store, feed)
    assert (first.new, first.rejected) == (2, 0), [o.reason for o in first.outcomes]
    ids = store.document_ids()
    assert len(set(ids)) == 2 and all(i.startswith("https://news.example/live#") for i in ids)
    again = ingest(store, feed)
    assert (again.new, again.duplicate, again.rejected) == (0, 2, 0)


def test_item17_html_nested_deeper_than_libxml2_still_yields_its_text(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body>" + "<div>" * 5000 + f"<p>{REPORT}</p>" + "</div>" * 5000 + "</body></html>"
    )
    (doc,) = read(page)
    assert isinstance(doc, Document) and doc.text == REPORT


def test_item18_a_refused_redirect_names_the_url_given(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Let the test server's loopback address through, but not the 10/8 target it redirects to.
    monkeypatch.setattr(url_module, "is_refused_address", lambda a: a.startswith("10."))
    given = f"http://{server}/redirect"
    with pytest.raises(InputError) as caught:
        fetch_url(given, IngestOptions(timeout=5))
    assert caught.value.source == given
    assert "redirect to http://10.1.2.3/inside refused" in caught.value.reason


def test_item18_the_connection_goes_to_the_address_checked(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, port = server.split(":")
    answers = iter([[host], ["10.66.66.66"]])  # a rebinding DNS: safe first, inside second
    calls: list[str] = []

    def rebinding(name: str, _port: int) -> list[str]:
        calls.append(name)
        return next(answers)

    monkeypatch.setattr(url_module, "_resolve", rebinding)
    monkeypatch.setattr(url_module, "is_refused_address", lambda a: a.startswith("10."))
    body, content_type = fetch_url(f"http://rebind.example:{port}/page", IngestOptions(timeout=5))
    assert REPORT.encode() in body and content_type == "text/html"
    assert calls == ["rebind.example"]


def test_item19_random_bytes_are_binary_not_text(tmp_path: Path) -> None:
    import random

    rng = random.Random(19)
    stored = []
    for n in range(120):
        path = tmp_path / f"r{n}.txt"
        alphabet = list(range(32, 256)) if n % 2 else list(range(256))
        path.write_bytes(bytes(rng.choice(alphabet) for _ in range(rng.choice([40, 300, 2000]))))
        (item,) = read(path)
        if isinstance(item, Document):
            stored.append(item.text[:40])
        else:
            assert "binary" in item.reason
    assert stored == []


def test_item19_legacy_encodings_still_decode(tmp_path: Path) -> None:
    samples = {
        "cp1251": "Боевики атаковали блокпост у города в пятницу, погибли трое полицейских.",
        "cp1252": "Les combattants ont attaqué le poste à l'aube, selon des témoins locaux.",
        "shift_jis": "金曜日、町の近くの検問所が武装勢力に襲撃され、警察官三人が死亡した。",
    }
    for encoding, text in samples.items():
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes((text * 3).encode(encoding))
        (doc,) = read(path)
        assert isinstance(doc, Document) and text[:20] in doc.text, encoding


def test_item19_a_json_array_is_read_as_documents(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": REPORT, "id": "a"}, {"text": OTHER, "id": "b"}, 3]))
    first, second, third = read(path)
    assert isinstance(first, Document) and first.id == "a" and isinstance(second, Document)
    assert isinstance(third, InputError) and third.source == f"{path}[3]"
    scalar = tmp_path / "scalar.json"
    scalar.write_text("42")
    (err,) = read(scalar)
    assert isinstance(err, InputError) and "object or an array" in err.reason


@pytest.mark.parametrize(
    ("value", "expected", "warned"),
    [
        ("Mon, 06 May 2024 10:00:00 GMT", "2024-05-06", False),
        ("25/05/2024", "2024-05-25", False),
        ("05/25/2024", "2024-05-25", False),
        ("2024-05-06T10:00:00Z", "2024-05-06", False),
        ("6 May 2024", "2024-05-06", False),
        ("06/05/2024", None, True),
        ("last Tuesday-ish", None, True),
        (20240506, None, True),
    ],
)
def test_jsonl_published_in_common_formats_or_a_warning(
    tmp_path: Path, value: object, expected: str | None, warned: bool
) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"text": REPORT, "published": value}) + "\n")
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert (doc.published.isoformat() if doc.published else None) == expected
    assert any('"published"' in w for w in doc.warnings) == warned


# ------------------------------------------------------------------ exit codes


def test_an_internal_error_exits_3_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(REPORT)
    code = (
        "import sys, warmonitor.pipeline as p\n"
        "def boom(*a, **k):\n    raise RuntimeError('boom\\nsecond line')\n"
        "p.ingest_all = boom\n"
        "from warmonitor.cli import app\n"
        f"app(['ingest', {str(path)!r}, '--db', {str(tmp_path / 'x.sqlite')!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        "internal error: RuntimeError: boom (please report this)"
    ]


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    for option in (["--timeout", "0"], ["--max-bytes", "-1"]):
        result = subprocess.run(
            [sys.executable, "-m", "warmonitor.cli", "ingest", str(tmp_path), *option],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["5", "null", '"x"', "[1]", '{"a": 1}'])
def test_a_records_own_warnings_key_is_metadata(tmp_path: Path, value: str) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text('{"text": "' + REPORT + '", "warnings": ' + value + "}\n")
    (doc,) = read(path)
    assert isinstance(doc, Document) and doc.warnings == []
    assert doc.metadata["warnings"] == json.loads(value)


def test_a_long_unbroken_run_does_not_make_analysis_quadratic(tmp_path: Path) -> None:
    """Item 11's hostile case: a 20,000-character run of "_" took the tokenizer two minutes."""
    from warmonitor.pipeline import extract_document

    def seconds(run: int) -> float:
        path = tmp_path / f"run{run}.md"
        path.write_text("_" * run + " " + REPORT)
        (doc,) = read(path)
        assert isinstance(doc, Document) and doc.text.endswith(REPORT)
        started = time.perf_counter()
        extract_document(doc)
        return time.perf_counter() - started

    seconds(10)  # load the language model once
    small, large = min(seconds(2_000) for _ in range(2)), min(seconds(20_000) for _ in range(2))
    assert large / small < 10, (small, large)


@pytest.mark.parametrize("published", ["9999-12-31", "9999-12-30", "0001-01-01", "0001-01-02"])
def test_publication_dates_at_the_calendar_ends_are_stored(tmp_path: Path, published: str) -> None:
    """Issue 14 item 5: dates counted back or on from these once overflowed (OverflowError)."""
    text = tmp_path / "edge.txt"
    text.write_text("Gunmen killed two guards near Kafr Nabl on Friday, police said last week.\n")
    db = tmp_path / "edge.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", "ingest", str(text), "--db", str(db)]
        + ["--published", published, "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == 1 and summary["rejections"] == []
