"""The JSON API over a store filled by a real ingest of the demo samples."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLES
from warmonitor.api import create_app
from warmonitor.pipeline import ingest_all
from warmonitor.sources import IngestOptions, read_documents
from warmonitor.store import Store

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.sqlite'}"
    store = Store(db)
    ingest_all(store, read_documents([str(SAMPLES)], IngestOptions()))
    store.close()
    return TestClient(create_app(db))


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("WARMONITOR_TOKEN", TOKEN)
    return {"Authorization": f"Bearer {TOKEN}"}


def _all(client: TestClient) -> list[dict]:
    return client.get("/api/incidents", params={"limit": 1000}).json()["incidents"]


def _detail(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    return response.json()["detail"][0]


def test_incidents_follow_the_record_contract(client: TestClient) -> None:
    incidents = _all(client)
    assert len(incidents) >= 3
    for incident in incidents:
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
        assert isinstance(one.json()["history"], list)


def test_filters_and_errors(client: TestClient) -> None:
    everything = _all(client)
    mali = client.get("/api/incidents", params={"country": "ML"}).json()["incidents"]
    assert 0 < len(mali) < len(everything)
    assert all(i["location"]["country"] == "ML" for i in mali)
    assert _detail(client.get("/api/incidents", params={"grade": "bogus"}))["loc"] == [
        "query",
        "grade",
    ]
    assert (
        _detail(client.get("/api/incidents", params={"since": "not-a-date"}))["loc"][1] == "since"
    )
    assert client.get("/api/incidents/nope").status_code == 404
    assert client.get("/api/documents/nope").status_code == 404


def test_invalid_values_name_the_parameter_and_the_allowed_values(client: TestClient) -> None:
    kind = _detail(client.get("/api/incidents", params={"type": "bogus"}))
    assert kind["loc"] == ["query", "type"] and "aircraft_downed" in kind["msg"]
    unknown = _detail(client.get("/api/incidents", params={"contry": "SY"}))
    assert unknown["loc"] == ["query", "contry"] and "country" in unknown["msg"]
    fmt = _detail(client.get("/api/incidents", params={"format": "xml"}))
    assert "json, csv, geojson" in fmt["msg"]
    assert _detail(client.get("/api/incidents", params={"limit": "0"}))["loc"][1] == "limit"
    assert _detail(client.get("/api/incidents", params={"bbox": "1,2,3"}))["loc"][1] == "bbox"
    assert _detail(client.get("/api/incidents", params={"fields": "id,nope"}))["loc"][1] == "fields"
    assert _detail(client.get("/api/stats", params={"type": "nope"}))["loc"][1] == "type"


def test_pages_cover_every_incident_once_in_order(client: TestClient) -> None:
    everything = [i["id"] for i in _all(client)]
    first = client.get("/api/incidents", params={"limit": 2}).json()
    assert first["total"] == len(everything) and len(first["incidents"]) == 2
    seen, url = [], "/api/incidents?limit=2"
    while url:
        page = client.get(url).json()
        seen += [i["id"] for i in page["incidents"]]
        url = page["next"] and urlsplit(page["next"])._replace(scheme="", netloc="").geturl()
    assert seen == everything


def test_fields_and_formats(client: TestClient) -> None:
    slim = client.get("/api/incidents", params={"fields": "id,grade", "limit": 3}).json()
    assert all(set(i) == {"id", "grade"} for i in slim["incidents"])
    csv_answer = client.get("/api/incidents", params={"format": "csv", "limit": 1})
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.text.splitlines()[0].startswith("event_id_cnty,event_date")
    assert (
        int(csv_answer.headers["x-total-count"]) > 1 and 'rel="next"' in csv_answer.headers["link"]
    )
    geo = client.get("/api/incidents", params={"format": "geojson", "country": "ML"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    assert geo["features"][0]["geometry"]["type"] == "Point"


def test_record_criteria_and_bbox(client: TestClient) -> None:
    mi17 = client.get("/api/incidents", params={"weapon": "mi-17"}).json()["incidents"]
    assert mi17 and all("Mi-17" in i["aircraft"] for i in mi17)
    assert client.get("/api/incidents", params={"weapon": "T-72 tank"}).json()["total"] == 0
    observed = client.get("/api/incidents", params={"actor": "Syrian Observatory"}).json()
    assert observed["total"] >= 1
    sahel = client.get("/api/incidents", params={"bbox": "-5,10,5,20"}).json()["incidents"]
    syria = client.get("/api/incidents", params={"bbox": "35,32,42,37.5"}).json()["incidents"]
    assert sahel and syria and not {i["id"] for i in sahel} & {i["id"] for i in syria}
    assert all(35 <= i["location"]["lon"] <= 42 for i in syria)


def test_stats_count_by_day_type_country_and_grade(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["totals"]["documents"] >= 3 and stats["incidents"] >= 3
    for name in ("by_day", "by_type", "by_country", "by_grade"):
        assert sum(stats[name].values()) <= stats["incidents"]
    assert sum(stats["by_type"].values()) == stats["incidents"]
    only_ml = client.get("/api/stats", params={"country": "ML"}).json()
    assert set(only_ml["by_country"]) == {"ML"}


def test_documents_have_text_and_spans_but_no_server_path(client: TestClient) -> None:
    incident = _all(client)[0]
    doc_id = incident["reports"][0]["document"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["id"] == doc_id and doc["text"] and "path" not in doc
    assert doc["reports"] and doc["reports"][0]["evidence"]
    for claim in incident["claims"]:
        if claim["document"] == doc_id:
            assert 0 <= claim["start"] <= claim["end"] <= len(doc["text"])


def test_headers_host_allow_list_and_head(client: TestClient) -> None:
    for url in ("/", "/api/stats", "/docs", "/static/web/style.css"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        csp = answer.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert "server" not in answer.headers
    rebound = client.get("/api/stats", headers={"host": "attacker.example"})
    assert rebound.status_code == 400 and "attacker.example" in rebound.json()["detail"]
    assert client.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
    head = client.head("/api/incidents")
    assert head.status_code == 200 and head.content == b""


def test_docs_come_from_packaged_assets(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/incidents" in schema["paths"] and "/api/documents" in schema["paths"]
    page = client.get("/docs")
    assert page.status_code == 200
    assert '<script src="/static/swagger/swagger-ui-bundle.js">' in page.text
    assert "http" not in page.text.split("<body>", 1)[1].split("<script", 1)[1]
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 404


# --------------------------------------------------------------------------- writes


def _line(**record: object) -> bytes:
    return json.dumps(record).encode() + b"\n"


STORY = (
    "KHARTOUM - Two civilians were killed on Monday when a shell hit a market in Omdurman, "
    "Sudan, residents told the Nile Courier."
)


def test_writes_need_the_token(client: TestClient, token: dict[str, str]) -> None:
    body = _line(id="t-1", text=STORY)
    assert client.post("/api/documents", content=body).status_code == 401
    wrong = client.post("/api/documents", content=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    basic = client.post("/api/documents", content=body, headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401


def test_writes_are_refused_when_the_server_has_no_token(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WARMONITOR_TOKEN", raising=False)
    answer = client.post(
        "/api/documents", content=_line(text=STORY), headers={"Authorization": "Bearer "}
    )
    assert answer.status_code == 401 and "WARMONITOR_TOKEN" in answer.json()["detail"]


def test_too_large_is_413(client: TestClient, token: dict[str, str]) -> None:
    limit = client.app.state.settings.serve.max_request_bytes  # type: ignore[attr-defined]
    big = _line(text="x" * (limit + 10))
    assert client.post("/api/documents", content=big, headers=token).status_code == 413


def test_bad_lines_get_the_clis_reasons(
    client: TestClient, token: dict[str, str], tmp_path: Path
) -> None:
    body = b"not json\n" + _line(title="no text") + b"[1, 2]\n"
    answer = client.post("/api/documents", content=body, headers=token)
    assert answer.status_code == 422
    got = [(r["input"], r["reason"]) for r in answer.json()["rejections"]]
    # What the CLI's readers say about the very same lines in a file.
    spool = tmp_path / "request.jsonl"
    spool.write_bytes(body)
    expected = [
        (e.source.replace(str(spool), "request"), e.reason)
        for e in read_documents([str(spool)], IngestOptions())
    ]
    assert got == expected and got[0] == (
        "request:1",
        "malformed JSON (Expecting value at column 1)",
    )


def test_a_posted_document_is_stored_once_and_shows_in_the_feed(
    client: TestClient, token: dict[str, str]
) -> None:
    before = client.get("/api/incidents", params={"limit": 1}).json()["total"]
    stats_before = client.get("/api/stats").json()  # cached from here on...
    mark = client.get("/api/incidents", params={"updated_since": "2999-01-01T00:00:00Z"}).json()
    assert mark["changes"] == []
    since = dt.datetime.now(dt.UTC).isoformat()
    record = {"id": "nile/2024/03/04", "outlet": "Nile Courier", "published": "2024-03-05"}
    first = client.post(
        "/api/documents", content=json.dumps({**record, "text": STORY}), headers=token
    )
    assert first.status_code == 200, first.text
    stored = first.json()
    assert stored["new"] == 1 and stored["documents"][0]["id"] == "nile/2024/03/04"
    again = client.post("/api/documents", content=_line(**record, text=STORY), headers=token)
    assert again.status_code == 200 and again.json()["duplicate"] == 1
    assert client.get("/api/incidents", params={"limit": 1}).json()["total"] == before + len(
        stored["documents"][0]["incidents"]
    )
    stats_after = client.get("/api/stats").json()  # ...until a document arrives
    assert stats_after["totals"]["documents"] == stats_before["totals"]["documents"] + 1
    assert stats_after["incidents"] == before + len(stored["documents"][0]["incidents"])
    doc = client.get("/api/documents/nile%2F2024%2F03%2F04")
    assert doc.status_code == 200 and doc.json()["outlet"] == "Nile Courier"
    assert "path" not in doc.json()
    assert client.get("/api/documents/nile/2024/03/04").json()["id"] == "nile/2024/03/04"
    feed = client.get("/api/incidents", params={"updated_since": since}).json()
    changed = {c["id"]: c["change"] for c in feed["changes"]}
    assert set(stored["documents"][0]["incidents"]) <= set(changed)
    assert all(changed[i] in ("created", "changed") for i in stored["documents"][0]["incidents"])
    later = client.get("/api/incidents", params={"updated_since": feed["as_of"]}).json()
    assert later["changes"] == []


def test_untrusted_text_is_escaped_in_pages(client: TestClient, token: dict[str, str]) -> None:
    record = {
        "id": "inject-1",
        "title": '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">',
        "outlet": 'The "Quoted" Outlet\'s <b>Wire</b>',
        "url": "javascript:window.__pwned=3",
        "text": STORY.replace("Omdurman", "Omdurman <script>alert(1)</script>"),
    }
    assert client.post("/api/documents", content=_line(**record), headers=token).status_code == 200
    page = client.get("/documents/inject-1").text
    assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert 'href="javascript:' not in page  # shown as text, never as a link
    assert "javascript:window.__pwned=3" in page
    assert "&lt;b&gt;Wire&lt;/b&gt;" in page and "&#34;Quoted&#34;" in page


def test_paging_feed_and_stats_on_both_backends(db_url: str) -> None:
    """The API's own SQL (paging, JSON-text prefilter, feed, stats) on SQLite and PostgreSQL."""
    store = Store(db_url)
    ingest_all(store, read_documents([str(SAMPLES)], IngestOptions()))
    store.close()
    client = TestClient(create_app(db_url))
    everything = client.get("/api/incidents").json()
    assert everything["total"] == len(everything["incidents"]) >= 3
    second = client.get("/api/incidents", params={"limit": 1, "offset": 1}).json()
    assert second["incidents"][0]["id"] == everything["incidents"][1]["id"]
    assert client.get("/api/incidents", params={"weapon": "Mi-17"}).json()["total"] >= 1
    assert client.get("/api/incidents", params={"contested": "true"}).json()["total"] >= 1
    feed = client.get("/api/incidents", params={"updated_since": "2000-01-01T00:00:00"}).json()
    live = [c for c in feed["changes"] if c["change"] == "created"]
    assert len(live) == everything["total"]
    stats = client.get("/api/stats").json()
    assert sum(stats["by_grade"].values()) == everything["total"]


