"""Whole answers of the read endpoints, kept until the store changes.

The key is the request's URL (host, path, query); each entry remembers the store's change
stamp it was computed under and is served only while the stamp is the same. The stamp is
three index seeks (revision 0004), far cheaper than building a page: the newest incident
change, the newest history event and the newest document. Every change to incidents
happens while a document is stored (linking it saves, merges and drops incidents) or is
a merge, split or rename (a history event), so one of the three moves. A count of rows
would also catch a bare deletion, but it reads a whole index: tens of ms at 100k rows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import func, select

from warmonitor.store import Store
from warmonitor.store.schema import DocumentRow, IncidentEventRow, IncidentRow


def change_stamp(store: Store) -> tuple[Any, ...]:
    """What any change to the incidents or documents moves, read in one round trip."""
    query = select(
        select(func.max(IncidentRow.updated_at)).scalar_subquery(),
        select(func.max(IncidentEventRow.id)).scalar_subquery(),
        select(func.max(DocumentRow.ingested_at)).scalar_subquery(),
    )
    with store.engine.connect() as conn:
        return tuple(conn.execute(query).one())


@dataclass(frozen=True, slots=True)
class _Answer:
    stamp: tuple[Any, ...]
    status: int
    body: bytes
    media_type: str | None
    headers: tuple[tuple[str, str], ...]


class ResponseCache:
    """Least-recently-used answers by request; ``size=0`` turns caching off."""

    def __init__(self, store: Store, size: int) -> None:
        self.store = store
        self.size = size
        self._entries: OrderedDict[str, _Answer] = OrderedDict()
        self._lock = threading.Lock()

    def answer(self, request: Request, build: Callable[[], Response]) -> Response:
        """The cached answer to ``request`` when the store has not changed, else ``build()``'s."""
        if self.size <= 0:
            return build()
        key = str(request.url)  # the host too: answers carry absolute next links
        stamp = change_stamp(self.store)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit.stamp == stamp:
                self._entries.move_to_end(key)
        if hit is not None and hit.stamp == stamp:
            return Response(hit.body, hit.status, dict(hit.headers), hit.media_type)
        fresh = build()
        if fresh.status_code == 200 and isinstance(fresh.body, bytes):
            kept = tuple(
                (k, v)
                for k, v in fresh.headers.items()
                if k not in ("content-length", "content-type")
            )
            entry = _Answer(stamp, 200, fresh.body, fresh.media_type, kept)
            with self._lock:
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return fresh
