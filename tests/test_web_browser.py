"""The dashboard in a real headless Chromium, served by a real `warmonitor serve` process.

Skips only where no browser can be had (no Playwright package or no system Chromium);
CI installs both and sets WARMONITOR_REQUIRE_BROWSER so a missing browser fails there.
Set WARMONITOR_SCREENSHOT_DIR to keep the screenshots (docs/dashboard.png comes from here).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SAMPLES, SEEDS
from warmonitor.pipeline import ingest_all
from warmonitor.sources import IngestOptions, read_documents
from warmonitor.store import Store

pytestmark = pytest.mark.slow

PAYLOAD_ID = "xss-probe"
PAYLOAD = {
    "id": PAYLOAD_ID,
    "title": '<script>window.__pwned="title"</script><img src=x onerror="window.__pwned=\'img\'">',
    "outlet": 'Wire "Quotes" <svg onload="window.__pwned=\'outlet\'">',
    "url": "javascript:window.__pwned='url'",
    "text": (
        "DAMASCUS - Three civilians were killed on Tuesday when a shell hit a bakery in Douma, "
        "Syria, <script>window.__pwned='text'</script> residents said. "
        "<img src=x onerror=\"window.__pwned='text-img'\"> The shelling continued overnight."
    ),
}


def _browser_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _need_browser() -> str:
    required = bool(os.environ.get("WARMONITOR_REQUIRE_BROWSER"))
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("the browser tests are required here but Playwright is not installed")
        pytest.skip("Playwright is not installed")
    path = _browser_path()
    if path is None:
        if required:
            pytest.fail("the browser tests are required here but no Chromium is installed")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    _need_browser()
    folder = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{folder / 'web.sqlite'}"
    payload = folder / "payload.jsonl"
    payload.write_text(json.dumps(PAYLOAD) + "\n")
    store = Store(db)
    sources = [str(SEEDS), str(SAMPLES), str(payload)]
    ingest_all(store, read_documents(sources, IngestOptions()))
    store.close()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "warmonitor.cli", "serve", "--db", db, "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start: {proc.stderr.read()}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_need_browser(), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.foreign_requests = []  # anything the page asks of another origin
    page.errors = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(server) else page.foreign_requests.append(r.url),
    )
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("dialog", lambda d: (page.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def _screenshot(page, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    target = tmp_path / name
    page.screenshot(path=str(target), full_page=False)
    keep = os.environ.get("WARMONITOR_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(target, Path(keep) / name)
    assert target.stat().st_size > 10_000
    return target


def test_follow_the_contested_helicopter_to_its_sentences(
    page, server: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.wait_for_selector("#overview[data-loaded=true]", timeout=30_000)
    assert page.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg").count() >= 1
    assert page.locator("#timeline rect.bar").count() >= 3
    page.wait_for_timeout(500)  # let the outlines paint for the screenshot
    _screenshot(page, tmp_path, "dashboard.png")

    # Brushing the timeline keeps that date range (the form's since/until, then the list).
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, box["y"] + 20)
    page.mouse.up()
    page.wait_for_url("**/?*since=*")
    since = page.locator("input[name=since]").input_value()
    assert since and page.locator("input[name=until]").input_value() >= since
    listed = page.locator("table.incidents tbody tr td:first-child").all_inner_texts()
    assert listed and all(d >= since for d in listed)
    page.goto(server + "/")
    page.wait_for_selector("#overview[data-loaded=true]", timeout=30_000)

    row = page.locator("table.incidents tr", has_text="Mi-24")
    assert row.count() == 1
    row.locator("a.incident-link").click()
    page.wait_for_selector("table.compare")
    aircraft = page.locator("table.compare tr[data-field=aircraft]")
    assert "disagree" in (aircraft.get_attribute("class") or "")
    for model in ("Mi-24", "Mi-8", "Mi-17"):
        assert aircraft.locator("a.claim", has_text=model).count() >= 1
    # each model sits in the column of the document that said it, under that source's header
    headers = page.locator("table.compare thead th.source")
    cells = aircraft.locator("td")
    said = {}
    for column in range(headers.count()):
        text = cells.nth(column + 1).inner_text()  # cell 0 is the reconciled value
        said[headers.nth(column).inner_text()] = text
    assert any("Mi-24" in t and "Mi-8" in t for t in said.values())
    assert any("Mi-17" in t and "Mi-24" not in t for t in said.values())
    assert all("outlet" in h or h.strip() for h in said)
    _screenshot(page, tmp_path, "incident.png")

    claim = aircraft.locator("a.claim", has_text="Mi-24").first
    claim.click()
    page.wait_for_selector("article.text mark.target")
    assert page.locator("mark.target").inner_text() == "Mi-24"
    sentence = page.locator("mark.sentence").all_inner_texts()
    assert sentence and any(len(s) > 20 for s in sentence)
    assert page.locator("mark.target").is_visible()
    assert page.evaluate("location.hash").startswith("#ev-")
    assert page.locator("mark.evidence").count() >= 3
    assert page.foreign_requests == [] and page.errors == []


def test_payloads_in_a_document_render_as_text(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/documents/{PAYLOAD_ID}")
    page.wait_for_selector("article.text")
    assert "<script>" in page.locator("h1").inner_text()
    assert "onerror" in page.locator("article.text").inner_text()
    assert page.locator("article.text img, h1 img, h1 script, .summary svg").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    for path in (f"/documents/{PAYLOAD_ID}", "/", f"/api/documents/{PAYLOAD_ID}"):
        page.goto(server + path)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    for link in page.context.pages[0].locator("a").all():
        assert not (link.get_attribute("href") or "").startswith("javascript:")
    assert page.errors == []


def test_api_docs_render_offline(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock-summary-path", has_text="/api/incidents").count() >= 1
    assert page.foreign_requests == [] and page.errors == []
