"""Shared fixtures: a store freshly built from the committed inputs into a temporary directory."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from regionhealth.store.build import build


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a store built once per test session from data/raw (with its exports beside it)."""
    out = tmp_path_factory.mktemp("store")
    result = build(store=out / "regionhealth.duckdb", export_dir=out / "export", force=True)
    assert result.built
    return result.store


@pytest.fixture()
def con(built_store: Path):
    """A read-only connection to the session's store."""
    with duckdb.connect(str(built_store), read_only=True) as c:
        yield c
