"""Regional targets against the national line outside the store (``regionhealth extract``).

The verdicts come from the store's own view, ``queries/views/target_vs_national.sql``, run over
in-memory tables: one definition of "more ambitious", whether a target is in the store or not.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from regionhealth.catalog.loader import Catalog
from regionhealth.paths import QUERIES_DIR, RAW_DIR, REVIEW_DIR
from regionhealth.store import schema
from regionhealth.store import sql as store_sql
from regionhealth.store.small_tables import small_tables

VIEW = "target_vs_national"
# The lookup views it reads besides the tables, created from the same files as in the store.
LOOKUPS = ("comparator_labels",)


def against_national(
    targets: list[dict],
    catalog: Catalog,
    raw_dir: Path = RAW_DIR,
    review_dir: Path = REVIEW_DIR,
    queries_dir: Path = QUERIES_DIR,
) -> dict[str, dict]:
    """Rows of the target_vs_national view for ``targets`` (store rows), keyed by target_id."""
    small = small_tables(raw_dir, catalog, review_dir)
    rows = {
        "targets": targets,
        "indicators": small["indicators"],
        "reference_targets": small["reference_targets"],
        "units": small["units"],
    }
    with duckdb.connect() as con:
        for name in rows:
            con.execute(schema.create_sql(schema.table(name)))
        store_sql.insert(con, rows)
        for name in LOOKUPS:
            con.execute(f"CREATE VIEW {name} AS {_view_sql(queries_dir, name)}")
        rel = con.sql(_view_sql(queries_dir, VIEW))
        columns = rel.columns
        return {r[0]: dict(zip(columns, r, strict=True)) for r in rel.fetchall()}


def _view_sql(queries_dir: Path, name: str) -> str:
    """The SELECT of view ``name`` (queries/views/<name>.sql)."""
    return (queries_dir / "views" / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")
