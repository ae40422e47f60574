"""Fixtures for the notebook tests: a store freshly built by `regionhealth build`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def build_store(target: Path) -> Path:
    """Run `regionhealth build --store target` (the real CLI) and return the store's path."""
    exe = Path(sys.executable).with_name("regionhealth")
    proc = subprocess.run(
        [str(exe), "build", "--store", str(target), "--no-export", "--force"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"regionhealth build failed:\n{proc.stdout}\n{proc.stderr}"
    assert target.is_file()
    return target


@pytest.fixture(scope="session")
def notebook_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per session into a temporary folder, for executing notebooks."""
    return build_store(tmp_path_factory.mktemp("nbstore") / "regionhealth.duckdb")
