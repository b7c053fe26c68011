"""Settings: shipped defaults, config files, --set overrides, and the CLI's info/--version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warmonitor import __version__
from warmonitor.settings import Settings, SettingsError


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warmonitor.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_defaults_come_from_the_shipped_file() -> None:
    settings = Settings.load()
    assert settings.ingest.max_bytes == 5 * 1024 * 1024
    assert settings.extract.extractor == "rules"


def test_config_file_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "wm.toml"
    config.write_text("[link]\ndate_tolerance_days = 2\n[ingest]\nurl_timeout_s = 5\n")
    settings = Settings.load(config, ["link.date_tolerance_days=9"])
    assert settings.link.date_tolerance_days == 9  # the override wins over the file
    assert settings.ingest.url_timeout_s == 5.0


@pytest.mark.parametrize(
    "override", ["link.no_such_key=1", "nosection.key=1", "link.date_tolerance_days=many", "x=1"]
)
def test_bad_overrides_name_the_key(override: str) -> None:
    with pytest.raises(SettingsError) as err:
        Settings.load(overrides=[override])
    assert override.split("=")[0].split(".")[0] in str(err.value)


def test_bad_config_file_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("[link\n")
    result = cli("--config", str(config), "info")
    assert result.returncode == 2
    assert "broken.toml" in result.stderr and "Traceback" not in result.stderr


def test_version_and_info_show_what_is_in_force() -> None:
    assert cli("--version").stdout.strip() == f"warmonitor {__version__}"
    result = cli("--set", "link.date_tolerance_days=3", "info", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["settings"]["link"]["date_tolerance_days"] == 3
    assert set(data["components"]) == {"readers", "exporters", "extractors", "event_types"}
    assert data["versions"]["spacy"].startswith("3.8")
    assert data["versions"]["event-classifier"].startswith("sha256:")


def test_set_reaches_linking_in_a_real_ingest(tmp_path: Path) -> None:
    """`--set link.*` changes how the CLI links, not only what `info` prints."""
    from conftest import SAMPLES

    def incidents(*options: str) -> int:
        db = tmp_path / f"db{len(list(tmp_path.iterdir()))}.sqlite"
        done = cli(*options, "ingest", str(SAMPLES), "--db", str(db), "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["totals"]["incidents"]

    linked = incidents()
    apart = incidents("--set", "link.link_threshold=1000", "--set", "link.min_pair_score=1000")
    assert apart > linked  # nothing can reach those thresholds: every report stands alone
