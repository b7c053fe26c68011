"""``POST /api/documents``: push one document or a JSONL batch, as ``warmonitor ingest`` would.

The body goes through the CLI's own readers and pipeline (``sources.read_documents`` and
``pipeline.ingest_all``), so validation, rejection reasons and idempotency are the CLI's.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from warmonitor.api.security import configured_token, token_ok
from warmonitor.settings import Settings
from warmonitor.sources import IngestOptions, InputError, read_documents
from warmonitor.store import Store

INPUT_NAME = "request"  # how rejections name the body: "request:3" is its third line


class BodyTooLarge(Exception):
    pass


async def read_capped(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes without reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def as_jsonl(body: bytes) -> bytes:
    """A single JSON object (pretty-printed or not) becomes one JSONL line; a batch stays."""
    stripped = body.strip()
    if stripped.startswith(b"{") and b"\n" in stripped:
        try:
            record = json.loads(stripped)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return body  # the readers name the bad line
        if isinstance(record, dict):
            return json.dumps(record, ensure_ascii=False).encode() + b"\n"
    return body


def _renamed(items: Iterator[Any], spool: Path) -> Iterator[Any]:
    """The readers' items named after the request, not the spool file; no server path kept."""
    prefix = str(spool)
    for item in items:
        if isinstance(item, InputError):
            yield InputError(item.source.replace(prefix, INPUT_NAME, 1), item.reason)
        else:
            source, document = item
            document = dataclasses.replace(document, path=None)
            yield source.replace(prefix, INPUT_NAME, 1), document


def make_router(store: Store, settings: Settings) -> APIRouter:
    router = APIRouter(prefix="/api")
    lock = threading.Lock()  # one ingest at a time: linking reads then rewrites incidents

    @router.post("/documents", status_code=200)
    async def post_documents(request: Request) -> JSONResponse:
        """Store documents: one JSON object or JSONL lines ``{"id", "url", "title",
        "published", "outlet", "text" | "html"}``. Needs ``Authorization: Bearer TOKEN``."""
        expected = configured_token(settings.serve.token_env)
        if not token_ok(request.headers.get("authorization"), expected):
            detail = (
                f"writes are disabled: set ${settings.serve.token_env} on the server"
                if expected is None
                else "a valid 'Authorization: Bearer TOKEN' header is required"
            )
            raise HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})
        limit = settings.serve.max_request_bytes
        try:
            body = await read_capped(request, limit)
        except BodyTooLarge:
            raise HTTPException(413, detail=f"request body over {limit} bytes") from None
        if not body.strip():
            raise HTTPException(422, detail="empty body: send a JSON object or JSONL lines")
        from starlette.concurrency import run_in_threadpool

        summary = await run_in_threadpool(_ingest, store, settings, as_jsonl(body), lock)
        status = 200 if summary["new"] or summary["duplicate"] else 422
        return JSONResponse(summary, status_code=status)

    return router


def _ingest(store: Store, settings: Settings, body: bytes, lock: threading.Lock) -> dict[str, Any]:
    from warmonitor.pipeline import ingest_all

    options = IngestOptions(max_bytes=settings.ingest.max_bytes)
    with tempfile.TemporaryDirectory(prefix="warmonitor-post-") as folder:
        spool = Path(folder) / "request.jsonl"
        spool.write_bytes(body)
        with lock:
            items = _renamed(read_documents([str(spool)], options), spool)
            summary = ingest_all(store, items)
    out = summary.as_dict(store.counts())
    out["documents"] = [
        {
            "input": o.source,
            "id": o.document_id,
            "status": o.status,
            "reason": o.reason,
            "reports": o.reports,
            "incidents": o.incidents,
            "warnings": o.warnings,
        }
        for o in summary.outcomes
    ]
    return out
