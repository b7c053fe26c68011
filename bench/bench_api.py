"""API latency at 50 concurrent clients over a generated database.

Generates N incidents (default 100,000; two reports each, from 20% as many documents,
claims and all) straight into the store's tables, serves them with `warmonitor serve`
in a subprocess, and runs 50 client threads with keep-alive connections against four
request kinds for a fixed time each: a filtered list page, a deep page (offset),
an incident's detail, and stats. Prints p50/p95/p99 and requests/s per kind, and, as
the in-process baseline, how much faster the paged query is than reading every matching
incident and slicing (what the list endpoint did before paging).

The clients share the machine's cores with the server, so absolute figures are upper
bounds; compare runs on the same machine. Also printed: the in-process cost of one request
of each kind (no network, no queueing, cache off), which is what a core can serve.

Usage:
    python bench/bench_api.py [--incidents N] [--seconds S] [--clients C] [--db URL] [--reuse]
                              [--workers W] [--no-cache]
    (--db postgresql://127.0.0.1:5432/test?options=-csearch_path%3Dbench for PostgreSQL;
     the schema must exist and is emptied first)
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import delete, insert

from warmonitor.api.params import IncidentQuery, Page
from warmonitor.api.queries import page_incidents
from warmonitor.records import Claim, Count, DateRange, Incident, IncidentFilter, Place, to_jsonable
from warmonitor.store import Store
from warmonitor.store.schema import ClaimRow, DocumentRow, IncidentEventRow, IncidentRow, ReportRow

COUNTRIES = ["SY", "ML", "UA", "SD", "YE", "SO", "IQ", "AF", "NG", "CD"]
TYPES = [
    "aircraft_downed",
    "armed_clash",
    "air_drone_strike",
    "attack",
    "shelling_artillery_missile_attack",
    "remote_explosive_landmine_ied",
]
GRADES = ["confirmed", "fair", "weak", "contested"]
OUTLETS = ["Levant Wire", "Sahel Monitor", "The Northwest Dispatch", "Nile Courier"]


def _incident(n: int, rng: random.Random, docs: list[str]) -> tuple[Incident, list[str]]:
    day = 17_000 + rng.randrange(3000)
    date = __import__("datetime").date.fromordinal(719_163 + day)
    country = COUNTRIES[n % len(COUNTRIES)]
    dead = rng.choice([None, 0, 1, 2, 3, 5, 8, 13, 40])
    sources = rng.sample(docs, 2)
    claims = [
        Claim(
            "fatalities",
            {"low": dead, "best": dead, "high": dead, "phrase": None},
            OUTLETS[k % 4],
            None,
            k == 1,
            d,
            10,
            30,
        )
        for k, d in enumerate(sources)
    ]
    claims.append(
        Claim(
            "aircraft",
            rng.choice(["Mi-8", "Mi-17", "Mi-24"]),
            OUTLETS[0],
            "SANA",
            False,
            sources[0],
            40,
            45,
        )
    )
    incident = Incident(
        id=f"inc-{n:016x}",
        event_type=TYPES[n % len(TYPES)],
        date=DateRange(date, date, "day"),
        location=Place(
            f"Town {n % 5000}",
            lat=rng.uniform(-30, 50),
            lon=rng.uniform(-20, 70),
            country=country,
            admin1=f"Region {n % 40}",
            precision=rng.choice([1, 2, 3]),
        ),
        location_name=f"Town {n % 5000}",
        fatalities=Count(dead, dead, dead),
        aircraft=[claims[-1].value] if n % 6 == 0 else [],
        contested=["fatalities"] if n % 7 == 0 else [],
        grade=GRADES[n % 4],
        claims=claims,
        report_keys=[f"{d}#{n}" for d in sources],
    )
    return incident, sources


def generate(store: Store, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    docs = [f"doc-{k:07d}" for k in range(max(10, count // 5))]
    with store.engine.begin() as conn:
        for table in (ClaimRow, ReportRow, IncidentEventRow, IncidentRow, DocumentRow):
            conn.execute(delete(table))
        conn.execute(
            insert(DocumentRow),
            [
                {
                    "id": d,
                    "sha256": f"{k:064x}",
                    "text": "x" * 400,
                    "title": f"Report {k}",
                    "outlet": OUTLETS[k % 4],
                    "url": f"https://example.org/{k}",
                    "meta": {},
                }
                for k, d in enumerate(docs)
            ],
        )
        batch_i, batch_r, batch_c = [], [], []
        for n in range(count):
            incident, sources = _incident(n, rng, docs)
            place = incident.location
            batch_i.append(
                {
                    "id": incident.id,
                    "event_type": incident.event_type,
                    "date_start": incident.date.start,
                    "date_end": incident.date.end,
                    "date_precision": "day",
                    "country": place.country,
                    "admin1": place.admin1,
                    "lat": place.lat,
                    "lon": place.lon,
                    "fatalities_best": incident.fatalities.best,
                    "grade": incident.grade,
                    "contested": bool(incident.contested),
                    "data": to_jsonable(incident),
                }
            )
            for d in sources:
                batch_r.append(
                    {
                        "key": f"{d}#{n}",
                        "document_id": d,
                        "idx": n,
                        "incident_id": incident.id,
                        "event_type": incident.event_type,
                        "date_start": incident.date.start,
                        "date_end": incident.date.end,
                        "aggregate": False,
                        "data": {
                            "document_id": d,
                            "event_type": incident.event_type,
                            "index": n,
                            "evidence": [],
                        },
                    }
                )
            batch_c += [
                {
                    "incident_id": incident.id,
                    "field": c.field,
                    "value": c.value,
                    "source": c.source,
                    "attributed_to": c.attributed_to,
                    "hedged": c.hedged,
                    "document_id": c.document,
                    "start": c.start,
                    "end": c.end,
                }
                for c in incident.claims
            ]
            if len(batch_i) >= 5000 or n == count - 1:
                conn.execute(insert(IncidentRow), batch_i)
                conn.execute(insert(ReportRow), batch_r)
                conn.execute(insert(ClaimRow), batch_c)
                batch_i, batch_r, batch_c = [], [], []


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def hammer(port: int, paths: list[str], clients: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, i = [], k
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += clients
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                answer = conn.getresponse()
                answer.read()
                ok = answer.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


EXTRA_INDEXES = {
    "ix_bench_country_type_date": "country, event_type, date_start, id",
    "ix_bench_country_grade_date": "country, grade, date_start, id",
    "ix_bench_date_id": "date_start, id",
}


def add_extra_indexes(store: Store) -> None:
    """Candidate indexes for the store's paged query (the store owns the real ones)."""
    from sqlalchemy import text

    with store.engine.begin() as conn:
        for name, columns in EXTRA_INDEXES.items():
            conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON incidents ({columns})"))


