"""Arbitrary bytes and text through ingest, clean and store: no exception escapes, nothing stored is lost."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warmonitor.pipeline import ingest_all
from warmonitor.records import Document
from warmonitor.sources import IngestOptions, InputError, read_documents
from warmonitor.store import Store

KEEP = "Rebels shelled the town of Ariha on Monday, killing three civilians, the Syrian Observatory said."

TAGS = [
    "<p>",
    "</p>",
    "<div>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<rss>",
    "<item>",
    "<feed>",
    "<?xml version='1.0'?>",
    "<html>",
    "<body onload=x>",
    "&amp;",
    "&#0;",
    "\x00",
    "\ufffd",
    "{",
    "}",
    '"text":',
    "\n\n",
    "1/23",
    "AFP via Getty",
    "Read more:",
]
markup = st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=40)), max_size=60).map("".join)


@pytest.fixture(scope="module")
def store() -> Store:
    directory = Path(tempfile.mkdtemp(prefix="wm-fuzz-"))
    store = Store(f"sqlite:///{directory / 'fuzz.sqlite'}")
    doc = Document(id="keep", text=KEEP, sha256=hashlib.sha256(KEEP.encode()).hexdigest())
    from warmonitor.pipeline import ingest_document

    outcome = ingest_document(store, doc, "keep")
    assert outcome.status == "new", outcome.reason
    return store


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payload=st.one_of(
        st.binary(max_size=3000), st.text(max_size=3000).map(str.encode), markup.map(str.encode)
    ),
    suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".xml", ".rss", ".bin", ""]),
)
def test_arbitrary_inputs(
    store: Store, tmp_path_factory: pytest.TempPathFactory, payload: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("in") / f"input{suffix}"
    path.write_bytes(payload)
    before = store.counts()
    items = list(read_documents([str(path)], IngestOptions(max_bytes=4096)))
    for item in items:
        if isinstance(item, InputError):
            assert str(path) in str(item) and "\n" not in str(item)
    summary = ingest_all(store, items)
    after = store.counts()
    # Each item has its own outcome, in order: an error stays a rejection with its reason, and
    # a new document is stored with exactly the text that was read.
    for item, outcome in zip(items, summary.outcomes, strict=True):
        if isinstance(item, InputError):
            assert (outcome.status, outcome.reason) == ("rejected", item.reason)
        elif outcome.status == "new":
            assert store.document_text(item[1].id) == item[1].text
        else:
            assert outcome.status in ("duplicate", "rejected") and outcome.reason
    assert after["documents"] == before["documents"] + summary.new
    assert "keep" in store.document_ids()
    assert store.document_text("keep") == KEEP
