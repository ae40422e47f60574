"""Fixtures for the report-set tests: the session's store and one full report run on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from regionhealth import paths
from regionhealth.sources.registry import sha256_file

EXE = Path(sys.executable).with_name("regionhealth")
INJECTION = "x'); DROP TABLE targets; --"
# Runs appended to the committed config: one bad parameter, two injection-shaped values.
BAD_RUNS = f"""
[[report]]
id = "bad-region"
notebook = "06_region_profile"
parameters.region = "atlantis"

[[report]]
id = "bad-injection-regions"
notebook = "02_indicator_comparison"
parameters.indicator_codes = ["emergency_response_time"]
parameters.regions = ["{INJECTION}"]

[[report]]
id = "bad-injection-scope"
notebook = "02_indicator_comparison"
parameters.indicator_codes = ["emergency_response_time"]
parameters.scope = "{INJECTION}"
"""
BAD_IDS = {"bad-region", "bad-injection-regions", "bad-injection-scope"}


def n_targets(store: Path) -> int:
    """Rows in the store's targets table."""
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("select count(*) from targets").fetchone()[0]


def reports_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `regionhealth reports ARGS` as a user would."""
    return subprocess.run(
        [str(EXE), "reports", *args], capture_output=True, text=True, timeout=1800
    )


@pytest.fixture(scope="session")
def report_store(built_store: Path) -> Path:
    """The store the reports run on: the session's store (tests/conftest.py), which they only
    read (the CLI's own build is tested in test_cli.py and test_bad_inputs.py)."""
    return built_store


@pytest.fixture(scope="session")
def full_run(report_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every committed report plus three bad runs, executed once for the session."""
    tmp = tmp_path_factory.mktemp("reports")
    config = tmp / "reports.toml"
    config.write_text((paths.ROOT / "reports.toml").read_text("utf-8") + BAD_RUNS, "utf-8")
    before = (sha256_file(report_store), n_targets(report_store))
    out = tmp / "out"
    proc = reports_cli("--config", str(config), "--out", str(out), "--store", str(report_store))
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return {
        "proc": proc,
        "out": out,
        "store_before": before,
        "manifest": manifest,
        "runs": {r["id"]: r for r in manifest["runs"]},
    }
