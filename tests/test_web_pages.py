"""The dashboard's server-rendered pages over a real store (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLES
from warmonitor.api import create_app
from warmonitor.pipeline import ingest_all
from warmonitor.sources import IngestOptions, read_documents
from warmonitor.store import Store
from warmonitor.web import compare


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'pages.sqlite'}"
    store = Store(db)
    ingest_all(store, read_documents([str(SAMPLES)], IngestOptions()))
    store.close()
    return TestClient(create_app(db))


def _saraqib(client: TestClient) -> dict:
    found = client.get("/api/incidents", params={"weapon": "Mi-17"}).json()["incidents"]
    return next(i for i in found if "aircraft" in i["contested"])


def test_an_empty_database_says_what_to_do(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    Store(empty).close()  # serving never creates a database: make an empty one
    client = TestClient(create_app(empty))
    page = client.get("/").text
    assert "No incidents yet" in page and "warmonitor ingest" in page and "/api/documents" in page


def test_filters_that_match_nothing_or_are_wrong(client: TestClient) -> None:
    none = client.get("/", params={"country": "NO"})
    assert none.status_code == 200 and "No incident matches these filters" in none.text
    wrong = client.get("/", params={"type": "bogus"})
    assert wrong.status_code == 422 and "Cannot use the filter <b>type</b>" in wrong.text
    assert client.get("/incidents/nope").status_code == 404
    assert "No incident" in client.get("/incidents/nope").text


def test_the_comparison_table_marks_disagreement_and_links_each_value(client: TestClient) -> None:
    incident = _saraqib(client)
    page = client.get(f"/incidents/{incident['id']}").text
    assert page.count('<th scope="col" class="source">') == len(incident["reports"]) == 2
    aircraft = page.split('data-field="aircraft"', 1)[1].split("</tr>", 1)[0]
    assert 'class="disagree"' in page.split('data-field="aircraft"', 1)[0].rsplit("<tr", 1)[1]
    assert "Mi-8" in aircraft and "Mi-17" in aircraft and "per SANA" in aircraft
    assert "Levant Wire" in page and "The Northwest Dispatch" in page
    claim = next(c for c in incident["claims"] if c["field"] == "aircraft")
    link = f"/documents/{claim['document']}?hl={claim['start']}-{claim['end']}#ev-{claim['start']}-{claim['end']}"
    assert link in page
    assert 'class="hedge"' in page  # the samples hedge some claims ("may have")


def test_a_claim_link_highlights_its_sentence(client: TestClient) -> None:
    incident = _saraqib(client)
    claim = next(c for c in incident["claims"] if c["field"] == "aircraft")
    page = client.get(
        f"/documents/{claim['document']}", params={"hl": f"{claim['start']}-{claim['end']}"}
    ).text
    text = client.get(f"/api/documents/{claim['document']}").json()["text"]
    assert f'target">{text[claim["start"] : claim["end"]]}</mark>' in page
    assert f'id="ev-{claim["start"]}-{claim["end"]}"' in page
    assert 'sentence">' in page and '<mark class="context">' in page
    assert "path" not in page.split("<main>", 1)[1].split('class="text"', 1)[0].lower()


def test_segments_cover_the_text_exactly() -> None:
    text = "One. Two killed near Saraqeb today. Three."
    start = text.index("Saraqeb")
    parts = compare.segments(text, [(5, 8), (start, start + 7)], (start, start + 7))
    assert "".join(p.text for p in parts) == text
    assert [p.text for p in parts if p.target] == ["Saraqeb"]
    assert "".join(p.text for p in parts if p.sentence).strip() == "Two killed near Saraqeb today."
    assert compare.sentence_around(text, 0, 3) == (0, 5)


def test_the_map_has_country_outlines_and_honest_precision(client: TestClient) -> None:
    outlines = client.get("/static/countries.geojson").json()
    by_iso = {f["properties"]["iso"]: f for f in outlines["features"]}
    assert len(outlines["features"]) > 200 and {"SY", "ML", "UA"} <= set(by_iso)
    rings = by_iso["SY"]["geometry"]["coordinates"]
    lons = [pt[0] for poly in rings for ring in poly for pt in ring]
    assert 35 < min(lons) < 36.5 and 42 < max(lons) < 42.5  # Syria, simplified but in place
    assert sum(len(ring) for poly in rings for ring in poly) < 2000
    geo = client.get("/api/incidents", params={"format": "geojson", "fields": "event_id_cnty"})
    marks = [f["properties"]["map"] for f in geo.json()["features"]]
    assert {m["precision"] for m in marks} <= {1, 2, 3, None} and any(
        m["fatalities"] for m in marks
    )
    assert all(set(f["properties"]) == {"event_id_cnty", "map"} for f in geo.json()["features"])
