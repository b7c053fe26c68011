"""`warmonitor incidents ID --explain` and link.explain_incident (issue 12)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warmonitor.cli import app
from warmonitor.link.explain import explain_incident
from warmonitor.link.model import FEATURE_NAMES
from warmonitor.link.scoring import CONFIGURED_SCORER, SCORERS, TABLE_PARTS
from warmonitor.records import (
    Count,
    DateRange,
    Evidence,
    Place,
    PlaceMention,
    Report,
    report_key,
)

DOCS = [
    {
        "id": "kr-1",
        "title": "Missile hits Kramatorsk restaurant",
        "outlet": "Wire",
        "published": "2023-06-28",
        "text": "A Russian missile struck a restaurant in Kramatorsk, Ukraine, on Tuesday "
        "evening, killing eight people, police said.",
    },
    {
        "id": "kr-2",
        "title": "Kramatorsk toll rises",
        "outlet": "Monitor",
        "published": "2023-06-28",
        "text": "The toll from Tuesday's Russian missile strike on a pizza restaurant in "
        "Kramatorsk, Ukraine, rose to 10 dead, rescuers said.",
    },
]


def _report(doc: str, town: str, lat: float, day: int, killed: int, words: str) -> Report:
    place = Place(town, lat, 37.6, None, "populated_place", "UA", "Donetsk", None, 1, 1.0)
    return Report(
        document_id=doc,
        event_type="attack",
        date=DateRange(dt.date(2023, 6, day), dt.date(2023, 6, day), "day"),
        location=PlaceMention(town, 0, len(town), "event", place),
        fatalities=Count(best=killed),
        evidence=[Evidence("targets", words, 0, len(words), words)],
    )


@pytest.mark.parametrize("scorer_name", ["table", "learned"])
def test_explain_lists_every_pair_with_its_deciding_features(scorer_name: str) -> None:
    scorer = SCORERS[scorer_name]
    a = _report("a", "Kramatorsk", 48.72, 27, 8, "missile struck restaurant crowded evening")
    b = _report("b", "Kramatorsk", 48.72, 27, 10, "missile strike pizza restaurant crowded")
    c = _report("c", "Sloviansk", 48.85, 20, 1, "shelling hit market")
    pairs = explain_incident([a, b, c], scorer=scorer)
    assert [(p["a"], p["b"]) for p in pairs] == [
        (report_key(a), report_key(b)),
        (report_key(a), report_key(c)),
        (report_key(b), report_key(c)),
    ]
    same, far_a, _ = pairs
    assert all(p["scorer"] == scorer_name for p in pairs)
    assert same["veto"] is None and same["meets_threshold"] and same["above_floor"]
    assert same["score"] >= scorer.link_threshold
    names = FEATURE_NAMES if scorer_name == "learned" else TABLE_PARTS
    assert same["deciding"] and all(d["feature"] in names for d in same["deciding"])
    shares = [abs(d["contribution"]) for d in same["deciding"]]
    assert shares == sorted(shares, reverse=True)  # largest contribution first
    assert (same["log_odds"] is not None) == (scorer_name == "learned")
    # a week apart, another town: both scorers veto the pair, and nothing else decides it
    assert not far_a["meets_threshold"]
    assert far_a["veto"] == "different days" and far_a["deciding"] == []


def test_explain_cli_on_a_stored_incident(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in DOCS))
    db = f"sqlite:///{tmp_path / 'x.sqlite'}"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(source), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["incidents", "--db", db, "--format", "json"]).output)[
        "incidents"
    ]
    assert len(listed) == 1, listed  # one event, two tolls: one incident
    inc = listed[0]["id"]
    result = runner.invoke(app, ["incidents", inc, "--explain", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["incident"] == inc and len(out["pairs"]) == 1
    pair = out["pairs"][0]
    assert {pair["a"].split("#")[0], pair["b"].split("#")[0]} == {"kr-1", "kr-2"}
    assert pair["scorer"] == CONFIGURED_SCORER.name and pair["meets_threshold"] and pair["deciding"]
    text = runner.invoke(app, ["incidents", inc, "--explain", "--db", db]).output
    assert inc in text and f"score={pair['score']:.2f}" in text
    assert pair["deciding"][0]["feature"] in text


@pytest.mark.parametrize("args", [["--explain"], ["inc-nosuchid", "--explain"], ["inc-x"]])
def test_explain_cli_bad_input_is_one_line(tmp_path: Path, args: list[str]) -> None:
    from warmonitor.store import Store

    path = tmp_path / "empty.sqlite"
    Store(str(path)).close()
    result = CliRunner().invoke(app, ["incidents", *args, "--db", str(path)])
    assert result.exit_code in (1, 2), result.output
    assert "error:" in result.output and len(result.output.strip().splitlines()) == 1
