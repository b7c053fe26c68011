"""`warmonitor serve` as a real process: headers on the wire, and a port already taken."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

from warmonitor.store import Store

CLI = [sys.executable, "-m", "warmonitor.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, host: str = "127.0.0.1") -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path, headers={"Host": host})
    answer = conn.getresponse()
    answer.read()
    conn.close()
    return answer


def test_serve_headers_and_a_port_in_use(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'serve.sqlite'}"
    Store(db).close()  # serving never creates a database: make an empty one
    port = _free_port()
    first = subprocess.Popen(
        [*CLI, "serve", "--db", db, "--port", str(port)], stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = _get(port, "/api/stats")
                break
            except OSError:
                assert first.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert answer.status == 200
        assert answer.getheader("server") is None  # no banner
        assert answer.getheader("x-content-type-options") == "nosniff"
        assert _get(port, "/", host="rebind.attacker.example").status == 400
        assert _get(port, "/", host=f"localhost:{port}").status == 200

        second = subprocess.run(
            [*CLI, "serve", "--db", db, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        lines = second.stderr.strip().splitlines()
        assert lines == [
            f"error: port {port} on 127.0.0.1 is already in use; pick another with --port"
        ]
    finally:
        first.terminate()
        first.wait(timeout=10)


def test_serve_with_two_workers(tmp_path: Path) -> None:
    """``--workers 2``: uvicorn processes share the bound socket, each with its own app."""
    db = f"sqlite:///{tmp_path / 'workers.sqlite'}"
    Store(db).close()
    port = _free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--db", db, "--port", str(port), "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                answer = _get(port, "/api/stats")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
        assert answer.status == 200 and answer.getheader("server") is None
        assert all(_get(port, "/api/incidents?limit=1").status == 200 for _ in range(10))
        assert _get(port, "/", host="rebind.attacker.example").status == 400
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode is not None
