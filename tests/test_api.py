"""The JSON API over a store filled by a real ingest of the demo samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLES
from warmonitor.api import create_app
from warmonitor.pipeline import ingest_all
from warmonitor.sources import IngestOptions, read_documents
from warmonitor.store import Store


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.sqlite'}"
    store = Store(db)
    ingest_all(store, read_documents([str(SAMPLES)], IngestOptions()))
    store.close()
    return TestClient(create_app(db))


def test_incidents_follow_the_record_contract(client: TestClient) -> None:
    body = client.get("/api/incidents").json()
    assert len(body["incidents"]) >= 3
    for incident in body["incidents"]:
        assert {
            "id",
            "event_type",
            "acled",
            "date",
            "location",
            "fatalities",
            "injured",
            "contested",
            "grade",
            "claims",
            "reports",
        } <= set(incident)
        one = client.get(f"/api/incidents/{incident['id']}")
        assert one.status_code == 200 and one.json()["id"] == incident["id"]


def test_filters_and_errors(client: TestClient) -> None:
    everything = client.get("/api/incidents").json()["incidents"]
    mali = client.get("/api/incidents", params={"country": "ML"}).json()["incidents"]
    assert 0 < len(mali) < len(everything)
    assert all(i["location"]["country"] == "ML" for i in mali)
    assert client.get("/api/incidents", params={"grade": "bogus"}).status_code == 422
    assert client.get("/api/incidents", params={"since": "not-a-date"}).status_code == 422
    assert client.get("/api/incidents/nope").status_code == 404
    assert client.get("/api/documents/nope").status_code == 404


def test_documents_are_served_with_their_cleaned_text(client: TestClient) -> None:
    incident = client.get("/api/incidents").json()["incidents"][0]
    doc_id = incident["reports"][0]["document"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["id"] == doc_id and doc["text"]
    for claim in incident["claims"]:
        if claim["document"] == doc_id:
            assert 0 <= claim["start"] <= claim["end"] <= len(doc["text"])


def test_stats(client: TestClient, tmp_path: Path) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] >= 4 and stats["incidents"] >= 3


def test_schema_is_served_and_no_page_pulls_scripts_from_a_cdn(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/incidents" in schema["paths"]
    assert client.get("/api/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
