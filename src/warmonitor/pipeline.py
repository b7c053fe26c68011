"""The whole run for one document: extract (pure), then store, link and reconcile.

``ingest_all`` stores a batch of documents per transaction (``[ingest] commit_every``),
each in its own savepoint, linked in input order: the same incidents as one transaction
per document, with far fewer commits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warmonitor.records import Document, PlaceMention, Report
from warmonitor.settings import Settings, active_settings
from warmonitor.sources import InputError
from warmonitor.store import ConflictingDocument, DocumentRace, DuplicateDocument, Store, Unit

if TYPE_CHECKING:  # importing warmonitor.extract loads spaCy; only ingest needs it
    from warmonitor.extract.base import Extractor

# The language model's own limit (spaCy's nlp.max_length); a news report is far shorter,
# so a longer text is a dump or a book, refused with a reason rather than half-read.
MAX_ANALYSED_CHARS = 1_000_000


@dataclass(slots=True)
class DocumentOutcome:
    source: str
    document_id: str | None
    status: str  # new | duplicate | rejected
    reason: str | None = None
    reports: int = 0
    incidents: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    reports: int = 0
    incidents_touched: set[str] = field(default_factory=set)
    outcomes: list[DocumentOutcome] = field(default_factory=list)

    def add(self, outcome: DocumentOutcome) -> None:
        self.read += 1
        self.outcomes.append(outcome)
        if outcome.status == "new":
            self.new += 1
            self.reports += outcome.reports
            self.incidents_touched.update(outcome.incidents)
        elif outcome.status == "duplicate":
            self.duplicate += 1
        else:
            self.rejected += 1

    def as_dict(self, totals: dict[str, int] | None = None) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "reports": self.reports,
            "incidents_touched": len(self.incidents_touched),
            "rejections": [
                {"input": o.source, "reason": o.reason}
                for o in self.outcomes
                if o.status == "rejected"
            ],
            "totals": totals or {},
        }


def extractor_for(settings: Settings | None = None) -> Extractor:
    """The extractor ``settings.extract.extractor`` names in ``registry.extractors``.

    Raises ``registry.UnknownComponent`` (its message lists the known names).
    """
    from warmonitor import registry
    from warmonitor.extract.base import as_extractor

    section = (settings or active_settings()).extract
    extractor = as_extractor(registry.get("extractors", section.extractor))
    configured = getattr(extractor, "configured", None)  # an extractor reading its settings
    return configured(section) if configured else extractor


def extract_document(document: Document, settings: Settings | None = None) -> list[Report]:
    """Reports of one document (pure): the configured extractor, then the learned layer.

    The extractor proposes candidate events; ``classify`` keeps those that tell a specific
    conflict event that happened, retypes them and merges a document's retellings of one event
    (``[classify]`` settings). Warnings go on the document.
    """
    return classify_document(document, extractor_for(settings)(document), settings)


def classify_document(
    document: Document, reports: list[Report], settings: Settings | None = None
) -> list[Report]:
    """The learned relevance and event-type layer over one document's candidate reports."""
    from warmonitor.classify import classify_reports

    return classify_reports(document, reports, (settings or active_settings()).classify)


def geoparse_document(
    document: Document, *, associative: bool = False, explain: list[dict[str, Any]] | None = None
) -> list[PlaceMention]:
    """Place mentions of one document; a geoparser failure is a warning on the document, not an error.

    ``explain``, a list, receives one record per span considered (decision, candidates, reasons).
    """
    from warmonitor.geo.geoparse import geoparse

    try:
        return geoparse(document.text, associative=associative, explain=explain)
    except Exception as err:  # noqa: BLE001 - recorded on the document, the run goes on
        document.warnings.append(_failure("geoparsing failed", err))
        return []


def _configured_extract(settings: Settings | None) -> Callable[[Document], list[Report]]:
    """``extract_document`` with the extractor looked up once, on the first document."""
    found: list[Extractor] = []

    def extract(document: Document) -> list[Report]:
        if not found:
            found.append(extractor_for(settings))
        return classify_document(document, found[0](document), settings)

    return extract


def link_and_reconcile(unit: Unit, document: Document, reports: list[Report]) -> list[str]:
    """Attach a new document's reports to incidents and rewrite the incidents they touch.

    Linking is link.link_document over the unit (an IncidentRepository): the same
    loop as link.MemoryLinker. Only the incidents it created or changed are read
    back whole and reconciled, so the work per document does not grow with the store.
    """
    from warmonitor import link, reconcile

    if not any(not r.aggregate for r in reports):
        return []
    unit.lock_linking()
    result = link.link_document(
        unit, reports, document_id=document.id, published=document.published
    )
    by_incident = unit.reports_of(sorted(result.incidents))
    facts = unit.document_facts([r.document_id for rs in by_incident.values() for r in rs])
    outlets = {doc_id: outlet for doc_id, (outlet, _) in facts.items()}
    published = {doc_id: date for doc_id, (_, date) in facts.items()}
    for incident_id, incident_reports in by_incident.items():
        if incident_reports:
            incident = reconcile.reconcile(
                incident_id, incident_reports, outlets=outlets, published=published
            )
            unit.save_incident(incident)
    unit.drop_empty_incidents([*result.retired, *result.incidents])
    return sorted(result.incidents)


