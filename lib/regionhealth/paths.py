"""Where the project's files live: the repository root and its fixed layout."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root: $REGIONHEALTH_HOME, else the checkout this package was installed from."""
    env = os.environ.get("REGIONHEALTH_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


ROOT = project_root()
RAW_DIR = ROOT / "data" / "raw"
CATALOG_DIR = ROOT / "data" / "catalog"
REVIEW_DIR = ROOT / "data" / "review"
CURATED_DIR = ROOT / "data" / "curated"
STORE_PATH = CURATED_DIR / "regionhealth.duckdb"
EXPORT_DIR = CURATED_DIR / "export"
QUERIES_DIR = ROOT / "queries"
NOTEBOOKS_DIR = ROOT / "notebooks"
DOCS_DIR = ROOT / "docs"
