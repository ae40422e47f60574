"""queries/checks/foreign_keys.sql is generated from the foreign keys schema.py declares."""

from __future__ import annotations

import duckdb

from regionhealth.paths import QUERIES_DIR
from regionhealth.store import schema
from regionhealth.store.sql import create_tables, foreign_key_check, insert


def test_foreign_key_check_is_up_to_date():
    on_disk = (QUERIES_DIR / "checks" / "foreign_keys.sql").read_text(encoding="utf-8")
    assert on_disk == foreign_key_check(), (
        "queries/checks/foreign_keys.sql is stale: run `make docs`"
    )


def test_every_declared_foreign_key_is_checked():
    sql = foreign_key_check()
    for t in schema.TABLES:
        for fk in t.foreign_keys:
            assert f"'{t.name}.{fk.columns[0]}' as ref" in sql


def test_a_value_the_referenced_table_lacks_is_a_failing_row_and_null_is_not():
    region = {
        "name_zh": "某县",
        "name_en": "Some county",
        "admin_code": "000000",
        "admin_level": "县",
        "admin_level_en": "county",
        "aliases": None,
    }
    rows = [
        {**region, "region_id": "zhe", "parent_id": None, "province_id": "zhe"},
        {**region, "region_id": "lost", "parent_id": "atlantis", "province_id": "zhe"},
    ]
    with duckdb.connect() as con:
        create_tables(con)
        insert(con, {"regions": rows})
        failing = con.execute(foreign_key_check()).fetchall()
    assert failing == [("regions.parent_id", "lost")]
