"""The evaluation gate fails on a figure below its floor and on a figure that vanished."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gate", REPO / "eval" / "gate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gate"] = module
    spec.loader.exec_module(module)
    script = tmp_path / "fake_eval.py"
    script.write_text("import json; print(json.dumps({'score': 0.70}))\n")
    (tmp_path / "data" / "fake").mkdir(parents=True)
    check = module.Check(
        "fake", str(script), (), "fake", lambda out: {"fake.score": out[0]["score"]}
    )
    monkeypatch.setattr(module, "CHECKS", (check,))
    monkeypatch.setattr(module, "SHARED_DATA", tmp_path / "data")
    monkeypatch.setattr(module, "BASELINES", tmp_path / "baselines.json")
    return module


def _floors(gate, floors: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
    gate.BASELINES.write_text(json.dumps({"floors": floors}))


def test_passes_at_or_above_the_floor(gate) -> None:  # type: ignore[no-untyped-def]
    _floors(gate, {"fake.score": 0.70})
    assert gate.main([]) == 0


def test_fails_below_the_floor(gate, capsys) -> None:  # type: ignore[no-untyped-def]
    _floors(gate, {"fake.score": 0.71})
    assert gate.main([]) == 1
    assert "BELOW FLOOR" in capsys.readouterr().out


def test_a_vanished_figure_fails(gate) -> None:  # type: ignore[no-untyped-def]
    _floors(gate, {"fake.score": 0.5, "fake.other": 0.5})
    assert gate.main([]) == 1


def test_the_shipped_floors_name_only_known_checks() -> None:
    floors = json.loads((REPO / "eval" / "baselines.json").read_text())["floors"]
    known = {"gva", "muc", "muc_type", "geo", "link", "relevance", "multireport", "gvdb"}
    assert floors and all(name.split(".")[0] in known for name in floors)
