"""Fixtures for the notebook tests: the store the notebooks execute on."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def notebook_store(built_store: Path) -> Path:
    """The session's store (tests/conftest.py): the notebooks only read it."""
    return built_store
