"""A tiny in-memory store for the views' tests: the schema's tables, a few rows, every view.

Rows are given per table as dicts; a NOT NULL column left out gets a plain default, so a test
names only the columns its behaviour depends on. Building one takes a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from regionhealth.paths import QUERIES_DIR
from regionhealth.store import schema, sql

_DEFAULTS = {
    "VARCHAR": "",
    "INTEGER": 0,
    "BIGINT": 0,
    "DOUBLE": 0.0,
    "DATE": "2023-01-01",
    "BOOLEAN": False,
    "TIMESTAMP": "2023-01-01 00:00:00",
}
REGION = {
    "region_id": "yueqing",
    "name_zh": "乐清市",
    "name_en": "Yueqing",
    "aliases": "乐清;乐清县",
}
DOCUMENT = {"doc_id": "d", "region_id": "yueqing", "title": "T", "n_chars": 100}
UNITS = [
    {"unit": "count", "dimension": "count", "to_base": 1.0, "symbol": "个"},
    {"unit": "minutes", "dimension": "time", "to_base": 1.0, "symbol": "分钟"},
    {"unit": "percent", "dimension": "ratio", "to_base": 1.0, "symbol": "%"},
]


def target(**kw: Any) -> dict[str, Any]:
    """A targets row of region yueqing, document d: '≥ 12 个' by 2025, stated, committed."""
    row = {
        "target_id": "d:1",
        "doc_id": "d",
        "region_id": "yueqing",
        "comparator": ">=",
        "value": 12.0,
        "unit": "count",
        "target_year": 2025,
        "year_basis": "explicit:到2025年 (sentence)",
        "quote": "q",
        "number_start": 1,
        "target_type": "level",
        "commitment": "committed",
        "is_primary": True,
    }
    row = {**row, **kw}
    return {"statement_id": row["target_id"], **row}


def tiny_store(
    path: Path | None = None, **tables: list[dict[str, Any]]
) -> duckdb.DuckDBPyConnection:
    """A store holding ``tables``' rows (regions, documents and units by default) and every view:
    in memory, or written to ``path`` and opened again read-only, as the build runs its checks."""
    tables = {"regions": [REGION], "documents": [DOCUMENT], "units": UNITS, **tables}
    con = duckdb.connect(str(path) if path else ":memory:")
    sql.create_tables(con)
    for name, rows in tables.items():
        columns = schema.table(name).columns
        for row in rows:
            values = [row.get(c.name, None if c.nullable else _DEFAULTS[c.type]) for c in columns]
            con.execute(f"INSERT INTO {name} VALUES ({', '.join('?' * len(values))})", values)
    sql.create_views(con, QUERIES_DIR)
    if path is None:
        return con
    con.close()
    return duckdb.connect(str(path), read_only=True)


def rows(con: duckdb.DuckDBPyConnection, query: str, *params: Any) -> list[dict[str, Any]]:
    """The rows of ``query`` as dicts."""
    rel = con.execute(query, list(params))
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
