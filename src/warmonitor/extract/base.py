"""What an extractor is: a document in, its incident reports out.

Any object with ``__call__(document) -> list[Report]`` and ``pipe(documents)`` is one;
register it in ``registry.extractors`` under a name and select it with
``--set extract.extractor=NAME`` (see docs/extending.md). A plain function of a
document is accepted too: ``as_extractor`` gives it a ``pipe``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, runtime_checkable

from warmonitor.records import Document, Report


@runtime_checkable
class Extractor(Protocol):
    """Pure: no database, no network; warnings go on ``document.warnings``."""

    def __call__(self, document: Document) -> list[Report]: ...

    def pipe(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Report]]]: ...


class FunctionExtractor:
    """An extractor made of a function of one document."""

    def __init__(self, function: Callable[[Document], list[Report]]) -> None:
        self.function = function

    def __call__(self, document: Document) -> list[Report]:
        return self.function(document)

    def pipe(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Report]]]:
        for document in documents:
            yield document, self(document)


def as_extractor(component: object) -> Extractor:
    """A registered component as an ``Extractor``; a TypeError names what it is instead."""
    if isinstance(component, Extractor):
        return component
    if callable(component):
        return FunctionExtractor(component)  # type: ignore[arg-type]
    raise TypeError(f"an extractor must be callable on a Document, not {type(component).__name__}")


__all__ = ["Extractor", "FunctionExtractor", "as_extractor"]
