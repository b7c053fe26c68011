"""The evaluation gate: small dev slices scored in CI against pinned floors (trafilatura's eval_gate).

Each check runs one of the eval scripts in a subprocess on a fixed slice of ../shared/data and
reads one figure from its JSON output. A figure below its floor in ``baselines.json`` fails the
gate (exit 1); a figure well above its floor is reported so the floor can be raised. Without
../shared the gate says so and passes (exit 0), like the tests that skip.

Usage (from the repository root):

    python eval/gate.py                 # run every check, compare with the floors
    python eval/gate.py --only gva muc  # some checks
    python eval/gate.py --measure       # print the figures, compare nothing
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL = Path(__file__).resolve().parent
ROOT = EVAL.parent
SHARED_DATA = Path(os.environ.get("WARMONITOR_SHARED", ROOT.parent / "shared")) / "data"
BASELINES = EVAL / "baselines.json"
# A figure this far above its floor is worth a look: the floor may be raised.
RAISE_HINT = 0.03


@dataclass(frozen=True)
class Check:
    name: str
    script: str
    args: tuple[str, ...]
    needs: str  # a folder under ../shared/data ("" for data in the repository)
    read: Callable[[list[dict[str, Any]]], dict[str, float]]  # JSON outputs -> named figures


def _gva(out: list[dict[str, Any]]) -> dict[str, float]:
    acc = out[0]["gva"]["accuracy"]
    return {f"gva.{k}": acc[k] for k in ("date_day", "city", "state", "killed", "injured")}


def _muc(out: list[dict[str, Any]]) -> dict[str, float]:
    muc = out[0]["muc"]
    return {
        "muc.incident_type_f1": muc["incident_type"]["f1"],
        "muc.role_micro_f1": muc["micro"]["f1"],
    }


def _muc_type(out: list[dict[str, Any]]) -> dict[str, float]:
    result = out[0]["with_layer"]
    return {"muc_type.incident_type_f1": result["incident_type"]["f1"]}


def _geo(out: list[dict[str, Any]]) -> dict[str, float]:
    figures: dict[str, float] = {}
    for result in out:
        name = str(result["corpus"]).lower()
        figures[f"geo.{name}.acc161"] = result["acc161_end_to_end"]
        figures[f"geo.{name}.detection_recall"] = result["detection_recall"]
        figures[f"geo.{name}.detection_precision"] = result["detection_precision"]
    return figures


def _link(out: list[dict[str, Any]]) -> dict[str, float]:
    result = out[0]
    clustering, fields = result["clustering"], result["fields"]
    return {
        "link.conll_f1": clustering["conll_f1"]["f1"],
        "link.b3_f1": clustering["b3"]["f1"],
        "link.pairwise_recall": clustering["pairwise"]["recall"],
        "link.date": fields["date"],
        "link.killed": fields["killed"],
    }


def _relevance(out: list[dict[str, Any]]) -> dict[str, float]:
    result = out[0]
    return {
        "relevance.precision": result["relevance_precision"],
        "relevance.recall": result["relevance_recall"],
        "relevance.type_weighted_f1": result["type_weighted_f1_non_events_as_one"],
    }


def _multireport(out: list[dict[str, Any]]) -> dict[str, float]:
    result = out[0]["with_layer"]
    return {
        "multireport.b3_f1": result["b_cubed"]["f1"],
        "multireport.gold_found": result["gold_incidents_found"] / result["gold_incidents"],
    }


def _gvdb(out: list[dict[str, Any]]) -> dict[str, float]:
    gvdb = out[0]["gvdb"]
    return {
        "gvdb.killed": gvdb["accuracy"]["killed"],
        "gvdb.injured": gvdb["accuracy"]["injured"],
        "gvdb.victim_name_f1": gvdb["names"]["victims"]["exact"]["f1"],
        "gvdb.shooter_name_f1": gvdb["names"]["shooters"]["exact"]["f1"],
    }


CHECKS: tuple[Check, ...] = (
    Check("gva", "extract_eval.py", ("--corpus", "gva", "--limit", "200"), "gva-dev", _gva),
    # Roles scored with the learned role layer (warmonitor.roles), whatever the default.
    Check(
        "muc",
        "extract_eval.py",
        ("--corpus", "muc", "--limit", "60", "--roles", "learned"),
        "muc4-dev",
        _muc,
    ),
    # MUC-4 incident types as ingest makes them: the extractor, then the learned layer.
    Check(
        "muc_type",
        "muc_classify_eval.py",
        ("--limit", "60", "--runs", "with_layer"),
        "muc4-dev",
        _muc_type,
    ),
    # Who shot whom, and how many (gvdb-dev is for evaluation only).
    Check("gvdb", "gvdb_eval.py", ("--limit", "150"), "gvdb-dev", _gvdb),
    Check("geo", "geoparse_eval.py", ("--limit", "40"), "geoparsing-dev", _geo),
    Check("link", "link_eval.py", ("--mode", "inprocess", "--limit", "120"), "gva-dev", _link),
    # The learned relevance/type layer on our own held-out split and multi-report corpus
    # (in the repository: they run without ../shared, so "needs" names a folder always there).
    Check("relevance", "relevance_eval.py", (), "", _relevance),
    Check("multireport", "multireport_eval.py", (), "", _multireport),
)


def _json_documents(stdout: str) -> list[dict[str, Any]]:
    """One JSON document (indented) or several (one per line)."""
    text = stdout.strip()
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def run_check(check: Check) -> dict[str, float]:
    command = [sys.executable, str(EVAL / check.script), *check.args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{check.script} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return check.read(_json_documents(done.stdout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="names of the checks to run")
    parser.add_argument("--measure", action="store_true", help="print figures; compare nothing")
    args = parser.parse_args(argv)
    floors: dict[str, float] = json.loads(BASELINES.read_text())["floors"]
    failed = []
    for check in CHECKS:
        if args.only and check.name not in args.only:
            continue
        if check.needs and not (SHARED_DATA / check.needs).is_dir():
            print(f"gate: {check.name}: skipped, no {SHARED_DATA / check.needs}")
            continue
        started = time.perf_counter()
        figures = run_check(check)
        seconds = time.perf_counter() - started
        for name, value in sorted(figures.items()):
            floor = floors.get(name)
            if args.measure or floor is None:
                print(f"gate: {name} = {value:.4f}" + ("" if args.measure else " (no floor)"))
                continue
            verdict = "ok" if value >= floor else "BELOW FLOOR"
            hint = " (above floor: raise it?)" if value >= floor + RAISE_HINT else ""
            print(f"gate: {name} = {value:.4f}, floor {floor:.4f}: {verdict}{hint}")
            if value < floor:
                failed.append(name)
        missing = [n for n in floors if n.startswith(check.name + ".") and n not in figures]
        for name in missing:  # a figure that vanished is a failure, not a pass
            print(f"gate: {name}: not reported by {check.script}: BELOW FLOOR")
            failed.append(name)
        print(f"gate: {check.name} took {seconds:.0f} s")
    if failed:
        print(f"gate: FAILED: {', '.join(failed)}")
        return 1
    print("gate: passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
