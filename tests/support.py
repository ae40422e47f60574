"""Helpers shared by the reliability suites."""

from __future__ import annotations

import json
import os
from pathlib import Path

from regionhealth.registry import sha256_file


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (the registry's own hash, so tests and build agree)."""
    return sha256_file(path)


def record(suite: str, key: str, value: float) -> None:
    """Append a measured figure to $REGIONHEALTH_RELIABILITY_LOG (docs/reliability.md quotes them)."""
    log = os.environ.get("REGIONHEALTH_RELIABILITY_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"test": suite, "key": key, "value": value}) + "\n")
