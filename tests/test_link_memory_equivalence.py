"""Linking's fast paths decide exactly as the plain ones they replace.

Each fast path (PartnerIndex and may_link, the sparse pool clustering, the
indexed relevance closure, date tests without shift_date, BlockIndex by country)
is checked against the plain computation it stands for: the previous code, kept
here as the reference, on random report features that reach every branch
(every date precision, undated reports with and without a publication date or
weekday, unknown countries and families, dates at the calendar's ends).
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from warmonitor.link import scoring
from warmonitor.link.assign import _cluster_pool, _relevant_incidents
from warmonitor.link.blocking import (
    Block,
    BlockIndex,
    blocks_compatible,
    candidate_ranges,
    span_class,
)
from warmonitor.link.clustering import cluster
from warmonitor.link.features import _Features
from warmonitor.link.params import (
    DATE_SLACK_DAYS,
    DATE_TOLERANCE_DAYS,
    MIN_PAIR_SCORE,
    UNKNOWN_DATE_WINDOW_DAYS,
    WEIGHTS,
)
from warmonitor.link.scoring import SCORERS, PartnerIndex, may_link, score_features
from warmonitor.records import shift_date

COUNTRIES = ["SY", "IQ", "UA", None, ""]
FAMILIES = ["violence", "violence", "demonstration", "unknown"]
PRECISIONS = ["day", "day", "day", "week", "month", "year", None]
BASE = dt.date(2021, 3, 1)


def _day(rng: random.Random) -> dt.date:
    """Mostly within a few weeks (pairs near the veto bounds), sometimes at the calendar's ends."""
    r = rng.random()
    if r < 0.03:
        return dt.date.min + dt.timedelta(days=rng.randrange(40))
    if r < 0.06:
        return dt.date.max - dt.timedelta(days=rng.randrange(40))
    return BASE + dt.timedelta(days=rng.randrange(-60, 60))


