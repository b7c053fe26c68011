"""The public Python API (``import warmonitor``): what docs/python-api.md documents.

Everything here is a thin wrapper over the stages, so a script gets exactly what the
command line prints: ``extract`` returns the records ``warmonitor extract --format json``
prints for one document, ``geoparse`` the places ``warmonitor geoparse`` prints, and
``Pipeline`` ingests and queries a database as ``warmonitor ingest``/``incidents`` do.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import types
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from warmonitor.records import Document, Incident, IncidentFilter

if TYPE_CHECKING:
    import pandas

    from warmonitor.pipeline import IngestSummary
    from warmonitor.store import Store


def _date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    from warmonitor.sources import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return parsed


def document(
    text: str,
    *,
    published: dt.date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    id: str | None = None,
) -> Document:
    """A cleaned Document from plain text, exactly as ``ingest`` makes one from a text file."""
    from warmonitor.sources import IngestOptions, RawItem, make_document

    meta = {k: v for k, v in (("title", title), ("url", url), ("id", id)) if v}
    item = RawItem("<text>", "text", text, meta)
    return make_document(item, IngestOptions(published=_date(published), outlet=outlet))


def _as_document(text_or_document: str | Document, published: dt.date | str | None) -> Document:
    if isinstance(text_or_document, Document):
        doc = text_or_document
        if published is not None:
            doc.published = _date(published)
        return doc
    return document(text_or_document, published=published)


def extract(
    text_or_document: str | Document, published: dt.date | str | None = None
) -> list[dict[str, Any]]:
    """The incident reports of one document, as ``warmonitor extract --format json`` prints
    them (the ``reports`` list of that document): typed fields, each value with evidence."""
    from warmonitor.extract import extract_reports, report_to_json

    return [report_to_json(r) for r in extract_reports(_as_document(text_or_document, published))]


def geoparse(text_or_document: str | Document) -> list[dict[str, Any]]:
    """Place mentions with spans and gazetteer resolutions, as ``warmonitor geoparse`` prints."""
    from warmonitor.geo.geoparse import geoparse as geoparse_text
    from warmonitor.geo.geoparse import mention_to_json

    text = text_or_document.text if isinstance(text_or_document, Document) else text_or_document
    return [mention_to_json(m) for m in geoparse_text(text, associative=True)]


def to_dataframe(incidents: Sequence[Incident], **context: Any) -> pandas.DataFrame:
    """The ACLED-shaped rows of ``--format csv`` as a DataFrame, each column typed
    (``export.CSV_DTYPES``: nullable integers, floats, strings). Needs pandas."""
    try:
        import pandas
    except ImportError as err:
        raise ImportError("to_dataframe needs pandas: pip install 'warmonitor[dataframe]'") from err
    from warmonitor.export import CSV_DTYPES, write_incidents

    buffer = io.StringIO()
    write_incidents(incidents, "csv", buffer, **context)
    buffer.seek(0)
    return pandas.read_csv(buffer, dtype=CSV_DTYPES, keep_default_na=False, na_values=[""])


class Pipeline:
    """Ingest into a database and query it: ``warmonitor ingest`` and ``incidents`` in code.

    ``db``: a SQLite path, ``sqlite:///path`` or ``postgresql://`` URL (default as ``--db``).
    """

    def __init__(self, db: str | Path | None = None) -> None:
        from warmonitor.store import Store

        self.store: Store = Store(str(db) if db is not None else None)

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(
        self,
        sources: Iterable[str | Path | Document],
        *,
        published: dt.date | str | None = None,
        outlet: str | None = None,
    ) -> IngestSummary:
        """Ingest files, directories, URLs or Documents (idempotent, like the CLI)."""
        from warmonitor.pipeline import ingest_all
        from warmonitor.sources import IngestOptions, read_documents

        sources = list(sources)
        options = IngestOptions(published=_date(published), outlet=outlet)
        paths = [str(s) for s in sources if not isinstance(s, Document)]
        docs = [(d.id, d) for d in sources if isinstance(d, Document)]
        return ingest_all(self.store, [*docs, *read_documents(paths, options)] if paths else docs)

    def ingest_text(self, text: str, **meta: Any) -> IngestSummary:
        """Ingest one text (``published``, ``outlet``, ``title``, ``url``, ``id`` as keywords)."""
        return self.ingest([document(text, **meta)])

    def incidents(self, filters: IncidentFilter | None = None, **criteria: Any) -> list[Incident]:
        """Incidents matching ``filters`` or the same criteria as keywords (``since``,
        ``until``, ``country``, ``admin1``, ``event_type``, ``contested``, ``grade``)."""
        if filters is None:
            for key in ("since", "until"):
                if key in criteria:
                    criteria[key] = _date(criteria[key])
            filters = IncidentFilter(**criteria)
        return self.store.incidents(filters)

    def export(self, fmt: str, out: TextIO, incidents: Sequence[Incident] | None = None) -> None:
        """Write incidents (default: all) in a registered format, with their sources."""
        from warmonitor.export import write_incidents

        found = self.incidents() if incidents is None else list(incidents)
        write_incidents(found, fmt, out, **self._context(found))

    def to_dataframe(self, incidents: Sequence[Incident] | None = None) -> pandas.DataFrame:
        """``to_dataframe`` of these incidents (default: all), with their sources."""
        found = self.incidents() if incidents is None else list(incidents)
        return to_dataframe(found, **self._context(found))

    def _context(self, incidents: Sequence[Incident]) -> dict[str, Any]:
        reports = self.store.reports_of([i.id for i in incidents])
        ids = sorted({r.document_id for rs in reports.values() for r in rs})
        return {"reports": reports, "documents": self.store.documents(ids)}


class _CallableModule(types.ModuleType):
    """A module that is also the API function of its name: ``warmonitor.extract(text)``
    calls ``warmonitor.public.extract`` while ``warmonitor.extract.extract_reports`` and
    friends stay where they are (the package ``warmonitor.extract`` shadows any function of
    that name on ``warmonitor``, so the package itself must be callable)."""

    def __call__(
        self, text_or_document: str | Document, published: dt.date | str | None = None
    ) -> list[dict[str, Any]]:
        return extract(text_or_document, published)


def make_extract_callable(module_name: str) -> None:
    """Called by ``warmonitor.extract`` on import (see ``_CallableModule``)."""
    sys.modules[module_name].__class__ = _CallableModule
