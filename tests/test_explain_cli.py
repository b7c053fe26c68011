"""`extract --explain` and `geoparse --explain` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TEXT = (
    "Russia has not agreed to the ceasefire, officials said.\n"
    "Gunmen killed seven people in an attack on a market in Gao, Mali, on Monday.\n"
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_extract_explain_says_why_each_candidate_was_kept_or_dropped(tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    path.write_text(TEXT)
    plain = cli("extract", str(path), "--published", "2024-05-06")
    explained = cli("extract", str(path), "--published", "2024-05-06", "--explain")
    assert plain.returncode == explained.returncode == 0, explained.stderr
    [doc] = json.loads(explained.stdout)
    [report] = doc["reports"]  # the negated agreement is no incident
    assert report["fatalities"]["best"] == 7
    assert report["explanation"]["action"] in {"keep", "retype"}
    assert report["explanation"]["sentences"], "the deciding sentences are listed"
    dropped = [c for c in doc["candidates"] if c["action"] == "drop"]
    assert [c["label"] for c in dropped] == ["negated"]
    assert "explanation" not in json.loads(plain.stdout)[0]["reports"][0]


def test_geoparse_explain_lists_each_span_considered(tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    path.write_text(TEXT)
    result = cli("geoparse", str(path), "--explain")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    considered = {record["text"]: record for record in line["explain"]}
    assert "Gao" in considered and considered["Gao"]["candidates"]
    assert "explain" not in json.loads(cli("geoparse", str(path)).stdout)
