"""bench_link.py --mode memory: its generated stream and the figures it reports."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import bench_link  # noqa: E402


def test_the_stream_is_about_n_reports_in_publication_order() -> None:
    stream = list(bench_link.stream_reports(800, seed=5))
    assert 780 <= len(stream) <= 800
    published = [p for _r, p, _n in stream]
    assert published == sorted(published)
    tellings = Counter(n for _r, _p, n in stream)
    assert set(tellings.values()) <= {1, 2} and 1 in tellings.values() and 2 in tellings.values()
    assert any(r.date.start is None for r, _p, _n in stream)  # undated reports
    assert any(r.location is None for r, _p, _n in stream)  # placeless reports
    assert stream == list(bench_link.stream_reports(800, seed=5))  # one seed, one stream


def test_pairwise_counts_pairs_of_one_event() -> None:
    clusters = {"i1": ["a", "b", "c"], "i2": ["d"]}
    event_of = {"a": 1, "b": 1, "c": 2, "d": 2}
    # linked pairs ab ac bc; of them one event: ab; one-event pairs: ab cd
    assert bench_link.pairwise(clusters, event_of) == (3, 1, 2)


def test_a_small_memory_run_reports_its_figures() -> None:
    r = bench_link.run_memory(600, seed=5, n_recall=3, profile=None)
    assert r["reports"] == len(list(bench_link.stream_reports(600, seed=5)))
    assert 0 < r["incidents"] <= r["reports"]
    assert 0.0 <= r["precision"] <= 1.0 and 0.0 <= r["recall"] <= 1.0
    assert r["lost"] == 0 and r["cpu_s"] > 0 and r["rss_mb"] > 0
    assert r["digest"] == bench_link.run_memory(600, seed=5, n_recall=0, profile=None)["digest"]