def baseline_ratio(store: Store, repeat: int = 5) -> tuple[float, float]:
    """Seconds for one filtered page: reading all matches and slicing vs the paged query."""
    query = IncidentQuery(IncidentFilter(country="SY", event_type="aircraft_downed"))
    t0 = time.perf_counter()
    for _ in range(repeat):
        store.incidents(query.filters)[:50]
    old = (time.perf_counter() - t0) / repeat
    t0 = time.perf_counter()
    for _ in range(repeat):
        page_incidents(store, query, Page(50, 0), ledger=False)
    return old, (time.perf_counter() - t0) / repeat


def in_process_costs(db: str, repeat: int = 20) -> dict[str, float]:
    """Milliseconds per request inside the app (no network, no queueing), by kind; the
    response cache off, so each is a full build: query, records, encoding."""
    from fastapi.testclient import TestClient

    from warmonitor.api import create_app
    from warmonitor.settings import active_settings

    settings = active_settings()
    settings = settings.model_copy(
        update={"serve": settings.serve.model_copy(update={"response_cache": 0})}
    )
    client = TestClient(create_app(db, settings))
    kinds = {
        "filtered list, list fields": "/api/incidents?country=SY&type=aircraft_downed&limit=50"
        "&fields=id,date,location,grade",
        "filtered list, full records": "/api/incidents?country=SY&grade=confirmed&limit=20",
        "incident detail": "/api/incidents/inc-0000000000000000",
        "empty request (framework floor)": "/api/incidents/nope",
    }
    out = {}
    for name, path in kinds.items():
        client.get(path)
        t0 = time.perf_counter()
        for _ in range(repeat):
            client.get(path)
        out[name] = (time.perf_counter() - t0) / repeat * 1000
    return out


def _has_incidents(store: Store, count: int) -> bool:
    from sqlalchemy import func, select

    try:
        with store.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(IncidentRow)) == count
    except Exception:  # noqa: BLE001 - no table yet: generate
        return False


