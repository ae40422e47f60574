"""The inputs of a build (raw documents, catalog, reviews, SQL) and the one hash over them that
says whether a store is up to date."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from regionhealth import __version__
from regionhealth.paths import CATALOG_DIR, QUERIES_DIR, RAW_DIR, REVIEW_DIR


def input_files(
    raw_dir: Path, catalog_dir: Path, queries_dir: Path, review_dir: Path
) -> list[Path]:
    files = sorted(p for p in raw_dir.rglob("*") if p.is_file())  # documents may sit in sub-folders
    files += sorted(p for p in catalog_dir.rglob("*") if p.is_file())
    if review_dir.is_dir():
        files += sorted(p for p in review_dir.rglob("*") if p.is_file())
    files += sorted(p for p in queries_dir.rglob("*.sql") if p.is_file())
    return files


def input_files_with_base(
    raw_dir: Path, catalog_dir: Path, queries_dir: Path, review_dir: Path
) -> list[tuple[Path, Path]]:
    """The input files, each with the input folder it belongs to (for build_inputs paths)."""
    files = input_files(raw_dir, catalog_dir, queries_dir, review_dir)
    bases = (raw_dir, catalog_dir, queries_dir, review_dir)
    return [(f, next(b for b in bases if f.is_relative_to(b))) for f in files]


def inputs_sha256(
    raw_dir: Path = RAW_DIR,
    catalog_dir: Path = CATALOG_DIR,
    queries_dir: Path = QUERIES_DIR,
    review_dir: Path = REVIEW_DIR,
) -> str:
    """One SHA-256 over every input of a build and the code version: unchanged hash, unchanged store."""
    h = hashlib.sha256(f"regionhealth {__version__}\n".encode())
    code_dir = Path(__file__).parents[1]  # the package: every room's modules
    for p in input_files(raw_dir, catalog_dir, queries_dir, review_dir):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    for p in sorted(code_dir.rglob("*.py")):
        h.update(p.relative_to(code_dir).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def stored_inputs_sha256(store: Path) -> str | None:
    """The inputs hash recorded in an existing store, or None if there is no readable store."""
    if not store.exists():
        return None
    try:
        with duckdb.connect(str(store), read_only=True) as con:
            row = con.execute("SELECT inputs_sha256 FROM build_info").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None
