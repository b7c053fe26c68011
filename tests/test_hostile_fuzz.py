"""Thousands of generated hostile inputs through `warmonitor ingest` subprocesses (issue 14).

Four batches into one SQLite database that already holds the bundled samples: a directory of
files (random bytes, encodings, hostile markup and Markdown, feeds, JSON files, odd names, special
files), one JSONL file of hostile records, hostile JSONL on standard input, and hostile paths and
URLs given directly. For every batch: no traceback, exit 0 or 1, each input stored or named on
stderr with a reason, and the rows stored before left exactly as they were.

Most generated texts are calm (no incident to link), so the run stays cheap: the cost is in
reading, cleaning and rejecting, which is what this test is about.
"""

from __future__ import annotations

import collections
import json
import os
import random
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import SAMPLES
from warmonitor.records import untrusted_text

MAX_BYTES = 40_000
SEED = 14
CALM = [
    "The council met on {day} to discuss the budget",
    "Farmers in the valley expect a good harvest this {day}",
    "A new school opened in the district on {day}",
    "Officials said the bridge repairs would finish by {day}",
]
DAYS = ["Monday", "Tuesday", "Friday", "spring", "autumn"]
ENCODINGS = [
    "utf-8",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "cp1251",
    "latin-1",
    "shift_jis",
    "gb18030",
]
JSON_VALUES: list[str] = [
    '["x"]', '{"a": 1}', "17", "-0.5", "true", "false", "null", "NaN", "Infinity", "-Infinity",
    '""', "1" * 5000, "1e400", '"' + "z" * 2000 + '"', '"\\ud800"', '"\\udfff\\ud800"', "[[[[[]]]]]",
]  # fmt: skip
FIELDS = ["id", "url", "outlet", "title", "published", "path", "warnings", "extra"]
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r"]


def calm(rng: random.Random, token: str) -> str:
    return f"{rng.choice(CALM).format(day=rng.choice(DAYS))}, item {token}."


@dataclass
class Batch:
    """Inputs of one run: the names the CLI must account for, and how to run it."""

    args: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # one per input, as the CLI shows it
    stdin: bytes | None = None
    exact: bool = False  # each input yields exactly one item (a JSONL line, a plain path)


def shown(path: Path | str | bytes) -> str:
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    return " ".join(untrusted_text(text, file_name=True).split())


# ------------------------------------------------------------------ generators


def random_bytes(rng: random.Random, n: int) -> bytes:
    alphabet = [list(range(256)), list(range(32, 256)), list(range(128, 256))][n % 3]
    return bytes(rng.choice(alphabet) for _ in range(rng.choice([0, 3, 40, 300, 2500])))


def encoded_text(rng: random.Random, token: str, n: int) -> bytes:
    text = calm(rng, token) + " " + rng.choice(["Café à l'aube.", "Война и мир.", "金曜日。", ""])
    encoding = ENCODINGS[n % len(ENCODINGS)]
    data = text.encode(encoding, errors="replace")
    if n % 5 == 0:
        data += b"\xed\xa0\x80"  # a UTF-8-encoded surrogate: not valid UTF-8
    if n % 7 == 0:
        data = data.replace(b" ", b"\xff", 1)
    return data


def hostile_html(rng: random.Random, token: str, n: int) -> str:
    body = f"<p>{calm(rng, token)}</p>"
    shapes = [
        lambda: "<div>" * rng.choice([300, 1200, 4000]) + body + "</div>" * rng.choice([0, 10]),
        lambda: f"<html><body>{body}<script>alert(1)</script><p>unclosed<b><i>",
        lambda: f"<html><<<>>><body>{token}</html>",
        lambda: f"<!-- never closed {body}",
        lambda: f"<html><body><![CDATA[{body}]]></body></html>",
        lambda: "<p " + "a=" * 2000 + f">{body}",
        lambda: f"<html><body>{'&#0;&#xD800;&amp;' * 50}{body}</body></html>",
        lambda: f"<html>\x00<body>{body}</body></html>",
        lambda: f"<svg><foreignObject>{body}</foreignObject></svg>" * 3,
        lambda: f"<table>{'<tr><td>' * 500}{body}",
    ]
    return shapes[n % len(shapes)]()


