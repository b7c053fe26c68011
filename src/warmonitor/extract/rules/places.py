"""Place mentions of the read sentences: the geoparser, else NER and "the town of X"."""

from __future__ import annotations

import bisect
import re
from typing import Any

from warmonitor.extract.findings import Mention
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en import lexicon as lx
from warmonitor.lang.en import places as plc
from warmonitor.records import (
    Document,
    PlaceMention,
)

_COUNTRIES: set[str] | None = None


def country_names() -> set[str]:
    global _COUNTRIES
    if _COUNTRIES is None:
        try:
            import pycountry

            names = set()
            for c in pycountry.countries:
                names.add(c.name.lower())
                for attr in ("common_name", "official_name"):
                    if hasattr(c, attr):
                        names.add(getattr(c, attr).lower())
            names |= plc.COUNTRY_ALIASES
            _COUNTRIES = names
        except ImportError:  # pragma: no cover
            _COUNTRIES = set()
    return _COUNTRIES


def fallback_places(sent: Sentence) -> list[PlaceMention]:
    """Unresolved place mentions from NER and "the town of X" when geoparsing is unavailable."""
    out: list[PlaceMention] = []
    seen: list[tuple[int, int]] = []
    if sent.span is not None:
        for ent in sent.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            s, e = ent.start_char, ent.end_char
            text = ent.text
            if text.lower().startswith("the "):
                s += 4
                text = text[4:]
            text = re.sub(r"(?:'s|’s)$", "", text)
            e = s + len(text)
            out.append(PlaceMention(text=text, start=s, end=e))
            seen.append((s, e))
    for match in plc.TOWN_OF_RE.finditer(sent.text):
        s, e = sent.at(match.start("n")), sent.at(match.end("n"))
        if any(a < e and s < b for a, b in seen):
            continue
        out.append(PlaceMention(text=match.group("n"), start=s, end=e))
    return out


def geoparse_places(document: Document, doc: Any) -> list[PlaceMention] | None:
    """The geoparser's mentions; None when it fails, with the failure recorded on the document.

    A broken gazetteer must not lose the reports, nor pass unnoticed: the warning is
    stored with the document and shown in ingest summaries.
    """
    from warmonitor.geo.geoparse import geoparse

    try:
        return geoparse(document.text, doc=doc)
    except Exception as err:  # noqa: BLE001 - recorded, and places fall back to NER
        first_line = (str(err).splitlines() or [""])[0][:200]
        document.warnings.append(
            f"geoparsing failed ({type(err).__name__}: {first_line}); places left unresolved"
        )
        return None


def attach_places(mentions: list[Mention], document: Document, full_doc: Any) -> None:
    places = geoparse_places(document, full_doc) if full_doc is not None else None
    if places is None:
        for m in mentions:
            m.places = fallback_places(m.sentence)
    else:
        starts = [m.sentence.start for m in mentions]
        for pm in places:
            i = bisect.bisect_right(starts, pm.start) - 1
            if i >= 0 and pm.end <= mentions[i].sentence.end:
                mentions[i].places.append(pm)
    for m in mentions:
        # Names after "near"/"close to" that neither NER nor the gazetteer caught stay, unresolved.
        for match in lx.LOCATIVE_NAME_RE.finditer(m.sentence.text):
            s, e = m.sentence.at(match.start("n")), m.sentence.at(match.end("n"))
            if match.group("n").lower() in lx.NOT_PLACE_WORDS:
                continue
            if any(p.start < e and s < p.end for p in m.places):
                continue
            m.places.append(PlaceMention(text=match.group("n"), start=s, end=e))
        m.places.sort(key=lambda p: p.start)
