"""The SQL side of a store: tables and views with their comments, columnar inserts, data checks,
and the DuckDB settings every connection of a build uses."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl

from regionhealth import schema
from regionhealth.errors import RegionhealthError
from regionhealth.paths import QUERIES_DIR

_POLARS_TYPES = {
    "VARCHAR": pl.Utf8,
    "INTEGER": pl.Int32,
    "BIGINT": pl.Int64,
    "DOUBLE": pl.Float64,
    "DATE": pl.Date,
    "BOOLEAN": pl.Boolean,
    "TIMESTAMP": pl.Datetime("us"),
}


# DuckDB keeps up to 80% of RAM by default; a build has no use for that much. Measured at 10 000
# documents (docs/benchmarks.md): peak 1.48 GiB → 0.95 GiB with the same wall time.
BUILD_DUCKDB_CONFIG = {"memory_limit": "512MB"}

# The store is written in the oldest storage format every DuckDB client from 1.1.0 on reads, not
# in the newest one of the DuckDB that builds it: a 2.0 file is unreadable by every 1.x client (the
# CLI, R, Java, older Python). v1.1.0 is the oldest that works: DuckDB 1.0 cannot read the primary
# key indexes of a file written by 2.0, even in its own v1.0.0 format (tests/integration/
# test_clients.py opens the store with DuckDB 1.1.0 and with the newest DuckDB CLI).
STORAGE_VERSION = "v1.1.0"
MIN_DUCKDB_VERSION = "1.1.0"
WRITE_DUCKDB_CONFIG = {**BUILD_DUCKDB_CONFIG, "storage_compatibility_version": STORAGE_VERSION}


def _frame(table: schema.Table, rows: list[dict]) -> pl.DataFrame:
    cols = {c.name: _POLARS_TYPES[c.type] for c in table.columns}
    return pl.DataFrame(rows, schema=cols) if rows else pl.DataFrame(schema=cols)


def _sql_literal(s: str) -> str:
    """A SQL string literal for our own static descriptions (COMMENT ON takes no parameters)."""
    return "'" + s.replace("'", "''") + "'"


# View names come from file names and are formatted into CREATE VIEW: only plain identifiers pass.
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def view_files(queries_dir: Path = QUERIES_DIR) -> list[Path]:
    """SQL files defining the researcher-facing views, one view per file named after it."""
    return sorted((queries_dir / "views").glob("*.sql"))


def check_files(queries_dir: Path = QUERIES_DIR) -> list[Path]:
    """SQL data checks: each returns the failing rows, so an empty result is a pass."""
    return sorted((queries_dir / "checks").glob("*.sql"))


def view_description(path: Path) -> str:
    """The first '-- ' comment line of a view file: the view's description."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("--"):
            return line.lstrip("- ").strip()
    return ""


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for t in schema.TABLES:
        con.execute(schema.create_sql(t))
        con.execute(f"COMMENT ON TABLE {t.name} IS {_sql_literal(t.description)}")
        for c in t.columns:
            con.execute(f"COMMENT ON COLUMN {t.name}.{c.name} IS {_sql_literal(c.description)}")


def insert(con: duckdb.DuckDBPyConnection, rows: dict[str, list[dict]]) -> None:
    """Insert rows through Arrow (one columnar batch per table), never row by row."""
    for name, r in rows.items():
        if not r:
            continue
        t = schema.table(name)
        frame = _frame(t, r).sort(list(t.primary_key) or [c.name for c in t.columns])
        con.register("incoming", frame.to_arrow())
        con.execute(f"INSERT INTO {t.name} SELECT * FROM incoming")
        con.unregister("incoming")


def create_views(con: duckdb.DuckDBPyConnection, queries_dir: Path) -> None:
    # Views may build on each other: create them in passes until none is left.
    pending = view_files(queries_dir)
    while pending:
        errors: dict[Path, str] = {}
        for path in pending:
            if not _IDENTIFIER.fullmatch(path.stem):
                raise RegionhealthError(
                    f"{path}: a view file name must be a lowercase SQL identifier"
                )
            sql = path.read_text(encoding="utf-8").strip().rstrip(";")
            try:
                con.execute(f"CREATE VIEW {path.stem} AS {sql}")
            except duckdb.Error as exc:
                errors[path] = str(exc).splitlines()[0]
                continue
            con.execute(f"COMMENT ON VIEW {path.stem} IS {_sql_literal(view_description(path))}")
            described = schema.view(path.stem)
            for c in described.columns if described else ():
                # Names come from schema.py (ours, not user input); a column the view lacks fails.
                con.execute(
                    f"COMMENT ON COLUMN {path.stem}.{c.name} IS {_sql_literal(c.description)}"
                )
        if len(errors) == len(pending):
            path, message = next(iter(errors.items()))
            raise RegionhealthError(f"{path}: view does not build ({message})")
        pending = list(errors)


def run_checks(con: duckdb.DuckDBPyConnection, queries_dir: Path = QUERIES_DIR) -> list[str]:
    """Run every data check; one line per failing check with its first failing rows."""
    failures = []
    for path in check_files(queries_dir):
        try:
            rel = con.execute(path.read_text(encoding="utf-8"))
            bad = rel.fetchall()
        except duckdb.Error as exc:
            raise RegionhealthError(
                f"{path}: check does not run ({str(exc).splitlines()[0]})"
            ) from None
        if bad:
            cols = [d[0] for d in rel.description]
            sample = "; ".join(
                ", ".join(f"{c}={v}" for c, v in zip(cols, row, strict=True)) for row in bad[:3]
            )
            failures.append(f"{path.stem}: {len(bad)} failing row(s): {sample}")
    return failures
