"""The rule-based extractor, registered as "rules" in ``registry.extractors``.

One finder per field reads each triaged sentence (``events``, ``casualties``,
``actors``, ``targets``, ``equipment``, ``places``, ``attribution``; ``sentence``
runs them in order into a ``Mention``); ``extract.assemble`` turns mentions into
reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from warmonitor import registry
from warmonitor.extract.rules.extractor import extract_reports, iter_reports
from warmonitor.records import Document, Report


class RuleExtractor:
    """Triggers, patterns and the dependency parse; no learned extraction model."""

    name = "rules"

    def __call__(self, document: Document) -> list[Report]:
        return extract_reports(document)

    def pipe(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Report]]]:
        return iter(iter_reports(documents))


registry.extractors.register(RuleExtractor.name, func=RuleExtractor())

__all__ = ["RuleExtractor", "extract_reports", "iter_reports"]