def test_the_ledger_encodes_as_the_claims_themselves(client: TestClient) -> None:
    """The record names the claim fields (fast) rather than deep-copying: same JSON."""
    from warmonitor.records import to_jsonable

    store = client.app.state.store  # type: ignore[attr-defined]
    for incident in store.incidents():
        record = client.get(f"/api/incidents/{incident.id}").json()
        assert record["claims"] == [to_jsonable(c) for c in incident.claims]


def test_text_query_finds_non_ascii_place_names(client: TestClient) -> None:
    named = [i for i in _all(client) if i["location"] and not i["location"]["name"].isascii()]
    if not named:
        pytest.skip("no sample incident has a non-ASCII place name")
    name = named[0]["location"]["name"]
    found = client.get("/api/incidents", params={"q": name}).json()["incidents"]
    assert named[0]["id"] in {i["id"] for i in found}


def test_keyset_pages_match_the_listing_order_with_undated_incidents(db_url: str) -> None:
    """``after=`` cursors walk the same order as offsets: dated by (date, id), undated last."""
    from sqlalchemy import update

    from warmonitor.store.schema import IncidentRow

    store = Store(db_url)
    ingest_all(store, read_documents([str(SAMPLES)], IngestOptions()))
    ids = sorted(i.id for i in store.incidents())
    with store.engine.begin() as conn:  # an incident whose date is unknown lists last
        conn.execute(
            update(IncidentRow)
            .where(IncidentRow.id == ids[0])
            .values(date_start=None, date_end=None)
        )
    store.close()
    client = TestClient(create_app(db_url))
    everything = [
        i["id"] for i in client.get("/api/incidents", params={"limit": 1000}).json()["incidents"]
    ]
    assert everything[-1] == ids[0] and sorted(everything) == ids
    by_offset = [
        client.get("/api/incidents", params={"limit": 1, "offset": k, "fields": "id"}).json()[
            "incidents"
        ][0]["id"]
        for k in range(len(everything))
    ]
    assert by_offset == everything
    seen, url = [], "/api/incidents?limit=1&fields=id"
    while url:
        page = client.get(url).json()
        assert page["total"] == len(everything)
        seen += [i["id"] for i in page["incidents"]]
        url = page["next"] and urlsplit(page["next"])._replace(scheme="", netloc="").geturl()
        assert not url or "after=" in url
    assert seen == everything
    assert _detail(client.get("/api/incidents", params={"after": "nocursor"}))["loc"][1] == "after"
    both = client.get("/api/incidents", params={"after": page["after"] or "~x", "offset": 1})
    assert _detail(both)["loc"][1] == "after"