def _cursor_at(port: int, country: str, depth: int) -> str:
    """The ``after=`` cursor of the incident just before ``depth`` in a country's list."""
    import json
    from urllib.parse import quote

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/api/incidents?country={country}&limit=1&offset={depth - 1}&fields=id")
    [row] = json.loads(conn.getresponse().read())["incidents"]
    conn.request("GET", f"/api/incidents/{row['id']}")
    record = json.loads(conn.getresponse().read())
    return quote(f"{record['date']['start'] or ''}~{row['id']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--extra-indexes",
        action="store_true",
        help="first add composite indexes the store does not have yet (to measure them)",
    )
    parser.add_argument(
        "--db", default=None, help="database URL (default: a temporary SQLite file)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep --db as it is when it holds --incidents already"
    )
    parser.add_argument("--workers", type=int, default=1, help="warmonitor serve --workers")
    parser.add_argument("--no-cache", action="store_true", help="serve with the response cache off")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="warmonitor-bench-api-")
    db = args.db or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
    store = Store(db)
    t0 = time.perf_counter()
    if args.reuse and _has_incidents(store, args.incidents):
        print(f"reusing {args.incidents} incidents ({db.split('?')[0]})")
    else:
        generate(store, args.incidents)
        print(
            f"generated {args.incidents} incidents in {time.perf_counter() - t0:.1f} s"
            f" ({db.split('?')[0]})"
        )
    if args.extra_indexes:
        add_extra_indexes(store)
        print("added composite indexes: " + ", ".join(EXTRA_INDEXES))
    old, new = baseline_ratio(store)
    print(
        f"filtered page in process: all-then-slice {old * 1000:.1f} ms, paged {new * 1000:.1f} ms "
        f"(ratio {old / new:.1f}x)"
    )
    store.close()
    for name, ms in in_process_costs(db).items():
        print(f"in process, one request: {name:34} {ms:7.2f} ms")

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cache = ["--set", "serve.response_cache=0"] if args.no_cache else []
    server = subprocess.Popen(
        [sys.executable, "-m", "warmonitor.cli", *cache, "serve", "--db", db, "--port", str(port)]
        + ["--workers", str(args.workers)],
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request(
                    "GET", "/api/stats"
                )
                break
            except OSError:
                time.sleep(0.2)
        rng = random.Random(1)
        cursors = {c: _cursor_at(port, c, 5000) for c in COUNTRIES}
        ids = [f"inc-{rng.randrange(args.incidents):016x}" for _ in range(500)]
        kinds = {
            "filtered list (country+type, limit 50)": [
                f"/api/incidents?country={c}&type={t}&limit=50&fields=id,date,location,grade"
                for c in COUNTRIES
                for t in TYPES
            ],
            "filtered list, full records": [
                f"/api/incidents?country={c}&grade={g}&limit=20" for c in COUNTRIES for g in GRADES
            ],
            # Distinct pages, so that the response cache rarely holds the answer.
            "filtered list, distinct pages (cache misses)": [
                f"/api/incidents?country={c}&type={t}&limit={20 + k % 50}&offset={k // 50}"
                "&fields=id,date,location,grade"
                for k in rng.sample(range(2500), 500)
                for c, t in [(COUNTRIES[k % 10], TYPES[k % 6])]
            ],
            "deep page (offset 5000)": [
                f"/api/incidents?country={c}&limit=50&offset=5000&fields=id" for c in COUNTRIES
            ],
            "deep page (after= cursor, same depth)": [
                f"/api/incidents?country={c}&limit=50&fields=id&after={cursors[c]}"
                for c in COUNTRIES
            ],
            "incident detail": [f"/api/incidents/{i}" for i in ids],
            "stats (one country)": [f"/api/stats?country={c}" for c in COUNTRIES],
        }
        print(f"{args.clients} concurrent clients, {args.seconds:.0f} s per kind")
        print(
            f"{'request':42} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} errors"
        )
        for name, paths in kinds.items():
            hammer(port, paths[:5], 5, 1.0)  # warm caches and connections
            latencies, errors = hammer(port, paths, args.clients, args.seconds)
            ms = [x * 1000 for x in latencies]
            print(
                f"{name:42} {len(ms):6d} {len(ms) / args.seconds:7.1f} "
                f"{statistics.median(ms):8.1f} {_percentile(ms, 0.95):8.1f} "
                f"{_percentile(ms, 0.99):8.1f} {errors}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
