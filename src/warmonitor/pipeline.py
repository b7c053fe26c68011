"""The whole run for one document: extract (pure), then store, link and reconcile in one transaction."""

from __future__ import annotations

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
) -> IngestSummary:
    """Ingest every item in order; one summary. One bad item is rejected, the run goes on.

    With ``workers`` (a local Dask cluster) or ``scheduler`` (an existing one),
    extraction runs on Dask workers and this process stores in input order
    (warmonitor.parallel): the same incidents as without.
    """
    if workers or scheduler:
        from warmonitor.parallel import ingest_parallel

        return ingest_parallel(
            store, items, on_outcome, settings, workers=workers, scheduler=scheduler
        )
    summary = IngestSummary()
    extract = _configured_extract(settings)
    for item in items:
        if isinstance(item, InputError):
            outcome = DocumentOutcome(item.source, None, "rejected", item.reason)
        else:
            try:
                outcome = ingest_document(store, item[1], item[0], extract)
            except Exception as err:  # one catch per document: it is rejected, the run goes on
                reason = _failure("storing failed", err)
                outcome = DocumentOutcome(item[0], item[1].id, "rejected", reason)
        summary.add(outcome)
        if on_outcome:
            on_outcome(outcome)
    return summary


__all__ = [
    "DocumentOutcome",
    "IngestSummary",
    "extract_document",
    "extractor_for",
    "geoparse_document",
    "ingest_all",
    "ingest_document",
    "check_document",
    "extract_reports",
    "store_document",
]
