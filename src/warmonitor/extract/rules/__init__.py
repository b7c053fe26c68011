"""The rule-based extractor, registered as "rules" in ``registry.extractors``.

One finder per field reads each triaged sentence (``events``, ``casualties``,
``actors``, ``targets``, ``equipment``, ``places``, ``attribution``); each runs as a
spaCy component (``extract.spans.components``) writing a ``doc.spans`` group, and
``extract.assemble`` reads the groups into reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.language import Language

from warmonitor import registry
from warmonitor.extract.rules.extractor import extract_reports, iter_reports
from warmonitor.extract.spans.components import RULE_FINDERS
from warmonitor.records import Document, Report


class RuleExtractor:
    """Triggers, patterns and the dependency parse; no learned extraction model.

    ``finders`` names the spaCy components that write the span groups, in order; a
    learned component writing the same group replaces a rule one (``extract.finders``).
    """

    name = "rules"

    def __init__(self, finders: Sequence[str] = RULE_FINDERS) -> None:
        unknown = [f for f in finders if not Language.has_factory(f)]
        if unknown:
            raise registry.UnknownComponent(
                f"no finder component {unknown[0]!r}; known: {', '.join(RULE_FINDERS)} "
                "or any registered spaCy component"
            )
        self.finders = tuple(finders)

    def configured(self, settings: Any) -> RuleExtractor:
        """This extractor with ``settings.finders`` (an ``extract`` settings section), if any."""
        finders = tuple(getattr(settings, "finders", ()) or ())
        return RuleExtractor(finders) if finders and finders != self.finders else self

    def __call__(self, document: Document) -> list[Report]:
        # learned_candidates=None: the learned events finder runs when classify is enabled.
        return extract_reports(document, finders=self.finders, learned_candidates=None)

    def pipe(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Report]]]:
        return iter(iter_reports(documents, self.finders, learned_candidates=None))


registry.extractors.register(RuleExtractor.name, func=RuleExtractor())

__all__ = ["RuleExtractor", "extract_reports", "iter_reports"]