def test_explain_lists_the_linkers_reasons(client: TestClient) -> None:
    incident = max(_all(client), key=lambda i: len(i["reports"]))
    answer = client.get(f"/api/incidents/{incident['id']}/explain")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["incident"] == incident["id"] and body["reports"] == len(incident["reports"])
    assert len(incident["reports"]) > 1, "the samples give an incident of several reports"
    assert body["pairs"], "an incident of several reports has pairs to explain"
    assert all({"a", "b", "score", "veto", "deciding"} <= set(p) for p in body["pairs"])
    assert client.get("/api/incidents/nope/explain").status_code == 404


@pytest.mark.parametrize(
    ("given", "index"),
    [
        ({"country": "SY", "type": "aircraft_downed"}, "ix_incidents_country_type_order"),
        ({"country": "SY", "grade": "fair"}, "ix_incidents_country_grade_order"),
        ({"type": "aircraft_downed"}, "ix_incidents_type_order"),
        ({}, "ix_incidents_order"),
        ({"country": "SY"}, "ix_incidents_country_order"),
        ({"country": "SY", "since": "2024-01-01"}, "ix_incidents_country_order"),
        ({"grade": "fair"}, "ix_incidents_grade_order"),
        (
            {"country": "SY", "type": "aircraft_downed", "after": "2024-01-01~inc-0"},
            "ix_incidents_country_type_order",
        ),
        ({"since": "2024-01-01", "until": "2024-02-01"}, "ix_incidents_order"),
    ],
)
def test_list_pages_are_read_off_an_index_without_sorting(
    tmp_path: Path, given: dict[str, str], index: str
) -> None:
    """Each part of a list page is an index range in index order: no table scan, no sort."""
    from warmonitor.api import params, queries
    from warmonitor.api.routes import event_type_names

    store = Store(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    query = params.parse_query(given, event_type_names())
    page = params.parse_page(given)
    with store.engine.connect() as conn:
        for part in queries._ordered_parts(query, page.after):
            sql = part.limit(50).compile(store.engine, compile_kwargs={"literal_binds": True})
            plan = " | ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "TEMP B-TREE" not in plan, plan
            assert "USING" in plan and "SCAN incidents |" not in f"{plan} |", plan
        dated = queries._ordered_parts(query, page.after)[0]
        sql = dated.limit(50).compile(store.engine, compile_kwargs={"literal_binds": True})
        plan = " | ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        assert index in plan, plan
    store.close()


@pytest.mark.parametrize(
    ("given", "index"),
    [
        ({"admin1": "idlib"}, "ix_incidents_admin1_lower"),
        ({"bbox": "35,32,42,37.5"}, "ix_incidents_lat_lon"),
    ],
)
def test_other_filters_search_an_index(tmp_path: Path, given: dict[str, str], index: str) -> None:
    from warmonitor.api import params, queries
    from warmonitor.api.routes import event_type_names

    store = Store(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    query = params.parse_query(given, event_type_names())
    count = queries._where(
        queries.select(queries.func.count()).select_from(queries.IncidentRow), query
    )
    sql = count.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as conn:
        plan = " | ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert f"INDEX {index}" in plan, plan
    store.close()
