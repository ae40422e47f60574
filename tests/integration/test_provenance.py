"""The store records its own provenance: build time, code version, DuckDB and every input's checksum."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import duckdb

from regionhealth import __version__
from regionhealth.paths import RAW_DIR, ROOT
from regionhealth.sources.registry import sha256_file
from regionhealth.store.sql import STORAGE_VERSION


def test_build_info_records_time_code_version_and_writer(con):
    row = con.execute(
        "SELECT code_version, built_at, git_commit, duckdb_version, storage_version FROM build_info"
    ).fetchone()
    code_version, built_at, commit, writer, storage = row
    assert code_version == __version__
    now = datetime.now(UTC).replace(tzinfo=None)
    assert now - timedelta(hours=6) < built_at <= now + timedelta(seconds=1)
    assert writer == duckdb.__version__
    assert storage == STORAGE_VERSION
    if (ROOT / ".git").exists():
        assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", commit), commit


def test_build_inputs_lists_every_raw_file_with_its_checksum(con):
    rows = dict(con.execute("SELECT path, sha256 FROM build_inputs").fetchall())
    raw = sorted(p for p in RAW_DIR.iterdir() if p.is_file())
    assert raw
    for path in raw:
        key = path.relative_to(ROOT).as_posix()
        assert rows.get(key) == sha256_file(path), key
    assert any(p.startswith("data/catalog/") for p in rows)
    assert any(p.startswith("queries/views/") for p in rows)