def random_features(rng: random.Random, n: int, prefix: str = "d") -> list[_Features]:
    out = []
    for i in range(n):
        dated = rng.random() < 0.7
        start = _day(rng) if dated else None
        precision = rng.choice(PRECISIONS) if dated else None
        span = {"day": 0, "week": 6, "month": 29, "year": 364}.get(precision or "", 0)
        end = None if start is None else shift_date(start, rng.choice([0, span, span // 2]))
        published = None if dated or rng.random() < 0.15 else _day(rng)
        placed = rng.random() < 0.8
        country = rng.choice(COUNTRIES)
        lat = 33 + rng.random() if placed else None
        lon = 36 + rng.random() if placed else None
        words = frozenset(rng.sample(["market", "convoy", "bridge", "school", "camp"], 3))
        out.append(
            _Features(
                key=f"{prefix}{i:04d}#0",
                document=f"{prefix}{i:04d}" if rng.random() < 0.95 else f"{prefix}0000",
                event_type=rng.choice(["attack", "armed_clash", "peaceful_protest"]),
                acled_type=None,
                acled_sub=None,
                family=rng.choice(FAMILIES),
                start=start,
                end=end,
                precision=precision,
                weekday=rng.randrange(7) if not dated and rng.random() < 0.3 else None,
                lat=lat,
                lon=lon,
                place_precision=rng.choice([1, 2, 3]) if placed else None,
                country=country,
                admin1=f"{country}-{rng.randrange(3)}" if country else None,
                geonames_id=rng.randrange(5) if placed else None,
                place_name=f"town{rng.randrange(5)}" if placed or rng.random() < 0.3 else None,
                fatalities=rng.choice([None, 0, 1, 2, 5]),
                injured=rng.choice([None, 0, 3]),
                names=frozenset(),
                victim_names=frozenset(),
                perpetrators=frozenset(),
                weapons=frozenset(),
                aircraft=frozenset(),
                aircraft_families=frozenset(),
                tokens=words,
                text_tokens=words,
                aggregate=rng.random() < 0.02,
                lower_bound=None if dated or rng.random() < 0.5 else _day(rng),
                published=published,
            )
        )
    return out


# --------------------------------------------------------------------------- the references


def reference_date_part(a: _Features, b: _Features) -> tuple[dict[str, float], str | None]:
    """scoring._date_part as it was before _date_facts (with shift_date)."""

    def window_start(published: dt.date, precision: str | None) -> dt.date:
        days = UNKNOWN_DATE_WINDOW_DAYS + DATE_TOLERANCE_DAYS + DATE_SLACK_DAYS.get(precision, 0)
        return shift_date(published, -days)

    if a.start is None or b.start is None:
        known, unknown = (a, b) if a.start is not None else (b, a)
        x = {"date_unknown": 1.0}
        if known.start is None:
            if a.published and b.published:
                apart = abs((a.published - b.published).days)
                if apart > UNKNOWN_DATE_WINDOW_DAYS + 1 + DATE_TOLERANCE_DAYS:
                    return x, "windows apart"
            return x, None
        if unknown.published is not None and (known.end or known.start) < window_start(
            unknown.published, known.precision
        ):
            return x, "before its window"
        if unknown.weekday is not None and known.precision == "day":
            if known.start.weekday() != unknown.weekday:
                return x, "weekday"
            return x | {"date_weekday_match": 1.0}, None
        if unknown.published is not None:
            if known.start > shift_date(unknown.published, 1):
                return x, "after publication"
            if known.start >= shift_date(unknown.published, -7):
                return x | {"date_undated_recent": 1.0}, None
        if unknown.lower_bound is not None and (known.end or known.start) < unknown.lower_bound:
            if (unknown.lower_bound - (known.end or known.start)).days > 365:
                return x, "document context"
            return x | {"date_before_context": 1.0}, None
        return x, None
    assert a.end is not None and b.end is not None
    gap = max((a.start - b.end).days, (b.start - a.end).days, 0)
    slack = DATE_SLACK_DAYS.get(a.precision, 0) + DATE_SLACK_DAYS.get(b.precision, 0)
    if gap > slack + DATE_TOLERANCE_DAYS:
        return {}, "date"
    if a.precision == "day" and b.precision == "day" and gap >= scoring.DAY_VETO_GAP:
        return {}, "different days"
    unit = max(scoring._UNIT_DAYS.get(a.precision, 30), scoring._UNIT_DAYS.get(b.precision, 30))
    x = {"date_gap_units": min(gap / unit, 3.0)}
    if gap > slack:
        return x | {"date_beyond": 1.0}, None
    if a.precision == "day" and b.precision == "day":
        return x | ({"date_gap0": 1.0} if gap == 0 else {}), None
    return x | {("date_coarse_overlap" if gap == 0 else "date_coarse_apart"): 1.0}, None


def reference_date_points(a: _Features, b: _Features) -> tuple[float, str | None]:
    """scoring._date_points as it was: the first evidence of the table's list that applies."""
    x, veto = reference_date_part(a, b)
    if veto is not None:
        return 0.0, veto
    for evidence, weight in (
        ("date_weekday_match", "weekday_match"),
        ("date_undated_recent", "undated_recent"),
        ("date_before_context", "before_document_context"),
        ("date_beyond", "date_beyond"),
        ("date_gap0", "date_gap0"),
        ("date_coarse_overlap", "date_coarse_overlap"),
    ):
        if evidence in x:
            return WEIGHTS[weight], None
    if a.precision == "day" and b.precision == "day" and "date_gap_units" in x:
        gap = round(x["date_gap_units"])
        return WEIGHTS[("date_gap0", "date_gap1", "date_gap2", "date_gap_more")[min(gap, 3)]], None
    return 0.0, None


def reference_relevant(
    new_feats: Sequence[_Features],
    old: Mapping[str, Sequence[_Features]],
    scored: object = None,
) -> set[str]:
    """assign._relevant_incidents as it was: every frontier report against every candidate
    (``scored`` is left empty, so nothing later reuses a score)."""
    relevant: set[str] = set()
    frontier = list(new_feats)
    while frontier:
        reached: list[_Features] = []
        for inc_id, feats in old.items():
            if inc_id in relevant:
                continue
            if any(
                (ps := score_features(f, g)).linkable and ps.score >= MIN_PAIR_SCORE
                for g in feats
                for f in frontier
            ):
                relevant.add(inc_id)
                reached.extend(feats)
        frontier = reached
    return relevant


def reference_compatible(blocks: Mapping[str, Block], block: Block) -> list[str]:
    """BlockIndex.compatible as it was: every (country, span) row scanned for each range."""
    countries = None if block.country is None else {block.country, None}
    found = set()
    for key, stored in blocks.items():
        if countries is not None and stored.country not in countries:
            continue
        span = span_class(stored)
        for rng in candidate_ranges(block):
            if rng.span != span:
                continue
            if span == -1 or (
                (rng.lo_min is None or stored.date_lo >= rng.lo_min)  # type: ignore[operator]
                and (rng.lo_max is None or stored.date_lo <= rng.lo_max)  # type: ignore[operator]
            ):
                found.add(key)
    return sorted(k for k in found if blocks_compatible(block, blocks[k]))


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("seed", range(3))
def test_date_facts_score_as_the_plain_date_tests(seed: int) -> None:
    rng = random.Random(seed)
    feats = random_features(rng, 220)
    for a in feats:
        for b in feats[:120]:
            assert scoring._date_part(a, b) == reference_date_part(a, b), (a, b)
            assert scoring._date_points(a, b) == reference_date_points(a, b), (a, b)


@pytest.mark.parametrize("scorer_name", ["table", "learned"])
def test_partner_index_leaves_out_only_vetoed_pairs(scorer_name: str) -> None:
    scorer = SCORERS[scorer_name]
    rng = random.Random(11)
    stored = random_features(rng, 300, "s")
    index = PartnerIndex((g.key, g) for g in stored)
    for f in random_features(rng, 150, "q"):
        found = {key for key, _g in index.partners(f)}
        for g in stored:
            linkable = scorer.score(f, g).linkable
            if linkable:
                assert may_link(f, g), (f, g)  # may_link is a necessary condition
            if not may_link(f, g):
                assert not linkable
            if g.key not in found:
                assert not may_link(f, g) and not linkable, (f, g)


@pytest.mark.parametrize("seed", range(4))
def test_pool_clustering_is_cluster(seed: int) -> None:
    rng = random.Random(100 + seed)
    # Dense pools (a few countries, a few weeks) so that many clusters form and merge.
    feats = random_features(rng, 90)
    for name in ("table", "learned"):
        assert _cluster_pool(feats, SCORERS[name]) == cluster(feats, SCORERS[name])


def test_relevance_closure_is_the_plain_one() -> None:
    rng = random.Random(5)
    for trial in range(15):
        old_feats = random_features(rng, 120, f"o{trial}-")
        old: dict[str, list[_Features]] = {}
        for g in old_feats:
            old.setdefault(f"inc{rng.randrange(70)}", []).append(g)
        new = random_features(rng, rng.choice([1, 1, 3]), f"n{trial}-")
        assert _relevant_incidents(new, old) == reference_relevant(new, old)


def test_block_index_by_country_finds_what_the_full_scan_found() -> None:
    rng = random.Random(9)
    index, blocks = BlockIndex(), {}

    def random_block() -> Block:
        if rng.random() < 0.15:
            lo = hi = None
        else:
            lo = _day(rng)
            hi = shift_date(lo, rng.choice([0, 3, 20, 70, 400, 900]))
        return Block(lo, hi, None, None, None, rng.choice(COUNTRIES), rng.choice(FAMILIES))

    for n in range(400):
        blocks[f"k{n:03d}"] = random_block()
        index.add(f"k{n:03d}", blocks[f"k{n:03d}"])
    for _ in range(200):
        probe = random_block()
        assert index.compatible(probe) == reference_compatible(blocks, probe), probe


def test_a_generated_stream_links_as_the_plain_loop() -> None:
    """End to end: the bench's generated archive through MemoryLinker, and the same
    documents with the plain relevance closure and clustering put back."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import bench_link

    from warmonitor.link import MemoryLinker

    assign = importlib.import_module("warmonitor.link.assign")

    stream = list(bench_link.stream_reports(1500, seed=3))
    fast = MemoryLinker()
    fast_results = [fast.add([r], published=p) for r, p, _n in stream]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assign, "_relevant_incidents", reference_relevant)
        patch.setattr(
            assign, "_cluster_pool", lambda feats, scorer, _scored: cluster(feats, scorer)
        )
        plain = MemoryLinker()
        plain_results = [plain.add([r], published=p) for r, p, _n in stream]
    assert fast.clusters() == plain.clusters()
    assert [(r.assignments, r.incidents, r.retired, r.moved, r.scores) for r in fast_results] == [
        (r.assignments, r.incidents, r.retired, r.moved, r.scores) for r in plain_results
    ]
    assert len(fast.changes) == len(plain.changes) > 0