def _failure(stage: str, err: Exception) -> str:
    """A one-line rejection reason for an unexpected error in one document's processing."""
    first_line = (str(err).splitlines() or [""])[0][:200]
    return f"{stage} ({type(err).__name__}: {first_line})"


def ingest_document(
    store: Store,
    document: Document,
    source: str,
    extract: Callable[[Document], list[Report]] = extract_document,
) -> DocumentOutcome:
    """Store one document with all that derives from it, atomically."""
    known = check_document(store, document, source)  # a cheap early check: skip known content
    if known is not None:
        return known
    extracted = extract_reports(document, source, extract)
    if isinstance(extracted, DocumentOutcome):
        return extracted
    return store_document(store, document, source, extracted)


def check_document(store: Store, document: Document, source: str) -> DocumentOutcome | None:
    """The outcome of a document whose content or id is stored already; None for a new one."""
    with store.unit() as unit:
        try:
            unit.check_new(document)
        except DuplicateDocument as dup:
            return DocumentOutcome(source, dup.existing_id, "duplicate", "already stored")
        except ConflictingDocument as err:
            return DocumentOutcome(source, document.id, "rejected", str(err))
    return None


def extract_reports(
    document: Document, source: str, extract: Callable[[Document], list[Report]]
) -> list[Report] | DocumentOutcome:
    """The pure half of ingest: the document's numbered, dated reports, or its rejection.

    Touches no database, so it runs anywhere (a Dask worker: warmonitor.parallel).
    Warnings go on ``document``.
    """
    from warmonitor.link import annotate_context

    if len(document.text) > MAX_ANALYSED_CHARS:
        reason = f"too long to analyse ({len(document.text)} characters; the limit is {MAX_ANALYSED_CHARS})"
        return DocumentOutcome(source, document.id, "rejected", reason)
    try:
        reports = extract(document)
    except Exception as err:  # one bad document must not end the run or lose the rest
        return DocumentOutcome(source, document.id, "rejected", _failure("extraction failed", err))
    for index, report in enumerate(reports):
        report.index, report.document_id = index, document.id
    annotate_context(reports)  # undated reports learn the dates their document gives
    return reports


def store_document(
    store: Store, document: Document, source: str, reports: list[Report]
) -> DocumentOutcome:
    """The writer's half: store, link and reconcile one extracted document in one transaction."""
    try:
        with store.unit() as unit:
            unit.lock_linking()  # before the insert, as Store.batch: see there why
            unit.add_document(document, reports)
            incidents = link_and_reconcile(unit, document, reports)
    except DuplicateDocument as dup:  # another run (or an earlier input) stored it meanwhile
        return DocumentOutcome(source, dup.existing_id, "duplicate", "already stored")
    except ConflictingDocument as err:
        return DocumentOutcome(source, document.id, "rejected", str(err))
    except DocumentRace:  # another run committed this id or content meanwhile: which?
        return _after_race(store, document, source)
    except Exception as err:  # the unit rolled back: this document is rejected, the run goes on
        return DocumentOutcome(source, document.id, "rejected", _failure("linking failed", err))
    return DocumentOutcome(
        source, document.id, "new", None, len(reports), incidents, list(document.warnings)
    )


@dataclass(slots=True)
class Extracted:
    """A new document with its reports, waiting for its batch's transaction."""

    source: str
    document: Document
    reports: list[Report]


def store_documents(store: Store, entries: list[Extracted]) -> list[DocumentOutcome]:
    """Store, link and reconcile extracted documents in order, in one transaction.

    Each document goes in its own savepoint, so one that fails is rejected alone (its
    savepoint rolled back) and the others are kept. Should the transaction itself fail
    (its commit, a lost connection), nothing of it was stored, and the documents are
    stored again one transaction each: a batch is all or nothing, never half.
    """
    if len(entries) <= 1:  # nothing to share a transaction with
        return [store_document(store, e.document, e.source, e.reports) for e in entries]
    raced: set[int] = set()
    outcomes: list[DocumentOutcome] = []
    try:
        with store.batch() as unit:
            for n, entry in enumerate(entries):
                outcome = _store_in_savepoint(unit, entry)
                if outcome is None:
                    raced.add(n)
                    outcome = DocumentOutcome(entry.source, entry.document.id, "rejected")
                outcomes.append(outcome)
    except Exception:  # noqa: BLE001 - rolled back whole: each document on its own instead
        return [store_document(store, e.document, e.source, e.reports) for e in entries]
    for n in raced:  # classified once the batch is committed, as store_document does
        outcomes[n] = _after_race(store, entries[n].document, entries[n].source)
    return outcomes