def hostile_feed(rng: random.Random, token: str, n: int) -> str:
    item = f"<item><link>https://live.example/x</link><description>{calm(rng, token)}</description></item>"
    shapes = [
        lambda: (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item}{item.replace(token, token + "b")}</channel></rss>'
        ),
        lambda: (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f"<rss><channel><item><description>&x; {token}</description></item></channel></rss>"
        ),
        lambda: (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            f"<rss><channel><item><description>&c; {token}</description></item></channel></rss>"
        ),
        lambda: f"<rss><channel><item><title>{token}</title></item></channel></rss>",
        lambda: f"<?xml version='1.0'?><feed><entry><content>{token}",
        lambda: f"<rss>{'<channel>' * 2000}{item}",
    ]
    return shapes[n % len(shapes)]()


def hostile_markdown(rng: random.Random, token: str, n: int) -> str:
    units = ["_", " _a", "__a", "**a", "*a", "[a", "[a](", "[a](b", "a.b", "www.a", "\n\n", "# a\n"]
    unit = units[n % len(units)]
    text = unit * (rng.randint(1000, 30_000) // len(unit))
    return ("---\n" if n % 4 == 0 else "") + text + f" {calm(rng, token)}"


def hostile_json_file(rng: random.Random, token: str, n: int) -> str:
    record = json.dumps({"text": calm(rng, token)})
    shapes = [
        lambda: f"[{record}, {json.dumps({'text': calm(rng, token + 'b')})}]",
        lambda: record,
        lambda: "42",
        lambda: "[]",
        lambda: "[" * 50_000,
        lambda: f"[{record}, 7, null]",
        lambda: record + "\n" + json.dumps({"text": calm(rng, token + "c")}),
        lambda: "{broken",
    ]
    return shapes[n % len(shapes)]()


def hostile_record(rng: random.Random, token: str, n: int) -> bytes:
    """One JSONL line (without its newline); never blank, so each line is one input."""
    text = json.dumps(calm(rng, token))
    kind = n % 12
    if kind == 0:  # typed metadata
        key = FIELDS[n // 12 % len(FIELDS)]
        value = JSON_VALUES[n // 96 % len(JSON_VALUES)]
        return f'{{"text": {text}, "{key}": {value}}}'.encode()
    if kind == 1:  # surrogates in text, id, outlet and keys
        return f'{{"text": {text[:-1]} \\ud800", "id": "{token}\\udc80", "outlet": "\\udfff", "\\ud800k": 1}}'.encode()
    if kind == 2:  # deep nesting
        depth = rng.choice([1000, 5000, 100_000])
        return (rng.choice(["[", '{"a":']) * depth).encode()
    if kind == 3:  # a line over the cap
        return b'{"text": "' + b"a" * rng.randint(MAX_BYTES + 1, 3 * MAX_BYTES) + b'"}'
    if kind == 4:  # raw separators and controls inside a string
        sep = SEPARATORS[n // 12 % len(SEPARATORS)]
        return f'{{"text": {text[:-1]}{sep}more.", "title": "a{sep}b"}}'.encode()
    if kind == 5:  # malformed
        return rng.choice(
            [b"{", b'{"text": ', b"{'text': 'x'}", b'{"text": "x",}', b"\xff\xfe{", b"}{"]
        )
    if kind == 6:  # not an object
        return rng.choice([b"[1, 2]", b"42", b'"text"', b"null", b"true"])
    if kind == 7:  # no usable body
        return rng.choice(
            [
                b'{"title": "x"}',
                b'{"text": 5}',
                b'{"text": ["a"]}',
                b'{"text": "  "}',
                b'{"html": {}}',
            ]
        )
    if kind == 8:  # hostile html body
        return json.dumps({"html": hostile_html(rng, token, n // 12), "id": token}).encode()
    if kind == 9:  # invalid UTF-8 inside the line
        return (
            b'{"text": "'
            + calm(rng, token).encode()
            + b'\xff\xc3", "id": "'
            + token.encode()
            + b'\xc0"}'
        )
    if kind == 10:  # published in many shapes
        value = rng.choice(
            [
                '"Mon, 06 May 2024 10:00:00 GMT"',
                '"06/05/2024"',
                '"31/02/2024"',
                '"9999-12-31"',
                '"0001-01-01"',
                "[2024]",
                '"soon"',
            ]
        )
        return f'{{"text": {text}, "published": {value}}}'.encode()
    return json.dumps({"text": calm(rng, token), "id": token, "outlet": "Wire"}).encode()


# ------------------------------------------------------------------ batches


def directory_batch(root: Path, rng: random.Random, count: int) -> Batch:
    """Files of every kind; each file is one input (a multi-document file owns its items)."""
    root.mkdir()
    batch = Batch(args=[str(root)])
    makers = [
        (".txt", lambda t, n: random_bytes(rng, n)),
        (".txt", lambda t, n: encoded_text(rng, t, n)),
        (".html", lambda t, n: hostile_html(rng, t, n).encode()),
        (".rss", lambda t, n: hostile_feed(rng, t, n).encode()),
        (".md", lambda t, n: hostile_markdown(rng, t, n).encode()),
        (".json", lambda t, n: hostile_json_file(rng, t, n).encode()),
        (".jsonl", lambda t, n: b"\n".join(hostile_record(rng, t, n + k) for k in range(3))),
        ("", lambda t, n: random_bytes(rng, n) if n % 2 else calm(rng, t).encode()),
    ]
    odd = [b"sp ace", b"tab\there", b"new\nline", b"-dash", b"\xff\xfe-latin", b"\xe2\x80\xaertl",
           b"x" * 200, b"caf\xc3\xa9", b"caf\x65\xcc\x81", b"q?*[]"]  # fmt: skip
    for n in range(count):
        suffix, make = makers[n % len(makers)]
        token = f"t{n:05}q"
        stem = odd[n // len(makers) % len(odd)] if n % 3 == 0 else b"in"
        raw = os.fsencode(root) + b"/" + stem + f"-{n:05}{suffix}".encode()
        with open(raw, "wb") as handle:
            handle.write(make(token, n // len(makers)))  # each maker cycles its own shapes
        batch.names.append(shown(raw))
    specials = {
        "fifo.txt": lambda p: os.mkfifo(p),
        "dangling.txt": lambda p: p.symlink_to(root / "nowhere"),
        "loop": lambda p: p.symlink_to(root),
        "empty.jsonl": lambda p: p.write_bytes(b""),
        "blank.jsonl": lambda p: p.write_bytes(b"\n \n"),
        "huge.txt": lambda p: p.write_bytes(b"a " * MAX_BYTES),
    }
    for name, make_special in specials.items():
        make_special(root / name)
        batch.names.append(shown(root / name))
    return batch


def jsonl_batch(path: Path, rng: random.Random, count: int) -> Batch:
    lines = [hostile_record(rng, f"j{n:05}q", n) for n in range(count)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return Batch([str(path)], [f"{path}:{n}" for n in range(1, count + 1)], exact=True)


def stdin_batch(rng: random.Random, count: int) -> Batch:
    lines = [hostile_record(rng, f"s{n:05}q", n + 1) for n in range(count)]
    names = [f"-:{n}" for n in range(1, count + 1)]
    return Batch(["-"], names, stdin=b"\n".join(lines), exact=True)


def direct_batch(root: Path) -> Batch:
    root.mkdir()
    os.mkfifo(root / "fifo")
    (root / "dangling").symlink_to(root / "nowhere")
    odd = os.fsencode(root) + b"/\xff\xfe.txt"
    with open(odd, "wb") as handle:
        handle.write(b"The council met on Monday, item d0001q.")
    args = [
        str(root / "fifo"),
        "/dev/zero",
        str(root / "missing.txt"),
        str(root / "dangling"),
        os.fsdecode(odd),
        "http://127.0.0.1:9/x",
        "http://[::1/",
        "https://",
        "http://0.0.0.0/",
        "http://169.254.169.254/latest",
        "http://[::ffff:127.0.0.1]/",
        "ftp://example.org/x",
    ]
    return Batch(args, [shown(a) for a in args], exact=True)


# ------------------------------------------------------------------ checks


def snapshot(db: Path) -> tuple[list[tuple], list[tuple]]:
    with sqlite3.connect(db) as conn:
        documents = conn.execute(
            "SELECT id, sha256, text, title, outlet, published, url, path, language, meta "
            "FROM documents ORDER BY id"
        ).fetchall()
        reports = conn.execute(
            "SELECT key, document_id, idx, event_type, date_start, date_end, aggregate "
            "FROM reports ORDER BY key"
        ).fetchall()
    return documents, reports


def stored_paths(db: Path) -> collections.Counter[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT path FROM documents").fetchall()
    return collections.Counter(" ".join((p or "").split()) for (p,) in rows)


def owner(name: str, inputs: set[str]) -> str | None:
    """The input a rejection belongs to: itself, or the file of a line, entry or element."""
    if name in inputs:
        return name
    for mark in (":", "#", "["):
        head = name.rsplit(mark, 1)[0]
        if head in inputs:
            return head
    return None


def run_batch(batch: Batch, db: Path, reasons: collections.Counter[str]) -> dict:
    before_paths = stored_paths(db)
    result = subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", "ingest", *batch.args, "--db", str(db),
         "--json", "--quiet", "--max-bytes", str(MAX_BYTES), "--timeout", "0.5"],
        input=batch.stdin or b"",
        capture_output=True,
        timeout=600,
    )  # fmt: skip
    stderr = result.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in stderr and result.returncode in (0, 1), stderr[-3000:]
    assert all(ln.startswith(("rejected: ", "warning: ")) for ln in stderr.splitlines()), stderr
    summary = json.loads(result.stdout)
    assert summary["new"] + summary["duplicate"] + summary["rejected"] == summary["read"]
    assert (result.returncode == 1) == (summary["rejected"] > 0)

    inputs = set(batch.names)
    accounted: collections.Counter[str] = collections.Counter()
    for rejection in summary["rejections"]:
        name = " ".join(rejection["input"].split())
        assert rejection["reason"] and "\n" not in rejection["reason"]
        # "unreadable (...)" is the readers' last-resort catch: reaching it is a bug to fix.
        assert not rejection["reason"].startswith("unreadable"), rejection
        assert (who := owner(name, inputs)) is not None, f"rejection of an unknown input: {name}"
        accounted[who] += 1
        reasons[reason_kind(rejection["reason"])] += 1
    new_paths = stored_paths(db) - before_paths
    for path, n in new_paths.items():
        accounted[path if path in inputs else "-"] += n
    if batch.exact:  # every input is one line (or one single-document source): one outcome each
        assert summary["read"] == len(batch.names), (summary["read"], len(batch.names))
        rejected = [" ".join(r["input"].split()) for r in summary["rejections"]]
        assert set(rejected) <= inputs and len(set(rejected)) == len(rejected)
    else:  # files: each has an outcome of its own, or is a duplicate of another's content
        silent = [n for n in batch.names if not accounted[n]]
        assert len(silent) <= summary["duplicate"], silent[:10]
    return summary


def reason_kind(reason: str) -> str:
    """A rejection reason without the parts that name one input (column, size, address)."""
    head = reason.split(" (")[0].split(":")[0]
    return " ".join(w for w in head.split() if not any(ch.isdigit() for ch in w))[:60]


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fuzz-db") / "fuzz.sqlite"
    seeded = subprocess.run(
        [
            sys.executable,
            "-m",
            "warmonitor.cli",
            "ingest",
            str(SAMPLES),
            "--db",
            str(db),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert seeded.returncode == 0, seeded.stderr
    return db


def test_thousands_of_hostile_inputs_through_the_cli(
    fuzz_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(SEED)
    before = snapshot(fuzz_db)
    assert before[0], "the samples were stored first"
    batches = [
        directory_batch(tmp_path / "dir", rng, 1100),
        jsonl_batch(tmp_path / "records.jsonl", rng, 700),
        stdin_batch(rng, 250),
        direct_batch(tmp_path / "direct"),
    ]
    reasons: collections.Counter[str] = collections.Counter()
    totals = collections.Counter()
    for batch in batches:
        summary = run_batch(batch, fuzz_db, reasons)
        totals.update({k: summary[k] for k in ("read", "new", "duplicate", "rejected")})
        after = snapshot(fuzz_db)
        kept = {row[0]: row for row in after[0]}
        assert all(kept.get(row[0]) == row for row in before[0]), "a stored document changed"
        assert set(before[1]) <= set(after[1]), "a stored report changed"
    inputs = sum(len(b.names) for b in batches)
    assert inputs >= 2000
    with capsys.disabled():  # the figures the issue asks for, printed with -s
        print(f"\nfuzz: {inputs} inputs, items {dict(totals)}, 0 tracebacks")
        for kind, n in reasons.most_common():
            print(f"  {n:5d}  {kind}")
