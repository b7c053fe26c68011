"""Near misses and one event told twice, through the real extractor and linker (issue 12).

Each pair is two one-sentence documents we wrote: two events that must stay two
incidents (neighbouring towns on the same day; the same town on different days),
or one event told with different tolls, which must become one incident. The first
pair is the issue's own over-merge ("Gao ... on Monday", "Menaka ... on Tuesday").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache

import pytest

from warmonitor.extract import extract_reports
from warmonitor.link import MemoryLinker, blocking_key, blocks_compatible
from warmonitor.records import Document, Report

# (name, one event?, (published, text), (published, text))
PAIRS: list[tuple[str, bool, tuple[str, str], tuple[str, str]]] = [
    # (name, same_event, (published, text), (published, text))
    (
        "gao-menaka",
        False,
        ("2024-03-06", "Gunmen killed 7 people in an attack on a market in Gao, Mali, on Monday."),
        ("2024-03-06", "Gunmen killed 12 villagers in Menaka, Mali, on Tuesday."),
    ),
    (
        "djibo-arbinda",
        False,
        (
            "2022-05-28",
            "Jihadists killed 11 civilians in Djibo, Burkina Faso, on Thursday, residents said.",
        ),
        (
            "2022-05-28",
            "Jihadists killed 9 civilians in Arbinda, Burkina Faso, on Thursday, a local official said.",
        ),
    ),
    (
        "timbuktu-gao",
        False,
        (
            "2023-10-08",
            "A drone strike killed four people in Timbuktu, Mali, on Saturday, witnesses said.",
        ),
        (
            "2023-10-08",
            "A drone strike killed six people in Gao, Mali, on Saturday, a rebel spokesman said.",
        ),
    ),
    (
        "homs-hama-same-day",
        False,
        (
            "2021-03-22",
            "Shelling killed three civilians in Homs, Syria, on Sunday, the Observatory said.",
        ),
        ("2021-03-22", "Shelling killed five civilians in Hama, Syria, on Sunday, rescuers said."),
    ),
    (
        "kharkiv-sumy",
        False,
        (
            "2024-04-12",
            "A Russian missile killed two people in Sumy, Ukraine, on Thursday, the governor said.",
        ),
        (
            "2024-04-12",
            "A Russian missile killed four people in Poltava, Ukraine, on Thursday, officials said.",
        ),
    ),
    (
        "maiduguri-days",
        False,
        (
            "2023-09-14",
            "A suicide bomber killed six people at a market in Maiduguri, Nigeria, on Monday, police said.",
        ),
        (
            "2023-09-14",
            "A suicide bomber killed three people at a mosque in Maiduguri, Nigeria, on Wednesday, police said.",
        ),
    ),
    (
        "mogadishu-days",
        False,
        (
            "2022-11-03",
            "A car bomb killed 8 people near a checkpoint in Mogadishu, Somalia, on Saturday.",
        ),
        (
            "2022-11-03",
            "A car bomb killed 5 people outside a hotel in Mogadishu, Somalia, on Tuesday.",
        ),
    ),
    (
        "chicago-days",
        False,
        ("2023-08-09", "A man was shot and killed in Chicago on Sunday night, police said."),
        (
            "2023-08-09",
            "Two women were shot and wounded in Chicago on Tuesday afternoon, police said.",
        ),
    ),
    (
        "bamako-tolls",
        True,
        (
            "2024-09-18",
            "Jihadists attacked a gendarmerie school in Bamako, Mali, on Tuesday, killing 70 people, security sources said.",
        ),
        (
            "2024-09-18",
            "At least 77 people were killed on Tuesday when militants attacked a police training school in Bamako, Mali, officials said.",
        ),
    ),
    (
        "kramatorsk-tolls",
        True,
        (
            "2023-06-28",
            "A Russian missile struck a restaurant in Kramatorsk, Ukraine, on Tuesday evening, killing eight people, police said.",
        ),
        (
            "2023-06-28",
            "The toll from Tuesday's Russian missile strike on a pizza restaurant in Kramatorsk, Ukraine, rose to 10 dead, rescuers said.",
        ),
    ),
    (
        "goma-tolls",
        True,
        (
            "2024-05-04",
            "Bombs hit a camp for displaced people near Goma, Congo, on Friday, killing nine people, the army said.",
        ),
        (
            "2024-05-04",
            "At least 12 people were killed on Friday when shells struck a displacement camp outside Goma, Congo, aid workers said.",
        ),
    ),
    (
        "peshawar-tolls",
        True,
        (
            "2023-01-31",
            "A suicide bomber killed 59 people in a mosque in Peshawar, Pakistan, on Monday, officials said.",
        ),
        (
            "2023-01-31",
            "The death toll from Monday's suicide bombing at a mosque in Peshawar, Pakistan, rose to 61, police said.",
        ),
    ),
]


@cache
def _reports(doc_id: str, published: str, text: str) -> tuple[Report, ...]:
    doc = Document(
        id=doc_id,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=dt.date.fromisoformat(published),
    )
    reports = extract_reports(doc)
    for i, r in enumerate(reports):
        r.index, r.document_id = i, doc_id
    return tuple(reports)


def _both(name: str, a: tuple[str, str], b: tuple[str, str]) -> list[tuple[Report, ...]]:
    both = [_reports(f"{name}-{i}", *doc) for i, doc in enumerate((a, b))]
    assert all(both), f"{name}: the extractor found no report in one of the texts"
    return both


def test_enough_pairs_of_each_kind() -> None:
    assert PAIRS[0][0] == "gao-menaka"
    assert sum(not same for _, same, _, _ in PAIRS) >= 7
    assert sum(same for _, same, _, _ in PAIRS) >= 4


@pytest.mark.parametrize(("name", "same", "a", "b"), PAIRS, ids=[p[0] for p in PAIRS])
def test_pair_links_as_it_should(name: str, same: bool, a, b) -> None:
    both = _both(name, a, b)
    for order in (both, both[::-1]):  # the same incidents whichever comes first
        linker = MemoryLinker()
        for reports in order:
            doc = reports[0].document_id
            published = dt.date.fromisoformat((a if doc.endswith("-0") else b)[0])
            linker.add([*reports], published=published)
        clusters = linker.clusters()
        assert (len(clusters) == 1) is same, (name, clusters)


@pytest.mark.parametrize(
    ("name", "a", "b"), [(n, a, b) for n, same, a, b in PAIRS if same], ids=lambda x: str(x)[:20]
)
def test_blocking_keeps_every_true_match(name: str, a, b) -> None:
    """Blocking must put one event's reports in each other's candidates."""
    ra, rb = (r[0] for r in _both(name, a, b))
    ka = blocking_key(ra, published=dt.date.fromisoformat(a[0]))
    kb = blocking_key(rb, published=dt.date.fromisoformat(b[0]))
    assert blocks_compatible(ka, kb)