def _store_in_savepoint(unit: Unit, entry: Extracted) -> DocumentOutcome | None:
    """One document of a batch, as ``store_document`` does it; None when another run raced it."""
    document, source, reports = entry.document, entry.source, entry.reports
    try:
        with unit.savepoint():
            unit.add_document(document, reports)
            incidents = link_and_reconcile(unit, document, reports)
    except DuplicateDocument as dup:  # an earlier input of this batch, or another run
        return DocumentOutcome(source, dup.existing_id, "duplicate", "already stored")
    except ConflictingDocument as err:
        return DocumentOutcome(source, document.id, "rejected", str(err))
    except DocumentRace:
        return None
    except Exception as err:  # its savepoint rolled back: rejected alone, the batch goes on
        return DocumentOutcome(source, document.id, "rejected", _failure("linking failed", err))
    return DocumentOutcome(
        source, document.id, "new", None, len(reports), incidents, list(document.warnings)
    )


class BatchWriter:
    """Outcomes reported in input order; the new documents among them stored in batches.

    A batch is committed when it holds ``commit_every`` inputs or ``commit_after_s`` seconds
    after its first one arrived, whichever comes first, so a kill loses little work and
    progress keeps moving. Its outcomes are reported only once it is committed: an
    outcome printed is a document stored.
    """

    def __init__(
        self,
        store: Store,
        summary: IngestSummary,
        on_outcome: Callable[[DocumentOutcome], None] | None,
        settings: Settings | None = None,
        *,
        commit_every: int | None = None,
    ) -> None:
        section = (settings or active_settings()).ingest
        self.store, self.summary, self.on_outcome = store, summary, on_outcome
        self.commit_every = max(1, commit_every or section.commit_every)
        self.commit_after_s = section.commit_after_s
        self._queue: list[DocumentOutcome | Extracted] = []
        self._started = 0.0

    def add(self, entry: DocumentOutcome | Extracted) -> None:
        if not self._queue:
            self._started = time.monotonic()
        self._queue.append(entry)
        if (
            len(self._queue) >= self.commit_every
            or time.monotonic() - self._started >= self.commit_after_s
        ):
            self.flush()

    def flush(self) -> None:
        """Store what is waiting (one transaction) and report every outcome in input order."""
        queue, self._queue = self._queue, []
        pending = [entry for entry in queue if isinstance(entry, Extracted)]
        try:
            stored = iter(store_documents(self.store, pending))
        except Exception as err:  # the fallback's own checks failed: these are rejected
            reason = _failure("storing failed", err)
            stored = iter(
                [DocumentOutcome(e.source, e.document.id, "rejected", reason) for e in pending]
            )
        for entry in queue:
            outcome = next(stored) if isinstance(entry, Extracted) else entry
            self.summary.add(outcome)
            if self.on_outcome:
                self.on_outcome(outcome)


def prepare_document(
    store: Store,
    item: tuple[str, Document] | InputError,
    extract: Callable[[Document], list[Report]],
) -> DocumentOutcome | Extracted:
    """An input's outcome when it needs no storing (bad, known, unextractable), else its reports."""
    if isinstance(item, InputError):
        return DocumentOutcome(item.source, None, "rejected", item.reason)
    source, document = item
    try:
        known = check_document(store, document, source)
    except Exception as err:  # one catch per document: it is rejected, the run goes on
        return DocumentOutcome(source, document.id, "rejected", _failure("storing failed", err))
    if known is not None:
        return known
    extracted = extract_reports(document, source, extract)
    if isinstance(extracted, DocumentOutcome):
        return extracted
    return Extracted(source, document, extracted)


def _after_race(store: Store, document: Document, source: str) -> DocumentOutcome:
    """Classify a document another run stored first, now that its row is committed."""
    known = check_document(store, document, source)
    if known is not None:
        return known
    reason = "storing failed (another run held this document; ingest it again)"
    return DocumentOutcome(source, document.id, "rejected", reason)


def ingest_all(
    store: Store,
    items: Iterable[tuple[str, Document] | InputError],
    on_outcome: Callable[[DocumentOutcome], None] | None = None,
    settings: Settings | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    commit_every: int | None = None,
) -> IngestSummary:
    """Ingest every item in order; one summary. One bad item is rejected, the run goes on.

    New documents are stored ``commit_every`` to a transaction (default
    ``[ingest] commit_every``; 1 is one transaction per document), linked one after
    another in input order: the same incidents whatever the batch size.
    With ``workers`` (a local Dask cluster) or ``scheduler`` (an existing one),
    extraction runs on Dask workers and this process stores in input order
    (warmonitor.parallel): the same incidents as without.
    """
    if workers or scheduler:
        from warmonitor.parallel import ingest_parallel

        return ingest_parallel(
            store,
            items,
            on_outcome,
            settings,
            workers=workers,
            scheduler=scheduler,
            commit_every=commit_every,
        )
    summary = IngestSummary()
    writer = BatchWriter(store, summary, on_outcome, settings, commit_every=commit_every)
    extract = _configured_extract(settings)
    for item in items:
        writer.add(prepare_document(store, item, extract))
    writer.flush()
    return summary


__all__ = [
    "BatchWriter",
    "DocumentOutcome",
    "Extracted",
    "IngestSummary",
    "extract_document",
    "extractor_for",
    "geoparse_document",
    "ingest_all",
    "ingest_document",
    "check_document",
    "extract_reports",
    "prepare_document",
    "store_document",
    "store_documents",
]
