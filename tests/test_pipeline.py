"""One document's failure in linking or reconciling is a rejection; the run goes on."""

from __future__ import annotations

import datetime as dt

import pytest

from warmonitor import pipeline, reconcile
from warmonitor.sources import IngestOptions, RawItem, make_document
from warmonitor.store import Store


def test_a_reconcile_error_rejects_that_document_only(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = reconcile.reconcile

    def fragile(incident_id, reports, **kwargs):  # type: ignore[no-untyped-def]
        if any("poway" in r.document_id for r in reports):
            raise IndexError("string index out of range")
        return real(incident_id, reports, **kwargs)

    monkeypatch.setattr(reconcile, "reconcile", fragile)
    texts = [
        "A gunman shot and wounded a man in Poway on Wednesday, police said.",
        "Gunmen killed two guards at a checkpoint near Gao on Friday, police said.",
    ]
    options = IngestOptions(published=dt.date(2016, 3, 5))
    docs = []
    for name, text in zip(["poway.txt", "gao.txt"], texts, strict=True):
        doc = make_document(RawItem(name, "text", text), options)
        doc.id = name  # so the fragile reconcile can tell them apart
        docs.append((name, doc))
    store = Store(sqlite_url)
    summary = pipeline.ingest_all(store, docs)
    statuses = [o.status for o in summary.outcomes]
    assert statuses == ["rejected", "new"]
    assert summary.outcomes[0].reason.startswith("linking failed (IndexError")
    assert store.counts()["documents"] == 1  # the failed one left nothing half-stored
